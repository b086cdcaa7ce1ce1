"""Choosing evidence for each risk factor of a case: ranked, spread across sources, explained.

Candidates are the paragraphs tagged with the factor at index time (the taxonomy's hints and
the headings carry most of the weight). The lawyer's instructed facts re-rank them by BM25.
Selection then prefers a new source over a second paragraph from the same one, and never
takes a paragraph another factor already quotes while an unused one is available.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from .index import EvidenceIndex, Hit
from .models import (
    UNKNOWN,
    Case,
    ChosenEvidence,
    FactorEvidence,
    MatchResult,
    RiskFactor,
    Taxonomy,
)

WEAK_SOURCE_TYPES = ("opinion", "commercial")


@dataclass(frozen=True)
class MatchSettings:
    per_factor: int = 4
    contrary_per_factor: int = 2
    per_topic: int = 3
    facts_weight: float = 0.5
    max_age_years: float = 5.0  # a source older than this, before the report date, is flagged


def match_case(case: Case, taxonomy: Taxonomy, index: EvidenceIndex,
               settings: MatchSettings = MatchSettings()) -> MatchResult:
    used: dict[str, str] = {}  # paragraph id -> factor that quotes it first
    results = []
    country = case.applicant.country
    for instructed in case.risk_factors:
        factor = taxonomy.get(instructed.factor)
        hits = index.tagged(factor.id, country)
        supporting = [h for h in hits if h.paragraph.stance != "contrary"]
        contrary = [h for h in hits if h.paragraph.stance == "contrary"]
        ranked = _rank(supporting, instructed.facts, index, settings)
        chosen = _select(ranked, settings.per_factor, used, factor.id)
        contra = _select(_rank(contrary, instructed.facts, index, settings), settings.contrary_per_factor,
                         used, factor.id)
        results.append(FactorEvidence(factor=factor, facts=instructed.facts, evidence=tuple(chosen),
                                      contrary=tuple(contra),
                                      warnings=tuple(_warnings(factor, chosen, case.report_date, settings))))
    topics = []
    for topic in taxonomy.topics:  # background, risk on return...: only what no factor quotes
        hits = [h for h in index.tagged(topic.id, country) if h.paragraph.stance != "contrary"]
        chosen = _select(_rank(hits, "", index, settings), settings.per_topic, used, topic.id, allow_reuse=False)
        topics.append(FactorEvidence(factor=topic, facts="", evidence=tuple(chosen)))
    return MatchResult(case=case, factors=tuple(results), topics=tuple(topics))


def _rank(hits: list[Hit], facts: str, index: EvidenceIndex, settings: MatchSettings) -> list[tuple[Hit, float, str]]:
    facts_scores = index.bm25(facts, [h.paragraph.id for h in hits]) if facts else {}
    top = max(facts_scores.values(), default=0.0)
    ranked = []
    for h in hits:
        fact_score = facts_scores.get(h.paragraph.id, 0.0)
        bonus = settings.facts_weight * 4 * fact_score / top if top else 0.0
        score = h.score + bonus
        why = "tagged by " + ", ".join(f"'{x}'" for x in h.hints[:5])
        if h.paragraph.heading and any(x.startswith("heading:") for x in h.hints):
            why += f"; under the heading '{h.paragraph.heading}'"
        if fact_score:
            why += "; shares words with the instructed facts"
        ranked.append((h, score, why))
    ranked.sort(key=lambda r: (-r[1], r[0].paragraph.source_id, r[0].paragraph.number))
    return ranked


def _select(ranked, limit: int, used: dict[str, str], owner: str, allow_reuse: bool = True) -> list[ChosenEvidence]:
    """Best first, one paragraph per source per round, unused paragraphs before reused ones."""
    fresh = [r for r in ranked if r[0].paragraph.id not in used]
    chosen: list[tuple] = []
    per_source: Counter[str] = Counter()
    cap = 1  # paragraphs allowed per source; raised only when every source left has reached it
    while len(chosen) < limit and fresh:
        pick = next((r for r in fresh if per_source[r[0].paragraph.source_id] < cap), None)
        if pick is None:
            cap += 1
            continue
        chosen.append(pick)
        fresh.remove(pick)
        per_source[pick[0].paragraph.source_id] += 1
    if not chosen and allow_reuse:  # nothing unused: quote again, and say so
        chosen = [(h, s, f"{why}; also quoted for {used[h.paragraph.id]}") for h, s, why in ranked[:1]]
    out = []
    for h, score, why in chosen:
        used.setdefault(h.paragraph.id, owner)
        out.append(ChosenEvidence(paragraph=h.paragraph, source=h.source, score=round(score, 2), why=why,
                                  hints=h.hints))
    return out


def _warnings(factor: RiskFactor, chosen: list[ChosenEvidence], report_date: str,
              settings: MatchSettings) -> list[str]:
    sources = {c.source.id: c.source for c in chosen}
    warnings = []
    for source in sources.values():
        age = _age_years(source.published, report_date)
        if age is not None and age > settings.max_age_years:
            warnings.append(f"{factor.id} relies on {source.id}, published {source.published}, "
                            f"more than {settings.max_age_years:g} years before the report")
    if len(sources) == 1:
        warnings.append(f"{factor.id} rests on a single source ({next(iter(sources))})")
    if sources and all(s.source_type in WEAK_SOURCE_TYPES for s in sources.values()):
        warnings.append(f"{factor.id} rests only on opinion or commercial sources")
    return warnings


def _age_years(published: str, report_date: str) -> float | None:
    if not published or published == UNKNOWN:
        return None
    parts = [int(x) for x in published.split("-")] + [12, 28][len(published.split("-")) - 1:]
    try:
        then = dt.date(parts[0], parts[1], min(parts[2], 28))
        return (dt.date.fromisoformat(report_date) - then).days / 365.25
    except ValueError:
        return None
