"""Anonymisation: no form of the applicant's name in any part of the report or the schedule;
common words that are also names survive; direction controls are refused."""

import re

import pytest
from conftest import UK
from docxread import open_docx, parts

from reportgen.report.anonymise import anonymise, mentions
from reportgen.workspace import Workspace, default_output

D = "the Appellant"


@pytest.mark.parametrize("name, text, gone", [
    ("陈志明 (Chen Zhiming)", "陈志明 (Chen Zhiming) met Zhiming Chen", ["陈志明", "Chen", "Zhiming"]),
    ("陈志明 (Chen Zhiming)", "CHEN, Zhiming; chen zhiming; ZhimingChen", ["chen", "zhiming"]),
    ("陈志明 (Chen Zhiming)", "志明在北京被拘留。陈先生说", ["志明", "陈先生"]),
    ("Zhang Weiming", "Mr Zhang's e-mail zhang.weiming@mail.example and @weiming_zhang88; Weiming; Dr. Zhang",
     ["zhang", "weiming"]),
    ("张伟明", "张伟明的父亲; 伟明在家; 张 伟明", ["伟明"]),
    ("Wei-ming Zhang", "Weiming and Wei ming and Wei-ming Zhang", ["wei", "ming", "zhang"]),
    ("Zhang Weiming", "Zhang’s mother; the Zhangs", ["zhang’s"]),
    ("Chen Zhiming", "ＣＨＥＮ　Ｚｈｉｍｉｎｇ（１９８８）; Ｍｒ Ｃｈｅｎ", ["ｃｈｅｎ", "ｚｈｉｍｉｎｇ"]),
])
def test_every_form_of_the_name_is_replaced(name, text, gone):
    out = anonymise(text, name, D)
    for piece in gone:
        assert piece.lower() not in out.lower(), (piece, out)
    assert D.lower() in out.lower()


def test_whole_words_only_and_common_words_survive():
    out = anonymise("Will Hope showed willingness and hope; he will go. Hopeful, Will said.", "Will Hope", D)
    assert out == "The Appellant showed willingness and hope; he will go. Hopeful, the Appellant said."
    assert anonymise("the applicant said", "Applicant A", D) == "the Appellant said"
    assert anonymise("a stay in Changsha", "Chang Wei", D) == "a stay in Changsha"  # not inside a word
    assert anonymise("hope a will; Hope said", "Hope", D) == "hope a will; the Appellant said"  # one-word names
    assert anonymise("a visit; Mr A left", "A", D) == "a visit; the Appellant left"


def test_quotations_are_flagged_not_altered():
    assert mentions("Zhang was detained in 2019.", "Zhang Weiming")
    assert not mentions("Zhangjiakou police said", "Zhang Weiming")


def named_case(tmp_path, name, facts, question, filename="case.yaml"):
    text = UK.read_text().replace("name: Applicant A", f"name: {name}")
    text = text.replace("Police visited his parents in Beijing after he left and asked where he was.", facts)
    text = text.replace("Would the appellant be at risk on return to China?", question)
    case = tmp_path / filename
    case.write_text(text, encoding="utf-8")
    return case


def visible(data: bytes) -> str:
    """A part's text with markup removed, so a name split across runs is still seen. Quotations
    (the Quote style) and evidence ids (SOURCE:hash) are left out: they are other people's words
    and the library's names, kept verbatim."""
    text = re.sub(r"[a-z0-9._-]+:[0-9a-f]{10}\b", "", data.decode("utf-8", errors="ignore"))
    text = re.sub(r"<w:p\b(?:(?!</w:p>).)*?<w:pStyle w:val=\"Quote\"/>.*?</w:p>", "", text, flags=re.S)
    return re.sub(r"<[^>]+>", "", text) + "\n" + text


def test_no_name_form_in_any_part_of_report_or_schedule(run, library, tmp_path):
    name = "陈志明 (Chen Zhiming)"
    facts = ("'Police visited Chen Zhiming''s parents; Mr Chen posted as chen.zhiming88@mail.example and @zhiming_chen. "
             "志明的父母被约谈。Zhiming''s willingness to speak grew.'")
    question = "'Would CHEN Zhiming (陈志明) be at risk? Is Zhiming Chen''s account consistent?'"
    case = named_case(tmp_path, name, facts, question)
    report = tmp_path / "report.docx"
    assert run("--evidence", library, "draft", case, "-o", report).code == 0
    schedule = tmp_path / "schedule.docx"
    assert run("--evidence", library, "schedule", case, "-o", schedule).code == 0
    for out in (report, schedule):
        package = parts(out)
        assert {"word/document.xml", "docProps/core.xml"} <= set(package)
        for part, data in package.items():
            text = visible(data)
            for piece in ("陈志明", "志明", "陈先生"):
                assert piece not in text, (out.name, part, piece)
            for word in ("chen", "zhiming"):
                assert not re.search(rf"(?<![a-z]){word}(?![a-z])", text, re.I), (out.name, part, word)
    body = "\n".join(p.text for p in open_docx(report).paragraphs)
    assert "the Appellant's parents" in body and "willingness" in body


def test_a_quotation_naming_the_applicant_is_kept_and_warned_about(run, library, tmp_path):
    ws = Workspace(evidence=str(library))
    result = ws.match(ws.load_case(UK))
    quoted = next(c.paragraph for fe in result.factors for c in fe.evidence)
    surname = next(w for w in re.findall(r"\b[A-Z][a-z]{3,}\b", quoted.text))  # a capitalised word of a quote
    case = named_case(tmp_path, f"{surname} Example", "Police visited his parents.", "Is he at risk?")
    out = tmp_path / "report.docx"
    result = run("--evidence", library, "draft", case, "-o", out)
    assert result.code == 0, result.err
    assert f"{quoted.source_id}, {quoted.locator} contains a word of the applicant's name" in result.err
    assert surname not in result.err  # the warning does not repeat the name
    assert surname in "\n".join(p.text for p in open_docx(out).paragraphs)  # the quotation stays verbatim


@pytest.mark.parametrize("control", ["\u202e", "\u2066", "\u200f"])
def test_direction_controls_in_case_values_are_refused(run, library, tmp_path, control):
    case = named_case(tmp_path, f'"Applicant{control} A"', "Police visited his parents.", "Is he at risk?")
    result = run("--evidence", library, "validate", case)
    assert result.code == 2
    line = next(n for n, text in enumerate(case.read_text(encoding="utf-8").splitlines(), 1) if control in text)
    assert f"{case}:{line}:" in result.err and f"U+{ord(control):04X}" in result.err
    assert run("--evidence", library, "draft", case).code == 2
    assert not list(tmp_path.glob("*.docx"))


def test_output_file_names_hold_no_direction_controls(library, tmp_path):
    case = named_case(tmp_path, "Applicant A", "Police visited his parents.", "Is he at risk?")
    case.write_text(case.read_text().replace("reference: PA/01234/2026", 'reference: "PA\u202e/01234/2026"'))
    ws = Workspace(evidence=str(library))
    from reportgen.errors import CaseError
    with pytest.raises(CaseError, match="U\\+202E"):
        ws.load_case(case)
    from reportgen.models import Applicant, Case, Expert
    loose = Case(reference="PA\u202e01234\u20662026", forum="uk-tribunal", instructed_by="x",
                 instructions_date="2026-01-01", report_date="2026-01-02", questions=("q",),
                 applicant=Applicant("A", True, "CN"), expert=Expert("E"), risk_factors=(), path=str(case))
    assert re.fullmatch(r"[A-Za-z0-9._-]+", default_output(loose).name)


def test_an_output_name_with_a_direction_control_is_refused(run, library, tmp_path):
    out = tmp_path / "report\u202excod.docx"
    result = run("--evidence", library, "draft", UK, "-o", out)
    assert result.code == 2 and "direction control" in result.err
    assert not list(tmp_path.glob("*.docx"))


# --- names compared folded: variants in Latin, Chinese and Vietnamese -------------------------

@pytest.mark.parametrize("name, text, gone", [
    ("陈志明 (Chen Zhiming)", "Zhi Ming left; Zhi-ming wrote; zhi ming said", ["zhi", "ming"]),
    ("陈志明 (Chen Zhiming)", "Chén Zhìmíng and CHÉN ZHÌMÍNG", ["chén", "zhìmíng", "chen", "zhiming"]),
    ("陈志明 (Chen Zhiming)", "Zhi\u00adming signed; Zhim\u00ading again", ["zhi", "ming"]),
    ("陈志明 (Chen Zhiming)", "the Chens' house and the Chens", ["chens"]),
    ("陈志明 (Chen Zhiming)", "陳志明在北京; 陳先生", ["陳", "志明", "陳先生"]),
    ("陳志明", "陈志明的父亲", ["陈", "志明"]),
    ("Nguyễn Văn An", "Nguyen Van An; NGUYEN; Mr Nguyen; Nguyễn", ["nguyen", "nguyễn"]),
    ("José Núñez", "Jose Nunez and Mr Nunez; JOSÉ NÚÑEZ", ["jose", "nunez", "josé", "núñez"]),
    ("Seán Ó Briain", "Sean said; Ó Briain and O Briain", ["sean", "briain"]),
    # a handle written in full-width letters names them once folded (the handle step looks only
    # at a text whose folded form holds the name's parts)
    ("Chen Zhiming", "posts as ｃｈｅｎ＿ｚｈｉｍｉｎｇ８８ online", ["ｃｈｅｎ", "ｚｈｉｍｉｎｇ"]),
])
def test_name_variants_are_compared_folded(name, text, gone):
    out = anonymise(text, name, D)
    for piece in gone:
        assert piece.lower() not in out.lower(), (piece, out)
    assert "the the" not in out.lower()


def test_the_chens_possessive_reads_as_the_appellants():
    assert anonymise("the Chens' house", "Chen Zhiming", D) == "the Appellant's house"
    assert anonymise("Chen's wife", "Chen Zhiming", D) == "The Appellant's wife"
    assert anonymise("a stay in Changsha; Chenshan", "Chen Zhiming", D) == "a stay in Changsha; Chenshan"


def test_a_name_variant_in_a_quotation_is_flagged():
    assert mentions("Zhi-ming was detained.", "陈志明 (Chen Zhiming)")
    assert mentions("陳志明被拘留", "陈志明 (Chen Zhiming)")
    assert mentions("Nguyen was held.", "Nguyễn Văn An")


def test_every_case_field_printed_is_redacted_and_the_default_name_too(run, library, tmp_path):
    case = named_case(tmp_path, '"陈志明 (Chen Zhiming)"', "Police visited his parents.", "Is he at risk?")
    text = case.read_text(encoding="utf-8")
    text = text.replace("credentials: Senior Lecturer in Chinese Politics",
                        "credentials: Senior Lecturer; in 2025 I interviewed Zhiming Chen")
    text = text.replace("reference: PA/01234/2026", "reference: PA/01234/2026/Chen\n"
                        "  country_guidance:\n    - Chén Zhìmíng v SSHD (see para 12) and the Chens' appeal")
    case.write_text(text, encoding="utf-8")
    for kind in ("draft", "schedule"):
        result = run("--evidence", library, kind, case)
        assert result.code == 0, result.err
    made = sorted(p.name for p in tmp_path.glob("*.docx"))
    assert made == ["PA-01234-2026-evidence-schedule.docx", "PA-01234-2026-expert-report.docx"], made
    for out in tmp_path.glob("*.docx"):
        for part, data in parts(out).items():
            seen = visible(data)
            for word in ("chen", "zhiming", "chén", "zhìmíng", "chens"):
                assert not re.search(rf"(?<![a-z]){word}(?![a-z])", seen, re.I), (out.name, part, word)
    body = "\n".join(p.text for p in open_docx(tmp_path / "PA-01234-2026-expert-report.docx").paragraphs)
    assert "I interviewed the Appellant" in body


US_NAMED_FIELDS = """case:
  reference: A-123-456-789/Nguyen
  forum: us-immigration-court
  instructed_by: Nguyen Van An's counsel, Example Immigration Law PLLC
  instructions_date: 2026-08-01
  report_date: 2026-11-20
  hearing_location: New York (Nguyễn's home court)
  judge: Jane Example, hearing Nguyen Van An
  hearing_date: 2027-02-15
  hearing_time: "9:00 a.m. (ask for Mr Nguyen)"
  protection_sought: [asylum, withholding, cat]
  country_guidance: [Matter of NGUYEN, 26 I&N Dec. 1 (BIA 2026)]
  respondent_relies_on: [DHS brief on Nguyễn Văn An]
  questions:
    - What treatment would Nguyen Van An face if removed to China?
    - Do Chinese authorities pursue critics like Mr Nguyen who live in the United States?
applicant:
  name: Nguyễn Văn An
  anonymise: true
  country: CN
  gender: female (Ms Nguyen)
  now_in: US
  home_area: Nguyen village, Shandong
  ethnicity: Kinh, like all the Nguyens
  religion: Catholic (Nguyen family parish)
  a_number: A-123-456-789
expert:
  name: Professor Example Witness
  credentials: Professor of East Asian Studies; I interviewed Nguyen Van An in 2025
  signs_in: GB
risk_factors:
  - factor: human-rights-defender
    facts: Nguyen organised legal help for petitioners in Shandong until 2019.
    respondent_position: DHS says Nguyễn was never an activist.
  - factor: transnational-repression
    facts: Since arriving in New York Ms Nguyen has received threatening WeChat messages.
"""


def test_every_case_field_a_us_declaration_and_exhibit_index_print_is_redacted(run, library, tmp_path):
    """The US forum's own fields (the caption's judge, court and hearing time, the declaration, the
    exhibit index and its proof of service) with a Vietnamese name written with and without its
    diacritics: no form of it in any part of either file, nor in their default names."""
    case = tmp_path / "case.yaml"
    case.write_text(US_NAMED_FIELDS, encoding="utf-8")
    for kind in ("draft", "schedule"):
        result = run("--evidence", library, kind, case)
        assert result.code == 0, result.err
        assert "nguy" not in result.out.lower() + result.err.lower()
    made = sorted(p.name for p in tmp_path.glob("*.docx"))
    assert made == ["A-123-456-789-evidence-schedule.docx", "A-123-456-789-expert-report.docx"], made
    for out in tmp_path.glob("*.docx"):
        for part, data in parts(out).items():
            seen = visible(data)
            for word in ("nguyen", "nguyễn", "nguyens", "văn"):
                assert not re.search(rf"(?<![a-zà-ỹ]){word}(?![a-zà-ỹ])", seen, re.I), (out.name, part, word)
    body = "\n".join(p.text for p in open_docx(tmp_path / "A-123-456-789-expert-report.docx").paragraphs)
    assert "I interviewed the Respondent" in body or "I interviewed the Applicant" in body, body[:2000]
