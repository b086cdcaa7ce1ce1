"""Selecting a factor's extracts from its ranked candidates: pinned first, then best first,
unused before reused, a variety of publications, a weak source never leading; and each pick
as the report receives it."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from ..library.indexing.read import EvidenceIndex
from ..library.indexing.same_text import words
from ..library.reading.series import edition_key
from ..models import Case, ChosenEvidence
from ..text import first_sentence, person_names, starts_with_pronoun
from .candidate import _Candidate
from .cautions import people_notes, resemblance_note
from .weighing import NOT_EVIDENCE_BY_DEFAULT, unattributed


def _case_notes(paragraph, case: Case) -> tuple[str, ...]:
    resembles = resemblance_note(paragraph, case)
    return people_notes(paragraph, case) + ((resembles,) if resembles else ())


def _same_opening(a: _Candidate, b: _Candidate, openings: dict[str, set[str]]) -> bool:
    """Two editions of a series whose paragraphs open with the same sentence (spelling aside:
    "Uighurs", "Uyghurs") say the same thing, though their later sentences differ: one is enough.
    `openings` keeps each paragraph's first-sentence words, worked out once per selection."""
    series = a.hit.source.series
    if not series or series != b.hit.source.series:
        return False
    first = []
    for c in (a, b):
        pid = c.hit.paragraph.id
        if pid not in openings:
            openings[pid] = words(first_sentence(c.hit.paragraph.text))
        first.append(openings[pid])
    return bool(first[0] and first[1]) and len(first[0] & first[1]) / len(first[0] | first[1]) >= 0.7


DIVERSITY_SHARE = 0.8  # another publication is preferred when its best reaches this share of the best


def _publication(c: _Candidate) -> str:
    """A source's publication: its series (every edition of a report is one voice), else itself."""
    return c.hit.source.series or c.hit.paragraph.source_id


def _leads_badly(c: _Candidate) -> int:
    """How ill a source opens a section: opinion or commercial material worst, then one nobody
    could check (no author, publisher, date or address); 0 for the rest."""
    return 2 if c.hit.source.source_type in NOT_EVIDENCE_BY_DEFAULT else 1 if unattributed(c.hit.source) else 0


def _select(ranked: list[_Candidate], limit: int, used: dict[str, str], owner: str, index: EvidenceIndex,
            case: Case | None = None, allow_reuse: bool = True) -> list[ChosenEvidence]:
    """Pinned first, then best first, unused paragraphs before reused ones; a weak source never
    leads. A publication already quoted (any edition of it) gives way to another one only where
    the other is nearly as good: variety of sources, never at the price of weaker evidence."""
    fresh = [c for c in ranked if c.pinned or c.hit.paragraph.id not in used]
    chosen: list[_Candidate] = [c for c in fresh if c.pinned]
    fresh = [c for c in fresh if not c.pinned]
    per_source: Counter[str] = Counter(_publication(c) for c in chosen)
    openings: dict[str, set[str]] = {}
    while len(chosen) < limit and fresh:
        best = fresh[0]
        other = next((c for c in fresh if per_source[_publication(c)] < per_source[_publication(best)]), None)
        pick = other if other is not None and other.score >= DIVERSITY_SHARE * best.score else best
        if _leads_badly(pick) and not chosen:
            pick = min(fresh, key=_leads_badly)  # the best of the least weak sources leads
        pick = _newest_telling(pick, fresh, openings)
        chosen.append(pick)
        fresh = [c for c in fresh if c is not pick and not _same_opening(c, pick, openings)]
        per_source[_publication(pick)] += 1
    if not chosen and allow_reuse and ranked:  # nothing unused: quote again, and say so
        first = ranked[0]
        chosen = [replace(first, why=f"{first.why}; also quoted for {used[first.hit.paragraph.id]}")]
    for c in chosen:
        used.setdefault(c.hit.paragraph.id, owner)
    return [_chosen(c, index, case) for c in chosen]


def _newest_telling(pick: _Candidate, fresh: list[_Candidate], openings: dict[str, set[str]]) -> _Candidate:
    """The newest edition's paragraph that opens as the pick does, where it is nearly as good:
    a tribunal is cited the current edition, not an older one whose passage ran on further or
    opened its section."""
    newer = [c for c in fresh if c is not pick and c.score >= DIVERSITY_SHARE * pick.score
             and edition_key(c.hit.source) > edition_key(pick.hit.source) and _same_opening(c, pick, openings)]
    return max(newer, key=lambda c: edition_key(c.hit.source), default=pick)


def _chosen(c: _Candidate, index: EvidenceIndex, case: Case | None = None) -> ChosenEvidence:
    """A pick as the report receives it, with what the expert must be told about it for this case."""
    score = 0.0 if c.pinned else round(c.score * 10, 2)
    return ChosenEvidence(paragraph=c.hit.paragraph, source=c.hit.source, score=score, why=c.why,
                          hints=c.hit.hints, also_in=c.also_in, also_stated_by=c.also_stated_by,
                          antecedent=_antecedent(c.hit.paragraph, index),
                          notes=c.notes + (_case_notes(c.hit.paragraph, case) if case else ()))


def _antecedent(paragraph, index: EvidenceIndex) -> str:
    """The person a paragraph's opening pronoun stands for: the last full name the source gave
    before it, if the paragraph just before names one ("Xie Weidong ... When he refused")."""
    if not starts_with_pronoun(paragraph.text):
        return ""
    for before in index.preceding(paragraph, 1):
        names = person_names(before.text)
        if names:
            return names[-1].group(1)
    return ""
