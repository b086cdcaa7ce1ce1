"""What matching asks of each paragraph's heading and text alone, worked out at index time
(library.indexing.traits), is what the rules find in the paragraph itself: on a first build and
after a re-index; and the weights matching gives with the stored traits are those it gives
reading the text."""

import sqlite3
from collections import Counter
from dataclasses import replace

from test_index import add_source

from reportgen.library.indexing import build
from reportgen.library.indexing.traits import from_row, in_host_country, speaks_abroad, traits_of
from reportgen.matching.match import MatchSettings, _form
from reportgen.matching.weighing import generality, history, scope_weight
from reportgen.models import EvidenceParagraph, SourceMeta
from reportgen.workspace import Workspace

ABROAD = ("Repression abroad\nChinese students in London said that embassy officials had warned them, and a "
          "dissident in exile in the United States described calls to his family.\n")


def stored(library):
    """[(heading, text, traits as stored)] of every paragraph of the library."""
    with sqlite3.connect(library / ".reportgen-index.sqlite") as conn:
        rows = conn.execute("SELECT heading, text, traits, opening_year, words FROM paragraphs").fetchall()
    return [(heading, text, from_row(*rest)) for heading, text, *rest in rows]


def test_stored_traits_are_what_the_rules_find(library):
    rows = stored(library)
    assert len(rows) > 1000
    assert all(t == traits_of(heading, text) for heading, text, t in rows)
    # the comparison means something: every trait is found in the shipped library, and not everywhere
    for name in ("abroad", "host", "heading_abroad", "enumerates", "apparatus", "responses", "lead_in"):
        assert 3 <= sum(getattr(t, name) for *_, t in rows) < len(rows) / 2, name
    openings = Counter(t.opening for *_, t in rows)
    assert all(openings[kind] >= 10 for kind in ("incident", "person", "general")), openings
    assert sum(t.opening_year is not None for *_, t in rows) >= 10


def test_weights_from_stored_traits_are_those_from_the_text(library):
    """Each weight, given the stored traits, equals the weight worked out from the paragraph, on
    every paragraph; a source's title, heading and text asked apart find what the three joined find."""
    source = SourceMeta(id="s", title="Transnational repression of Chinese students", author="A", publisher="P",
                        published="2025", url="", accessed="", country=("CN",), source_type="ngo-report",
                        language="en")
    home = replace(source, title="Annual report", country=("CN", "US"))
    taxonomy = Workspace(evidence=str(library)).taxonomy("CN")
    settings = MatchSettings()
    for heading, text, t in stored(library):
        p = EvidenceParagraph("s:1", "s", 1, 1, heading, text)
        for s in (source, home):
            told = f"{s.title}\n{heading}\n{text}"
            assert scope_weight(p, s, taxonomy, False, True, t).value == (1.0 if speaks_abroad(told) or
                                                                           in_host_country(told) else 0.0)
            assert scope_weight(p, s, taxonomy, False, False, t) == scope_weight(p, s, taxonomy, False, False)
        for opens in (False, True):
            assert generality(text, opens, t) == generality(text, opens)
        assert history(text, 2026, t) == history(text, 2026)
        assert _form(p, settings, t) == _form(p, settings)


def test_a_reindex_stores_the_traits_of_new_paragraphs(run, library):
    run("--evidence", library, "evidence", "index")
    add_source(library, text=ABROAD)
    assert run("--evidence", library, "evidence", "index").code == 0
    new = [(h, x, t) for h, x, t in stored(library) if "embassy officials had warned" in x]
    assert len(new) == 1 and new[0][2] == traits_of(*new[0][:2])
    assert new[0][2].abroad and new[0][2].host


def test_changed_rules_rebuild_the_index(library, monkeypatch):
    built = []
    ws = Workspace(evidence=str(library), on_build=built.append)
    ws.index()
    assert not built  # up to date
    monkeypatch.setattr(build, "TRAITS_KEY", "other rules")
    Workspace(evidence=str(library), on_build=built.append).index()
    assert built and len(built[0].indexed) > 10
