"""Citation forms at their seam: metadata in, the words a footnote and the bibliography print out."""

from reportgen.library.metadata import parse_meta
from reportgen.models import EvidenceParagraph
from reportgen.report.citations import CitationStyle, short_title


def meta(sid, **given):
    raw = {"id": sid, "title": "A report", "author": "unknown", "publisher": "unknown", "published": "unknown",
           "url": "unknown", "accessed": "unknown", "country": ["CN"], "source_type": "ngo-report",
           "language": "en", **given}
    return parse_meta(raw, sid)


def test_unknown_metadata_is_cited_as_unknown_never_filled_in():
    style = CitationStyle.load("coi")
    text = style.bibliography(meta("x", title="Returnees questioned"))
    assert "Returnees questioned" in text and "n.d." in text and "URL unknown" in text


def test_short_names_name_a_creator_once_and_tell_one_creators_sources_apart():
    style = CitationStyle.load("coi")
    cited = {"a": meta("a", publisher="Amnesty International", title="Thailand: Deported Uyghurs at risk"),
             "b": meta("b", publisher="Human Rights Watch", title="One report"),
             "c": meta("c", publisher="Human Rights Watch", title="Another report on returns"),
             "d": meta("d", title="Undated page with no author at all")}
    names = style.short_names(cited)
    assert names["a"] == "Amnesty International"
    assert names["b"] != names["c"] and names["b"].startswith("Human Rights Watch, “One report")
    assert names["d"] == "“Undated page with no author…”"  # no creator: the title alone


def test_a_style_without_an_unknown_author_word_still_names_unknown_creators_by_title(tmp_path):
    style = CitationStyle("bare", {"full": "{{ title }}", "footnote": "{{ title }}", "bibliography": "{{ title }}"})
    names = style.short_names({"d": meta("d", title="Untitled leaflet on returns")})
    assert names["d"] == "“Untitled leaflet on returns”"


def test_a_footnote_gives_the_paragraphs_locator():
    style = CitationStyle.load("coi")
    paragraph = EvidenceParagraph("x:1", "x", 1, 3, "", "Text.", marker="para 2.4.7")
    assert "para 2.4.7" in style.footnote(meta("x", publisher="UK Home Office", title="CPIN"), paragraph)


def test_short_titles_stop_at_the_subtitle_and_mark_a_cut():
    assert short_title("Country Policy and Information Note: Hong Kong") == "Country Policy and Information Note"
    assert short_title("Exporting Repression in the Age of Digital Surveillance") == "Exporting Repression in the Age…"
