"""How many pages a written report fills: as LibreOffice lays it out when it is installed,
otherwise estimated from the report model. Drafting warns when a forum's limit is passed."""

from __future__ import annotations

import math
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import envvars

if TYPE_CHECKING:
    from .model import Report

MODES = ("auto", "libreoffice", "estimate", "off")


@dataclass(frozen=True)
class PageCount:
    pages: int
    how: str  # "as laid out by LibreOffice" | "estimated"


def count_pages(data: bytes, report: Report, mode: str = "auto") -> PageCount | None:
    """The page count of a written .docx; None when counting is off."""
    mode = mode or envvars.pages()
    if mode == "off":
        return None
    if mode in ("auto", "libreoffice"):
        pages = libreoffice_pages(data)
        if pages is not None:
            return PageCount(pages, "as laid out by LibreOffice")
    return PageCount(estimate_pages(report), "estimated")


def libreoffice_pages(data: bytes, timeout: float = 120) -> int | None:
    """Convert to PDF in a private folder (its own LibreOffice profile, removed after) and count
    the PDF's pages; None when LibreOffice is missing or fails. Nothing leaves the machine."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        return None
    import subprocess  # with pypdfium2: loaded only when LibreOffice is there to run

    import pypdfium2
    with tempfile.TemporaryDirectory(prefix="reportgen-pages-") as tmp:
        path = Path(tmp) / "report.docx"
        path.write_bytes(data)
        try:
            subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
                            "--convert-to", "pdf", "--outdir", tmp, str(path)],
                           check=True, capture_output=True, timeout=timeout, env={**os.environ, "HOME": tmp})
            with pypdfium2.PdfDocument(str(Path(tmp) / "report.pdf")) as pdf:
                return len(pdf)
        except Exception:  # noqa: BLE001 - LibreOffice failed or its PDF is unreadable: the estimate stands
            return None


def estimate_pages(report: Report) -> int:
    return estimate_layout(report)[0]


def estimate_layout(report: Report) -> tuple[int, dict[str, int]]:
    """(pages, the page each bookmarked heading starts on): lines of text at the page's size and
    spacing, footnotes included, calibrated on the shipped examples against LibreOffice
    (bench/draft_speed.py measures it). The contents' page numbers are these until Word updates them."""
    from .model import Contents, Heading, Note, PageBreak, Para, Quote, Table  # not loaded to parse --pages
    page = report.page
    letter = page.size.lower() == "letter"
    width_chars = 88 if letter else 84  # characters per body line at 12 pt on the text width
    body_lines = (52 if letter else 57) / page.line_spacing * (12 / page.font_size)  # lines per page
    lines, pages = 0.0, 0
    starts: dict[str, int] = {}

    def add(chars: int, width: int, spacing: float, extra: float = 0.5) -> None:
        nonlocal lines
        lines += (math.ceil(max(chars, 1) / width) + extra) * spacing / page.line_spacing

    for block in report.blocks:
        if isinstance(block, PageBreak) or (isinstance(block, Heading) and block.page_break):
            pages += max(1, math.ceil(lines / body_lines))
            lines = 0.0
        if isinstance(block, Heading):
            if block.bookmark:
                starts[block.bookmark] = pages + 1 + int(lines // body_lines)
            add(len(block.text), width_chars, page.line_spacing, 1.2)
        elif isinstance(block, Para):
            text = "".join(getattr(i, "text", "") for i in block.inlines if not isinstance(i, Note))
            add(len(text) + 4, width_chars - 8, page.line_spacing)
        elif isinstance(block, Quote):
            add(len(block.text), width_chars - 22, 1.15)
            if block.note:
                add(len(block.note.text), int(width_chars * 1.2), 1.0 * 10 / 12, 0.2)
        elif isinstance(block, Contents):
            lines += len(block.entries) + 2
        elif isinstance(block, Table):
            for row in block.rows:
                longest = max((sum(len(getattr(i, "text", "")) for i in cell) for cell in row), default=0)
                add(longest, max(20, width_chars // max(len(row), 1)), 1.0)
    return pages + max(1, math.ceil(lines / body_lines)), starts
