"""Readers for structured source formats. Each returns the document's blocks (paragraphs and
headings, with pages where the format has them) and the metadata the document itself states."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..models import SourceBlock

STRUCTURED_SUFFIXES = (".html", ".htm", ".pdf", ".docx")


@dataclass(frozen=True)
class Extracted:
    blocks: tuple[SourceBlock, ...]
    meta: dict = field(default_factory=dict)  # only keys the document states: title, author, ...


def read_structured(path: Path) -> Extracted:
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        from .html import read_html
        return read_html(path)
    if suffix == ".pdf":
        from .pdf import read_pdf
        return read_pdf(path)
    if suffix == ".docx":
        from .word import read_word
        return read_word(path)
    raise ValueError(suffix)
