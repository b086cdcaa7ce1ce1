"""The report stages at their seams, from records built by hand rather than by drafting through
the CLI: compose and schedule take a Case, a MatchResult and a Taxonomy and give a Report model;
verify takes a report as read (ReadReport) and an index. What each promises is checked on the
model itself: quotations verbatim and cited, the name of an anonymised applicant nowhere, the
schedule quoting what the report quotes, verify naming what was altered or left to fill."""

from __future__ import annotations

import pytest

from reportgen.docx.contract import QUOTE_BOOKMARK, STYLE_BIBLIOGRAPHY, STYLE_NUMBERED
from reportgen.docx.reader import ReadParagraph, ReadReport
from reportgen.library.folder import Library
from reportgen.library.indexing.read import EvidenceIndex
from reportgen.models import (
    Applicant,
    Case,
    ChosenEvidence,
    EvidenceParagraph,
    Expert,
    FactorEvidence,
    InstructedFactor,
    MatchResult,
    RiskFactor,
    SourceMeta,
    Taxonomy,
)
from reportgen.report import model
from reportgen.report.compose import compose_report
from reportgen.report.schedule import compose_schedule
from reportgen.report.template_set import TemplateSet
from reportgen.verify import verify_report

NAME = "Zhang Wenqiang"
FAMILY = ("Police officers visited the homes of relatives of activists living abroad and told them to "
          "persuade the activists to stop their criticism of the government.")
ONLINE = ("Users who posted criticism of the authorities on social media were detained for "
          "'picking quarrels and provoking trouble' and held for several weeks.")


def _meta(sid: str, title: str, published: str) -> SourceMeta:
    return SourceMeta(id=sid, title=title, author="unknown", publisher="Example Watch", published=published,
                      url=f"https://example.org/{sid}", accessed="2026-11-01", country=("CN",),
                      source_type="ngo-report", language="en", path=f"{sid}.txt")


def _paragraph(sid: str, number: int, text: str, factor: str) -> EvidenceParagraph:
    return EvidenceParagraph(id=f"{sid}:{number:010d}", source_id=sid, number=number, line=number,
                             heading="Treatment of critics", text=text, factors=(factor,))


FACTORS = (RiskFactor("family-in-country", "Family in China", "Pressure on relatives still in China.",
                      "political opinion"),
           RiskFactor("online-criticism", "Criticism online", "Criticism posted online.", "political opinion"))
TAXONOMY = Taxonomy("CN", "China", FACTORS)
SOURCES = (_meta("watch-2024", "Annual report on China 2024", "2024-03-01"),
           _meta("monitor-2023", "Online speech in China", "2023"))


def case(forum: str = "uk-tribunal", anonymise: bool = True) -> Case:
    return Case(reference="PA/55555/2026", forum=forum, instructed_by="Example Law LLP",
                instructions_date="2026-10-01", report_date="2026-11-20",
                questions=("Would the appellant be at risk on return to China?",),
                applicant=Applicant(NAME, anonymise, "CN", home_area="Beijing", gender="male"),
                expert=Expert("Dr Example Expert", "Senior Lecturer", "GB"),
                risk_factors=(InstructedFactor("family-in-country", f"Police visited {NAME}'s parents."),
                              InstructedFactor("online-criticism", "He posted criticism online.")))


def match_of(c: Case) -> MatchResult:
    family = ChosenEvidence(_paragraph("watch-2024", 3, FAMILY, "family-in-country"), SOURCES[0], 9.0, "tags")
    online = ChosenEvidence(_paragraph("monitor-2023", 7, ONLINE, "online-criticism"), SOURCES[1], 8.0, "tags")
    return MatchResult(c, (FactorEvidence(FACTORS[0], c.risk_factors[0].facts, (family,)),
                           FactorEvidence(FACTORS[1], c.risk_factors[1].facts, (online,))))


def _texts(report: model.Report) -> list[str]:
    """Every piece of text the report prints, footnotes and properties included."""
    out = [report.title, report.subject, report.header, report.footer, report.keywords]
    for block in report.blocks:
        if isinstance(block, (model.Heading, model.Quote)):
            out.append(block.text)
            if isinstance(block, model.Quote) and block.note:
                out.append(block.note.text)
        elif isinstance(block, model.Para):
            out += [getattr(i, "text", "") for i in block.inlines]
        elif isinstance(block, model.Table):
            out += [getattr(i, "text", "") for row in block.rows for cell in row for i in cell]
    return out


@pytest.mark.parametrize("forum", ["uk-tribunal", "us-immigration-court"])
def test_compose_quotes_each_chosen_paragraph_verbatim_and_cites_it(forum):
    c = case(forum)
    report = compose_report(c, match_of(c), TAXONOMY, TemplateSet.resolve(forum))
    quotes = [b for b in report.blocks if isinstance(b, model.Quote)]
    assert {q.evidence_id for q in quotes} == {"watch-2024:0000000003", "monitor-2023:0000000007"}
    by_id = {q.evidence_id: q for q in quotes}
    assert (by_id["watch-2024:0000000003"].text, by_id["monitor-2023:0000000007"].text) == (FAMILY, ONLINE)
    for q in quotes:
        assert q.note is not None and "Example Watch" in q.note.text
    assert [q.evidence_id for q in report.quoted] == [q.evidence_id for q in quotes]
    assert report.date == "2026-11-20" and report.author == "Dr Example Expert"
    # the expert's opinion is theirs: placeholders stand for it
    assert any(isinstance(i, model.Placeholder) for b in report.blocks if isinstance(b, model.Para) for i in b.inlines)


def test_compose_never_prints_an_anonymised_applicants_name():
    c = case()
    printed = " ".join(_texts(compose_report(c, match_of(c), TAXONOMY, TemplateSet.resolve(c.forum))))
    assert "Zhang" not in printed and "Wenqiang" not in printed
    named = case(anonymise=False)
    printed = " ".join(_texts(compose_report(named, match_of(named), TAXONOMY, TemplateSet.resolve(named.forum))))
    assert "Zhang" in printed


def test_compose_leaves_out_a_factor_with_no_evidence_from_the_quotes():
    c = case()
    full = match_of(c)
    only_family = MatchResult(c, (full.factors[0], FactorEvidence(FACTORS[1], "He posted criticism online.", ())))
    report = compose_report(c, only_family, TAXONOMY, TemplateSet.resolve(c.forum))
    assert [q.source_id for q in report.quoted] == ["watch-2024"]
    bibliography = [b for b in report.blocks if isinstance(b, model.Para) and b.style == "bibliography"]
    assert len(bibliography) == 1 and "Annual report on China 2024" in " ".join(_texts(report))


@pytest.mark.parametrize("forum", ["uk-tribunal", "us-immigration-court"])
def test_the_schedule_lists_what_the_report_quotes_word_for_word(forum):
    c = case(forum)
    result = match_of(c)
    templates = TemplateSet.resolve(forum)
    quoted = compose_report(c, result, TAXONOMY, templates).quoted
    schedule = compose_schedule(c, result, TAXONOMY, templates, quoted)
    printed = " ".join(_texts(schedule))
    for q in quoted:
        assert q.text in printed
    assert "Annual report on China 2024" in printed and "Online speech in China" in printed
    assert "Zhang" not in printed
    links = [i for b in schedule.blocks if isinstance(b, model.Para) for i in b.inlines if isinstance(i, model.Link)]
    assert {link.url for link in links} >= {"https://example.org/watch-2024", "https://example.org/monitor-2023"}


def test_compose_and_schedule_take_every_template_from_the_one_set_resolved(tmp_path, monkeypatch):
    """A firm's folder named once, when the templates are resolved: the report's wording and the
    schedule's both come from it, with no REPORTGEN_TEMPLATES for either to find it by."""
    from reportgen import envvars
    from reportgen.library.folder import packaged_path
    monkeypatch.delenv(envvars.TEMPLATES, raising=False)
    shipped = packaged_path("templates")
    firm = tmp_path / "firm"
    (firm / "forums").mkdir(parents=True)
    forum = (shipped / "forums" / "uk-tribunal.yaml").read_text(encoding="utf-8")
    (firm / "forums" / "uk-tribunal.yaml").write_text(
        forum.replace("  evidence_intro:", "  evidence_intro: \"FIRM-INTRO\"\n  old_evidence_intro:", 1),
        encoding="utf-8")
    schedule = (shipped / "schedule.yaml").read_text(encoding="utf-8")
    (firm / "schedule.yaml").write_text(schedule.replace("  issue_heading:", "  issue_heading: \"FIRM-ISSUE\"\n"
                                                         "  old_issue_heading:", 1), encoding="utf-8")
    c = case()
    templates = TemplateSet.resolve(c.forum, folder=str(firm))
    report = compose_report(c, match_of(c), TAXONOMY, templates)
    assert "FIRM-INTRO" in _texts(report)
    schedule = compose_schedule(c, match_of(c), TAXONOMY, templates, report.quoted)
    assert "FIRM-ISSUE" in [b.text for b in schedule.blocks if isinstance(b, model.Heading)]
    # the shipped set, resolved apart, is untouched by the firm's
    assert "FIRM-INTRO" not in _texts(compose_report(c, match_of(c), TAXONOMY, TemplateSet.resolve(c.forum)))


def test_placeholder_markup_in_a_template_and_brackets_in_a_case_value():
    """[[...]] a template writes is a placeholder; the same brackets typed in a case value are
    the user's text, printed as typed; ref() is a cross-reference to a bookmarked paragraph."""
    from reportgen.report.markup import as_data, inlines, letter, ref
    text = f"See paragraph {ref('rg_facts_x')}. {as_data('He wrote [[sic]]')}: [[Your opinion]]"
    assert inlines(text) == (model.Text("See paragraph "), model.Ref("rg_facts_x"),
                             model.Text(". He wrote [[sic]]: "), model.Placeholder("Your opinion"))
    assert [letter(n) for n in (1, 26, 27, 28)] == ["a", "z", "aa", "bb"]


# --- verify, from a report as read --------------------------------------------------------------

@pytest.fixture
def small_index(tmp_path):
    """A one-source library, indexed for real."""
    sources = tmp_path / "evidence" / "sources"
    sources.mkdir(parents=True)
    (sources / "watch-2024.txt").write_text(f"Treatment of critics\n\n{FAMILY}\n\n{ONLINE}\n", encoding="utf-8")
    (sources / "watch-2024.meta.yaml").write_text(
        "id: watch-2024\ntitle: Annual report on China 2024\nauthor: unknown\npublisher: Example Watch\n"
        "published: 2024-03-01\nurl: https://example.org/watch-2024\naccessed: 2026-11-01\ncountry: [CN]\n"
        "source_type: ngo-report\nlanguage: en\n", encoding="utf-8")
    index = EvidenceIndex.open(Library(tmp_path / "evidence"))
    yield index
    index.close()


def _read(quote: str, evidence_id: str, placeholder: str = "") -> ReadReport:
    mark = f"{QUOTE_BOOKMARK}{evidence_id.split(':')[1]}_1"
    paragraphs = [
        ReadParagraph(1, 1, STYLE_NUMBERED, "The police visit relatives of critics abroad.", notes=[1], index=1),
        ReadParagraph(None, 1, "Quote", quote, bookmarks=[mark], index=2),
        ReadParagraph(2, 2, STYLE_NUMBERED, "In my opinion", placeholders=[placeholder] if placeholder else [],
                      index=3),
        ReadParagraph(None, 2, STYLE_BIBLIOGRAPHY, "Example Watch, Annual report on China 2024, 1 March 2024", index=4,
                      heading="Bibliography"),
    ]
    return ReadReport(paragraphs, {1: "Example Watch, Annual report on China 2024, 1 March 2024, para 1"},
                      {mark: evidence_id})


def test_verify_finds_a_faithful_report_clean(small_index):
    paragraph = next(p for p in small_index.paragraphs("watch-2024") if p.text == FAMILY)
    assert verify_report(_read(FAMILY, paragraph.id), small_index) == []


def test_verify_names_an_altered_quotation_and_a_placeholder_left(small_index):
    paragraph = next(p for p in small_index.paragraphs("watch-2024") if p.text == FAMILY)
    altered = FAMILY.replace("persuade", "order")
    problems = verify_report(_read(altered, paragraph.id, "[the expert's opinion]"), small_index)
    assert [(p.kind, p.where) for p in problems] == [("altered-quote", "after paragraph 1"),
                                                     ("placeholder", "paragraph 2")]
    assert "watch-2024" in problems[0].detail and "order" in problems[0].detail


def test_verify_names_a_quotation_whose_source_is_not_in_the_library(small_index):
    problems = verify_report(_read(FAMILY, "gone-2020:0123456789"), small_index)
    assert [p.kind for p in problems] == ["missing-source"] and "gone-2020" in problems[0].detail
