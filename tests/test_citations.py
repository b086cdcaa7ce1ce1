"""Citation forms at their seam: metadata in, the words a footnote and the bibliography print out."""

from pathlib import Path

from reportgen.library.reading.metadata import parse_meta
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
    assert names["d"] == "“Undated page with no author at all”"  # no creator: the title alone, never cut


def test_a_style_without_an_unknown_author_word_still_names_unknown_creators_by_title(tmp_path):
    style = CitationStyle("bare", {"full": "{{ title }}", "footnote": "{{ title }}", "bibliography": "{{ title }}"})
    names = style.short_names({"d": meta("d", title="Untitled leaflet on returns")})
    assert names["d"] == "“Untitled leaflet on returns”"


def test_a_footnote_gives_the_paragraphs_locator():
    style = CitationStyle.load("coi")
    paragraph = EvidenceParagraph("x:1", "x", 1, 3, "", "Text.", marker="para 2.4.7")
    assert "para 2.4.7" in style.footnote(meta("x", publisher="UK Home Office", title="CPIN"), paragraph)


def test_a_web_pages_paragraph_is_cited_by_the_heading_a_reader_can_search_for():
    """A web page numbers neither paragraphs nor pages: "para 87" alone is a count nobody opening
    it can follow, so the section heading comes first; a numbered or paged document's own
    locator is enough."""
    style = CitationStyle.load("coi")
    source = meta("x", publisher="US Department of State", title="2023 Country Reports on Human Rights Practices: China")
    web = EvidenceParagraph("x:87", "x", 87, 400, "Section 2. Respect for Civil Liberties > d. Freedom of Movement",
                            "Text.")
    note = style.footnote(source, web)
    assert note.endswith("section \u201cd. Freedom of Movement\u201d, para 87.")
    assert "section \u201cd. Freedom of Movement\u201d, para 87." in style.short(source, web, "US State Department", "1")
    paged = EvidenceParagraph("x:9", "x", 9, 40, "Freedom of Movement", "Text.", page=12)
    numbered = EvidenceParagraph("x:2", "x", 2, 3, "Assessment", "Text.", marker="para 2.4.7")
    assert "section" not in style.footnote(source, paged) and "section" not in style.footnote(source, numbered)


def test_short_titles_are_cut_where_a_practitioner_cuts_them():
    """Never mid-phrase with an ellipsis ("2021 Country Reports on Human…" read as an error)."""
    assert short_title("2021 Country Reports on Human Rights Practices: China (Includes Hong Kong, Macau, and "
                       "Tibet)") == "2021 Country Reports on Human Rights Practices: China"
    assert short_title("Country Policy and Information Note: Hong Kong") == "Country Policy and Information Note: Hong Kong"
    assert short_title("Exporting Repression in the Age of Digital Surveillance") == \
        "Exporting Repression in the Age of Digital Surveillance"
    assert short_title("Transnational Repression: How Governments Reach Across Borders to Silence Critics and "
                       "Their Families at Home") == "Transnational Repression"
    assert short_title("Safeguarding Chinese Dissidents and How the World Can Use Xi Jinping’s Power Grab Against "
                       "Him").endswith("Against Him")


def test_dates_are_cited_as_the_document_states_them():
    """A page that states only when it was last modified is cited 'last updated', never 'n.d.'
    (the 2024 State Department report: 'last modified 2025-08-12'); a stated publication date
    stays first; what the document does not state stays unknown."""
    style = CitationStyle.load("coi")
    url = "https://www.state.gov/reports/2024-country-reports-on-human-rights-practices/china/"
    only_updated = meta("s", publisher="United States Department of State", updated="2025-08-12", url=url)
    note = style.footnote(only_updated, EvidenceParagraph("s:1", "s", 3, 1, "", "x"))
    assert "last updated 12 August 2025" in note and "n.d." not in note
    assert "[date accessed not recorded]" in note  # said, not left out
    both = meta("t", published="2021-03-09", updated="2025-01-03", accessed="2026-11-02", url=url)
    assert "9 March 2021, last updated 3 January 2025" in style.bibliography(both)
    assert "[accessed 2 November 2026]" in style.bibliography(both)
    assert "n.d." in style.bibliography(meta("u"))


def test_a_cpins_version_and_a_un_symbol_are_cited_a_year_edition_is_not_repeated():
    style = CitationStyle.load("coi")
    cpin = meta("cpin", title="Country Policy and Information Note: China: Hong Kong national security law",
                publisher="UK Home Office", published="2022-06", series="cpin-hk", edition="3.0")
    assert "national security law”, version 3.0, June 2022" in style.bibliography(cpin)
    un = meta("un", title="Report of the Secretary-General", publisher="United Nations", symbol="A/52/826")
    assert "”, UN doc A/52/826, n.d." in style.bibliography(un)
    usdos = meta("d", title="2024 Country Reports on Human Rights Practices: China", series="usdos", edition="2024")
    assert "version" not in style.bibliography(usdos)
    assert "v3.0" in CitationStyle.load("short").bibliography(cpin)


def test_a_short_note_names_the_publisher_in_its_short_form():
    style = CitationStyle.load("coi")
    cited = {"a": meta("a", author="Bureau of Democracy, Human Rights, and Labor",
                       publisher="United States Department of State", title="2024 Country Reports: China"),
             "b": meta("b", author="Country Policy and Information Team", publisher="UK Home Office")}
    names = style.short_names(cited)
    assert names == {"a": "US State Department", "b": "Home Office"}
    assert "Bureau" in style.footnote(cited["a"], EvidenceParagraph("a:1", "a", 3, 1, "", "x"))  # the full note


def test_the_shipped_cpin_is_cited_with_its_version():
    from conftest import SHIPPED

    from reportgen.library.reading.metadata import read_sidecar
    name = "ukho-cpin-china-hong-kong-national-security-law-v3-2022"
    meta = parse_meta(read_sidecar(SHIPPED / "sources" / f"{name}.meta.yaml"), Path(name), f"{name}.html")
    note = CitationStyle.load("coi").footnote(meta, EvidenceParagraph(f"{name}:1", name, 1, 1, "", "x"))
    assert "Hong Kong national security law”, version 3.0, June 2022" in note, note


def test_the_method_section_counts_as_undated_only_sources_cited_nd():
    """A source that states only its last-updated date is cited by it, so the method section must not
    count it among the sources 'cited n.d.' whose currency cannot be assumed."""
    from reportgen.report.compose import sources_context
    cited = {"s": meta("s", updated="2025-08-12"), "u": meta("u")}
    undated = {s["id"]: s["undated"] for s in sources_context(cited)}
    assert undated == {"s": False, "u": True}


def test_an_older_firm_style_takes_what_it_lacks_from_the_shipped_one_under_a_forums_forms_too(tmp_path):
    """A firm's coi.yaml written before `unknown_url` existed: an unknown address is still cited
    "URL unknown", also once a forum's own forms (a US court's supra notes) are laid over it."""
    shipped = (Path(__file__).resolve().parents[1] / "templates" / "citations" / "coi.yaml").read_text(encoding="utf-8")
    (tmp_path / "citations").mkdir()
    (tmp_path / "citations" / "coi.yaml").write_text(
        "\n".join(line for line in shipped.splitlines() if not line.startswith("unknown_url:")), encoding="utf-8")
    style = CitationStyle.load("coi", str(tmp_path))
    for form in (style, style.for_forum({"short": "{{ short }}, supra note {{ note }}"})):
        assert "URL unknown" in form.bibliography(meta("x", publisher="Example Watch"))
