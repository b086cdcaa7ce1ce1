"""How many pages a written report fills: estimated from the report model by default (a draft
never waits for LibreOffice; bench/draft_speed.py measures the estimate against LibreOffice's
count), or as LibreOffice lays it out when asked. Drafting warns when a forum's limit is passed,
or would be once the expert's placeholders are filled."""

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
    from .template_set import TemplateSet

MODES = ("estimate", "libreoffice", "off", "auto")  # auto: as estimate (kept for older settings)


@dataclass(frozen=True)
class PageCount:
    """A report's length, and whether it was laid out or estimated."""

    pages: int
    how: str  # how it was counted, a key of templates/wording.yaml: laid_out | estimated | not_laid_out
    exact: bool = False


def mode_of(mode: str | None) -> str:
    """The counting mode asked for (--pages, else REPORTGEN_PAGES), 'estimate' by default."""
    mode = mode or envvars.pages()
    return "estimate" if mode == "auto" else mode


def count_pages(data: bytes, estimate: int, mode: str = "") -> PageCount | None:
    """The page count of a written .docx (`estimate`: the report's estimate_layout, worked out
    once by the caller); None when counting is off."""
    mode = mode_of(mode)
    if mode == "off":
        return None
    if mode == "libreoffice":
        pages = libreoffice_pages(data)
        if pages is not None:
            return PageCount(pages, "laid_out", exact=True)
        return PageCount(estimate, "not_laid_out")  # LibreOffice could not be run
    return PageCount(estimate, "estimated")


def libreoffice_pages(data: bytes, timeout: float = 120) -> int | None:
    """The page count of the PDF LibreOffice makes of the report; None when it is missing or fails."""
    pdf_data = to_pdf(data, timeout)
    if pdf_data is None:
        return None
    import pypdfium2
    with pypdfium2.PdfDocument(pdf_data) as pdf:
        return len(pdf)


def libreoffice() -> str | None:
    """LibreOffice's command on this machine, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(data: bytes, timeout: float = 120) -> bytes | None:
    """The .docx converted to PDF by LibreOffice in a private folder (its own profile, removed
    after); None when LibreOffice is missing or fails. Nothing leaves the machine."""
    soffice = libreoffice()
    if not soffice:
        return None
    import subprocess  # loaded only when LibreOffice is there to run
    with tempfile.TemporaryDirectory(prefix="reportgen-pages-") as tmp:
        path = Path(tmp) / "report.docx"
        path.write_bytes(data)
        try:
            subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--norestore",
                            "--convert-to", "pdf", "--outdir", tmp, str(path)],
                           check=True, capture_output=True, timeout=timeout, env={**os.environ, "HOME": tmp})
            return (Path(tmp) / "report.pdf").read_bytes()
        except Exception:  # noqa: BLE001 - LibreOffice failed: the caller says so or estimates
            return None


def length_warning(report: Report, count: PageCount, estimated: int, wording: dict, templates: TemplateSet) -> str:
    """The note, in the forum's words (`wording`: its own, or its schedule's), for a report past
    its page limit, or one that would pass it once its opinion placeholders are filled at the
    forum's typical length; "" when neither. `estimated`: the report's estimate_layout pages,
    against which the filled report's estimate is the difference projected onto `count`."""
    limit = wording.get("page_limit")
    if not limit:
        return ""
    said = templates.words  # the figures as the warning gives them
    shown = str(count.pages) if count.exact else templates.render(said["pages_about"], {}, pages=count.pages)
    values = {"pages": shown, "how": said[f"counted_{count.how}"], "limit": limit}
    if count.pages > int(limit):
        return templates.render(wording["length_warning"], {}, **values)
    placeholders = opinion_placeholders(report)
    if not (wording.get("placeholder_words") and wording.get("length_projection") and placeholders):
        return ""
    words = int(wording["placeholder_words"])
    projected = count.pages + estimate_pages(filled(report, words)) - estimated
    if projected <= int(limit):
        return ""
    return templates.render(wording["length_projection"], {}, **values, words=words, placeholders=placeholders,
                            projected=projected, over=templates.render(said["pages_over"], {}, n=projected - int(limit)))


def filled(report: Report, words: int) -> Report:
    """The report as it will be once the expert fills it: each paragraph that is one placeholder
    (an opinion to write) at the typical length `words`; short placeholders ([date]) as they are."""
    from dataclasses import replace

    from .model import Para, Placeholder, Text
    blocks = []
    for block in report.blocks:
        if isinstance(block, Para) and len(block.inlines) == 1 and isinstance(block.inlines[0], Placeholder) \
                and block.style == "numbered":
            block = replace(block, inlines=(Text("x" * (words * 6)),))  # about six characters a word
        blocks.append(block)
    return replace(report, blocks=tuple(blocks))


def opinion_placeholders(report: Report) -> int:
    from .model import Para, Placeholder
    return sum(1 for b in report.blocks if isinstance(b, Para) and b.style == "numbered"
               and len(b.inlines) == 1 and isinstance(b.inlines[0], Placeholder))


def estimate_pages(report: Report) -> int:
    return estimate_layout(report)[0]


def estimate_layout(report: Report) -> tuple[int, dict[str, int]]:
    """(pages, the page each bookmarked heading starts on): lines of text at the page's size and
    spacing, footnotes included; what is kept together (an extract, a heading with its lead-in and
    the first lines after it) and does not fit on a page's rest starts the next page, as Word and
    LibreOffice set it. Calibrated on the shipped examples against LibreOffice (bench/page_estimate.py
    measures each heading's page). The contents' page numbers are these until Word updates them."""
    from .model import Contents, Heading, Note, PageBreak, Para, Quote, Table  # not loaded to parse --pages
    page = report.page
    letter = page.size.lower() == "letter"
    width_chars = 88 if letter else 84  # characters per body line at 12 pt on the text width
    # lines per page at single spacing, calibrated with whole blocks moved to the next page as they are
    body_lines = (54.0 if letter else 59.5) / page.line_spacing * (12 / page.font_size)
    # the 6 pt the styles set after a paragraph, in lines of the page's spacing (a line is 1.15 em):
    # 0.29 of a line at the UK's 1.5, 0.22 at the US's double spacing, not half a line for both
    gap = 6 / (page.font_size * 1.15 * page.line_spacing)
    lines, pages = 0.0, 0  # lines on the page being filled; pages filled before it
    starts: dict[str, int] = {}
    held: list[tuple[str, float]] = []  # blocks kept with what follows (a heading, a lead-in): (bookmark, lines)

    def height(chars: int, width: int, spacing: float, extra: float = 0.5) -> float:
        return (math.ceil(max(chars, 1) / width) + extra) * spacing / page.line_spacing

    def place(h: float, whole: bool = False) -> None:
        """Set a block (and those held for it) on the page: what is kept together and does not fit
        on the page's rest starts the next page, as Word and LibreOffice move it."""
        nonlocal lines, pages
        chain = sum(x for _, x in held) + (h if whole else min(h, 2.0))
        if lines and lines + chain > body_lines and chain <= body_lines:
            pages, lines = pages + 1, 0.0
        for mark, x in held:
            if mark:
                starts[mark] = pages + 1
            lines += x
        held.clear()
        lines += h
        while lines > body_lines:
            pages, lines = pages + 1, lines - body_lines

    for block in report.blocks:
        if isinstance(block, PageBreak) or (isinstance(block, Heading) and block.page_break):
            if lines or held:
                place(0.0)
                pages, lines = pages + 1, 0.0
        if isinstance(block, Heading):
            held.append((block.bookmark, height(len(block.text), width_chars, page.line_spacing, 1.2)))
        elif isinstance(block, Para):
            text = "".join(getattr(i, "text", "") for i in block.inlines if not isinstance(i, Note))
            if block.style == "bibliography":  # set at 1.15 lines, hanging indent
                h = height(len(text), width_chars - 6, 1.15, 0.3)
            elif block.style == "lead_in":  # single-spaced; 1.15 fits LibreOffice best (bench/page_estimate.py)
                h = height(len(text) + 4, width_chars - 8, 1.15, gap * page.line_spacing / 1.15)
            else:
                h = height(len(text) + 4, width_chars - 8, page.line_spacing, gap)
            if block.keep_with_next:
                held.append(("", h))
            else:
                place(h)
        elif isinstance(block, Quote):
            h = height(len(block.text), width_chars - 22, 1.15)
            if block.note:
                h += height(len(block.note.text), int(width_chars * 1.2), 1.0 * 10 / 12, 0.2)
            if block.keep_with_next:  # a schedule's extract keeps with its link to the source
                held.append(("", h))
            else:
                place(h, whole=True)  # an extract is never split across pages
        elif isinstance(block, Contents):
            place(len(block.entries) + 2.0)
        elif isinstance(block, Table):
            total = sum(block.widths) or 1.0
            rows = 0.0
            for row in block.rows:  # a row is as tall as its tallest cell, at the cell's own width
                widths = block.widths if len(block.widths) == len(row) else (total / max(len(row), 1),) * len(row)
                tallest = max((math.ceil(max(1, sum(len(getattr(i, "text", "")) for i in cell))
                                         / max(8, int(width_chars * 1.1 * w / total))) for cell, w in zip(row, widths)),
                              default=1)
                rows += (tallest + 0.3) * 1.0 / page.line_spacing
            place(rows)
    if held:
        place(0.0)
    return pages + (1 if lines or not pages else 0), starts
