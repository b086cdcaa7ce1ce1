"""Readers for structured source formats. Each returns the document's blocks (paragraphs and
headings, with pages where the format has them) and the metadata the document itself states."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ....errors import SourceError
from ....limits import check_source_size, check_zip, time_budget

if TYPE_CHECKING:  # a draft imports this package for SOURCE_SUFFIXES alone
    from .extracted import Extracted

STRUCTURED_SUFFIXES = (".html", ".htm", ".xhtml", ".md", ".markdown", ".pdf", ".docx")
SOURCE_SUFFIXES = (".txt", *STRUCTURED_SUFFIXES)  # every format a library may hold


def read_structured(path: Path) -> Extracted:
    """The one door to the format readers: sizes checked first, and whatever a parser raises on
    a broken or hostile file (pdfium, lxml, a deep page tree) becomes an error naming the file."""
    suffix = path.suffix.lower()
    check_source_size(path, SourceError)
    parts = check_zip(path, SourceError) if suffix == ".docx" else None  # inflated once, for the check and the reader
    try:
        with time_budget(path, SourceError):
            return _read(path, suffix, parts)
    except SourceError:
        raise
    except RecursionError:
        raise SourceError(f"{path}: nested too deeply to read (a page tree or markup thousands of levels deep)") from None
    except MemoryError:
        raise SourceError(f"{path}: too large to read in the memory available") from None
    except Exception as exc:  # noqa: BLE001 - any parser failure is a bad file, not a bug of ours
        reason = " ".join(str(exc).split())[:200] or type(exc).__name__
        raise SourceError(f"{path}: cannot be read as {suffix[1:].upper()} ({type(exc).__name__}: {reason})") from None


_ORIGIN = {".pdf": "the PDF's properties", ".docx": "the document's properties", ".md": "the front matter",
           ".markdown": "the front matter"}


def _read(path: Path, suffix: str, parts: dict[str, bytes] | None = None) -> Extracted:
    """The format's reader; where it does not say where a value came from, its properties."""
    from dataclasses import replace
    extracted = _reader(path, suffix, parts)
    where = _ORIGIN.get(suffix, "the page's metadata")
    return replace(extracted, origins={k: extracted.origins.get(k, where) for k in extracted.meta})


def _reader(path: Path, suffix: str, parts: dict[str, bytes] | None = None) -> Extracted:
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
        return read_word(path, parts)
    raise ValueError(suffix)
