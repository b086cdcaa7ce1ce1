"""The index rebuilds itself when the library changes, and bad input never leaves it half-built."""

import sqlite3

from reportgen.library.folder import Library
from reportgen.library.indexing.read import EvidenceIndex

NEW_META = """id: {id}
title: A Test Source
author: unknown
publisher: Test Publisher
published: {published}
url: unknown
accessed: 2026-11-01
country: [CN]
source_type: ngo-report
language: en
"""
NEW_TEXT = "Test Heading\nRelatives of activists abroad were questioned by police in their home towns last year.\n"


def add_source(library, name="test-source", published="2025-05-01", text=NEW_TEXT, sid=None):
    (library / "sources" / f"{name}.txt").write_text(text, encoding="utf-8")
    (library / "sources" / f"{name}.meta.yaml").write_text(NEW_META.format(id=sid or name, published=published))


def index_rows(library):
    with sqlite3.connect(library / ".reportgen-index.sqlite") as conn:
        return conn.execute("SELECT count(*) FROM paragraphs").fetchone()[0]


def test_index_builds_and_is_reused(run, library):
    assert run("--evidence", library, "evidence", "index").code == 0
    listed = run("--evidence", library, "evidence", "list", "--json").json()
    assert index_rows(library) == sum(s["paragraphs"] for s in listed) > 0
    again = run("--evidence", library, "evidence", "index")
    assert "up to date" in again.out


def test_a_changed_source_is_reindexed_without_asking(run, library):
    run("--evidence", library, "evidence", "index")
    add_source(library)
    shown = run("--evidence", library, "evidence", "show", "test-source", "--json").json()
    assert [p["text"] for p in shown] == [NEW_TEXT.split("\n")[1]]
    assert shown[0]["locator"] == "para 1"
    # metadata change alone is picked up too
    meta = library / "sources" / "test-source.meta.yaml"
    meta.write_text(meta.read_text().replace("A Test Source", "A Renamed Source"))
    listed = {s["id"]: s for s in run("--evidence", library, "evidence", "list", "--json").json()}
    assert listed["test-source"]["title"] == "A Renamed Source"
    # and a removed source disappears
    (library / "sources" / "test-source.txt").unlink()
    listed = {s["id"] for s in run("--evidence", library, "evidence", "list", "--json").json()}
    assert "test-source" not in listed


def check_bad_input(run, library, expected: str):
    before = index_rows(library)
    result = run("--evidence", library, "evidence", "index")
    assert result.code == 2, result.err
    assert expected in result.err
    assert "Traceback" not in result.err
    assert index_rows(library) == before, "the previous index must be left intact"


def test_bad_date_names_file_and_problem(run, library):
    run("--evidence", library, "evidence", "index")
    add_source(library, published="27 May")
    check_bad_input(run, library, "test-source.meta.yaml: published '27 May' is not a date")


def test_missing_metadata_key(run, library):
    run("--evidence", library, "evidence", "index")
    add_source(library)
    meta = library / "sources" / "test-source.meta.yaml"
    meta.write_text(meta.read_text().replace("publisher: Test Publisher\n", ""))
    check_bad_input(run, library, "metadata is missing publisher")


def test_empty_and_binary_sources(run, library):
    run("--evidence", library, "evidence", "index")
    add_source(library, text="   \n\n")
    check_bad_input(run, library, "test-source.txt: source is empty")
    (library / "sources" / "test-source.txt").write_bytes(b"PK\x03\x04\x00\x00binary")
    check_bad_input(run, library, "looks binary")
    (library / "sources" / "test-source.txt").write_bytes(b"caf\xe9 latin-1 text")
    check_bad_input(run, library, "not UTF-8")


def test_two_sources_with_one_id(run, library):
    run("--evidence", library, "evidence", "index")
    add_source(library, name="copy-one", sid="forced-returns-10000")
    check_bad_input(run, library, "source id 'forced-returns-10000' is already used")


def test_no_metadata_at_all(run, library):
    run("--evidence", library, "evidence", "index")
    (library / "sources" / "orphan.txt").write_text(NEW_TEXT)
    check_bad_input(run, library, "orphan.txt: no citation metadata")


def test_front_matter_metadata_is_accepted(run, library):
    text = "---\n" + NEW_META.format(id="front", published="unknown") + "---\n" + NEW_TEXT
    (library / "sources" / "front.txt").write_text(text)
    shown = run("--evidence", library, "evidence", "show", "front", "--json").json()
    assert shown[0]["text"].startswith("Relatives of activists")
    index = EvidenceIndex.open(Library(library))
    assert index.paragraph(shown[0]["id"]).line == 14  # line numbers stay true to the file


def test_unknown_library_folder(run, tmp_path):
    result = run("--evidence", tmp_path / "nowhere", "evidence", "list")
    assert result.code == 2 and "evidence library folder not found" in result.err


def test_a_text_file_with_front_matter_is_added_with_it_and_cited_as_added(run, library, tmp_path):
    """evidence add reads a text file's front matter as Markdown's is read; once it has written the
    sidecar (with the user's flags), the sidecar is what the index cites, not the front matter."""
    page = tmp_path / "front-added.txt"
    page.write_text("---\n" + NEW_META.format(id="front-added", published="unknown") + "---\n" + NEW_TEXT)
    result = run("--evidence", library, "evidence", "add", page, "--title", "Retitled by the librarian")
    assert result.code == 0, result.err
    assert "from the document:" in result.out and "source_type" in result.out  # what the front matter gave
    listed = {s["id"]: s for s in run("--evidence", library, "evidence", "list", "--json").json()}
    assert listed["front-added"]["title"] == "Retitled by the librarian"
    assert listed["front-added"]["source_type"] == "ngo-report"
    shown = run("--evidence", library, "evidence", "show", "front-added", "--json").json()
    assert [p["text"] for p in shown] == [NEW_TEXT.splitlines()[1]]  # the YAML is not evidence


def test_an_open_index_never_quotes_text_another_command_has_since_replaced(library):
    """Paragraphs read once are kept for the run; when another command changes the index in place
    (a re-index reuses rowids), the next read returns what the index now holds."""
    index = EvidenceIndex.open(Library(library))
    first = index.top_tagged("family-in-country", "CN", 1)[0]
    assert index.top_tagged("family-in-country", "CN", 1)[0].paragraph.text == first.paragraph.text
    with sqlite3.connect(library / ".reportgen-index.sqlite") as other:
        other.execute("UPDATE paragraphs SET text = 'Replaced since.' WHERE id = ?", (first.paragraph.id,))
    assert index.top_tagged("family-in-country", "CN", 1)[0].paragraph.text == "Replaced since."
    index.close()


def test_a_first_build_shows_progress_to_its_last_step(library):
    """The progress line counts the files, then the tags and rankings that follow them."""
    shown = []
    EvidenceIndex.open(Library(library), rebuild=True, progress=lambda n, total, name: shown.append((n, total, name))).close()
    files = [s for s in shown if s[2] != "tags and rankings"]
    last = [s for s in shown if s[2] == "tags and rankings"]
    assert files and files[-1][0] == files[-1][1] and shown.index(files[-1]) < shown.index(last[0])
    assert last[-1][0] == last[-1][1] == len(last)
