"""The index keeps each taxonomy file as its build parsed it (in a bounded worker process), so
that a draft need not start a worker to parse it again; only a file with the same bytes is
taken from it."""

import sqlite3

from reportgen import limits
from reportgen.errors import TaxonomyError
from reportgen.library.indexing.taxonomy import load_taxonomy, parsed_before
from reportgen.workspace import Workspace
from reportgen.yamlio import load_yaml_file


def test_the_index_gives_the_taxonomy_as_parsing_the_file_gives_it(library):
    index = library / ".reportgen-index.sqlite"
    for path in sorted((library / "taxonomies").glob("*.yaml")):
        kept = parsed_before(index, path)
        assert kept is not None and kept == load_yaml_file(path, TaxonomyError, "taxonomy")
        assert load_taxonomy(path, kept) == load_taxonomy(path)


def test_a_draft_takes_the_taxonomy_from_the_index_without_a_worker(library, monkeypatch):
    def no_worker(*args, **kwargs):
        raise AssertionError("a worker was started")
    monkeypatch.setattr(limits, "bounded", no_worker)
    ws = Workspace(evidence=str(library))
    assert ws.taxonomy("CN").factors


def test_a_changed_file_or_an_index_without_it_is_parsed_again(library):
    index = library / ".reportgen-index.sqlite"
    path = library / "taxonomies" / "CN.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert parsed_before(index, path) is None
    assert parsed_before(library / "no-index.sqlite", path) is None
    with sqlite3.connect(index) as conn:
        conn.execute("DELETE FROM info WHERE key = 'taxonomies'")
    assert parsed_before(index, library / "taxonomies" / "RU.yaml") is None
