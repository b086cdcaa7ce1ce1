"""The choice of evidence a country expert would sign (issue 20), on a small library of Freedonia
made for it: weak sources never lead, this applicant's own place and group first, the general
statement before the incident, the newest edition, the state's own position as contrary and never
as corroboration, and the lawyer's steering (pin, exclude, alternatives, what the respondent relies on)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml
from docxread import footnotes, open_docx

from reportgen.library.folder import Library
from reportgen.library.indexing.read import EvidenceIndex
from reportgen.matching.match import MatchSettings, match_case
from reportgen.workspace import Workspace

TAXONOMY = {
    "country": "FD", "name": "Freedonia",
    "factors": [
        {"id": "family-pressure", "label": "Pressure on family", "ground": "political opinion",
         "description": "Relatives who remain in Freedonia are questioned, detained or threatened by police "
                        "to pressure a critic abroad.",
         "match": {"terms": ["relatives", "famil*", "parents", "mother"], "phrases": ["relatives of critics"],
                   "heading_terms": ["family"], "threshold": 2}},
        {"id": "detention", "label": "Past detention", "ground": "political opinion",
         "description": "Arbitrary detention and imprisonment of critics by police.",
         "match": {"terms": ["detained", "detention", "prison*", "custody"], "threshold": 1}},
    ],
    "topics": [
        {"id": "internal-relocation", "label": "Internal relocation", "profile": ["home_area"],
         "description": "Whether the person could live safely elsewhere: registration, checkpoints.",
         "match": {"terms": ["relocat*", "registration", "checkpoint*"], "threshold": 1}},
        {"id": "torture", "label": "Torture and ill-treatment", "profile": ["factors"],
         "description": "Torture and beatings of detainees in custody, forced confessions.",
         "match": {"terms": ["tortur*", "beat*", "confession*"], "threshold": 1}},
    ],
    "places_and_groups": [
        {"id": "highlands", "terms": ["Highlands", "Highland", "Highlanders"],
         "applicant": {"home_area": ["Highlands"]}, "separate": True,
         "relocation": "whether the Highland authorities' checkpoints would stop a Highlander elsewhere"},
        {"id": "coastal", "terms": ["Coastal People", "Coast"], "applicant": {"ethnicity": ["Coastal"]}},
    ],
    "state_publishers": ["Freedonia Ministry of Justice"],
}

GOOD = "US State Department"
SOURCES = {  # id: (title, publisher, published, source_type, paragraphs)
    "usdos-fd-2024": ("2024 Report on Human Rights: Freedonia", GOOD, "2025-03-01", "government", [
        "Family Pressure: Authorities routinely questioned and threatened the relatives of critics living abroad "
        "to pressure them into silence.",
        "In March 2024 police detained the mother of activist Chen Bao after he spoke at a protest abroad; his "
        "relatives were questioned for days.",
        "In the Highlands, police questioned and threatened the relatives and parents of Highland critics living "
        "abroad to pressure the family.",
        "Police questioned and threatened the relatives and parents of Coastal People critics living abroad to "
        "pressure the family.",
        "The government denied that relatives of critics abroad were ever detained or threatened by police.",
        "The government denied that the harbour project displaced fishermen from their homes.",
        "In May 2024 police held the brother of a critic abroad for a week and searched his parents' house. The "
        "government denied that the brother was detained on account of his relative abroad.",
        "Police routinely beat detainees in custody and tortured them to force confessions.",
        "Highland residents need a registration permit to relocate, and checkpoints stop them elsewhere.",
        "Rural residents need a household registration permit to relocate to the cities of the plains.",
    ]),
    "usdos-fd-2022": ("2022 Report on Human Rights: Freedonia", GOOD, "2023-03-01", "government", [
        "Family Pressure: Authorities routinely questioned and threatened the relatives of critics living abroad "
        "to pressure them into silence.",
        "Authorities sometimes questioned the parents of critics abroad and pressured the family to persuade them "
        "to return.",
    ]),
    "opinion-piece": ("Why Freedonia fears its exiles", "The Daily Opinion", "2024-05-01", "opinion", [
        "I believe police pressure on the families and relatives of critics abroad is relentless: parents are "
        "detained and relatives threatened.",
    ]),
    "scraped-page": ("Relatives of critics detained", "unknown", "unknown", "news", [
        "Police detained the relatives and the family of critics abroad and pressured the parents and relatives "
        "of critics again and again, relatives of critics say.",
    ]),
    "fd-ministry": ("Statement on families of persons abroad", "Freedonia Ministry of Justice", "2024-01-01",
                    "government", [
        "Relatives of persons abroad are protected by law; the family of a person abroad is never detained or "
        "threatened by police.",
    ]),
}


def write_library(root):
    (root / "sources").mkdir(parents=True)
    (root / "taxonomies").mkdir()
    (root / "taxonomies" / "FD.yaml").write_text(yaml.safe_dump(TAXONOMY), encoding="utf-8")
    for sid, (title, publisher, published, kind, paragraphs) in SOURCES.items():
        (root / "sources" / f"{sid}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
        meta = {"id": sid, "title": title, "author": "unknown", "publisher": publisher, "published": published,
                "url": "unknown" if sid == "scraped-page" else f"https://example.org/{sid}", "accessed": "unknown",
                "country": ["FD"], "source_type": kind, "language": "en"}
        (root / "sources" / f"{sid}.meta.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    return root


def write_case(folder, applicant: str = "", case: str = "", factors: str = "", forum: str = "uk-tribunal"):
    path = folder / "case.yaml"
    path.write_text(textwrap.dedent(f"""\
        case:
          reference: FD/1/2026
          forum: {forum}
          instructed_by: Example Law LLP
          instructions_date: 2026-10-01
          report_date: 2026-11-20
          questions: [Would the appellant be at risk on return?]
        """) + textwrap.indent(textwrap.dedent(case), "  ") + textwrap.dedent("""\
        applicant:
          name: Chen Wei
          anonymise: false
          country: FD
        """) + textwrap.indent(textwrap.dedent(applicant), "  ") + textwrap.dedent("""\
        expert: {name: Dr Example Expert, signs_in: GB}
        risk_factors:
        """) + textwrap.dedent(factors or """\
          - factor: family-pressure
            facts: Police questioned his parents after he left.
        """), encoding="utf-8")
    return path


@pytest.fixture
def freedonia(tmp_path):
    return write_library(tmp_path / "lib")


def chosen(lib, case_file, **settings):
    ws = Workspace(evidence=str(lib))
    case = ws.load_case(case_file)
    return match_case(case, ws.taxonomy("FD"), ws.index(), MatchSettings(**settings))


def ids(items) -> list[str]:
    return [c.paragraph.source_id for c in items]


def test_weak_sources_never_lead_and_opinion_is_not_evidence_unless_allowed(freedonia, tmp_path):
    result = chosen(freedonia, write_case(tmp_path), per_factor=6)
    family = result.factors[0]
    assert family.evidence[0].source.id.startswith("usdos")
    assert "opinion-piece" not in ids(family.evidence) + ids(family.alternatives)
    unattributed = [c for c in family.evidence if c.source.id == "scraped-page"]
    assert all(any("no author, publisher, date or address" in n for n in c.notes) for c in unattributed)
    allowed = chosen(freedonia, write_case(tmp_path, case="allow_source_types: [opinion]\n"), per_factor=8,
                     bar=0.0)
    assert "opinion-piece" in ids(allowed.factors[0].evidence)


def test_the_applicants_own_area_comes_before_another_group(freedonia, tmp_path):
    def texts(applicant):
        result = chosen(freedonia, write_case(tmp_path, applicant=applicant), per_factor=4)
        return [c.paragraph.text for c in result.factors[0].evidence], result.factors[0].evidence
    highlander, evidence = texts("home_area: Highlands\n")
    assert any("Highland critics" in t for t in highlander)
    assert not any("Coastal People" in t for t in highlander)
    why = next(c.why for c in evidence if "Highland critics" in c.paragraph.text)
    assert "about highlands, as the applicant is" in why
    coastal, _ = texts("ethnicity: Coastal\n")
    assert any("Coastal People" in t for t in coastal) and not any("Highland critics" in t for t in coastal)


def test_the_general_statement_leads_and_the_newest_edition_is_cited(freedonia, tmp_path):
    result = chosen(freedonia, write_case(tmp_path), per_factor=6)
    lead = result.factors[0].evidence[0]
    assert lead.paragraph.text.startswith("Family Pressure: Authorities routinely")
    # the 2022 report is an edition of the same publication (no --series given): its copy is folded
    assert lead.source.id == "usdos-fd-2024" and lead.also_in == ("usdos-fd-2022",)
    assert lead.source.series and lead.source.edition == "2024"
    incident = next(c for c in result.factors[0].evidence if c.paragraph.text.startswith("In March"))
    assert result.factors[0].evidence.index(incident) > 0


def test_the_home_states_own_word_is_its_position_never_corroboration(freedonia, tmp_path):
    result = chosen(freedonia, write_case(tmp_path), per_factor=8)
    family = result.factors[0]
    assert "fd-ministry" not in ids(family.evidence) + ids(family.alternatives)
    contrary = {c.paragraph.text: c.why for c in family.contrary}
    assert any(t.startswith("The government denied that relatives") for t in contrary)
    assert not any("harbour" in t for t in contrary)  # a denial about something else is not this issue's
    # an account of what police did, with the state's denial after it, is evidence for the claim
    assert not any(t.startswith("In May 2024 police held") for t in contrary)
    assert all("states the position" in why for why in contrary.values())


def test_a_person_sharing_the_applicants_name_is_flagged(freedonia, tmp_path):
    result = chosen(freedonia, write_case(tmp_path), per_factor=8)
    chen = next(c for c in result.factors[0].evidence if "Chen Bao" in c.paragraph.text)
    assert any("Chen Bao" in n and "shares a name with the applicant" in n for n in chen.notes)


def test_an_account_that_mirrors_the_instructed_facts_is_flagged(freedonia, tmp_path):
    facts = "In March 2024 police detained his mother after he spoke at a protest abroad."
    case = write_case(tmp_path, factors=f"- factor: family-pressure\n  facts: {facts}\n")
    result = chosen(freedonia, case, per_factor=8)
    mirror = next(c for c in result.factors[0].evidence if c.paragraph.text.startswith("In March"))
    assert any("closely resembles the instructed facts" in n for n in mirror.notes)
    general = next(c for c in result.factors[0].evidence if c.paragraph.text.startswith("Family Pressure"))
    assert not any("resembles" in n for n in general.notes)


def test_pin_and_exclude_steer_the_choice(freedonia, tmp_path):
    index = EvidenceIndex.open(Library(freedonia))
    later = next(p for p in index.paragraphs("usdos-fd-2024") if p.text.startswith("Police routinely beat"))
    case = write_case(tmp_path, case="exclude_sources: [scraped-page]\n", factors=f"""\
        - factor: family-pressure
          pin: ['{later.id}']
          exclude: [usdos-fd-2022]
        - factor: detention
        """)
    result = chosen(freedonia, case, per_factor=2, alternatives=5)
    family, detention = result.factors
    assert family.evidence[0].paragraph.id == later.id and family.evidence[0].why == "pinned by the case"
    everywhere = ids(family.evidence) + ids(family.alternatives) + ids(detention.evidence) + ids(detention.alternatives)
    assert "scraped-page" not in everywhere and "usdos-fd-2022" not in everywhere  # a source excluded once
    assert family.alternatives and all(c.why for c in family.alternatives)


def test_validate_names_a_bad_id_and_the_paragraph_now_closest(run, freedonia, tmp_path):
    index = EvidenceIndex.open(Library(freedonia))
    old = next(p for p in index.paragraphs("usdos-fd-2024") if p.text.startswith("In the Highlands"))
    index.close()
    case = write_case(tmp_path, factors=f"- factor: family-pressure\n  pin: ['{old.id}']\n")
    assert run("--evidence", freedonia, "validate", case).code == 0
    case = write_case(tmp_path, factors=f"- factor: family-pressure\n  pin: ['{old.id}', 'nosuch-source']\n")
    source = freedonia / "sources" / "usdos-fd-2024.txt"
    source.write_text(source.read_text().replace("In the Highlands, police", "In the Highlands, the police"))
    result = run("--evidence", freedonia, "validate", case)
    assert result.code == 2 and "Traceback" not in result.err
    assert "case.yaml:" in result.err and f"no paragraph '{old.id}'" in result.err
    assert "the closest paragraph now is usdos-fd-2024:" in result.err and "In the Highlands, the police" in result.err
    assert "no source 'nosuch-source'" in result.err


def test_match_lists_alternatives_with_why(run, freedonia, tmp_path):
    lead = run("--evidence", freedonia, "match", write_case(tmp_path), "--json").json()["factors"][0]["evidence"][0]
    # without the general statement that leads (far ahead of the rest), the next candidates clear the bar
    case = write_case(tmp_path, factors=f"""\
      - factor: family-pressure
        facts: Police questioned his parents after he left.
        exclude: [{lead["id"]}]
    """)
    result = run("--evidence", freedonia, "match", case, "--json", "--alternatives", "2")
    family = result.json()["factors"][0]
    assert result.code == 0 and len(family["evidence"]) <= 3 and 1 <= len(family["alternatives"]) <= 2
    assert lead["id"] not in [c["id"] for c in family["evidence"] + family["alternatives"]]
    assert all(a["why"] for a in family["alternatives"])
    assert all("states the position" in c["why"] for c in family["contrary"])


def test_what_the_respondent_relies_on_is_quoted_or_named_as_not_held(run, freedonia, tmp_path):
    case = write_case(tmp_path, case="respondent_relies_on:\n  - Statement on families of persons abroad\n"
                                     "  - 'CPIN Freedonia: Opposition to the state, version 2.0'\n")
    out = tmp_path / "report.docx"
    result = run("--evidence", freedonia, "draft", case, "-o", out)
    assert result.code == 0, result.err
    body = [p.text for p in open_docx(out).paragraphs]
    held = next(i for i, t in enumerate(body) if t.startswith("The Respondent relies on Statement on families"))
    assert "never detained or threatened" in " ".join(body[held:held + 3])
    assert any("CPIN Freedonia: Opposition to the state, version 2.0. That document is not in the evidence "
               "library" in t for t in body)
    # the schedule lists what the report quotes from it too (it once failed on those extracts)
    schedule = tmp_path / "schedule.docx"
    result = run("--evidence", freedonia, "schedule", case, "-o", schedule)
    assert result.code == 0, result.err
    listed = [p.text for p in open_docx(schedule).paragraphs if p.style.name == "Quote"]
    assert any("never detained or threatened" in t for t in listed)


def test_the_us_torture_section_quotes_torture_evidence_and_relocation_fits_the_area(run, freedonia, tmp_path):
    case = write_case(tmp_path, forum="us-immigration-court", applicant="home_area: Highlands\n",
                      case="protection_sought: [asylum, cat]\n")
    out = tmp_path / "report.docx"
    assert run("--evidence", freedonia, "draft", case, "-o", out).code == 0
    body = [(p.style.name, p.text) for p in open_docx(out).paragraphs]
    torture = next(i for i, (s, t) in enumerate(body) if s.startswith("Heading") and t == "Torture")
    following = [t for s, t in body[torture + 1:torture + 6] if s == "Quote"]
    assert any("tortured them to force confessions" in t for t in following)
    assert any("Highland authorities' checkpoints" in t for _, t in body)  # the area's own relocation prompt


def test_relocation_for_an_area_with_its_own_law_quotes_only_that_area(freedonia, tmp_path):
    def relocation(applicant):
        result = chosen(freedonia, write_case(tmp_path, applicant=applicant))
        topic = next(t for t in result.topics if t.factor.id == "internal-relocation")
        return [c.paragraph.text for c in topic.evidence]
    highlander = relocation("home_area: Highlands\n")
    assert highlander and all("Highland" in t for t in highlander)
    lowlander = relocation("home_area: Plains\n")
    assert any(t.startswith("Rural residents") for t in lowlander)


def test_evidence_add_names_the_series_a_new_edition_seems_to_join(run, freedonia, tmp_path):
    new = tmp_path / "fd-2025.txt"
    new.write_text("Family Pressure: Authorities routinely questioned the relatives of critics abroad.\n",
                   encoding="utf-8")
    result = run("--evidence", freedonia, "evidence", "add", new, "--title", "2025 Report on Human Rights: Freedonia",
                 "--publisher", GOOD, "--published", "2026-03-01", "--source-type", "government", "--country", "FD")
    assert result.code == 0, result.err
    assert "fd-2025 looks like edition 2025 of the series 'usd-report-on-human-rights-freedonia'" in result.out


def test_a_text_printed_by_several_publications_is_cited_once_from_the_most_authoritative(run, freedonia, tmp_path):
    lead = SOURCES["usdos-fd-2024"][4][0]
    for sid, (publisher, kind, text) in {
            "news-copy": ("Freedonia Times", "news", lead),
            "ukho-note": ("UK Home Office", "government", f"The US State Department reported that: ‘{lead}’")}.items():
        (freedonia / "sources" / f"{sid}.txt").write_text(text + "\n", encoding="utf-8")
        meta = {"id": sid, "title": f"{sid} on Freedonia", "author": "unknown", "publisher": publisher,
                "published": "2025-04-01", "url": f"https://example.org/{sid}", "accessed": "unknown",
                "country": ["FD"], "source_type": kind, "language": "en"}
        (freedonia / "sources" / f"{sid}.meta.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    family = chosen(freedonia, write_case(tmp_path), per_factor=8).factors[0]
    quoted = ids(family.evidence)
    assert "news-copy" not in quoted and "ukho-note" not in quoted  # the original, not its copies
    original = next(c for c in family.evidence if c.paragraph.text == lead)
    assert original.source.id == "usdos-fd-2024"
    assert {m.id for m in original.also_stated_by} == {"news-copy", "ukho-note"}
    assert "the same text stands in" in original.why
    report = tmp_path / "report.docx"
    assert run("--evidence", freedonia, "draft", write_case(tmp_path), "-o", report).code == 0
    notes = " ".join(footnotes(report).values())
    assert "The same text also stands in" in notes and "https://example.org/ukho-note" in notes


def test_a_paragraph_that_only_shares_words_with_a_factor_is_not_its_evidence(freedonia, tmp_path):
    # the taxonomy's words for family pressure (relatives, family, parents) do not find it: it is about critics
    stray = ("Police questioned and threatened critics abroad by telephone to pressure them into silence, and some "
             "critics were detained when they came back to Freedonia.")
    (freedonia / "sources" / "usdos-fd-2024.txt").write_text(
        (freedonia / "sources" / "usdos-fd-2024.txt").read_text(encoding="utf-8") + "\n" + stray + "\n", encoding="utf-8")
    family = chosen(freedonia, write_case(tmp_path), per_factor=8, alternatives=8).factors[0]
    assert stray not in [c.paragraph.text for c in (*family.evidence, *family.alternatives)]


def test_a_section_on_others_responses_is_not_evidence_of_the_states_conduct(freedonia, tmp_path):
    (freedonia / "sources" / "ngo-fd.md").write_text(
        "# Pressure on families\n\nPolice questioned the relatives of critics abroad.\n\n"
        "# Recommendations to host governments\n\nHost governments should protect the relatives and families of "
        "critics abroad whom Freedonia police pressure, and warn parents of the risk.\n",
        encoding="utf-8")
    meta = {"id": "ngo-fd", "title": "Families under pressure", "author": "unknown", "publisher": "Freedonia Watch",
            "published": "2025-01-10", "url": "https://example.org/ngo-fd", "accessed": "unknown",
            "country": ["FD"], "source_type": "ngo-report", "language": "en"}
    (freedonia / "sources" / "ngo-fd.meta.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    family = chosen(freedonia, write_case(tmp_path), per_factor=8, alternatives=8).factors[0]
    ranked = [c.paragraph.text for c in (*family.evidence, *family.alternatives)]
    told = next(i for i, t in enumerate(ranked) if t.startswith("Police questioned the relatives"))
    advice = [i for i, t in enumerate(ranked) if t.startswith("Host governments should")]
    assert not advice or advice[0] > told


@pytest.mark.parametrize("country, entry, about, beside", [
    ("CN", "risk-on-return",
     "Police detained the lawyer at the airport when he returned to China from Thailand, and questioned returnees.",
     "Prisoners sentenced for theft were denied permission to return to their homes; children were returned to "
     "their parents."),
    ("CN", "sur-place-activity",
     "Exiles abroad who spoke at protests and rallies outside the Chinese embassy were filmed.",
     "Officials declaring assets must report property abroad and income from writing and lectures."),
    ("CN", "political-dissent",
     "Police broke up the protest and detained those who had voiced dissenting political views.",
     "Students gave a demonstration of their robots at the science fair."),
    ("CN", "police-surveillance",
     "Police monitored his telephone calls and visited his parents to warn him.",
     "Police held him under residential surveillance at his home; he could receive visitors and use the telephone."),
    ("CN", "forced-return",
     "Thailand forcibly returned the two activists to China, where police detained them.",
     "Police forced the depositors to leave the bank and return home after the protest was dispersed."),
    ("CN", "corruption-pretext",  # the index's stems make 'international' 'internal'
     "Critics abroad were accused of corruption, and police sought them through international cooperation.",
     "The CCP internal disciplinary system investigated party members suspected of corruption."),
    ("CN", "family-in-country",  # relatives who are themselves abroad are transnational repression's
     "Police questioned his parents and threatened his relatives in China to pressure him into silence.",
     "Officials harassed the Turkey-based family members of Uyghurs, coercing family members abroad into silence."),
    ("CN", "prior-detention",  # a statute's penalties are not what is done to people
     "Police detained him for ten days and he was later imprisoned for subversion.",
     "The law prohibits forced labor and provides a range of penalties, including imprisonment and criminal detention."),
    ("CN", "background",  # the state and its ruling party, not any censor's or school's 'control'
     "The PRC is an authoritarian state in which the Chinese Communist Party is the paramount authority.",
     "Control over public depictions of Xi Jinping was severe, and censors shut down any depiction."),
    ("CN", "sur-place-activity",  # the state watching students' views abroad, not an official's property abroad
     "A student association served as an overseas monitoring network, tracking students abroad with prodemocracy views.",
     "Officials were found to hold property abroad and income from writing."),
    ("RU", "conscription-evasion",
     "Men who evaded mobilization were prosecuted, and conscripts had to hand over their passports.",
     "The lack of an internal passport often prevented homeless citizens from obtaining services."),
])
def test_the_shipped_taxonomies_tag_the_matter_not_a_word_of_it(tmp_path, country, entry, about, beside):
    from pathlib import Path
    root = tmp_path / "lib"
    (root / "sources").mkdir(parents=True)
    (root / "taxonomies").mkdir()
    shipped = Path(__file__).resolve().parents[1] / "evidence" / "taxonomies" / f"{country}.yaml"
    (root / "taxonomies" / f"{country}.yaml").write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "sources" / "r.txt").write_text(f"{about}\n\n{beside}\n", encoding="utf-8")
    meta = {"id": "r", "title": "Report", "author": "unknown", "publisher": "Example", "published": "2025-01-01",
            "url": "https://example.org/r", "accessed": "unknown", "country": [country], "source_type": "ngo-report",
            "language": "en"}
    (root / "sources" / "r.meta.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    index = EvidenceIndex.open(Library(root))
    tagged = {index.paragraph(pid).text for pid in index.tags_of([p.id for p in index.paragraphs("r")], entry)}
    assert tagged == {about}


def test_a_name_is_compared_however_it_is_written():
    """The note on a person who shares the applicant's name folds names as the anonymiser does:
    traditional characters as simplified, accents and soft hyphens aside."""
    from reportgen.matching.cautions import name_parts
    assert name_parts("陳志明 (Chén Zhi\u00adming)") == name_parts("陈志明 (Chen Zhiming)") == {"陈志明", "chen", "zhiming"}


def test_a_name_in_characters_is_folded_only_against_text_in_characters(monkeypatch):
    """OpenCC's table (a fifth of a draft's imports) is loaded only when a paragraph holds Chinese
    characters: English text cannot hold a name written in them. The notes are the same either way."""
    import sys
    from dataclasses import replace

    from reportgen import text as folding
    from reportgen.matching.cautions import name_parts, people_notes
    from reportgen.matching.notes import note
    from reportgen.models import EvidenceParagraph
    repo = Path(__file__).resolve().parents[1]
    case = Workspace(evidence=str(repo / "evidence")).load_case(repo / "examples" / "uk-chinese-name.yaml")
    assert case.applicant.name.startswith("陈志明")
    english = EvidenceParagraph("s:1", "s", 1, 1, "", "Police questioned the parents of Chen Zhiming, a blogger.")
    chinese = EvidenceParagraph("s:2", "s", 2, 2, "", "警方詢問陳志明的父母。")
    for cache in (folding._converter, folding._fold_char, name_parts):
        cache.cache_clear()
    with monkeypatch.context() as m:
        m.setitem(sys.modules, "opencc", None)  # any attempt to load the table fails
        assert people_notes(english, case) == (note("shares_name_named", name="Chen Zhiming"),)
    folding._fold_char.cache_clear()
    name_parts.cache_clear()
    assert people_notes(chinese, case) == (note("name_written_alike"),)  # 陳 folded as 陈: the table was needed
    assert people_notes(english, replace(case, applicant=replace(case.applicant, name="陈志明"))) == ()


def test_an_account_of_events_long_past_is_not_evidence_on_an_issue(freedonia, tmp_path):
    # the same account dated 2005 (over ten years before the report) and 2024: the tribunal asks what
    # would happen now; a history may explain the background, it is not quoted on an issue
    from reportgen.library.indexing.traits import traits_of
    from reportgen.matching.weighing import history
    told = "police routinely questioned and threatened the relatives and parents of critics abroad to pressure the family."
    old, new = f"In 2005 {told}", f"In 2024 {told}"
    (freedonia / "sources" / "usdos-fd-2024.txt").write_text(
        (freedonia / "sources" / "usdos-fd-2024.txt").read_text(encoding="utf-8") + f"\n{old}\n\n{new}\n",
        encoding="utf-8")
    family = chosen(freedonia, write_case(tmp_path), per_factor=8, alternatives=8).factors[0]
    ranked = [c.paragraph.text for c in (*family.evidence, *family.alternatives)]
    assert new in ranked and old not in ranked
    assert history(traits_of("", old), 2026).reasons == ("an account of 2005, history rather than current evidence",)
    assert history(traits_of("", new), 2026).value == 1.0
    assert history(traits_of("", "Since March 2017 police ..."), 2026).value == 1.0


def test_a_paragraph_that_names_the_matter_once_is_said_to_and_weighs_less():
    from reportgen.matching.weighing import mention
    assert mention(("conscript*",), 12, 80).value < 1.0
    assert "names the matter once ('conscript*')" in mention(("conscript*",), 12, 80).reasons
    assert mention(("conscript*", "mobiliz*"), 12, 80).value == 1.0
    assert mention(("heading: family",), 12, 80).value == 1.0  # a section on the matter is not a passing mention
    assert mention(("family", "heading: family"), 12, 80).value == 1.0
    assert mention(("间谍",), 1, 80).value == 1.0  # a factor found by one word is named by that word
    # a hint inside another found with it is one mention: 'detention' in 'administrative detention'
    assert mention(("detention", "administrative detention"), 12, 80).value < 1.0
    assert mention(("detention", "custody"), 12, 80).value == 1.0
    assert mention(("conscript*",), 12, 20).value == 1.0  # a short paragraph that names the matter is about it


def test_a_paragraph_about_the_applicants_own_group_is_never_a_passing_mention(freedonia, tmp_path):
    """Named once ('relatives of critics') in a long paragraph, but about the Highlands, the
    applicant's own area: its subject, not a passing mention."""
    mine = ("In the Highlands police questioned the relatives of critics. The road over the pass was closed for "
            "most of the winter, the only clinic in the valley had no doctor from January to April, and the "
            "price of flour and fuel rose by a third, so that many young people left for the cities of the "
            "plains to look for work before the harvest.")
    (freedonia / "sources" / "usdos-fd-2024.txt").write_text(
        (freedonia / "sources" / "usdos-fd-2024.txt").read_text(encoding="utf-8") + f"\n{mine}\n", encoding="utf-8")
    highlander = write_case(tmp_path, applicant="home_area: Highlands\n")
    family = chosen(freedonia, highlander, per_factor=8, alternatives=8).factors[0]
    found = next(c for c in (*family.evidence, *family.alternatives) if c.paragraph.text == mine)
    assert "names the matter once" not in found.why and "as the applicant is" in found.why


def test_a_factor_whose_acts_happen_abroad_takes_only_what_speaks_of_people_abroad(tmp_path):
    """Sur place: an arrest at a protest planned outside China's office in Hong Kong is no evidence
    of what is done to a protester in London; `abroad: only` in the taxonomy says so."""
    from reportgen.errors import ReportgenError
    from reportgen.library.indexing.taxonomy import load_taxonomy
    from reportgen.library.indexing.traits import traits_of
    from reportgen.matching.weighing import scope_weight
    shipped = load_taxonomy(Path(__file__).resolve().parents[1] / "evidence" / "taxonomies" / "CN.yaml")
    sur_place = shipped.get("sur-place-activity")
    assert sur_place.only_abroad and sur_place.abroad and not shipped.get("family-in-country").only_abroad
    home, _ = _paragraph_in_report("Police arrested the activist, who had planned to protest outside China's office "
                                   "in Hong Kong.", "CN")
    away, source = _paragraph_in_report("Exiles who protested outside the embassy in London were filmed and "
                                        "their families at home warned.", "CN")
    assert scope_weight(home, source, shipped, True, True, traits_of(home.heading, home.text)).value == 0.0
    assert scope_weight(away, source, shipped, True, True, traits_of(away.heading, away.text)).value == 1.0
    bad = dict(TAXONOMY, factors=[dict(TAXONOMY["factors"][0], abroad="sometimes")])
    (tmp_path / "FD.yaml").write_text(yaml.safe_dump(bad), encoding="utf-8")
    with pytest.raises(ReportgenError, match="abroad must be true, false or only"):
        load_taxonomy(tmp_path / "FD.yaml")


def _paragraph_in_report(text: str, country: str):
    """One paragraph of an NGO report about `country`, as the index would hand it to matching."""
    from reportgen.models import EvidenceParagraph, SourceMeta
    paragraph = EvidenceParagraph(id="r:1", source_id="r", number=1, line=1, heading="", text=text)
    source = SourceMeta(id="r", title="Report", author="unknown", publisher="Example", published="2025-01-01",
                        url="https://example.org/r", accessed="unknown", country=(country,), language="en",
                        source_type="ngo-report")
    return paragraph, source


def test_the_russia_taxonomy_knows_the_national_republics_peoples(tmp_path):
    """A Buryat foundation's aid to Buryats avoiding service is about Buryats: not quoted for an
    ethnic Russian from Moscow, quoted for a Buryat."""
    from dataclasses import replace
    from pathlib import Path

    from reportgen.library.indexing.taxonomy import load_taxonomy
    from reportgen.library.indexing.traits import traits_of
    from reportgen.matching.weighing import applicant_fit, fit_weight
    taxonomy = load_taxonomy(Path(__file__).resolve().parents[1] / "evidence" / "taxonomies" / "RU.yaml")
    text = "Free Buryatiya provided legal aid for ethnic Buryats seeking to avoid military service."
    paragraph, source = _paragraph_in_report(text, "RU")
    case = Workspace(evidence=str(write_library(tmp_path / "lib"))).load_case(write_case(tmp_path))
    weights = {}
    for ethnicity, home in (("Russian", "Moscow"), ("Buryat", "Ulan-Ude")):
        applicant = replace(case.applicant, country="RU", ethnicity=ethnicity, home_area=home)
        weights[ethnicity] = fit_weight(paragraph, source, applicant_fit(replace(case, applicant=applicant),
                                                                         taxonomy), traits_of(paragraph.heading, paragraph.text)).value
    assert weights["Russian"] == 0.0 and weights["Buryat"] > 1.0


HARBOUR = ("The harbour project displaced hundreds of fishing families from the eastern shore, and the "
           "compensation offered to them was a fraction of what their boats and houses had been worth. Local "
           "officials said the project would bring jobs and a new road to the town. Fishermen who refused to "
           "leave were warned that they could be taken into custody, and several of them moved inland to "
           "live with relatives before the work began in the spring.")


def test_passing_mentions_are_never_quoted_and_a_library_of_them_is_a_gap(freedonia, tmp_path):
    """Past detention: a long paragraph about a harbour project that names custody once is never
    quoted; where the library holds nothing else the gap is stated and it is an alternative, said
    to name the matter once; short paragraphs that name the matter once are about it."""
    case = write_case(tmp_path, factors="- factor: detention\n  facts: He was held.\n")
    (freedonia / "sources" / "usdos-fd-2022.txt").write_text(
        (freedonia / "sources" / "usdos-fd-2022.txt").read_text(encoding="utf-8") + f"\n{HARBOUR}\n", encoding="utf-8")
    detention = chosen(freedonia, case, alternatives=8).factors[0]
    assert detention.evidence and HARBOUR not in [c.paragraph.text for c in detention.evidence]
    for other in ("usdos-fd-2024", "opinion-piece", "scraped-page", "fd-ministry"):  # only the harbour left
        (freedonia / "sources" / f"{other}.txt").unlink()
        (freedonia / "sources" / f"{other}.meta.yaml").unlink()
    (freedonia / "sources" / "usdos-fd-2022.txt").write_text(f"{HARBOUR}\n", encoding="utf-8")
    detention = chosen(freedonia, case, alternatives=3).factors[0]
    assert detention.evidence == ()
    assert "only in passing" in detention.warnings[0] and "explain the gap" in detention.warnings[0]
    assert [c.paragraph.text for c in detention.alternatives] == [HARBOUR]
    assert "names the matter once ('custody')" in detention.alternatives[0].why


def test_a_group_singled_out_for_what_it_does_is_the_applicants_when_the_case_instructs_it(tmp_path):
    """The 709 crackdown's lawyers: evidence about them fits a rights lawyer, not an online critic."""
    from dataclasses import replace
    from pathlib import Path

    from reportgen.library.indexing.taxonomy import load_taxonomy
    from reportgen.library.indexing.traits import traits_of
    from reportgen.matching.weighing import applicant_fit, fit_weight
    from reportgen.models import InstructedFactor
    taxonomy = load_taxonomy(Path(__file__).resolve().parents[1] / "evidence" / "taxonomies" / "CN.yaml")
    text = "Disbarred lawyers and families of \u201c709\u201d lawyers faced difficulties applying for passports."
    paragraph, source = _paragraph_in_report(text, "CN")
    case = Workspace(evidence=str(write_library(tmp_path / "lib"))).load_case(write_case(tmp_path))
    case = replace(case, applicant=replace(case.applicant, country="CN"))
    weights = {}
    for factor in ("rights-lawyer", "online-criticism"):
        instructed = replace(case, risk_factors=(InstructedFactor(factor=factor, facts=""),))
        weights[factor] = fit_weight(paragraph, source, applicant_fit(instructed, taxonomy),
                                     traits_of(paragraph.heading, paragraph.text)).value
    assert weights["online-criticism"] == 0.0 and weights["rights-lawyer"] > 1.0


def test_a_newspapers_name_does_not_name_its_place():
    """'according to the Hong Kong Free Press' is not about Hong Kong: a place's `except` names
    hold its term but not it, and the longer name is read first, at index time and in matching alike."""
    from reportgen.library.indexing.names import groups_named, term_groups
    from reportgen.library.indexing.taxonomy import load_taxonomy
    taxonomy = load_taxonomy(Path(__file__).resolve().parents[1] / "evidence" / "taxonomies" / "CN.yaml")
    groups = term_groups(taxonomy)
    assert groups_named("Xinjiang residents were ordered to install an app, the Hong Kong Free Press reported.",
                        groups) == {"xinjiang-uyghur"}
    assert groups_named("The Hong Kong Free Press reported arrests in Hong Kong.", groups) == {"hong-kong"}


def test_a_paragraph_naming_another_matter_in_the_factors_words_is_never_its_evidence(tmp_path):
    """A taxonomy's `except` ('relatives abroad' under pressure on family at home) keeps the paragraph
    out whatever else finds it: here the instructed facts and the applicant's own group would."""
    excepted = dict(TAXONOMY["factors"][0], match=dict(TAXONOMY["factors"][0]["match"], **{"except": ["relatives abroad"]}))
    lib = write_library(tmp_path / "lib")
    (lib / "taxonomies" / "FD.yaml").write_text(yaml.safe_dump(dict(TAXONOMY, factors=[excepted, *TAXONOMY["factors"][1:]])),
                                                encoding="utf-8")
    other = "Police questioned the Coastal People relatives abroad of a critic and pressured his family about his protest."
    path = lib / "sources" / "usdos-fd-2024.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + other + "\n", encoding="utf-8")
    case = write_case(tmp_path, applicant="ethnicity: Coastal\n", factors="""\
      - factor: family-pressure
        facts: Police questioned his parents about his protest.
    """)
    family = chosen(lib, case, per_factor=8, alternatives=8).factors[0]
    assert family.evidence and other not in [c.paragraph.text for c in (*family.evidence, *family.alternatives)]


def test_the_states_word_below_the_factors_bar_is_not_evidence_of_the_matter(freedonia, tmp_path):
    """Contrary text is tagged on any one hint, so that the state's position is found; an account
    that ends on the state's word is evidence only where the factor's own bar finds it."""
    told = ("Police held a critic's brother for a week and searched the family home. The government denied that "
            "anyone was detained.")
    path = freedonia / "sources" / "usdos-fd-2024.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + told + "\n", encoding="utf-8")
    family = chosen(freedonia, write_case(tmp_path), per_factor=8, alternatives=8).factors[0]
    assert family.evidence and told not in [c.paragraph.text for c in (*family.evidence, *family.alternatives)]


def test_muslims_outside_xinjiang_are_a_group_and_a_county_is_not_them(tmp_path):
    from dataclasses import replace

    from reportgen.library.indexing.taxonomy import load_taxonomy
    from reportgen.library.indexing.traits import traits_of
    from reportgen.matching.weighing import applicant_fit, fit_weight
    taxonomy = load_taxonomy(Path(__file__).resolve().parents[1] / "evidence" / "taxonomies" / "CN.yaml")
    case = Workspace(evidence=str(write_library(tmp_path / "lib"))).load_case(write_case(tmp_path))
    def weight(text, **applicant):
        paragraph, source = _paragraph_in_report(text, "CN")
        who = replace(case, applicant=replace(case.applicant, country="CN", **applicant))
        return fit_weight(paragraph, source, applicant_fit(who, taxonomy), traits_of(paragraph.heading, paragraph.text)).value
    mosque = "Police surveilled and detained local Muslims who protested the demolition of a mosque's dome."
    assert weight(mosque, ethnicity="Tibetan") == 0.0
    assert weight(mosque, ethnicity="Hui", religion="Islam") > 1.0
    assert weight("Police held her in a detention centre in Hui County, Henan.", ethnicity="Tibetan") == 1.0


def test_a_status_is_the_applicants_only_when_instructed_and_never_among_another_groups_people(tmp_path):
    """Public officials are an investigated official's group, not a rights lawyer's; a status shared
    among the Uyghurs (the 709 lawyers) does not make the Uyghurs' evidence a Tibetan's; a naturalised
    citizen's evidence is not a citizen by birth's. Mentioning party members or former prisoners
    (the executive summary; torture told by former detainees) places nobody."""
    from dataclasses import replace

    from reportgen.library.indexing.taxonomy import load_taxonomy
    from reportgen.library.indexing.traits import traits_of
    from reportgen.matching.weighing import applicant_fit, fit_weight
    from reportgen.models import InstructedFactor
    shipped = Path(__file__).resolve().parents[1] / "evidence" / "taxonomies"
    case = Workspace(evidence=str(write_library(tmp_path / "lib"))).load_case(write_case(tmp_path))

    def weight(text, factors, country="CN", **applicant):
        paragraph, source = _paragraph_in_report(text, country)
        who = replace(case, applicant=replace(case.applicant, country=country, **applicant),
                      risk_factors=tuple(InstructedFactor(factor=f, facts="") for f in factors))
        return fit_weight(paragraph, source, applicant_fit(who, load_taxonomy(shipped / f"{country}.yaml")),
                          traits_of(paragraph.heading, paragraph.text)).value
    summary = "The state is authoritarian: Communist Party members hold almost all top government positions."
    torture = "Former prisoners and detainees reported they were beaten and subjected to electric shock."
    assert weight(summary, ["online-criticism"]) == weight(torture, ["online-criticism"]) == 1.0
    officials = "The commission could detain any public official, including police and judges, for questioning."
    assert weight(officials, ["rights-lawyer"]) == 0.0
    assert weight(officials, ["party-official"]) > 1.0
    uyghurs = "Uyghur lawyers detained in the 709 crackdown were held in Xinjiang."
    assert weight(uyghurs, ["rights-lawyer"], ethnicity="Tibetan") == 0.0
    assert weight(uyghurs, ["rights-lawyer"], ethnicity="Uyghur") > 1.0
    revoked = "A law let the authorities revoke the citizenship of naturalized citizens who discredited the army."
    assert weight(revoked, ["anti-war-expression"], country="RU", ethnicity="Russian") == 0.0
    # a status whose evidence others share in part weighs less for them, and is never shut out:
    # the families of former political prisoners under watch are a detained applicant's lead, and an
    # online critic's evidence after the general statement on families (every judge refused it as his lead)
    families = "Authorities subjected former political prisoners and their families to surveillance and threats."
    assert weight(families, ["prior-detention"]) > 1.0
    assert weight(families, ["online-criticism"]) == 0.7


def test_a_section_every_report_has_quotes_general_statements_only(freedonia, tmp_path):
    """Background, torture, relocation, risk on return state the general position: one story is no
    pattern (an expert illustrates an issue with it, not a section on how the state treats people),
    and what is far weaker than the best general statement is left out rather than padding it."""
    story = "In March 2024 police beat the detainee Chen Li in custody and tortured him into a confession."
    account = "According to his lawyer, police beat a detained critic and tortured him into a confession."
    weak = "Some detainees were said to have been beaten."
    path = freedonia / "sources" / "usdos-fd-2024.txt"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + "\n\n".join((story, account, weak)) + "\n",
                    encoding="utf-8")
    result = chosen(freedonia, write_case(tmp_path), per_topic=8, max_age_years=1)
    torture = next(t for t in result.topics if t.factor.id == "torture")
    quoted = [c.paragraph.text for c in torture.evidence]
    assert quoted and quoted[0].startswith("Police routinely beat detainees")
    assert story not in quoted and account not in quoted and weak not in quoted
    # a section's old source is flagged as an issue's is, by the names a reader knows
    assert torture.warnings == ("this section relies on \u201c2024 Report on Human Rights: "
                                "Freedonia\u201d, published 1 March 2025, more than 1 years before the report: say "
                                "whether it still holds, or cite newer evidence",)


@pytest.mark.parametrize("value", [1, 1.5, -0.1, "less", True])
def test_a_groups_others_weight_is_a_share_below_one(tmp_path, value):
    """A taxonomy author's others_weight is bad input named as such: 1 or more would make another
    group's conditions weigh as the applicant's own."""
    from reportgen.errors import ReportgenError
    from reportgen.library.indexing.taxonomy import load_taxonomy
    groups = [dict(TAXONOMY["places_and_groups"][0], others_weight=value)]
    (tmp_path / "FD.yaml").write_text(yaml.safe_dump(dict(TAXONOMY, places_and_groups=groups)), encoding="utf-8")
    with pytest.raises(ReportgenError, match="others_weight must be a number from 0 up to"):
        load_taxonomy(tmp_path / "FD.yaml")


def test_a_hint_inside_another_is_one_mention_as_a_word_boundary_finds_it():
    """`mention` counts 'detention' within 'administrative detention' once; the check is a
    string search standing in for re's word boundary, so it must agree with it everywhere."""
    import re

    from reportgen.matching.weighing import _distinct, _opens_word_in
    words = ["detention", "administrative detention", "re-education", "education", "camp", "camps", "de",
             "_x", "a_x", "tion", "étude", "prétude", "1989", "in 1989", "-x", "a-x"]
    for stem in words:
        for text in words:
            assert _opens_word_in(stem, text) == bool(re.search(rf"\b{re.escape(stem)}", text)), (stem, text)
    assert _distinct(("detention", "administrative detention")) == ("administrative detention",)
    assert _distinct(("tion", "detention")) == ("tion", "detention")  # inside a word: two mentions


@pytest.mark.parametrize("newer_score, cited", [(0.9, "2024"), (0.5, "2023")])
def test_the_newest_edition_of_a_passage_is_cited_where_nearly_as_good(newer_score, cited):
    """Two editions open a paragraph alike and go on differently (an older one ran on further, or
    opened its section): the newest is cited where it is nearly as good, as a tribunal expects."""
    from reportgen.library.indexing.read import Hit
    from reportgen.matching.candidate import _Candidate
    from reportgen.matching.selection import _select
    from reportgen.models import EvidenceParagraph, SourceMeta

    def candidate(year, score, rest):
        meta = SourceMeta(f"rep-{year}", f"{year} Report", "unknown", "Watch", f"{year}-03-01", "unknown", "unknown",
                          ("FD",), "ngo-report", "en", series="rep", edition=year)
        text = f"Authorities detained persons on poorly defined allegations of revealing state secrets. {rest}"
        return _Candidate(Hit(EvidenceParagraph(f"{meta.id}:1", meta.id, 1, 1, "", text), meta, score), score, "why")

    ranked = [candidate("2023", 1.0, "Any piece of information could be designated a state secret."),
              candidate("2024", newer_score, "Lawyers were detained too.")]
    picks = _select(ranked, 1, {}, "factor", index=None)
    assert [c.source.edition for c in picks] == [cited]
