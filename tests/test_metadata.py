"""The metadata format at its seam: what `evidence add` writes is what the index reads back."""

from pathlib import Path

import pytest

from reportgen.errors import SourceError
from reportgen.library.folder import Library
from reportgen.library.reading.metadata import REQUIRED_KEYS, meta_path_for, parse_meta, read_sidecar, sidecar_bytes
from reportgen.library.reading.readers import SOURCE_SUFFIXES, STRUCTURED_SUFFIXES


def test_a_written_sidecar_reads_back_as_the_same_metadata(tmp_path):
    meta = {"id": "returnees", "title": "Returnees questioned: “a warning”", "author": "unknown",
            "publisher": "Example NGO", "published": "2024-03", "url": "unknown", "accessed": "2026-01-05",
            "country": ["CN", "HK"], "source_type": "ngo-report", "language": "en",
            "series": "returnees", "edition": "2"}
    sidecar = meta_path_for(tmp_path / "returnees.html")
    sidecar.write_bytes(sidecar_bytes(dict(reversed(list(meta.items())))))
    assert sidecar.name == "returnees.meta.yaml"
    text = sidecar.read_text(encoding="utf-8")
    assert text.startswith("#") and "'unknown'" in text.splitlines()[0]  # says what unknown means
    keys = [line.split(":")[0] for line in text.splitlines() if line and line[0].isalpha()]
    assert keys[:len(REQUIRED_KEYS)] == list(REQUIRED_KEYS)  # the contract's order, whatever was given
    parsed = parse_meta(read_sidecar(sidecar), sidecar, "returnees.html")
    assert (parsed.title, parsed.published, parsed.country, parsed.series, parsed.edition) == (
        meta["title"], "2024-03", ("CN", "HK"), "returnees", "2")


def test_a_sidecar_with_a_misspelt_key_is_named(tmp_path):
    sidecar = tmp_path / "x.meta.yaml"
    sidecar.write_text("id: x\ntitel: X\n", encoding="utf-8")
    with pytest.raises(SourceError, match=r"unknown metadata key 'titel'.*title"):
        parse_meta(read_sidecar(sidecar), sidecar)


def test_every_format_a_reader_knows_is_a_source_the_library_lists(tmp_path):
    assert set(STRUCTURED_SUFFIXES) < set(SOURCE_SUFFIXES)
    library = Library(tmp_path)
    (tmp_path / "sources").mkdir()
    for suffix in SOURCE_SUFFIXES:
        (tmp_path / "sources" / f"s{suffix.strip('.')}{suffix}").write_text("x", encoding="utf-8")
    (tmp_path / "sources" / "notes.rtf").write_text("x", encoding="utf-8")
    listed = {p.suffix for p in library.source_files()}
    assert listed == set(SOURCE_SUFFIXES)
    assert not any(Path(p).suffix == ".rtf" for p in library.source_files())
    from reportgen.library.reading.readers import _read
    for suffix in STRUCTURED_SUFFIXES:  # each listed format has a reader (the dummy files need not parse)
        try:
            _read(tmp_path / "sources" / f"s{suffix.strip('.')}{suffix}", suffix)
        except ValueError as exc:
            assert str(exc) != suffix, f"no reader for {suffix}"
        except Exception:  # noqa: BLE001 - "x" is not a valid document of most formats
            pass


def test_updated_and_symbol_read_back_and_reach_the_index(tmp_path):
    """A sidecar may state `updated` (a 'last modified' date) and `symbol` (a UN document symbol):
    both are read, checked and kept through the index, since the citation prints them."""
    from reportgen.library.indexing.schema import meta_from_json as _meta_from_json
    meta = {"id": "ohchr", "title": "Assessment", "author": "unknown", "publisher": "OHCHR",
            "published": "2022-08-31", "url": "unknown", "accessed": "unknown", "country": ["CN"],
            "source_type": "ngo-report", "language": "en", "updated": "2025-08-12", "symbol": "A/52/826"}
    sidecar = meta_path_for(tmp_path / "ohchr.txt")
    sidecar.write_bytes(sidecar_bytes(meta))
    parsed = parse_meta(read_sidecar(sidecar), sidecar, "ohchr.txt")
    assert (parsed.updated, parsed.symbol) == ("2025-08-12", "A/52/826")
    import json
    assert _meta_from_json(json.dumps({**parsed.to_dict(), "path": parsed.path})) == parsed
    sidecar.write_bytes(sidecar_bytes({**meta, "updated": "last week"}))
    with pytest.raises(SourceError, match=r"updated 'last week' is not a date"):
        parse_meta(read_sidecar(sidecar), sidecar)


def _browser_print(tmp_path: Path, head: tuple[str, str], foot: tuple[str, str]) -> Path:
    """A two-page web page as a browser prints it to PDF: its own head and foot on each page."""
    pytest.importorskip("fpdf")
    from pdfmaker import Pages
    doc = Pages(title="Xinjiang camps: what we know - Example News")
    for n in (1, 2):
        doc.page()
        doc.text(20, 20, head[0].format(n=n), size=8)
        doc.text(330, 20, head[1].format(n=n), size=8)
        doc.column(56, 90, ["Authorities in the region have detained large numbers of people in facilities",
                            "described officially as vocational training centres, according to researchers."])
        doc.text(20, 830, foot[0].format(n=n), size=8)
        doc.text(470, 830, foot[1].format(n=n), size=8)
    return doc.save(tmp_path / "printed.pdf")


URL = "https://news.example.org/world/xinjiang-camps-explained"


@pytest.mark.parametrize("head, foot", [
    (("Xinjiang camps: what we know - Example News", URL), ("{n} of 2", "21/04/2024, 10:15:32")),  # Firefox
    (("Xinjiang camps: what we know", "4/21/24, 10:15 AM"), (URL, "Page {n} of 2")),  # Safari
    (("21/04/2024, 10:15", "Xinjiang camps: what we know"), (URL, "{n}/2")),  # Chrome
])
def test_a_browser_print_gives_the_date_it_was_printed_as_accessed_whichever_browser(run, tmp_path, head, foot):
    """Each browser lays out its print header and footer its own way; the printed date is when
    the page was accessed, and `evidence add` records it, as the citation then gives it."""
    from reportgen.library.reading.readers.pdf import read_pdf
    printed = _browser_print(tmp_path, head, foot)
    meta = read_pdf(printed).meta
    assert (meta.get("accessed"), meta.get("url")) == ("2024-04-21", URL)
    lib = tmp_path / "evidence"
    (lib / "sources").mkdir(parents=True)
    added = run("--evidence", lib, "evidence", "add", printed, "--source-type", "news", "--country", "CN",
                "--publisher", "Example News", "--published", "2024-04-20")
    assert added.code == 0, added.err
    assert read_sidecar(next((lib / "sources").glob("*.meta.yaml")))["accessed"] == "2024-04-21"


def test_the_foot_of_a_report_with_its_address_is_no_browser_print(tmp_path):
    """A publisher's own running foot (its address, a page number) and a date on the page without
    a time of printing: no accessed date, the address read as no print's."""
    from reportgen.library.reading.readers.pdf import read_pdf
    from reportgen.library.reading.readers.printed import browser_print
    meta = read_pdf(_browser_print(tmp_path, ("Example News", "21 April 2024"), (URL, "{n}"))).meta
    assert "accessed" not in meta and meta.get("url") != URL
    assert browser_print(["Example News"], ["1 of 2   21/04/2024, 10:15:32", URL]) == {"accessed": "2024-04-21",
                                                                                      "url": URL}
    assert browser_print(["Example News"], [f"Filed 21/04/2024, 10:15 in court {URL}"]) == {}
