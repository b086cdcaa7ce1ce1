"""The shipped library: the five seed pages and real country reports, honest metadata,
verbatim furniture-free paragraphs."""

import re

import pytest
from conftest import SHIPPED
from lxml import html as lxml_html

from reportgen.library.folder import Library
from reportgen.library.indexing.read import EvidenceIndex
from reportgen.library.reading.sources import read_source

SEED_COUNTS = {  # the seed pages as they were segmented when the library was first built
    "thehumanrights-dissidents-exile": 12,
    "japan-exiles-intimidation": 28,
    "dahlin-safeguarding-dissidents": 22,
    "chen-siming-taiwan-airport": 25,
    "forced-returns-10000": 29,
}
META_KEYS = {"id", "title", "author", "publisher", "published", "url", "accessed", "country",
             "source_type", "language"}


def test_list_json_shows_every_source_with_all_metadata(run, library):
    result = run("--evidence", library, "evidence", "list", "--json")
    assert result.code == 0, result.err
    sources = {s["id"]: s for s in result.json()}
    assert {k: sources[k]["paragraphs"] for k in SEED_COUNTS} == SEED_COUNTS
    for s in sources.values():
        assert META_KEYS <= set(s), s["id"]
        assert s["paragraphs"] > 0, s["id"]


def test_metadata_never_completes_what_the_source_does_not_state(run, library):
    sources = {s["id"]: s for s in run("--evidence", library, "evidence", "list", "--json").json()}
    # "Friday, May 27" has no year: the date stays unknown
    assert sources["forced-returns-10000"]["published"] == "unknown"
    # the article reports HRW's findings but is not published by HRW; its publisher is not named
    assert sources["japan-exiles-intimidation"]["publisher"] == "unknown"
    assert sources["dahlin-safeguarding-dissidents"]["author"] == "Peter Dahlin"
    assert sources["dahlin-safeguarding-dissidents"]["source_type"] == "opinion"
    assert sources["thehumanrights-dissidents-exile"]["source_type"] == "commercial"
    assert all(sources[k]["published"] == "unknown" and sources[k]["url"] == "unknown" for k in SEED_COUNTS)
    # the State Department's pages print no date, and their JSON-LD datePublished is when the page was
    # posted (2024-04-17 for the 2023 report): the sidecars give the release date and say who states it
    assert sources["usdos-china-2023"]["published"] == "2024-04-22"
    assert sources["usdos-china-2024"]["published"] == "2025-08-12"
    # the CPIN file is a GOV.UK body without its address: unknown, not guessed
    assert sources["ukho-cpin-china-hong-kong-national-security-law-v3-2022"]["url"] == "unknown"


def _visible_text(path) -> str:
    """What a reader of the page sees, spacing folded, footnote markers and own numbers aside."""
    page = lxml_html.document_fromstring(path.read_text(encoding="utf-8"))
    for ref in page.xpath("//sup"):
        ref.drop_tree()
    text = " ".join(page.text_content().replace("\u00ad", "").split())  # a soft hyphen is invisible
    return re.sub(r" (?=[.,;:)])", "", text)  # where a marker stood: "NSL [footnote 3]." reads "NSL."


def test_every_paragraph_is_verbatim_in_its_source(library):
    index = EvidenceIndex.open(Library(library))
    for meta, _ in index.sources():
        path = library / "sources" / meta.path
        paragraphs = index.paragraphs(meta.id)
        if path.suffix == ".txt":
            raw = path.read_text(encoding="utf-8")
            for p in paragraphs:
                assert raw.split("\n")[p.line - 1].strip() == p.text, (meta.id, p.locator)
        elif path.suffix == ".html":
            visible = _visible_text(path)
            for p in paragraphs:
                assert re.sub(r" (?=[.,;:)])", "", p.text) in visible, (meta.id, p.locator, p.text[:80])
        elif path.suffix == ".pdf":  # the page's own characters, line breaks and line-end hyphens aside
            import pypdfium2
            pdf = pypdfium2.PdfDocument(str(path))
            drawn = _letters("".join(page.get_textpage().get_text_range() for page in pdf))
            for p in paragraphs:
                assert _letters(p.text) in drawn, (meta.id, p.locator, p.text[:80])
        else:  # a statute: every article's own words, in order, in the file
            raw = " ".join(path.read_text(encoding="utf-8").split())
            for p in paragraphs:
                assert all(part in raw for part in p.text.split(" ")), (meta.id, p.locator)


def _letters(text: str) -> str:
    return re.sub(r"[\s\-\u00ad\u2010\u2011\ufffe\x02]", "", text)


def test_no_page_furniture_is_indexed(library):
    index = EvidenceIndex.open(Library(library))
    texts = [p.text for sid in SEED_COUNTS for p in index.paragraphs(sid)]
    furniture = re.compile(r"@|https?://|\.com\b|Physical Address|Cardinal St|Leave a Reply|email address|"
                           r"Apply Now|Follow Us|Getty Images|AP Photo|/AP\b|Views expressed|Related Topics|"
                           r"Recommended|Here is the picture|poses on a road|Eritrea|WhatsApp|is the founder of")
    offenders = [t for t in texts if furniture.search(t)]
    assert offenders == []
    assert len(texts) == len(set(texts)), "a paragraph is indexed twice"
    # the State Department's site: no country menu, bureau lists, share bars, downloads or cross-links
    site = re.compile(r"^(Afghanistan|Download|Back to Top|Share|Hong Kong \| Macau)|AlbaniaAlgeria|"
                      r"Bureau of Democracy, Human Rights, and Labor Bureau|^See the Department of State")
    real = [p.text for meta, _ in index.sources() if meta.id.startswith("usdos")
            for p in index.paragraphs(meta.id)]
    assert real and [t for t in real if site.search(t)] == []


def test_headings_are_kept_as_context(library):
    index = EvidenceIndex.open(Library(library))
    families = [p for p in index.paragraphs("thehumanrights-dissidents-exile") if "families" in p.text]
    assert families[0].heading == "VI. Harassment of Families"
    assert all(p.heading != p.text for p in index.paragraphs("forced-returns-10000"))
    assert "Several methods" not in [p.text for p in index.paragraphs("forced-returns-10000")]


def test_secondary_reporting_names_the_original_source(library):
    index = EvidenceIndex.open(Library(library))
    hrw = [p for p in index.paragraphs("japan-exiles-intimidation") if "according to a report" in p.text]
    assert hrw[0].attributed_to == "Human Rights Watch"
    cnn = [p for p in index.paragraphs("chen-siming-taiwan-airport") if "he told CNN" in p.text]
    assert cnn[0].attributed_to == "CNN"


def test_ids_are_stable_across_rebuilds_and_follow_the_text(library):
    first = EvidenceIndex.open(Library(library))
    ids = [p.id for p in first.paragraphs("forced-returns-10000")]
    first.close()
    again = EvidenceIndex.open(Library(library), rebuild=True)
    assert [p.id for p in again.paragraphs("forced-returns-10000")] == ids
    assert all(i.startswith("forced-returns-10000:") for i in ids)


def test_shipped_sources_are_the_seeds_verbatim():
    seeds = SHIPPED.parent.parent / "shared" / "seeds"
    if not seeds.is_dir():
        pytest.skip("shared/seeds sits beside the repo in development and CI; not in an sdist")
    shipped = {p.read_bytes() for p in (SHIPPED / "sources").glob("*.txt")}
    assert shipped == {p.read_bytes() for p in seeds.glob("*.txt")}
    for p in (SHIPPED / "sources").glob("*.txt"):
        assert read_source(p).meta.path == p.name
