"""The forms a practitioner expects: lead-ins above quotations name the source as a short citation
does, never a title cut mid-phrase; a US declaration's later notes say "supra note N" and name the
exhibit's tab, in the order the index tabs them; the UK report keeps OSCOLA's "(n N)"."""

from __future__ import annotations

import re
from dataclasses import replace

from conftest import UK, US
from docxread import footnotes, note_refs, open_docx


def _lead_ins(doc) -> list[str]:
    return [p.text for p in doc.paragraphs if p.style.name != "Quote" and p.text.endswith("):")]


def test_lead_ins_name_the_source_by_its_short_title_never_cut(made):
    for case in (UK, US):
        doc = open_docx(made(case)[0])
        leads = _lead_ins(doc)
        assert leads
        for lead in leads:
            assert "…" not in lead and "government publication" not in lead, lead
        assert any(re.match(r"US State Department, “20\d\d Country Reports on Human Rights Practices: China” \(", x)
                   for x in leads), leads


def test_us_notes_cite_supra_and_the_exhibit_tab_as_the_index_tabs_it(made):
    path = made(US)[0]
    notes = footnotes(path)
    cited = [notes[note_refs(p)[0]] for p in open_docx(path).paragraphs if p.style.name == "Quote" and note_refs(p)]
    assert cited and not any("(n " in n for n in cited)
    assert any("supra note" in n for n in cited)
    tabs: dict[str, str] = {}  # source address -> its tab, from the full notes
    for note in cited:
        tab = re.search(r"\(Tab ([A-Z]+)\)\.$", note)
        assert tab, note
        url = re.search(r"available at: (\S+)", note)
        if url:
            tabs[url.group(1)] = tab.group(1)
    index = open_docx(made(US, "schedule")[0]).tables[0]
    filed = {re.search(r"https://\S+", row.cells[1].text).group(0): row.cells[0].text for row in index.rows[1:]}
    assert tabs and all(filed[url] == tab for url, tab in tabs.items()), (tabs, filed)


def test_the_exhibit_index_prints_the_tabs_the_report_recorded(made, monkeypatch):
    """Tabs are worked out once, as the report quotes its sources (Quoted.tab): the index prints
    those, it does not letter its sources again (shown by the index given other recorded tabs)."""
    from dataclasses import replace

    from reportgen.report import schedule
    given, compose = [], schedule.compose_schedule

    def retabbed(case, match, taxonomy, templates, quoted, notes=()):
        given.extend(q.tab for q in quoted)
        return compose(case, match, taxonomy, templates, tuple(replace(q, tab=f"X{q.tab}") for q in quoted), notes)
    monkeypatch.setattr(schedule, "compose_schedule", retabbed)
    index = open_docx(made(US, "schedule")[0]).tables[0]
    tabs = [row.cells[0].text for row in index.rows[1:]]
    assert len(tabs) > 3 and tabs == [f"X{t}" for t in dict.fromkeys(given)], (tabs, given)


def test_uk_notes_keep_the_oscola_short_form_and_no_tabs(made):
    path = made(UK)[0]
    notes = list(footnotes(path).values())
    assert any("(n " in n for n in notes) and not any("supra note" in n or "(Tab " in n for n in notes)


def test_a_notes_section_is_the_paragraphs_named_once():
    """One rule names where an unnumbered paragraph sits (models: EvidenceParagraph.section and
    the locator's section_name): a plain-text source's note adds the heading a reader searches
    for; a web page's locator names its section already, and the note does not repeat it."""
    from reportgen.models import EvidenceParagraph, SourceMeta
    from reportgen.report.citations import CitationStyle
    meta = SourceMeta(id="s", title="Report", author="unknown", publisher="Example", published="2025-01-01",
                      url="https://example.org/r", accessed="2026-01-02", country=("CN",), source_type="ngo",
                      language="en")
    style = CitationStyle.load("coi")
    text = EvidenceParagraph(id="s-4", source_id="s", number=4, line=9, heading="Detention > Family members ",
                             text="Police questioned them.")
    page = replace(text, heading="Section 2. Liberty > a. Freedom of Movement", in_section=3)
    assert text.section == "Family members" and page.section == ""
    assert style.footnote(meta, text).endswith("section “Family members”, para 4.")
    cited = style.footnote(meta, page)
    assert cited.endswith("section 2.a “Freedom of Movement”, para 3.") and cited.count("section") == 1, cited
