"""Editions of one publication recognised without `--series`: the same publisher, and titles that
differ only by a year or a version ("2023 Country Reports on Human Rights Practices: China",
"2024 Country Reports ..."; "CPIN ..., version 2.0" and "version 3.0"). Matching then cites the
newest edition as it does for a declared series, and `evidence add` names the series a new file
seems to join, so the librarian can make it explicit."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from functools import lru_cache

from ...models import UNKNOWN, SourceMeta
from ...text import slug

_VERSION = re.compile(r"\b(?:version|v\.?|edition|ed\.)\s*(\d+(?:\.\d+)*)\b", re.I)
_YEAR = re.compile(r"\b(19\d\d|20\d\d)\b")


def edition_key(meta: SourceMeta) -> tuple:
    """'2024' > '2023', '3.0' > '2.1': numbers by value, words after numbers (never compared with them)."""
    return _edition_key(meta.edition or "0")


@lru_cache(maxsize=1024)
def _edition_key(edition: str) -> tuple:
    """(matching folds editions with it over and over: worked out once per edition)"""
    return tuple((0, int(x), "") if x.isdigit() else (1, 0, x) for x in re.split(r"[.\-\s]", edition))


def _key(meta: SourceMeta) -> tuple[str, str] | None:
    if meta.publisher in ("", UNKNOWN) or meta.title in ("", UNKNOWN):
        return None
    shape = _YEAR.sub("#", _VERSION.sub("v#", meta.title.casefold()))
    if shape == meta.title.casefold():
        return None  # nothing in the title tells editions apart
    return meta.publisher.casefold().strip(), " ".join(shape.split())


def _edition(meta: SourceMeta) -> str:
    version = _VERSION.search(meta.title)
    if version:
        return version.group(1)
    year = _YEAR.search(meta.title)
    return year.group(1) if year else ""


def _initials(publisher: str) -> str:
    """'United States Department of State' -> 'usdos'."""
    return "".join(w[0] for w in re.findall(r"[^\W\d_]+", publisher.casefold()))


def implied_series(metas: list[SourceMeta]) -> dict[str, tuple[str, str]]:
    """{source id: (series, edition)} for sources without a series that share a publisher and
    a title shape with another source (a declared series' name is used where one member has it)."""
    groups: dict[tuple[str, str], list[SourceMeta]] = defaultdict(list)
    for meta in metas:
        key = _key(meta)
        if key:
            groups[key].append(meta)
    out = {}
    for (publisher, shape), members in groups.items():
        editions = {_edition(m) for m in members}
        if len(members) < 2 or len(editions) < len(members):
            continue  # one source, or two that the title does not tell apart
        declared = next((m.series for m in members if m.series), "")
        series = declared or f"{_initials(publisher)}-{slug(shape.replace('#', ''), 48)}"
        for m in members:
            if not m.series:
                out[m.id] = (series, _edition(m))
    return out


def with_series(meta: SourceMeta, implied: dict[str, tuple[str, str]]) -> SourceMeta:
    if meta.series or meta.id not in implied:
        return meta
    series, edition = implied[meta.id]
    return replace(meta, series=series, edition=edition)


def site_dated(metas: list[SourceMeta]) -> set[str]:
    """Ids of editions whose `updated` is their site's, not theirs: a site re-saves the pages of its
    archive (every State Department China report of 2016-2023 records "modified 3 January 2025"), so
    a modified date belongs to the newest edition only. An older edition is cited by its own date; a
    modified date stays only as the date of one that states no other, and only when it is earlier
    than the next edition's."""
    by_series: dict[str, list[SourceMeta]] = defaultdict(list)
    for meta in metas:
        if meta.series:
            by_series[meta.series].append(meta)
    out = set()
    for members in by_series.values():
        members.sort(key=edition_key)
        for older, newer in zip(members, members[1:]):
            next_date = newer.published if newer.published != UNKNOWN else newer.updated
            if older.updated and (older.published != UNKNOWN or (next_date and older.updated >= next_date)):
                out.add(older.id)
    return out


def as_cited(meta: SourceMeta, implied: dict[str, tuple[str, str]], site: set[str]) -> SourceMeta:
    """A source's metadata as every stage sees it: with the series it was recognised in, without a
    modified date that is its site's (site_dated)."""
    meta = with_series(meta, implied)
    return replace(meta, updated="") if meta.id in site else meta
