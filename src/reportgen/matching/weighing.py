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
from ..models import UNKNOWN, Case, EvidenceParagraph, SourceMeta, Taxonomy
from ..text import MONTH_NAMES, person_names, sentences, starts_with_pronoun
from .notes import note

# how far a kind of source is relied on for a fact (an authoritative report before news)
RELIABILITY = {"government": 1.0, "intergovernmental": 1.0, "ngo-report": 0.9, "court": 1.0, "academic": 0.95,
               "ngo-statement": 0.85, "news": 0.75, "other": 0.7, "opinion": 0.5, "commercial": 0.3}
# quoted as evidence only where the case allows them (case.allow_source_types)
NOT_EVIDENCE_BY_DEFAULT = ("opinion", "commercial")
UNATTRIBUTED_WEIGHT = 0.35

# an incident's opening ("In March ...", "On June 4 ...", "As of December ..."): a story, not the rule
_OPENS_ON = r"^(?:In|On|By|As of|Since|During|From|Between|Until|After|Before|Through|Throughout)\s+"  # a date follows
_INCIDENT = re.compile(_OPENS_ON + rf"(?:early |late |mid-?|the (?:first|second|third|fourth|last) |the )?(?:{MONTH_NAMES}|\d{{4}}\b|"
                       r"spring|summer|autumn|fall|winter|quarter)", re.I)
# the words of a general statement: a practice, its frequency, its reach
_GENERAL = re.compile(r"\b(routinely|systematic(?:ally)?|systemic|widespread|widely|frequently|often|commonly|"
                      r"regularly|continued to|continues to|generally|typically|pattern|practice of|numerous|"
                      r"across the country|nationwide|throughout the country|in many cases|increasingly|"
                      r"remained|severe|pervasive|extensive|arbitrar\w+)\b", re.I)
# people abroad in general: where another group's name does not make the paragraph another group's
_ABROAD = re.compile(r"\b(abroad|overseas|diaspora\w*|exiles?|outside (?:the country|china|russia)(?![\'’]s)|"
                     r"transnational|extraterritorial)\b", re.I)
# what happened in a host country (a protest in San Francisco, an FBI case): evidence for what is done
# to people abroad, not for how the state treats people at home
_HOST_COUNTRY = re.compile(r"\b(in|to|from|across) (the United States|the U\.?S\.?|the United Kingdom|the UK|Canada|"
                           r"Australia|Europe|Japan|Germany|France|the Netherlands|Sweden|Turkey|Kazakhstan|"
                           r"San Francisco|New York|London|Washington)\b|\b(FBI|Department of Justice|DoJ)\b")
# one person's own account ("According to her October 31 post on Twitter, Wang Yu ..."): a story
_ONES_ACCOUNT = re.compile(r"^According to (?:her|his)\b")
# a section's bold lead-in ("Freedom of Expression: The government ..."): the section's own opening
_LEAD_IN = re.compile(r"^[A-Z][\w,’'\- ]{2,80}: [A-Z]")


@dataclass(frozen=True)
class Weight:
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
    return ApplicantFit(frozenset(g.id for g, _ in places), separate, status,
                        names_pattern(sorted(groups)) if groups else None, groups)


def scope_weight(paragraph: EvidenceParagraph, source: SourceMeta, taxonomy: Taxonomy,
                 abroad_factor: bool, only_abroad: bool = False) -> Weight:
    """Less for an account of events abroad under a factor about treatment at home (an FBI case, a
    protest in San Francisco, a report about another country too, are no evidence of police
    surveillance in China); the factors about people abroad take it. A factor whose acts happen
    abroad (sur place) takes nothing else: an arrest at a protest in Hong Kong is no evidence of
    what is done to a protester in London."""
    if only_abroad:
        told = f"{source.title}\n{paragraph.heading}\n{paragraph.text}"
        return Weight(1.0) if _abroad(told) or _HOST_COUNTRY.search(told) else Weight(0.0, ("not about people abroad",))
    if abroad_factor:
        return Weight(1.0)
    if _abroad(paragraph.text) or _HOST_COUNTRY.search(paragraph.text):
        return Weight(0.6, ("about events abroad",))
    if set(source.country) - {taxonomy.country, *taxonomy.own_codes}:
        return Weight(0.6, ("from a source about another country too",))
    return Weight(1.0)


@lru_cache(maxsize=8192)
def _abroad(text: str) -> bool:
    """Whether a text speaks of people abroad (once per text: a paragraph is weighed for several factors)."""
    return bool(_ABROAD.search(text))


def fit_weight(paragraph: EvidenceParagraph, source: SourceMeta, fit: ApplicantFit, strict: bool | str = False) -> Weight:
    """More for evidence about the applicant's own place or group; none for evidence about another
    one (a Uyghur camp for a Tibetan monk), unless it names several groups of people abroad at once
    (a general statement); less for the rest of the country where the applicant's area has its own
    legal system (mainland household registration for a Hong Kong activist); `strict` for the
    sections every report has, "area" for those about the applicant's area (relocation), where
    the rest of the country's evidence is left out altogether."""
    if fit.pattern is None:
        return Weight(1.0)
    named = fit.named(seen_text(paragraph.heading, paragraph.text))  # the index's key (names_seen)
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
    if len(others) >= 2 and not in_title and _abroad(paragraph.text):
        return Weight(0.85, ("names several groups abroad: a general statement",))
    if others:  # another group's conditions are not this applicant's: never quoted for them
        return Weight(0.0, (f"about {', '.join(sorted(others))}, not the applicant's place or group",))
    if fit.separate and not _abroad(paragraph.text):  # people abroad are reached from anywhere
        return Weight(0.0 if strict == "area" else 0.35 if strict else 0.7,
                      (f"about the country in general, not {fit.separate}",))
    return Weight(1.0)


@lru_cache(maxsize=8192)
def generality(text: str, heading_lead: bool = False) -> tuple[float, str]:
    """More for a statement of the rule (a section's opening, a practice and its reach), less for
    one story (an incident's date, a named person opening the paragraph)."""
    first = sentences(text)[0] if text.strip() else ""
    value, why = 1.0, ""
    if heading_lead or _LEAD_IN.match(first):
        value, why = 1.2, "opens its section"
    if _INCIDENT.match(first):
        return value * 0.8, why or "an incident"
    names = person_names(first)
    if (names and names[0].start() < 25) or starts_with_pronoun(first) or _ONES_ACCOUNT.match(first):
        return value * 0.85, why or "about one person"
    if _GENERAL.search(first):
        return value * 1.15, why or "a general statement"
    return value, why


# an account that opens on a year ("In 1989, ...", "Since 2012 ..."): dated by its own first words
_OPENING_YEAR = re.compile(_OPENS_ON + rf"(?:(?:early|late|mid-?)\s*)?(?:(?:{MONTH_NAMES})\s+(?:\d{{1,2}},?\s+)?)?"
                           r"((?:19|20)\d\d)\b")
HISTORY_YEARS = 10  # an account of events this many years before the report is history, not current evidence


def history(text: str, report_year: int) -> Weight:
    """Less for an account of events long past ("In 1989, many overseas Chinese ..."): the
    tribunal asks what would happen now; a history explains, it does not show the present risk."""
    found = _OPENING_YEAR.match(text)
    if found and report_year - int(found.group(1)) >= HISTORY_YEARS:
        return Weight(0.6, (f"an account of {found.group(1)}, history rather than current evidence",))
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
    return tuple(h for h in found if not any(o != h and re.search(rf"\b{re.escape(h.rstrip('*'))}", o) for o in found))


PASSING_OF = 4  # a factor needs this many hints before one of them alone is a passing mention
PASSING_WORDS = 50  # and a paragraph this many words: a shorter one that names the matter is about it


def currency(edition_year: int | None, newest_year: int | None) -> float:
    """An older edition's text that the newest does not repeat may no longer hold: the older,
    the less (a year behind 0.9, five years 0.59, never below 0.5)."""
    if edition_year is None or newest_year is None:
        return 0.7
    return max(0.5, 0.9 ** max(0, newest_year - edition_year))
