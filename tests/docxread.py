"""Reading a produced .docx back, as a person's Word would see it: paragraphs, styles, notes, parts."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.oxml.ns import qn

from reportgen.docx.reader import read_report


def open_docx(path: Path):
    return docx.Document(str(path))


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def footnotes(path: Path) -> dict[int, str]:
    """The report's footnotes by id, as reportgen's own reader (the one `verify` uses) sees them."""
    return read_report(Path(path)).notes


def note_refs(paragraph) -> list[int]:
    return [int(r.get(qn("w:id"))) for r in paragraph._p.iter(qn("w:footnoteReference"))]


def bookmarks(paragraph) -> list[str]:
    return [b.get(qn("w:name")) for b in paragraph._p.iter(qn("w:bookmarkStart"))]


def placeholder_runs(document) -> list[str]:
    return [r.text for p in document.paragraphs for r in p.runs
            if r.style is not None and r.style.name == "Expert Placeholder"]


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(path: Path, outdir: Path) -> Path:
    subprocess.run([soffice(), "--headless", "--norestore", "--convert-to", "pdf", "--outdir", str(outdir), str(path)],
                   check=True, capture_output=True, timeout=240,
                   env={"HOME": str(outdir), "PATH": "/usr/bin:/bin:/usr/local/bin"})
    return outdir / (path.stem + ".pdf")


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True).stdout.decode()
    return text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")


@dataclass(frozen=True)
class Line:
    """One laid-out line of a PDF page: its words and where it sits (points from the top left)."""
    top: float
    left: float
    words: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.words)


def pdf_lines(pdf: Path) -> list[list[Line]]:
    """Each page's visual rows of words, top to bottom, from the words' boxes: structure, not
    spacing, so the result does not depend on how wide the installed fonts set a tab or a space
    (a paragraph number and its text are one row even where the PDF keeps them apart)."""
    from lxml import etree
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True).stdout
    root = etree.fromstring(out, etree.XMLParser(recover=True, huge_tree=True))
    pages = []
    for page in root.iter("{*}page"):
        words = sorted((float(w.get("yMin")), float(w.get("xMin")), w.text or "") for w in page.iter("{*}word"))
        rows: list[list[tuple[float, float, str]]] = []
        for word in words:
            if rows and abs(word[0] - rows[-1][0][0]) < 2.0:  # same baseline, within two points
                rows[-1].append(word)
            else:
                rows.append([word])
        lines = []
        for row in rows:
            row.sort(key=lambda w: w[1])
            lines.append(Line(row[0][0], row[0][1], tuple(w[2] for w in row)))
        pages.append(lines)
    return pages


def pdf_fonts(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True).stdout.decode()


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
