"""The drafted report, reopened as Word would: styles, numbering, footnotes, placeholders, privacy."""

import re
import zipfile

import pytest
from conftest import CHINESE, UK, US
from docxread import bookmarks, footnotes, note_refs, open_docx, parts, placeholder_runs

from reportgen.library.folder import Library
from reportgen.library.indexing.read import EvidenceIndex
from reportgen.report.quotes import is_faithful


@pytest.fixture
def draft(made):
    """The drafted report's path (see conftest.made)."""
    return lambda case, name="report.docx": made(case, name=name)[0]


def test_report_uses_styles_and_word_numbering(draft):
    doc = open_docx(draft(UK))
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Heading 1", "Numbered Paragraph", "Quote", "Bibliography Entry"} <= styles
    numbered = doc.styles["Numbered Paragraph"].element
    assert numbered.find(".//" + "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}numId") is not None
    # body paragraphs carry no typed numbers: Word numbers them, so an inserted one renumbers
    body = [p for p in doc.paragraphs if p.style.name == "Numbered Paragraph"]
    assert len(body) > 30 and not any(re.match(r"\d+\.\s", p.text) for p in body)


def test_an_applicant_instructed_to_have_no_religion_is_said_to_have_none(draft):
    text = "\n".join(p.text for p in open_docx(draft(UK)).paragraphs)  # the UK example: religion: none
    assert "I am instructed that the Appellant has no religion." in text and "Religion, as instructed: none" not in text


def test_notes_to_the_expert_are_not_numbered_paragraphs(draft):
    """A note is deleted before filing: were it numbered, every later paragraph and every
    cross-reference ("paragraphs 18-22") would move."""
    doc = open_docx(draft(US))
    notes = [p for p in doc.paragraphs if p.text.startswith("[Note for the expert")]
    assert notes and all(p.style.name != "Numbered Paragraph" for p in notes)


def test_every_quote_is_verbatim_footnoted_and_traceable(draft, library):
    doc = open_docx(draft(UK))
    notes = footnotes(draft(UK, "again.docx"))
    index = EvidenceIndex.open(Library(library))
    quotes = [p for p in doc.paragraphs if p.style.name == "Quote"]
    assert len(quotes) >= 8
    for q in quotes:
        (mark,) = [b for b in bookmarks(q) if b.startswith("RGQ_")]
        digest = mark.split("_")[1]
        row = index.conn.execute("SELECT id, text FROM paragraphs WHERE id LIKE ?", (f"%:{digest}",)).fetchone()
        assert row is not None, mark
        assert is_faithful(q.text, row["text"]), q.text
        (note_id,) = note_refs(q)
        note = notes[note_id]
        assert re.search(r"para \d+", note), note
    assert sorted(notes) == list(range(1, len(notes) + 1))


def test_placeholders_mark_what_only_the_expert_can_write(draft):
    doc = open_docx(draft(UK))
    marks = placeholder_runs(doc)
    text = " ".join(marks)
    for needed in ("qualifications", "conflict of interest", "adverse judicial comment", "Your assessment",
                   "Summary of your conclusion on question (a)", "Your answer to question (b)", "signature"):
        assert needed.lower() in text.lower(), needed
    run = next(r for p in doc.paragraphs for r in p.runs if r.style is not None and r.style.name == "Expert Placeholder")
    assert run.font.highlight_color is not None


def test_uk_structure_declaration_and_statement_of_truth(draft):
    doc = open_docx(draft(UK))
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    for h in ("Introduction and instructions", "The expert", "Summary of conclusions", "Sources and method",
              "Facts I have been asked to assume", "Country background", "Pressure on family in China",
              "Risk on return", "Internal relocation", "Sufficiency of protection", "Answers to the questions",
              "Declaration", "Statement of truth", "Bibliography"):
        assert h in headings, h
    text = "\n".join(p.text for p in doc.paragraphs)
    assert ("I confirm that I have made clear which facts and matters referred to in this report are within my own "
            "knowledge and which are not.") in text
    assert "Would the appellant be at risk on return to China?" in text  # the question verbatim
    bibliography_text = " ".join(p.text for p in doc.paragraphs if p.style.name == "Bibliography Entry")
    # the method section warns of sources cited "n.d." exactly when the bibliography has one (a source
    # with only a "last updated" date is cited by it, not "n.d.")
    assert (", n.d.," in bibliography_text) == ("cited “n.d.”" in text)
    bibliography = [p.text for p in doc.paragraphs if p.style.name == "Bibliography Entry"]
    cited = {n.split("”")[0] for n in footnotes(draft(UK, "b.docx")).values() if "(n " not in n}
    assert len(bibliography) == len(cited)


def test_the_bibliography_is_in_the_form_a_tribunal_expects(draft):
    """Who, what, which version, when, where and when it was read: a judge reads each entry as the
    citation of a document, so the tool's own assessment of a source (its type, "undated") is said
    to the expert elsewhere and never tagged onto the entry ("[government; dated ...]")."""
    for case in (UK, US):
        doc = open_docx(draft(case, f"{case.stem}.docx"))
        bibliography = [p.text for p in doc.paragraphs if p.style.name == "Bibliography Entry"]
        assert bibliography
        for entry in bibliography:
            assert not re.search(r"\[[^\]]*\b(government|ngo-report|intergovernmental|news|opinion|commercial|academic"
                                 r"|court|other|dated|undated)\b[^\]]*\]", entry), entry
            assert re.search(r"“[^”]+”", entry), entry  # the title, quoted
            assert re.search(r"(\[(accessed [^\]]+|date accessed not recorded)\]|URL unknown)\.$", entry), entry


def test_us_declaration_follows_where_the_expert_signs(run, library, tmp_path):
    signs = {"GB": "under penalty of perjury under the laws of the United States of America that the foregoing",
             "US": "I declare under penalty of perjury that the foregoing is true and correct. Executed on"}
    for where, expected in signs.items():
        case = tmp_path / f"us-{where}.yaml"
        case.write_text(US.read_text().replace("signs_in: GB", f"signs_in: {where}"))
        out = tmp_path / f"us-{where}.docx"
        assert run("--evidence", library, "draft", case, "-o", out).code == 0
        text = "\n".join(p.text for p in open_docx(out).paragraphs)
        assert expected in text
    unknown = tmp_path / "us-unknown.yaml"
    unknown.write_text(US.read_text().replace("  signs_in: GB\n", ""))
    out = tmp_path / "us-unknown.docx"
    assert run("--evidence", library, "draft", unknown, "-o", out).code == 0
    doc = open_docx(out)
    assert any("if signed outside the United States" in r for r in placeholder_runs(doc))


def test_toc_header_footer_and_properties(draft):
    path = draft(UK)
    xml = parts(path)
    document = xml["word/document.xml"].decode()
    assert "PAGEREF _Toc_rg" in document and "Pressure on family in China" in document
    assert b"updateFields" in xml["word/settings.xml"]
    footers = [v.decode() for k, v in xml.items() if k.startswith("word/footer")]
    assert any("PAGE" in f and "PA/01234/2026" in f for f in footers)
    props = open_docx(path).core_properties
    assert "PA/01234/2026" in props.title and props.subject == "PA/01234/2026"
    assert props.author == "Dr Example Expert"


NAME = "Zhang Secretname 张秘密"


def anonymised_case(tmp_path):
    text = UK.read_text().replace("name: Applicant A", f"name: {NAME}")
    text = text.replace("Police visited his parents", f"Police visited {NAME}'s parents")
    case = tmp_path / "zhang-secretname.yaml"
    case.write_text(text, encoding="utf-8")
    return case


def test_anonymised_name_appears_in_no_part_of_the_package(run, library, tmp_path):
    case = anonymised_case(tmp_path)
    result = run("--evidence", library, "draft", case)
    assert result.code == 0, result.err
    (out,) = tmp_path.glob("*.docx")
    assert "secretname" not in out.name.lower() and out.name == "PA-01234-2026-expert-report.docx"
    for name, data in parts(out).items():
        text = data.decode("utf-8", errors="ignore")
        for piece in ("Secretname", "张秘密"):
            assert piece not in text, (name, piece)
    assert "the Appellant's parents" in "\n".join(p.text for p in open_docx(out).paragraphs)


def test_named_applicant_in_chinese_script(draft):
    path = draft(CHINESE)
    doc = open_docx(path)
    assert "陈志明" in "\n".join(p.text for p in doc.paragraphs)
    styles = parts(path)["word/styles.xml"].decode()
    assert 'w:eastAsia="SimSun"' in styles


def test_case_values_are_data_never_template_code(run, library, tmp_path):
    text = UK.read_text().replace(
        "Police visited his parents in Beijing after he left and asked where he was.",
        '"{{ 7*7 }} {% if true %}x{% endif %} [[not a placeholder]] bell\\a <w:t> & done"')
    case = tmp_path / "case.yaml"
    case.write_text(text, encoding="utf-8")
    out = tmp_path / "report.docx"
    result = run("--evidence", library, "draft", case, "-o", out)
    assert result.code == 0, result.err
    doc = open_docx(out)
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "{{ 7*7 }} {% if true %}x{% endif %} [[not a placeholder]] bell\ufffd <w:t> & done" in body
    assert "49" not in body.split("not a placeholder")[0][-40:]
    assert not any("not a placeholder" in r for r in placeholder_runs(doc))


def test_never_overwrites_without_force_and_writes_nothing_on_bad_input(run, library, tmp_path):
    out = tmp_path / "report.docx"
    assert run("--evidence", library, "draft", UK, "-o", out).code == 0
    out.write_bytes(b"edited by the expert")
    refused = run("--evidence", library, "draft", UK, "-o", out)
    assert refused.code == 2 and "--force" in refused.err
    assert out.read_bytes() == b"edited by the expert"
    assert run("--evidence", library, "draft", UK, "-o", out, "--force").code == 0
    assert zipfile.is_zipfile(out)
    bad = tmp_path / "bad.yaml"
    bad.write_text(UK.read_text().replace("forum: uk-tribunal", "forum: moon-court"))
    target = tmp_path / "bad.docx"
    result = run("--evidence", library, "draft", bad, "-o", target)
    assert result.code == 2 and not target.exists()
    assert not list(tmp_path.glob(".*tmp"))


def test_default_output_sits_next_to_the_case_file(run, library, tmp_path):
    case = tmp_path / "case.yaml"
    case.write_text(UK.read_text())
    assert run("--evidence", library, "draft", case).code == 0
    assert (tmp_path / "PA-01234-2026-expert-report.docx").is_file()


def test_schedule_lists_extracts_by_issue_with_links(run, library, tmp_path):
    out = tmp_path / "schedule.docx"
    assert run("--evidence", library, "schedule", CHINESE, "-o", out).code == 0
    doc = open_docx(out)
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    # in the report's order: background (no disputed issue, so not numbered), the five instructed
    # issues, relocation (question (c) asks about it), and the country guidance
    assert headings[0] == "Country background" and headings[1] == "Issue 1: Commemorating 4 June 1989"
    assert "Issue 6: Internal relocation" in headings and headings[-1] == "Country guidance relied on"
    links = [p.text for p in doc.paragraphs if p.text.startswith("Source document:")]
    quotes = [p for p in doc.paragraphs if p.style.name == "Quote"]
    assert len(links) == len(quotes) > 5
    # a link where the source records its address, else a request for one
    assert all("supply a link" in link or "https://" in link for link in links)


def test_a_second_country_drafts_with_no_code_change(run, tmp_path):
    import shutil

    from conftest import REPO
    lib = tmp_path / "er"
    shutil.copytree(REPO / "tests" / "data" / "eritrea-library", lib)
    case = REPO / "tests" / "data" / "eritrea-case.yaml"
    matched = run("--evidence", lib, "match", case, "--json")
    assert matched.code == 0, matched.err
    data = matched.json()
    assert [f["factor"] for f in data["factors"]] == ["national-service-evasion", "religious-minority", "illegal-exit"]
    assert data["gaps"] == []
    assert data["factors"][0]["contrary"][0]["text"].startswith("The government denies")
    out = tmp_path / "er.docx"
    assert run("--evidence", lib, "draft", case, "-o", out).code == 0
    doc = open_docx(out)
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "country conditions in Eritrea" in text
    assert any("https://example.org/eritrea/national-service" in n for n in footnotes(out).values())
    listed = run("--evidence", lib, "factors", "--country", "ER")
    assert "national-service-evasion" in listed.out


def test_warnings_for_thin_or_old_evidence(run, tmp_path):
    import shutil

    from conftest import REPO
    lib = tmp_path / "er"
    shutil.copytree(REPO / "tests" / "data" / "eritrea-library", lib)
    case = REPO / "tests" / "data" / "eritrea-case.yaml"
    old = run("--evidence", lib, "match", case, "--max-age", "1")
    assert "published 1 March 2025, more than 1 years before the report" in old.err
    assert "rests on a single source" in old.err
    fresh = run("--evidence", lib, "match", case, "--json").json()
    assert not any("published" in w for f in fresh["factors"] for w in f["warnings"])
    out = tmp_path / "er.docx"
    assert run("--evidence", lib, "draft", case, "-o", out, "--max-age", "1").code == 0
    from docxread import placeholder_runs
    notes = [t for t in placeholder_runs(open_docx(out)) if "Note for the expert" in t]
    assert any("more than 1 years" in t for t in notes)


def test_a_firms_reference_docx_supplies_house_styles(run, library, tmp_path):
    import docx
    house = tmp_path / "house"
    house.mkdir()
    reference = docx.Document()
    reference.styles["Normal"].font.name = "Arial"
    reference.add_paragraph("Firm letterhead text that must not leak into the report.")
    reference.save(str(house / "reference.docx"))
    out = tmp_path / "report.docx"
    assert run("--evidence", library, "--templates", house, "draft", UK, "-o", out).code == 0
    doc = open_docx(out)
    assert doc.styles["Normal"].font.name == "Arial"  # the house style, not ours
    assert "letterhead" not in "\n".join(p.text for p in doc.paragraphs)
    assert doc.styles["Numbered Paragraph"].font.size is None  # ours added, based on the house Normal


@pytest.mark.parametrize("key", ["assessment", "factor_heading", "length_warning"])
def test_a_forum_template_missing_wording_names_the_key(run, library, tmp_path, key):
    """Any sentence the shipped forum has and a firm's older copy lacks is named, before anything is written."""
    from conftest import REPO
    (tmp_path / "tpl" / "forums").mkdir(parents=True)
    shipped = (REPO / "templates" / "forums" / "uk-tribunal.yaml").read_text(encoding="utf-8")
    edited = "\n".join(line for line in shipped.splitlines() if not line.startswith(f"  {key}:"))
    assert edited != shipped
    (tmp_path / "tpl" / "forums" / "uk-tribunal.yaml").write_text(edited, encoding="utf-8")
    out = tmp_path / "r.docx"
    result = run("--evidence", library, "--templates", tmp_path / "tpl", "draft", UK, "-o", out)
    assert result.code == 2 and f"wording.{key} missing" in result.err and "Traceback" not in result.err
    assert not out.exists()


def test_a_forum_of_a_firms_own_names_a_sentence_it_lacks_when_it_is_needed(tmp_path):
    from reportgen.errors import ReportgenError
    from reportgen.report.templating import load_forum
    (tmp_path / "forums").mkdir()
    (tmp_path / "forums" / "our-forum.yaml").write_text(
        "title: T\nheader: H\nfooter: F\nsections: []\nwording: {assessment: A}\n", encoding="utf-8")
    wording = load_forum("our-forum", str(tmp_path))["wording"]
    assert wording["assessment"] == "A"
    with pytest.raises(ReportgenError, match=r"our-forum.yaml: wording.quote_intro missing"):
        wording["quote_intro"]


def test_bookmark_ids_are_unique_and_each_is_closed(run, library, tmp_path):
    """Word repairs (drops) bookmarks that share an id: a quotation's and its first footnote's must not."""
    out = tmp_path / "r.docx"
    assert run("--evidence", library, "draft", UK, "-o", out).code == 0
    xml = parts(out)["word/document.xml"].decode()
    starts = re.findall(r'<w:bookmarkStart w:id="(\d+)"', xml)
    ends = re.findall(r'<w:bookmarkEnd w:id="(\d+)"', xml)
    assert starts and len(starts) == len(set(starts)) and sorted(starts) == sorted(ends)


def test_a_sites_modified_date_is_cited_for_the_newest_edition_only(draft):
    """The State Department's site re-saved its archive on 3 January 2025: every China report of
    2016-2023 records that as its page's modified date. It is no update of the 2019 report: an older
    edition is cited by its own date, and only the edition read as the newest carries "last updated"."""
    doc = open_docx(draft(UK))
    bibliography = [p.text for p in doc.paragraphs if p.style.name == "Bibliography Entry"]
    usdos = {re.search(r"“(\d{4}) Country Reports", b).group(1): b for b in bibliography if "Country Reports" in b}
    assert "2024" in usdos and len(usdos) >= 3, bibliography
    assert "”, 12 August 2025," in usdos.pop("2024")  # released the day its page was last modified
    for year, entry in usdos.items():
        assert "last updated" not in entry and "2025" not in entry, entry
        assert re.search(rf"”, \d+ \w+ {int(year) + 1},", entry), entry  # published the year after
    notes = " ".join(footnotes(draft(UK, "again.docx")).values())
    assert "3 January 2025" not in notes


def test_an_older_editions_modified_date_stays_only_as_its_one_date():
    from reportgen.library.reading.series import site_dated
    from reportgen.models import SourceMeta
    def edition(year, published, updated):
        return SourceMeta(id=f"r{year}", title=f"{year} report", author="A", publisher="P", published=published,
                          url="unknown", accessed="unknown", country=("CN",), source_type="government",
                          language="en", series="s", edition=str(year), updated=updated)
    metas = [edition(2022, "2023-03-03", "2025-01-03"), edition(2023, "unknown", "2024-05-01"),
             edition(2024, "unknown", "2025-08-12")]
    # 2022 has its own date; 2023's only date is earlier than 2024's; the newest keeps its own
    assert site_dated(metas) == {"r2022"}
    assert site_dated([edition(2023, "unknown", "2025-09-01"), edition(2024, "unknown", "2025-08-12")]) == {"r2023"}


def test_brackets_in_a_sources_metadata_are_its_text_never_a_placeholder(made, library):
    """A publisher's title may hold "[[...]]": in a footnote, the bibliography or the schedule it is
    the title's text, never a highlighted box for the expert to fill (the style's own "[[date
    accessed not recorded]]" still is one)."""
    sidecar = library / "sources" / "usdos-china-2023.meta.yaml"
    sidecar.write_text(sidecar.read_text(encoding="utf-8").replace(
        "title: '2023 Country Reports", "title: '[[Draft]] 2023 Country Reports", 1), encoding="utf-8")
    out, _ = made(UK)
    doc = open_docx(out)
    notes = " ".join(footnotes(out).values())
    entries = [p.text for p in doc.paragraphs if p.style.name == "Bibliography Entry"]
    assert "“[[Draft]] 2023 Country Reports" in notes and any("[[Draft]] 2023" in e for e in entries)
    assert "Draft" not in placeholder_runs(doc) and "\ue000" not in notes + " ".join(entries)
    xml = parts(out)["word/footnotes.xml"].decode()
    assert "date accessed not recorded" in xml  # the style's own placeholder is kept


def test_a_firms_templates_see_the_final_sources_and_secondary_anywhere(run, library, tmp_path):
    """Compose renders twice when the sources quoted or whom they report are known only once cut;
    what the first pass rendered is kept only where a template names neither. A firm's heading and
    a title-page line (through an included file) that name them print the final values, as the
    shipped method paragraph does."""
    from conftest import REPO
    tpl = tmp_path / "tpl"
    (tpl / "forums").mkdir(parents=True)
    (tpl / "cited.txt").write_text("Cited: {{ sources | length }}; reporting: {{ secondary | join('; ') }}.",
                                   encoding="utf-8")
    shipped = (REPO / "templates" / "forums" / "uk-tribunal.yaml").read_text(encoding="utf-8")
    edited = shipped.replace("title_page:\n", "title_page:\n  - {style: plain, text: \"{% include 'cited.txt' %}\"}\n", 1)
    edited = edited.replace('  factor_heading: "{{ factor.label }}"',
                            '  factor_heading: "{{ factor.label }}{% if secondary %} (see {{ secondary[0] }}){% endif %}"', 1)
    assert edited.count("cited.txt") == 1 and "(see {{" in edited
    (tpl / "forums" / "uk-tribunal.yaml").write_text(edited, encoding="utf-8")
    out = tmp_path / "r.docx"
    assert run("--evidence", library, "--templates", tpl, "draft", UK, "-o", out).code == 0
    texts = [p.text for p in open_docx(out).paragraphs]
    method = next(t for t in texts if t.startswith("Some of the material is secondary reporting"))
    reported = re.search(r"found \((.+?)\):", method).group(1).split(", ")
    count = re.search(r"The (\w+) sources? quoted", " ".join(texts)).group(1)
    words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
    assert f"Cited: {words.index(count)}; reporting: {'; '.join(reported)}." in texts
    headings = [t for t in texts if t.endswith(f"(see {reported[0]})")]
    assert len(headings) >= 2  # every factor's heading, rendered with what the report finally quotes
