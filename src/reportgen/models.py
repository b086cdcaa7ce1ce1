"""Plain records passed between the stages read -> segment -> index -> match -> compose -> write."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

UNKNOWN = "unknown"


@dataclass(frozen=True)
class SourceMeta:
    """Citation metadata of one source: only what the document supports, else UNKNOWN."""

    id: str
    title: str
    author: str
    publisher: str
    published: str  # YYYY-MM-DD, YYYY-MM, YYYY or UNKNOWN
    url: str
    accessed: str
    country: tuple[str, ...]
    source_type: str
    language: str
    notes: str = ""
    path: str = ""  # file name inside the library's sources folder
    series: str = ""  # editions of one publication share a series (the State Department's China report)
    edition: str = ""  # this one's place in the series ("2024", "3.0"): the newest is cited
    updated: str = ""  # a "last modified" or "updated" date the document states (cited "last updated ...")
    symbol: str = ""  # a UN document symbol ("A/52/826"), cited after the title
    page_range: str = ""  # "12-40": the pages of a multi-country document that are this source
    chapter: str = ""  # "China": the chapter (a heading and what it heads) of such a document that is this source

    def to_dict(self) -> dict:
        out = {
            "id": self.id, "title": self.title, "author": self.author,
            "publisher": self.publisher, "published": self.published, "url": self.url,
            "accessed": self.accessed, "country": list(self.country),
            "source_type": self.source_type, "language": self.language, "notes": self.notes,
        }
        if self.series:
            out.update(series=self.series, edition=self.edition)
        out.update({k: v for k, v in (("updated", self.updated), ("symbol", self.symbol),
                                      ("page_range", self.page_range), ("chapter", self.chapter)) if v})
        return out


@dataclass(frozen=True)
class SourceBlock:
    """A paragraph or heading as a structured format (HTML, PDF, Word) delivers it."""

    text: str
    position: int  # block number in the document, 1-based
    page: int | None = None  # the PDF's page index (1-based), where the format has pages
    heading: bool = False
    level: int = 0  # heading depth (1 = top), 0 when the format does not say
    item: bool = False  # a list item: prose even when it is a few words without a full stop
    marker: str = ""  # the document's own number for it, as cited: "para 2.4.7", "para 135", "art. 38"
    printed_page: str = ""  # the page number the document prints ("41", "iv"), where it prints one
    notes: tuple[str, ...] = ()  # footnotes the block cites, kept for the expert, never quoted as evidence


@dataclass(frozen=True)
class SourceDocument:
    """A source as read: its metadata and its text, decoded but otherwise untouched.

    Plain text keeps its lines in `text`; structured formats give their `blocks` instead."""

    meta: SourceMeta
    text: str = ""
    blocks: tuple[SourceBlock, ...] = ()


@dataclass(frozen=True)
class ClassifiedLine:
    """One line or paragraph of a source, classified by the furniture rules."""

    text: str
    line: int  # 1-based line in the source text
    kind: str  # "body" | "heading" | "furniture"
    reason: str = ""  # why it is furniture or a heading
    page: int | None = None


@dataclass(frozen=True)
class EvidenceParagraph:
    """A citable paragraph: exact source text plus where it sits in its source."""

    id: str
    source_id: str
    number: int  # paragraph number among the source's evidence paragraphs
    line: int
    heading: str
    text: str
    attributed_to: str = ""  # who originally said it, where the text names them
    page: int | None = None
    factors: tuple[str, ...] = ()
    stance: str = "supports"  # "supports" | "contrary" (state position, denials)
    position: str = ""  # of a contrary paragraph, the sentence that gives the position (segmenting.stance)
    marker: str = ""  # the document's own number, as cited ("para 2.4.7", "art. 38")
    printed_page: str = ""  # the page the document prints, where it prints one
    notes: tuple[str, ...] = ()  # the footnotes it cites (text), for the expert
    in_section: int = 0  # its place under its heading, each paragraph and list item a reader sees counted

    @property
    def by_section(self) -> bool:
        """Located by its section: a web page numbers neither its paragraphs nor its pages."""
        return not (self.marker or self.printed_page or self.page is not None) and bool(self.in_section)

    @property
    def section(self) -> str:
        """The heading a reader can search the source for, where the locator names neither the
        document's own numbers, nor a page, nor the section (a plain-text source's "para 87" is a
        count nobody opening it can follow): its last level; else ""."""
        if self.marker or self.printed_page or self.page is not None or self.by_section:
            return ""
        levels = _levels(self.heading)
        return levels[-1] if levels else ""

    @property
    def locator(self) -> str:
        """What a reader of the source uses to find the paragraph: its own number where the
        document numbers paragraphs, the printed page where it prints one, else its section and
        its place under the section's heading ("para 87" of a whole web page nobody can count)."""
        where, number = self.place
        return f"{where}, para {number}" if where and number else f"para {number}" if number else where

    @property
    def place(self) -> tuple[str, str]:
        """The locator's two parts: (where the paragraph is found, its paragraph number there or
        ''), so that a list of the places relied on can give each section once with its paragraphs."""
        page = self.printed_page or (str(self.page) if self.page is not None else "")
        if self.marker:
            return (f"{self.marker}, p. {page}" if page else self.marker), ""
        if page:
            return f"p. {page}", str(self.number)
        if self.by_section:
            return section_name(self.heading), str(self.in_section)
        return "", str(self.number)


_ENUMERATOR = re.compile(r"^(?:(?:section|chapter|part)\s+)?(\d{1,3}|[a-z]|[ivx]{1,5})[.)]\s+(?=\S)", re.I)


def _levels(heading: str) -> list[str]:
    """A heading path's levels, outermost first ("Section 2. ... > a. Freedom of ... > ...")."""
    return [h.strip() for h in heading.split(">") if h.strip()]


def section_name(heading: str) -> str:
    """A heading path as a reader finds it in the page: the numbers and letters of its levels
    while every level above is numbered, then the headings' own words ("Section 2. ... > a.
    Freedom of ... > Internet Freedom" is 'section 2.a “Internet Freedom”'; "Liberty > b. Worker
    Rights > ..." is named whole, since "b" alone is no address)."""
    levels = _levels(heading)
    if not levels:
        return "the opening of the page"
    numbers = []
    for level in levels:
        found = _ENUMERATOR.match(level)
        if not found:
            break
        numbers.append(found.group(1))
    rest = levels[len(numbers):] or [_ENUMERATOR.sub("", levels[-1])]
    where = f"section {'.'.join(numbers)} " if numbers else "section "
    return f"{where}“{' > '.join(rest)}”"


@dataclass(frozen=True)
class AlreadyRead:
    """What `evidence add` read and segmented of a file it put in the library, handed from adding
    to indexing (through the workspace) so that the index neither reads nor segments it again.
    The paragraphs stand only while the metadata the index reads of the file is still `meta`."""

    content: tuple  # (blocks, text, stated metadata, where each was found): reading.sources.read_content
    meta: SourceMeta  # the metadata the paragraphs were segmented under
    paragraphs: tuple[EvidenceParagraph, ...]


@dataclass(frozen=True)
class FactorHints:
    """What helps match a factor: words, phrases, and heading words that tag a section."""

    terms: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    heading_terms: tuple[str, ...] = ()
    requires: tuple[tuple[str, ...], ...] = ()  # groups: one word of each must occur (the actor and the act)
    threshold: float = 2.0
    excepted: tuple[str, ...] = ()  # phrases naming another matter in the factor's words ("residential surveillance")


# what of the applicant a topic section (background, relocation...) may be chosen for
PROFILE_FIELDS = ("home_area", "ethnicity", "religion", "factors")


@dataclass(frozen=True)
class RiskFactor:
    """A taxonomy entry: an issue a lawyer instructs on (a factor) or a section every report has (a topic)."""

    id: str
    label: str
    description: str
    ground: str
    hints: FactorHints = field(default_factory=FactorHints)
    profile: tuple[str, ...] = PROFILE_FIELDS  # a topic: what of the applicant shapes its evidence
    abroad: bool = False  # about people outside the country (repression abroad, sur place): evidence from abroad fits
    only_abroad: bool = False  # its acts happen abroad (sur place): an event at home is no evidence of it


@dataclass(frozen=True)
class PlaceOrGroup:
    """An area or a group with its own conditions (Hong Kong, Tibetans, Uyghurs): evidence that
    names one is about its people, and fits an applicant only when the applicant belongs to it."""

    id: str
    terms: tuple[str, ...]  # how documents name it (aliases), matched as whole words, case-blind
    applicant: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (applicant field, values that place them in it)
    separate: bool = False  # its own legal system: evidence about the rest of the country fits it less
    relocation: str = ""  # the prompt for the reasonableness of relocation, for its people
    excepted: tuple[str, ...] = ()  # names that hold a term but not the place (a newspaper: "Hong Kong Free Press")
    # what its evidence weighs for an applicant outside it: 0, never quoted for them (another people's
    # conditions); a status whose evidence others share in part (former political prisoners' families) less
    others_weight: float = 0.0


@dataclass(frozen=True)
class Taxonomy:
    """A country's risk factors, report topics and the places and groups its evidence names."""

    country: str
    name: str
    factors: tuple[RiskFactor, ...]
    topics: tuple[RiskFactor, ...] = ()  # report sections every case gets (background, relocation...)
    places_and_groups: tuple[PlaceOrGroup, ...] = ()
    state_publishers: tuple[str, ...] = ()  # the home state's own voices: its law and position, never corroboration
    own_codes: tuple[str, ...] = ()  # ISO codes of the country's own areas (HK, MO for China): not abroad

    def get(self, factor_id: str) -> RiskFactor | None:
        return next((f for f in self.factors if f.id == factor_id), None)


@dataclass(frozen=True)
class InstructedFactor:
    """One issue the lawyer asks the expert to address, with the facts to assume."""

    factor: str
    facts: str = ""
    respondent_position: str = ""  # what the other side says on this issue (refusal letter, CPIN)
    pin: tuple[str, ...] = ()  # paragraph ids the lawyer or expert wants quoted
    exclude: tuple[str, ...] = ()  # paragraph or source ids never to quote (a source: anywhere in the report)


@dataclass(frozen=True)
class Applicant:
    """The person the report is about, as far as matching and anonymising need them."""

    name: str
    anonymise: bool
    country: str
    home_area: str = ""
    gender: str = ""
    year_of_birth: int | None = None
    ethnicity: str = ""
    religion: str = ""
    now_in: str = ""
    a_number: str = ""  # US: the alien registration number
    return_area: str = ""  # where the applicant would return, when not the home area


@dataclass(frozen=True)
class Expert:
    """Who signs the report: the tool never writes their opinions, only their name and credentials."""

    name: str
    credentials: str = ""
    signs_in: str = ""


@dataclass(frozen=True)
class Case:
    """The case file as read and checked (case.yaml): everything a draft is made from besides the library."""

    reference: str
    forum: str
    instructed_by: str
    instructions_date: str
    report_date: str
    questions: tuple[str, ...]
    applicant: Applicant
    expert: Expert
    risk_factors: tuple[InstructedFactor, ...]
    path: str = ""
    respondent_reference: str = ""  # the Home Office or DHS reference
    hearing_location: str = ""  # US: the immigration court's city
    protection_sought: tuple[str, ...] = ()  # US: asylum, withholding, cat
    country_guidance: tuple[str, ...] = ()  # UK: country guidance cases and paragraphs relied on
    judge: str = ""  # US cover page: the immigration judge
    hearing_date: str = ""  # US cover page: the next hearing, YYYY-MM-DD
    hearing_time: str = ""  # US cover page: its time, as the notice of hearing gives it
    # steering the evidence
    respondent_relies_on: tuple[str, ...] = ()  # what the refusal or the respondent cites
    exclude_sources: tuple[str, ...] = ()  # sources never quoted in this case
    allow_source_types: tuple[str, ...] = ()  # opinion or commercial material the case allows as evidence

    def position(self, factor_id: str) -> str:
        """The respondent's position recorded for a factor, or ''."""
        return next((f.respondent_position for f in self.risk_factors if f.factor == factor_id), "")


@dataclass(frozen=True)
class ChosenEvidence:
    """A paragraph chosen for a factor, with its score and a human-readable reason."""

    paragraph: EvidenceParagraph
    source: SourceMeta
    score: float
    why: str
    hints: tuple[str, ...] = ()  # the taxonomy hints that tagged it ("famil*", "heading: family")
    also_in: tuple[str, ...] = ()  # older editions of the same series that carry the same text
    also_stated_by: tuple[SourceMeta, ...] = ()  # other publications that print the same text
    antecedent: str = ""  # who "he" is, when the paragraph starts with a pronoun the source explained earlier
    notes: tuple[str, ...] = ()  # for the expert: a weak source, a person sharing the applicant's name...


@dataclass(frozen=True)
class FactorEvidence:
    """What matching chose for one issue or section, with the notes the expert must see."""

    factor: RiskFactor
    facts: str
    evidence: tuple[ChosenEvidence, ...]
    contrary: tuple[ChosenEvidence, ...] = ()
    warnings: tuple[str, ...] = ()
    alternatives: tuple[ChosenEvidence, ...] = ()  # the next candidates, for steering (match --alternatives)


@dataclass(frozen=True)
class ReliedOn:
    """Something the respondent relies on (a CPIN, a section of one) and what of it the library holds."""

    cited: str  # as the case file names it
    source: SourceMeta | None  # the library's source it names, or None: not held
    evidence: tuple[ChosenEvidence, ...] = ()  # its paragraphs on the case's issues


@dataclass(frozen=True)
class MatchResult:
    """Matching's answer for a case: what composing turns into a report."""

    case: Case
    factors: tuple[FactorEvidence, ...]
    topics: tuple[FactorEvidence, ...] = ()  # evidence for the sections every report has
    relied_on: tuple[ReliedOn, ...] = ()

    @property
    def chosen(self) -> tuple[ChosenEvidence, ...]:
        """Every paragraph the report may quote: the sections' evidence, the contrary evidence, and
        what the respondent relies on (one list for the report, its citations and the schedule)."""
        return (*(c for fe in (*self.topics, *self.factors) for c in (*fe.evidence, *fe.contrary)),
                *(c for r in self.relied_on for c in r.evidence))

    @property
    def gaps(self) -> list[str]:
        return [f.factor.id for f in self.factors if not f.evidence]
