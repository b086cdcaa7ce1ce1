"""The furniture rules, shown on pages of our own making: they are general, not tuned to the seeds."""

from reportgen.library.segmenting.furniture import classify


def kinds(text: str) -> dict[str, str]:
    """Line text -> kind, from the first time the line occurs."""
    result: dict[str, str] = {}
    for b in classify(enumerate(text.split("\n"), 1)):
        result.setdefault(b.text, b.kind if b.kind != "furniture" else f"furniture:{b.reason}")
    return result


PAGE = """Menu
Home | World | Asia
Activists in Exile Face Pressure From Home
Activists in Exile Face Pressure From Home
Jane Doe
Updated:
Monday, March 3
Police in the province questioned the families of three activists last month, according to a statement by a rights group.
The group said relatives had been warned not to speak to foreign media and that one had lost her job as a result.
A protester holds a placard outside the embassy in London on March 1, 2024. (Reuters/John Smith)
John Smith/Reuters
Pressure at home
Officials did not respond to a request for comment. The ministry has previously denied all such reports.
Subscribe to our newsletter for the latest updates!
Sign up now and get 20% off.
Share this
Related stories
Exiles describe years of harassment abroad
"""


def test_article_paragraphs_are_body():
    k = kinds(PAGE)
    assert k["Police in the province questioned the families of three activists last month, according to a statement by a rights group."] == "body"
    assert k["The group said relatives had been warned not to speak to foreign media and that one had lost her job as a result."] == "body"
    assert k["Officials did not respond to a request for comment. The ministry has previously denied all such reports."] == "body"


def test_headings_are_context_not_evidence():
    k = kinds(PAGE)
    assert k["Activists in Exile Face Pressure From Home"] == "heading"  # the title
    assert k["Pressure at home"] == "heading"


def test_page_furniture_is_never_body():
    k = kinds(PAGE)
    for line in ("Menu", "Home | World | Asia", "Jane Doe", "Updated:", "Monday, March 3", "John Smith/Reuters",
                 "A protester holds a placard outside the embassy in London on March 1, 2024. (Reuters/John Smith)",
                 "Subscribe to our newsletter for the latest updates!", "Sign up now and get 20% off.",
                 "Share this", "Related stories", "Exiles describe years of harassment abroad"):
        assert k[line].startswith("furniture"), line


def test_repeated_headline_is_dropped_once_seen():
    blocks = classify(enumerate(PAGE.split("\n"), 1))
    title = [b for b in blocks if b.text == "Activists in Exile Face Pressure From Home"]
    assert [b.kind for b in title] == ["heading", "furniture"]


def test_contact_details_addresses_and_social_links():
    page = """Contact
12 High Street
London, SW1A 1AA
Call us on +44 20 7946 0000
Write to press@example.org for interviews.
Follow us
Facebook
Instagram: @example
The report documents forty cases of detention after return, most of them within a week of arrival at the airport.
"""
    k = kinds(page)
    assert k["The report documents forty cases of detention after return, most of them within a week of arrival at the airport."] == "body"
    for line in ("Call us on +44 20 7946 0000", "Write to press@example.org for interviews.", "Follow us",
                 "Facebook", "Instagram: @example"):
        assert k[line].startswith("furniture"), line


def test_comment_form_and_author_box_end_the_article():
    page = """A Headline About Detention
Lawyers who took on the case were later disbarred, and two of them were detained for several months.
Their families reported being followed by plain-clothes officers for weeks afterwards.
About the author
Sam Lee is a journalist who has covered the region for a decade and writes for several outlets.
Leave a comment
Your email address will not be published. Required fields are marked *
"""
    k = kinds(page)
    assert k["Their families reported being followed by plain-clothes officers for weeks afterwards."] == "body"
    assert k["Sam Lee is a journalist who has covered the region for a decade and writes for several outlets."].startswith("furniture")
    assert k["Your email address will not be published. Required fields are marked *"].startswith("furniture")


def test_sales_pitch_after_the_article_is_dropped_even_when_it_reads_like_prose():
    page = """Risks for Returnees
Returnees who had applied for asylum abroad were questioned on arrival and some were detained.
How to Order a Country Report?
If you are a law firm, you can request a report from our team today.
At Example Experts, our expertise spans forty countries and our reports are trusted by courts.
Iran: Severe repression of dissent and widespread use of the death penalty.
"""
    k = kinds(page)
    assert k["Returnees who had applied for asylum abroad were questioned on arrival and some were detained."] == "body"
    assert k["Iran: Severe repression of dissent and widespread use of the death penalty."].startswith("furniture")


def test_embedded_teaser_after_a_repeated_headline():
    page = """Exile Tells of Escape
Exile Tells of Escape
The journalist said he had crossed two borders on foot before reaching safety, and had been questioned twice.
Exile Tells of Escape
Another activist escapes by boat.
Coast Guard Handout
Officials in the transit country said he would be allowed to stay while his claim was examined. No date was given.
"""
    k = kinds(page)
    assert k["Another activist escapes by boat."].startswith("furniture")
    assert k["Coast Guard Handout"].startswith("furniture")
    assert k["Officials in the transit country said he would be allowed to stay while his claim was examined. No date was given."] == "body"
