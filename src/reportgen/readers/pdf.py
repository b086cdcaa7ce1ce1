"""PDF reports: text per page by pypdf, then paragraphs rebuilt the way a reader sees them.

Running headers and footers (a line that recurs at the top or foot of most pages, page numbers
aside) are dropped; a word hyphenated at a line end is joined; lines are joined into paragraphs
across line and page breaks. A paragraph's page is the page it starts on.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from pathlib import Path

from ..errors import SourceError
from ..models import SourceBlock
from . import Extracted

_PAGE_NUMBER = re.compile(r"^(page\s+)?\d{1,4}(\s*(/|of)\s*\d{1,4})?$|^[-–]\s*\d{1,4}\s*[-–]$", re.I)
_TERMINAL = re.compile(r"[.!?:;…][\"”’)\]]*$")
_KEEP_HYPHEN = re.compile(r"\b(anti|non|pro|ex|self|co|multi|post|pre|semi|cross|well|long|so)-$", re.I)
_EDGE = 3  # lines at the top and the foot of a page where running heads and feet live


def read_pdf(path: Path) -> Extracted:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError
    try:
        reader = PdfReader(str(path))
        if reader.is_encrypted and not reader.decrypt(""):
            raise SourceError(f"{path}: the PDF is encrypted; save an unencrypted copy first")
        pages = [page.extract_text(extraction_mode="layout") or "" for page in reader.pages]
        info = reader.metadata or {}
    except SourceError:
        raise
    except (PdfReadError, OSError, ValueError, KeyError) as exc:
        if "encrypt" in str(exc).lower() or "password" in str(exc).lower():
            raise SourceError(f"{path}: the PDF is encrypted; save an unencrypted copy first") from None
        raise SourceError(f"{path}: not a readable PDF ({exc})") from None
    if sum(len(p.strip()) for p in pages) < 20 * max(1, len(pages)):
        raise SourceError(f"{path}: the PDF has no text layer (a scan?); run OCR on it first")
    lines = _drop_running_lines([[" ".join(line.split()) for line in page.split("\n")] for page in pages])
    blocks = _paragraphs(lines)
    meta = {}
    for key, field in (("/Title", "title"), ("/Author", "author")):
        value = info.get(key)
        if value and str(value).strip():
            meta[field] = " ".join(str(value).split())
    return Extracted(tuple(blocks), meta)


def _signature(line: str) -> str:
    return re.sub(r"\d+", "#", line.lower()).strip()


def _drop_running_lines(pages: list[list[str]]) -> list[list[tuple[str, int]]]:
    """Lines of each page, running heads, feet and page numbers removed: (text, page); "" is a gap."""
    texts = [[line for line in page if line] for page in pages]
    edges = Counter()
    for page in texts:
        for line in set(page[:_EDGE] + page[-_EDGE:]):
            edges[_signature(line)] += 1
    running = {sig for sig, n in edges.items() if len(pages) >= 2 and n >= max(2, len(pages) // 2)}
    out = []
    for number, page in enumerate(pages, 1):
        content = [i for i, line in enumerate(page) if line]
        top, foot = set(content[:_EDGE]), set(content[-_EDGE:])
        kept = []
        for i, line in enumerate(page):
            if line and (i in top or i in foot) and (_signature(line) in running or _PAGE_NUMBER.match(line)):
                continue
            kept.append((line, number))
        out.append(kept)
    return out


def _paragraphs(pages: list[list[tuple[str, int]]]) -> list[SourceBlock]:
    """Lines joined into paragraphs: a gap, or a short line that ends a sentence, ends one; a
    page break does not, unless the text before it ends a sentence and the next page starts one."""
    lines = [item for page in pages for item in page]
    texts = [text for text, _ in lines if text]
    if not texts:
        return []
    width = statistics.median(len(t) for t in texts)
    blocks: list[SourceBlock] = []
    current: list[str] = []
    start_page = None

    def flush():
        nonlocal current, start_page
        if current:
            blocks.append(SourceBlock(" ".join(current), len(blocks) + 1, start_page))
        current, start_page = [], None

    previous_page, page_has_text = None, False
    for i, (text, page) in enumerate(lines):
        if page != previous_page:
            page_has_text = False
        previous_page = page
        if not text:
            following = next((p for t, p in lines[i + 1:] if t), None)
            if current and page_has_text and following == page:
                flush()  # a gap within the page; blank space at its head or foot is only a page break
            continue
        if not page_has_text and current and _TERMINAL.search(current[-1]) and text[:1].isupper():
            flush()  # the page ended a sentence and the next begins one: a new paragraph
        page_has_text = True
        if not current and len(text) < 0.6 * width and not _TERMINAL.search(text) and _alone(lines, i):
            blocks.append(SourceBlock(text, len(blocks) + 1, page, heading=True))
            continue
        if start_page is None:
            start_page = page
        if current and current[-1].endswith("-") and text[:1].islower():
            # a word hyphenated at the line end; "anti-" and the like keep their hyphen
            keep = _KEEP_HYPHEN.search(current[-1])
            current[-1] = (current[-1] if keep else current[-1][:-1]) + text
        else:
            current.append(text)
        if _TERMINAL.search(text) and len(text) < 0.75 * width:
            flush()
    flush()
    return blocks


def _alone(lines, i) -> bool:
    """A short line followed by a gap or by the start of a sentence: a heading."""
    return i + 1 >= len(lines) or not lines[i + 1][0] or lines[i + 1][0][:1].isupper()
