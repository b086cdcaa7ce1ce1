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
    from reportgen.report.schedule import relied_on
    cited = ["section 1.e “Political Prisoners and Detainees”, para 4", "p. 3, para 10",
             "section 1.e “Political Prisoners and Detainees”, para 2", "para 7", "p. 3, para 2", "para 7",
             "Article 5, p. 2"]
    assert relied_on(cited) == ["section 1.e “Political Prisoners and Detainees”, paras 2, 4", "p. 3, paras 2, 10",
                                "para 7", "Article 5, p. 2"]


def test_the_schedule_labels_contrary_extracts_as_the_report_does(made):
    """The other side relies on none of the extracts that point the other way: the schedule, filed
    with the tribunal, must not say it does."""
    report, schedule = ("\n".join(p.text for p in open_docx(made(CHINESE, kind)[0]).paragraphs)
                        for kind in ("draft", "schedule"))
    label = "Extracts that point the other way, or give the authorities’ position:"
    assert label in report and label in schedule
    assert "relied on by the other side" not in schedule.lower()


def test_a_work_without_an_author_is_alphabetised_by_its_title(made):
    """As citation guides order a bibliography: 'Author and publisher unknown' is no name to file
    it under (a practitioner found both such works under A)."""
    doc = open_docx(made(CHINESE)[0])
    entries = [p.text for p in doc.paragraphs if p.style.name.lower().startswith("bibliograph")]
    anonymous = [e for e in entries if e.startswith("Author and publisher unknown")]
    assert anonymous and len(anonymous) < len(entries)  # the case quotes both kinds
    keys = [re.search(r"“([^”]+)”", e).group(1).lower() if e in anonymous else e.lower() for e in entries]
    assert keys == sorted(keys)
