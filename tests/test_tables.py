"""Issue 21: prose in table cells is read as paragraphs (a Word questionnaire), a table of data
is kept out of the evidence and never supplies a locator (an HTML table of penalties)."""

import pytest

from reportgen.library.reading.metadata import parse_meta
from reportgen.library.reading.readers.html import read_html
from reportgen.library.reading.readers.word import read_word
from reportgen.library.segmenting.paragraphs import segment
from reportgen.models import SourceDocument


def _meta(path):
    return parse_meta({"id": "t", "title": "T", "author": "unknown", "publisher": "P", "published": "unknown",
                       "url": "unknown", "accessed": "unknown", "source_type": "ngo-report", "country": ["RU"],
                       "language": "ru"}, path, path.name)


def test_word_table_prose_is_read_and_a_data_table_is_not(tmp_path):
    import docx
    document = docx.Document()
    document.add_heading("Questionnaire on detention", level=1)
    document.add_paragraph("The answers below were given by the families in March 2024.")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Were you questioned by the police after your relative left the country?"
    table.cell(0, 1).text = "Yes, officers came to our flat twice and asked where he was living abroad."
    table.cell(1, 0).text = "Did anyone lose their job or their pension because of the questioning?"
    table.cell(1, 1).text = "My sister was dismissed from the school where she had taught for ten years."
    data = document.add_table(rows=3, cols=3)
    for r, row in enumerate([("Region", "Detained", "Released"), ("North", "480", "212"), ("South", "75", "70")]):
        for c, value in enumerate(row):
            data.cell(r, c).text = value
    document.add_paragraph("Most families asked that their names be withheld for their safety.")
    path = tmp_path / "questionnaire.docx"
    document.save(str(path))
    blocks = read_word(path).blocks
    texts = [b.text for b in blocks if not b.heading]
    assert texts == ["The answers below were given by the families in March 2024.",
                     "Were you questioned by the police after your relative left the country?",
                     "Yes, officers came to our flat twice and asked where he was living abroad.",
                     "Did anyone lose their job or their pension because of the questioning?",
                     "My sister was dismissed from the school where she had taught for ten years.",
                     "Most families asked that their names be withheld for their safety."]


def test_html_data_table_supplies_no_evidence_and_no_locator(tmp_path):
    page = tmp_path / "penalties.html"
    page.write_text(
        "<html><body><main><h2>Penalties</h2>"
        "<p>Courts imposed prison terms under several articles of the criminal code in the year under review.</p>"
        "<table><tr><th>Статья</th><th>Дела</th><th>Срок</th></tr>"
        "<tr><td>212.1 УК</td><td>480</td><td>5 лет</td></tr>"
        "<tr><td>280.3 УК</td><td>75</td><td>3 года</td></tr></table>"
        "<p>Most of those convicted had taken part in peaceful protests against the war.</p>"
        "</main></body></html>", encoding="utf-8")
    extracted = read_html(page)
    paragraphs, _ = segment(SourceDocument(meta=_meta(page), text="", blocks=extracted.blocks))
    assert [p.text for p in paragraphs] == [
        "Courts imposed prison terms under several articles of the criminal code in the year under review.",
        "Most of those convicted had taken part in peaceful protests against the war."]
    assert not any("212.1" in p.marker for p in paragraphs)


def test_apparatus_is_never_evidence():
    """A CPIN's bibliography ("..., Last accessed: 9 May 2022", "Xe.com, 'Currency converter'"),
    read from the real document."""
    from corpus import read_corpus
    _, paragraphs = read_corpus("ukho-cpin-china-hong-kong-national-security-law-v3-2022.html")
    assert paragraphs  # the note itself is read
    assert not [p.text for p in paragraphs if "Last accessed" in p.text or p.text.startswith("Xe.com")]


def test_endnote_glosses_and_contact_lines_are_apparatus(tmp_path):
    page = tmp_path / "report.html"
    page.write_text(
        "<html><body><main><h2>Задержания</h2>"
        "<p>В ходе акций протеста полиция задержала десятки человек, многим предъявлены обвинения.</p>"
        "<p>Статья 222 УК РФ: незаконные приобретение, передача, сбыт, хранение оружия ↩</p>"
        "<p>Press contact: Anna Example, +44 20 7946 0000, press@example.org</p>"
        "<h2>Sources cited</h2><p>Example Monitor, Annual report on detentions in the northern region, 2023.</p>"
        "</main></body></html>", encoding="utf-8")
    extracted = read_html(page)
    paragraphs, classified = segment(SourceDocument(meta=_meta(page), text="", blocks=extracted.blocks))
    assert [p.text for p in paragraphs] == [
        "В ходе акций протеста полиция задержала десятки человек, многим предъявлены обвинения."]
    reasons = {c.reason for c in classified if c.kind == "furniture"}
    assert {"endnote", "contact or link", "apparatus"} <= reasons  # set aside, and said why


def test_html_metadata_modified_date_is_updated_and_the_site_tail_leaves_the_title(tmp_path):
    page = tmp_path / "ep.html"
    page.write_text(
        '<html lang="en"><head><title>MEPs call for the release of detained journalists | News | European Parliament'
        '</title><meta property="og:site_name" content="European Parliament">'
        '<meta property="article:modified_time" content="2024-03-02T10:00:00Z"></head><body><main>'
        "<p>Updated: 2 March 2024</p><p>Published: 28 February 2024</p>"
        "<p>Members called on the authorities to release the journalists detained since the elections.</p>"
        "</main></body></html>", encoding="utf-8")
    got = read_html(page)
    assert got.meta["title"] == "MEPs call for the release of detained journalists"
    assert got.meta["updated"] == "2024-03-02" and got.meta["published"] == "2024-02-28"  # never the modified date
    assert got.origins["published"] == "printed at the head of the page"


def test_a_summary_list_inside_a_heading_is_read(tmp_path):
    page = tmp_path / "standfirst.html"
    page.write_text("<html><body><main><h1>Playbook</h1><h2 class='sub-headline'><ul><li>While both leaders faced a "
                    "challenging year, one of them capitalised on the crisis to win re-election.</li></ul></h2>"
                    "<p>The election was held in January after months of protests across the territory.</p>"
                    "</main></body></html>", encoding="utf-8")
    assert "While both leaders faced a challenging year, one of them capitalised on the crisis to win re-election." \
        in [b.text for b in read_html(page).blocks]


@pytest.mark.parametrize("text, reason", [
    ("Wu Bai (6)", "label"), ("► June (24)", "label"),
    ("Keywords Berlin, colonialism, German Reich, Africa, Wedding", "label"),
    ("Taiwanese President Tsai Ing-wen speaks during a televised policy debate in Taipei. Photo: AP", "caption"),
    ("Today the Foundation welcomes the news that the court will hear the case. Priority status is\u2026.",
     "related stories"),
    ("Genocide in former German South West Africa, looted art on show: the plan does not go far enough. (30.01.2019)",
     "related stories"),
    ("Yu appeared elsewhere on the streets of San Francisco, including at the encounter between \u2026", ""),
    ("\u201cSo I responded, \u2018We are not afraid of you.\u2019\u2026.", ""),  # a quote's own ellipsis
    ("Source: U.S. Census Bureau, Survey of Income and Program Participation, May\u2013August 2010.", ""),
    ("Officials detained 12 people (including 3 minors) in the city in 2023.", "")])
def test_site_template_rules(text, reason):
    from reportgen.library.segmenting.furniture import template_reason
    assert template_reason(text) == reason


@pytest.mark.parametrize("text, reason", [
    ("Source: U.S. Census Bureau, Survey of Income and Program Participation, May\u2013August 2010.",
     "table or figure note"),
    ("** Denotes a difference between two controlled estimates.", "table or figure note"),
    ("\u2013 Represents or rounds to zero.", "table or figure note"),
    ("Author Ben Knight", "label"), ("Feedback: Send us your feedback.", "label"),
    ("(X) Not applicable.", "table or figure note"), ("See notes at end of table.", "table or figure note"),
    ("Read more: Looted colonial art: Germany to set up new contact office", "related link"),
    ("Читайте также: Суд оставил журналиста под арестом", "related link"),
    ("See the section on detention for how returnees were treated after they arrived at the airport.", ""),
    ("Related concerns were raised by the lawyers of the detained journalists in their appeal.", ""),
    ("Sources of the violence were disputed by the authorities and by the families.", ""),
    # a table's sources may run to a paragraph of their own; a note of that length is text
    ("Sources: Total retail sales, corrected for inflation, are derived from data in Table 2 of the Panorama of "
     "EU Industry 1997, EUROSTAT. Value of food sales are extracted from the individual country tables in the "
     "European Retail Handbook, 1998. The definition of food varies considerably between countries. It "
     "invariably includes drink and tobacco, and often other products. These figures are for values, and are "
     "not corrected for differential inflation.", "table or figure note"),
    ("Note: " + "the authorities detained the returnees at the airport and questioned them for days. " * 6, ""),
    # a court transcript's caption, its rule typed in hyphens; a signer's name over the title
    ("IN THE SUPREME COURT OF THE UNITED STATES - - - - - - - - - - - - x MICHAEL A. KNOWLES, WARDEN, "
     "Petitioner v.", "caption or form drawn in characters"),
    ("Lance T. Gant,", "signature"), ("Ms Gant said the deadline - a hard one - had passed.", ""),
    ("Officials in Lhasa,", "")])  # not a name: words in lower case
def test_apparatus_of_tables_and_pages(text, reason):
    from reportgen.library.segmenting.furniture import apparatus_reason
    assert apparatus_reason(text) == reason


def test_a_list_of_links_is_set_aside(tmp_path):
    page = tmp_path / "blog.html"
    page.write_text("<html><body><main><h1>Lyrics</h1>"
                    "<p>The song was written after the singer's brother was detained by the police in 2011.</p>"
                    "<ul><li><a href='/a'>Ni Zui Zhen Gui - Jacky Cheung</a></li>"
                    "<li><a href='/b'>Xing Kong Lian Qu - Deng Fu Ru</a></li></ul></main></body></html>",
                    encoding="utf-8")
    got = read_html(page)
    assert [b.text for b in got.blocks if not b.heading] == [
        "The song was written after the singer's brother was detained by the police in 2011."]
    assert ("Ni Zui Zhen Gui - Jacky Cheung", "link list") in got.set_aside


def _evidence(path):
    got = read_html(path)
    paragraphs, _ = segment(SourceDocument(meta=_meta(path), text="", blocks=got.blocks))
    return [p.text for p in paragraphs]


def test_lines_with_no_running_text_are_no_evidence(tmp_path):
    """A roll-call's header and first row, a UN document's subject in capitals, a court
    transcript's place line, a market table's row: no sentence a report could quote. Running
    text in a cased script has words in lower case; words have two letters or more ("D.C." and
    "8311-D-12" are not words). Short prose, prose in capitals with lower-case words and text in
    a script without capitals stay."""
    kept = ["It is not so.", "Police detained him at the airport in May.",
            "Officials said: the law applies to all citizens: no exceptions were made.",
            "احتجزت الشرطة الناشط في المطار بعد عودته من الخارج."]
    gone = ["Washington, D.C.", "Expediente 8311-D-12 - Votación.",
            "130 Período Ordinario - 18ª Sesión de Tablas - 21º Reunión",
            "ABDALA de MATARAZZO, Norma Amanda Frente Cívico por Santiago",
            "ORIGINAL: ENGLISH RESTORATION OF THE LAWFUL RIGHTS OF THE PEOPLE'S REPUBLIC OF CHINA IN THE UNITED NATIONS",
            "Sainsbury 55; Tesco 46; Safeway 38; Asda 32.",
            "Resultado de la Votación: AFIRMATIVO Miembros del cuerpo: 257"]
    page = tmp_path / "record.html"
    page.write_text("<html><body><main><h1>Record</h1>" + "".join(f"<p>{t}</p>" for t in gone[:4] + kept + gone[4:])
                    + "</main></body></html>", encoding="utf-8")
    assert _evidence(page) == kept


@pytest.mark.parametrize("line, fields", [
    ("Resultado de la Votación: AFIRMATIVO Miembros del cuerpo: 257", True),
    ("Acta Nº 2 Ult.Mod.Ver 2 Fecha: 28/11/2012 Hora: 20:12", True),
    ("The court ruled: the detention was lawful. The lawyer said: we will appeal.", False),
    ("Note: see the annex", False)])
def test_a_line_of_form_fields(line, fields):
    from reportgen.library.segmenting.furniture import line_reason
    assert (line_reason(line) == "form fields") == fields


def test_an_authors_card_and_teasers_of_other_stories_are_no_evidence(tmp_path):
    """A paywalled opinion piece: two paragraphs of text, then the author's card (its bio as long
    as a paragraph, more than a third of the page's prose); a news page's teasers of other
    stories, each headline, date and lead inside one link. Neither is the page's text."""
    page = tmp_path / "opinion.html"
    text = ["While both leaders faced a challenging year, one of them capitalised on the crisis next door.",
            "The election result showed how far public opinion had moved since the protests began."]
    page.write_text(
        "<html><body><div class='article'><h1>A political playbook</h1>" + "".join(f"<p>{t}</p>" for t in text)
        + "<div class='author-card details__author-card'><p class='main-info__name'><a href='/author/aw'>Alice Wu</a></p>"
        "<p class='main-info__description'>Alice Wu fell down the rabbit hole of politics aged 12, when she ran her "
        "first election campaign. She has been writing about local politics for the Post since 2008.</p></div>"
        "<div class='news'><a href='/en/other-story/a-1'><h2>Fall of the Wall remembered</h2>"
        "<p>Three months after the Wall came down, guests at the embassy looked back on those events.</p></a></div>"
        "</div></body></html>", encoding="utf-8")
    got = read_html(page)
    assert [b.text for b in got.blocks if not b.heading] == text
    assert any(t.startswith("Alice Wu fell down") for t, _ in got.set_aside)
    assert ("Three months after the Wall came down, guests at the embassy looked back on those events.",
            "link list") in got.set_aside


def test_lower_case_items_go_on_with_the_sentence_their_lead_in_opens(tmp_path):
    """"Les deuxièmes rencontres ont eu lieu en juin 2020 :" then items "le 17 juin avec SAFE;"
    ... "le 19 juin avec le Comité des loisirs.": one sentence, one paragraph. Items that open
    in capitals, or that stand without a sentence's punctuation, stay items of their own."""
    page = tmp_path / "plan.html"
    page.write_text(
        "<html><body><main><h1>Plan</h1>"
        "<p>Les deuxièmes rencontres ont eu lieu en juin 2020 :</p>"
        "<ul><li>le 17 juin avec SAFE;</li><li>le 18 juin avec Sentiers Chelsea;</li>"
        "<li>le 19 juin avec le Comité des loisirs.</li></ul>"
        "<p>The law criminalises any act of:</p>"
        "<ul><li>secession - breaking away from the country</li><li>subversion - undermining the power of the state</li></ul>"
        "<p>Officials named the following measures against the families:</p>"
        "<ul><li>Travel bans were imposed on relatives of activists abroad.</li></ul>"
        "</main></body></html>", encoding="utf-8")
    assert _evidence(page) == [
        "Les deuxièmes rencontres ont eu lieu en juin 2020 : le 17 juin avec SAFE; le 18 juin avec Sentiers Chelsea; "
        "le 19 juin avec le Comité des loisirs.",
        "The law criminalises any act of:", "secession - breaking away from the country",
        "subversion - undermining the power of the state",
        "Officials named the following measures against the families:", "Travel bans were imposed on relatives of activists abroad."]


@pytest.mark.parametrize("text, reason", [
    ("[FR Doc. 2020–17221 Filed 8–5–20; 8:45 am]", "editorial or filing note"),
    ("S2601A. Characteristics of the Group Quarters Population in the United States, "
     "<factfinder2.census.gov/bkmk/table/1.0/en", "bibliography"),
    ("S2601B. Characteristics by Group Quarters Type, available at <factfinder2.census.gov/bkmk/table/S2601B>.",
     "bibliography"),
    ("The police [of the district] detained him at the airport on his return.", ""),
    ("The report is at www.census.gov and was read by the tribunal in 2019 <sic>.", "")])
def test_notes_pointing_to_an_address_and_bracketed_filing_lines_are_apparatus(text, reason):
    from reportgen.library.segmenting.furniture import apparatus_reason
    assert apparatus_reason(text) == reason


def test_a_call_to_donate_and_a_pictures_caption_are_no_evidence(tmp_path):
    """A foundation's news page: a box asking for donations (class "cta"); a picture in a box
    with its one-line caption. A picture set inside a paragraph's text leaves the text alone."""
    page = tmp_path / "news.html"
    text = ["The European Court of Human Rights decided to fast-track the case against the block of Wikipedia.",
            "Petersallee is to be renamed, the district decided in April 2018 after a long campaign by local groups.",
            "He turned and looked at Li, who was holding the camera, and shouted at him to stop filming."]
    page.write_text(
        "<html><body><main><h1>Court fast-tracks the case</h1>"
        f"<p>{text[0]}</p>"
        "<div class='picBox medium'><a href='#'><img src='/i.jpg' alt='x'></a>"
        "<p>An illustration of the Maji Maji Rebellion against German rule</p></div>"
        f"<p>{text[1]}</p><p>{text[2][:40]}<img src='/s.png'>{text[2][40:]}</p>"
        "<div class='w-100p cta cta-support'><h2>Help us unlock the world's knowledge.</h2>"
        "<p>As a nonprofit, Wikipedia and our related free knowledge projects are powered primarily through donations.</p>"
        "</div></main></body></html>", encoding="utf-8")
    got = read_html(page)
    assert [b.text for b in got.blocks if not b.heading] == text
    assert ("An illustration of the Maji Maji Rebellion against German rule", "caption") in got.set_aside


def test_a_campaigns_summary_keeps_its_text_and_sets_its_apparatus_aside(tmp_path):
    """A campaign's case summary in Chinese and English (the Xuebing case overview): its
    statements of support cite their source by title, date and address, its media list names
    each source before the link, and it ends with a contact line in Chinese. Those are apparatus;
    the quoted statement and the account stay. The page prints its date as it is in Beijing,
    while its tags give the instant in UTC."""
    page = tmp_path / "summary.html"
    account = "2021年9月19日下午，女权记者黄雪琴、职业病权益倡导者王建兵于王建兵住处失联。"
    quote = "“A journalist and an activist have gone missing for two days from the southern provincial capital.”"
    page.write_text(
        "<html lang='zh'><head><meta property='article:published_time' content='2021-11-26T18:55:53.477Z'></head>"
        "<body><div id='post-meta'>发布于 <time datetime='2021-11-26T18:55:53.477Z'>2021-11-27</time></div>"
        f"<article><h1>“0919雪饼”被捕事件综述</h1><p>{account}</p>"
        "<ol><li>Reporters Without Borders (无国界记者): RSF calls for release of Chinese investigative journalist, "
        "2021.10.01, https://rsf.org/en/news/rsf-calls-release</li></ol>"
        f"<blockquote><p>{quote}</p></blockquote>"
        "<ul><li>The Independent: <a href='/a'>Concerns mount in China over missing activists</a></li>"
        "<li>关注雪饼案进展传播平台 Follow social media on the case: <a href='/'>网站 Website</a>、<a href='/t'>Twitter</a></li></ul>"
        "<p>欢迎引用、采访和报道，联系请邮件：<a href='mailto:x@protonmail.com'>x@protonmail.com</a></p>"
        "</article></body></html>", encoding="utf-8")
    got = read_html(page)
    assert got.meta["published"] == "2021-11-27"
    assert _evidence(page) == [account, quote]


def test_a_menu_entry_with_an_empty_sublist_is_a_link(tmp_path):
    page = tmp_path / "menu.html"
    page.write_text("<html><body><main><h1>Colonial past</h1>"
                    "<p>The city has launched a five-year project to mark its part in European colonialism.</p>"
                    "<ul><li><a href='/a'>Deutsch - warum nicht?</a><ul class='sitemap'></ul></li>"
                    "<li><a href='/b'>Mission Europe</a><ul></ul></li></ul></main></body></html>", encoding="utf-8")
    got = read_html(page)
    assert [b.text for b in got.blocks if not b.heading] == [
        "The city has launched a five-year project to mark its part in European colonialism."]
    assert ("Deutsch - warum nicht?", "link list") in got.set_aside
