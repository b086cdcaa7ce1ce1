"""Which paragraphs of the editions of a series carry the same text, worked out at index time.
Matching cites one edition per text (matching.editions): comparing the words of every draft's
candidates, edition with edition, cost a draft 15-20 ms, though which texts repeat is a property
of the library, not of the case.

The series are those matching sees (declared, or recognised from the titles: library.reading.series),
worked out again after every change: a new edition is compared with the others, and an edition
that joins a series (a second one arrives, a title is corrected) with its new fellows."""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Iterable, Iterator
from functools import lru_cache

from ..reading.series import implied_series, with_series
from .schema import meta_from_json

# the Jaccard of two paragraphs' word sets from which they carry the same text, as a ratio of integers
SIMILAR = (3, 5)
# the share of a text's words any larger similar text holds (similar_pairs): 2t / (1 + t)
_FILED = (2 * SIMILAR[0], SIMILAR[1] + SIMILAR[0])
_WORD = re.compile(r"[a-z\u3400-\u9fff]{3,}")


def text_words(text: str) -> frozenset[str]:
    """A text's words, as similar compares them."""
    return frozenset(_WORD.findall(text.lower()))


words = lru_cache(maxsize=4096)(text_words)  # in matching: a paragraph is in several factors' pools


def similar(a: frozenset[str], b: frozenset[str]) -> bool:
    t, u = SIMILAR  # in integers: exactly, never a float's rounding
    if not (a and b) or u * min(len(a), len(b)) < t * max(len(a), len(b)):
        return False  # the overlap cannot reach SIMILAR of the union: no need to count it
    shared = len(a & b)
    return u * shared >= t * (len(a) + len(b) - shared)  # the union's size, without building it


def rarest_first(word_sets: Iterable[frozenset[str]]) -> dict[str, int]:
    """Each word's place in an order of rarity among these sets (ties as counted): any one order
    finds the same pairs, the rarest first keeps the texts compared few."""
    rarity: Counter[str] = Counter()
    for s in word_sets:
        rarity.update(s)
    return {w: i for i, w in enumerate(sorted(rarity, key=rarity.__getitem__))}


def similar_pairs(texts: list[tuple[Hashable, Hashable, frozenset[str]]],
                  fresh: Collection[Hashable] | None = None) -> Iterator[tuple[Hashable, Hashable]]:
    """(key, key) of the texts, given as (key, source, words), that are similar and of different
    sources, each pair once; only pairs with a text of the `fresh` sources, if given.

    Prefix filtering (Bayardo, Ma and Srikant, "Scaling up all pairs similarity search", 2007):
    with every text's words in one order (rarest first), two similar texts share one of their
    first few words. The texts are taken smallest first; each looks among the earlier ones for
    those that share a word of its first n - ceil(0.6 n) + 1 and hold at least 0.6 of its n words
    (a Jaccard of 0.6 needs an overlap of 0.6 of the larger set), and is then filed under its first
    n - ceil(0.75 n) + 1 words, which any larger similar text shares with it (their overlap is at
    least 0.6/1.6 of both sizes together: _FILED). Bounds in integers, never a float's rounding.
    A text of a source not fresh looks only among the fresh ones."""
    order = rarest_first(w for _, _, w in texts)
    t, u = SIMILAR
    filed: dict[int, list[int]] = defaultdict(list)  # a word's place -> the texts filed under it, smallest first
    filed_fresh: dict[int, list[int]] = defaultdict(list)  # the same, of the fresh sources' texts
    skip: dict[tuple[int, bool], int] = {}  # how many of a list's texts are too small for any text still to come
    for n in sorted(range(len(texts)), key=lambda n: len(texts[n][2])):
        key, source, text_words = texts[n]
        is_fresh = fresh is None or source in fresh
        size = len(text_words)
        places = sorted(map(order.__getitem__, text_words))  # ints sort several times faster than by a key
        near: set[int] = set()
        for w in places[:size - _ceil(SIMILAR, size) + 1]:
            under = (filed if is_fresh else filed_fresh).get(w)
            if under:
                i = skip.get((w, is_fresh), 0)
                while i < len(under) and u * len(texts[under[i]][2]) < t * size:
                    i += 1
                skip[(w, is_fresh)] = i
                near.update(under[i:])
        for m in near:
            other, other_source, other_words = texts[m]
            if other_source != source and similar(other_words, text_words):
                yield other, key
        for w in places[:size - _ceil(_FILED, size) + 1]:
            filed[w].append(n)
            if is_fresh and fresh is not None:
                filed_fresh[w].append(n)


def _ceil(share: tuple[int, int], n: int) -> int:
    """The least whole number of n's words that is at least this share of them."""
    return -(-share[0] * n // share[1])


Due = tuple[str, list[str], list[str]]  # (a series, its editions, those not yet compared with the others)


def link(conn: sqlite3.Connection) -> None:
    """Bring the pairs (table same_text, both ways round) up to date with the series the library
    now holds: the editions not yet compared with their fellows (table compared) are."""
    todo, stale = due(conn)
    conn.executemany("DELETE FROM compared WHERE series = ? AND source_id = ?", stale)
    for series, sids, fresh in todo:
        write_pairs(conn, series, fresh, pairs_of(conn, sids, fresh))


def due(conn: sqlite3.Connection) -> tuple[list[Due], list[tuple[str, str]]]:
    """(the series to compare, the (series, source id) rows of editions gone from their series,
    whose pairs with the others are never asked for). Only reads."""
    metas = [meta_from_json(meta) for meta, in conn.execute("SELECT meta FROM sources")]
    implied = implied_series(metas)
    members: dict[str, set[str]] = defaultdict(set)
    for meta in metas:
        series = with_series(meta, implied).series
        if series:
            members[series].add(meta.id)
    compared: dict[str, set[str]] = defaultdict(set)
    stale = []
    for series, sid in conn.execute("SELECT series, source_id FROM compared"):
        (compared[series].add(sid) if sid in members.get(series, ()) else stale.append((series, sid)))
    todo = [(series, sorted(sids), sorted(sids - compared[series])) for series, sids in sorted(members.items())]
    return [t for t in todo if t[2]], stale


def pairs_of(conn: sqlite3.Connection, sids: list[str], fresh: list[str]) -> list[tuple[int, int]]:
    """(rowid, rowid) of the paragraphs of these sources that carry the same text, in pairs with
    a paragraph of the fresh ones. Only reads: a first build runs it in its workers."""
    if len(sids) < 2:
        return []
    texts = [(rowid, sid, text_words(text)) for rowid, sid, text in conn.execute(
        "SELECT rowid, source_id, text FROM paragraphs WHERE source_id IN (SELECT value FROM json_each(?)) "
        "ORDER BY rowid", (json.dumps(sids),))]
    return list(similar_pairs(texts, set(fresh)))


def write_pairs(conn: sqlite3.Connection, series: str, fresh: list[str], pairs: list[tuple[int, int]]) -> None:
    conn.executemany("INSERT OR IGNORE INTO same_text VALUES (?, ?)", [p for a, b in pairs for p in ((a, b), (b, a))])
    conn.executemany("INSERT INTO compared VALUES (?, ?)", [(series, sid) for sid in fresh])


def forget(conn: sqlite3.Connection, source_id: str) -> None:
    """A source's pairs, both ways round, before its paragraphs go: read again, it is compared afresh."""
    mine = "SELECT rowid FROM paragraphs WHERE source_id = ?"
    conn.execute("DELETE FROM same_text WHERE (paragraph, other) IN ("
                 f"SELECT other, paragraph FROM same_text WHERE paragraph IN ({mine}))", (source_id,))
    conn.execute(f"DELETE FROM same_text WHERE paragraph IN ({mine})", (source_id,))
    conn.execute("DELETE FROM compared WHERE source_id = ?", (source_id,))


def same_text_of(conn: sqlite3.Connection, rowids: dict[int, str]) -> dict[str, frozenset[str]]:
    """{paragraph id: the ids among these paragraphs (rowid: id) that carry its text} for those
    that have any."""
    found: dict[str, set[str]] = defaultdict(set)
    for a, b in conn.execute("SELECT paragraph, other FROM same_text WHERE paragraph IN (SELECT value FROM json_each(?))",
                             (json.dumps(list(rowids)),)):
        if b in rowids:
            found[rowids[a]].add(rowids[b])
    return {pid: frozenset(others) for pid, others in found.items()}
