"""A ranking asked first at the depth it would be asked again at, when other countries crowd the
top (rankings.top_rows, crowded): the answer is the one asking in turn gives, because the deeper
answer is kept only where it proves the shallower one would have been asked again; a tie at the
edge, where the shallower answer may hold any of the tied rows, is no proof."""

import sqlite3

from conftest import EXAMPLES

from reportgen.library.indexing.rankings import (
    DESCRIBED_DEPTH,
    POSTINGS,
    QUERY_TERMS,
    _short_at,
    _top,
    country_rows,
    doc_count,
    rarest_match,
    top_rows,
)
from reportgen.library.indexing.taxonomy import described
from reportgen.workspace import Workspace


def test_asking_deeper_first_gives_the_answer_asking_in_turn_gives(indexed_library):
    conn = sqlite3.connect(indexed_library / ".reportgen-index.sqlite")
    ws = Workspace(evidence=str(indexed_library))
    queries = []
    for country in ("CN", "RU"):
        taxonomy = ws.taxonomy(country)
        queries += [(country, described(entry)) for entry in (*taxonomy.factors, *taxonomy.topics)]
    for case_file in sorted(EXAMPLES.glob("*.yaml")):
        case = ws.load_case(case_file)
        queries += [(case.applicant.country, f.facts) for f in case.risk_factors if f.facts.strip()]
    proven = 0
    for country, query in queries:
        match = rarest_match(query, lambda w: doc_count(conn, w), QUERY_TERMS, POSTINGS)
        if not match:
            continue
        ours = country_rows(conn, country)
        in_turn = top_rows(conn, match, ours, DESCRIBED_DEPTH)
        assert top_rows(conn, match, ours, DESCRIBED_DEPTH, crowded=True) == in_turn, query
        proven += _short_at(_top(conn, match, 4 * DESCRIBED_DEPTH, ours), DESCRIBED_DEPTH, DESCRIBED_DEPTH,
                            4 * DESCRIBED_DEPTH)
    assert len(queries) > 50 and proven >= 5  # the deeper answer was used, not only refused


def test_a_tie_at_the_edge_is_no_proof():
    # (rowid, rank: lower is better, the country or None); the answer at depth 3 must hold 3 of ours
    other_above = [(1, -5.0, "CN"), (2, -4.0, None), (3, -3.0, "CN"), (4, -3.0, "CN"), (5, -2.0, "CN")]
    assert _short_at(other_above, 3, 3, 8)  # row 2 is in any answer at depth 3: at most two of ours
    other_tied = [(1, -5.0, "CN"), (2, -3.0, None), (3, -3.0, "CN"), (4, -3.0, "CN"), (5, -1.0, None)]
    assert not _short_at(other_tied, 3, 3, 8)  # the answer may be rows 1, 3 and 4: all ours
    past_the_end = [(1, -5.0, "CN"), (2, -3.0, None), (3, -3.0, None), (4, -3.0, None)]
    assert not _short_at(past_the_end, 2, 2, 4)  # rows tied beyond the four asked may be ours
    assert _short_at(past_the_end, 2, 3, 4)  # but two places cannot hold three
    assert not _short_at(other_above[:2], 3, 1, 8)  # fewer matches than the depth: answered at once


def test_a_countrys_rows_are_its_sources_paragraphs(library, run):
    """country_rows tells a country's paragraphs from their rowids alone (each source's run of
    rowids): after sources are added, changed and removed, it marks exactly the rows a join with
    the sources' countries finds, and a ranking keeps exactly the country's rows."""
    from test_index import add_source
    run("--evidence", library, "evidence", "index")
    add_source(library)
    (library / "sources" / "usdos-china-2017.html").unlink()
    meta = library / "sources" / "usdos-china-2019.meta.yaml"
    meta.write_text(meta.read_text().replace("country: [CN, HK, MO]", "country: [CN, RU]"))
    assert run("--evidence", library, "evidence", "index").code == 0
    conn = sqlite3.connect(library / ".reportgen-index.sqlite")
    for country in ("CN", "RU", "HK", "ZZ"):
        joined = {r for r, in conn.execute("SELECT p.rowid FROM paragraphs p JOIN source_country c "
                                           "ON c.source_id = p.source_id WHERE c.country = ?", (country,))}
        ours = country_rows(conn, country)
        assert {r for r, flag in enumerate(ours) if flag} == joined
        match = rarest_match("police detained relatives abroad", lambda w: doc_count(conn, w), QUERY_TERMS, None)
        best = top_rows(conn, match, ours, 50)
        assert [r for r, _ in best] == [r for r, in conn.execute(
            "SELECT f.rowid FROM (SELECT rowid, bm25(paragraphs_fts, 1.0, 0.5) AS rank FROM paragraphs_fts "
            "WHERE paragraphs_fts MATCH ?) f JOIN paragraphs p ON p.rowid = f.rowid JOIN source_country c "
            "ON c.source_id = p.source_id AND c.country = ? ORDER BY f.rank, f.rowid LIMIT 50", (match, country))]
