"""Segmenting a source into evidence paragraphs: exact text, stable id, locator, heading, attribution."""

from __future__ import annotations

import dataclasses
import hashlib
import re

from ... import limits
from ...errors import SourceError
from ...models import ClassifiedLine, EvidenceParagraph, SourceDocument
from ..reading.parts import part_of
from . import furniture
from .attribution import attribution
from .stance import stance_and_position


def paragraph_id(source_id: str, text: str) -> str:
    """Same source and same text give the same id, whatever else changes around it."""
    digest = hashlib.sha256(f"{source_id}\n{normalise_space(text)}".encode()).hexdigest()[:10]
    return f"{source_id}:{digest}"


def normalise_space(text: str) -> str:
    return " ".join(text.split())


def attributed_to(text: str) -> str:
    """Who the paragraph itself says the content comes from ('' when it names nobody, or when
    its sentences' structure does not say: see attribution)."""
    return attribution(text)


def _within_length(document: SourceDocument, text: str, where: str) -> None:
    """A paragraph (or heading) longer than limits.PARAGRAPH_CHARS is refused: no report quotes
    one, and the index would hold all of it at once (a 19 MiB line of Chinese took 2 GB to index)."""
    if len(text) > limits.PARAGRAPH_CHARS:
        at = f" ({where})" if where else ""
        raise SourceError(f"{document.meta.path or document.meta.id}: a paragraph of {len(text):,} characters{at} is "
                          f"more than the {limits.PARAGRAPH_CHARS:,} one may hold; save the text with its paragraph breaks")


def text_lines(text: str) -> list[tuple[int, str]]:
    """(line number, text) units of a plain-text source, hard-wrapped prose joined back first."""
    raw = text.split("\n")
    if not _hard_wrapped(raw):
        return list(enumerate(raw, 1))
    units: list[tuple[int, str]] = []
    start, buf = 0, []
    for i, line in enumerate(raw, 1):
        if line.strip():
            if not buf:
                start = i
            buf.append(line.strip())
            if len(line.strip()) < 55:  # a short line ends its paragraph
                units.append((start, " ".join(buf)))
                buf = []
        elif buf:
            units.append((start, " ".join(buf)))
            buf = []
    if buf:
        units.append((start, " ".join(buf)))
    return units


def _hard_wrapped(lines: list[str]) -> bool:
    followed = [len(a.strip()) for a, b in zip(lines, lines[1:]) if a.strip() and b.strip()]
    if len(followed) < 5 or max(len(x) for x in lines) > 120:
        return False
    return sum(55 <= n <= 100 for n in followed) / len(followed) >= 0.6


def segment(document: SourceDocument) -> tuple[list[EvidenceParagraph], list[ClassifiedLine]]:
    """Evidence paragraphs of a document, and every classified block (for reports on furniture)."""
    if document.blocks:
        return _segment_structured(document)
    part_of(document.meta, ())  # a part named for plain text is refused, saying why
    lines = text_lines(document.text)
    for number, line in lines:
        _within_length(document, line, f"line {number}")
    blocks = furniture.classify(lines)
    paragraphs: list[EvidenceParagraph] = []
    heading = ""
    seen: set[str] = set()
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
        kind, position = stance_and_position(block.text, heading, document.meta.publisher)
        paragraphs.append(EvidenceParagraph(
            id=pid, source_id=source_id, number=len(paragraphs) + 1, line=block.line,
            heading=heading, text=block.text, attributed_to=attributed_to(block.text),
            stance=kind, position=position))
    return paragraphs, blocks


# --- structured formats (HTML, Markdown, PDF, Word) ------------------------------------------
# The reader already knows headings and has removed the site's template, so only the rules
# about single lines apply (a byline, a share label, a call to action); nothing ends the page
# early, and the document's own paragraph and article numbers become locators.

_CROSS_REFERENCE = re.compile(r"^(for (more )?information[^.]*,\s*)?see (the )?[^.]{0,200}\bat"
                              r"(?: (?:https?://|www\.)\S+| ?\.)$", re.I)
_BUTTON = re.compile(r"^(download|print|share|email|back to top|read more|view (the )?(full )?report)\b.{0,40}$", re.I)
_OWN_NUMBER = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){1,3}|\d{1,3}\.)\s+(?=\S)")
_ARTICLE = re.compile(r"^第([一二三四五六七八九十百千零〇两\d]+)条\s*")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def own_number(text: str) -> tuple[str, str]:
    """('para 2.4.7' | 'art. 38' | '', text without the number): numbers are not quoted text."""
    article = _ARTICLE.match(text)
    if article:
        number = chinese_numeral(article.group(1))
        if number:
            return f"art. {number}", text[article.end():]
    match = _OWN_NUMBER.match(text)
    if match and len(text) > match.end() + 1:
        return f"para {match.group(1).rstrip('.')}", text[match.end():]
    return "", text


_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}


def chinese_numeral(text: str) -> int:
    """三十八 -> 38, 一百零二 -> 102, 十 -> 10 (0 when it is not a numeral)."""
    if text.isdigit():
        return int(text)
    total, digit = 0, None
    for ch in text:
        if ch in _DIGITS:
            digit = _DIGITS[ch]
        elif ch in _UNITS:
            total += (1 if digit is None else digit) * _UNITS[ch]
            digit = None
        else:
            return 0
    return total + (digit or 0)


def cjk_count(text: str) -> int:
    return len(_CJK.findall(text))


def _substantial(text: str, listed: bool, cjk: int) -> bool:
    """Prose rather than a label: a sentence, a list item of a few words, or CJK text (`cjk`
    counts its CJK characters). Words are those of two letters or more ("Washington, D.C." and
    "Expediente 8311-D-12 - Votación." are no sentences); and running text in a cased script
    has words in lower case: a sentence one at least ("Sainsbury 55; Tesco 46; Asda 32." has
    none), other text one of four letters or more (a subject line in capitals, a table's row of
    names, "130 Período Ordinario - 18ª Sesión de Tablas" have none)."""
    if cjk > 0.3 * max(1, len(text)):
        return cjk >= 6
    words = [w for w in furniture.words(text) if sum(ch.isalpha() for ch in w) >= 2]
    n = len(words)
    sentence = furniture.is_sentence(text)
    if n < 3 or not (listed or n >= 8 or sentence):
        return False
    least = 2 if sentence else 4
    return any(w.islower() and sum(ch.isalpha() for ch in w) >= least for w in words) or not furniture.cased(text)


def _segment_structured(document: SourceDocument) -> tuple[list[EvidenceParagraph], list[ClassifiedLine]]:
    source_id = document.meta.id
    title = " ".join(document.meta.title.lower().split())
    paragraphs: list[EvidenceParagraph] = []
    blocks: list[ClassifiedLine] = []
    path: list[tuple[int, str]] = []  # the headings above, (level, text)
    article = ""  # a statute's article runs on over its numbered items and later paragraphs
    numbered = ""  # the last numbered paragraph of this section: unnumbered ones follow it
    seen: set[str] = set()
    per_page: dict[int | None, int] = {}
    in_section = 0  # what a reader counts under the heading: every paragraph and list item, kept or not
    lead_in: EvidenceParagraph | None = None  # a paragraph ending in a colon: lower-case items go on with it
    # what joins the last paragraph (list items going on with its sentence, the rest of a statute's
    # article) is kept in pieces and the paragraph made once, when another comes or the document
    # ends: made again at each piece, a long list or article cost the square of its length
    pieces: list[str] = []
    fields: dict = {}  # the joined paragraph's own: an article's are its last piece's
    whole_article = False  # an article joined: dropped if its whole text is already a paragraph

    def settle() -> None:
        nonlocal whole_article
        if not pieces:
            return
        base = paragraphs.pop()
        seen.discard(base.id)
        text = " ".join([base.text, *pieces])
        joined = dataclasses.replace(base, **fields, text=text, id=paragraph_id(source_id, text),
                                     attributed_to=attributed_to(text))
        kind, position = stance_and_position(text, joined.heading, document.meta.publisher)
        joined = dataclasses.replace(joined, stance=kind, position=position)
        pieces.clear()
        fields.clear()
        if whole_article and joined.id in seen:
            per_page[joined.page] -= 1
        else:
            seen.add(joined.id)
            paragraphs.append(joined)
        whole_article = False
    part = bool(document.meta.page_range or document.meta.chapter)  # its first heading is a chapter's, not the title
    for b in part_of(document.meta, document.blocks):
        _within_length(document, b.text, f"page {b.page}" if b.page else "")
        text = " ".join(b.text.split())
        if not text:
            continue
        if b.heading:
            settle()
            lead_in = None
            level = b.level or 2
            is_title = not part and not path and not paragraphs and (" ".join(text.lower().split()) == title or (
                level == 1 and not furniture.numbered_heading(text)))  # "1. Detention" is a section
            blocks.append(ClassifiedLine(text, b.position, "heading", "title" if is_title else "heading", b.page))
            if re.fullmatch(r"(table of )?contents", text, re.I) or (
                    not paragraphs and furniture.line_reason(text) == "dateline"):
                is_title = True  # a contents list, or the date atop a document, heads no section
            if not is_title:
                path = [(lv, t) for lv, t in path if lv < level] + [(level, text)]
                article = numbered = ""
                in_section = 0
            continue
        in_section += 1
        marker, body = (b.marker, text) if b.marker else own_number(text)
        if lead_in is not None and paragraphs and paragraphs[-1] is lead_in and b.item and not marker \
                and body[:1].islower() and (_LIST_GOES_ON.search(body) or body.endswith(".")):
            # "… en juin 2020 :" / "• le 17 juin avec SAFE;" / "• le 19 juin avec le Comité des loisirs."
            blocks.append(ClassifiedLine(body, b.position, "body", "", b.page))
            pieces.append(body)  # the list is the lead-in's sentence: one paragraph, quoted whole, where it starts
            fields["notes"] = fields.get("notes", lead_in.notes) + b.notes
            lead_in = lead_in if _LIST_GOES_ON.search(body) else None
            continue
        if marker.startswith("art."):
            article = marker
        elif marker:
            numbered = marker
        elif article:
            marker = article
        elif numbered:
            marker = f"{numbered} (continued)"  # "(i) a legal measure..." under para 2.4.4
        cjk = cjk_count(body)  # counted once: the share decides both rules below
        reason = furniture.apparatus_reason(body) or furniture.template_reason(body) or ("apparatus" if any(
            furniture.APPARATUS_HEADING.match(t) for _, t in path) else "")
        if not reason:
            reason = "" if cjk > 0.3 * max(1, len(body)) or furniture.has_words(body, 41) else furniture.line_reason(body)
        if not reason and _CROSS_REFERENCE.match(body):
            reason = "cross-reference"  # "See the ... Report at https://...": a pointer, not evidence
        elif not reason and _BUTTON.match(body):
            reason = "button"
        if not reason and not _substantial(body, listed=b.item or bool(marker), cjk=cjk):
            if not marker and not b.notes and furniture.is_heading_shape(body) and len(body) < 120:
                reason = "label"
            elif not marker:
                reason = "fragment"
        if reason:
            blocks.append(ClassifiedLine(text, b.position, "furniture", reason, b.page))
            continue
        blocks.append(ClassifiedLine(body, b.position, "body", "", b.page))
        last = paragraphs[-1] if paragraphs else None
        if marker.startswith("art.") and last is not None and last.marker == marker:
            # an article is cited whole: its items and paragraphs with it, counted on its last one's page
            per_page[fields.get("page", last.page)] -= 1
            per_page[b.page] = per_page.get(b.page, 0) + 1
            pieces.append(body)
            fields.update(number=per_page[b.page], line=b.position, heading=" > ".join(t for _, t in path),
                          page=b.page, printed_page=b.printed_page, notes=b.notes, in_section=in_section)
            whole_article = True
            lead_in = last if body.endswith(":") else None
            continue
        settle()
        pid = paragraph_id(source_id, body)
        if pid in seen:
            continue
        seen.add(pid)
        per_page[b.page] = per_page.get(b.page, 0) + 1
        heading = " > ".join(t for _, t in path)
        kind, position = stance_and_position(body, heading, document.meta.publisher)
        paragraphs.append(EvidenceParagraph(
            id=pid, source_id=source_id, number=per_page[b.page], line=b.position,
            heading=heading, text=body, attributed_to=attributed_to(body),
            page=b.page, marker=marker, printed_page=b.printed_page, notes=b.notes,
            stance=kind, position=position, in_section=in_section))
        lead_in = paragraphs[-1] if body.endswith(":") else None
    settle()
    return paragraphs, blocks


# an item that leaves its sentence open for the next ("… avec SAFE;", "… detained, and")
_LIST_GOES_ON = re.compile(r"([;,]|\s(and|or|et|ou|y|o|und|oder|и|или))$")
