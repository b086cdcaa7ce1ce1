"""`evidence add --ocr`: a text layer for a scanned PDF, by Tesseract through ocrmypdf (the `[ocr]`
extra, and the system's tesseract-ocr). The PDF with its new layer is what the library keeps, so
the index reads it as any PDF, and a rebuild needs no OCR; its text is held to the same test of
readability as any text layer, so unreadable OCR is refused, never indexed."""

from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

from ... import limits
from ...errors import SourceError
from ...limits import OCR_PAGE_SECONDS, bounded, check_source_size

# the source's language (ISO 639-1, as sidecars state it) as Tesseract names its language data;
# Debian's package for it is tesseract-ocr-<name>
TESSERACT_LANGUAGE = {"en": "eng", "ru": "rus", "zh": "chi_sim", "es": "spa", "fr": "fra", "ar": "ara",
                      "de": "deu", "uk": "ukr", "fa": "fas", "tr": "tur", "pt": "por", "it": "ita"}
INSTALL = ("install Tesseract and the OCR extra: `apt-get install tesseract-ocr tesseract-ocr-eng` "
           "(or your system's tesseract package) and `python -m pip install 'reportgen[ocr]'`")


def missing() -> list[str]:
    """What --ocr needs and this machine lacks: the tesseract program, the ocrmypdf package."""
    lacking = [] if shutil.which("tesseract") else ["the tesseract program"]
    return lacking + ([] if importlib.util.find_spec("ocrmypdf") else ["the Python package ocrmypdf"])


def with_text_layer(path: Path, folder: Path, language: str | None, page_range: str = "") -> Path:
    """A copy of the PDF at `path`, in `folder`, whose pages without text (or with an old OCR layer)
    carry Tesseract's text; born-digital text is kept as it is; with `page_range` ("12-40"), only
    those pages are read. Runs in a bounded worker with OCR's own limits (limits.OCR_SECONDS,
    OCR_MEMORY, OCR_PAGES); its work files stay in `folder`, so they go with it, also when the
    worker is stopped."""
    if path.suffix.lower() != ".pdf":
        raise SourceError(f"{path}: --ocr reads scanned PDFs; this is a {path.suffix or 'suffixless'} file")
    lacking = missing()
    if lacking:
        raise SourceError(f"{path}: --ocr needs {' and '.join(lacking)}, not found on this machine; {INSTALL}")
    check_source_size(path, SourceError)
    code = TESSERACT_LANGUAGE.get((language or "en").lower().split("-")[0], "eng")
    out = folder / f"{path.stem}.pdf"
    bounded(_ocr, path, out, code, page_range, limits.OCR_PAGES, path=path, error=SourceError, what="OCR",
            seconds=limits.OCR_SECONDS, memory=limits.OCR_MEMORY)
    return out


def _ocr(path: Path, out: Path, language: str, page_range: str, most: int) -> None:
    """In the worker. ocrmypdf's own warnings (a page it could not improve, a date without a time
    zone) are not the user's business; its errors are, in one line."""
    import logging
    import tempfile

    import ocrmypdf
    from ocrmypdf import exceptions

    work = out.parent / "work"
    work.mkdir(exist_ok=True)
    tempfile.tempdir = str(work)  # ocrmypdf's page images: removed with the caller's folder, whatever ends this
    pages = _pages_to_read(path, page_range)
    if pages > most:
        raise SourceError(f"{path}: {pages} pages to OCR is more than the {most} read in one add (about "
                          f"{limits.OCR_SECONDS // 60} minutes of Tesseract); give the pages you cite with --pages FIRST-LAST")
    logging.getLogger("ocrmypdf").setLevel(logging.ERROR)
    try:
        ocrmypdf.ocr(path, out, language=[language], output_type="pdf", redo_ocr=True, optimize=0,
                     progress_bar=False, jobs=1, use_threads=True, tesseract_timeout=OCR_PAGE_SECONDS,
                     pages=page_range or None)
    except exceptions.MissingDependencyError as exc:
        raise SourceError(f"{path}: OCR needs what is not installed ({_first_line(exc)}); for the "
                          f"language '{language}': `apt-get install tesseract-ocr-{language.replace('_', '-')}`") from None
    except exceptions.ExitCodeException as exc:
        raise SourceError(f"{path}: OCR failed ({type(exc).__name__}: {_first_line(exc)})") from None


def _pages_to_read(path: Path, page_range: str) -> int:
    """How many pages OCR would read: the file's, or those of the range it has."""
    import pikepdf
    try:
        with pikepdf.open(path) as pdf:
            total = len(pdf.pages)
    except pikepdf.PdfError as exc:
        raise SourceError(f"{path}: not a readable PDF ({_first_line(exc)})") from None
    if not page_range:
        return total
    first, last = (int(n) for n in page_range.split("-"))
    if first > total:
        raise SourceError(f"{path}: --pages {page_range}: the PDF has {total} page(s)")
    return min(last, total) - first + 1


def _first_line(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]
