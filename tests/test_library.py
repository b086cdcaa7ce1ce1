"""The shipped library: five sources, honest metadata, verbatim furniture-free paragraphs."""

import re

from conftest import SHIPPED

from reportgen.index import EvidenceIndex
from reportgen.library import Library
from reportgen.sources import read_source

EXPECTED_COUNTS = {
    "thehumanrights-dissidents-exile": 12,
    "japan-exiles-intimidation": 28,
    "dahlin-safeguarding-dissidents": 22,
    "chen-siming-taiwan-airport": 25,
    "forced-returns-10000": 29,
}
META_KEYS = {"id", "title", "author", "publisher", "published", "url", "accessed", "country",
             "source_type", "language"}


def test_list_json_shows_the_five_sources_with_all_metadata(run, library):
    result = run("--evidence", library, "evidence", "list", "--json")
    assert result.code == 0, result.err
    sources = {s["id"]: s for s in result.json()}
    assert {k: s["paragraphs"] for k, s in sources.items()} == EXPECTED_COUNTS
    for s in sources.values():
        assert META_KEYS <= set(s), s["id"]


def test_metadata_never_completes_what_the_source_does_not_state(run, library):
    sources = {s["id"]: s for s in run("--evidence", library, "evidence", "list", "--json").json()}
    # "Friday, May 27" has no year: the date stays unknown
    assert sources["forced-returns-10000"]["published"] == "unknown"
    # the article reports HRW's findings but is not published by HRW; its publisher is not named
    assert sources["japan-exiles-intimidation"]["publisher"] == "unknown"
    assert sources["dahlin-safeguarding-dissidents"]["author"] == "Peter Dahlin"
    assert sources["dahlin-safeguarding-dissidents"]["source_type"] == "opinion"
    assert sources["thehumanrights-dissidents-exile"]["source_type"] == "commercial"
    assert all(s["published"] == "unknown" and s["url"] == "unknown" for s in sources.values())


def test_every_paragraph_is_verbatim_in_its_source(library):
    index = EvidenceIndex.open(Library(library))
    for meta, _ in index.sources():
        raw = (library / "sources" / meta.path).read_text(encoding="utf-8")
        for p in index.paragraphs(meta.id):
            assert p.text in raw, (meta.id, p.locator)
            assert raw.split("\n")[p.line - 1].strip() == p.text


def test_no_page_furniture_is_indexed(library):
    index = EvidenceIndex.open(Library(library))
    texts = [p.text for meta, _ in index.sources() for p in index.paragraphs(meta.id)]
    furniture = re.compile(r"@|https?://|\.com\b|Physical Address|Cardinal St|Leave a Reply|email address|"
                           r"Apply Now|Follow Us|Getty Images|AP Photo|/AP\b|Views expressed|Related Topics|"
                           r"Recommended|Here is the picture|poses on a road|Eritrea|WhatsApp|is the founder of")
    offenders = [t for t in texts if furniture.search(t)]
    assert offenders == []
    assert len(texts) == len(set(texts)), "a paragraph is indexed twice"


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
        return  # shared/ sits beside the repo in development and CI; not in an sdist
    shipped = {p.read_bytes() for p in (SHIPPED / "sources").glob("*.txt")}
    assert shipped == {p.read_bytes() for p in seeds.glob("*.txt")}
    for p in (SHIPPED / "sources").glob("*.txt"):
        assert read_source(p).meta.path == p.name
