"""PDF readers compared: pages per second and the share of known paragraphs recovered whole.

    python bench/pdf_readers.py [--pages 150] [--repeat 3]

Readers: the former pypdf layout-mode reader (taken from git history, commit 8558300), the
pypdfium2 reader (reportgen.library.reading.readers.pdf), and poppler's `pdftotext -layout` (paragraphs split at
blank lines), with plain `pdftotext` (its reading order) for reference. Documents: the two corpus
PDFs (../shared/corpus, read in place; known paragraphs in tests/data/pdf/corpus-paragraphs.yaml),
a generated report of --pages pages (fpdf2: running head, page numbers, numbered paragraphs,
superscript footnote numbers, footnotes at the page foot) and a two-column brief of a third as
many pages (fpdf2's text columns, no footnotes), every paragraph of which is known.
A paragraph is recovered whole when one output paragraph opens and ends as it does (a leading
paragraph number aside) and, for the generated report, has its length within 2%.

Figures on the shared 2-core machine (2026-12-01, final code, load 2-3, medians of 3;
pages/s and paragraphs whole; a run of the day's earlier code under less load gave the new
reader 82, 96, 107 and 87 pages/s):

    reader             crs (3 pp)    ohchr (48 pp)   generated (150 pp)   2 columns (50 pp)
    pypdf layout        10   0/13     11   2/14      139    22/1609       132    72/750
    pypdfium2 (new)     49  13/13     76  14/14       73  1609/1609        72   750/750
    pdftotext -layout  192   0/13    484   0/14     1351     0/1609      1096    81/750
    pdftotext          196   3/13    485   0/14     1381     0/1609      1135   750/750
    new reader, ms per page: 50 pp 11.7, 150 pp 12.5 (linear in pages)

pdftotext is 4-19 times faster and reads plain columns well, but with -layout it interleaves
the primer's columns, and either way it leaves footnote numbers in the text ("among others. 3")
and footnotes among the paragraphs, and puts no blank line between OHCHR's numbered paragraphs;
it would also be a non-Python dependency. pypdfium2 gives the character boxes, sizes and
weights the rules need (pdfminer.six, under pdfplumber, was about 16 pages/s in the issue).
The "generated" pypdf figure is high because fpdf2's simple pages are cheap for it.
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import median_time, seed_blocks  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
KNOWN = REPO / "tests" / "data" / "pdf" / "corpus-paragraphs.yaml"
LEGACY_COMMIT = "8558300"
_NUMBER = re.compile(r"^\d{1,4}(\.\d{1,3})*\.?\s+")


def legacy_reader():
    """The pypdf reader as it was before pypdfium2, loaded from git history."""
    try:
        source = subprocess.run(["git", "-C", str(REPO), "show", f"{LEGACY_COMMIT}:src/reportgen/readers/pdf.py"],
                                capture_output=True, text=True, check=True).stdout
        import pypdf  # noqa: F401
    except (subprocess.CalledProcessError, OSError, ImportError):
        return None
    spec = importlib.util.spec_from_loader("reportgen.library.reading.readers._legacy_pdf", loader=None)
    module = importlib.util.module_from_spec(spec)
    # its imports as they were, resolved against today's packages
    source = source.replace("from ..", "from reportgen.").replace("from . import", "from reportgen.library.reading.readers import")
    exec(compile(source, "legacy_pdf.py", "exec"), module.__dict__)
    return lambda path: [b.text for b in module.read_pdf(path).blocks if not b.heading]


def new_reader(path: Path) -> list[str]:
    from reportgen.library.reading.readers.pdf import read_pdf
    return [b.text for b in read_pdf(path).blocks if not b.heading]


def pdftotext(*flags: str):
    def read(path: Path) -> list[str]:
        text = subprocess.run(["pdftotext", *flags, str(path), "-"], capture_output=True, text=True).stdout
        return [" ".join(block.split()) for block in re.split(r"\n\s*\n|\f", text) if block.strip()]
    return read


def whole(paragraphs: list[str], known: list[dict]) -> int:
    texts = [_NUMBER.sub("", " ".join(p.split())) for p in paragraphs]
    found = 0
    for k in known:
        for t in texts:
            if t.startswith(k["opens"]) and t.endswith(k["ends"]) and (
                    "length" not in k or abs(len(t) - k["length"]) <= 0.02 * k["length"]):
                found += 1
                break
    return found


def paged(head: str, notes: list[tuple[int, str]]):
    """An fpdf2 document with a running head, page numbers, and `notes` set at each page foot."""
    from fpdf import FPDF

    class Paged(FPDF):
        def header(self):
            self.set_font("Helvetica", size=8)
            self.cell(0, 6, head, new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

        def footer(self):
            self.set_y(-48)
            self.set_font("Helvetica", size=7)
            for number, note in notes:
                self.multi_cell(0, 3.5, f"{number} {note}", new_x="LMARGIN", new_y="NEXT")
            notes.clear()
            self.set_y(-12)
            self.set_font("Helvetica", size=8)
            self.cell(0, 6, str(self.page_no()), align="C")

    return Paged(format="A4")


def _seed_paragraphs() -> list[str]:
    body, _, _ = seed_blocks()
    return [b.encode("latin-1", "ignore").decode("latin-1") for b in body if len(b) > 200]


def _known(text: str) -> dict:
    words = text.split()
    return {"opens": " ".join(words[:6]), "ends": " ".join(words[-5:]), "length": len(text)}


def make_report(path: Path, pages: int, rng: random.Random) -> list[dict]:
    """A long report laid out as agencies publish them; returns its paragraphs as known ones."""
    body, pending = _seed_paragraphs(), []
    pdf = paged("Generated Country Report on Returns", pending)
    pdf.set_auto_page_break(True, margin=52)
    pdf.add_page()
    known = []
    while pdf.page_no() < pages or pdf.get_y() < 150:
        n = len(known) + 1
        text = rng.choice(body)
        pdf.set_font("Helvetica", size=10)
        pdf.write(5, f"{n}.    {text}")
        pdf.char_vpos = "SUP"
        pdf.write(5, str(n))
        pdf.char_vpos = "LINE"
        pending.append((n, f"Interview {n}, conducted remotely; details withheld for the protection of sources."))
        pdf.ln(9)
        known.append(_known(text))
    pdf.output(str(path))
    return known


def make_brief(path: Path, pages: int, rng: random.Random) -> list[dict]:
    """A two-column brief (fpdf2's text columns) with a running head and page numbers."""
    body = _seed_paragraphs()
    pdf = paged("Generated Two-Column Brief", [])
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    known = []
    with pdf.text_columns(ncols=2, gutter=8, text_align="LEFT", line_height=1.2) as columns:
        for _ in range(15 * pages):  # about 15 paragraphs a page; the columns render at the end
            text = rng.choice(body)
            columns.write(text=text)
            columns.ln()
            columns.ln()
            known.append(_known(text))
    pdf.output(str(path))
    return known


def page_count(path: Path) -> int:
    import pypdfium2 as pdfium
    document = pdfium.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=150)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    readers = {"pypdf layout": legacy_reader(), "pypdfium2 (new)": new_reader}
    if shutil.which("pdftotext"):
        readers["pdftotext -layout"] = pdftotext("-layout")
        readers["pdftotext"] = pdftotext()
    known = yaml.safe_load(KNOWN.read_text("utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        documents = [(CORPUS / name, paragraphs) for name, paragraphs in known.items() if (CORPUS / name).is_file()]
        short = Path(tmp) / "generated-short.pdf"
        make_report(short, max(10, args.pages // 3), random.Random(3))
        generated = Path(tmp) / "generated.pdf"
        documents.append((generated, make_report(generated, args.pages, random.Random(7))))
        brief = Path(tmp) / "generated-columns.pdf"
        documents.append((brief, make_brief(brief, max(10, args.pages // 3), random.Random(5))))
        print(f"{'reader':<18} " + " ".join(f"{p.stem[:18]:>24}" for p, _ in documents))
        for label, read in readers.items():
            if read is None:
                print(f"{label:<18} (not available: needs pypdf and git history)")
                continue
            cells = []
            for path, paragraphs in documents:
                got = whole(read(path), paragraphs)  # also warms up imports and caches
                seconds = median_time(lambda: read(path), args.repeat)
                cells.append(f"{page_count(path) / seconds:6.0f} p/s {got:4d}/{len(paragraphs):<4d}")
            print(f"{label:<18} " + " ".join(f"{c:>24}" for c in cells), flush=True)
        # linear in pages: seconds per page on a third of the report and on all of it
        per_page = [median_time(lambda p=p: new_reader(p), args.repeat) / page_count(p) for p in (short, generated)]
        print(f"new reader, ms per page: {page_count(short)} pp {1000 * per_page[0]:.1f}, "
              f"{page_count(generated)} pp {1000 * per_page[1]:.1f}")


if __name__ == "__main__":
    main()
