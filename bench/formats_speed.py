"""Indexing a generated library of PDF reports and saved web pages (default 500 of each):
files per second, MB/s, peak memory, and the cost of a re-index after one file changes.

    python bench/formats_speed.py [--pdfs 500] [--html 500] [--paragraphs 40]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import pypdfium2  # noqa: E402
from common import META, seed_blocks  # noqa: E402

from reportgen.library.folder import Library  # noqa: E402
from reportgen.library.indexing.read import EvidenceIndex  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def make_pdf(path: Path, paragraphs: list[str], n: int) -> None:
    """A report as NGOs publish them: running head and foot, paragraphs flowing across pages."""
    from fpdf import FPDF

    class Report(FPDF):
        def header(self):
            self.set_font("Helvetica", size=8)
            self.cell(0, 6, f"Generated Country Report {n}", new_x="LMARGIN", new_y="NEXT")
            self.ln(4)

        def footer(self):
            self.set_y(-15)
            self.set_font("Helvetica", size=8)
            self.cell(0, 6, f"Page {self.page_no()}", align="C")

    pdf = Report(format="A4")
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    for para in paragraphs:
        pdf.set_font("Helvetica", size=10)
        pdf.multi_cell(0, 5, para.encode("latin-1", "replace").decode("latin-1"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    pdf.output(str(path))


def make_html(path: Path, paragraphs: list[str], n: int) -> None:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    path.write_text(f"""<html lang="en"><head><title>Generated page {n} | Bench Times</title>
<meta property="og:site_name" content="Bench Times"></head><body>
<nav><a href="/">Home</a> | <a href="/world">World</a> | <a href="/asia">Asia</a></nav>
<article><h1>Generated page {n}</h1>{body}</article>
<aside><h3>Related stories</h3><ul><li><a href="/a">Another story</a></li></ul></aside>
<footer>© Bench Times. All rights reserved.</footer></body></html>""", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pdfs", type=int, default=500)
    ap.add_argument("--html", type=int, default=500)
    ap.add_argument("--paragraphs", type=int, default=40, help="paragraphs per PDF (40 make about 6 pages)")
    args = ap.parse_args()
    rng = random.Random(11)
    body, _, _ = seed_blocks()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "lib"
        sources = root / "sources"
        sources.mkdir(parents=True)
        (root / "taxonomies").mkdir()
        (root / "taxonomies" / "CN.yaml").write_bytes((REPO / "evidence" / "taxonomies" / "CN.yaml").read_bytes())
        start = time.perf_counter()
        for n in range(args.pdfs):
            make_pdf(sources / f"report-{n:04d}.pdf", rng.sample(body, args.paragraphs), n)
            (sources / f"report-{n:04d}.meta.yaml").write_text(META.format(id=f"report-{n:04d}", n=n, day=n % 28 + 1))
        for n in range(args.html):
            make_html(sources / f"page-{n:04d}.html", rng.sample(body, 12), n)
            (sources / f"page-{n:04d}.meta.yaml").write_text(META.format(id=f"page-{n:04d}", n=n, day=n % 28 + 1))
        made = time.perf_counter() - start
        size = sum(p.stat().st_size for p in sources.iterdir())
        files = args.pdfs + args.html
        library = Library(root)
        start = time.perf_counter()
        index = EvidenceIndex.open(library)
        full = time.perf_counter() - start
        paragraphs = index.conn.execute("SELECT count(*) FROM paragraphs").fetchone()[0]
        index.close()
        victim = sources / "report-0000.meta.yaml"
        victim.write_text(victim.read_text().replace("Generated source", "Changed source"))
        start = time.perf_counter()
        reports = []
        EvidenceIndex.open(library, on_build=reports.append).close()
        one = time.perf_counter() - start
        start = time.perf_counter()
        EvidenceIndex.open(library).close()
        none = time.perf_counter() - start
        own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        pages = sum(len(pypdfium2.PdfDocument(str(p))) for p in list(sources.glob("*.pdf"))[:20]) / 20
        print(f"library: {args.pdfs} PDFs (about {pages:.0f} pages each) + {args.html} HTML pages = {size / 1e6:.1f} MB "
              f"(generated in {made:.0f} s)")
        print(f"full index: {full:.1f} s = {files / full:.1f} files/s, {size / 1e6 / full:.2f} MB/s, "
              f"{paragraphs} paragraphs")
        print(f"re-index after one file changed: {one * 1000:.0f} ms (re-read {reports[0].indexed})")
        print(f"open with nothing changed: {none * 1000:.0f} ms")
        print(f"peak memory: main process {own:.0f} MB, largest worker {kids:.0f} MB")


if __name__ == "__main__":
    main()
