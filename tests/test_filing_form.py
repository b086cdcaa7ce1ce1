"""What a practitioner's reading of the drafts and filings found in their form: the schedule reads
in the report's order under its headings; the US cover carries a date for the signer; every issue
the declaration addresses is in its index; one question is "the question"; a lead-in never strands
its date on a line; the proof of service is on its own page; a schedule's first page is numbered."""

from __future__ import annotations

import re

from conftest import CHINESE, EXAMPLES, UK, US
from docx.oxml.ns import qn
from docxread import open_docx

US_NAMED = EXAMPLES / "us-named.yaml"


def test_the_uk_schedule_follows_the_reports_order_and_headings(made):
    report = [p.text for p in open_docx(made(UK)[0]).paragraphs if p.style.name == "Heading 1"]
    schedule = [p.text for p in open_docx(made(UK, "schedule")[0]).paragraphs if p.style.name == "Heading 1"]
    issues = [h for h in schedule if h != "Country guidance relied on"]
    labels = [re.sub(r"^Issue \d+: ", "", h) for h in issues]
    assert labels == [h for h in report if h in labels] and len(labels) > 3
    assert "Country background" in issues  # a section every report has: no disputed issue, so not numbered
    numbers = [int(m.group(1)) for h in issues if (m := re.match(r"Issue (\d+): ", h))]
    assert numbers == list(range(1, len(numbers) + 1)) and numbers


def test_the_us_declaration_cover_is_dated_for_the_signer_and_its_index_names_past_persecution(made):
    doc = open_docx(made(US_NAMED)[0])
    cover = []
    for p in doc.paragraphs:
        if p.style.name == "Heading 1":
            break
        cover.append(p)
    assert any("[the date the declaration is signed]" in placeholder_runs_of(p) for p in cover)
    text = [p.text for p in doc.paragraphs]
    index = next(t for t in text if t.startswith("The evidence on each issue is at:"))
    assert re.search(r"Past persecution, paragraphs? \d+", index), index
    # one question is "the question"
    assert any(t.endswith("to address the following question:") for t in text)
    assert "Answer to the question" in [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    two = [p.text for p in open_docx(made(US)[0]).paragraphs]
    assert any(t.endswith("to address the following questions:") for t in two)


def placeholder_runs_of(paragraph) -> list[str]:
    return [r.text for r in paragraph.runs if r.style is not None and r.style.name == "Expert Placeholder"]


def test_lead_ins_are_single_spaced_in_a_double_spaced_declaration(made):
    doc = open_docx(made(US)[0])
    leads = [p for p in doc.paragraphs if p.text.endswith("):") and p.style.name != "Quote"]
    assert leads and all(p.style.name == "Quote Lead-in" for p in leads)
    assert doc.styles["Quote Lead-in"].paragraph_format.line_spacing == 1.0
    assert doc.styles["Normal"].paragraph_format.line_spacing == 2.0  # the body stays double-spaced


def test_the_proof_of_service_opens_a_page_and_a_schedules_first_page_is_numbered(made):
    doc = open_docx(made(US, "schedule")[0])
    paragraphs = doc.paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.text == "PROOF OF SERVICE")
    assert paragraphs[at]._p.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None
    # a break is the next paragraph's, never an empty paragraph of its own (one that fell just
    # past a full page, as a declaration's cover can, left a blank page behind it)
    for made_doc in (made(US)[0], made(US, "schedule")[0], made(UK)[0]):
        body = open_docx(made_doc).element.body
        assert not [br for br in body.iter(qn("w:br")) if br.get(qn("w:type")) == "page"]
    for case in (UK, US):
        section = open_docx(made(case, "schedule")[0]).sections[0]
        assert not section.different_first_page_header_footer
        assert "PAGE" in section.footer._element.xml
    assert open_docx(made(UK)[0]).sections[0].different_first_page_header_footer  # a report's title page stays clean


def test_an_exhibits_places_relied_on_name_each_section_once():
    """A judge finds the section, then counts to the paragraph: one long section path given again
    for every paragraph ran one index cell over three pages."""
    from reportgen.models import EvidenceParagraph
    from reportgen.report.schedule import relied_on
    section = "Section 1. Respect for the Integrity of the Person > e. Political Prisoners and Detainees"
    cited = [EvidenceParagraph("s:1", "s", 9, 1, section, "x", in_section=4),
             EvidenceParagraph("s:2", "s", 10, 1, "", "x", printed_page="3"),
             EvidenceParagraph("s:3", "s", 7, 1, section, "x", in_section=2),
             EvidenceParagraph("s:4", "s", 7, 1, "", "x"), EvidenceParagraph("s:5", "s", 2, 1, "", "x", printed_page="3"),
             EvidenceParagraph("s:6", "s", 7, 1, "", "x"), EvidenceParagraph("s:7", "s", 1, 1, "", "x", marker="Article 5",
                                                                             printed_page="2")]
    assert [p.locator for p in cited] == [
        "section 1.e “Political Prisoners and Detainees”, para 4", "p. 3, para 10",
        "section 1.e “Political Prisoners and Detainees”, para 2", "para 7", "p. 3, para 2", "para 7", "Article 5, p. 2"]
    assert relied_on(p.place for p in cited) == [
        "section 1.e “Political Prisoners and Detainees”, paras 2, 4", "p. 3, paras 2, 10", "para 7", "Article 5, p. 2"]


def test_the_schedule_labels_contrary_extracts_as_the_report_does(made):
    """The other side relies on none of the extracts that point the other way: the schedule, filed
    with the tribunal, must not say it does."""
    report, schedule = ("\n".join(p.text for p in open_docx(made(CHINESE, kind)[0]).paragraphs)
                        for kind in ("draft", "schedule"))
    label = "Extracts that point the other way, or give the authorities’ position:"
    assert label in report and label in schedule
    assert "relied on by the other side" not in schedule.lower()


def test_a_work_without_an_author_is_alphabetised_by_its_title():
    """As citation guides order a bibliography: 'Author and publisher unknown' is no name to file
    it under (a practitioner found two such works under A)."""
    from dataclasses import replace

    from reportgen.models import UNKNOWN, SourceMeta
    from reportgen.report.compose import bibliography_order
    from reportgen.report.template_set import TemplateSet
    style = TemplateSet.resolve("uk-tribunal").style
    known = SourceMeta(id="k", title="Country report", author="Bureau of Democracy", publisher="State Department",
                       published="2024-04-22", url="", accessed="", country=("CN",), source_type="government",
                       language="en")
    anonymous = [replace(known, id=i, title=t, author=UNKNOWN, publisher=UNKNOWN) for i, t in
                 (("a", "Activists tracked abroad"), ("z", "Zhang Ping's siblings detained"))]
    entries = bibliography_order([anonymous[1], known, anonymous[0]], style.bibliography)
    assert [next(t for t in ("Activists", "Bureau", "Zhang") if t in e) for e in entries] == ["Activists", "Bureau",
                                                                                               "Zhang"]
    assert all(e.startswith("Author and publisher unknown") for e in (entries[0], entries[2]))


def test_the_newest_edition_of_a_yearly_series_past_a_year_old_is_to_be_checked():
    """The library may lag the publisher: when the newest edition quoted of a yearly report was
    published more than the forum's months before the report, the expert is asked to check for the
    next one (a practitioner asked whether the 2025 edition said the same). Never for an older
    edition beside it, a version-numbered note (CPIN 3.0), or a recent edition."""
    from dataclasses import replace

    from reportgen.models import SourceMeta
    from reportgen.report.compose import sources_context
    base = SourceMeta(id="r2024", title="2024 Country Report", author="A", publisher="P", published="2025-08-12",
                      url="", accessed="", country=("CN",), source_type="government", language="en",
                      series="country-report", edition="2024")
    cited = {m.id: m for m in (base, replace(base, id="r2023", edition="2023", published="2024-04-22"),
                               replace(base, id="cpin", series="cpin", edition="3.0", published="2023-01-10"),
                               replace(base, id="ngo", series="", edition="", published="2020-01-01"))}
    due = lambda when, months=12: {s["id"] for s in sources_context(cited, (), when, months) if s["newer_due"]}  # noqa: E731
    assert due("2026-11-20") == {"r2024"}
    assert due("2026-06-01") == set()  # ten months on: the next edition may not be out
    assert due("2026-11-20", 0) == set()  # a forum that does not ask


def test_the_method_section_asks_for_the_newer_edition(made, tmp_path):
    late = tmp_path / "late.yaml"  # a report date long after any edition the library holds
    late.write_text(re.sub(r"report_date: \S+", "report_date: 2040-01-15", CHINESE.read_text(encoding="utf-8")),
                    encoding="utf-8")
    doc = open_docx(made(late)[0])
    asked = [p for p in doc.paragraphs if p.text.startswith("Currency of the sources: [check whether a newer edition")]
    assert len(asked) == 1
    cited = [p.text for p in doc.paragraphs if p.style.name.lower().startswith("bibliograph")]
    named = re.findall(r"“([^”]+)”", asked[0].text)
    assert named and all(any(title in entry for entry in cited) for title in named)
