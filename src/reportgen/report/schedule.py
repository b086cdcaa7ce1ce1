"""The schedule filed with the report: for the UK tribunal, the country information evidence
schedule (extracts by disputed issue, each linked to its source); for a US immigration court,
the index of country-conditions exhibits (tab letters, one exhibit per source)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ..models import UNKNOWN, Case, ChosenEvidence, MatchResult, SourceMeta, Taxonomy
from .citations import version
from .compose import document_words, page_setup, redact, sources_context, template_context
from .markup import inlines, letter
from .model import Block, Heading, Link, PageBreak, Para, Quote, Quoted, Report, Table, Text
from .template_set import TemplateSet

_CITATION = "\ue005"  # where a citation goes in its entry: a private mark, never taken from case values


@dataclass
class _Schedule:
    case: Case
    match: MatchResult
    templates: TemplateSet
    data: dict  # the forum's schedule (structure and wording)
    ctx: dict
    quoted: tuple[Quoted, ...]
    evidence: dict[str, ChosenEvidence]  # evidence id -> what the match chose
    blocks: list[Block] = field(default_factory=list)

    def text(self, template: str, **extra) -> str:
        return self.templates.render(template, self.ctx, **extra)

    def para(self, template: str, style: str = "plain", keep: bool = False, citation: str = "", **extra) -> None:
        """`citation`, the style's own text, keeps its [[placeholders]] (an access date to record);
        every other value is data."""
        rendered = self.text(template, **extra, **({"citation": _CITATION} if citation else {}))
        rendered = rendered.replace(_CITATION, citation)
        if rendered:
            self.blocks.append(Para(inlines(rendered), style=style, keep_with_next=keep))

    def redact(self, text: str) -> str:
        return redact(text, self.case, self.templates)

    def link(self, meta: SourceMeta, keep: bool = False) -> None:
        data = self.data
        if meta.url != UNKNOWN:
            self.blocks.append(Para((Text(data["link_label"]), Link(meta.url, meta.url)), style="plain",
                                    keep_with_next=keep))
        else:  # warned per entry: the tribunal expects a link to each source
            self.blocks.append(Para((Text(data["link_label"]), *inlines(self.text(data["no_link"]))), style="plain",
                                    keep_with_next=keep))

    def chosen(self, q: Quoted) -> ChosenEvidence:
        """The matched paragraph and source a quotation came from, labelled as the report labels it."""
        c = self.evidence[q.evidence_id]
        return replace(c, paragraph=replace(c.paragraph, attributed_to=q.attributed_to))

    # --- UK: by disputed issue ---------------------------------------------------------------

    def issues(self) -> None:
        """Each disputed issue in the report's order: an instructed factor (its facts and the
        respondent's position), or a section every report has (background, relocation,
        protection: with the question that raises it, where one does), and the report's own
        extracts under it, word for word."""
        data, case = self.data, self.case
        groups: dict[tuple[str, str], list[Quoted]] = {}
        for q in self.quoted:
            groups.setdefault((q.section, q.topic), []).append(q)
        factors = {fe.factor.id: fe for fe in self.match.factors}
        asks = data.get("topics_from_questions") or {}

        def asked(topic: str) -> int | None:
            words = asks.get(topic, ())
            return next((n for n, q in enumerate(case.questions, 1) if any(w in q.lower() for w in words)), None)

        # in the report's order and under its headings, so that the tribunal reads both side by
        # side; the disputed issues (instructed, or raised by a question) are numbered, a section
        # every report has (background) is not: every extract relied on is listed
        number = 0
        for label, topic in groups:
            quoted = groups[(label, topic)]
            disputed = topic in factors or bool(asked(topic))
            number += disputed
            self.blocks.append(Heading(self.text(data["issue_heading"], number=number if disputed else 0,
                                                 label=label), 1))
            if topic in factors:
                facts = factors[topic].facts
                if facts:
                    self.para(data["issue_facts"], keep=True, facts=self.redact(facts))
                self.para(data["issue_position"], keep=True, position=self.redact(case.position(topic)))
            elif asked(topic):
                self.para(data["issue_question"], keep=True, letter=letter(asked(topic)),
                          question=self.redact(case.questions[asked(topic) - 1]))
            for q in quoted:
                chosen = self.chosen(q)
                if q.contrary:
                    self.para(data["contrary_entry"], style="plain", keep=True)
                self.para(data["entry"], style="numbered", keep=True,
                          citation=self.templates.style.footnote(chosen.source, chosen.paragraph))
                # the extract keeps with its link: a "Source document:" line never opens a page alone
                self.blocks.append(Quote(text=q.text, note=None, evidence_id=q.evidence_id, keep_with_next=True))
                self.link(chosen.source)
        if not groups:
            self.para(data["no_evidence"])
        self.blocks.append(Heading(self.text(data["cg_heading"]), 1))
        for cg in case.country_guidance or ("",):
            self.para(data["cg_entry"] if cg else data["cg_none"], style="numbered", cg=self.redact(cg))

    # --- US: one tabbed exhibit per source ----------------------------------------------------

    def exhibits(self) -> None:
        data = self.data
        by_source: dict[str, list[Quoted]] = {}
        for q in self.quoted:
            by_source.setdefault(q.source_id, []).append(q)
        tabs = {sid: uses[0].tab for sid, uses in by_source.items()}  # as the report's notes print them
        unknown = data["unknown"]

        def values(meta: SourceMeta) -> dict:
            known = lambda v: "" if v == UNKNOWN else v  # noqa: E731
            return {"title": meta.title, "publisher": known(meta.publisher) or known(meta.author) or unknown,
                    "date": self.templates.style.date(meta), "url": known(meta.url),
                    "version": version(meta), "symbol": meta.symbol}

        rows = [tuple((Text(c),) for c in data["columns"])]
        for sid, uses in by_source.items():
            meta = self.chosen(uses[0]).source
            rows.append(((Text(tabs[sid]),), inlines(self.text(data["exhibit_cell"], **values(meta))),
                         (Text("; ".join(relied_on(self.chosen(q).paragraph.place for q in uses))),),
                         inlines(self.text(data["filing_pages"]))))
        self.blocks.append(Heading(self.text(data["index_heading"]), 1))
        self.blocks.append(Table(tuple(rows), tuple(data.get("widths", ()))))
        for sid, uses in by_source.items():
            meta = self.chosen(uses[0]).source
            self.blocks.append(Heading(self.text(data["exhibit_heading"], tab=tabs[sid], **values(meta)), 1))
            # the tab's heading, details and link keep with its first extract
            self.para(data["exhibit_details"], keep=True, locators=relied_on(self.chosen(q).paragraph.place for q in uses),
                      **values(meta))
            self.link(meta, keep=True)
            language = self.templates.language(meta.language)  # '' for the report's own language
            if language:
                self.para(data["translation"], language=language)
            for q in uses:
                self.para(data["extract_lead"], "lead_in", keep=True, label=q.section, locator=q.locator)
                self.blocks.append(Quote(text=q.text, note=None, evidence_id=q.evidence_id))
        closing = data.get("closing", ())
        for n, item in enumerate(closing, 1):  # kept together: its title never ends a page alone
            template, kind = (item["text"], item.get("style", "plain")) if isinstance(item, dict) else (item, "plain")
            if isinstance(item, dict) and item.get("page_break"):  # the proof of service is no part of a tab
                self.blocks.append(PageBreak())
            self.para(template, kind, keep=n < len(closing))


def relied_on(places: Iterable[tuple[str, str]]) -> list[str]:
    """An exhibit's places relied on (EvidenceParagraph.place), each section once with its
    paragraphs in order ('section 1.e “Political Prisoners and Detainees”, paras 2, 4'), the
    sections in the order first cited: a judge finds the section, then counts to the paragraph; the
    same long section path given again for every paragraph filled pages of the index."""
    numbered: dict[str, list[str]] = {}
    for where, number in _unique(places):
        numbered.setdefault(where, []).extend([number] if number else [])
    return [", ".join(filter(None, (where, _paras(numbers)))) for where, numbers in numbered.items()]


def _paras(numbers: list[str]) -> str:
    """'para 4', 'paras 2, 4, 10' (in number order), or '' for none."""
    if len(numbers) < 2:
        return f"para {numbers[0]}" if numbers else ""
    return f"paras {', '.join(sorted(numbers, key=lambda n: (len(n), n)))}"


def _unique(items) -> list:
    out: list = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def compose_schedule(case: Case, match: MatchResult, taxonomy: Taxonomy, templates: TemplateSet,
                     quoted: tuple[Quoted, ...], notes: tuple[str, ...] = ()) -> Report:
    """The schedule of the extracts the report quotes (`quoted`, the report's own list,
    Report.quoted), each word for word as the report prints it."""
    data = templates.schedule
    forum = templates.forum
    evidence = {c.paragraph.id: c for c in match.chosen}
    cited = {evidence[q.evidence_id].source.id: evidence[q.evidence_id].source for q in quoted}
    ctx = template_context(case, taxonomy, templates, sources_context(cited, match.chosen), [])
    s = _Schedule(case, match, templates, data, ctx, quoted, evidence)
    for item in data["opening"]:
        template, kind = (item["text"], item.get("style", "centered")) if isinstance(item, dict) else (item, "plain")
        s.para(template, kind)
    for note in notes:
        s.para(data["warning"], warning=note)
    s.exhibits() if "columns" in data else s.issues()
    return Report(blocks=tuple(s.blocks), title=s.text(data["title"]), subject=redact(case.reference, case, templates),
                  author=case.expert.name, **document_words(templates, "schedule_keywords", case, taxonomy),
                  date=case.report_date, header=s.text(data["header"]), footer=s.text(data["footer"]),
                  title_page=False,  # a schedule opens with its entries: its first page is numbered
                  page=page_setup({"page": {**forum.get("page", {}), **data.get("page", {})}}))
