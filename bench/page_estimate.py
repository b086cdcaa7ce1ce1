"""The page estimate against LibreOffice: for every shipped example, the estimated and the real page
count, and each heading's page in the contents (the estimate) against the page LibreOffice sets it on.

    python bench/page_estimate.py

Needs LibreOffice (soffice) and poppler (pdfinfo, pdftotext). Goal (issue 23): every count within one
page; the contents' page numbers are what a reader of the PDF sees until Word updates the fields.
"""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
from pathlib import Path

from docx import Document

REPO = Path(__file__).resolve().parents[1]


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    return int(re.search(r"Pages:\s+(\d+)", info).group(1))


def contents(docx: Path) -> tuple[list[str], dict[str, int]]:
    """The report's top headings, and the page the contents gives each."""
    doc = Document(str(docx))
    heads = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    listed = {}
    for p in doc.paragraphs:
        title, _, page = p.text.rpartition("\t")
        if p.style.name.startswith("toc") and page.strip().isdigit():
            listed[title] = int(page)
    return heads, listed


def real_pages(pdf: Path, heads: list[str], first: int = 3) -> dict[str, int]:
    """The page each heading stands on alone as a line (after the cover and the contents)."""
    found: dict[str, int] = {}
    for page in range(first, pdf_pages(pdf) + 1):
        text = subprocess.run(["pdftotext", "-f", str(page), "-l", str(page), "-layout", str(pdf), "-"],
                              capture_output=True, text=True).stdout
        lines = {line.strip() for line in text.splitlines()}
        found.update((h, page) for h in heads if h not in found and h in lines)
    return found


def main() -> None:
    out = Path(tempfile.mkdtemp())
    totals, offsets = [], []
    for case in sorted((REPO / "examples").glob("*.yaml")):
        docx = out / f"{case.stem}.docx"
        drafted = subprocess.run([sys.executable, "-m", "reportgen.cli", "draft", str(case), "-o", str(docx), "--force"],
                                 capture_output=True, text=True)
        estimated = int(re.search(r"about (\d+) pages", drafted.stdout + drafted.stderr).group(1))
        subprocess.run(["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(out), str(docx)],
                       capture_output=True, timeout=300)
        pdf = out / f"{case.stem}.pdf"
        heads, listed = contents(docx)
        real = real_pages(pdf, heads)
        mine = [listed[h] - real[h] for h in heads if h in listed and h in real]
        totals.append(estimated - pdf_pages(pdf))
        offsets += mine
        print(f"{case.stem:18} estimated {estimated:3}  LibreOffice {pdf_pages(pdf):3}  headings (contents - real) {mine}")
    print(f"page counts, estimated - real: {totals}; headings on the right page: {sum(o == 0 for o in offsets)} of "
          f"{len(offsets)}, within one page: {sum(abs(o) <= 1 for o in offsets)}")


if __name__ == "__main__":
    main()
