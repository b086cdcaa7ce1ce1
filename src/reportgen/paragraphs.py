"""Segmenting a source into evidence paragraphs: exact text, stable id, locator, heading, attribution."""

from __future__ import annotations

import hashlib
import re

from . import furniture
from .models import Block, EvidenceParagraph, SourceDocument

_NAME = r"(?:[Tt]he\s)?(?:[A-Z][\w’'.&-]*)(?:\s(?:of\s|for\s|and\s)?[A-Z][\w’'.&-]*){0,6}"
_ORG_TAIL = (r"(?:Watch|International|Defenders?|Council|Ministry|Office|Commission|Agency|Bureau|"
             r"Department|Group|Institute|Foundation|Parliament|Times|News|Post|Telegraph|Guardian|"
             r"Network|Committee|Association|Centre|Center|Service|Project|Court|Government)")
# (words of which one must occur, pattern): a pattern runs only where one of its words does
_ATTRIBUTION = [
    (frozenset({"according"}), re.compile(
        rf"\b(?i:according to) (?:a |an |the )?(?:new |recent )?(?:report|statement|study|survey|survey by)?"
        rf"(?:\s(?:released|published|issued))?(?:\son\s[\w ]+?)?(?:\sby)?\s?({_NAME})")),
    (frozenset({"told", "stated", "said", "informed", "comment", "interview", "wrote"}), re.compile(
        rf"\b(?i:told|stated to|said to|informed|in a comment to|in an interview with|wrote)\s({_NAME})")),
    (frozenset({"official", "spokesman", "spokeswoman", "spokesperson", "researcher", "director"}), re.compile(
        rf",\s(?:a|an|the)\s({_NAME})\s(?:official|spokesman|spokeswoman|spokesperson|researcher|director)\b")),
    (frozenset({"believes", "says", "said", "reported", "found", "states", "stated", "claims", "refers", "mentions",
                "documented", "exposed"}), re.compile(
        rf"\b((?:[A-Z][\w’'-]+\s){{0,4}}{_ORG_TAIL})\s(?:believes|says|said|reported|found|states|stated|"
        rf"claims|refers to|mentions|documented|exposed)\b")),
    (frozenset({"believes", "says", "said", "reported", "found", "states", "stated", "claims"}), re.compile(
        r"\b([A-Z]{2,6})\s(?:believes|says|said|reported|found|states|stated|claims)\b")),
]
_LOWER_WORD = re.compile(r"[a-z]+")
_NOT_NAMES = {"he", "she", "they", "it", "we", "the", "this", "that", "chinese", "beijing"}


def paragraph_id(source_id: str, text: str) -> str:
    """Same source and same text give the same id, whatever else changes around it."""
    digest = hashlib.sha256(f"{source_id}\n{normalise_space(text)}".encode()).hexdigest()[:10]
    return f"{source_id}:{digest}"


def normalise_space(text: str) -> str:
    return " ".join(text.split())


def attributed_to(text: str) -> str:
    """Who the paragraph itself says the content comes from ('' when it names nobody)."""
    present = set(_LOWER_WORD.findall(text.lower()))
    for triggers, pattern in _ATTRIBUTION:
        if triggers.isdisjoint(present):
            continue
        for match in pattern.finditer(text):
            name = re.sub(r"^(?:[Tt]he\s)(?=[A-Z]{2,})", "", match.group(1)).strip(" .,’'")
            name = re.sub(r"’s$|'s$", "", name)
            name = name[:1].upper() + name[1:]
            if name and name.lower() not in _NOT_NAMES and not name.lower().startswith(("he ", "she ")):
                return name
    return ""


def text_lines(document: SourceDocument) -> list[tuple[int, str, int | None, bool]]:
    """(position, text, page, is_heading) units: a structured format's blocks, or the text's
    lines (hard-wrapped prose joined back first)."""
    if document.blocks:
        return [(b.position, b.text, b.page, b.heading) for b in document.blocks]
    raw = document.text.split("\n")
    if not _hard_wrapped(raw):
        return [(i, line, None, False) for i, line in enumerate(raw, 1)]
    units: list[tuple[int, str, int | None, bool]] = []
    start, buf = 0, []
    for i, line in enumerate(raw, 1):
        if line.strip():
            if not buf:
                start = i
            buf.append(line.strip())
            if len(line.strip()) < 55:  # a short line ends its paragraph
                units.append((start, " ".join(buf), None, False))
                buf = []
        elif buf:
            units.append((start, " ".join(buf), None, False))
            buf = []
    if buf:
        units.append((start, " ".join(buf), None, False))
    return units


def _hard_wrapped(lines: list[str]) -> bool:
    followed = [len(a.strip()) for a, b in zip(lines, lines[1:]) if a.strip() and b.strip()]
    if len(followed) < 5 or max(len(x) for x in lines) > 120:
        return False
    return sum(55 <= n <= 100 for n in followed) / len(followed) >= 0.6


def segment(document: SourceDocument) -> tuple[list[EvidenceParagraph], list[Block]]:
    """Evidence paragraphs of a document, and every classified block (for reports on furniture)."""
    units = text_lines(document)
    pages = {line: page for line, _, page, _ in units}
    headings = {line for line, _, _, is_heading in units if is_heading}
    extras = {b.position: b for b in document.blocks}  # a structured format's own numbers and notes
    blocks = furniture.classify(((line, text) for line, text, _, _ in units), headings)
    paragraphs: list[EvidenceParagraph] = []
    heading = ""
    seen: set[str] = set()
    per_page: dict[int | None, int] = {}
    source_id = document.meta.id
    for block in blocks:
        if block.kind == "heading":
            heading = "" if block.reason == "title" else block.text
            continue
        if block.kind != "body":
            continue
        pid = paragraph_id(source_id, block.text)
        if pid in seen:
            continue
        seen.add(pid)
        page = pages.get(block.line)
        per_page[page] = per_page.get(page, 0) + 1  # a paged source counts paragraphs per page
        extra = extras.get(block.line)
        paragraphs.append(EvidenceParagraph(
            id=pid, source_id=source_id, number=per_page[page], line=block.line,
            heading=heading, text=block.text, attributed_to=attributed_to(block.text), page=page,
            marker=extra.marker if extra else "", printed_page=extra.printed_page if extra else "",
            notes=extra.notes if extra else ()))
    return paragraphs, blocks
