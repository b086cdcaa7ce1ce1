"""Which of a taxonomy's places and groups each paragraph names, worked out at index time: it
depends only on the paragraph and the taxonomy, and matching asks it of every candidate of every
draft (a scan of each text with the taxonomy's names pattern cost a draft about 40 ms).

Rows are keyed by the taxonomy's terms and what they name (`namer_key`), not by its country: a
changed taxonomy has another key and finds no rows (matching then scans the text itself), and a
taxonomy change rebuilds the index anyway (build's global key)."""

from __future__ import annotations

import hashlib
import json
import sqlite3

from ...models import Taxonomy
from .taxonomy import names_pattern


def term_groups(taxonomy: Taxonomy) -> dict[str, frozenset[str]]:
    """Each term of the taxonomy's places and groups, casefolded, with the ids it names; a name
    that holds a term but not the place ("Hong Kong Free Press") names none, and the pattern takes
    the longer name first."""
    found: dict[str, set[str]] = {}
    for g in taxonomy.places_and_groups:
        for term in g.terms:
            found.setdefault(term.casefold(), set()).add(g.id)
    for g in taxonomy.places_and_groups:
        for name in g.excepted:
            found.setdefault(name.casefold(), set())
    return {k: frozenset(v) for k, v in found.items()}


def namer_key(groups: dict[str, frozenset[str]]) -> str:
    return hashlib.sha256(json.dumps(sorted((k, sorted(v)) for k, v in groups.items()),
                                     ensure_ascii=False).encode()).hexdigest()[:16]


def groups_named(text: str, groups: dict[str, frozenset[str]], pattern=None) -> frozenset[str]:
    """The ids of the places and groups a text names: at index time and in matching alike.
    `pattern` is names_pattern(sorted(groups)), where the caller has it already."""
    found = {m.group(0).casefold() for m in (pattern or names_pattern(sorted(groups))).finditer(text)}
    return frozenset(g for term in found for g in groups.get(term, ()))


def seen_text(heading: str, text: str) -> str:
    """The text matching asks about a paragraph (its heading, then its text)."""
    return f"{heading}\n{text}"


def chunk_names(conn: sqlite3.Connection, taxonomies: list[Taxonomy], lo: int, hi: int) -> list[tuple]:
    """(key, paragraph, groups) for the paragraphs with lo < rowid <= hi of each taxonomy's country
    (the only ones its matching weighs), every one of them, naming something or not. Only reads."""
    rows: list[tuple] = []
    for taxonomy in taxonomies:
        groups = term_groups(taxonomy)
        if not groups:
            continue
        key, pattern = namer_key(groups), names_pattern(sorted(groups))
        for rowid, heading, text in conn.execute(
                "SELECT p.rowid, p.heading, p.text FROM paragraphs p CROSS JOIN source_country c "
                "ON c.source_id = p.source_id AND c.country = ? WHERE p.rowid > ? AND p.rowid <= ?",
                (taxonomy.country, lo, hi)):
            rows.append((key, rowid, ",".join(sorted(groups_named(seen_text(heading, text), groups, pattern)))))
    return rows


def write_names(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    conn.executemany("INSERT OR REPLACE INTO named(key, paragraph, groups) VALUES (?, ?, ?)", rows)


def taxonomy_key(taxonomy: Taxonomy) -> str:
    """The key of the rows a taxonomy's terms name ('' when it has no places or groups)."""
    groups = term_groups(taxonomy)
    return namer_key(groups) if groups else ""


def names_of(conn: sqlite3.Connection, key: str, paragraphs: dict[int, str]) -> dict[str, frozenset[str]]:
    """{paragraph id: the ids of the places and groups it names} for those of these paragraphs
    ({rowid: id}) the index has named with the terms of `key` (taxonomy_key; the others are absent)."""
    if not key:
        return {}
    rows = conn.execute("SELECT paragraph, groups FROM named WHERE key = ? AND paragraph IN "
                        "(SELECT value FROM json_each(?))", (key, json.dumps(list(paragraphs))))
    sets: dict[str, frozenset[str]] = {}  # one set per list of names: most paragraphs name none
    return {paragraphs[rowid]: sets.get(names) or sets.setdefault(names, frozenset(filter(None, names.split(","))))
            for rowid, names in rows}
