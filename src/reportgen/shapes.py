"""The machine-readable shapes of docs/outputs.md (paragraph objects, match results) and plain-text tables."""

from __future__ import annotations

import shutil
import textwrap
from typing import TYPE_CHECKING

from .models import ChosenEvidence, EvidenceParagraph, MatchResult, SourceMeta
from .report.quotes import opening

if TYPE_CHECKING:  # the citation templates load only for commands that cite
    from .report.citations import CitationStyle


def paragraph_json(p: EvidenceParagraph, meta: SourceMeta, style: CitationStyle) -> dict:
    return {"id": p.id, "source": p.source_id, "locator": p.locator, "text": p.text,
            "factors": list(p.factors), "citation": style.footnote(meta, p),
            "heading": p.heading, "attributed_to": p.attributed_to or None, "stance": p.stance}


def source_json(meta: SourceMeta, paragraphs: int) -> dict:
    return {**meta.to_dict(), "paragraphs": paragraphs}


def chosen_json(c: ChosenEvidence, style: CitationStyle) -> dict:
    p = c.paragraph
    return {"id": p.id, "source": p.source_id, "locator": p.locator, "text": p.text,
            "score": round(c.score, 2), "why": c.why, "citation": style.footnote(c.source, p),
            "attributed_to": p.attributed_to or None, "notes": list(c.notes)}


def match_json(result: MatchResult, style: CitationStyle) -> dict:
    return {
        "case": result.case.reference,
        "factors": [{"factor": f.factor.id, "label": f.factor.label,
                     "evidence": [chosen_json(c, style) for c in f.evidence],
                     "contrary": [chosen_json(c, style) for c in f.contrary],
                     "alternatives": [chosen_json(c, style) for c in f.alternatives],
                     "warnings": list(f.warnings)}
                    for f in result.factors],
        "gaps": result.gaps,
        "respondent_relies_on": [{"cited": r.cited, "source": r.source.id if r.source else None,
                                  "evidence": [chosen_json(c, style) for c in r.evidence]} for r in result.relied_on],
    }


def width() -> int:
    return min(shutil.get_terminal_size((100, 20)).columns, 120)


def wrap(text: str, indent: str = "    ") -> str:
    return textwrap.fill(text, width=width(), initial_indent=indent, subsequent_indent=indent)


def match_table(result: MatchResult) -> str:
    lines = [f"Case {result.case.reference}: {len(result.factors)} risk factor(s)"]
    for f in result.factors:
        lines.append("")
        lines.append(f"{f.factor.id} — {f.factor.label}")
        if not f.evidence:
            lines.append("    (no supporting evidence in the library: a gap)")
        for n, c in enumerate(f.evidence, 1):
            lines.append(f"  {n}. {c.paragraph.source_id}, {c.paragraph.locator}  score {c.score:.1f}")
            lines.append(wrap(opening(c.paragraph.text, 50), "     "))  # whole sentences, never a cut word
            lines.append(wrap(f"why: {c.why}", "     "))
            lines += [wrap(f"note: {note}", "     ") for note in c.notes]
        for c in f.contrary:
            lines.append(f"  contrary: {c.paragraph.source_id}, {c.paragraph.locator}")
            lines.append(wrap(opening(c.paragraph.text, 35), "     "))
            lines.append(wrap(f"why: {c.why}", "     "))
        for n, c in enumerate(f.alternatives, 1):
            lines.append(f"  alternative {n}: {c.paragraph.id}, {c.paragraph.locator}  score {c.score:.1f}")
            lines.append(wrap(opening(c.paragraph.text, 35), "     "))
            lines.append(wrap(f"why: {c.why}", "     "))
        for w in f.warnings:
            lines.append(f"  warning: {w}")
    for r in result.relied_on:
        lines.append("")
        if r.source is None:
            lines.append(f"Relied on by the respondent: {r.cited}: NOT in the library (add it to quote it)")
            continue
        lines.append(f"Relied on by the respondent: {r.cited}: {r.source.id}")
        lines += [wrap(f"{c.paragraph.locator}: {opening(c.paragraph.text, 35)}", "     ") for c in r.evidence]
    if result.gaps:
        lines += ["", "Gaps: " + ", ".join(result.gaps)]
    return "\n".join(lines)
