"""What the respondent relies on (`case.respondent_relies_on`: a refusal's or a DHS brief's
citations, such as "CPIN China: Opposition to the state, v3.0, section 2.4"), found in the library
so that the report can quote it, or say plainly that the library does not hold it. A note the
library does not hold is never answered with another note that happens to share a word."""

from __future__ import annotations

import re

from ..library.indexing.read import EvidenceIndex
from ..models import Case, ChosenEvidence, ReliedOn, SourceMeta

_NOISE = frozenset("""cpin country policy information note notes version section para paragraph and the for
of on in at to v1 v2 v3 v4 v5 home office report reports""".split())
_SECTION = re.compile(r"\b(?:section|para(?:graph)?s?)\s+(\d+(?:\.\d+)*)", re.I)
_VERSION = re.compile(r"\b(?:v|version\s*)(\d+(?:\.\d+)?)\b", re.I)


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", text.lower()) if w not in _NOISE and not w.isdigit()}


def _holds(cited: str, source: SourceMeta) -> float:
    """How much of the source's title the citation names (0 to 1)."""
    title = _words(source.title)
    named = _words(_SECTION.sub("", _VERSION.sub("", cited)))
    if len(title & named) < 2:
        return 0.0
    return len(title & named) / len(title)


def relied_on(case: Case, index: EvidenceIndex, per_item: int = 3) -> tuple[ReliedOn, ...]:
    sources = [m for m, _ in index.sources() if case.applicant.country in m.country]
    out = []
    for cited in case.respondent_relies_on:
        best = max(sources, key=lambda m: (_holds(cited, m), m.edition), default=None)
        if best is None or _holds(cited, best) < 0.6:
            out.append(ReliedOn(cited, None))
            continue
        out.append(ReliedOn(cited, best, tuple(_its_paragraphs(cited, best, index, per_item))))
    return tuple(out)


def _its_paragraphs(cited: str, source: SourceMeta, index: EvidenceIndex, limit: int) -> list[ChosenEvidence]:
    """The cited section's paragraphs, else the document's; its own assessment first."""
    section = _SECTION.search(cited)
    paragraphs = index.paragraphs(source.id)
    if section:
        prefix = f"para {section.group(1)}."
        paragraphs = [p for p in paragraphs if p.marker.startswith(prefix) or p.marker == prefix[:-1]]
    paragraphs.sort(key=lambda p: p.stance != "contrary")
    why = f"cited by the respondent ({cited})"
    return [ChosenEvidence(paragraph=p, source=source, score=0.0, why=why) for p in paragraphs[:limit]]
