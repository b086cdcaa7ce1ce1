"""The PDF reader on PDFs of our own making: two columns, footnotes and their superscript
numbers, the document's own paragraph numbers, hyphenation, running heads and printed pages."""

from pathlib import Path

import pytest

from reportgen.errors import SourceError

pytest.importorskip("fpdf")
pytest.importorskip("pypdfium2")

from pdfmaker import Pages  # noqa: E402

from reportgen.library.reading.readers.pdf import read_pdf  # noqa: E402
from reportgen.library.reading.readers.pdf.blocks import keeps_hyphen  # noqa: E402
from reportgen.library.reading.readers.pdf.meta import junk_title  # noqa: E402

LEFT = ["Officials in the northern district detained returnees at the",
        "airport and questioned them about their contacts abroad for",
        "several days before releasing them to their families.",
        None,
        "Relatives who stayed behind described regular visits from",
        "local police officers who asked about the whereabouts of",
        "family members living overseas and their activities."]
RIGHT = ["Lawyers who agreed to represent the families said that their",
         "licences were reviewed soon afterwards and that several of",
         "them were told to withdraw from the cases entirely.",
         None,
         "Diplomats raised the cases with the authorities, who said",
         "that the detentions were lawful and that no one had been",
         "held for longer than the law allows in such matters."]


def body(pages):
    return [b for b in pages.blocks if not b.heading]


def one_page(path: Path, lines: list) -> list:
    """The body blocks of a one-page PDF of these lines."""
    doc = Pages()
    doc.page()
    doc.column(56, 90, lines)
    return body(read_pdf(doc.save(path)))


def test_two_columns_are_read_one_after_the_other(tmp_path):
    doc = Pages()
    doc.page(head="Quarterly Monitoring Report", number="11")
    doc.column(56, 90, LEFT)
    doc.column(345, 90, RIGHT)
    doc.page(head="Quarterly Monitoring Report", number="12")
    doc.column(56, 90, ["The second part of the report covers the border regions, where",
                        "officials were said to have detained people without any charge."])
    got = read_pdf(doc.save(tmp_path / "columns.pdf"))
    texts = [b.text for b in body(got)]
    assert texts[:4] == [" ".join(LEFT[:3]), " ".join(LEFT[4:]), " ".join(RIGHT[:3]), " ".join(RIGHT[4:])]
    assert all("Quarterly Monitoring" not in t for t in texts)  # the running head is not text
    assert [(b.page, b.printed_page) for b in body(got)] == [(1, "11")] * 4 + [(2, "12")]


def test_footnotes_leave_the_body_and_attach_to_the_citing_paragraph(tmp_path):
    doc = Pages()
    doc.page(number="7")
    y = doc.column(56, 90, [
        [("1. ", False), ("The authorities confirmed that the returnees had been held", False)],
        [("in a facility outside the city for questioning about their", False)],
        [("travel.", False), ("12", True), (" Their families were not told where they were.", False)],
        None,
        [("2. ", False), ("A second group was released after the intervention of the", False)],
        [("consulate, which had raised the matter with the ministry.", False), ("13", True)],
    ])
    doc.text(56, 760, [("12", True), (" Interview with a relative, 3 March 2024.", False)], size=8)
    doc.text(56, 772, [("13", True), (" Supra, footnote 12.", False)], size=8)
    assert y < 700
    got = body(read_pdf(doc.save(tmp_path / "notes.pdf")))
    assert [b.text for b in got] == [
        "The authorities confirmed that the returnees had been held in a facility outside the city for "
        "questioning about their travel. Their families were not told where they were.",
        "A second group was released after the intervention of the consulate, which had raised the matter "
        "with the ministry."]
    assert [b.marker for b in got] == ["para 1", "para 2"]
    assert got[0].notes == ("12 Interview with a relative, 3 March 2024.",)
    assert got[1].notes == ("13 Supra, footnote 12.",)
    assert {b.printed_page for b in got} == {"7"}


def test_numbered_paragraphs_are_never_merged_and_a_year_is_no_number(tmp_path):
    got = one_page(tmp_path / "numbered.pdf", [
        "135. Family separations result from a number of factors and not",
        "all of them amount to enforced disappearances in the sense of",
        "2016. In each case the families said they had been told nothing",
        "about the reasons for the separation.",
        "136. The authorities continue to criticise relatives who speak",
        "about their experiences abroad in public.",
    ])
    assert [(b.marker, b.text[:20]) for b in got] == [
        ("para 135", "Family separations r"), ("para 136", "The authorities cont")]
    assert "sense of 2016. In each case" in got[0].text


def test_hyphenation_joins_broken_words_and_keeps_compounds(tmp_path):
    (para,) = one_page(tmp_path / "hyphens.pdf", [
        "The report gives one ex-",
        "ample of a detainee, a 52-year-",
        "old farmer held in a provincial-",
        "level facility near the border for counter-",
        "terrorism reasons under Counter-",
        "Terrorism Law provisions and its counter-terrorism clauses.",
    ])
    assert para.text == ("The report gives one example of a detainee, a 52-year-old farmer held in a "
                         "provincial-level facility near the border for counter-terrorism reasons under "
                         "Counter-Terrorism Law provisions and its counter-terrorism clauses.")


@pytest.mark.parametrize("before, after, kept", [
    ("one ex-", "ample", False), ("a 52-year-", "old", True), ("P.L. 114-", "328", True),
    ("Uyghur-", "Americans", True), ("provincial-", "level", True), ("govern-", "ment", False),
    ("inter-", "ethnic", False)])
def test_line_end_hyphen_rule(before, after, kept):
    assert keeps_hyphen(before, after) is kept


def test_headings_by_type_and_junk_properties_give_way(tmp_path):
    doc = Pages(title="Microsoft Word - draft3.docx", author="IDPS")
    doc.page()
    doc.text(56, 80, "Returns Monitoring Annual Report", size=20, bold=True)
    doc.text(56, 120, "Detention on arrival", size=13, bold=True)
    doc.column(56, 140, ["Returnees were held at the airport for questioning on their arrival",
                         "and several were later placed under residential surveillance."])
    got = read_pdf(doc.save(tmp_path / "meta.pdf"))
    assert got.meta == {"title": "Returns Monitoring Annual Report"}  # no typesetter as author
    assert [(b.text, b.heading, b.level) for b in got.blocks][:2] == [
        ("Returns Monitoring Annual Report", True, 1), ("Detention on arrival", True, 2)]


def test_printed_author_is_kept(tmp_path):
    doc = Pages(title="Returns Monitoring", author="Example Watch")
    doc.page()
    doc.column(56, 90, ["A report by Example Watch on the treatment of people returned to",
                        "their country after seeking protection abroad in recent years."])
    assert read_pdf(doc.save(tmp_path / "author.pdf")).meta == {"title": "Returns Monitoring",
                                                                "author": "Example Watch"}


@pytest.mark.parametrize("title, junk", [
    ("xxxxxx", True), ("A-Z copy 1", True), ("Microsoft Word - x.docx", True), ("report_final_v2", True),
    ("Untitled", True), ("PowerPoint Presentation", True), ("IF10281", True), ("C:\\work\\draft", True),
    ("China Primer: Uyghurs", False), ("Annual Report on Returns 2025", False),
    ("Report of the Working Group, A/HRC/39/46", False)])
def test_junk_titles(title, junk):
    assert junk_title(title, "IF10281") is junk


def test_broken_file_is_a_source_error(tmp_path):
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really a pdf")
    with pytest.raises(SourceError, match="broken.pdf: not a readable PDF"):
        read_pdf(broken)
    with pytest.raises(SourceError, match="cannot read|not a readable"):
        read_pdf(Path(tmp_path / "absent.pdf"))


DATA = Path(__file__).resolve().parent / "data" / "pdf"  # made by fpdf2 with cryptography installed


def test_aes_encryption_without_the_cryptography_package():
    """pdfium decrypts AES itself: a PDF locked only against editing reads; one that needs a
    password to open is a clear error."""
    (block,) = read_pdf(DATA / "aes256-owner-password-only.pdf").blocks
    assert block.text.startswith("Returnees were questioned by state security on arrival at the airport.")
    with pytest.raises(SourceError, match="aes256-user-password.pdf: the PDF is encrypted"):
        read_pdf(DATA / "aes256-user-password.pdf")


def test_a_sidebar_is_read_apart_and_a_rule_marks_footnotes_of_body_size(tmp_path):
    doc = Pages()
    doc.page()
    doc.column(56, 90, ["Officials in the northern district detained returnees at the airport and",
                        "questioned them about their contacts abroad for several days before they"])
    doc.pdf.rect(70, 125, 300, 50)  # a framed box set into the running text
    doc.column(80, 140, ["Box 1: what the law says about exit permits for",
                         "residents of the region and their families."])
    doc.column(56, 200, [[("released them to their families, who had not been told where they were.", False),
                          ("4", True)]])
    doc.pdf.line(56, 700, 160, 700)
    doc.text(56, 715, "4 Interview with a relative of a detainee, 3 March 2024.")
    got = read_pdf(doc.save(tmp_path / "sidebar.pdf")).blocks
    assert [b.text for b in got] == [
        "Officials in the northern district detained returnees at the airport and questioned them about "
        "their contacts abroad for several days before they released them to their families, who had not "
        "been told where they were.",
        "Box 1: what the law says about exit permits for residents of the region and their families."]
    assert got[0].notes == ("4 Interview with a relative of a detainee, 3 March 2024.",)


def test_a_page_without_its_number_between_numbered_pages(tmp_path):
    doc = Pages()
    for number, region in (("9", "the north"), ("", "the capital"), ("11", "the western border")):
        doc.page(number=number)
        doc.column(56, 90, [f"This part of the report describes what returnees met in {region},",
                            f"where officials were said to have detained people ({region})."])
    got = read_pdf(doc.save(tmp_path / "numbers.pdf")).blocks
    assert [(b.page, b.printed_page) for b in got] == [(1, "9"), (2, "10"), (3, "11")]


def test_page_number_inside_a_running_head(tmp_path):
    doc = Pages()
    for number, region in ((21, "the north"), (22, "the capital"), (23, "the western border")):
        doc.page()
        doc.text(56, 40, f"Annual Report on Returns 2025 | {number}", size=8)
        doc.column(56, 90, [f"This part of the report describes what returnees met in {region},",
                            f"where officials were said to have detained people ({region})."])
    got = read_pdf(doc.save(tmp_path / "heads.pdf")).blocks
    assert [(b.printed_page, b.text[-12:]) for b in got] == [
        ("21", "(the north)."), ("22", "he capital)."), ("23", "ern border).")]


def test_paragraphs_marked_only_by_a_first_line_indent(tmp_path):
    doc = Pages()
    doc.page()
    doc.column(56, 90, ["Returnees who had sought asylum abroad were questioned by state",
                        "security on arrival and held for up to fifteen days without charge."])
    doc.column(68, 116, ["Families of those who stayed abroad reported visits from the police."])
    doc.column(56, 129, ["Some were told that their pensions would be stopped if they did not",
                         "persuade their relatives to come home before the end of the year."])
    got = body(read_pdf(doc.save(tmp_path / "indents.pdf")))
    assert [b.text[:30] for b in got] == ["Returnees who had sought asylu", "Families of those who stayed a"]
    assert got[1].text.endswith("before the end of the year.")


def test_figure_labels_and_captions_are_not_text(tmp_path):
    from PIL import Image
    picture = tmp_path / "map.png"
    Image.new("RGB", (200, 120), (90, 140, 90)).save(picture)
    doc = Pages()
    doc.page()
    doc.column(56, 90, ["Satellite imagery of the district shows that the facility was extended",
                        "twice between 2018 and 2020, according to the researchers."])
    doc.text(150, 140, "Detention site: north wing", bold=True)
    doc.pdf.image(str(picture), x=150, y=150, w=250, h=150)
    doc.text(150, 315, "Source: imagery dated March 2020")
    doc.text(180, 200, "Wall")  # a label on the picture itself
    doc.column(56, 360, ["Officials denied that the buildings were used for detention and said",
                         "that they housed a vocational school for residents of the region."])
    got = [b.text for b in read_pdf(doc.save(tmp_path / "figure.pdf")).blocks]
    assert got == [
        "Satellite imagery of the district shows that the facility was extended twice between 2018 and "
        "2020, according to the researchers.",
        "Officials denied that the buildings were used for detention and said that they housed a "
        "vocational school for residents of the region."]


def test_a_short_line_standing_alone_is_its_own_block(tmp_path):
    got = one_page(tmp_path / "bylines.pdf", [
        "Pressure on families at home",
        "Relatives of activists abroad were summoned by the police and told to persuade",
        "them to stop their activities, and some lost their jobs in state enterprises.",
        None,
        "Jane Roe, Researcher on China",
        "John Doe, Senior Analyst"])
    assert [b.text for b in got] == [
        "Pressure on families at home",
        "Relatives of activists abroad were summoned by the police and told to persuade them to stop "
        "their activities, and some lost their jobs in state enterprises.",
        "Jane Roe, Researcher on China", "John Doe, Senior Analyst"]


def test_author_printed_only_in_the_running_foot_and_a_cover_title(tmp_path):
    doc = Pages(title="xxxxxx", author="Example Watch")
    doc.page()
    doc.text(56, 100, "Returned and Detained", size=24, bold=True)
    doc.text(56, 128, "in the Northern Districts", size=24, bold=True)
    doc.text(56, 700, "2025", size=24, bold=True)
    for region in ("the north", "the capital", "the border"):
        doc.page()
        doc.column(56, 90, [f"This part of the report describes what returnees met in {region},",
                            f"where officials were said to have detained people ({region})."])
        doc.text(56, 810, "Example Watch", size=8)
    got = read_pdf(doc.save(tmp_path / "cover.pdf"))
    assert got.meta == {"title": "Returned and Detained in the Northern Districts", "author": "Example Watch"}
    assert not any("Example Watch" in b.text for b in got.blocks)  # the running foot is not text


def test_three_columns(tmp_path):
    columns = [["Officials detained returnees", "at the airport for days.", None, "Some were held longer", "than the law allows."],
               ["Relatives were visited by", "the police in the night.", None, "Neighbours were asked", "about the family."],
               ["Lawyers who took the cases", "lost their licences.", None, "Two of them left the", "country in 2024."]]
    doc = Pages()
    doc.page()
    for x, lines in zip((56, 230, 404), columns):
        doc.column(x, 90, lines)
    texts = [b.text for b in read_pdf(doc.save(tmp_path / "three.pdf")).blocks]
    assert texts == [" ".join(lines[i:i + 2]) for lines in columns for i in (0, 3)]
