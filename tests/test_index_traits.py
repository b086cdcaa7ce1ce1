"""What matching asks of each paragraph's heading and text alone, worked out at index time
(library.indexing.traits), is what the rules find in the paragraph itself: on a first build and
after a re-index."""

import sqlite3
from collections import Counter
from dataclasses import replace

from test_index import add_source

from reportgen.library.indexing import build
from reportgen.library.indexing.traits import from_row, in_host_country, speaks_abroad, traits_of
from reportgen.matching.weighing import scope_weight
from reportgen.models import EvidenceParagraph, SourceMeta
from reportgen.workspace import Workspace

ABROAD = ("Repression abroad\nChinese students in London said that embassy officials had warned them, and a "
          "dissident in exile in the United States described calls to his family.\n")


def stored(library):
    """[(heading, text, the heading before it in its source, traits as stored)] of every paragraph."""
    with sqlite3.connect(library / ".reportgen-index.sqlite") as conn:
        rows = conn.execute("SELECT p.heading, p.text, CASE WHEN b.source_id = p.source_id THEN b.heading END, "
                            "p.traits, p.opening_year, p.words FROM paragraphs p "
                            "LEFT JOIN paragraphs b ON b.rowid = p.rowid - 1").fetchall()
    return [(heading, text, before, from_row(*rest)) for heading, text, before, *rest in rows]


def test_stored_traits_are_what_the_rules_find(library):
    rows = stored(library)
    assert len(rows) > 1000
    assert all(t == traits_of(heading, text, before) for heading, text, before, t in rows)
    # the comparison means something: every trait is found in the shipped library, and not everywhere
    for name in ("abroad", "host", "heading_abroad", "enumerates", "apparatus", "responses", "lead_in",
                 "opens_section"):
        assert 3 <= sum(getattr(t, name) for *_, t in rows) < len(rows) / 2, name
    openings = Counter(t.opening for *_, t in rows)
    assert all(openings[kind] >= 10 for kind in ("incident", "person", "general")), openings
    assert sum(t.opening_year is not None for *_, t in rows) >= 10


def test_a_sources_title_heading_and_text_asked_apart_find_what_the_three_joined_find(library):
    """Matching weighs with the stored traits (required: the test above proves them the rules'
    own); a factor about people abroad asks the source's title too, which no paragraph stores."""
    source = SourceMeta(id="s", title="Transnational repression of Chinese students", author="A", publisher="P",
                        published="2025", url="", accessed="", country=("CN",), source_type="ngo-report",
                        language="en")
    home = replace(source, title="Annual report", country=("CN", "US"))
    taxonomy = Workspace(evidence=str(library)).taxonomy("CN")
    for heading, text, before, t in stored(library):
        p = EvidenceParagraph("s:1", "s", 1, 1, heading, text)
        for s in (source, home):
            told = f"{s.title}\n{heading}\n{text}"
            assert scope_weight(p, s, taxonomy, False, True, t).value == (1.0 if speaks_abroad(told) or
                                                                           in_host_country(told) else 0.0)
        assert t.opens_section == (bool(heading) and before != heading)


def test_a_reindex_stores_the_traits_of_new_paragraphs(run, library):
    run("--evidence", library, "evidence", "index")
    add_source(library, text=ABROAD)
    assert run("--evidence", library, "evidence", "index").code == 0
    new = [(h, x, b, t) for h, x, b, t in stored(library) if "embassy officials had warned" in x]
    assert len(new) == 1 and new[0][3] == traits_of(*new[0][:3])
    assert new[0][3].abroad and new[0][3].host


def test_changed_rules_rebuild_the_index(library, monkeypatch):
    built = []
    ws = Workspace(evidence=str(library), on_build=built.append)
    ws.index()
    assert not built  # up to date
    monkeypatch.setattr(build, "TRAITS_KEY", "other rules")
    Workspace(evidence=str(library), on_build=built.append).index()
    assert built and len(built[0].indexed) > 10
