"""The part of a multi-country document that is one source: its pages (`page_range`) and its
chapter (`chapter`), kept in the sidecar so that every rebuild indexes the same part. One
country's chapter is that country's evidence; the end of the chapter before it, printed on the
same page, is not."""

from __future__ import annotations

import re

from ...errors import SourceError
from ...models import SourceBlock, SourceMeta


def part_of(meta: SourceMeta, blocks: tuple[SourceBlock, ...]) -> tuple[SourceBlock, ...]:
    """The blocks of the part the metadata names (all of them when it names none)."""
    if not (meta.page_range or meta.chapter):
        return blocks
    where = meta.path or meta.id
    if not blocks:
        raise SourceError(f"{where}: page_range and chapter apply to a document with headings or pages "
                          f"(PDF, HTML, Word, Markdown), not to plain text")
    if meta.page_range:
        blocks = _pages(blocks, meta.page_range, where)
    if meta.chapter:
        blocks = _chapter(blocks, meta.chapter, where)
    if not any(not b.heading for b in blocks):
        part = " and ".join(x for x in (meta.page_range and f"pages {meta.page_range}",
                                         meta.chapter and f"chapter '{meta.chapter}'") if x)
        raise SourceError(f"{where}: {part} hold no text to index (only headings)")
    return blocks


def _pages(blocks: tuple[SourceBlock, ...], page_range: str, where: str) -> tuple[SourceBlock, ...]:
    """The blocks on those pages, less the tail of the chapter before (above the first page's
    top heading) and the head of the one after (from the last page's top heading on)."""
    first, last = (int(n) for n in page_range.split("-"))
    pages = [b.page for b in blocks if b.page is not None]
    if not pages:
        raise SourceError(f"{where}: page_range {page_range}: the document has no pages (page_range is for a PDF)")
    if first > max(pages):
        raise SourceError(f"{where}: page_range {page_range}: the document's text ends on page {max(pages)}")
    chosen = [b for b in blocks if b.page is not None and first <= b.page <= last]
    heads = [i for i, b in enumerate(chosen) if b.heading]
    if not heads:
        return tuple(chosen)
    top = min(_level(chosen[i]) for i in heads)
    tops = [i for i in heads if _level(chosen[i]) == top]
    start = tops[0] if chosen[tops[0]].page == chosen[0].page else 0
    end = len(chosen)
    if len(tops) > 1 and chosen[tops[-1]].page == chosen[-1].page and chosen[-1].page != chosen[0].page:
        end = tops[-1]
    return tuple(chosen[start:end])


def _chapter(blocks: tuple[SourceBlock, ...], name: str, where: str) -> tuple[SourceBlock, ...]:
    """The heading that names the chapter ("China", "China (includes Hong Kong)") and all it heads,
    up to the next heading of its rank or higher; where several headings match (a contents
    list, then the chapter), the one heading the most text."""
    wanted = _key(name)
    sections = []
    for i, block in enumerate(blocks):
        key = _key(block.text)
        if block.heading and (key == wanted or re.match(re.escape(wanted) + r"(?![^\W\d_])", key)):
            end = next((j for j in range(i + 1, len(blocks))
                        if blocks[j].heading and _level(blocks[j]) <= _level(block)), len(blocks))
            sections.append(blocks[i:end])
    if not sections:
        tops = sorted({_level(b) for b in blocks if b.heading})
        names = [b.text for b in blocks if b.heading and tops and _level(b) == tops[0]]
        listed = "; ".join(dict.fromkeys(names[:12])) or "none"
        raise SourceError(f"{where}: no chapter '{name}' (no heading of that name; its top headings: {listed})")
    return max(sections, key=lambda s: sum(len(b.text) for b in s if not b.heading))


def _key(text: str) -> str:
    return " ".join(re.sub(r"^[\dIVXivx.]+\s+", "", text).casefold().split())


def _level(block: SourceBlock) -> int:
    return block.level or 2
