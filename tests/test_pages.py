"""Page counting: the default draft estimates (never waits for LibreOffice) and says 'about';
--pages libreoffice counts and says so; -o x.pdf writes a PDF or is refused; the length warning
projects the report with its opinion placeholders filled."""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import UK
from docxread import open_docx, soffice


def test_the_default_draft_estimates_and_never_runs_libreoffice(run, library, tmp_path, monkeypatch):
    from reportgen.report import pages
    monkeypatch.delenv("REPORTGEN_PAGES", raising=False)
    monkeypatch.setattr(pages, "to_pdf", lambda *a, **k: pytest.fail("the default draft ran LibreOffice"))
    result = run("--evidence", library, "draft", UK, "-o", tmp_path / "r.docx")
    assert result.code == 0, result.err
    assert re.search(r"wrote .*r\.docx \(about \d+ pages\)", result.out)
    assert "LibreOffice" not in result.err


@pytest.mark.skipif(not soffice(), reason="LibreOffice not installed")
def test_libreoffice_counting_says_so_and_a_pdf_is_a_pdf(run, library, tmp_path):
    result = run("--evidence", library, "draft", UK, "-o", tmp_path / "r.pdf", "--pages", "libreoffice")
    assert result.code == 0, result.err
    assert "counting pages with LibreOffice" in result.err
    assert re.search(r"\(\d+ pages, as laid out by LibreOffice\)", result.out)
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF-")


def test_an_output_that_is_neither_docx_nor_pdf_is_refused(run, library, tmp_path, monkeypatch):
    result = run("--evidence", library, "draft", UK, "-o", tmp_path / "r.odt")
    assert result.code == 2 and "(.docx) or, through LibreOffice, a PDF (.pdf)" in result.err
    monkeypatch.setattr(shutil, "which", lambda name: None)  # no LibreOffice: a .pdf is refused, not faked
    result = run("--evidence", library, "schedule", UK, "-o", tmp_path / "s.pdf")
    assert result.code == 2 and "LibreOffice, which is not installed" in result.err
    assert not list(tmp_path.glob("r.*")) and not list(tmp_path.glob("s.*"))


def test_the_length_warning_projects_the_filled_report(run, library, tmp_path):
    from reportgen.library.folder import packaged_path
    templates = tmp_path / "tpl"
    shutil.copytree(packaged_path("templates") / "forums", templates / "forums")
    forum = templates / "forums" / "uk-tribunal.yaml"
    text = forum.read_text()
    assert "placeholder_words: 110" in text
    short = run("--evidence", library, "--templates", templates, "draft", UK, "-o", tmp_path / "a.docx")
    assert "would run to" not in short.err  # the shipped example stays within 20 pages when filled
    forum.write_text(text.replace("placeholder_words: 110", "placeholder_words: 400"))
    result = run("--evidence", library, "--templates", templates, "draft", UK, "-o", tmp_path / "b.docx")
    found = re.search(r"this draft runs to about (\d+) A4 pages \(estimated\); with its (\d+) opinion placeholders "
                      r"filled at about 400 words each it would run to about (\d+) pages, (\d+) pages? past", result.err)
    assert found, result.err
    pages, placeholders, projected, over = map(int, found.groups())
    assert pages <= 20 < projected and over == projected - 20 and placeholders > 10
    # the note is added to the report composed once: one paragraph after the contents, before
    # the body, and nothing else changed (the contents' page numbers aside)
    plain, noted = ([p.text for p in open_docx(tmp_path / name).paragraphs] for name in ("a.docx", "b.docx"))
    at = next(i for i, text in enumerate(noted) if "Note for the expert: this draft runs to" in text)
    assert len(noted) == len(plain) + 1 and noted[at + 1:] == plain[at:]
    assert [re.sub(r"\d+", "#", t) for t in noted[:at]] == [re.sub(r"\d+", "#", t) for t in plain[:at]]
    body = next(p for p in open_docx(tmp_path / "b.docx").paragraphs[at + 1:] if p.style.name.startswith("Heading"))
    contents = [p for p in open_docx(tmp_path / "b.docx").paragraphs[:at] if p.text.strip()]
    assert body.text and contents, "the note stands between the contents and the first section"


@pytest.mark.parametrize("forum, count, projected, said", [
    ("uk-tribunal", (23, "estimated", False), 0,
     "this draft runs to about 23 A4 pages (estimated); a report should be concise and normally no more than 20 "
     "pages (Practice Direction, para 9.2): cut quotations you do not rely on"),
    ("uk-tribunal", (21, "laid_out", True), 0,
     "this draft runs to 21 A4 pages (as laid out by LibreOffice); a report should be concise and normally no more "
     "than 20 pages (Practice Direction, para 9.2): cut quotations you do not rely on"),
    ("uk-tribunal", (18, "estimated", False), 5,  # 18 + 5 = 23: three pages past
     "this draft runs to about 18 A4 pages (estimated); with its 39 opinion placeholders filled at about 110 words "
     "each it would run to about 23 pages, 3 pages past the 20 pages a report should normally not exceed (Practice "
     "Direction, para 9.2): keep the quotations to those you rely on"),
    ("us-immigration-court", (20, "not_laid_out", False), 1,
     "this draft runs to about 20 pages (estimated: LibreOffice could not be run); with its 39 opinion placeholders "
     "filled at about 110 words each it would run to about 21 pages, 1 page past 20: a long declaration is harder "
     "for the court to use, so keep the quotations to those you rely on"),
    ("uk-tribunal", (18, "estimated", False), 2, ""),  # filled, 20 pages: within the guidance
])
def test_the_length_warning_is_worded_in_report_as_the_draft_gave_it(monkeypatch, forum, count, projected, said):
    """The wording is the forum's and the wording file's, put together by report/pages (workspace
    only wires the count to it), byte for byte as drafts gave it when workspace assembled it."""
    from reportgen.report import pages
    from reportgen.report.model import Report
    from reportgen.report.template_set import TemplateSet
    templates = TemplateSet.resolve(forum)
    report = object.__new__(Report)  # stands for a composed report: its estimates are given below
    monkeypatch.setattr(pages, "opinion_placeholders", lambda r: 39 if r is report else pytest.fail("not the report"))
    monkeypatch.setattr(pages, "filled", lambda r, words: ("filled", words) if r is report else pytest.fail(""))
    monkeypatch.setattr(pages, "estimate_pages", lambda r: 10 + projected if r == ("filled", 110) else pytest.fail(""))
    warning = pages.length_warning(report, pages.PageCount(*count), 10, templates.forum["wording"], templates)
    assert warning == said


def test_a_schedules_extract_is_estimated_on_the_page_of_its_link():
    """A schedule keeps its entry, extract and "Source document" link together, as LibreOffice sets
    them: wherever the page's rest runs out, the estimate puts the entry's heading on the page the
    link is set on, never the heading and extract on one page and the link alone on the next."""
    from reportgen.report.model import Heading, PageSetup, Para, Quote, Report, Text
    from reportgen.report.pages import estimate_layout
    page = PageSetup(line_spacing=1.0)
    link = Para((Text("Source document: https://www.example.org/reports/2024/country-report/"),), style="plain")
    moved = 0
    for filler in range(40, 60):
        blocks = (*(Para((Text("x " * 38),), style="plain") for _ in range(filler)),
                  Heading("Issue 1", bookmark="issue"),
                  Para((Text("Entry: the publisher, title, date and address. " * 3),), keep_with_next=True),
                  Quote("An extract of the source, quoted whole. " * 8, None, "s:1", keep_with_next=True), link)
        report = Report(blocks, "t", "s", "a", "k", "2026-01-01", "h", "f", page=page)
        pages, starts = estimate_layout(report)
        assert starts["issue"] == pages  # the link ends the report: the chain starts on its page
        moved += starts["issue"] == 2
    assert moved  # some fillers left room for the entry and extract, not the link
