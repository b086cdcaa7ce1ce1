"""Tagging paragraphs with the taxonomy entries their words point to: each hint an FTS5 query,
its weight added to every paragraph it finds, then each entry's rule applied (its threshold,
the groups it requires). FTS5 finds the paragraphs; the sums are made here, per entry (two
thirds of the time SQLite took to sort every hint's hits to group them), a chunk of paragraphs
at a time, so that memory does not grow with the library.

Contrary text (the state's position, denials) is tagged on any hint: a report must engage
with what cuts against it, so the bar for showing it to the expert is lower."""

from __future__ import annotations

import json
import sqlite3
from collections import Counter, defaultdict

from ...models import Taxonomy
from .names import chunk_names, write_names
from .taxonomy import EntryRule, HintQuery, entry_rules, hint_queries

CHUNK = 50_000  # paragraphs tagged at a time: memory stays bounded whatever the library's size


def tag(conn: sqlite3.Connection, taxonomies: list[Taxonomy], after: int, fts: str) -> None:
    """Tag the paragraphs added to an index since rowid `after` (`fts` holds them alone), and
    write their factors and the places and groups they name (library.indexing.names). The
    entries are those the first build wrote (a taxonomy that changes makes the next build a
    first build); a first build tags in build._tag_and_rank."""
    for lo, hi in chunks(conn, after):
        write_tags(conn, chunk_tags(conn, taxonomies, lo, hi, fts))
        write_names(conn, chunk_names(conn, taxonomies, lo, hi))
    write_factors(conn, after)


def chunks(conn: sqlite3.Connection, after: int) -> list[tuple[int, int]]:
    """(lo, hi] rowid ranges of at most CHUNK paragraphs, covering the rows above `after`."""
    top = conn.execute("SELECT coalesce(max(rowid), 0) FROM paragraphs").fetchone()[0]
    return [(lo, min(lo + CHUNK, top)) for lo in range(after, top, CHUNK)]


def chunk_tags(conn: sqlite3.Connection, taxonomies: list[Taxonomy], lo: int, hi: int,
               fts: str = "paragraphs_fts") -> list[tuple]:
    """The tag rows of the paragraphs with lo < rowid <= hi, taxonomy by taxonomy in order (two
    taxonomies may tag a paragraph with the same id: the later one's row is the one kept). Only
    reads the index."""
    contrary = {r for (r,) in conn.execute(
        "SELECT rowid FROM paragraphs WHERE rowid > ? AND rowid <= ? AND stance = 'contrary'", (lo, hi))}
    rows: list[tuple] = []
    for taxonomy in taxonomies:
        ours = {r for (r,) in conn.execute(  # the paragraphs of sources about the country: only they get its tags
            "SELECT p.rowid FROM paragraphs p CROSS JOIN source_country c ON c.source_id = p.source_id "
            "AND c.country = ? WHERE p.rowid > ? AND p.rowid <= ?", (taxonomy.country, lo, hi))}
        for rule, queries in _entry_queries(taxonomy):
            rows += _tags(rule, [(q, _rows(conn, fts, q.match, lo, hi)) for q in queries], ours, contrary)
    return rows


def _entry_queries(taxonomy: Taxonomy) -> list[tuple[EntryRule, list[HintQuery]]]:
    """Each entry's rule with its hint queries, in the taxonomy's order."""
    queries: dict[str, list[HintQuery]] = defaultdict(list)
    for q in hint_queries(taxonomy):
        queries[q.entry].append(q)
    return [(rule, queries[rule.entry]) for rule in entry_rules(taxonomy)]


def write_entries(conn: sqlite3.Connection, taxonomy: Taxonomy) -> None:
    conn.executemany("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?, ?)",
                     [(taxonomy.country, r.entry, r.kind, r.threshold, r.required_groups) for r in entry_rules(taxonomy)])


def write_tags(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    conn.executemany("INSERT OR REPLACE INTO tags(paragraph, factor, weight, hints) VALUES (?, ?, ?, ?)", rows)


def write_factors(conn: sqlite3.Connection, after: int) -> None:
    """Each paragraph's factors (not topics) in one column, as EvidenceParagraph.factors carries them."""
    conn.execute("""
        UPDATE paragraphs SET factors = agg.factors
        FROM (SELECT t.paragraph, group_concat(DISTINCT t.factor) AS factors FROM tags t
              WHERE t.paragraph > ? AND +t.factor IN (SELECT entry FROM entries WHERE kind = 'factor')
              GROUP BY t.paragraph) AS agg
        WHERE paragraphs.rowid = agg.paragraph""", (after,))


def _rows(conn: sqlite3.Connection, fts: str, match: str, lo: int, hi: int) -> list[int]:
    """The rowids a hint finds in (lo, hi]: one string from SQLite, split in C (a row per hit
    costs more)."""
    found = conn.execute(f"SELECT group_concat(rowid) FROM {fts} WHERE {fts} MATCH ? AND rowid > ? AND rowid <= ?",
                         (match, lo, hi)).fetchone()[0]
    return list(map(int, found.split(","))) if found else []


def _tags(rule: EntryRule, found: list[tuple[HintQuery, list[int]]], ours: set[int], contrary: set[int]):
    """(paragraph, entry, weight, hints as a JSON list) of the paragraphs the rule admits: weight
    above 0 and at its threshold (1 for contrary text), every required group met, and the
    paragraph's source about the taxonomy's country. Hints are listed in the taxonomy's order."""
    weight: Counter = Counter()
    groups: dict[str, set[int]] = defaultdict(set)
    for q, rows in found:
        if q.group.startswith("req"):
            groups[q.group].update(rows)
        for _ in range(q.weight):  # a whole number: counting is done in C
            weight.update(rows)
    admitted = ({r for r, w in weight.items() if w >= rule.threshold} | (contrary & weight.keys())) & ours
    if rule.required_groups:
        admitted = {r for r in admitted if sum(r in g for g in groups.values()) >= rule.required_groups}
    labels: dict[int, list[str]] = defaultdict(list)
    for q, rows in found:
        if not q.group.startswith("req"):
            label = json.dumps(q.label, ensure_ascii=False)
            for r in admitted.intersection(rows):
                labels[r].append(label)
    return [(r, rule.entry, float(weight[r]), f"[{','.join(labels[r])}]") for r in admitted]
