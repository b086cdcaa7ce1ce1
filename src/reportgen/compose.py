"""Composing the report model from a case, its matched evidence and a forum's template data.

The forum file (templates/forums/FORUM.yaml) gives the structure and every sentence the tool
writes; this module fills it: questions, instructed facts, evidence quoted with footnotes,
contrary evidence, and placeholders wherever the expert's own opinion belongs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import quotes
from .anonymise import anonymise
from .citations import CitationStyle
from .errors import ReportgenError
from .models import (
    UNKNOWN,
    Case,
    ChosenEvidence,
    FactorEvidence,
    MatchResult,
    SourceMeta,
    Taxonomy,
)
from .reportmodel import (
    Block,
    Contents,
    Heading,
    Inline,
    Note,
    PageBreak,
    PageSetup,
    Para,
    Placeholder,
    Quote,
    Report,
    Text,
)
from .templating import load_data, long_date, render

_OPEN, _CLOSE = "\ue000", "\ue001"  # "[[" and "]]" inside case values: data, never placeholders
_PLACEHOLDER = re.compile(r"\[\[(.+?)\]\]", re.S)
SOURCE_KINDS = {"ngo-report": "NGO report", "news": "news report", "opinion": "opinion article",
                "government": "government publication", "ngo-statement": "NGO statement",
                "commercial": "commercial publication", "academic": "academic publication",
                "court": "court decision", "other": "publication"}


def as_data(value):
    """Case values as template data: placeholder brackets in them are kept literal."""
    if isinstance(value, str):
        return value.replace("[[", _OPEN).replace("]]", _CLOSE)
    if isinstance(value, (list, tuple)):
        return [as_data(v) for v in value]
    if isinstance(value, dict):
        return {k: as_data(v) for k, v in value.items()}
    return value


def inlines(text: str) -> tuple[Inline, ...]:
    """Rendered template text split into plain text and [[placeholders]]."""
    out: list[Inline] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(text):
        if m.start() > pos:
            out.append(Text(_unsafe(text[pos:m.start()])))
        out.append(Placeholder(_unsafe(m.group(1).strip())))
        pos = m.end()
    if pos < len(text):
        out.append(Text(_unsafe(text[pos:])))
    return tuple(out)


def _unsafe(text: str) -> str:
    return text.replace(_OPEN, "[[").replace(_CLOSE, "]]")


@dataclass
class _Composer:
    case: Case
    match: MatchResult
    taxonomy: Taxonomy
    style: CitationStyle
    forum: dict
    templates: str | None
    blocks: list[Block]
    cited: dict[str, SourceMeta]
    ctx: dict

    # --- rendering helpers ---------------------------------------------------------------

    def redact(self, text: str) -> str:
        return redact(text, self.case, self.forum)

    def render(self, template: str, **extra) -> str:
        return render_text(template, self.ctx, self.templates, **extra)

    def para(self, template: str, style: str = "numbered", **extra) -> None:
        text = self.render(template, **extra)
        if text:
            self.blocks.append(Para(inlines(text), style=style))

    def word(self, key: str, **extra) -> str:
        return self.render(self.forum["wording"][key], **extra)

    # --- sections ------------------------------------------------------------------------

    def compose(self) -> None:
        for item in self.forum.get("title_page", []):
            self.para(item["text"], style=item.get("style", "centered"))
        self.blocks.append(PageBreak())
        contents_at = len(self.blocks)
        for section in self.forum["sections"]:
            if section == "factors":
                for fe in self.match.factors:
                    self.factor_section(fe)
            elif section == "bibliography":
                self.bibliography()
            else:
                self.section(section)
        headings = tuple((b.level, b.text) for b in self.blocks if isinstance(b, Heading))
        self.blocks.insert(contents_at, Contents(headings))
        self.blocks.insert(contents_at + 1, PageBreak())

    def section(self, section: dict) -> None:
        self.blocks.append(Heading(self.render(section["heading"]), 1))
        if "topic" in section:
            topic = next((t for t in self.match.topics if t.factor.id == section["topic"]), None)
            if topic and topic.evidence:
                self.para(self.forum["wording"]["evidence_intro"])
                for chosen in topic.evidence:
                    self.quote(chosen, set())
        for item in section.get("paragraphs", []):
            if isinstance(item, dict):
                self.para(item["text"], style=item.get("style", "numbered"))
            elif item in ("questions", "question_placeholders", "question_answers"):
                key = {"questions": "question", "question_placeholders": "question_placeholder",
                       "question_answers": "question_answer"}[item]
                for n, q in enumerate(self.ctx["case"]["questions"], 1):
                    self.para(self.forum["wording"][key], style="list" if item == "questions" else "numbered",
                              question=_unsafe(q), number=n)
            elif item == "profile":
                self.para(self.forum["wording"]["profile"])
            elif item == "instructed_facts":
                for fe in self.match.factors:
                    self.para(self.forum["wording"]["instructed_fact"], factor=_factor_ctx(fe),
                              facts=self.redact(fe.facts))
            else:
                self.para(item)
        if "assessment" in section:
            self.para(section["assessment"])

    def factor_section(self, fe: FactorEvidence) -> None:
        factor = _factor_ctx(fe)
        self.blocks.append(Heading(self.word("factor_heading", factor=factor), 1))
        if fe.facts:
            self.para(self.forum["wording"]["factor_facts"], facts=self.redact(fe.facts), factor=factor)
        else:
            self.para(self.forum["wording"]["factor_no_facts"], factor=factor)
        keywords = quote_terms(fe.facts, *(c.hints for c in fe.evidence))
        if fe.evidence:
            self.para(self.forum["wording"]["evidence_intro"], factor=factor)
            for chosen in fe.evidence:
                self.quote(chosen, keywords)
        else:
            self.para(self.forum["wording"]["no_evidence"], factor=factor)
        if fe.contrary:
            self.para(self.forum["wording"]["contrary_intro"], factor=factor)
            for chosen in fe.contrary:
                self.quote(chosen, keywords)
        for warning in fe.warnings:
            self.para(self.forum["wording"]["warning"], warning=warning, factor=factor)
        self.para(self.forum["wording"]["assessment"], factor=factor)

    def quote(self, chosen: ChosenEvidence, keywords: set[str]) -> None:
        p, meta = chosen.paragraph, chosen.source
        source = {"title_cited": f"“{meta.title}”" + (f" ({_creator(meta)})" if _creator(meta) else ""),
                  "kind": SOURCE_KINDS.get(meta.source_type, "publication"), "date": long_date(meta.published)}
        self.para(self.forum["wording"]["quote_intro"], source=source, attributed_to=p.attributed_to)
        text = quotes.extract(p.text, keywords)
        self.blocks.append(Quote(text=text, note=Note(self.style.footnote(meta, p)), evidence_id=p.id))

    def bibliography(self) -> None:
        self.blocks.append(Heading(self.word("bibliography_heading"), 1))
        entries = sorted(self.cited.values(), key=lambda m: self.style.bibliography(m).lower())
        for meta in entries:
            self.blocks.append(Para((Text(self.style.bibliography(meta)),), style="bibliography"))


def render_text(template: str, ctx: dict, templates: str | None, **extra) -> str:
    """One template text against the report's context; extra values are data like the rest."""
    try:
        return render(template, templates, **{**ctx, **as_data(extra)}).strip()
    except ReportgenError:
        raise
    except Exception as exc:  # a firm's edited template: say which text broke
        raise ReportgenError(f"template text {template[:60]!r} cannot be rendered: {exc}") from None


def page_setup(forum: dict) -> PageSetup:
    """The forum's page: size, fonts, spacing (keys the record does not know are ignored)."""
    return PageSetup(**{k: v for k, v in forum.get("page", {}).items() if k in PageSetup.__dataclass_fields__})


def redact(text: str, case: Case, forum: dict) -> str:
    """With anonymise, every form of the applicant's name in case text becomes their designation."""
    a = case.applicant
    if not a.anonymise:
        return text
    return anonymise(text, a.name, f"the {forum.get('party', 'Applicant')}")


def template_context(case: Case, taxonomy: Taxonomy, forum: dict, sources: list[dict], secondary: list[str]) -> dict:
    """What templates see: case values (as data), the country, and the sources cited."""
    c, a, e = case, case.applicant, case.expert
    designation = a.name if not a.anonymise else f"the {forum.get('party', 'Applicant')}"
    r = lambda text: redact(text, case, forum)  # noqa: E731 - every case value passes through it
    return as_data({
        "case": {"reference": r(c.reference), "instructed_by": r(c.instructed_by),
                 "instructions_date": long_date(c.instructions_date), "report_date": long_date(c.report_date),
                 "questions": [r(q) for q in c.questions]},
        "applicant": {"designation": designation, "named": not a.anonymise, "gender": r(a.gender),
                      "year_of_birth": a.year_of_birth, "ethnicity": r(a.ethnicity), "religion": r(a.religion),
                      "home_area": r(a.home_area), "now_in": a.now_in},
        "expert": {"name": e.name, "credentials": e.credentials, "signs_in": e.signs_in},
        "country": taxonomy.name, "forum": forum.get("court", c.forum),
        "sources": sources, "secondary": secondary,
    })


def _factor_ctx(fe: FactorEvidence) -> dict:
    return {"id": fe.factor.id, "label": fe.factor.label, "ground": fe.factor.ground}


def _creator(meta: SourceMeta) -> str:
    parts = [v for v in (meta.author, meta.publisher) if v != UNKNOWN]
    return ", ".join(parts)


def quote_terms(facts: str, *hints: tuple[str, ...]) -> set[str]:
    """What makes a sentence worth quoting: the instructed facts' words and the hints that tagged
    the paragraph ("famil*" counts any word it begins), without the 'heading:' marks."""
    text = " ".join([facts, *(h.removeprefix("heading: ") for group in hints for h in group)])
    return set(re.findall(r"[a-z]{4,}", text.lower()))


def sources_context(cited: dict[str, SourceMeta]) -> list[dict]:
    return [{"id": m.id, "title": m.title, "source_type": m.source_type, "date": long_date(m.published),
             "undated": m.published == UNKNOWN, "opinion": m.source_type == "opinion",
             "commercial": m.source_type == "commercial"} for m in cited.values()]


def compose_report(case: Case, match: MatchResult, taxonomy: Taxonomy, style: CitationStyle,
                   templates: str | None = None) -> Report:
    forum = load_data(f"forums/{case.forum}.yaml", templates)
    # the sources cited are known before any text is rendered: the method section names them
    cited: dict[str, SourceMeta] = {}
    secondary: list[str] = []
    for fe in (*match.topics, *match.factors):
        for c in (*fe.evidence, *fe.contrary):
            cited.setdefault(c.source.id, c.source)
            if c.paragraph.attributed_to and c.paragraph.attributed_to not in secondary:
                secondary.append(c.paragraph.attributed_to)
    ctx = template_context(case, taxonomy, forum, sources_context(cited), secondary)
    composer = _Composer(case, match, taxonomy, style, forum, templates, [], cited, ctx)
    composer.compose()
    page = page_setup(forum)
    return Report(
        blocks=tuple(composer.blocks),
        title=_unsafe(composer.render(forum["title"])), subject=redact(case.reference, case, forum),
        author=case.expert.name, keywords=f"{case.forum}; {taxonomy.name}; expert report",
        date=case.report_date, header=_unsafe(composer.render(forum["header"])),
        footer=_unsafe(composer.render(forum["footer"])), page=page)
