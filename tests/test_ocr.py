"""`evidence add --ocr` on a scan made here: a page image of known English text, with no text
layer. OCR runs for real (Tesseract through ocrmypdf, which `.ci/run` installs); on a machine
without them these tests are skipped, except under CI, where their absence is a failure."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from reportgen.library.adding.ocr import missing

LINES = ["The authorities detained opposition journalists in the",
         "capital during the protests of March. Several of them",
         "were held without charge for weeks and were denied",
         "access to lawyers, according to their families."]
META = ("--title", "Detentions of journalists", "--source-type", "ngo-report", "--country", "CN")


def needs_ocr():
    if missing() and not os.environ.get("CI"):
        pytest.skip(f"OCR not installed here: {', '.join(missing())}")


def scan(path, lines):
    """A one-page PDF that is only a picture of the lines (Pillow's own scalable font: no
    installed font needed), as a scanner makes it."""
    page_image(lines).save(path, resolution=200)
    return path


def page_image(lines):
    from PIL import Image, ImageDraw, ImageFont
    font = ImageFont.load_default(size=44)
    image = Image.new("L", (1700, 2200), 255)
    draw = ImageDraw.Draw(image)
    for n, line in enumerate(lines):
        draw.text((150, 250 + 70 * n), line, fill=0, font=font)
    return image


def add(run, library, *args):
    return run("--evidence", library, "evidence", "add", *args)


def test_a_scan_is_said_to_be_image_only_and_indexed_after_ocr(run, library, tmp_path):
    pdf = scan(tmp_path / "detentions.pdf", LINES)
    result = add(run, library, pdf, *META)
    assert result.code == 2 and "image-only" in result.err and "--ocr" in result.err, result.err
    assert not (library / "sources" / "detentions.pdf").exists()
    needs_ocr()
    result = add(run, library, pdf, *META, "--ocr")
    assert result.code == 0, result.err
    shown = run("--evidence", library, "evidence", "show", "detentions", "--json")
    text = " ".join(p["text"] for p in shown.json())
    words = text.lower().split()
    # what the page says, read back from the index (an OCR engine may misread a letter: not a word of these)
    for word in ("authorities", "detained", "journalists", "protests", "charge", "lawyers"):
        assert any(word in w for w in words), (word, text)
    found = run("--evidence", library, "evidence", "search", "journalists detained")
    assert found.code == 0 and "detentions" in found.out
    # the library keeps the PDF with its text layer: a rebuild reads the same, with no OCR
    assert run("--evidence", library, "evidence", "index", "--rebuild").code == 0
    again = run("--evidence", library, "evidence", "show", "detentions", "--json").json()
    assert [p["text"] for p in again] == [p["text"] for p in shown.json()]


def test_ocr_that_reads_nothing_is_refused_not_indexed(run, library, tmp_path):
    """A page of scribbles: whatever Tesseract makes of it is no evidence, and nothing is added."""
    needs_ocr()
    from PIL import Image, ImageDraw
    image = Image.new("L", (1700, 2200), 255)
    draw = ImageDraw.Draw(image)
    for n in range(40):
        draw.arc((100 + 37 * n, 300 + 29 * (n % 7), 260 + 37 * n, 420 + 29 * (n % 7)), 10 * n, 10 * n + 200, fill=0, width=3)
    pdf = tmp_path / "scribbles.pdf"
    image.save(pdf, resolution=200)
    result = add(run, library, pdf, *META, "--ocr")
    assert result.code == 2 and "after OCR" in result.err and "Traceback" not in result.err, result.err
    assert not (library / "sources" / "scribbles.pdf").exists()


def test_ocr_without_tesseract_says_what_to_install(run, library, tmp_path, monkeypatch):
    pdf = scan(tmp_path / "detentions.pdf", LINES[:2])
    bin_dir = tmp_path / "bin"  # a PATH with no tesseract on it
    bin_dir.mkdir()
    monkeypatch.setenv("PATH", str(bin_dir))
    assert shutil.which("tesseract") is None
    result = add(run, library, pdf, *META, "--ocr")
    assert result.code == 2 and "Traceback" not in result.err
    assert "tesseract program" in result.err and "apt-get install tesseract-ocr" in result.err
    assert "reportgen[ocr]" in result.err
    assert not (library / "sources" / "detentions.pdf").exists()


def test_ocr_is_for_pdfs(run, library, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("The authorities detained opposition journalists in the capital.\n", encoding="utf-8")
    result = add(run, library, page, *META, "--ocr")
    assert result.code == 2 and "--ocr reads scanned PDFs" in result.err


def test_ocr_of_a_scan_already_in_the_library_folder_replaces_it_with_the_read_copy(run, library, tmp_path):
    """A scan dropped into sources/ and then added with --ocr: the library keeps the copy with the
    text layer, not the scan, so a rebuild reads what was indexed."""
    needs_ocr()
    pdf = scan(library / "sources" / "detentions.pdf", LINES)
    result = add(run, library, pdf, *META, "--ocr")
    assert result.code == 0, result.err
    shown = [p["text"] for p in run("--evidence", library, "evidence", "show", "detentions", "--json").json()]
    assert shown
    rebuilt = run("--evidence", library, "evidence", "index", "--rebuild")
    assert rebuilt.code == 0, rebuilt.err
    assert [p["text"] for p in run("--evidence", library, "evidence", "show", "detentions", "--json").json()] == shown


def scans(path, pages):
    """A PDF of several scanned pages, each a picture of LINES and its own page number."""
    days = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    images = [page_image([f"{days[n % 7]} {n}: {line}" for line in LINES])  # no line on every page (a running head)
              for n in range(1, pages + 1)]
    images[0].save(path, save_all=True, append_images=images[1:], resolution=200)
    return path


def test_ocr_reads_at_most_ocr_pages_and_only_the_pages_asked(run, library, tmp_path, monkeypatch):
    """A scan longer than limits.OCR_PAGES is refused before Tesseract starts (a hostile PDF of
    thousands of blank pages would otherwise take OCR_SECONDS); --pages OCRs only those pages."""
    needs_ocr()
    from reportgen import limits
    monkeypatch.setattr(limits, "OCR_PAGES", 2)
    pdf = scans(tmp_path / "detentions.pdf", 3)
    result = add(run, library, pdf, *META, "--ocr")
    assert result.code == 2 and "3 pages to OCR is more than the 2" in result.err and "--pages" in result.err, result.err
    assert not (library / "sources" / "detentions.pdf").exists()
    result = add(run, library, pdf, *META, "--ocr", "--pages", "2-3")
    assert result.code == 0, result.err
    shown = run("--evidence", library, "evidence", "show", "detentions", "--json").json()
    assert {p["locator"].split(",")[0] for p in shown} <= {"p. 2", "p. 3"}, shown
    assert any("journalists" in p["text"] for p in shown), shown
    import pypdfium2
    kept = pypdfium2.PdfDocument(library / "sources" / "detentions.pdf")
    layers = [kept[n].get_textpage().get_text_range() for n in range(3)]
    assert not layers[0].strip() and "journalists" in layers[1] + layers[2]  # page 1 was not OCR'd


def test_ocr_stopped_at_its_time_limit_leaves_no_tesseract_running_nor_its_page_images(run, library, tmp_path,
                                                                                         monkeypatch):
    """The watchdog stops OCR's worker and every Tesseract it started (a process that outlived it
    kept a core busy for up to OCR_PAGE_SECONDS), and ocrmypdf's page images go with the command's
    temporary folder. Tesseract is made slow on purpose: a tesseract first on PATH that waits."""
    needs_ocr()
    import tempfile
    import time

    from hostile import alive

    from reportgen import limits
    slow = tmp_path / "bin"
    slow.mkdir()
    (slow / "tesseract").write_text(f'#!/bin/sh\nfor a in "$@"; do [ "$a" = hocr ] && sleep 120; done\n'
                                    f'exec {shutil.which("tesseract")} "$@"\n')
    (slow / "tesseract").chmod(0o755)
    monkeypatch.setenv("PATH", f"{slow}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(limits, "OCR_SECONDS", 8)
    monkeypatch.setattr(limits, "WATCHDOG_GRACE", 1)
    temp = tmp_path / "tmp"  # the command's temporary folder: what it leaves is seen here
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    pdf = scan(tmp_path / "long.pdf", LINES)

    def ours() -> list[int]:  # processes working on files in our temporary folder: Tesseract's
        found = []
        for entry in Path("/proc").iterdir():
            try:
                if entry.name.isdigit() and str(temp).encode() in (entry / "cmdline").read_bytes() and alive(int(entry.name)):
                    found.append(int(entry.name))
            except OSError:
                pass
        return found
    result = add(run, library, pdf, *META, "--ocr")
    assert result.code == 2 and "OCR took more than 8 s" in result.err, result.err
    for _ in range(30):
        if not ours():
            break
        time.sleep(0.1)
    assert not ours()
    assert not list(temp.iterdir())  # the page images went with the command's folder
