"""The metadata format at its seam: what `evidence add` writes is what the index reads back."""

from pathlib import Path

import pytest

from reportgen.errors import SourceError
from reportgen.library.folder import Library
from reportgen.library.metadata import REQUIRED_KEYS, meta_path_for, parse_meta, read_sidecar, sidecar_bytes
from reportgen.library.readers import SOURCE_SUFFIXES, STRUCTURED_SUFFIXES


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
    from reportgen.library.readers import _read
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
    from reportgen.library.index import _meta_from_json
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
