"""The library never loses data: re-adding, replacing and importing change only what the user
asked for, all at once or not at all; ids never collide silently; links out are never followed."""

import errno
import json
import os
import shutil

import pytest
from conftest import SHIPPED
from fixtures import write_html, write_pdf

pytest.importorskip("fpdf")


def add(run, library, *args):
    return run("--evidence", library, "evidence", "add", *args)


def snapshot(library):
    """Every file of the library's sources folder, links as links, with its bytes."""
    out = {}
    for p in sorted((library / "sources").iterdir()):
        out[p.name] = os.readlink(p) if p.is_symlink() else p.read_bytes()
    return out


def listed(run, library):
    return {s["id"]: s for s in run("--evidence", library, "evidence", "list", "--json").json()}


@pytest.fixture
def page(run, library, tmp_path):
    """An HTML source added with metadata the document does not state."""
    html = write_html(tmp_path / "returnees.html")
    result = add(run, library, html, "--source-type", "news", "--country", "CN", "--publisher", "Example Monitor",
                 "--accessed", "2026-11-02")
    assert result.code == 0, result.err
    return html


def test_re_adding_without_force_changes_nothing(run, library, page):
    before = snapshot(library)
    for again in (page, library / "sources" / "returnees.html"):  # a copy outside, or the library's own file
        result = add(run, library, again, "--source-type", "news", "--country", "CN")
        assert result.code == 2 and "already in the library" in result.err
        assert "added" not in result.out
        assert snapshot(library) == before


def test_force_keeps_what_the_user_did_not_override(run, library, page):
    result = add(run, library, page, "--force", "--published", "2024-05-04")
    assert result.code == 0, result.err
    meta = listed(run, library)["returnees"]
    assert (meta["publisher"], meta["accessed"], meta["source_type"], meta["country"]) == (
        "Example Monitor", "2026-11-02", "news", ["CN"])
    assert meta["published"] == "2024-05-04"


def test_force_keeps_the_series_and_edition(run, library, page):
    sidecar = library / "sources" / "returnees.meta.yaml"
    sidecar.write_text(sidecar.read_text() + "series: example-monitor-returns\nedition: '2024'\n")
    assert add(run, library, page, "--force", "--published", "2024-05-04").code == 0
    meta = listed(run, library)["returnees"]
    assert (meta["series"], meta["edition"]) == ("example-monitor-returns", "2024")


def test_markdown_front_matter_is_read_as_a_sidecar_is(run, library, tmp_path):
    body = "\n\nPolice questioned the relatives of activists abroad several times last year.\n"
    aliases = tmp_path / "aliases.md"
    aliases.write_text("---\na: &x [1, 2]\ntitle: *x\n---" + body)
    result = add(run, library, aliases, "--source-type", "news", "--country", "CN")
    assert result.code == 2 and "aliases" in result.err and "Traceback" not in result.err
    bad_date = tmp_path / "bad-date.md"
    bad_date.write_text("---\ntitle: T\npublished: 2020-13-45\n---" + body)
    result = add(run, library, bad_date, "--source-type", "news", "--country", "CN")
    assert result.code == 2 and "2020-13-45" in result.err and "Traceback" not in result.err


def test_replacing_a_source_by_another_format_cites_the_new_text(run, library, page, tmp_path):
    pdf = write_pdf(tmp_path / "new.pdf")
    result = add(run, library, pdf, "--id", "returnees", "--force")
    assert result.code == 0, result.err
    names = [p.name for p in (library / "sources").glob("returnees.*")]
    assert sorted(names) == ["returnees.meta.yaml", "returnees.pdf"]
    shown = run("--evidence", library, "evidence", "show", "returnees", "--json").json()
    assert any("Returnees who had sought asylum abroad" in p["text"] for p in shown)
    assert listed(run, library)["returnees"]["publisher"] == "Example Monitor"  # kept: not overridden


def test_a_full_disk_during_replace_leaves_the_library_as_it_was(run, library, page, tmp_path, monkeypatch):
    before = snapshot(library)
    pdf = write_pdf(tmp_path / "new.pdf")
    import shutil

    def full(src, dst, length=0):
        dst.write(src.read(100))
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(shutil, "copyfileobj", full)
    result = add(run, library, pdf, "--id", "returnees", "--force", "--title", "New title")
    assert result.code == 2 and "No space left on device" in result.err and "free some disk space" in result.err
    assert snapshot(library) == before
    assert not [p for p in (library / "sources").iterdir() if p.name.endswith(".tmp")]


def test_two_files_with_one_id_in_one_add_are_refused(run, library, tmp_path):
    before = snapshot(library)
    for a, b in (("报告.html", "文件.html"), ("Report A.html", "report-a.html")):
        write_html(tmp_path / a)
        write_html(tmp_path / b)
        result = add(run, library, tmp_path / a, tmp_path / b, "--source-type", "news", "--country", "CN")
        assert result.code == 2 and a in result.err and b in result.err and "--id" in result.err
        assert snapshot(library) == before


def test_links_out_of_the_library_are_never_followed(run, library, tmp_path, page):
    outside = tmp_path / "outside"
    outside.mkdir()
    secret = outside / "private-notes.txt"
    secret.write_text("Private notes about a client that must never be indexed or shown as evidence.\n")
    (outside / "private-notes.meta.yaml").write_text(
        (library / "sources" / "returnees.meta.yaml").read_text().replace("id: returnees", "id: private-notes"))
    (library / "sources" / "private-notes.txt").symlink_to(secret)
    (library / "sources" / "private-notes.meta.yaml").symlink_to(outside / "private-notes.meta.yaml")
    result = run("--evidence", library, "evidence", "index")
    assert "private-notes.txt: a link to a file outside the library; not followed" in result.err
    assert "private-notes" not in listed(run, library)
    text = tmp_path / "private-notes.txt"
    text.write_text("Police questioned the relatives of activists abroad several times in the last year.\n")
    result = add(run, library, text, "--force", "--title", "Notes", "--source-type", "other", "--country", "CN")
    assert result.code == 0, result.err
    assert secret.read_text().startswith("Private notes")  # the outside file is untouched
    assert not (library / "sources" / "private-notes.txt").is_symlink()


def test_add_never_says_added_for_a_file_that_indexes_nothing(run, library, tmp_path):
    html = tmp_path / "menu.html"
    html.write_text("<html><head><title>Menu</title></head><body><h1>Menu</h1><nav><a href='/'>Home</a></nav>"
                    "<p>Subscribe</p></body></html>")
    result = add(run, library, html, "--title", "Menu", "--source-type", "other", "--country", "CN")
    assert result.code == 2 and "added" not in result.out
    assert "menu.html" in result.err and ("empty" in result.err or "no evidence paragraphs" in result.err)
    assert not (library / "sources" / "menu.html").exists()


def test_import_csl_is_all_or_nothing_and_names_the_bad_item(run, library, page, tmp_path):
    before = snapshot(library)
    csl = tmp_path / "zotero.json"
    csl.write_text(json.dumps([
        {"id": "a", "title": "Returnees Questioned", "publisher": "A New Publisher"},
        {"id": "b", "title": "Returnees Questioned", "issued": {"date-parts": [[2024, 13, 45]]}}]))
    result = run("--evidence", library, "evidence", "import-csl", csl)
    assert result.code == 2 and "item 2" in result.err and "nothing was imported" in result.err
    assert snapshot(library) == before
    csl.write_text("[" * 100_000 + "]" * 100_000)
    result = run("--evidence", library, "evidence", "import-csl", csl)
    assert result.code == 2 and "nested too deeply" in result.err
    assert snapshot(library) == before


def test_editions_are_added_with_their_series_and_edition(run, tmp_path):
    """Two State Department editions from the real corpus, added as a librarian would: the
    sidecars record the series (what edition folding in match goes by); an edition names one file."""
    from corpus import corpus_file
    lib = tmp_path / "lib"
    (lib / "sources").mkdir(parents=True)
    shutil.copytree(SHIPPED / "taxonomies", lib / "taxonomies")
    for year in ("2023", "2024"):
        page = corpus_file(f"usdos-china-{year}.html")
        result = run("--evidence", lib, "evidence", "add", page, "--source-type", "government", "--country", "CN",
                     "--series", "usdos-china", "--edition", year)
        assert result.code == 0, result.err
    listed = {s["id"]: s for s in run("--evidence", lib, "evidence", "list", "--json").json()}
    assert {(s["series"], s["edition"]) for s in listed.values()} == {("usdos-china", "2023"), ("usdos-china", "2024")}
    both = run("--evidence", lib, "evidence", "add", corpus_file("usdos-china-2023.html"),
               corpus_file("usdos-china-2024.html"), "--edition", "2025", "--force")
    assert both.code == 2 and "--edition describe one source" in both.err
