"""Composing the report model from a case, its matched evidence and a forum's template data.

The forum file (templates/forums/FORUM.yaml) gives the structure and every sentence the tool
writes; this module fills it: questions, instructed facts, evidence quoted with footnotes,
contrary evidence, and placeholders wherever the expert's own opinion belongs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ..library.indexing.taxonomy import places_of
from ..library.reading.series import edition_key
from ..library.segmenting.attribution import attribution
from ..models import (
    UNKNOWN,
    Case,
    ChosenEvidence,
    EvidenceParagraph,
    FactorEvidence,
    MatchResult,
    SourceMeta,
    Taxonomy,
)
from ..text import long_date, years_between
from . import quotes
from .anonymise import anonymise
from .citations import short_title
from .markup import MARKS, NOTE_MARK, as_data, inlines, letter, literal, ref, strip_marks
from .model import (
    Block,
    Contents,
    Heading,
    Note,
    NoteRef,
    PageBreak,
    PageSetup,
    Para,
    Placeholder,
    Quote,
    Quoted,
    Report,
    Text,
)
from .template_set import TemplateSet
from .templating import sentence_case

NON_BREAKING_HYPHEN = "\u2011"  # the A-number never breaks across lines (the writer keeps it as Word's own)

@dataclass
class _Composer:
    """The report being composed: the blocks so far and what they have cited."""

    case: Case
    match: MatchResult
    templates: TemplateSet
    blocks: list[Block]
    cited: dict[str, SourceMeta]
    ctx: dict
    notes_at: int = 0  # where notes for the expert go: after the contents, before the body (see with_notes)
    first_note: dict[str, str] = field(default_factory=dict)  # source id -> bookmark of its first footnote
    sections: list[tuple[str, str, str]] = field(default_factory=list)  # (label, first, last paragraph bookmark)
    last_quoted: str = ""  # the source of the quotation just before: the next lead-in says "The same ..."
    headings: int = 0  # headings so far: each has its bookmark for the contents
    secondary: list[str] = field(default_factory=list)  # who the quotations name as their source
    quoted: list[Quoted] = field(default_factory=list)  # every extract, for the schedule and the count
    tabs: dict[str, str] = field(default_factory=dict)  # source id -> its exhibit tab, in the order first quoted
    at: tuple[str, str] = ("", "")  # the section quotations now go under: (label, factor or topic id)
    cut: dict = field(default_factory=dict)  # extracts already cut, kept from a first pass (same input, same cut)

    # --- rendering helpers ---------------------------------------------------------------

    @property
    def forum(self) -> dict:
        return self.templates.forum

    @property
    def style(self):
        return self.templates.style

    def redact(self, text: str) -> str:
        return redact(text, self.case, self.templates)

    def render(self, template: str, **extra) -> str:
        return self.templates.render(template, self.ctx, **extra)

    def para(self, template: str, style: str = "numbered", keep: bool = False, bookmark: str = "", **extra) -> None:
        block = self.block(template, style, keep, bookmark, **extra)
        if block is not None:
            self.blocks.append(block)

    def block(self, template: str, style: str = "numbered", keep: bool = False, bookmark: str = "",
              **extra) -> Para | None:
        """The paragraph a template renders to (None when it renders empty), not yet placed."""
        text = self.render(template, **extra)
        if not text:
            return None
        if style in ("numbered", "plain", "list"):
            text = sentence_case(text)
        return Para(inlines(text), style=style, keep_with_next=keep, bookmark=bookmark)

    def word(self, key: str, **extra) -> str:
        return self.render(self.forum["wording"][key], **extra)

    def heading(self, text: str, level: int = 1, page_break: bool = False) -> None:
        self.headings += 1
        self.blocks.append(Heading(text, level, bookmark=f"_Toc_rg{self.headings}", page_break=page_break))

    def applies(self, item) -> bool:
        """A section or item with `when` is printed only when its condition renders non-empty."""
        if not (isinstance(item, dict) and "when" in item):
            return True
        return self.render(item["when"]).strip() not in ("", "0", "False", "None")

    # --- sections ------------------------------------------------------------------------

    def compose(self) -> None:
        for item in self.forum.get("title_page", []):
            if self.applies(item):
                self.para(item["text"], style=item.get("style", "centered"))
        self.blocks.append(PageBreak())
        contents_at = len(self.blocks)
        for section in self.forum["sections"]:
            if section == "factors":
                for fe in self.match.factors:
                    self.factor_section(fe)
            elif section == "bibliography":
                self.bibliography()
            elif self.applies(section):
                self.section(section)
        headings = tuple((b.level, b.text, b.bookmark) for b in self.blocks if isinstance(b, Heading) and b.level == 1)
        self.blocks.insert(contents_at, Contents(headings, self.templates.words["contents_title"]))
        self.blocks.insert(contents_at + 1, PageBreak())
        self.notes_at = contents_at + 2

    def note_blocks(self, notes: tuple[str, ...]) -> list[Block]:
        """Notes for the expert (the report's length), as printed before the body: built, not
        placed, so a composer kept in a frozen Composed is never changed by them."""
        blocks = (self.block(self.forum["wording"]["warning"], style="plain", warning=note) for note in notes)
        return [b for b in blocks if b is not None]

    def section(self, section: dict) -> None:
        self.heading(self.render(section["heading"]), page_break=section.get("page_break", False))
        start = len(self.blocks)
        if "topic" in section:
            topic = next((t for t in self.match.topics if t.factor.id == section["topic"]), None)
            if topic and topic.evidence:
                self.at = (self.render(section["heading"]), topic.factor.id)
                self.para(self.forum["wording"]["evidence_intro"], style="plain", keep=True)
                keywords = quote_terms("", *(c.hints for c in topic.evidence))
                for chosen in topic.evidence:
                    self.quote(chosen, keywords, set())
                for warning in topic.warnings:  # an old source: the expert says whether it still holds
                    self.para(self.forum["wording"]["warning"], style="plain", warning=warning)
        for item in section.get("paragraphs", []):
            if isinstance(item, dict):
                if self.applies(item):
                    self.para(item["text"], style=item.get("style", "numbered"), keep=item.get("keep", False))
            elif item in ITEMS:
                getattr(self, ITEMS[item])()
            else:
                self.para(item)
        assessment = section.get("assessment", [])
        for item in [assessment] if isinstance(assessment, str) else assessment:
            if self.applies(item):
                self.para(item["text"] if isinstance(item, dict) else item)
        if "topic" in section or section.get("issue"):  # an issue the answers' index lists
            self.mark_range(self.render(section["heading"]), start)

    def mark_range(self, label: str, start: int) -> None:
        """Bookmarks on the first and last numbered paragraphs since `start`, for cross-references."""
        numbered = [i for i in range(start, len(self.blocks))
                    if isinstance(self.blocks[i], Para) and self.blocks[i].style == "numbered"]
        if not numbered:
            return
        n = len(self.sections) + 1
        first, last = f"rg_issue{n}_first", f"rg_issue{n}_last"
        self.blocks[numbered[0]] = replace(self.blocks[numbered[0]], bookmark=first)
        if numbered[-1] != numbered[0]:
            self.blocks[numbered[-1]] = replace(self.blocks[numbered[-1]], bookmark=last)
        else:
            last = first
        self.sections.append((label, first, last))

    # --- section items (named in the forum file's paragraphs) -----------------------------

    def questions(self) -> None:
        for n, q in enumerate(self.ctx["case"]["questions"], 1):
            self.para(self.forum["wording"]["question"], style="list", question=literal(q), letter=letter(n))

    def question_placeholders(self) -> None:
        for n, q in enumerate(self.ctx["case"]["questions"], 1):
            self.para(self.forum["wording"]["question_placeholder"], question=literal(q), letter=letter(n))

    def question_answers(self) -> None:
        if self.sections:
            self.para(self.forum["wording"]["issue_index"],
                      issues=[{"label": label, "first": ref(first), "last": ref(last), "single": first == last}
                              for label, first, last in self.sections])
        for n, q in enumerate(self.ctx["case"]["questions"], 1):
            self.para(self.forum["wording"]["question_answer"], question=literal(q), letter=letter(n))

    def profile(self) -> None:
        self.para(self.forum["wording"]["profile"])

    def instructed_facts(self) -> None:
        for fe in self.match.factors:
            self.para(self.forum["wording"]["instructed_fact"], factor=_factor_ctx(fe),
                      facts=self.redact(fe.facts), bookmark=_fact_mark(fe) if fe.facts else "")

    def country_guidance(self) -> None:
        self.para(self.forum["wording"]["country_guidance"])

    def relied_on(self) -> None:
        """What the respondent relies on: quoted where the library holds it, named where it does not."""
        wording = self.forum["wording"]
        for item in self.match.relied_on:
            cited = self.redact(item.cited)
            if item.source is None:
                self.para(wording["relied_on_absent"], cited=cited)
                continue
            self.para(wording["relied_on_held"], style="plain", keep=True, cited=cited)
            for chosen in item.evidence:
                self.quote(chosen, set(), set(), contrary=True)
            self.para(wording["relied_on_response"], cited=cited)

    # --- an instructed risk factor -------------------------------------------------------

    def factor_section(self, fe: FactorEvidence) -> None:
        factor = _factor_ctx(fe)
        self.at = (fe.factor.label, fe.factor.id)
        self.heading(self.word("factor_heading", factor=factor))
        start = len(self.blocks)
        if fe.facts:
            # kept with what follows: a heading and its facts line never end a page alone
            self.para(self.forum["wording"]["factor_facts"], factor=factor, facts_at=ref(_fact_mark(fe)), keep=True)
        else:
            self.para(self.forum["wording"]["factor_no_facts"], factor=factor)
        # the words that made the paragraphs relevant: the facts, the hints that tagged them, and the
        # factor's own label and description (all a taxonomy without hints has)
        keywords = quote_terms(f"{fe.facts} {fe.factor.label} {fe.factor.description}", *(c.hints for c in fe.evidence))
        facts = quote_terms(fe.facts)
        if fe.evidence:
            self.para(self.forum["wording"]["evidence_intro"], style="plain", factor=factor, keep=True)
            for chosen in fe.evidence:
                self.quote(chosen, keywords, facts)
        else:
            self.para(self.forum["wording"]["no_evidence"], factor=factor)
        for warning in fe.warnings:
            # a note to the expert is not a numbered paragraph: deleting it must not renumber the report
            self.para(self.forum["wording"]["warning"], style="plain", warning=warning, factor=factor)
        self.respondent(fe, factor, keywords, facts)
        self.para(self.forum["wording"]["assessment"], factor=factor)
        self.mark_range(fe.factor.label, start)

    def respondent(self, fe: FactorEvidence, factor: dict, keywords: set[str], facts: set[str]) -> None:
        """The other side's case on the issue: as the case file records it, the library's contrary
        evidence (a CPIN's own assessment, the state's denials), and a place for the expert's answer."""
        self.heading(self.word("respondent_heading", factor=factor), level=2)
        position = self.redact(self.case.position(fe.factor.id))
        self.para(self.forum["wording"]["respondent_position"], factor=factor, position=position)
        if fe.contrary:
            self.para(self.forum["wording"]["contrary_intro"], style="plain", factor=factor, keep=True)
            for chosen in fe.contrary:
                self.quote(chosen, keywords, facts, contrary=True)
        self.para(self.forum["wording"]["respondent_response"], factor=factor, position=position)

    def quote(self, chosen: ChosenEvidence, keywords: set[str], facts: set[str], contrary: bool = False) -> None:
        p, meta = chosen.paragraph, chosen.source
        source = {"short": self.short_names[meta.id], "title": meta.title, "short_title": short_title(meta.title),
                  "creator": self.style.short_creator(meta),
                  "kind": self.source_kind(meta.source_type), "date": self.style.date(meta)}
        again = bool(self.blocks) and isinstance(self.blocks[-1], Quote) and self.last_quoted == meta.id
        self.last_quoted = meta.id
        # in contrary evidence, the sentence that gives the position is why the paragraph is quoted
        key = (self.at, p.id, contrary)
        if key not in self.cut:
            keep = _position(p, meta.publisher) if contrary else ""
            text = quotes.extract(p.text, keywords, max_words=self.forum.get("quote_words", 70), facts=facts,
                                  antecedent=chosen.antecedent, keep=keep)
            self.cut[key] = text, attribution(text)  # who the quoted sentences name, not the paragraph's others
        text, said_by = self.cut[key]
        p = replace(p, attributed_to=said_by)
        if p.attributed_to and p.attributed_to not in self.secondary:
            self.secondary.append(p.attributed_to)
        self.para(self.forum["wording"]["quote_intro"], style="lead_in", keep=True, source=source,
                  attributed_to=p.attributed_to, again=again)
        tab = self.tabs.setdefault(meta.id, letter(len(self.tabs) + 1).upper())
        self.blocks.append(Quote(text=text, note=self.note(meta, p, tab, chosen.also_stated_by), evidence_id=p.id))
        self.quoted.append(Quoted(*self.at, p.id, meta.id, p.locator, text, p.attributed_to, contrary, tab))
        for note in chosen.notes:  # a weak source, a person sharing the applicant's name: the expert decides
            self.para(self.forum["wording"]["evidence_note"], style="plain", note=note)
        language = self.templates.language(meta.language)
        if language:  # printed in the original; the translation is the expert's, never the tool's
            self.para(self.forum["wording"]["translation"], language=language)

    def source_kind(self, source_type: str) -> str:
        """"NGO report", "news report": how a quotation's lead-in names the kind of source."""
        kinds = self.templates.words["source_kinds"]
        return kinds.get(source_type) or kinds["other"]

    def note(self, meta: SourceMeta, p, tab: str, also: tuple[SourceMeta, ...] = ()) -> Note:
        """The first footnote to a source cites it in full; later ones in short form, "(n 3)";
        either names the other publications that print the same text, and, in a forum of tabbed
        exhibits (the US index), the source's `tab` as the quotation records it."""
        more = f" {self.style.also_stated(also)}" if also else ""
        first = meta.id not in self.first_note
        if first:
            self.first_note[meta.id] = f"_RefNote_rg{len(self.first_note) + 1}"
        tab = tab if self.forum.get("exhibit_tabs") else ""
        if first:
            return note_of(self.style.footnote(meta, p, tab) + more, bookmark=self.first_note[meta.id])
        return note_of(self.style.short(meta, p, self.short_names[meta.id], NOTE_MARK, tab) + more,
                       first=self.first_note[meta.id])

    @property
    def short_names(self) -> dict[str, str]:
        if not hasattr(self, "_short"):
            self._short = self.style.short_names(self.cited)
        return self._short

    def bibliography(self) -> None:
        self.heading(self.word("bibliography_heading"), page_break=True)
        for entry in bibliography_order(self.cited.values(), self.style.bibliography):
            self.blocks.append(Para(inlines(entry), style="bibliography"))


def note_of(text: str, bookmark: str = "", first: str = "") -> Note:
    """A footnote from a citation as rendered: its [[placeholders]] (an access date not recorded)
    highlighted for the expert, and the short form's note number (NOTE_MARK) a NOTEREF to `first`."""
    parts: list = []
    for n, chunk in enumerate(text.split(NOTE_MARK)):
        if n:
            parts.append(NoteRef(first))
        parts += [x.text if isinstance(x, Text) else x for x in inlines(chunk)]
    printed = "".join(x if isinstance(x, str) else f"[{x.text}]" if isinstance(x, Placeholder) else NOTE_MARK
                      for x in parts)
    plain = all(isinstance(x, str) for x in parts)
    return Note(printed, bookmark=bookmark, parts=() if plain else tuple(parts))


ITEMS = {"questions": "questions", "question_placeholders": "question_placeholders",
         "question_answers": "question_answers", "profile": "profile", "instructed_facts": "instructed_facts",
         "country_guidance": "country_guidance", "relied_on": "relied_on"}


def _fact_mark(fe: FactorEvidence) -> str:
    return "rg_facts_" + re.sub(r"\W", "_", fe.factor.id)


def page_setup(forum: dict) -> PageSetup:
    """The forum's page: size, fonts, spacing (keys the record does not know are ignored)."""
    return PageSetup(**{k: v for k, v in forum.get("page", {}).items() if k in PageSetup.__dataclass_fields__})


def redact(text: str, case: Case, templates: TemplateSet) -> str:
    """With anonymise, every form of the applicant's name in case text becomes their designation."""
    a, text = case.applicant, MARKS.sub("", text)  # our private marks are never taken from case values
    if not a.anonymise or not a.name.strip():
        return text
    return anonymise(text, a.name, templates.party)


def _position(p: EvidenceParagraph, publisher: str) -> str:
    """The sentence that gives the other side's position: stored with a contrary paragraph;
    worked out here for another quoted as theirs (a state's own publication)."""
    if p.stance == "contrary":
        return p.position
    from ..library.segmenting.stance import stance_sentence
    return stance_sentence(p.text, p.heading, publisher)


def template_context(case: Case, taxonomy: Taxonomy, templates: TemplateSet, sources: list[dict],
                     secondary: list[str]) -> dict:
    """What templates see: case values (as data), the country, and the sources cited."""
    return with_sources(case_context(case, taxonomy, templates), sources, secondary)


def with_sources(case_ctx: dict, sources: list[dict], secondary: list[str]) -> dict:
    """The case's context (case_context) with the sources cited and whom they report: all that
    changes between compose's passes, so the case's values are redacted once."""
    return {**case_ctx, **as_data(strip_marks({"sources": sources, "secondary": secondary}))}


def case_context(case: Case, taxonomy: Taxonomy, templates: TemplateSet) -> dict:
    """What templates see of the case, the applicant, the expert and the country (as data)."""
    c, a, e = case, case.applicant, case.expert
    forum = templates.forum
    designation = a.name if not a.anonymise else templates.party
    countries = templates.data("countries.yaml")
    r = lambda text: redact(text, case, templates)  # noqa: E731 - every case value passes through it
    return as_data(strip_marks({
        "case": {"reference": r(c.reference), "instructed_by": r(c.instructed_by),
                 "instructions_date": long_date(c.instructions_date), "report_date": long_date(c.report_date),
                 "questions": [r(q) for q in c.questions],
                 "respondent_reference": r(c.respondent_reference), "hearing_location": r(c.hearing_location),
                 "protection_sought": list(c.protection_sought), "country_guidance": [r(g) for g in c.country_guidance],
                 "judge": r(c.judge), "hearing_date": long_date(c.hearing_date) if c.hearing_date else "",
                 "hearing_time": r(c.hearing_time), "respondent_relies_on": [r(x) for x in c.respondent_relies_on]},
        "applicant": {"designation": designation, "named": not a.anonymise, "gender": r(a.gender),
                      "year_of_birth": a.year_of_birth, "ethnicity": r(a.ethnicity), "religion": r(a.religion),
                      "home_area": r(a.home_area), "now_in": a.now_in,
                      "a_number": a.a_number.replace("-", NON_BREAKING_HYPHEN),
                      "country": a.country},
        "expert": {"name": e.name, "credentials": r(e.credentials), "signs_in": e.signs_in},
        "country": taxonomy.name, "forum": forum.get("court", c.forum),
        "party": templates.party,  # how prose names the applicant after the facts
        "relocation_factors": _relocation(a, taxonomy, countries),
    }))


def document_words(templates: TemplateSet, keywords: str, case: Case, taxonomy: Taxonomy) -> dict:
    """What the Word file says of itself (templates/wording.yaml): its keywords, page numbers,
    comments, category and status."""
    words = templates.words
    return {"keywords": templates.render(words[keywords], {}, forum=case.forum, country=taxonomy.name),
            **{k: words[k] for k in ("page_numbers", "comments", "category", "status")}}


def _relocation(a, taxonomy: Taxonomy, countries: dict) -> str:
    """The practical conditions of relocation for where this applicant would return: their area's
    own (a taxonomy's place, as matching finds it), else the country's."""
    own = next((g.relocation for g, by_area in places_of(taxonomy, a) if by_area and g.relocation), "")
    return own or (countries.get("relocation") or {}).get(a.country, "")


def _factor_ctx(fe: FactorEvidence) -> dict:
    return {"id": fe.factor.id, "label": fe.factor.label, "ground": fe.factor.ground}


_FUNCTION_WORDS = {"that", "with", "from", "their", "them", "they", "this", "these", "those", "were", "have",
                   "been", "which", "whose", "into", "over", "such", "than", "then", "when", "where", "while",
                   "also", "other", "some", "only", "more", "most", "very", "what", "there"}


def quote_terms(facts: str, *hints: tuple[str, ...]) -> set[str]:
    """What makes a sentence worth quoting: the instructed facts' words and the hints that tagged
    the paragraph ("famil*" counts any word it begins), without the 'heading:' marks."""
    text = " ".join([facts, *(h.removeprefix("heading: ") for group in hints for h in group)])
    return set(re.findall(r"[a-z]{4,}", text.lower())) - _FUNCTION_WORDS


def bibliography_order(cited, entry) -> list[str]:
    """The bibliography's entries (`entry` writes one) in order: a work with no author or
    publisher is alphabetised by its title, as citation guides order one, not under 'Author ...'."""
    written = [(m, entry(m)) for m in cited]  # each entry rendered once
    anonymous = lambda m: m.author in ("", UNKNOWN) and m.publisher in ("", UNKNOWN)  # noqa: E731
    return [text for _, text in sorted(written, key=lambda w: (w[0].title if anonymous(w[0]) else w[1]).lower())]


def sources_context(cited: dict[str, SourceMeta], chosen=(), report_date: str = "",
                    newer_after_months: int = 0) -> list[dict]:
    """The sources cited as templates see them; `by_section` for one whose quoted paragraphs are
    located by section (a web page: the method section says how they are counted); `newer_due` for
    the newest edition quoted of a yearly series published more than `newer_after_months` before
    the report, when the next edition is likely out (the expert checks it: the library may lag)."""
    by_section = {c.source.id for c in chosen if c.paragraph.by_section}
    newest: dict[str, SourceMeta] = {}
    for m in cited.values():
        if m.series and (m.series not in newest or edition_key(m) > edition_key(newest[m.series])):
            newest[m.series] = m
    due = {m.id for m in newest.values() if newer_after_months and re.fullmatch(r"(19|20)\d\d", m.edition or "")
           and (years_between(m.published, report_date) or 0) > newer_after_months / 12}
    return [{"id": m.id, "title": m.title, "source_type": m.source_type, "date": long_date(m.published),
             "undated": m.published == UNKNOWN and not m.updated, "opinion": m.source_type == "opinion",
             "commercial": m.source_type == "commercial", "by_section": m.id in by_section,
             "newer_due": m.id in due}
            for m in cited.values()]


def compose_report(case: Case, match: MatchResult, taxonomy: Taxonomy, templates: TemplateSet,
                   notes: tuple[str, ...] = ()) -> Report:
    """The report model; `notes` are printed for the expert before the body (e.g. its length)."""
    return composed(case, match, taxonomy, templates).with_notes(notes)


@dataclass(frozen=True)
class Composed:
    """A composed report, and how to print notes for the expert before its body: a note (the
    length warning, known once the report is) adds a paragraph and changes nothing else, so the
    report is not composed again for it."""
    report: Report
    _composer: _Composer

    def with_notes(self, notes: tuple[str, ...] = ()) -> Report:
        if not notes:
            return self.report
        at, blocks = self._composer.notes_at, self.report.blocks
        return replace(self.report, blocks=(*blocks[:at], *self._composer.note_blocks(tuple(notes)), *blocks[at:]))


def composed(case: Case, match: MatchResult, taxonomy: Taxonomy, templates: TemplateSet) -> Composed:
    """The report model without notes (compose_report), and the way to add them."""
    forum = templates.forum
    # the sources cited are known before any text is rendered: the method section names them
    cited: dict[str, SourceMeta] = {}
    for c in match.chosen:
        cited.setdefault(c.source.id, c.source)
    secondary: list[str] = []
    cut: dict = {}
    case_ctx = case_context(case, taxonomy, templates)
    for _ in range(2):  # the method section names the sources quoted and whom they report: known once cut
        ctx = with_sources(case_ctx, sources_context(
            cited, match.chosen, case.report_date, int(forum["wording"].get("newer_edition_after_months") or 0)), secondary)
        composer = _Composer(case, match, templates, [], cited, ctx, cut=cut)
        composer.compose()
        quoted = {q.source_id for q in composer.quoted}
        if composer.secondary == secondary and quoted == set(cited):
            break
        secondary, cited = composer.secondary, {k: v for k, v in cited.items() if k in quoted}
    page = page_setup(forum)
    return Composed(Report(
        blocks=tuple(composer.blocks),
        title=literal(composer.render(forum["title"])), subject=redact(case.reference, case, templates),
        author=case.expert.name, **document_words(templates, "report_keywords", case, taxonomy),
        date=case.report_date, header=literal(composer.render(forum["header"])),
        footer=literal(composer.render(forum["footer"])), page=page, quoted=tuple(composer.quoted)), composer)
