"""Readers for structured source formats. Each returns the document's blocks (paragraphs and
headings, with pages where the format has them) and the metadata the document itself states."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..models import SourceBlock

STRUCTURED_SUFFIXES = (".html", ".htm", ".xhtml", ".md", ".markdown", ".pdf", ".docx")


@dataclass(frozen=True)
class Extracted:
    blocks: tuple[SourceBlock, ...]
    meta: dict = field(default_factory=dict)  # only keys the document states: title, author, ...
    ignored: tuple[str, ...] = ()  # metadata keys the document carries that the contract does not know


def read_structured(path: Path) -> Extracted:
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm", ".xhtml"):
        from .html import read_html
        return read_html(path)
    if suffix in (".md", ".markdown"):
        from .markdown import read_markdown
        return read_markdown(path)
    if suffix == ".pdf":
        from .pdf import read_pdf
        return read_pdf(path)
    if suffix == ".docx":
        from .word import read_word
        return read_word(path)
    raise ValueError(suffix)
