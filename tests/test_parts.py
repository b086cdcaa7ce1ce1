"""Issue 21: one country's chapter of a multi-country report as a source of its own, by its pages
(`evidence add --pages`) or its heading (`--chapter`), kept in the sidecar so a rebuild indexes
the same part; never the tail of the chapter before it printed on the same page."""

import pytest

pytest.importorskip("fpdf")

from pdfmaker import Pages  # noqa: E402

CHINA = ["Authorities continued to detain Uyghurs in the Xinjiang region and placed relatives of activists "
         "abroad under surveillance and travel restrictions.",
         "Human rights lawyers were disbarred and some were held incommunicado for months under residential "
         "surveillance at a designated location."]


PAGES = [  # (the end of the chapter before, the chapter opening halfway down the page, its first lines)
    ([], "Burma", ["The military government detained thousands of protesters and held many",
                   "of them without charge in prisons across the country during the year."]),
    (["Journalists who reported on the protests were arrested and several were",
      "sentenced to long prison terms under the penal code's provisions on sedition."],
     "China", ["Authorities continued to detain Uyghurs in the Xinjiang region and placed",
               "relatives of activists abroad under surveillance and travel restrictions."]),
    (["Human rights lawyers were disbarred and some were held incommunicado for",
      "months under residential surveillance at a designated location."],
     "Colombia", ["Armed groups killed social leaders in rural areas and recruited children,",
                  "according to the ombudsman's office and local human rights groups."]),
]


def annual_report(path):
    """Three pages; each country's chapter starts halfway down a page, under the end of the last."""
    doc = Pages(title="World report 2023")
    for number, (tail, country, lines) in enumerate(PAGES, 11):
        doc.page(number=str(number))
        doc.column(56, 80, tail)
        doc.text(56, 140, country, size=16, bold=True)
        doc.column(56, 170, lines)
    return doc.save(path)


@pytest.fixture
def empty(tmp_path):
    lib = tmp_path / "lib"
    (lib / "sources").mkdir(parents=True)
    return lib


def add(run, lib, *args):
    return run("--evidence", lib, "evidence", "add", *args, "--source-type", "ngo-report", "--country", "CN",
               "--title", "World report 2023: China")


def texts(run, lib, source_id):
    result = run("--evidence", lib, "evidence", "show", source_id, "--json")
    assert result.code == 0, result.err
    return [(p["text"], p["heading"], p["locator"]) for p in result.json()]


CHINA_INDEXED = [(CHINA[0], "China", "p. 12, para 1"), (CHINA[1], "China", "p. 13, para 1")]  # the China chapter as indexed: its heading, its printed pages


def test_pages_of_a_chapter_leave_out_the_chapters_round_it_and_a_rebuild_keeps_them(run, empty, tmp_path):
    report = annual_report(tmp_path / "world-report.pdf")
    result = add(run, empty, report, "--id", "wr-china", "--pages", "2-3")
    assert result.code == 0, result.err
    assert texts(run, empty, "wr-china") == CHINA_INDEXED
    assert "page_range: 2-3" in (empty / "sources" / "wr-china.meta.yaml").read_text()
    assert run("--evidence", empty, "evidence", "index", "--rebuild").code == 0
    assert texts(run, empty, "wr-china") == CHINA_INDEXED


def test_a_chapter_by_its_heading_in_a_pdf_and_in_a_web_page(run, empty, tmp_path):
    report = annual_report(tmp_path / "world-report.pdf")
    result = add(run, empty, report, "--id", "wr-china", "--chapter", "china")
    assert result.code == 0, result.err
    assert texts(run, empty, "wr-china") == CHINA_INDEXED
    assert "chapter: china" in (empty / "sources" / "wr-china.meta.yaml").read_text()
    page = tmp_path / "world-report.html"
    page.write_text("<html><head><title>World report 2023</title></head><body><main>"
                    "<h1>World report 2023</h1><ul><li><a href='#cn'>China</a></li></ul>"
                    "<h2>Burma</h2><p>The military government detained thousands of protesters during the year.</p>"
                    "<h2 id='cn'>China (includes Hong Kong)</h2><p>" + CHINA[0] + "</p>"
                    "<h3>Lawyers</h3><p>" + CHINA[1] + "</p>"
                    "<h2>Colombia</h2><p>Armed groups killed social leaders in rural areas and recruited children.</p>"
                    "</main></body></html>", encoding="utf-8")
    result = add(run, empty, page, "--id", "wr-china-web", "--chapter", "China")
    assert result.code == 0, result.err
    assert [(t, h) for t, h, _ in texts(run, empty, "wr-china-web")] == [
        (CHINA[0], "China (includes Hong Kong)"), (CHINA[1], "China (includes Hong Kong) > Lawyers")]


@pytest.mark.parametrize("args, message", [
    (["--pages", "40-12"], "page_range '40-12' is not a range of pages (expected FIRST-LAST"),
    (["--pages", "twelve"], "page_range 'twelve' is not a range of pages"),
    (["--pages", "50-60"], "page_range 50-60: the document's text ends on page 3"),
    (["--chapter", "Chna"], "no chapter 'Chna' (no heading of that name; its top headings: Burma; China; Colombia)"),
])
def test_a_part_that_is_not_there_is_refused_and_nothing_is_written(run, empty, tmp_path, args, message):
    report = annual_report(tmp_path / "world-report.pdf")
    result = add(run, empty, report, "--id", "wr-china", *args)
    assert result.code == 2 and message in result.err and "Traceback" not in result.err
    assert "world-report.pdf" in result.err
    assert list((empty / "sources").iterdir()) == []


def test_a_part_of_plain_text_is_refused(run, empty, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Authorities detained relatives of activists abroad and questioned them for days.\n",
                     encoding="utf-8")
    result = add(run, empty, notes, "--pages", "1-2")
    assert result.code == 2 and "not to plain text" in result.err
    assert list((empty / "sources").iterdir()) == []
