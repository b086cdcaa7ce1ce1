"""Editions of one series in a candidate pool folded to one paragraph per text: the newest
edition is cited, noting the older editions that carry the same text."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache

from ..library.reading.series import edition_key
from .candidate import _Candidate
from .weighing import currency

_WORD = re.compile(r"[a-z\u3400-\u9fff]{3,}")


def _year(key: tuple) -> int | None:
    """The year an edition key stands for ('2019'), or None (a version such as '3.0')."""
    return key[0][1] if len(key) == 1 and key[0][0] == 0 and 1900 < key[0][1] < 2200 else None


@lru_cache(maxsize=4096)
def _words(text: str) -> frozenset[str]:
    """A text's words (shared between calls: a paragraph is in several factors' pools)."""
    return frozenset(_WORD.findall(text.lower()))


def _prefix(words: frozenset[str], order: dict[str, int]) -> list[int]:
    """The first words (rarest first, in one fixed order) that any set similar to these by
    _similar shares with them: a Jaccard of 0.6 needs an overlap of 0.6 of each set, so two
    similar sets' prefixes of len - floor(0.6 len) + 1 words meet. Groups that no prefix word
    leads to are not compared at all (most paragraphs are in no other edition). The words are
    given as their places in the order: ints sort several times faster than by a key."""
    return sorted(map(order.__getitem__, words))[:len(words) - int(0.6 * len(words)) + 1]


def _similar(a: set[str], b: set[str]) -> bool:
    if not (a and b) or min(len(a), len(b)) < 0.6 * max(len(a), len(b)):
        return False  # the overlap cannot reach 0.6 of the union: no need to count it
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared) >= 0.6  # the union's size, without building it


def _fold_editions(candidates: list[_Candidate]) -> list[_Candidate]:
    """One paragraph per text across editions of a series: the newest edition's, noting the
    older editions that carry the same text. An older edition's text that the newest one does
    not repeat stays, a little behind the newest."""
    series = [c for c in candidates if c.hit.source.series]
    if not series:
        return candidates
    newest: dict[str, tuple] = {}
    for c in series:
        key = edition_key(c.hit.source)
        newest[c.hit.source.series] = max(newest.get(c.hit.source.series, key), key)
    out = [c for c in candidates if not c.hit.source.series]
    groups: list[tuple[set[str], list[_Candidate]]] = []  # (the lead's words, members)
    leads: dict[str, dict[int, list[int]]] = {}  # series -> a prefix word's place -> its groups
    rarity: Counter[str] = Counter()
    for c in series:
        rarity.update(_words(c.hit.paragraph.text))
    # rarest first (ties as counted): any one order finds the same groups, since two similar sets
    # share the first of their common words in it; the rarest first keeps the groups asked few
    order = {w: i for i, w in enumerate(sorted(rarity, key=rarity.__getitem__))}
    for c in sorted(series, key=lambda c: edition_key(c.hit.source), reverse=True):
        words = _words(c.hit.paragraph.text)
        prefix = _prefix(words, order)
        led = leads.setdefault(c.hit.source.series, {})
        near = sorted({i for w in prefix if w in led for i in led[w]})  # the first similar group, as before
        group = next((groups[i][1] for i in near if _similar(groups[i][0], words)
                      and c.hit.source.id not in {m.hit.source.id for m in groups[i][1]}), None)  # another edition's
        if group is None:
            for w in prefix:
                led.setdefault(w, []).append(len(groups))
            groups.append((words, [c]))
        else:
            group.append(c)
    for _, group in groups:
        lead = group[0]  # the newest edition holding the text
        older = tuple(c.hit.source.id for c in group[1:] if c.hit.source.id != lead.hit.source.id)
        score = max(c.score for c in group)
        newest_key = newest[lead.hit.source.series]
        if edition_key(lead.hit.source) != newest_key:  # the text is not in the newest edition: it may no longer hold
            score *= currency(_year(edition_key(lead.hit.source)), _year(newest_key))
        why = lead.why + (f"; the same text stands in {', '.join(older)}" if older else "")
        out.append(replace(lead, score=score, why=why, also_in=older) if older or score != lead.score else lead)
    return out
