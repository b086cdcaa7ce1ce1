"""The schedule filed with the report: for the UK tribunal, the country information evidence
schedule (extracts by disputed issue, each linked to its source); for a US immigration court,
the index of country-conditions exhibits (tab letters, one exhibit per source)."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..models import UNKNOWN, Case, ChosenEvidence, MatchResult, SourceMeta, Taxonomy
from . import quotes
from .citations import CitationStyle
from .compose import (
    _letter,
    inlines,
    page_setup,
    quote_terms,
    redact,
    render_text,
    sources_context,
    template_context,
)
from .model import Block, Heading, Link, Para, Quote, Report, Table, Text
from .template_set import TemplateSet
from .templating import language_name, load_data, long_date


def schedule_data(case: Case, templates: str | None = None) -> dict:
    data = load_data("schedule.yaml", templates)
    return data.get(case.forum) or data  # an older single-forum schedule.yaml still works


@dataclass
class _Schedule:
    case: Case
    match: MatchResult
    style: CitationStyle
    data: dict
    forum: dict
    ctx: dict
    templates: str | None
    blocks: list[Block] = field(default_factory=list)

    def text(self, template: str, **extra) -> str:
        return render_text(template, self.ctx, self.templates, **extra)

    def para(self, template: str, style: str = "plain", keep: bool = False, **extra) -> None:
        rendered = self.text(template, **extra)
        if rendered:
            self.blocks.append(Para(inlines(rendered), style=style, keep_with_next=keep))

    def redact(self, text: str) -> str:
        return redact(text, self.case, self.forum)

    def link(self, meta: SourceMeta) -> None:
        data = self.data
        if meta.url != UNKNOWN:
            self.blocks.append(Para((Text(data["link_label"]), Link(meta.url, meta.url)), style="plain"))
        else:  # warned per entry: the tribunal expects a link to each source
            self.blocks.append(Para((Text(data["link_label"]), *inlines(self.text(data["no_link"]))), style="plain"))

    def extract(self, chosen: ChosenEvidence, facts: str) -> Quote:
        p = chosen.paragraph
        text = quotes.extract(p.text, quote_terms(facts, chosen.hints), max_words=self.data.get("max_words", 60))
        return Quote(text=text, note=None, evidence_id=p.id)

    # --- UK: by disputed issue ---------------------------------------------------------------

    def issues(self) -> None:
        """Each disputed issue: the instructed factors, and relocation or protection where a
        question raises it, with both sides' case from the case file and the extracts relied on."""
        data, case = self.data, self.case
        issues = [(fe.factor.label, fe.facts, case.position(fe.factor.id), None, fe.evidence) for fe in self.match.factors]
        for topic_id, words in (data.get("topics_from_questions") or {}).items():
            topic = next((t for t in self.match.topics if t.factor.id == topic_id), None)
            asked = next((n for n, q in enumerate(case.questions, 1) if any(w in q.lower() for w in words)), None)
            if topic and asked:
                issues.append((topic.factor.label, "", "", asked, topic.evidence))
        for number, (label, facts, position, asked, evidence) in enumerate(issues, 1):
            self.blocks.append(Heading(self.text(data["issue_heading"], number=number, label=label), 1))
            if asked:
                self.para(data["issue_question"], keep=True, letter=_letter(asked),
                          question=self.redact(case.questions[asked - 1]))
            else:
                if facts:
                    self.para(data["issue_facts"], keep=True, facts=self.redact(facts))
                self.para(data["issue_position"], keep=True, position=self.redact(position))
            if not evidence:
                self.para(data["no_evidence"])
            for chosen in evidence:
                self.para(data["entry"], style="numbered", keep=True,
                          citation=self.style.footnote(chosen.source, chosen.paragraph))
                self.blocks.append(self.extract(chosen, facts))
                self.link(chosen.source)
        self.blocks.append(Heading(self.text(data["cg_heading"]), 1))
        for cg in case.country_guidance or ("",):
            self.para(data["cg_entry"] if cg else data["cg_none"], style="numbered", cg=self.redact(cg))

    # --- US: one tabbed exhibit per source ----------------------------------------------------

    def exhibits(self) -> None:
        data = self.data
        by_source: dict[str, list[tuple[str, ChosenEvidence, str]]] = {}
        for fe in self.match.factors:
            for chosen in fe.evidence:
                by_source.setdefault(chosen.source.id, []).append((fe.factor.label, chosen, fe.facts))
        sources = {c.source.id: c.source for fe in self.match.factors for c in fe.evidence}
        tabs = {sid: _letter(n).upper() for n, sid in enumerate(by_source, 1)}  # A ... Z, AA, BB, as practice does
        unknown = data.get("unknown", "unknown")

        def values(meta: SourceMeta) -> dict:
            known = lambda v: "" if v == UNKNOWN else v  # noqa: E731
            return {"title": meta.title, "publisher": known(meta.publisher) or known(meta.author) or unknown,
                    "date": long_date(meta.published), "url": known(meta.url)}

        rows = [tuple((Text(c),) for c in data["columns"])]
        for sid, uses in by_source.items():
            meta = sources[sid]
            locators = _unique(c.paragraph.locator for _, c, _ in uses)
            rows.append(((Text(tabs[sid]),), inlines(self.text(data["exhibit_cell"], **values(meta))),
                         (Text(", ".join(locators)),), inlines(self.text(data["filing_pages"]))))
        self.blocks.append(Heading(self.text(data["index_heading"]), 1))
        self.blocks.append(Table(tuple(rows), tuple(data.get("widths", ()))))
        for sid, uses in by_source.items():
            meta = sources[sid]
            locators = _unique(c.paragraph.locator for _, c, _ in uses)
            self.blocks.append(Heading(self.text(data["exhibit_heading"], tab=tabs[sid], **values(meta)), 1))
            self.para(data["exhibit_details"], locators=locators, **values(meta))
            self.link(meta)
            language = language_name(meta.language, self.templates)  # '' for the report's own language
            if language:
                self.para(data["translation"], language=language)
            for label, chosen, facts in uses:
                self.para(data["extract_lead"], keep=True, label=label, locator=chosen.paragraph.locator)
                self.blocks.append(self.extract(chosen, facts))


def _unique(items) -> list[str]:
    out: list[str] = []
    for item in items:
        if item not in out:
            out.append(item)
    return out


def compose_schedule(case: Case, match: MatchResult, taxonomy: Taxonomy, templates: TemplateSet,
                     notes: tuple[str, ...] = ()) -> Report:
    data = schedule_data(case, templates.folder)
    forum = templates.forum
    cited = {c.source.id: c.source for fe in match.factors for c in fe.evidence}
    ctx = template_context(case, taxonomy, forum, sources_context(cited), [], templates.folder)
    s = _Schedule(case, match, templates.style, data, forum, ctx, templates.folder)
    for item in data["opening"]:
        template, kind = (item["text"], item.get("style", "centered")) if isinstance(item, dict) else (item, "plain")
        s.para(template, kind)
    for note in notes:
        s.para(data.get("warning", "[[{{ warning }}]]"), warning=note)
    s.exhibits() if "columns" in data else s.issues()
    return Report(blocks=tuple(s.blocks), title=s.text(data["title"]), subject=redact(case.reference, case, forum),
                  author=case.expert.name, keywords=f"{case.forum}; {taxonomy.name}; evidence schedule",
                  date=case.report_date, header=s.text(data["header"]), footer=s.text(data["footer"]),
                  page=page_setup(forum))
