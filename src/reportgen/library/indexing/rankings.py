"""Rankings of free-text queries by BM25 that stay cheap as the library grows: a taxonomy
entry's description is ranked once per build (tables `described`, `described_queries`) and kept
up to date from the rows a re-index adds; an ad-hoc query asks FTS5 for its own top rows by its
rarest words, within a budget of matched paragraphs."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from ...models import Taxonomy
from .bm25 import fresh_totals, score_new
from .searchtext import spaced_cjk
from .taxonomy import described, fts_phrase

STOP_WORDS = {"the", "a", "an", "and", "or", "of", "in", "on", "to", "for", "he", "she", "his", "her", "they",
              "their", "was", "were", "is", "are", "be", "been", "by", "with", "at", "from", "that", "this",
              "it", "as", "after", "before", "not", "no", "has", "have", "had", "him", "them", "we", "i"}
POSTINGS = 40_000  # paragraphs an ad-hoc ranked query may match, summed over its words
DESCRIBED_DEPTH = 1000  # paragraphs kept per description query at build time
QUERY_TERMS = 24  # the rarest words a ranking asks (they carry nearly all of a BM25 score)


def query_key(text: str) -> str:
    """A query's words as the index keeps them: lower case, first occurrence, no stop words."""
    return " ".join(query_words(text))


def query_words(text: str) -> list[str]:
    """A query's words: lower case, each once, no stop words."""
    return [w for w in dict.fromkeys(re.findall(r"\w+", text.lower())) if w not in STOP_WORDS]


def doc_count(conn: sqlite3.Connection, word: str) -> int:
    return conn.execute("SELECT count(*) FROM paragraphs_fts WHERE paragraphs_fts MATCH ?",
                        (fts_phrase(word),)).fetchone()[0]


def rarest_match(query: str, count: Callable[[str], int], terms: int, budget: int | None) -> str:
    """An OR query of the `terms` rarest words of a text; with a budget, words are added rarest
    first only while the paragraphs they match (summed) stay within it, the rarest always."""
    words = query_words(query)
    counts = {w: count(w) for w in words}
    kept, total = [], 0
    for w in sorted((w for w in words if counts[w]), key=lambda w: (counts[w], w))[:terms]:
        if budget is not None and kept and total + counts[w] > budget:
            break
        kept.append(w)
        total += counts[w]
    return " OR ".join(fts_phrase(w) for w in kept)


def country_rows(conn: sqlite3.Connection, country: str) -> bytearray:
    """A mask of the rowids of a country's paragraphs (1 where the row is the country's): a source's
    paragraphs are written in one run of rowids (build._insert), which its sources row records, so
    that a ranking tells the country's rows from FTS5's rowids alone, never joining a row to its source."""
    spans = conn.execute("SELECT s.first_row, s.paragraphs FROM source_country c JOIN sources s ON s.id = c.source_id "
                         "WHERE c.country = ? AND s.paragraphs > 0", (country.upper(),)).fetchall()
    mask = bytearray(max((first + count for first, count in spans), default=0))
    for first, count in spans:
        mask[first:first + count] = b"\x01" * count
    return mask


def top_rows(conn: sqlite3.Connection, match: str, ours: bytearray, limit: int,
             crowded: bool = False) -> list[tuple[int, float]]:
    """(rowid, score) of the `limit` best paragraphs of a country (`ours`: country_rows) for an FTS5
    query, best first. FTS5 ranks its own rows (joining every match to its paragraph would cost as
    much as the scoring); when other countries crowd the top, it is asked again for more. `crowded`:
    they likely do (the caller's guess), so the query is asked at the next depth first, and its answer
    kept only where it proves the first depth's would have been asked again (_short_at); the
    answer is then the one asking in turn gives, tied scores and all."""
    depth, asked = limit, {}
    if crowded:
        asked[4 * limit] = _top(conn, match, 4 * limit, ours)
        if _short_at(asked[4 * limit], limit, limit, 4 * limit):
            depth = 4 * limit
    while True:
        rows = asked.pop(depth, None)
        if rows is None:
            rows = _top(conn, match, depth, ours)
        mine = [(r[0], -r[1]) for r in rows if r[2]]
        if len(mine) >= limit or len(rows) < depth:
            return mine[:limit]
        depth *= 4


def _top(conn: sqlite3.Connection, match: str, depth: int, ours: bytearray) -> list[tuple[int, float, bool]]:
    """(rowid, rank, whether it is the country's) of the `depth` best rows of all countries, best first."""
    size = len(ours)
    return [(rowid, rank, rowid < size and ours[rowid] == 1) for rowid, rank in conn.execute(
        "SELECT rowid, bm25(paragraphs_fts, 1.0, 0.5) AS rank FROM paragraphs_fts WHERE paragraphs_fts MATCH ? "
        "ORDER BY rank LIMIT ?", (match, depth))]


def _short_at(rows: list[tuple], depth: int, limit: int, asked: int) -> bool:
    """Whether the same query asked at `depth` would surely have held fewer than `limit` of the
    country's rows and been full (so asked again), judged from `rows`, its answer at the greater
    depth `asked`: any answer at `depth` holds every row ranked better than the depth-th row's
    rank, and fills its other places from the rows tied with that rank, whichever they are."""
    if len(rows) < depth:
        return False  # fewer matches than `depth`: it would have answered at once
    edge = rows[depth - 1][1]
    better = [r for r in rows[:depth] if r[1] < edge]
    room = depth - len(better)  # places taken by rows tied at the edge
    tied_ours = sum(1 for r in rows if r[1] == edge and r[2])
    if len(rows) == asked and rows[-1][1] == edge:
        tied_ours = room  # the tie runs past what was asked: any of its rows may be the country's
    return sum(1 for r in better if r[2]) + min(room, tied_ours) < limit



DRIFT = 1.25  # a description is ranked afresh once the library has grown or shrunk by this factor


def rank_descriptions(conn: sqlite3.Connection, taxonomies: list[Taxonomy], after: int) -> None:
    """Bring every factor's and topic's description ranking (see EvidenceIndex.ranking) up to date
    after a change: rows above `after` are new. A ranking whose library has not grown or shrunk
    by DRIFT only takes in the new rows (_describe_new); the others, and entries never ranked
    (an empty library at the build), are ranked afresh. A first build ranks every description
    afresh (due, rank_afresh and store, in build._tag_and_rank)."""
    todo, keep = due(conn, taxonomies, after)
    store(conn, todo, rank_afresh(conn, todo, *fresh_totals(conn)))  # nothing below writes to the FTS table
    if keep:
        _describe_new(conn, after, keep)


Key = tuple[str, str]  # (country, query_key of the description)


@dataclass(frozen=True)
class Described:
    """A description's ranking as read, before it is written."""
    key: Key
    match: str
    stats: str
    rows: list[tuple[int, float]]


def due(conn: sqlite3.Connection, taxonomies: list[Taxonomy], after: int | None) -> tuple[list[tuple[Key, str]], set[Key]]:
    """([(key, description)] to rank afresh, the keys whose ranking only takes in the new rows)."""
    rows_now = conn.execute("SELECT count(*) FROM paragraphs").fetchone()[0]
    stored = {(c, k): json.loads(st)["rows"] for c, k, st in conn.execute(
        "SELECT country, query, stats FROM described_queries")}
    todo: dict[Key, str] = {}
    keep: set[Key] = set()
    for taxonomy in taxonomies:
        for entry in (*taxonomy.factors, *taxonomy.topics):
            text = described(entry)
            key = (taxonomy.country, query_key(text))
            if key in todo or key in keep:
                continue
            if after is not None and key in stored and stored[key] / DRIFT <= rows_now <= stored[key] * DRIFT:
                keep.add(key)
            else:
                todo[key] = text
    return list(todo.items()), keep


def rank_afresh(conn: sqlite3.Connection, todo: list[tuple[Key, str]], rows: int, avgdl: float,
                counts: dict[str, int] | None = None) -> list[Described]:
    """Each description's best rows, scored with the library's `rows` and `avgdl`; `counts`
    caches documents per word. Only reads: a build runs it in worker processes while it writes."""
    counts = {} if counts is None else counts

    def count(word: str) -> int:
        if word not in counts:
            counts[word] = doc_count(conn, word)
        return counts[word]
    out = []
    for key, text in todo:
        match = rarest_match(text, count, QUERY_TERMS, None)
        if match:
            stats = {"rows": rows, "avgdl": avgdl, "phrases": [[w, count(w)] for w in re.findall(r'"([^"]*)"', match)]}
            out.append(Described(key, match, json.dumps(stats, ensure_ascii=False),
                                 top_rows(conn, match, country_rows(conn, key[0]), DESCRIBED_DEPTH)))
    return out


def store(conn: sqlite3.Connection, todo: list[tuple[Key, str]], ranked: list[Described]) -> None:
    """Replace the rankings of `todo` by `ranked` (a description none of whose words the library
    holds has none)."""
    for key, _ in todo:
        conn.execute("DELETE FROM described WHERE country = ? AND query = ?", key)
        conn.execute("DELETE FROM described_queries WHERE country = ? AND query = ?", key)
    for d in ranked:
        conn.execute("INSERT INTO described_queries VALUES (?, ?, ?, ?)", (*d.key, d.match, d.stats))
        conn.executemany(f"INSERT INTO described {_WITH_PARAGRAPH}", [(*d.key, score, r) for r, score in d.rows])


# a ranked row with its paragraph's id and stance, from (country, query, score, rowid)
_WITH_PARAGRAPH = "SELECT ?, ?, rowid, ?, id, stance FROM paragraphs WHERE rowid = ?"


def _describe_new(conn: sqlite3.Connection, after: int, keys: set[tuple[str, str]]) -> None:
    """Paragraphs added since a build join the description rankings they now belong in, scored
    by bm25.score_new (the temp table 'fresh_fts' holds them) with the statistics the ranking
    was made with: scores drift a little as sources change, until DRIFT ranks it afresh (as
    does `evidence index --rebuild`)."""
    queries = [q for q in conn.execute("SELECT country, query, stats FROM described_queries").fetchall()
               if (q[0], q[1]) in keys]
    countries: dict[int, set[str]] = {}
    for rowid, country in conn.execute("SELECT p.rowid, c.country FROM paragraphs p CROSS JOIN source_country c "
                                       "ON c.source_id = p.source_id WHERE p.rowid > ?", (after,)):
        countries.setdefault(rowid, set()).add(country)
    for country, key, scores in score_new(conn, queries):
        conn.executemany(f"INSERT OR REPLACE INTO described {_WITH_PARAGRAPH}",
                         [(country, key, score, r) for r, score in scores.items() if country in countries.get(r, ())])
        conn.execute("DELETE FROM described WHERE country = ? AND query = ? AND paragraph NOT IN ("
                     "SELECT paragraph FROM described WHERE country = ? AND query = ? "
                     "ORDER BY score DESC, paragraph LIMIT ?)", (country, key, country, key, DESCRIBED_DEPTH))


def fresh_fts(conn: sqlite3.Connection, after: int) -> None:
    """The paragraphs added since rowid `after`, alone in a temporary FTS5 table: tagging asks
    its hint queries there, so a re-index reads only what changed, not the whole library."""
    conn.execute("DROP TABLE IF EXISTS temp.fresh_fts")
    conn.execute("CREATE VIRTUAL TABLE temp.fresh_fts USING fts5(text, heading, tokenize='porter unicode61')")
    conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.fresh_vocab USING fts5vocab(temp, fresh_fts, instance)")
    conn.executemany("INSERT INTO temp.fresh_fts(rowid, text, heading) VALUES (?, ?, ?)",
                     [(r, spaced_cjk(t), spaced_cjk(h)) for r, t, h in
                      conn.execute("SELECT rowid, text, heading FROM paragraphs WHERE rowid > ?", (after,)).fetchall()])
