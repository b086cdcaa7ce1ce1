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
    assert warnings == [f"<too_old> {FACTOR.label} 1 January 2015", f"<single_source> {FACTOR.label}"]
    unchecked = source_weight(_source("anon", "unknown"), case(), Taxonomy("CN", "China", (FACTOR,)))
    assert unchecked.notes == ("<unattributed> ",)


def test_the_shipped_notes_read_as_before():
    """The shipped wording, filled in (what `match --json` and the draft print)."""
    assert notes.note("single_source", factor="f", label="F", source="s", title="S") == \
        "\u201cF\u201d rests on a single source (\u201cS\u201d)"
    assert notes.note("too_old", factor="f", label="F", source="s", title="S", published="3 March 2017",
                      years=5.0) == ("\u201cF\u201d relies on \u201cS\u201d, published 3 March 2017, more than 5 years"
                                     " before the report: say whether it still holds, or cite newer evidence")
    assert "\u201cWang Wei\u201d" in notes.note("shares_name_named", name="Wang Wei")


def _firm_wording(tmp_path):
    firm = tmp_path / "firm"
    firm.mkdir()
    (firm / "wording.yaml").write_text(
        'contents_title: Inhalt\npage_numbers: " — Seite {page} von {pages}"\ncategory: Gutachten\n'
        'party: "die {{ party }}"\nsource_kinds: {ngo-report: NGO-Bericht, other: Veröffentlichung}\n',
        encoding="utf-8")
    return firm


def test_the_documents_own_words_are_the_wording_files(tmp_path):
    """A firm's wording.yaml gives the contents' title, the page numbers, the properties, the
    kind of source and how the applicant is named; what it leaves out is the shipped file's."""
    import io

    import docx
    from test_seams import TAXONOMY, _texts, match_of

    from reportgen.docx.writer import write_docx
    from reportgen.report import model
    from reportgen.report.compose import composed
    from reportgen.report.template_set import TemplateSet

    shipped = yaml.safe_load((packaged_path("templates") / "wording.yaml").read_text(encoding="utf-8"))
    c = case()  # anonymised
    templates = TemplateSet.resolve(c.forum, folder=str(_firm_wording(tmp_path)))
    drafted = composed(c, match_of(c), TAXONOMY, templates)
    report = drafted.with_notes()
    contents = next(b for b in report.blocks if isinstance(b, model.Contents))
    assert contents.title == "Inhalt"
    assert (report.page_numbers, report.category, report.comments) == (
        " — Seite {page} von {pages}", "Gutachten", shipped["comments"])
    printed = " ".join(_texts(report))
    # the kind of source names a repeated source's lead-in ("The same NGO-Bericht:")
    assert drafted._composer.source_kind("ngo-report") == "NGO-Bericht" and "NGO report" not in printed
    assert "die Appellant" in printed and "Zhang" not in printed

    document = docx.Document(io.BytesIO(write_docx(report)))
    footer = document.sections[0].footer.paragraphs[0]
    assert footer.text.startswith(f"{report.footer} — Seite ") and " von " in footer.text
    fields = [t.text.strip() for t in footer._p.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}instrText")]
    assert fields == ["PAGE", "NUMPAGES"]
    props = document.core_properties
    assert (props.category, props.comments, props.content_status) == ("Gutachten", shipped["comments"], shipped["status"])
    body = [p.text for p in document.paragraphs]
    assert "Inhalt" in body and "Contents" not in body


def test_a_firms_older_schedule_takes_a_newer_sentence_from_the_shipped_file(tmp_path):
    from reportgen.errors import ReportgenError
    from reportgen.report.template_set import TemplateSet

    shipped = (packaged_path("templates") / "schedule.yaml").read_text(encoding="utf-8")
    line = next(x for x in shipped.splitlines() if x.strip().startswith("contrary_entry:"))
    firm = tmp_path / "firm"
    firm.mkdir()
    (firm / "schedule.yaml").write_text(shipped.replace(line + "\n", "").replace(
        "Issue {{ number }}", "Streitpunkt {{ number }}"), encoding="utf-8")
    schedule = TemplateSet.resolve("uk-tribunal", folder=str(firm)).schedule
    assert "Streitpunkt {{ number }}" in schedule["issue_heading"]  # the firm's own
    assert schedule["contrary_entry"] == yaml.safe_load(line)["contrary_entry"]  # the shipped one
    with pytest.raises(ReportgenError, match=r"templates/schedule.yaml \(uk-tribunal\): no_such_key missing"):
        schedule["no_such_key"]


def test_a_firms_older_citation_style_takes_a_newer_form_from_the_shipped_style(tmp_path):
    from reportgen.report.citations import CitationStyle

    shipped = yaml.safe_load((packaged_path("templates") / "citations" / "coi.yaml").read_text(encoding="utf-8"))
    (tmp_path / "citations").mkdir()
    (tmp_path / "citations" / "old.yaml").write_text(yaml.safe_dump(
        {k: shipped[k] for k in ("full", "footnote", "bibliography")}), encoding="utf-8")
    meta = _source("watch-2024", "2024-03-01", publisher="Example Watch", url="https://example.org/w")
    others = (_source("monitor-2023", "2023", publisher="Example Monitor"),)
    old = CitationStyle.load("old", str(tmp_path))
    assert "also_stated" not in old.templates and "short" not in old.templates
    assert old.also_stated(others).startswith("The same text also stands in ")  # the shipped form
    paragraph = EvidenceParagraph("watch-2024:1", "watch-2024", 1, 1, "", "Text.")
    assert old.short(meta, paragraph, "Example Watch", "3") == "Example Watch (n 3), para 1."


def test_small_numbers_in_words_are_the_wording_files(tmp_path):
    from reportgen.report.template_set import TemplateSet

    (tmp_path / "wording.yaml").write_text('number_words: [keine, eine, zwei]\n', encoding="utf-8")
    firm, shipped = TemplateSet.resolve("uk-tribunal", folder=str(tmp_path)), TemplateSet.resolve("uk-tribunal")
    assert [firm.render("{{ n | words }}", {}, n=n) for n in (0, 2, 5)] == ["keine", "zwei", "5"]
    assert [shipped.render("{{ n | words }}", {}, n=n) for n in (0, 2, 20, 21)] == ["no", "two", "twenty", "21"]


def test_a_filter_on_a_constant_reads_the_folder_it_is_rendered_for(tmp_path):
    """Compiled template code is cached for every folder alike: a folder's words on a constant
    ('GB' | country_name, 2 | words) must be looked up when rendering, never folded into that code."""
    from reportgen.report.template_set import TemplateSet

    (tmp_path / "countries.yaml").write_text("names:\n  GB: Great Britain\n", encoding="utf-8")
    (tmp_path / "wording.yaml").write_text("number_words: [keine, eine, zwei]\n", encoding="utf-8")
    firm, shipped = TemplateSet.resolve("uk-tribunal", folder=str(tmp_path)), TemplateSet.resolve("uk-tribunal")
    text = "{{ 'GB' | country_name }}, {{ 2 | words }}"
    assert shipped.render(text, {}) == "the United Kingdom, two"  # compiled, and cached, first
    assert firm.render(text, {}) == "Great Britain, zwei"
