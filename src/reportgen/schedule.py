"""The country information evidence schedule: extracts by disputed issue, each linked to its source."""

from __future__ import annotations

from . import quotes
from .citations import CitationStyle
from .compose import (
    inlines,
    page_setup,
    quote_terms,
    redact,
    render_text,
    sources_context,
    template_context,
)
from .models import UNKNOWN, Case, MatchResult, Taxonomy
from .reportmodel import Block, Heading, Link, Para, Quote, Report, Text
from .templating import load_data


def compose_schedule(case: Case, match: MatchResult, taxonomy: Taxonomy, style: CitationStyle,
                     templates: str | None = None) -> Report:
    data = load_data("schedule.yaml", templates)
    forum = load_data(f"forums/{case.forum}.yaml", templates)
    cited = {c.source.id: c.source for fe in match.factors for c in fe.evidence}
    ctx = template_context(case, taxonomy, forum, sources_context(cited), [])

    def text(template: str, **extra) -> str:
        return render_text(template, ctx, templates, **extra)

    blocks: list[Block] = []
    for item in data["opening"]:
        template, kind = (item["text"], item.get("style", "centered")) if isinstance(item, dict) else (item, "plain")
        blocks.append(Para(inlines(text(template)), style=kind))
    for number, fe in enumerate(match.factors, 1):
        factor = {"id": fe.factor.id, "label": fe.factor.label}
        blocks.append(Heading(text(data["issue_heading"], number=number, factor=factor), 1))
        if fe.facts:
            blocks.append(Para(inlines(text(data["issue_facts"], facts=redact(fe.facts, case, forum))), style="plain"))
        if not fe.evidence:
            blocks.append(Para(inlines(text(data["no_evidence"])), style="plain"))
        for chosen in fe.evidence:
            p, meta = chosen.paragraph, chosen.source
            citation = style.footnote(meta, p)
            blocks.append(Para(inlines(text(data["entry"], citation=citation)), style="numbered", keep_with_next=True))
            extract = quotes.extract(p.text, quote_terms(fe.facts, chosen.hints), max_words=data.get("max_words", 60))
            blocks.append(Quote(text=extract, note=None, evidence_id=p.id))
            link = (Text(data["link_label"]), Link(meta.url, meta.url)) if meta.url != UNKNOWN else \
                (Text(data["link_label"]), *inlines(text(data["no_link"])))
            blocks.append(Para(tuple(link), style="plain"))
    return Report(blocks=tuple(blocks), title=text(data["title"]), subject=redact(case.reference, case, forum),
                  author=case.expert.name, keywords=f"{case.forum}; {taxonomy.name}; evidence schedule",
                  date=case.report_date, header=text(data["header"]), footer=text(data["footer"]),
                  page=page_setup(forum))
