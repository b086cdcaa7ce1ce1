"""What a paragraph is worth as evidence for this applicant, apart from how well it matches the
factor: who published it, whether it is about this applicant's place and group, whether it states
the general rule or tells one story, and whether its edition is current.

A country expert leads with an authoritative, current, general statement that fits the person
(the State Department's opening statement on a practice, a UN finding, a Home Office note's own
assessment) and uses incidents to support it; weak sources (no author, publisher, date or
address; opinion; commercial material) never lead. These rules weigh candidates; matching/match.py picks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..library.indexing.names import groups_named, seen_text, term_groups
from ..library.indexing.taxonomy import names_pattern, places_of
from ..library.indexing.traits import Traits, abroad_or_host
from ..models import UNKNOWN, Case, EvidenceParagraph, SourceMeta, Taxonomy
from ..text import word_char
from .notes import note

# how far a kind of source is relied on for a fact (an authoritative report before news)
RELIABILITY = {"government": 1.0, "intergovernmental": 1.0, "ngo-report": 0.9, "court": 1.0, "academic": 0.95,
               "ngo-statement": 0.85, "news": 0.75, "other": 0.7, "opinion": 0.5, "commercial": 0.3}
# quoted as evidence only where the case allows them (case.allow_source_types)
NOT_EVIDENCE_BY_DEFAULT = ("opinion", "commercial")
UNATTRIBUTED_WEIGHT = 0.35

@dataclass(frozen=True)
class Weight:
    """A factor of a candidate's score, with the reasons `match --json` shows for it."""

    value: float
    reasons: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()  # for the expert, where the paragraph is quoted


def unattributed(source: SourceMeta) -> bool:
    """Nothing a reader could check it by: no author, publisher, date or address."""
    return all(v in ("", UNKNOWN) for v in (source.author, source.publisher, source.published, source.url))


def source_weight(source: SourceMeta, case: Case, taxonomy: Taxonomy) -> Weight:
    """0 for a source this case does not quote (excluded, or opinion and commercial material the
    case does not allow); less for a source that cannot be checked."""
    if source.id in case.exclude_sources:
        return Weight(0.0, ("excluded by the case",))
    if source.source_type in NOT_EVIDENCE_BY_DEFAULT and source.source_type not in case.allow_source_types:
        return Weight(0.0, (f"{source.source_type} material, not quoted unless the case allows it",))
    value = RELIABILITY.get(source.source_type, 0.7)
    if unattributed(source):
        return Weight(value * UNATTRIBUTED_WEIGHT, ("an unattributed source",), (note("unattributed"),))
    return Weight(value)


def state_voice(source: SourceMeta, taxonomy: Taxonomy) -> bool:
    """The home state's own publication (its statutes, its ministries, its state media)."""
    return bool(taxonomy.state_publishers) and bool(names_pattern(taxonomy.state_publishers).search(source.publisher))


def is_mine(weight: Weight) -> bool:
    """Whether fit_weight found the paragraph about the applicant's own place or group."""
    return weight.value > 1.0


@dataclass(frozen=True)
class ApplicantFit:
    """Which of the taxonomy's places and groups this applicant is in, and how to find them named:
    one pattern for all their terms, each term leading back to its place or group."""

    mine: frozenset[str]
    separate: str  # the applicant's own separate jurisdiction ("hong-kong"), or ""
    status: frozenset[str] = frozenset()  # of mine, the groups of what people did or had done to them (by `factors`)
    pattern: re.Pattern | None = None
    term_groups: dict[str, frozenset[str]] = field(default_factory=dict)
    seen: dict[str, frozenset[str]] = field(default_factory=dict)  # text -> what it names, per case
    by_paragraph: dict[str, frozenset[str]] = field(default_factory=dict)  # paragraph id -> the same, from the index
    partial: dict[str, float] = field(default_factory=dict)  # groups not the applicant's whose evidence weighs less, not 0

    def named(self, text: str) -> frozenset[str]:
        if self.pattern is None:
            return frozenset()
        if text not in self.seen:
            self.seen[text] = groups_named(text, self.term_groups, self.pattern)
        return self.seen[text]


def applicant_fit(case: Case, taxonomy: Taxonomy) -> ApplicantFit:
    places = places_of(taxonomy, case.applicant, tuple(f.factor for f in case.risk_factors))
    separate = next((g.id for g, by_area in places if g.separate and by_area), "")
    groups = term_groups(taxonomy)  # as the index found them (library.indexing.names)
    status = frozenset(g.id for g, _ in places if {k for k, _ in g.applicant} == {"factors"})
    mine = frozenset(g.id for g, _ in places)
    partial = {g.id: g.others_weight for g in taxonomy.places_and_groups if g.others_weight and g.id not in mine}
    return ApplicantFit(mine, separate, status, names_pattern(sorted(groups)) if groups else None, groups,
                        partial=partial)


def scope_weight(paragraph: EvidenceParagraph, source: SourceMeta, taxonomy: Taxonomy,
                 abroad_factor: bool, only_abroad: bool, traits: Traits) -> Weight:
    """Less for an account of events abroad under a factor about treatment at home (an FBI case, a
    protest in San Francisco, a report about another country too, are no evidence of police
    surveillance in China); the factors about people abroad take it. A factor whose acts happen
    abroad (sur place) takes nothing else: an arrest at a protest in Hong Kong is no evidence of
    what is done to a protester in London. `traits`: the paragraph's, as the index stored them."""
    t = traits
    if only_abroad:  # its title, heading or text
        told = t.abroad or t.host or t.heading_abroad or abroad_or_host(source.title)
        return Weight(1.0) if told else Weight(0.0, ("not about people abroad",))
    if abroad_factor:
        return Weight(1.0)
    if t.abroad or t.host:
        return Weight(0.6, ("about events abroad",))
    if set(source.country) - {taxonomy.country, *taxonomy.own_codes}:
        return Weight(0.6, ("from a source about another country too",))
    return Weight(1.0)


def fit_weight(paragraph: EvidenceParagraph, source: SourceMeta, fit: ApplicantFit, traits: Traits,
               strict: bool | str = False) -> Weight:
    """More for evidence about the applicant's own place or group; none for evidence about another
    one (a Uyghur camp for a Tibetan monk), unless it names several groups of people abroad at once
    (a general statement); less for the rest of the country where the applicant's area has its own
    legal system (mainland household registration for a Hong Kong activist); `strict` for the
    sections every report has, "area" for those about the applicant's area (relocation), where
    the rest of the country's evidence is left out altogether."""
    if fit.pattern is None:
        return Weight(1.0)
    named = fit.by_paragraph.get(paragraph.id)  # as the index found them (EvidenceIndex.names_seen)
    if named is None:
        named = fit.named(seen_text(paragraph.heading, paragraph.text))
    in_title = fit.named(source.title)
    if len(in_title) == 1:  # a source about one place or group (a note on Hong Kong, a Xinjiang assessment)
        named |= in_title
    mine, others = named & fit.mine, named - fit.mine
    if others and not mine - fit.status:
        mine = frozenset()  # former detainees among the Uyghurs are the Uyghurs' evidence, not a Tibetan's
    if mine and len(others) >= 2:
        return Weight(1.0, ("names the applicant's group among several",))
    if mine:
        return Weight(1.3, (f"about {', '.join(sorted(mine))}, as the applicant is",))
    abroad = traits.abroad
    if len(others) >= 2 and not in_title and abroad:
        return Weight(0.85, ("names several groups abroad: a general statement",))
    if others and all(g in fit.partial for g in others):  # a status whose evidence the applicant shares in part
        return Weight(min(fit.partial[g] for g in others), (f"about {', '.join(sorted(others))}, as the applicant is not",))
    if others:  # another group's conditions are not this applicant's: never quoted for them
        return Weight(0.0, (f"about {', '.join(sorted(others))}, not the applicant's place or group",))
    if fit.separate and not abroad:  # people abroad are reached from anywhere
        return Weight(0.0 if strict == "area" else 0.35 if strict else 0.7,
                      (f"about the country in general, not {fit.separate}",))
    return Weight(1.0)


def generality(traits: Traits) -> tuple[float, str]:
    """More for a statement of the rule (a section's opening, a practice and its reach), less for
    one story (an incident's date, a named person opening the paragraph): how the first sentence
    opens (library.indexing.traits)."""
    lead_in, kind = traits.lead_in, traits.opening
    value, why = 1.0, ""
    if traits.opens_section or lead_in:
        value, why = 1.2, "opens its section"
    if kind == "incident":
        return value * 0.8, why or "an incident"
    if kind == "person":
        return value * 0.85, why or "about one person"
    if kind == "general":
        return value * 1.15, why or "a general statement"
    return value, why


HISTORY_YEARS = 10  # an account of events this many years before the report is history, not current evidence


def history(traits: Traits, report_year: int) -> Weight:
    """Less for an account of events long past ("In 1989, many overseas Chinese ..."): the
    tribunal asks what would happen now; a history explains, it does not show the present risk."""
    year = traits.opening_year
    if year is not None and report_year - year >= HISTORY_YEARS:
        return Weight(0.6, (f"an account of {year}, history rather than current evidence",))
    return Weight(1.0)


def mention(hints: tuple[str, ...], offered: int, words: int) -> Weight:
    """Less for a paragraph of some length (`words`) that the taxonomy finds by one word of the
    factor's alone, of the several (`offered`) it has: a section on corruption that names conscripts
    once mentions the matter in passing; a short paragraph that names it once is about it."""
    found = tuple(h for h in hints if not h.startswith("heading:"))
    if len(found) != len(hints) or offered < PASSING_OF or words < PASSING_WORDS:
        return Weight(1.0)  # the cheap tests first: the one below compiles a pattern per hint
    distinct = _distinct(found)
    if len(distinct) == 1:
        return Weight(0.6, (f"names the matter once ('{distinct[0]}')",))
    return Weight(1.0)


@lru_cache(maxsize=4096)
def _distinct(found: tuple[str, ...]) -> tuple[str, ...]:
    """The hints not inside another that was found ('detention' in 'administrative detention' is
    the same mention); once per list of hints, which many paragraphs share."""
    return tuple(h for h in found if not any(o != h and _opens_word_in(h.rstrip("*"), o) for o in found))


def _opens_word_in(stem: str, text: str) -> bool:
    """Whether `stem` stands in `text` at a word boundary (as r"\b" + stem would find it, without
    compiling a pattern for each pair of hints: 60-odd a draft)."""
    i = text.find(stem)
    while i >= 0:
        if (i > 0 and word_char(text[i - 1])) != (bool(stem) and word_char(stem[0])):
            return True
        i = text.find(stem, i + 1)
    return False


PASSING_OF = 4  # a factor needs this many hints before one of them alone is a passing mention
PASSING_WORDS = 50  # and a paragraph this many words: a shorter one that names the matter is about it


def currency(edition_year: int | None, newest_year: int | None) -> float:
    """An older edition's text that the newest does not repeat may no longer hold: the older,
    the less (a year behind 0.9, five years 0.59, never below 0.5)."""
    if edition_year is None or newest_year is None:
        return 0.7
    return max(0.5, 0.9 ** max(0, newest_year - edition_year))
