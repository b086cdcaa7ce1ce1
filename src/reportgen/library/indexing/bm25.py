"""FTS5's bm25() for paragraphs just added, computed here: SQLite's function counts every
phrase's documents over the whole index on each query, which is most of a re-index's cost at
the size of a real library. The same formula (k1 1.2, b 0.75, heading weighed 0.5), with the
statistics (rows, mean length, each phrase's documents) a ranking was made with; the term
frequencies come from the new rows alone (temp.fresh_fts)."""

from __future__ import annotations

import json
import math
import sqlite3
from collections import defaultdict

from .searchtext import index_terms

K1, B = 1.2, 0.75
WEIGHTS = (1.0, 0.5)  # text, heading: as bm25(paragraphs_fts, 1.0, 0.5)


def _varints(blob: bytes) -> list[int]:
    """SQLite varints, as FTS5 writes its totals (rows, then tokens per column)."""
    out, i = [], 0
    while i < len(blob):
        value = 0
        for n in range(9):
            byte = blob[i]
            i += 1
            if n == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if not byte & 0x80:
                break
        out.append(value)
    return out


def totals(conn: sqlite3.Connection) -> tuple[int, float]:
    """(rows, mean tokens per row) of the main index."""
    row = conn.execute("SELECT block FROM paragraphs_fts_data WHERE id = 1").fetchone()
    values = _varints(row[0]) if row and row[0] else [0]
    return values[0], (sum(values[1:]) / values[0]) if values[0] else 1.0


def fresh_totals(conn: sqlite3.Connection) -> tuple[int, float]:
    """(rows, mean tokens per row) inside a write: FTS5 writes its totals only at a commit, so
    the last committed ones are joined by the new rows' (rows deleted in this write are not
    taken out: a small error, of the kind a ranking's statistics already carry)."""
    rows, avgdl = totals(conn)
    new_rows, new_tokens = conn.execute("SELECT count(DISTINCT doc), count(*) FROM temp.fresh_vocab").fetchone()
    if not rows + new_rows:
        return 0, 1.0
    return rows + new_rows, (rows * avgdl + new_tokens) / (rows + new_rows)


def score_new(conn: sqlite3.Connection, queries):
    """(country, query, {rowid: score}) for each stored description query, over the rows of
    temp.fresh_fts that match it, with the statistics stored with the query."""
    at: dict[tuple[int, int, int], str] = {}
    length: dict[int, int] = defaultdict(int)
    for term, doc, col, offset in conn.execute("SELECT term, doc, col, offset FROM temp.fresh_vocab"):
        at[(doc, 0 if col == "text" else 1, offset)] = term
        length[doc] += 1
    starts: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for place, term in at.items():
        starts[term].append(place)
    for country, key, stats_json in queries:
        stats = json.loads(stats_json)
        rows, avgdl, phrases = stats["rows"], stats["avgdl"], stats["phrases"]
        tokens = index_terms([p for p, _ in phrases])
        scores: dict[int, float] = defaultdict(float)
        for toks, (_, hits) in zip(tokens, phrases):
            if not toks:
                continue
            idf = math.log((0.5 + rows - hits) / (0.5 + hits))
            idf = idf if idf > 0 else 1e-6
            freq: dict[int, float] = defaultdict(float)
            for doc, col, offset in starts.get(toks[0], ()):
                if all(at.get((doc, col, offset + j)) == t for j, t in enumerate(toks[1:], 1)):
                    freq[doc] += WEIGHTS[col]
            for doc, f in freq.items():
                scores[doc] += idf * f * (K1 + 1) / (f + K1 * (1 - B + B * length[doc] / avgdl))
        yield country, key, dict(scores)
