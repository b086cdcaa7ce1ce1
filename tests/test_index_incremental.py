"""A re-index after a change gives what a rebuild gives: the same paragraphs and tags (tagging
asks its hints of the new rows alone), and description rankings scored as FTS5's bm25() does."""

import sqlite3

from test_index import add_source

from reportgen.library.indexing.bm25 import score_new
from reportgen.library.indexing.rankings import fresh_fts

ADDED = ("Police Pressure\nThe police detained the activist and state security threatened his family after he "
         "criticised the Communist Party online.\nHis relatives in Guangdong were questioned about his "
         "political activities abroad and told to make him stop.\n")


def dump(library):
    with sqlite3.connect(library / ".reportgen-index.sqlite") as conn:
        tags = conn.execute("SELECT p.id, t.factor, t.weight, t.hints FROM tags t "
                            "JOIN paragraphs p ON p.rowid = t.paragraph ORDER BY 1, 2").fetchall()
        paragraphs = conn.execute("SELECT id, heading, text, attributed_to, stance, factors, notes "
                                  "FROM paragraphs ORDER BY id").fetchall()
        described = conn.execute("SELECT d.country, d.query, p.id FROM described d "
                                 "JOIN paragraphs p ON p.rowid = d.paragraph ORDER BY 1, 2, 3").fetchall()
        # a ranked row carries its paragraph's id and stance (read without a join): never another's
        stale = conn.execute("SELECT count(*) FROM described d LEFT JOIN paragraphs p ON p.rowid = d.paragraph "
                             "WHERE p.id IS NULL OR d.id IS NOT p.id OR d.stance IS NOT p.stance").fetchone()[0]
    assert stale == 0
    return tags, paragraphs, described


def test_reindex_after_a_change_equals_a_rebuild(run, library):
    run("--evidence", library, "evidence", "index")
    add_source(library, text=ADDED)
    assert run("--evidence", library, "evidence", "index").code == 0
    tags, paragraphs, described = dump(library)
    assert any(pid.startswith("test-source:") for pid, *_ in tags)
    assert any(pid.startswith("test-source:") for *_, pid in described)
    assert run("--evidence", library, "evidence", "index", "--rebuild").code == 0
    again = dump(library)
    assert (tags, paragraphs) == again[:2]
    # rankings may differ only where document frequencies drifted: the new source is ranked in both
    assert {d for d in described if d[2].startswith("test-source:")} == \
           {d for d in again[2] if d[2].startswith("test-source:")}


def test_new_rows_are_scored_as_fts5_bm25_scores_them(run, library):
    run("--evidence", library, "evidence", "index")
    conn = sqlite3.connect(library / ".reportgen-index.sqlite")
    after = conn.execute("SELECT max(rowid) / 2 FROM paragraphs").fetchone()[0]
    fresh_fts(conn, after)
    queries = conn.execute("SELECT country, query, stats FROM described_queries").fetchall()
    matches = dict(((c, q), m) for c, q, m in conn.execute("SELECT country, query, match FROM described_queries"))
    assert queries
    compared = 0
    for country, key, scores in score_new(conn, queries):
        real = dict(conn.execute("SELECT rowid, -bm25(paragraphs_fts, 1.0, 0.5) FROM paragraphs_fts "
                                 "WHERE paragraphs_fts MATCH ? AND rowid > ?", (matches[(country, key)], after)))
        assert set(real) == set(scores)
        for rowid, score in real.items():
            assert abs(scores[rowid] - score) < 1e-9
            compared += 1
    assert compared > 0


def test_evidence_add_reads_each_file_once(run, library, tmp_path, monkeypatch):
    from fixtures import HTML_PARAGRAPHS, write_html

    from reportgen.library.reading import sources
    log = tmp_path / "reads.log"  # the parse runs in a worker process: it leaves its mark in a file

    def counted(path, real=sources.read_structured):
        with open(log, "a", encoding="utf-8") as fh:
            fh.write(path.name + "\n")
        return real(path)
    monkeypatch.setattr(sources, "read_structured", counted)
    page = write_html(tmp_path / "returnees.html")
    result = run("--evidence", library, "evidence", "add", page, "--source-type", "news", "--country", "CN")
    assert result.code == 0, result.err
    reads = log.read_text(encoding="utf-8").split()
    assert reads == ["returnees.html"]  # read to check it; the index segments what was read
    shown = run("--evidence", library, "evidence", "show", "returnees", "--json").json()
    assert [p["text"] for p in shown] == HTML_PARAGRAPHS
    # what the add indexed is what a rebuild, reading the file in the library, indexes
    before = dump(library)
    assert run("--evidence", library, "evidence", "index", "--rebuild").code == 0
    assert dump(library)[:2] == before[:2]


def test_evidence_add_segments_each_file_once(run, library, tmp_path, monkeypatch):
    from fixtures import write_html

    from reportgen.library.segmenting import paragraphs
    segmented = []
    real = paragraphs.segment
    monkeypatch.setattr(paragraphs, "segment", lambda document: segmented.append(document.meta.id) or real(document))
    page = write_html(tmp_path / "returnees.html")
    text = tmp_path / "pressure.txt"
    text.write_text(ADDED, encoding="utf-8")
    for path, title in ((page, []), (text, ["--title", "Police pressure"])):
        result = run("--evidence", library, "evidence", "add", path, "--source-type", "news", "--country", "CN",
                     *title)
        assert result.code == 0, result.err
    assert segmented == ["returnees", "pressure"]  # checked by the add, indexed as they were checked
    before = dump(library)
    assert any(pid.startswith("pressure:") for pid, *_ in before[1])
    assert run("--evidence", library, "evidence", "index", "--rebuild").code == 0
    assert dump(library)[:2] == before[:2]


def test_a_library_that_grows_from_empty_has_its_descriptions_ranked(run, library):
    for f in (library / "sources").iterdir():
        f.unlink()
    assert run("--evidence", library, "evidence", "index").code == 0
    add_source(library, text=ADDED)
    assert run("--evidence", library, "evidence", "index").code == 0
    grown = dump(library)[2]
    assert any(pid.startswith("test-source:") for *_, pid in grown)
    assert run("--evidence", library, "evidence", "index", "--rebuild").code == 0
    assert dump(library)[2] == grown  # ranked afresh on growing: as a rebuild ranks it


def test_a_build_with_workers_tags_and_ranks_as_one_process_does(run, library, monkeypatch):
    """Twenty sources: the first build reads them, tags them and ranks the descriptions in worker
    processes (the tags and rankings written as the results come back), tagging a chunk of
    paragraphs at a time; one process alone, in one chunk, must write the same rows."""
    from reportgen.library.indexing import tagging, workers
    seeds = sorted((library / "sources").glob("*.txt"))
    for n in range(20):
        text = seeds[n % len(seeds)].read_text(encoding="utf-8") + f"\nCopy {n}.\n"
        add_source(library, name=f"copy-{n:02d}", text=text)
    pool = workers.pool
    monkeypatch.setattr(workers, "pool", lambda files: None)
    assert run("--evidence", library, "evidence", "index", "--rebuild").code == 0
    alone = dump(library)
    assert any(pid.startswith("copy-19:") for pid, *_ in alone[0])  # the copies were tagged
    monkeypatch.setattr(workers, "pool", pool)
    monkeypatch.setattr(workers.os, "cpu_count", lambda: 2)  # workers, even on a one-core machine
    monkeypatch.setattr(tagging, "CHUNK", 97)  # many chunks, each a task
    assert run("--evidence", library, "evidence", "index", "--rebuild").code == 0
    assert dump(library) == alone
