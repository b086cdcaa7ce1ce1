"""Issue 21: every paragraph of a PDF read whole, on look-alikes of the real documents that lost
text (bench/realdocs.py measures the real ones): a paragraph running on across a column or page
break, lines past the right margin, bold lead-ins, bullets in a symbol font, numbered items set
in body type, CJK line wraps and line-end hyphens in other languages."""

import pytest

pytest.importorskip("fpdf")
pytest.importorskip("pypdfium2")

from pdfmaker import Pages  # noqa: E402

from reportgen.library.reading.readers.pdf import read_pdf  # noqa: E402
from reportgen.library.reading.readers.pdf.blocks import join_lines, keeps_hyphen  # noqa: E402


def texts(got):
    return [b.text for b in got.blocks if not b.heading]


def test_a_paragraph_runs_on_into_the_next_column_and_page(tmp_path):
    doc = Pages()
    doc.page(head="Mission brief", number="3")
    doc.column(56, 90, ["Children were among those most affected by the fighting in",
                        "the eastern provinces during the reporting period. The highest",
                        "number of"])
    doc.column(345, 90, ["child victims were documented in the districts along the",
                         "border, where shelling continued into the summer months.",
                         None,
                         "Schools were occupied by armed groups in several towns and",
                         "teachers reported being ordered to stay in"])
    doc.page(head="Mission brief", number="4")
    doc.column(56, 90, ["their homes until the operations were over, which kept",
                        "thousands of pupils out of class for weeks."])
    got = read_pdf(doc.save(tmp_path / "brief.pdf"))
    assert texts(got) == [
        "Children were among those most affected by the fighting in the eastern provinces during the "
        "reporting period. The highest number of child victims were documented in the districts along "
        "the border, where shelling continued into the summer months.",
        "Schools were occupied by armed groups in several towns and teachers reported being ordered to "
        "stay in their homes until the operations were over, which kept thousands of pupils out of class "
        "for weeks."]


def test_a_paragraph_continues_after_a_heading_set_between_its_halves(tmp_path):
    """A column that opens with a box heading, then the lower-case rest of the paragraph the
    previous column left unfinished: the halves are one paragraph, the heading stays a heading."""
    doc = Pages()
    doc.page()
    doc.column(56, 90, ["Officials in the northern district detained returnees at the",
                        "airport and questioned them about their contacts abroad and"])
    doc.text(345, 90, "Case study: the airport", size=13, bold=True)
    doc.column(345, 112, ["their relatives, according to the families interviewed.",
                          None,
                          "Lawyers said the detentions had no basis in law at all."])
    got = read_pdf(doc.save(tmp_path / "halves.pdf"))
    assert texts(got) == [
        "Officials in the northern district detained returnees at the airport and questioned them about "
        "their contacts abroad and their relatives, according to the families interviewed.",
        "Lawyers said the detentions had no basis in law at all."]
    assert any(b.heading and b.text == "Case study: the airport" for b in got.blocks)


def test_lines_running_past_the_right_margin_keep_their_paragraphs(tmp_path):
    """A web page printed by a browser: lines longer than the page is wide (the visible text is
    clipped at the edge); every paragraph is kept whole, not reduced to its last line."""
    long = ["Authorities in the region have detained large numbers of people in facilities described",
            "officially as vocational training centres, according to satellite imagery and the accounts",
            "of former detainees interviewed by researchers over several years of sustained monitoring",
            "camps. Some activists describe them as concentration camps."]
    doc = Pages()
    doc.page()
    doc.column(300, 90, long, size=11)
    doc.column(300, 160, ["Families abroad said that relatives stopped answering their calls after the",
                          "first wave of detentions and that messages sent through intermediaries went unanswered"],
               size=11)
    got = read_pdf(doc.save(tmp_path / "clipped.pdf"))
    assert texts(got) == [" ".join(long), "Families abroad said that relatives stopped answering their calls "
                          "after the first wave of detentions and that messages sent through intermediaries "
                          "went unanswered"]


def _dingbat_bullet(doc, x, y):
    """A bullet as word processors draw it: a letter ("l") of a dingbat font."""
    doc.pdf.set_font("ZapfDingbats", "", 6)
    doc.pdf.text(x, y, "l")


def test_a_bold_lead_in_and_a_bullet_glyph_belong_to_their_paragraph(tmp_path):
    doc = Pages()
    doc.page()
    doc.text(56, 80, "Lawyers", size=13, bold=True)
    _dingbat_bullet(doc, 56, 110)
    doc.text(70, 110, "Gao Zhisheng, an outspoken human rights lawyer, whose clients included", bold=True)
    doc.text(70, 123, "members of religious groups, had his law practice suspended in 2005 and was")
    doc.text(70, 136, "later detained for several years.")
    _dingbat_bullet(doc, 56, 160)
    doc.text(70, 160, "Other lawyers who took similar cases lost their licences.")
    got = read_pdf(doc.save(tmp_path / "leadin.pdf"))
    assert texts(got) == [  # the bullet marks an item; it is not text
        "Gao Zhisheng, an outspoken human rights lawyer, whose clients included members of religious "
        "groups, had his law practice suspended in 2005 and was later detained for several years.",
        "Other lawyers who took similar cases lost their licences."]
    assert all(b.item for b in got.blocks if not b.heading)
    assert [b.text for b in got.blocks if b.heading] == ["Lawyers"]


def test_numbered_items_in_body_type_are_evidence_not_headings(tmp_path):
    doc = Pages()
    doc.page()
    doc.text(56, 80, "Persons to be placed under key surveillance", size=13, bold=True)
    doc.column(56, 110, ["18. Persons who have travelled abroad without permission",
                         "19. Knows welding and how to make explosives",
                         "20. Persons who refuse to hand in their passports to the police"])
    got = read_pdf(doc.save(tmp_path / "items.pdf"))
    assert [(b.marker, b.text) for b in got.blocks if not b.heading] == [
        ("para 18", "Persons who have travelled abroad without permission"),
        ("para 19", "Knows welding and how to make explosives"),
        ("para 20", "Persons who refuse to hand in their passports to the police")]


def test_a_numbered_heading_set_bold_stays_a_heading(tmp_path):
    doc = Pages()
    doc.page()
    doc.text(56, 80, "1. Detention after return", size=10, bold=True)
    doc.column(56, 100, ["Returnees were held at the airport for questioning on their arrival",
                         "and several were later placed under residential surveillance."])
    got = read_pdf(doc.save(tmp_path / "numhead.pdf"))
    assert [b.text for b in got.blocks if b.heading] == ["1. Detention after return"]


@pytest.mark.parametrize("before, after, joined", [
    ("汽车颜色到", "身高多少厘米", "汽车颜色到身高多少厘米"),
    ("大规", "模", "大规模"),
    ("他说：", "“不行”", "他说：“不行”"),
    ("the Chinese term", "大规模", "the Chinese term 大规模"),
    ("la correc-", "ción del texto", "la corrección del texto"),
    ("в ходе рас-", "следования", "в ходе расследования"),
    ("a provincial-", "level body", "a provincial-level body"),
])
def test_line_joins_as_the_reader_sees_them(before, after, joined):
    assert join_lines(before, after) == joined


@pytest.mark.parametrize("before, after, kept", [
    ("una correc-", "ción", False), ("sobre-", "salientes", False), ("govern-", "ment", False),
    ("human rights-", "based", True), ("Sino-", "Russian", True), ("self-", "censorship", True),
    ("a long-", "term plan", True)])
def test_line_end_hyphen_rule_needs_no_word_frequencies(before, after, kept, monkeypatch):
    import builtins
    real_import = builtins.__import__

    def no_wordfreq(name, *args, **kwargs):
        if name == "wordfreq":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_wordfreq)
    assert keeps_hyphen(before, after) is kept


def test_first_page_metadata_a_date_an_update_and_a_symbol(tmp_path):
    doc = Pages(title="Annual report", author="")
    doc.page()
    doc.text(56, 60, "UNITED NATIONS", size=10)
    doc.text(420, 60, "A/52/826", size=10)
    doc.text(56, 110, "Detention of returnees in the northern districts", size=18, bold=True)
    doc.text(56, 140, "May 2019", size=11)
    doc.column(56, 180, ["On 29 October 2018, officials detained returnees at the airport and questioned",
                         "them about their contacts abroad for several days before releasing them."])
    meta = read_pdf(doc.save(tmp_path / "dated.pdf")).meta
    # the properties' title is printed nowhere: the page's own title wins; the date in the
    # sentence is an event, "May 2019" the publication; the masthead names the publisher
    assert meta == {"title": "Detention of returnees in the northern districts", "published": "2019-05",
                    "symbol": "A/52/826", "publisher": "United Nations"}
    doc = Pages()
    doc.page()
    doc.text(56, 80, "China Primer: Uyghurs", size=18, bold=True)
    doc.text(56, 100, "Updated September 22, 2023", size=10)
    doc.column(56, 130, ["The Uyghurs are a predominantly Muslim ethnic group in the northwestern region",
                         "of the country, where the government has pursued policies of forced assimilation."])
    assert read_pdf(doc.save(tmp_path / "updated.pdf")).meta == {
        "title": "China Primer: Uyghurs", "updated": "2023-09-22"}


def test_a_browser_print_gives_its_address_and_the_date_it_was_printed(tmp_path):
    doc = Pages(title="Xinjiang camps: what we know - Example News")
    for n in (1, 2):
        doc.page()
        doc.text(20, 20, "21/04/2024, 10:15", size=8)
        doc.text(250, 20, "Xinjiang camps: what we know - Example News", size=8)
        doc.column(56, 90, ["Authorities in the region have detained large numbers of people in facilities",
                            "described officially as vocational training centres, according to researchers."])
        doc.text(20, 830, "https://news.example.org/world/xinjiang-camps-explained", size=8)
        doc.text(540, 830, f"{n}/2", size=8)
    got = read_pdf(doc.save(tmp_path / "printed.pdf"))
    assert got.meta == {"title": "Xinjiang camps: what we know - Example News", "accessed": "2024-04-21",
                        "url": "https://news.example.org/world/xinjiang-camps-explained"}
    assert all("example.org" not in b.text and "10:15" not in b.text for b in got.blocks)  # furniture


def test_web_page_text_as_the_browser_shows_it(tmp_path):
    from reportgen.library.reading.readers.html import read_html
    page = tmp_path / "ovd.html"
    page.write_text("<html><head><title>Доклад</title></head><body><main>"
                    "<p>По данным ОВД\u00adИнфо, задержаны десятки чело&shy;век в ходе акций протеста в разных городах.</p>"
                    "<p>调查显示，从汽车颜色到\n身高多少厘米都被记录在案，范围之大\n规模之广前所未有。</p>"
                    "</main></body></html>", encoding="utf-8")
    texts = [b.text for b in read_html(page).blocks if not b.heading]
    assert texts == ["По данным ОВДИнфо, задержаны десятки человек в ходе акций протеста в разных городах.",
                     "调查显示，从汽车颜色到身高多少厘米都被记录在案，范围之大规模之广前所未有。"]


def _scan_page(doc, tmp_path, name):
    from PIL import Image
    image = tmp_path / f"{name}.png"
    Image.new("L", (200, 280), 235).save(image)
    doc.pdf.add_page()
    doc.pdf.image(str(image), x=0, y=0, w=595, h=842)


def test_a_scan_with_a_readable_text_layer_is_read(tmp_path):
    """A 1984 report scanned with an OCR layer: the page is an image, the text lies on it; the
    text is no figure label and is read (it was refused: 'no evidence paragraphs found')."""
    doc = Pages()
    _scan_page(doc, tmp_path, "p1")
    doc.column(56, 90, ["The commission heard from witnesses who had been detained in the northern",
                        "province for periods of up to two years without any charge or trial."])
    got = read_pdf(doc.save(tmp_path / "scan.pdf"))
    assert texts(got) == ["The commission heard from witnesses who had been detained in the northern province "
                          "for periods of up to two years without any charge or trial."]


def test_a_scan_without_text_or_with_garbled_text_is_refused_saying_so(tmp_path):
    from reportgen.errors import SourceError
    doc = Pages()
    for n in range(3):
        _scan_page(doc, tmp_path, f"p{n}")
    with pytest.raises(SourceError, match=r"image-only, with no text layer \(a scan: 3 of 3 pages are page images\); try `reportgen evidence add --ocr`"):
        read_pdf(doc.save(tmp_path / "images.pdf"))
    doc = Pages()
    _scan_page(doc, tmp_path, "g")
    doc.column(56, 90, ["T|ie ~om!m1ss!0n h3ard fr0m w!tn3ss3s wh0 h@d b33n d3ta!n3d !n th3 n0rth3rn",
                        "pr0v!nc3 f0r p3r!0ds 0f up t0 tw0 y3@rs w!th0ut @ny ch@rg3 0r tr!@l ;;; ~~ |||"])
    with pytest.raises(SourceError, match=r"text layer is unreadable .*a scan: 1 of 1 pages"):
        read_pdf(doc.save(tmp_path / "garbled.pdf"))


def test_prose_in_smaller_type_is_kept_with_its_short_last_line(tmp_path):
    """A gazette sets its regulation a point smaller than its preamble (the Federal Register lost
    8 of 15 pages as 'tiny labels'); a chart's small labels still go."""
    doc = Pages()
    doc.page()
    doc.column(56, 90, ["The agency proposes to require operators to inspect the sensors before further flight",
                        "and to report what they find, for the reasons set out in the preamble above."], size=10)
    doc.column(56, 130, ["(1) Before further flight, install the revised software and do the tests identified",
                         "in the service information, in accordance with its instructions, or the approved",
                         "alternatives."], size=8.5, leading=11)
    doc.text(400, 300, "Q3", size=6)
    doc.text(430, 300, "2019", size=6)
    got = read_pdf(doc.save(tmp_path / "gazette.pdf"))
    assert texts(got)[1] == ("(1) Before further flight, install the revised software and do the tests identified in "
                             "the service information, in accordance with its instructions, or the approved alternatives.")
    assert not any("Q3" in t for t in texts(got))


def test_accents_drawn_apart_join_their_letter_and_a_margin_stamp_is_set_aside(tmp_path):
    doc = Pages()
    doc.page()
    pdf = doc.pdf
    doc.column(56, 90, ["The evaluation was made jointly with the civil aviation authority and with"])
    pdf.set_font("Helvetica", "", 10)
    x = 56
    for piece, back in (("the ministry, represented by Jos", 0), ("e", 0), ("\u00b4", 1),
                        (" Maria Example of the legal department.", 0)):
        # as TeX sets an accent: the letter, then the accent drawn back over it
        width = pdf.get_string_width(piece)
        x -= pdf.get_string_width("e") * 0.8 if back else 0
        pdf.text(x, 103, piece)
        x += width + (pdf.get_string_width("e") * 0.8 if back else 0) - (width if back else 0)
    with pdf.rotation(90, 20, 700):
        pdf.set_font("Helvetica", "", 7)
        pdf.text(20, 700, "jbell on DSKJLSW7X2PROD with PROPOSALS")
    got = read_pdf(doc.save(tmp_path / "accents.pdf"))
    assert texts(got) == ["The evaluation was made jointly with the civil aviation authority and with the "
                          "ministry, represented by José Maria Example of the legal department."]
    assert ("jbell on DSKJLSW7X2PROD with PROPOSALS", "text set sideways in the margin") in got.set_aside


def test_footnotes_at_the_foot_of_each_column_are_notes_and_run_on_into_the_next(tmp_path):
    """A gazette sets each column's notes under its own rule, at different heights: the notes
    of the left column stand above the right column's last lines of text. They are notes of
    the paragraphs that cite them, not text, and a note that runs on into the next column
    keeps its lines (they were dropped, or read into the paragraph)."""
    doc = Pages()
    doc.page()
    doc.column(56, 90, ["Returnees were questioned at the airport about",
                        "their contacts abroad and their travel, and some",
                        [("were held for several days without charge.", False), ("1", True)]])
    doc.pdf.line(56, 290, 110, 290)
    doc.column(56, 300, [[("1", True), ("Interviews with three families in the north,", False)],
                         "conducted in March and April 2021, which"], size=7, leading=9)
    doc.column(310, 290, ["Lawyers who took such cases were warned by the",
                          "local justice bureau that their licences could be",
                          [("withdrawn if they continued to act for them.", False), ("2", True)]])
    doc.pdf.line(310, 325, 364, 325)
    doc.column(310, 335, ["the families asked the researchers not to publish.",
                          [("2", True), ("Statement of a lawyer, 12 May 2021.", False)]], size=7, leading=9)
    got = read_pdf(doc.save(tmp_path / "columns-notes.pdf"))
    paragraphs = [b for b in got.blocks if not b.heading]
    assert [b.text for b in paragraphs] == [
        "Returnees were questioned at the airport about their contacts abroad and their travel, and some "
        "were held for several days without charge.",
        "Lawyers who took such cases were warned by the local justice bureau that their licences could be "
        "withdrawn if they continued to act for them."]
    assert [b.notes for b in paragraphs] == [
        ("1 Interviews with three families in the north, conducted in March and April 2021, which the "
         "families asked the researchers not to publish.",),
        ("2 Statement of a lawyer, 12 May 2021.",)]


def _facing_pages(foot: str, lines: list[str], count: int) -> Pages:
    """Pages 15 on, each with its own two lines (`{place}`, `{who}`, `{number}` filled in) and a
    running foot with the page number on the outer side: "16 <foot>" left, "<foot> 17" right."""
    doc = Pages()
    places = ("Kashgar", "Lhasa", "Urumqi", "Hotan", "Shigatse")
    who = ("returnees", "students", "traders", "monks", "nuns")
    for n, number in enumerate(range(15, 15 + count)):
        doc.page()
        doc.column(56, 90, [line.format(place=places[n], who=who[n], number=number) for line in lines])
        doc.text(56 if number % 2 == 0 else 380, 800, f"{foot} {number}" if number % 2 else f"{number} {foot}",
                 size=9, bold=True)
    return doc


def test_a_running_foot_with_the_page_number_on_the_outer_side_is_furniture(tmp_path):
    """Facing pages print the page number on the outer edge: "16 Annual report 2011" on a
    left-hand page, "Annual report 2011 17" on a right-hand one. One running foot, not a heading."""
    got = read_pdf(_facing_pages("Annual report 2011", ["The office took up the cases of people held in {place} and wrote",
                                                     "to the authorities in {place} about each of them, without reply."],
                                 5).save(tmp_path / "facing.pdf"))
    assert not any("Annual report 2011" in b.text for b in got.blocks)
    assert ("16 Annual report 2011", "running head or foot") in got.set_aside
    assert [b.printed_page for b in got.blocks] == ["15", "16", "17", "18", "19"]


def test_three_columns_over_a_table_set_across_the_page_are_read_column_by_column(tmp_path):
    """A census brief: three columns of text, then a table's title and notes set across the
    whole page. No one gutter splits the page, but the band above the table has columns."""
    doc = Pages()
    doc.page()
    columns = [["About 56.7 million people in the", "country had a disability of some", "kind in 2010, up from 54.4",
                "million people five years before,", "according to the survey taken in", "the autumn of that year."],
               ["Severe disability rose with age,", "from one in twenty among people", "aged 15 to 24 to one in four",
                "among people aged 65 to 69 and", "more than half of those aged 80", "years and older in the survey."],
               ["Employment was lower among the", "people with a disability than", "among other adults of working",
                "age, and their median monthly", "earnings were lower by a third", "in every group of the survey."]]
    for x, lines in zip((56, 237, 418), columns):
        doc.column(x, 90, lines, size=9, leading=12)
    doc.text(56, 190, "Table 1. Prevalence of disability for selected age groups in 2005 and in 2010", size=10, bold=True)
    doc.column(56, 210, ["Estimates of disability prevalence for 2005 may differ from the estimates presented in the earlier "
                         "report of the series",
                         "because of revisions to the survey weighting since that report was published, and they should be "
                         "compared with care.",
                         "A margin of error is a measure of an estimate's variability: the larger it is, the less reliable "
                         "the estimate is found.",
                         "The margins of error shown here are for the 90 percent confidence level, as in all the other tables "
                         "of this report."],
               size=8, leading=10)
    got = read_pdf(doc.save(tmp_path / "census.pdf"))
    text = [b.text for b in got.blocks if not b.heading]
    for lines in columns:
        assert " ".join(lines) in text


def test_the_last_lines_of_a_paragraph_over_a_figure_are_text_and_two_short_columns_are_columns(tmp_path):
    """A regulation's paragraph ends right above a figure ("this AD.", once dropped as the
    figure's label); on the next page two columns of two lines each are read column by column."""
    from PIL import Image
    picture = tmp_path / "figure.png"
    Image.new("RGB", (200, 120), (200, 200, 200)).save(picture)
    doc = Pages()
    doc.page()
    doc.column(310, 90, ["(2) In the Operating Procedures chapter, revise",
                         "the General paragraph to include the information",
                         "in figure 1 to paragraph (h)(2) of", "this AD."])
    doc.pdf.image(str(picture), x=100, y=150, w=400, h=300)
    doc.page()
    doc.column(56, 700, ["(4) In the Operating Procedures chapter, replace the", "existing Runaway Stabilizer checklist of the"])
    doc.column(310, 700, ["paragraph with the information in figure 3 to the", "paragraph (h)(4) of this AD."])
    got = read_pdf(doc.save(tmp_path / "figure-tail.pdf"))
    assert [b.text for b in got.blocks if not b.heading] == [
        "(2) In the Operating Procedures chapter, revise the General paragraph to include the information in "
        "figure 1 to paragraph (h)(2) of this AD.",
        "(4) In the Operating Procedures chapter, replace the existing Runaway Stabilizer checklist of the paragraph "
        "with the information in figure 3 to the paragraph (h)(4) of this AD."]


def test_a_press_releases_lead_in_a_shaded_box_comes_before_principal_facts(tmp_path):
    """A court press release: the lead paragraph, shaded under the title, was read after the
    page's text (as a sidebar), so after "Principal facts"; the court named in its masthead is
    its publisher ("issued by the Registrar of the Court" names no publisher)."""
    doc = Pages()
    doc.page()
    doc.text(330, 50, "issued by the Registrar of the Court", size=8)
    doc.text(330, 62, "ECHR 123 (2019)", size=8)
    doc.text(330, 74, "18.04.2019", size=8)
    doc.text(56, 60, "EUROPEAN COURT OF HUMAN RIGHTS", size=9, bold=True)
    doc.text(56, 120, "Detention of a journalist for his reporting breached the Convention", size=13, bold=True)
    doc.pdf.set_fill_color(225, 225, 225)
    doc.pdf.rect(50, 135, 495, 60, style="F")
    lead = ["In today's Chamber judgment in the case of Ivanov v. Russia (application no. 12345/15)",
            "the European Court of Human Rights held, unanimously, that there had been a violation",
            "of Article 5 and of Article 10 of the European Convention on Human Rights."]
    doc.column(56, 150, lead)
    doc.text(56, 225, "Principal facts", size=11, bold=True)
    doc.column(56, 245, ["The applicant, Mr Ivanov, is a Russian national who was born in 1975 and lives in",
                         "Moscow. He was arrested in 2015 after publishing reports on the war in Ukraine."])
    doc.pdf.rect(330, 300, 215, 60, style="F")  # a sidebar beside the text stays after it
    doc.column(56, 300, ["His lawyer complained to the prosecutor that the arrest had no basis in law and",
                         "that the police had kept him for two days without access to a lawyer."])
    doc.column(336, 315, ["Press contacts: the Registry", "of the Court, Strasbourg"], size=9)
    got = read_pdf(doc.save(tmp_path / "press.pdf"))
    order = [b.text for b in got.blocks]
    assert order.index(" ".join(lead)) + 1 == order.index("Principal facts")
    assert order[-1] == "Press contacts: the Registry of the Court, Strasbourg"
    assert got.meta["publisher"] == "European Court of Human Rights"
    assert got.origins["publisher"] == "printed on page 1"


@pytest.mark.parametrize("stated, top, foot, publisher", [
    (["AGENCY: Federal Aviation Administration (FAA), DOT."], [], [], "Federal Aviation Administration"),
    (["© 2022 Human Rights Watch. All rights reserved."], [], [], "Human Rights Watch"),
    (["Published by Amnesty International Ltd, Peter Benenson House, 1 Easton Street, London"], [], [],
     "Amnesty International Ltd"),
    (["Press release issued by the Registrar of the Court"], ["EUROPEAN COURT OF HUMAN RIGHTS"], [],
     "European Court of Human Rights"),
    ([], ["Annual report 2021"], ["U.S. Census Bureau"], "U.S. Census Bureau"),
    ([], ["The Ministry of Justice said on Tuesday that"], ["Page 3 of 40"], ""),  # a sentence, a page number
])
def test_the_publisher_a_first_page_prints(stated, top, foot, publisher):
    from reportgen.library.reading.readers.printed import publisher_in_lines
    assert publisher_in_lines(stated, top, foot) == publisher


@pytest.mark.parametrize("lines, author", [
    (["Two-Column Document with Lorem Ipsum", "Your Name", "January 3, 2024", "Abstract"], "Your Name"),
    (["Returns to Xinjiang", "Jane Roe", "John Doe", "May 2019"], "Jane Roe and John Doe"),
    (["Plan directeur de transport actif", "Rapport final", "Janvier 2021"], ""),  # a document's words
    (["Detention after return", "Human Rights Watch", "May 2019"], ""),  # an organisation
    (["Detention after return", "Jane Roe", "Officials detained returnees at the airport in 2019."], ""),  # no date
])
def test_the_author_a_title_page_prints_between_the_title_and_the_date(lines, author):
    from reportgen.library.reading.readers.printed import author_in_lines
    assert author_in_lines(lines, lines[0]) == author


def test_a_web_pages_date_at_the_end_of_its_title_is_its_publication_date(tmp_path):
    """DW: "Headline | DW | 19.01.2020" in the page's title, and its date box after the article."""
    from reportgen.library.reading.readers import read_structured
    page = tmp_path / "dw.html"
    page.write_text("<html><head><title>Berlin confronts its colonial past | DW | 19.01.2020</title></head>"
                    "<body><article><h1>Berlin confronts its colonial past</h1>"
                    "<p>Activists in Berlin launched an initiative to rename streets named after colonial officers.</p>"
                    "</article></body></html>", encoding="utf-8")
    got = read_structured(page)
    assert (got.meta["title"], got.meta["published"]) == ("Berlin confronts its colonial past", "2020-01-19")


def test_an_ocr_layers_uneven_type_sizes_do_not_cut_its_paragraphs(tmp_path):
    """A 1971 UN draft resolution scanned with an OCR layer: the engine sets each line at its own
    estimated size (11.7, 12.5, 11.8 pt), and each line was read as a paragraph of its own; the
    symbol on its own line is taken, and a date whose day the OCR misread ("~9 September 1971")
    gives its month, not a wrong day."""
    doc = Pages()
    _scan_page(doc, tmp_path, "p1")
    doc.text(420, 60, "A/L.632", size=11)
    doc.text(420, 74, "~9 September 1971", size=11)
    for y, size, line in ((300, 11.7, "Decides that any proposal in the General Assembly which would result in"),
                          (318, 12.45, "depriving the Republic of China of representation in the United Nations is an"),
                          (336, 11.83, "important question under Article 18 of the Charter.")):
        doc.text(56, y, line, size=size)
    got = read_pdf(doc.save(tmp_path / "ocr.pdf"))
    assert texts(got)[-1] == ("Decides that any proposal in the General Assembly which would result in depriving the "
                              "Republic of China of representation in the United Nations is an important question "
                              "under Article 18 of the Charter.")
    assert (got.meta["symbol"], got.meta["published"]) == ("A/L.632", "1971-09")


def test_the_text_is_what_cites_the_notes_even_where_the_notes_are_longer(tmp_path):
    """A three-page extract of a census brief: its notes, in smaller type, hold more words than
    its text, and the text's size was taken for headings' ("disabilities (79.1 percent)." a
    heading, its paragraph cut). The text is the type that cites the notes."""
    doc = Pages()
    doc.page()
    doc.column(56, 90, [[("Officials detained returnees at the airport and questioned them", False), ("1", True),
                         (" about", False)],
                        "their relatives abroad for several days, and some were held for weeks in a",
                        [("hotel near the airport before they were let go, according to families", False), ("2", True)],
                        "interviewed."])
    notes = [[("1", True), ("Interviews with three families in the northern district, conducted in March 2021.", False)],
             "The families asked the researchers not to publish their names or the names of the relatives.",
             "Two of the families later withdrew their accounts after a visit from the local police station.",
             [("2", True), ("Statement of a lawyer representing two of the families, dated 12 May 2021.", False)],
             "The lawyer said that the questioning had lasted for up to three days in a hotel near the airport.",
             "He said that the returnees had been told not to speak to foreign journalists about what happened."]
    doc.column(56, 700, notes, size=8, leading=10)
    got = read_pdf(doc.save(tmp_path / "extract.pdf"))
    assert texts(got) == ["Officials detained returnees at the airport and questioned them about their relatives "
                          "abroad for several days, and some were held for weeks in a hotel near the airport before "
                          "they were let go, according to families interviewed."]
    assert not [b for b in got.blocks if b.heading]
    assert [n[:2] for n in got.blocks[0].notes] == ["1 ", "2 "]


def test_a_tables_label_opening_the_next_page_is_not_the_end_of_a_paragraph(tmp_path):
    """A page that stops mid-sentence ("Among the") and a next page that opens with a table's
    label: "... Among the Table 2." was one paragraph."""
    doc = Pages()
    doc.page()
    doc.column(56, 90, ["Severe disability and the need for personal assistance also increased with",
                        "age, and the probability of severe disability was highest among the"])
    doc.page()
    doc.text(56, 80, "Table 2.", size=10)
    doc.column(56, 120, ["Officials said that the survey had been taken in the autumn of the year in",
                         "every region of the country, as in the years before."])
    got = read_pdf(doc.save(tmp_path / "label.pdf"))
    assert "Table 2." not in " ".join(texts(got)[:1])
    assert texts(got)[0].endswith("highest among the")


def test_a_un_documents_masthead_names_its_body_and_its_subject_is_the_title(tmp_path):
    """A UN document sets the organ ("GENERAL ASSEMBLY") in the largest type; its title is the
    subject printed in capitals under it (the title was "GENERAL ASSEMBLY")."""
    doc = Pages()
    doc.page()
    doc.text(56, 70, "GENERAL ASSEMBLY", size=18, bold=True)
    doc.text(420, 70, "A/52/826", size=10)
    doc.text(56, 110, "Fifty-second session", size=10)
    doc.text(56, 130, "SITUATION OF HUMAN RIGHTS IN THE NORTHERN", size=11)
    doc.text(56, 144, "DISTRICTS OF THE COUNTRY", size=11)
    doc.column(56, 180, ["The Special Rapporteur received reports that returnees were detained at the",
                         "airport and questioned about their contacts abroad for several days."])
    got = read_pdf(doc.save(tmp_path / "un.pdf"))
    assert got.meta["title"] == "SITUATION OF HUMAN RIGHTS IN THE NORTHERN DISTRICTS OF THE COUNTRY"
    assert got.origins["title"] == "the subject line under the masthead on page 1"
    assert got.meta["symbol"] == "A/52/826"


def test_a_bullet_read_as_a_lone_i_diaeresis_is_a_bullet_and_its_running_foot_furniture(tmp_path):
    """A font without an encoding of its own: its bullet (WinAnsi 0x95) comes out through Mac
    Roman as "ï" ("FY 2011 GSA ï OCSIT ANNUAL REPORT 15"). Alone between spaces "ï" is no word in
    any language: it reads as the bullet the page shows; inside a word ("naïve") it stays."""
    got = read_pdf(_facing_pages("FY 2011 OFFICE ï ANNUAL REPORT",
                                 ["A naïve reading of the rules would miss how the office in {place} applied",
                                  "them to the {who} it met there, as {number} cases show."], 4).save(tmp_path / "feet.pdf"))
    assert ("16 FY 2011 OFFICE • ANNUAL REPORT", "running head or foot") in got.set_aside
    assert not any("ANNUAL REPORT" in b.text or "ï " in b.text for b in got.blocks)
    assert [b.text[:30] for b in got.blocks if not b.heading] == ["A naïve reading of the rules w"] * 4


def test_a_masthead_in_a_script_fonts_own_encoding_is_set_aside_not_a_heading(tmp_path):
    """A roll-call's masthead set in a script font whose codes are not its letters
    ("[ÉÇÉÜtuÄx VöÅtÜt wx W|ÑâàtwÉá" for "Honorable Cámara de Diputados"): not readable, so no
    heading and no evidence, but counted as left out. Names that change case ("McDonald",
    "iPhone") are words and stay."""
    doc = Pages()
    doc.page()
    doc.text(100, 60, "[ÉÇÉÜtuÄx VöÅtÜt wx W|ÑâàtwÉá wx Ät atvÇ", size=24)
    doc.text(200, 100, "Votación Nominal", size=12, bold=True)
    doc.column(56, 140, ["The chamber approved the bill after a debate that lasted into the night, and",
                         "Ms McDonald said the vote had been announced on an iPhone before the count."])
    got = read_pdf(doc.save(tmp_path / "rollcall.pdf"))
    assert not any("ÉÇÉÜ" in b.text or "VöÅ" in b.text for b in got.blocks)
    assert ("[ÉÇÉÜtuÄx VöÅtÜt wx W|ÑâàtwÉá wx Ät atvÇ",
            "letters that do not read (a decorative font's own encoding)") in got.set_aside
    assert any("McDonald" in b.text and "iPhone" in b.text for b in got.blocks if not b.heading)


def test_five_columns_of_a_tables_text_are_read_one_by_one(tmp_path):
    """An action plan set as a table of five text columns, the second a narrow column of labels
    ("Promotion") close to the third (a gutter of a few points): gutters are found within gutters
    until each column stands alone, so no label is read into the middle of the third column's
    sentence ("défi vélo-Promotion boulot")."""
    doc = Pages()
    doc.page()
    col = {"a": 20, "b": 118, "c": 170, "d": 335, "e": 470}
    doc.column(col["a"], 100, ["Promote the plan", "and make it known", "to every resident."], size=9)
    doc.column(col["b"], 106.5, ["Events.", "Promotion", "of travel", "on foot."], size=9)
    sentence = ["Encourage residents and visitors", "to travel actively around the", "town: cycle to work days,",
                "walking days, car-free days,", "and promotional videos."]
    doc.column(col["c"], 100, sentence, size=9)
    doc.column(col["d"], 106.5, ["Ongoing work", "through the year", "in each season."], size=9)
    doc.column(col["e"], 100, ["Officer for active", "travel, leisure and", "communications staff."], size=9)
    got = read_pdf(doc.save(tmp_path / "plan.pdf"))
    assert " ".join(sentence) in [b.text for b in got.blocks], [b.text for b in got.blocks]
    assert not any("Promotion" in b.text and "videos" in b.text for b in got.blocks)


def test_a_roll_calls_table_of_names_and_its_page_number_are_no_evidence(tmp_path):
    """A roll-call vote: a table whose cells are names, a party repeated on row after row and the
    vote ("AFIRMATIVO"); "Página 1 de 9" at the top. The table is data (set aside row by row, as
    it reads), the page number a page number; the prose under it stays. A line a text repeats in
    other paragraphs ("the Accomplishment Instructions of Boeing") is no table."""
    doc = Pages()
    doc.page()
    doc.text(470, 40, "Página", size=9)
    doc.text(530, 40, "1 de 9", size=9)
    names = ["ALONSO, María Luz", "ARENA, Celia Isabel", "ARREGUI, Andrés Roberto", "AVOSCAN, Herman Horacio"]
    for n, name in enumerate(names):
        y = 120 + 16 * n
        doc.text(30, y, name, size=9)
        doc.text(200, y, "Frente para la Victoria - PJ", size=9)
        doc.text(380, y, ("La Pampa", "Santa Fe", "Buenos Aires", "Rio Negro")[n] + " AFIRMATIVO", size=9)
    doc.column(30, 220, ["The chamber approved the bill by 129 votes to 65, with 22 abstentions, after",
                         "the Accomplishment Instructions of Boeing were read into the record, and",
                         "the Accomplishment Instructions of Boeing were then tabled; the deputies",
                         "debated them until late, and the Accomplishment Instructions of Boeing",
                         "were sent back to committee."])
    got = read_pdf(doc.save(tmp_path / "rollcall.pdf"))
    assert not any("Frente para la Victoria" in b.text or "AFIRMATIVO" in b.text or "Página" in b.text
                   or "1 de 9" in b.text for b in got.blocks), [b.text for b in got.blocks]
    assert ("ARENA, Celia Isabel Frente para la Victoria - PJ Santa Fe AFIRMATIVO", "table of data") in got.set_aside
    assert ("1 de 9", "page number") in got.set_aside and ("Página", "page number") in got.set_aside
    assert [b.printed_page for b in got.blocks] == ["1"]
    body = [b.text for b in got.blocks if not b.heading]
    assert len(body) == 1 and body[0].startswith("The chamber approved") and body[0].count("Boeing") == 3
    assert body[0].endswith("were sent back to committee.")


def test_a_tables_row_whose_label_leads_to_its_figures_is_data(tmp_path):
    doc = Pages()
    doc.page()
    doc.column(56, 90, ["Severe disability increased with age, as the table below shows for each group.",
                        None, "Aged 15 and older. . . . 230,391 ***** 100.0"])
    got = read_pdf(doc.save(tmp_path / "leaders.pdf"))
    assert [b.text for b in got.blocks] == ["Severe disability increased with age, as the table below shows for each group."]


def test_notes_at_a_columns_foot_are_read_after_the_paragraph_they_interrupt(tmp_path):
    """A census brief: a highlight left unfinished at the foot of its column ("of the"), notes
    in smaller type and a table's label under it, the sentence going on in the next column with
    a figure ("303.9 million"), and again after the next column's own notes ("had a severe").
    One paragraph, whole; the notes come after it, each a paragraph of its own."""
    doc = Pages()
    doc.page()
    doc.column(40, 90, ["Approximately 56.7 million people", "(18.7 percent) of the"], size=9, leading=12)
    doc.column(40, 130, ["S2601A. Characteristics of the Group", "Quarters Population in the States."], size=7, leading=9)
    doc.text(40, 160, "Table 1.", size=9)
    doc.column(220, 90, ["303.9 million in the civilian non-", "institutionalized population had",
                         "a disability in 2010. About 38.3", "million people (12.6 percent)"], size=9, leading=12)
    doc.column(220, 150, ["The estimates in this report are", "based on responses from a sample."], size=7, leading=9)
    doc.column(400, 90, ["had a severe disability (Table 1).", "About 12.3 million people needed",
                         "assistance with daily living."], size=9, leading=12)
    got = read_pdf(doc.save(tmp_path / "census.pdf"))
    paras = [b.text for b in got.blocks if not b.heading]
    assert paras[0] == ("Approximately 56.7 million people (18.7 percent) of the 303.9 million in the civilian "
                        "noninstitutionalized population had a disability in 2010. About 38.3 million people "
                        "(12.6 percent) had a severe disability (Table 1). About 12.3 million people needed "
                        "assistance with daily living."), paras
    assert "S2601A. Characteristics of the Group Quarters Population in the States." in paras
    assert "The estimates in this report are based on responses from a sample." in paras


def test_a_labelled_section_opening_its_line_is_a_paragraph_of_its_own(tmp_path):
    """A regulation's preamble sets its sections run on, each opened by a label in capitals
    ("SUMMARY:", "DATES:"), at the same spacing: a sentence ended, a label opens the next."""
    preamble = "SUMMARY: The agency proposes to adopt a new directive for these airplanes. The\n" \
               "agency is proposing this directive to address the unsafe condition on them.\n" \
               "DATES: The agency must receive comments on this proposal by September 21, 2020.\n" \
               "FOR FURTHER INFORMATION CONTACT: the office named below, by telephone or by\n" \
               "mail. The AGENCY: it keeps labels inside a sentence as they are."
    doc = Pages()
    doc.page()
    doc.column(56, 90, preamble.split("\n"))
    got = read_pdf(doc.save(tmp_path / "preamble.pdf"))
    assert [b.text[:8] for b in got.blocks] == ["SUMMARY:", "DATES: T", "FOR FURT"], [b.text for b in got.blocks]


def test_a_bold_heading_as_wide_as_its_column_heads_the_indented_paragraph_under_it(tmp_path):
    """A gazette's run of narrow columns: a bold heading that happens to fill its column
    ("Proposed Maintenance-Related Actions"), then the paragraph under it, its first line
    indented. A heading, not a lead-in run into the text; a bold lead-in the next line goes on
    from (lower case) stays in its paragraph."""
    doc = Pages()
    doc.page()
    doc.text(56, 90, "Proposed Maintenance-Related Actions", size=10, bold=True)
    doc.column(66, 103, ["To ensure that each airplane's two"], size=10)
    doc.column(56, 116, ["sensors work, the agency proposes a test.", None, None], size=10)
    doc.text(56, 160, "Gao Zhisheng, an outspoken lawyer and", size=10, bold=True)
    doc.column(56, 173, ["had his law practice suspended in 2005."], size=10)
    got = read_pdf(doc.save(tmp_path / "gazette.pdf"))
    assert [(b.heading, b.text) for b in got.blocks] == [
        (True, "Proposed Maintenance-Related Actions"),
        (False, "To ensure that each airplane's two sensors work, the agency proposes a test."),
        (False, "Gao Zhisheng, an outspoken lawyer and had his law practice suspended in 2005.")]


def test_typewriting_read_by_ocr_keeps_its_paragraphs_though_its_sizes_swing(tmp_path):
    """A 1991 UN briefing typed and scanned, OCR'd: the engine puts one line at 13.3 pt among
    lines at 10.9 (a swing of a fifth and more). A line of running text is evened within a
    third, so the paragraph stays one; a short heading set larger stays a heading."""
    doc = Pages()
    _scan_page(doc, tmp_path, "typed")
    doc.text(56, 60, "DPI Briefing", size=14)
    for y, size, line in ((100, 10.9, "For that reason, he has now requested a small team of international"),
                          (113, 10.9, "staff, initially made up of United Nations Children's Fund members,"),
                          (126, 13.3, "to go back to Mogadishu immediately to work alongside relief agencies and"),
                          (139, 10.9, "local United Nations staff currently working in the city.")):
        doc.text(56, y, line, size=size)
    got = read_pdf(doc.save(tmp_path / "typed.pdf"))
    assert texts(got) == ["For that reason, he has now requested a small team of international staff, initially made "
                          "up of United Nations Children's Fund members, to go back to Mogadishu immediately to work "
                          "alongside relief agencies and local United Nations staff currently working in the city."]
    assert [b.text for b in got.blocks if b.heading] == ["DPI Briefing"]


def test_a_paragraphs_last_word_set_just_above_a_figure_is_text(tmp_path):
    """A plan sets a short paragraph right above a chart, in type whose line boxes overlap a
    little (leading tighter than the font's ascent and descent): its last line ("résidents.")
    is no label of the chart but the end of the sentence."""
    from PIL import Image
    picture = tmp_path / "chart.png"
    Image.new("RGB", (300, 120), (90, 120, 200)).save(picture)
    doc = Pages()
    doc.page()
    doc.column(90, 100, ["Ces connexions seraient stratégiquement positionnées selon les besoins et les habitudes des",
                         "résidents."], size=10, leading=11)
    doc.pdf.image(str(picture), x=90, y=115, w=430, h=170)
    doc.column(90, 320, ["Les répondants ont aussi mentionné l'importance des liaisons entre les quartiers."])
    got = read_pdf(doc.save(tmp_path / "plan.pdf"))
    assert texts(got) == ["Ces connexions seraient stratégiquement positionnées selon les besoins et les habitudes "
                          "des résidents.",
                          "Les répondants ont aussi mentionné l'importance des liaisons entre les quartiers."]


def test_a_tables_note_runs_on_in_small_type_and_is_no_evidence(tmp_path):
    """A table's "NOTE:" in small type runs to three lines, the second opening in lower case:
    all three are the note's (set aside with it), none a fragment of evidence."""
    doc = Pages()
    doc.page()
    prose = ["Response rates were high in every education system that took part in the study, and the",
             "schools that refused were replaced by substitutes drawn from the same strata of the frame,",
             "as the international guidelines require for every participant. Where a school refused and",
             "no substitute could be found, its students were counted as not responding, which lowered",
             "the rate in three of the systems below by a few points each, as the table shows."]
    doc.column(56, 30, prose)
    for n, (name, a, b) in enumerate((("Alberta-CAN", "100", "97"), ("Ontario-CAN", "100", "99"),
                                      ("Florida-USA", "89", "96"))):
        for x, cell in ((56, name), (260, a), (400, b)):
            doc.text(x, 120 + 12 * n, cell, size=8)
    doc.column(56, 170, ["NOTE: Education systems in the Southern hemisphere administered the study in the fall while those",
                         "the assessment in the spring of 2011. Italics indicate participants counted as an education system.",
                         "The international desired population refers to the sample and not the responding schools."],
               size=7, leading=9)
    got = read_pdf(doc.save(tmp_path / "rates.pdf"))
    assert texts(got) == [" ".join(prose)]
    assert any(t.startswith("the assessment in the spring") for t, _ in got.set_aside)


def test_a_paragraph_runs_on_past_a_table_that_opens_the_next_page(tmp_path):
    """A census brief: a paragraph left unfinished at the foot of a page ("Among the"); the next
    page opens with a table's label, its bold title, its notes in small type, then the sentence
    going on in lower case ("oldest group, ...") in a ragged column whose lines stop short. One
    paragraph, whole, up to the gap that ends it; the next paragraph stays apart."""
    doc = Pages()
    doc.page()
    doc.column(56, 700, ["Severe disability also increased with age. The probability was",
                         "1-in-20 for people aged 15 to 24. Among the"], size=9, leading=12.5)
    doc.page()
    doc.text(56, 60, "Table 2.", size=9)
    doc.text(56, 74, "Disability Rates: 2010", size=10, bold=True)
    doc.column(60, 100, ["- Represents or rounds to zero.", "* Denotes a statistically significant difference."],
               size=7, leading=9)
    doc.column(56, 140, ["oldest group, more than half (55.8", "percent) had a severe disability.",
                         "Of individuals 55 to 64 years old", "about 6.0 percent needed help.", None,
                         "Groups with high disability rates", "are likely to be underrepresented."],
               size=9, leading=12.5)
    got = read_pdf(doc.save(tmp_path / "census2.pdf"))
    assert texts(got)[0] == ("Severe disability also increased with age. The probability was 1-in-20 for people aged "
                             "15 to 24. Among the oldest group, more than half (55.8 percent) had a severe disability. "
                             "Of individuals 55 to 64 years old about 6.0 percent needed help."), texts(got)
    assert "Groups with high disability rates are likely to be underrepresented." in texts(got)


def test_a_tables_notes_open_a_block_of_their_own(tmp_path):
    """A table's last row ends without a full stop ("Alcampo 15"); the next column opens with
    "Notes: These estimates ...": the notes are a block of their own, not the row's sentence."""
    doc = Pages()
    doc.page()
    doc.column(56, 90, ["The leading firms in each member state are", "listed below with their shares.", None,
                        "24 15 Aldi 90; Metro 33; Tengelmann 18; Lidl 12;", "2 Eroski 24; Pryca 20; Alcampo 15"])
    doc.column(300, 90, ["Notes: These estimates have been taken from a", "variety of sources and are comparable",
                         "within each year only."])
    got = read_pdf(doc.save(tmp_path / "shares.pdf"))
    assert texts(got)[-1] == "Notes: These estimates have been taken from a variety of sources and are comparable " \
                             "within each year only.", texts(got)
    assert texts(got)[-2] == "24 15 Aldi 90; Metro 33; Tengelmann 18; Lidl 12; 2 Eroski 24; Pryca 20; Alcampo 15"


def test_a_heading_that_ends_with_an_abbreviation_is_a_heading(tmp_path):
    """"Nonresponse bias in the U.S." / "PIRLS sample" in bold: one heading over two lines; the
    full stop of "U.S." ends no sentence."""
    doc = Pages()
    doc.page()
    doc.text(56, 80, "Nonresponse bias in the U.S.", size=12, bold=True)
    doc.text(56, 95, "PIRLS sample", size=12, bold=True)
    doc.column(56, 115, ["NCES standards require a nonresponse bias analysis when the response rate",
                         "of any sampled unit falls below 85 percent, as it did for the schools."])
    got = read_pdf(doc.save(tmp_path / "bias.pdf"))
    assert [(b.heading, b.text) for b in got.blocks] == [
        (True, "Nonresponse bias in the U.S. PIRLS sample"),
        (False, "NCES standards require a nonresponse bias analysis when the response rate of any sampled unit "
                "falls below 85 percent, as it did for the schools.")]


def test_a_paragraph_set_with_indents_goes_on_in_the_next_column_after_a_full_stop(tmp_path):
    """A gazette indents each paragraph's first line. A paragraph ends a sentence at a column's
    foot ("... is listed above.") and the next column opens flush with the line under it: the
    same paragraph goes on there; an indented first line opens a new one."""
    doc = Pages()
    doc.page()
    doc.column(66, 90, ["You may examine the docket on the internet"], size=9, leading=10)
    doc.column(56, 100, ["or in person at the office from 9 a.m. to 5 p.m.", "The street address of the office is above."],
               size=9, leading=10)
    doc.column(300, 90, ["Comments will be available in the docket", "shortly after the agency receives them."],
               size=9, leading=10)
    doc.column(310, 112, ["The agency invites you to take part in this"], size=9, leading=10)
    doc.column(300, 122, ["rulemaking by sending your written comments."], size=9, leading=10)
    got = read_pdf(doc.save(tmp_path / "docket.pdf"))
    assert texts(got) == [
        "You may examine the docket on the internet or in person at the office from 9 a.m. to 5 p.m. The street "
        "address of the office is above. Comments will be available in the docket shortly after the agency receives "
        "them.",
        "The agency invites you to take part in this rulemaking by sending your written comments."]


def test_a_sentence_runs_through_a_line_set_in_small_capitals(tmp_path):
    """"should be sent to the person identified" / "in the FOR FURTHER INFORMATION" (small
    capitals: the line measures smaller) / "CONTACT section. Any commentary ...": one paragraph."""
    doc = Pages()
    doc.page()
    doc.column(56, 90, ["Submissions containing confidential information", "should be sent to the person identified"],
               size=9, leading=10)
    doc.text(56, 110, [("in the ", False)], size=9)
    doc.text(80, 110, "FOR FURTHER INFORMATION", size=7.3)
    doc.column(56, 120, ["CONTACT section. Any other commentary will be", "placed in the public docket."], size=9, leading=10)
    got = read_pdf(doc.save(tmp_path / "smallcaps.pdf"))
    assert texts(got) == ["Submissions containing confidential information should be sent to the person identified in "
                          "the FOR FURTHER INFORMATION CONTACT section. Any other commentary will be placed in the "
                          "public docket."]


def test_a_regulation_in_smaller_type_keeps_its_headings_and_its_lines_of_numbers(tmp_path):
    """A gazette sets a rule a point smaller than its preamble: "(e) Unsafe Condition" in bold of
    that size heads the text under it (it was run into the paragraph), and a note's lines of
    item numbers ("22-11-05-02B, 22-11-06-2B,") stay in its paragraph (few words, but between
    prose lines of it)."""
    doc = Pages()
    doc.page()
    doc.column(56, 30, ["The preamble is set in the body type of the gazette, at nine points, and its",
                        "paragraphs run on for many lines before the rule itself begins below.",
                        "The agency explains here why it proposes the rule and what it would cost,",
                        "how many airplanes of the registry it would affect and how long the work",
                        "would take, and it answers the comments received on the earlier proposal."], size=9, leading=10)
    doc.column(56, 90, ["(d) The rule applies to the airplanes named in the bulletin, certificated in any",
                        "category, and to no others."], size=8, leading=9)
    doc.text(56, 111, "(e) Unsafe Condition", size=8, bold=True)
    doc.column(64, 121, ["This rule was prompted by reports of an erroneous sensor input."], size=8, leading=9)
    doc.column(56, 130, ["Note 2: The provisions correspond to the list items 22-10-01B,",
                         "22-11-05-02B, 22-11-06-2B, 22-11-08-01A,",
                         "and 27-41-01, in the existing approved list of the manufacturer."], size=8, leading=9)
    got = read_pdf(doc.save(tmp_path / "rule.pdf"))
    assert [(b.heading, b.text) for b in got.blocks][-3:] == [
        (True, "(e) Unsafe Condition"),
        (False, "This rule was prompted by reports of an erroneous sensor input."),
        (False, "Note 2: The provisions correspond to the list items 22-10-01B, 22-11-05-02B, 22-11-06-2B, "
                "22-11-08-01A, and 27-41-01, in the existing approved list of the manufacturer.")]


def test_a_sentence_left_open_goes_on_after_a_gap_in_brackets_but_an_item_does_not(tmp_path):
    """"... the rapid growth of discount stores" / (gap) / "(This is a term ...) As can be seen
    ...": one paragraph. "(xiii) Continues ..." after "...; and" and a gap is an item of its own."""
    doc = Pages()
    doc.page()
    doc.column(56, 90, ["Concentration in food retailing has risen in every member state over the decade, and",
                        "the leading firms now hold most of the market in the smaller northern states, while in",
                        "the southern states independent shops still hold a large share of the trade.", None,
                        "The other major selling development has been in the rapid growth of discount stores",
                        None, None, "(This is a term used in most sources.) As can be seen from the table, their",
                        "share grew in all member states.", None, None,
                        "(xii) Invites the working groups to visit the region without restriction; and", None,
                        "(xiii) Continues engagement with the office to enable further assessment."])
    got = read_pdf(doc.save(tmp_path / "gap.pdf"))
    assert texts(got)[1] == ("The other major selling development has been in the rapid growth of discount stores "
                             "(This is a term used in most sources.) As can be seen from the table, their share grew "
                             "in all member states."), texts(got)
    assert texts(got)[-1] == "(xiii) Continues engagement with the office to enable further assessment.", texts(got)


def test_a_tables_header_row_under_its_caption_goes_with_the_table(tmp_path):
    """"Table 1: EU Countries" / "Country | Population (millions) | Capital" / rows of figures:
    the header row is the table's (set aside with it), not a paragraph of labels. A line of
    running text set just above another table, under more running text, stays text."""
    doc = Pages()
    doc.page()
    doc.column(78, 60, ["The table below gives the population and capital of each country in the study,",
                        "as reported by the national statistics offices in their latest census returns."])
    doc.text(110, 100, "Table 1: EU Countries Information")
    doc.text(78, 113, "Country")
    doc.text(160, 111, "Population (millions)")
    doc.text(300, 111, "Capital")
    for n, (country, people, capital) in enumerate((("Austria", "8.9", "Vienna"), ("Belgium", "11.5", "Brussels"),
                                                    ("Denmark", "5.8", "Copenhagen"))):
        for x, cell in ((78, country), (204, people), (300, capital)):
            doc.text(x, 130 + 12 * n, cell)
    doc.column(78, 190, ["The second table lists the share of each region in the national total of the",
                         "returns made in the census year"])
    for n, (region, share, rank) in enumerate((("North", "41.2", "4,100"), ("South", "30.5", "3,050"), ("East", "28.3", "2,830"))):
        for x, cell in ((78, region), (204, share), (300, rank)):
            doc.text(x, 215 + 12 * n, cell)
    got = read_pdf(doc.save(tmp_path / "countries.pdf"))
    assert ("Country Population (millions) Capital", "table of data") in got.set_aside
    assert not any("Population (millions)" in t for t in texts(got))
    assert texts(got)[-1] == ("The second table lists the share of each region in the national total of the returns "
                              "made in the census year")
