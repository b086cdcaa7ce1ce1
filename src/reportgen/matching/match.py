"""Choosing evidence for each risk factor of a case: relevant, reliable, diverse, explained.

Three signals, each measured by the index and scaled to the best in the candidate pool:
- the taxonomy's hints (tag weight at index time),
- the factor's own label and description as a query (BM25): this is what carries to a new
  country's taxonomy, which need not have hints at all,
- the lawyer's instructed facts as a query (BM25).
A paragraph must be about the factor (tagged, or strongly matching its description) to be
picked at all; below the bar the factor is reported as a gap with what was searched, rather
than filled with weak picks. Scores are weighed by the kind of source (government, UN and NGO
reports before news, opinion and commercial material) and against over-long paragraphs (merged
or garbled text collects words). Editions of one series are folded: the newest edition is cited
and the report can say the same text stands in earlier ones. Contrary evidence is what states
the state's or the respondent's own position (library.segmenting.stance), not what shares words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ..library.indexing.rankings import DESCRIBED_DEPTH
from ..library.indexing.read import EvidenceIndex, Hit
from ..library.indexing.same_text import words
from ..library.indexing.taxonomy import described, excepted_pattern
from ..library.indexing.traits import Traits
from ..library.segmenting.headings import POLICY_HEADING
from ..models import (
    UNKNOWN,
    Case,
    ChosenEvidence,
    FactorEvidence,
    MatchResult,
    RiskFactor,
    SourceMeta,
    Taxonomy,
)
from ..text import first_sentence, long_date, years_between
from .candidate import _Candidate
from .editions import _fold_editions
from .notes import note
from .respondent import relied_on
from .selection import _chosen, _publication, _select
from .weighing import (
    NOT_EVIDENCE_BY_DEFAULT,
    RELIABILITY,
    ApplicantFit,
    applicant_fit,
    fit_weight,
    generality,
    history,
    is_mine,
    mention,
    scope_weight,
    source_weight,
    state_voice,
)

_RELATIVE_DATE = re.compile(
    r"\b(this|last|next|past) (year|month|week|spring|summer|autumn|fall|winter)\b|\b(yesterday|today|"
    r"recently|earlier this|later this)\b|\bon (monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|"
    r"\bof this year\b|\b\w+ days? ago\b", re.I)
@dataclass(frozen=True)
class MatchSettings:
    """How many extracts and candidates a draft takes, and the bars they must clear."""

    per_factor: int = 3  # extracts per issue: the forum's `extracts_per_issue` where drafted for one
    contrary_per_factor: int = 2
    per_topic: int = 3
    pool: int = 120  # candidates per signal, chosen in SQL
    ranked: int = DESCRIBED_DEPTH  # paragraphs scored by each query (the rest score 0 on it): what the index stores
    bar: float = 0.3  # a pick must reach this share of the factor's best score
    topic_bar: float = 0.5  # and of a topic's (background ...): a section every report has takes only strong evidence
    contrary_bar: float = 0.4  # contrary evidence must reach this share of the best supporting score
    long_paragraph: int = 180  # words; longer paragraphs are discounted
    max_age_years: float = 5.0  # a source older than this, before the report date, is flagged
    alternatives: int = 0  # the next candidates listed per factor, for steering
    contrary_subject: int = 2  # words of the factor's subject a contrary position must name


@dataclass(frozen=True)
class _Context:
    """What every factor of one case is weighed against: the case, its applicant's place and
    group, the index, and what the case excludes."""

    case: Case
    taxonomy: Taxonomy
    index: EvidenceIndex
    settings: MatchSettings
    fit: ApplicantFit
    source_weights: dict
    report_year: int


def match_case(case: Case, taxonomy: Taxonomy, index: EvidenceIndex,
               settings: MatchSettings = MatchSettings()) -> MatchResult:
    used: dict[str, str] = {}  # paragraph id -> factor that quotes it first
    ctx = _context(case, taxonomy, index, settings)
    results = []
    for instructed in case.risk_factors:
        factor = taxonomy.get(instructed.factor)
        supporting, contrary = _candidates(factor, instructed.facts, ctx, instructed.exclude)
        supporting = _pinned(instructed.pin, ctx) + [c for c in supporting if c.hit.paragraph.id not in instructed.pin]
        quotable = [c for c in supporting if not c.passing]  # a passing mention is never quoted for a factor
        chosen = _select(quotable, settings.per_factor, used, factor.id, index, case)
        contra = _select(contrary, settings.contrary_per_factor, used, factor.id, index, case)
        picked = {c.paragraph.id for c in (*chosen, *contra)}
        unpicked = [c for c in supporting if c.hit.paragraph.id not in picked]
        alternatives = [_chosen(c, index, case) for c in unpicked[:settings.alternatives]]  # only those shown
        warnings = _warnings(factor, chosen, case.report_date, settings)
        if not chosen:  # nothing about the issue; or only paragraphs about other matters that name it once
            warnings.insert(0, note("only_in_passing" if supporting else "no_evidence", factor=factor.id,
                                    label=factor.label))
        results.append(FactorEvidence(factor=factor, facts=instructed.facts, evidence=tuple(chosen),
                                      contrary=tuple(contra), warnings=tuple(warnings),
                                      alternatives=tuple(alternatives)))
    topics = []
    for topic in taxonomy.topics:  # background, risk on return...: for this applicant's profile
        supporting, _ = _candidates(topic, _profile(case, taxonomy, topic), ctx, topic=True)
        chosen = _select(supporting, settings.per_topic, used, topic.id, index, case, allow_reuse=False)
        topics.append(FactorEvidence(factor=topic, facts="", evidence=tuple(chosen),
                                     warnings=tuple(_too_old(topic, chosen, case.report_date, settings, "section_too_old"))))
    return MatchResult(case=case, factors=tuple(results), topics=tuple(topics),
                       relied_on=relied_on(case, index))


def _context(case: Case, taxonomy: Taxonomy, index: EvidenceIndex, settings: MatchSettings) -> _Context:
    """A source excluded once is excluded everywhere: the case's list and every factor's."""
    excluded = set(case.exclude_sources)
    excluded.update(x for f in case.risk_factors for x in f.exclude if ":" not in x)
    case = replace(case, exclude_sources=tuple(sorted(excluded)))
    return _Context(case, taxonomy, index, settings, applicant_fit(case, taxonomy), {}, int(case.report_date[:4]))


def _profile(case: Case, taxonomy: Taxonomy, topic: RiskFactor) -> str:
    """What a section every report has should be about: this applicant (the parts the topic says
    shape it: relocation turns on where they would return, background on the factors), not a fixed trio."""
    a = case.applicant
    values = {"home_area": a.return_area or a.home_area, "ethnicity": a.ethnicity,
              "religion": a.religion if a.religion.lower() != "none" else "",
              "factors": " ".join(taxonomy.get(f.factor).label for f in case.risk_factors if taxonomy.get(f.factor))}
    return " ".join(values[k] for k in topic.profile if values[k])


def _weight_of_source(source: SourceMeta, ctx: _Context):
    """(its weight, whether it is the home state's own voice): once per source, not per candidate."""
    if source.id not in ctx.source_weights:
        ctx.source_weights[source.id] = (source_weight(source, ctx.case, ctx.taxonomy),
                                         state_voice(source, ctx.taxonomy))
    return ctx.source_weights[source.id]


def _candidates(factor: RiskFactor, facts: str, ctx: _Context, exclude: tuple[str, ...] = (),
                topic: bool = False) -> tuple[list[_Candidate], list[_Candidate]]:
    """Ranked supporting and contrary candidates that clear the bar. A topic (background, risk on
    return, relocation) states the general position for people like the applicant: another
    group's evidence and single stories weigh less there still."""
    index, settings, country = ctx.index, ctx.settings, ctx.case.applicant.country
    pool: dict[str, Hit] = {h.paragraph.id: h for h in index.top_tagged(factor.id, country, settings.pool)}
    # the state's own position is rarer than evidence against it: its candidates are sought apart
    pool.update((h.paragraph.id, h) for h in index.top_tagged(factor.id, country, settings.pool, "contrary"))
    tags = {pid: (h.score, h.hints) for pid, h in pool.items()}  # top_tagged's own weights: not asked again
    rankings = [index.ranking(described(factor), country, settings.ranked, settings.pool)]
    if facts.strip():
        rankings.append(index.ranking(facts, country, settings.ranked, settings.pool))
    for ranking in rankings:  # the best of each ranking joins the pool; all of it scores the pool
        for h in (*ranking.best, *ranking.contrary):
            if h.paragraph.id not in pool:
                pool[h.paragraph.id] = Hit(h.paragraph, h.source, 0.0)
    if not pool:
        return [], []
    ids = list(pool)
    ctx.fit.by_paragraph.update(index.names_seen(ids, ctx.taxonomy))  # worked out at index time
    traits = index.traits(ids)  # as are what its heading and text alone decide: stored with every paragraph read
    tags.update(index.tags_of([pid for pid in ids if pid not in tags], factor.id))
    desc = index.scores(rankings[0], ids)  # a stored ranking's other scores: only the pool's are read
    facts_ranked = len(rankings) > 1 and bool(rankings[1].scores)
    fact = index.scores(rankings[1], ids) if facts_ranked else {}
    top_t = max((w for w, _ in tags.values()), default=0.0) or 1.0
    top_d, top_f = rankings[0].top or 1.0, (rankings[1].top if facts_ranked else 0.0) or 1.0
    scored, positions = [], []
    subject = _subject_words(factor)
    hinted = bool(factor.hints.terms or factor.hints.phrases or factor.hints.requires)
    label = _stems(factor.label) - _SUBJECT_STOP
    unless = excepted_pattern(factor.hints.excepted)
    for pid, hit in pool.items():
        if pid in exclude:
            continue
        known = traits[pid]  # what the paragraph alone decides first: it rules most candidates out cheaply
        general, general_why = generality(known)
        if topic and general < 1.0:
            continue  # a section on the general position (background, risk on return): one story is no pattern
        past = history(known, ctx.report_year)
        if past.value < 1.0 and not topic:
            continue  # the tribunal asks what would happen now: a history may explain the background, not an issue
        weight, hints = tags.get(pid, (0.0, ()))
        # contrary text is tagged on any hint (tagging): below the factor's own bar it may state the
        # state's position on the matter, but it is not evidence of the matter
        position_only = hit.paragraph.stance == "contrary" and weight < factor.hints.threshold
        t, d, f = weight / top_t, desc.get(pid, 0.0) / top_d, fact.get(pid, 0.0) / top_f
        fits = fit_weight(hit.paragraph, hit.source, ctx.fit, known,
                          strict=("area" if "home_area" in factor.profile else True) if topic else False)
        if not fits.value:
            continue
        evidence = _about_factor(0.0 if position_only else weight, d, f, fits, hit.paragraph.text, subject,
                                 label, hinted)
        if not evidence and not (position_only and weight):
            continue
        source, states = _weight_of_source(hit.source, ctx)
        if not source.value:
            continue
        relevance = (0.35 * t + 0.35 * d + 0.3 * f) if facts_ranked else (0.5 * t + 0.5 * d)
        if general_why == "opens its section" and any(h.startswith("heading:") for h in hints):
            general, general_why = general * 1.25, "opens the section on this matter"
        scope = scope_weight(hit.paragraph, hit.source, ctx.taxonomy, factor.abroad, factor.only_abroad, known)
        if unless and unless.search(f"{hit.paragraph.heading}\n{hit.paragraph.text}"):
            continue  # the taxonomy says it names another matter in the factor's words (last: a pattern over the text)
        # the applicant's own group named is the paragraph's subject, never a passing mention
        passing = mention(() if is_mine(fits) else hints, len(factor.hints.terms) + len(factor.hints.phrases),
                          known.words)
        score = (relevance * source.value * fits.value * scope.value * general * past.value * passing.value
                 * _form(settings, known))
        why = "; ".join(x for x in (_why(hints, hit, d, f), *source.reasons, *fits.reasons, *scope.reasons,
                                    general_why, *past.reasons, *passing.reasons) if x)
        candidate = _Candidate(Hit(hit.paragraph, hit.source, hit.score, hints), score, why, notes=source.notes,
                               passing=passing.value < 1.0, position_only=not evidence)
        if states:  # the home state's law or word: its position, never corroboration
            positions.append(replace(candidate, why=f"{why}; the home state's own publication (its law or position)"))
        else:
            scored.append(candidate)
    in_series = [c.hit.paragraph.id for c in scored if c.hit.source.series]
    scored = _fold_sources(_fold_editions(scored, index.same_text(in_series) if in_series else {}))
    # a paragraph that tells what was done and then gives the state's word on it is evidence for the claim
    told = [c for c in scored if c.hit.paragraph.stance == "contrary" and not c.position_only and not _states_first(c)]
    supporting = _ranked([c for c in scored if c.hit.paragraph.stance != "contrary"] + told,
                         settings.topic_bar if topic else settings.bar)
    # the state's position, weighed against its own kind, and about the issue as much as weak evidence is
    floor = settings.contrary_bar * max((c.score for c in supporting), default=0.0)
    contrary = [c for c in scored if c.hit.paragraph.stance == "contrary" and _states_first(c)]
    contrary = [_on_subject(c, subject, settings) for c in contrary] + [_on_subject(c, subject, settings, True)
                                                                         for c in positions]
    contrary = _ranked([c for c in contrary if c is not None], settings.bar, floor)
    return supporting, contrary


def _about_factor(weight: float, d: float, f: float, fits, text: str, subject: frozenset[str],
                  label: set[str], hinted: bool) -> bool:
    """Whether a candidate is evidence of the factor's matter: tagged by the taxonomy, or (untagged)
    strongly matching the factor's description, or about the applicant's own people and naming
    the factor's subject."""
    if weight:
        return True
    if not (d >= 0.5 or (is_mine(fits) and max(d, f) >= 0.3)):
        return False  # not about the factor: sharing the facts' words is not enough, unless about their own people
    stems = _stems(text)
    if len(stems & subject) < 2 or not stems & label:
        return False  # naming neither the factor itself nor more of its subject than a passing word
    return not hinted or is_mine(fits)  # the taxonomy's words for the factor do not find it: words, not the matter


def _states_first(c: _Candidate) -> bool:
    """Whether a paragraph's point is the state's position: it opens with it (a policy note's
    assessment is the respondent's position throughout). One that gives it later is an account of
    what was done, or a third party's analysis, with the state's word on it."""
    p = c.hit.paragraph
    if POLICY_HEADING.search(p.heading) and "home office" in c.hit.source.publisher.lower():
        return True
    return p.position == first_sentence(p.text)


def _pinned(pins: tuple[str, ...], ctx: _Context) -> list[_Candidate]:
    """Paragraphs the case pins, first, whatever their score (validate has checked they exist)."""
    out = []
    for pid in pins:
        paragraph = ctx.index.paragraph(pid)
        source = ctx.index.source(paragraph.source_id) if paragraph else None
        if paragraph and source:
            out.append(_Candidate(Hit(paragraph, source, 0.0), float("inf"), "pinned by the case", pinned=True))
    return out


_SUBJECT_STOP = frozenset("""about after against also being before china chinese country from government have
including into other over people person persons such that their them these they this those under which with
would state authorities officials during where while since many have been used writing media""".split())


@lru_cache(maxsize=4096)
def _stems(text: str) -> frozenset[str]:
    """A text's words of four letters or more, as their first six letters (once per text: a
    paragraph is weighed for several factors)."""
    return frozenset(w[:6] for w in re.findall(r"[a-z]{4,}", text.lower()))


def _subject_words(factor: RiskFactor) -> frozenset[str]:
    """The factor's subject as word starts (six letters: 'detain' finds 'detention'): its label,
    description and hints."""
    h = factor.hints
    return frozenset(_stems(" ".join((factor.label, factor.description, *h.terms, *h.phrases, *h.heading_terms)))
                     - _SUBJECT_STOP)


def _on_subject(c: _Candidate, subject: frozenset[str], settings: MatchSettings,
                from_state: bool = False) -> _Candidate | None:
    """A contrary candidate whose position (the sentence giving it; a state publication's whole
    text) is about the factor's subject, with that in its why; None when it is about something else."""
    p = c.hit.paragraph
    position = p.text if from_state else p.position
    if not position:
        return None
    named = _stems(position) & subject
    if len(named) < settings.contrary_subject and not (from_state and c.hit.hints):
        return None
    said = position if len(position) <= 160 else position[:157].rsplit(" ", 1)[0] + "\u2026"
    score = c.score * (1.5 if POLICY_HEADING.search(p.heading) else 1.0)  # a policy note's own assessment first
    return replace(c, score=score, why=f"{c.why}; states the position: \u201c{said}\u201d")


def _ranked(candidates: list[_Candidate], bar: float, floor: float = 0.0) -> list[_Candidate]:
    """Best first, those that reach `bar` of the best (and the floor)."""
    best = max((c.score for c in candidates), default=0.0)
    return sorted((c for c in candidates if c.score >= max(bar * best, floor)),
                  key=lambda c: (-c.score, c.hit.paragraph.source_id, c.hit.paragraph.number))


def _form(settings: MatchSettings, traits: Traits) -> float:
    """How well the paragraph's form suits a quotation: over-long or merged text, a summary that
    enumerates every abuse in one breath, a document's own apparatus and its sections on others'
    responses all collect words without being evidence of the matter (library.indexing.traits)."""
    t = traits
    words = t.words
    factor = min(1.0, (settings.long_paragraph / words) ** 0.5) if words else 1.0
    if t.enumerates:
        factor *= 0.5  # "Significant human rights issues included: ...; ...; ..."
    if t.apparatus:
        factor *= 0.3  # apparatus, a pointer elsewhere, or a lead-in whose substance is the next paragraph
    elif t.responses:
        factor *= 0.3  # what others do about the state's conduct is not evidence of that conduct
    return factor


def _why(hints: tuple[str, ...], hit: Hit, d: float, f: float) -> str:
    reasons = []
    if hints:
        reasons.append("tagged by " + ", ".join(f"'{x}'" for x in hints[:5]))
        if hit.paragraph.heading and any(x.startswith("heading:") for x in hints):
            reasons.append(f"under the heading '{hit.paragraph.heading}'")
    if d >= 0.3:
        reasons.append("matches the factor's description")
    if f:
        reasons.append("shares words with the instructed facts")
    return "; ".join(reasons) or "matches the factor"



def _fold_sources(candidates: list[_Candidate]) -> list[_Candidate]:
    """One paragraph per text across publications: a policy note or an NGO that quotes the State
    Department word for word says nothing the original does not. The most authoritative source's
    paragraph is cited (the more reliable kind, then the original), naming the others as also
    stating it. Near-identical: the shorter text's words lie almost all (SAME_TEXT) in the longer's."""
    if len(candidates) < 2:
        return candidates
    text_words = {id(c): words(c.hit.paragraph.text) for c in candidates}
    # the more reliable kind of source; between equals, the original (a quoting note wraps it in more words)
    authority = lambda c: (RELIABILITY.get(c.hit.source.source_type, 0.7), -len(text_words[id(c)]), c.score)  # noqa: E731
    out: list[_Candidate] = []
    folded: dict[int, list[_Candidate]] = {}
    publication = {id(c): _publication(c) for c in candidates}
    for c in sorted(candidates, key=authority, reverse=True):
        mine, theirs = text_words[id(c)], publication[id(c)]
        host = next((h for h in out if publication[id(h)] != theirs and _same_text(text_words[id(h)], mine)), None)
        if host is None:
            out.append(c)
        else:
            folded.setdefault(id(host), []).append(c)
    for i, host in enumerate(out):
        others = folded.get(id(host))
        if others:
            names = tuple(dict.fromkeys(o.hit.source for o in others))
            out[i] = replace(host, score=max(host.score, *(o.score for o in others)), also_stated_by=names,
                             why=f"{host.why}; the same text stands in {', '.join(m.id for m in names)}")
    return out


SAME_TEXT = 0.9  # the share of the shorter paragraph's words the longer must hold to be the same text


def _same_text(a: frozenset[str], b: frozenset[str]) -> bool:
    small, large = (a, b) if len(a) <= len(b) else (b, a)
    return len(small) >= 12 and len(small & large) >= SAME_TEXT * len(small)



def _too_old(factor: RiskFactor, chosen: list[ChosenEvidence], report_date: str,
             settings: MatchSettings, key: str = "too_old") -> list[str]:
    """A note for each source quoted on the issue (or, `section_too_old`, in a section whose heading
    the forum words) that is older than the forum's limit."""
    sources = {c.source.id: c.source for c in chosen}
    return [note(key, factor=factor.id, label=factor.label, source=s.id, title=s.title,
                 published=long_date(s.published), years=settings.max_age_years)
            for s in sources.values() if (years_between(s.published, report_date) or 0) > settings.max_age_years]


def _warnings(factor: RiskFactor, chosen: list[ChosenEvidence], report_date: str,
              settings: MatchSettings) -> list[str]:
    sources = {c.source.id: c.source for c in chosen}
    warnings = _too_old(factor, chosen, report_date, settings)
    for c in chosen:
        found = _RELATIVE_DATE.search(c.paragraph.text)
        if found and c.source.published == UNKNOWN:
            warnings.append(note("undated_when", source=c.source.id, locator=c.paragraph.locator, said=found.group(0)))
    if len(sources) == 1:
        only = next(iter(sources.values()))
        warnings.append(note("single_source", factor=factor.id, label=factor.label, source=only.id, title=only.title))
    if sources and all(s.source_type in NOT_EVIDENCE_BY_DEFAULT for s in sources.values()):
        warnings.append(note("only_weak_sources", factor=factor.id))
    return warnings

