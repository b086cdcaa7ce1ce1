"""Sources as researchers have them: HTML, PDF and Word files added with `evidence add`."""

import json

import pytest
from fixtures import (
    HTML_PARAGRAPHS,
    PDF_PARAGRAPHS,
    write_blank_pdf,
    write_docx,
    write_html,
    write_pdf,
)

pytest.importorskip("fpdf")


def add(run, library, *args):
    return run("--evidence", library, "evidence", "add", *args)


def shown(run, library, source_id):
    result = run("--evidence", library, "evidence", "show", source_id, "--json")
    assert result.code == 0, result.err
    return result.json()


def listed(run, library):
    return {s["id"]: s for s in run("--evidence", library, "evidence", "list", "--json").json()}


def test_html_main_text_headings_and_metadata(run, library, tmp_path):
    page = write_html(tmp_path / "returnees.html")
    result = add(run, library, page, "--source-type", "news", "--country", "CN")
    assert result.code == 0, result.err
    paragraphs = shown(run, library, "returnees")
    assert [p["text"] for p in paragraphs] == HTML_PARAGRAPHS  # no nav, caption, pitch, footer
    assert paragraphs[1]["heading"] == "Pressure at home"
    meta = listed(run, library)["returnees"]
    assert (meta["title"], meta["author"], meta["publisher"], meta["published"], meta["url"]) == (
        "Returnees Questioned", "Jane Roe", "Example Monitor", "2024-05-03", "https://monitor.example.org/returnees")
    assert meta["accessed"] == "unknown"  # not stated by the page, so not invented
    assert paragraphs[0]["citation"].startswith("Jane Roe (Example Monitor), “Returnees Questioned”, 3 May 2024")


def test_pdf_pages_running_heads_hyphens_and_paragraphs_across_pages(run, library, tmp_path):
    pdf = write_pdf(tmp_path / "returns-2025.pdf")
    result = add(run, library, pdf, "--source-type", "ngo-report", "--country", "CN", "--publisher", "Example Watch")
    assert result.code == 0, result.err
    paragraphs = shown(run, library, "returns-2025")
    got = [(p["locator"], p["text"]) for p in paragraphs]
    assert got == [(f"p. {page}, para {n}", text) for page, n, text in PDF_PARAGRAPHS]
    assert all("Annual Report on Returns" not in p["text"] and "Page " not in p["text"] for p in paragraphs)
    assert paragraphs[0]["heading"] == "1. Detention after return"
    assert paragraphs[1]["citation"].endswith(", p. 1, para 2.")
    meta = listed(run, library)["returns-2025"]
    # the author property names no one the document prints, so it is not trusted (a typesetter?)
    assert meta["title"] == "Annual Report on Returns 2025" and meta["author"] == "unknown"


def test_pdf_without_text_layer_or_encrypted(run, library, tmp_path):
    blank = write_blank_pdf(tmp_path / "scan.pdf")
    result = add(run, library, blank, "--title", "Scan", "--source-type", "other", "--country", "CN")
    assert result.code == 2 and "no text layer" in result.err and "OCR" in result.err
    locked = write_pdf(tmp_path / "locked.pdf", password="secret")
    result = add(run, library, locked, "--title", "Locked", "--source-type", "other", "--country", "CN")
    assert result.code == 2 and "encrypted" in result.err
    assert not (library / "sources" / "scan.pdf").exists() and not (library / "sources" / "locked.pdf").exists()


def test_word_document(run, library, tmp_path):
    word = write_docx(tmp_path / "exit-controls.docx")
    assert add(run, library, word, "--source-type", "academic", "--country", "CN").code == 0
    paragraphs = shown(run, library, "exit-controls")
    assert [p["text"][:30] for p in paragraphs] == ["Passports of people who had cr", "Relatives of activists abroad "]
    assert [p["heading"] for p in paragraphs] == ["Passports", "Travel bans"]
    assert listed(run, library)["exit-controls"]["author"] == "Example Institute"


def test_missing_metadata_lists_what_to_supply(run, library, tmp_path):
    page = write_html(tmp_path / "p.html")
    result = add(run, library, page)
    assert result.code == 2
    assert "does not state source_type, country; supply --source-type ... --country ..." in result.err
    text = tmp_path / "notes.txt"
    text.write_text("Some plain text notes about detention after return, with nothing stated about them.\n")
    result = add(run, library, text, "--country", "CN", "--source-type", "other")
    assert result.code == 2 and "--title" in result.err


def test_import_csl_takes_zotero_metadata(run, library, tmp_path):
    pdf = write_pdf(tmp_path / "returns-2025.pdf", title="", author="")
    assert add(run, library, pdf, "--title", "Draft title", "--source-type", "ngo-report", "--country", "CN").code == 0
    csl = tmp_path / "zotero.json"
    csl.write_text(json.dumps([
        {"id": "x1", "type": "report", "title": "Annual Report on Returns 2025",
         "author": [{"family": "Roe", "given": "Jane"}, {"literal": "Example Watch"}],
         "publisher": "Example Watch", "issued": {"date-parts": [[2025, 3]]},
         "URL": "https://watch.example.org/returns-2025.pdf", "accessed": {"date-parts": [[2026, 11, 2]]},
         "file": "/home/me/Zotero/storage/ABCD/returns-2025.pdf"},
        {"id": "x2", "type": "webpage", "title": "Something not in the library"}]))
    result = run("--evidence", library, "evidence", "import-csl", csl)
    assert result.code == 0 and "updated 1 source(s): returns-2025" in result.out
    assert "Something not in the library" in result.err
    meta = listed(run, library)["returns-2025"]
    assert (meta["title"], meta["author"], meta["published"], meta["url"], meta["accessed"]) == (
        "Annual Report on Returns 2025", "Jane Roe; Example Watch", "2025-03",
        "https://watch.example.org/returns-2025.pdf", "2026-11-02")


def test_only_what_changed_is_reindexed_and_one_bad_file_does_not_stop_the_rest(run, library, tmp_path):
    from reportgen.library.folder import Library
    from reportgen.library.indexing.read import EvidenceIndex
    write_html(tmp_path / "a.html")
    assert add(run, library, tmp_path / "a.html", "--source-type", "news", "--country", "CN").code == 0
    reports = []
    EvidenceIndex.open(Library(library), on_build=reports.append)
    assert reports == []  # nothing changed: nothing rebuilt
    (library / "sources" / "a.meta.yaml").write_text(
        (library / "sources" / "a.meta.yaml").read_text().replace("news", "ngo-report"))
    (library / "sources" / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    (library / "sources" / "broken.meta.yaml").write_text((library / "sources" / "a.meta.yaml").read_text()
                                                          .replace("id: a", "id: broken"))
    EvidenceIndex.open(Library(library), on_build=reports.append)
    (report,) = reports
    assert report.indexed == ["a"] and report.unchanged >= 5
    assert len(report.failures) == 1 and "broken.pdf" in report.failures[0]
    result = run("--evidence", library, "evidence", "index")
    assert result.code == 2 and "broken.pdf" in result.err and "could not be indexed; 0 other(s) were" in result.err
    (library / "sources" / "a.meta.yaml").write_text(
        (library / "sources" / "a.meta.yaml").read_text().replace("ngo-report", "news"))
    partly = run("--evidence", library, "evidence", "index")
    assert partly.code == 1 and "1 source(s) could not be indexed; 1 other(s) were" in partly.err
    assert "a" in listed(run, library)


def test_evidence_add_says_what_it_took_from_where(run, library, tmp_path):
    """Issue 21: the date printed on page 1 becomes `published`, and `evidence add` says which
    values it took from the document and from where."""
    from pdfmaker import Pages
    doc = Pages(title="Returns Monitoring Report")
    doc.page()
    doc.text(56, 80, "Returns Monitoring Report", size=20, bold=True)
    doc.text(56, 110, "31 August 2022", size=11)
    doc.column(56, 150, ["Returnees were held at the airport for questioning on their arrival and several",
                         "were later placed under residential surveillance for months."])
    pdf = doc.save(tmp_path / "returns.pdf")
    result = add(run, library, pdf, "--source-type", "ngo-report", "--country", "CN", "--publisher", "Example Watch")
    assert result.code == 0, result.err
    assert "title (the PDF's properties)" in result.out and "published (printed on page 1)" in result.out
    assert listed(run, library)["returns"]["published"] == "2022-08-31"
