"""Every sentence the tool writes comes from a file in templates/, not from code: the notes
matching writes for the expert (templates/notes.yaml) and the words of the document itself
(templates/wording.yaml, the forum and schedule files). Checked by changing the file's wording
and finding the change in what is written."""

from __future__ import annotations

import pytest
import yaml
from test_seams import case

from reportgen.library.folder import packaged_path
from reportgen.matching import notes
from reportgen.matching.match import MatchSettings, _warnings
from reportgen.matching.weighing import source_weight
from reportgen.models import ChosenEvidence, EvidenceParagraph, RiskFactor, SourceMeta, Taxonomy

FACTOR = RiskFactor("family-in-country", "Family in China", "Pressure on relatives.", "political opinion")


def _source(sid: str, published: str, **known) -> SourceMeta:
    values = dict(author="unknown", publisher="unknown", url="unknown", accessed="2026-11-01", country=("CN",),
                  source_type="ngo-report", language="en", path=f"{sid}.txt")
    return SourceMeta(id=sid, title="A report", published=published, **{**values, **known})


@pytest.fixture
def marked_notes(monkeypatch):
    """The notes file's wording replaced by markers that show each value given."""
    shipped = yaml.safe_load((packaged_path("templates") / "notes.yaml").read_text(encoding="utf-8"))
    monkeypatch.setattr(notes, "_notes", lambda: {k: f"<{k}> " + " ".join(
        f"{{{name}}}" for name in ("factor", "label", "source", "published", "locator", "said", "name")
        if f"{{{name}" in text) for k, text in shipped.items()})
    return shipped


def test_the_notes_to_the_expert_are_the_notes_files(marked_notes):
    old = _source("old-2015", "2015-01-01", publisher="Example Watch")
    chosen = [ChosenEvidence(EvidenceParagraph("old-2015:1", "old-2015", 1, 1, "", "Relatives were visited."),
                             old, 1.0, "tags")]
    warnings = _warnings(FACTOR, chosen, "2026-11-20", MatchSettings())
    assert warnings == ["<too_old> family-in-country old-2015 2015-01-01",
                        "<single_source> family-in-country old-2015"]
    unchecked = source_weight(_source("anon", "unknown"), case(), Taxonomy("CN", "China", (FACTOR,)))
    assert unchecked.notes == ("<unattributed> ",)


def test_the_shipped_notes_read_as_before():
    """The shipped wording, filled in (what `match --json` and the draft print)."""
    assert notes.note("single_source", factor="f", source="s") == "f rests on a single source (s)"
    assert notes.note("too_old", factor="f", source="s", published="2019", years=5.0) == \
        "f relies on s, published 2019, more than 5 years before the report"
    assert "\u201cWang Wei\u201d" in notes.note("shares_name_named", name="Wang Wei")
