"""The report as LibreOffice lays it out: footnotes at page foot, numbered paragraphs, page limits.

CI installs LibreOffice and poppler (.ci/run); on a machine without them these tests skip,
except under CI, where a missing renderer is a failure.
"""

import os
import re
import shutil

import pytest
from conftest import EXAMPLES
from docxread import normalise, open_docx, pdf_fonts, pdf_lines, pdf_pages, soffice, to_pdf

if not (soffice() and shutil.which("pdftotext")):
    if os.environ.get("CI"):
        raise RuntimeError("CI must have LibreOffice and poppler-utils: .ci/run installs them")
    pytest.skip("LibreOffice or pdftotext not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Every shipped example drafted (and scheduled) once, and converted to PDF."""
    from reportgen.cli import main
    out = tmp_path_factory.mktemp("render")
    lib = out / "evidence"
    from conftest import SHIPPED
    shutil.copytree(SHIPPED, lib, ignore=shutil.ignore_patterns(".reportgen-index*", "__*"))
    pdfs = {}
    for case in sorted(EXAMPLES.glob("*.yaml")):
        for kind in ("draft", "schedule"):
            docx = out / f"{case.stem}-{kind}.docx"
            assert main(["--evidence", str(lib), kind, str(case), "-o", str(docx)]) == 0
            pdf = to_pdf(docx, out)
            pdfs[(case.stem, kind)] = pdf_pages(pdf)
            pdfs[("lines", case.stem, kind)] = pdf_lines(pdf)
            pdfs[("quotes", case.stem, kind)] = [p.text for p in open_docx(docx).paragraphs if p.style.name == "Quote"]
            pdfs[("headings", case.stem, kind)] = [p.text for p in open_docx(docx).paragraphs
                                                   if p.style.name == "Heading 1"]
    pdfs["fonts"] = pdf_fonts(out / "uk-chinese-name-draft.pdf")
    return pdfs


def numbered(line) -> int | None:
    """The paragraph number a line opens with: a word of its own ("12."), text after it."""
    if len(line.words) > 1 and re.fullmatch(r"\d{1,3}\.", line.words[0]):
        return int(line.words[0][:-1])
    return None


def test_footnotes_sit_at_the_foot_of_the_page_that_cites_them(rendered):
    checked = 0
    for lines in rendered[("lines", "uk-anonymised", "draft")]:
        notes = [ln.top for ln in lines if re.search(r"(URL unknown|n\.d\.|\(n \d+\)), (section|para \d+)", ln.text)]
        body = [ln.top for ln in lines if numbered(ln)]
        if not notes or not body:
            continue
        assert max(body) < min(notes), [ln.text for ln in lines]  # the notes are below every numbered paragraph
        assert "Page" in lines[-1].text  # and only the page footer is below them
        checked += 1
    assert checked >= 3


def test_paragraphs_are_numbered_in_the_layout(rendered):
    lines = [ln for page in rendered[("lines", "uk-anonymised", "draft")] for ln in page]
    numbers = [numbered(ln) for ln in lines if numbered(ln)]
    assert numbers[:5] == [1, 2, 3, 4, 5]
    assert max(numbers) > 20 and numbers == sorted(numbers)
    margin = min(ln.left for ln in lines if numbered(ln))
    assert all(abs(ln.left - margin) < 2 for ln in lines if numbered(ln))  # the numbers hang at one margin
    words = {w for ln in lines for w in ln.words}
    assert "(a)" in words and "(b)" in words  # the questions, Word-numbered too


def test_declarations_render(rendered):
    uk = normalise(" ".join(rendered[("uk-anonymised", "draft")]))
    assert "The opinions I have expressed represent my true and complete professional opinions" in uk
    us = normalise(" ".join(rendered[("us-anonymised", "draft")]))
    assert "I declare under penalty of perjury under the laws of the United States of America that the foregoing is true and correct" in us
    named = normalise(" ".join(rendered[("us-named", "draft")]))
    assert "I declare under penalty of perjury that the foregoing is true and correct. Executed on" in named


def test_contents_is_never_empty(rendered):
    contents = rendered[("uk-anonymised", "draft")][1]
    assert "Contents" in contents and "Pressure on family in China" in contents


def test_chinese_name_renders_with_a_cjk_font(rendered):
    assert "陈志明" in rendered[("uk-chinese-name", "draft")][0]
    assert re.search(r"CJK|SimSun|Song|Ming|WenQuanYi|Droid Sans Fallback", rendered["fonts"])


def test_uk_reports_fit_twenty_pages_and_schedules_twelve(rendered):
    for (stem, kind), pages in ((k, v) for k, v in rendered.items() if isinstance(k, tuple) and len(k) == 2):
        if stem.startswith("uk-"):
            assert len(pages) <= (20 if kind == "draft" else 12), (stem, kind, len(pages))


def test_no_quotation_straddles_a_page_break(rendered):
    """Each extract is set whole on one page, also at the end of a keep-with-next chain (a
    section's heading, the extract's lead-in): its opening and closing words on the same page."""
    def bare(text):
        return re.sub(r"\s+", "", text)
    checked = 0
    for key, quotes in ((k, v) for k, v in rendered.items() if isinstance(k, tuple) and k[0] == "quotes"):
        pages = [bare(page) for page in rendered[key[1:]]]
        for quote in quotes:
            head, tail = bare(quote)[:40], bare(quote)[-40:]
            whole = [n for n, page in enumerate(pages) if head in page and tail in page]  # some text is quoted twice
            assert whole, (key[1:], quote[:80], [n for n, page in enumerate(pages) if head in page or tail in page])
            checked += 1
    assert checked >= 20



def test_every_row_of_each_exhibit_index_is_laid_out(rendered):
    """Each exhibit's row of the US index is on a page: LibreOffice 7.4 dropped every row after a
    header row that both repeats and may not split, when the table began at a page's foot (the
    writer never sets both: test_forms)."""
    checked = 0
    for case in sorted(EXAMPLES.glob("us-*.yaml")):
        tabs = [h for h in rendered[("headings", case.stem, "schedule")] if re.match(r"Tab [A-Z]+:", h)]
        text = " ".join(rendered[(case.stem, "schedule")])
        assert text.count("[pp.]") == len(tabs) > 0, case.stem  # one "[pp.]" cell a row
        checked += 1
    assert checked >= 2


def test_no_page_is_left_blank(rendered):
    """Every page holds text besides its running head and footer: a cover that filled its page
    exactly once left the page break's own empty paragraph alone on page 2 (us-anonymised)."""
    for case in sorted(EXAMPLES.glob("*.yaml")):
        for kind in ("draft", "schedule"):
            for n, page in enumerate(rendered[(case.stem, kind)], 1):
                lines = [ln for ln in page.splitlines() if ln.strip()]
                assert len(lines) > 2, (case.stem, kind, n, lines)


def test_the_title_never_leaves_the_country_alone_on_a_line(rendered):
    """'Expert report on country conditions in / China' broke with the country alone (a
    practitioner's finding): 'conditions in China' is held together."""
    for case in sorted(EXAMPLES.glob("*.yaml")):
        cover = [ln.strip() for ln in rendered[(case.stem, "draft")][0].splitlines()]
        assert not {"China", "Russia", "in China", "in Russia"} & set(cover), (case.stem, cover)
