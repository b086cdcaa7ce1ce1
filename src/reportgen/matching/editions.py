"""Editions of one series in a candidate pool folded to one paragraph per text: the newest
edition is cited, noting the older editions that carry the same text."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from ..library.reading.series import edition_key
from .candidate import _Candidate
from .weighing import currency


def _year(key: tuple) -> int | None:
    """The year an edition key stands for ('2019'), or None (a version such as '3.0')."""
    return key[0][1] if len(key) == 1 and key[0][0] == 0 and 1900 < key[0][1] < 2200 else None


def _fold_editions(candidates: list[_Candidate], same_text: Mapping[str, frozenset[str]]) -> list[_Candidate]:
    """One paragraph per text across editions of a series: the newest edition's, noting the
    older editions that carry the same text. An older edition's text that the newest one does
    not repeat stays, a little behind the newest. `same_text`: which candidates carry the same
    text (EvidenceIndex.same_text, worked out at index time). Each text joins the first group,
    newest edition first, of other editions whose lead carries it."""
    series = [c for c in candidates if c.hit.source.series]
    if not series:
        return candidates
    newest: dict[str, tuple] = {}
    for c in series:
        key = edition_key(c.hit.source)
        newest[c.hit.source.series] = max(newest.get(c.hit.source.series, key), key)
    out = [c for c in candidates if not c.hit.source.series]
    groups: list[list[_Candidate]] = []
    led: dict[str, int] = {}  # a group's lead paragraph -> the group's place
    for c in sorted(series, key=lambda c: edition_key(c.hit.source), reverse=True):
        near = sorted(led[pid] for pid in same_text.get(c.hit.paragraph.id, ()) if pid in led)
        group = next((groups[i] for i in near if groups[i][0].hit.source.series == c.hit.source.series
                      and c.hit.source.id not in {m.hit.source.id for m in groups[i]}), None)  # another edition's
        if group is None:
            led[c.hit.paragraph.id] = len(groups)
            groups.append([c])
        else:
            group.append(c)
    for group in groups:
        lead = group[0]  # the newest edition holding the text
        older = tuple(c.hit.source.id for c in group[1:] if c.hit.source.id != lead.hit.source.id)
        score = max(c.score for c in group)
        newest_key = newest[lead.hit.source.series]
        if edition_key(lead.hit.source) != newest_key:  # the text is not in the newest edition: it may no longer hold
            score *= currency(_year(edition_key(lead.hit.source)), _year(newest_key))
        why = lead.why + (f"; the same text stands in {', '.join(older)}" if older else "")
        out.append(replace(lead, score=score, why=why, also_in=older) if older or score != lead.score else lead)
    return out
