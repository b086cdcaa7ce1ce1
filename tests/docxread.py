"""Reading a produced .docx back, as a person's Word would see it: paragraphs, styles, notes, parts."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
from docx.oxml.ns import qn

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def open_docx(path: Path):
    return docx.Document(str(path))


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def footnotes(path: Path) -> dict[int, str]:
    from lxml import etree
    root = etree.fromstring(parts(path)["word/footnotes.xml"])
    out = {}
    for note in root.findall(f"{W}footnote"):
        note_id = int(note.get(f"{W}id"))
        if note_id > 0:
            out[note_id] = "".join(t.text or "" for t in note.iter(f"{W}t")).strip()
    return out


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


def pdf_fonts(pdf: Path) -> str:
    return subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True).stdout.decode()


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
