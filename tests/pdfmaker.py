"""PDF pages laid out line by line with fpdf2, so that tests control every line break: columns,
running heads, page numbers, superscript footnote numbers and footnotes at the page foot."""

from __future__ import annotations

from pathlib import Path

Segment = tuple[str, bool]  # (text, is a superscript)


class Pages:
    def __init__(self, title: str = "", author: str = ""):
        from fpdf import FPDF
        self.pdf = FPDF(format="A4", unit="pt")
        self.pdf.set_auto_page_break(False)
        self.pdf.set_title(title)
        self.pdf.set_author(author)

    def page(self, head: str = "", number: str = ""):
        self.pdf.add_page()
        if head:
            self.text(56, 40, head, size=8)
        if number:
            self.text(290, 810, number, size=8)

    def text(self, x: float, y: float, line: str | list[Segment], size: float = 10, bold: bool = False):
        """One line at (x, baseline y); superscript segments smaller and raised."""
        segments = [(line, False)] if isinstance(line, str) else line
        pdf = self.pdf
        for text, sup in segments:
            pdf.set_font("Helvetica", "B" if bold else "", size * 0.6 if sup else size)
            width = pdf.get_string_width(text)
            pdf.text(x, y - (0.4 * size if sup else 0), text)
            x += width

    def column(self, x: float, y: float, lines: list, size: float = 10, leading: float = 13) -> float:
        """Lines top down from baseline y; None leaves a paragraph gap. Returns the next baseline."""
        for line in lines:
            if line is not None:
                self.text(x, y, line, size)
            y += leading
        return y

    def save(self, path: Path) -> Path:
        self.pdf.output(str(path))
        return path
