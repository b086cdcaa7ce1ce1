"""Matching on a library of several editions and kinds of source: the newest edition cited once,
a gap instead of a weak pick, contrary evidence by who says what, quotes that stand on their own."""

import textwrap
from pathlib import Path

import pytest
import yaml
from corpus import CORPUS, read_corpus

from reportgen.report.quotes import extract, is_faithful

TAXONOMY = {
    "country": "XL", "name": "Examplia",
    "factors": [
        {"id": "family-pressure", "label": "Pressure on family", "ground": "political opinion",
         "description": "Relatives who remain in Examplia are questioned, threatened or detained because of "
                        "a person's activity abroad.",
         "match": {"terms": ["relatives", "family", "parents"], "threshold": 1}},
        {"id": "lgbti", "label": "Sexual orientation", "ground": "particular social group",
         "description": "Gay, lesbian, bisexual, transgender and intersex people, and prosecution for same-sex conduct."},
    ],
}
OLD = "Police questioned the relatives of activists abroad and warned their parents to make them stop."
SOURCES = {
    "report-2023": ("government", "2023-03-01", "examplia-report", "2023", [OLD, "Prisons were overcrowded."]),
    "report-2024": ("government", "2024-03-01", "examplia-report", "2024",
                    [OLD, "The government denied that relatives of critics abroad were ever detained or threatened."]),
    "agency-brochure": ("commercial", "unknown", "", "",
                        ["Our agency helps families whose relatives and parents are questioned by police: call us."]),
    "blog-post": ("news", "unknown", "", "",
                  ["Last month police detained the parents of a blogger abroad and questioned his relatives.",
                   "The journalist Wang Lei left Examplia in 2019 after years of harassment.",
                   "When he refused to return, police detained his parents and questioned his family for days."]),
}


@pytest.fixture
def examplia(tmp_path):
    lib = tmp_path / "lib"
    (lib / "sources").mkdir(parents=True)
    (lib / "taxonomies").mkdir()
    (lib / "taxonomies" / "XL.yaml").write_text(yaml.safe_dump(TAXONOMY))
    for sid, (kind, date, series, edition, paragraphs) in SOURCES.items():
        (lib / "sources" / f"{sid}.txt").write_text("\n\n".join(paragraphs) + "\n")
        meta = {"id": sid, "title": sid.replace("-", " ").title(), "author": "unknown", "publisher": "unknown",
                "published": date, "url": "unknown", "accessed": "unknown", "country": ["XL"],
                "source_type": kind, "language": "en"}
        if series:
            meta.update(series=series, edition=edition)
        (lib / "sources" / f"{sid}.meta.yaml").write_text(yaml.safe_dump(meta))
    return lib, write_case(tmp_path, """\
          - factor: family-pressure
            facts: Police detained his parents after he refused to return.
          - factor: lgbti
        """)


def write_case(folder, risk_factors: str):
    """A case file for an Examplia applicant naming these risk factors (YAML list items)."""
    case = folder / "case.yaml"
    case.write_text(textwrap.dedent("""\
        case:
          reference: XL/1/2026
          forum: uk-tribunal
          instructed_by: Example Law LLP
          instructions_date: 2026-10-01
          report_date: 2026-11-20
          questions: [Would the appellant be at risk on return?]
        applicant: {name: Applicant A, anonymise: true, country: XL}
        expert: {name: Dr Example Expert}
        risk_factors:
        """) + textwrap.dedent(risk_factors))
    return case


def matched(run, examplia):
    lib, case = examplia
    result = run("--evidence", lib, "match", case, "--json")
    assert result.code == 0, result.err
    return {f["factor"]: f for f in result.json()["factors"]}, result.json()


def test_editions_fold_to_the_newest_and_say_where_else_the_text_stands(run, examplia):
    factors, _ = matched(run, examplia)
    picked = [e for e in factors["family-pressure"]["evidence"] if e["text"] == OLD]
    assert [e["source"] for e in picked] == ["report-2024"]  # cited once, from the newest edition
    assert "the same text stands in report-2023" in picked[0]["why"]


def test_a_factor_without_evidence_is_a_gap_not_a_weak_pick(run, examplia):
    factors, data = matched(run, examplia)
    assert factors["lgbti"]["evidence"] == [] and data["gaps"] == ["lgbti"]
    assert any("no paragraph in the library clears the bar" in w for w in factors["lgbti"]["warnings"])


def test_contrary_evidence_is_the_states_own_position(run, examplia):
    factors, _ = matched(run, examplia)
    contrary = [e["text"] for e in factors["family-pressure"]["contrary"]]
    assert contrary == ["The government denied that relatives of critics abroad were ever detained or threatened."]
    assert all(e["text"] not in contrary for e in factors["family-pressure"]["evidence"])


def test_commercial_material_is_not_evidence_and_relative_dates_are_flagged(run, examplia, tmp_path):
    lib, _ = examplia
    factors, _ = matched(run, examplia)
    assert "agency-brochure" not in [e["source"] for e in factors["family-pressure"]["evidence"]]
    shown = run("--evidence", lib, "evidence", "show", "blog-post", "--json").json()
    last_month = next(p["id"] for p in shown if p["text"].startswith("Last month"))
    (tmp_path / "pinned").mkdir()
    case = write_case(tmp_path / "pinned", f"- factor: family-pressure\n  pin: ['{last_month}']\n")
    family = run("--evidence", lib, "match", case, "--json").json()["factors"][0]
    assert family["evidence"][0]["text"].startswith("Last month")
    warnings = " ".join(family["warnings"])
    assert "“Last month”" in warnings and "undated" in warnings


def test_a_quote_names_who_its_pronoun_stands_for(run, examplia, tmp_path):
    lib, case = examplia
    out = tmp_path / "r.docx"
    assert run("--evidence", lib, "draft", case, "-o", out).code == 0
    from docxread import open_docx
    quotes = [p.text for p in open_docx(out).paragraphs if p.style.name == "Quote"]
    refused = [q for q in quotes if "refused to return" in q]
    assert refused == ["When he [Wang Lei] refused to return, police detained his parents and questioned his family for days."]
    assert is_faithful(refused[0], SOURCES["blog-post"][4][2])


def test_quotes_keep_the_facts_sentence_and_the_sentence_naming_the_subject():
    text = ("The report covers many provinces and many years of data. Zhang Wei, a teacher, was questioned "
            "in 2021. He was later detained for posting criticism online. Prisons were overcrowded. "
            "Food was scarce. Visits were rare and short. Lawyers were refused access to many detainees.")
    quote = extract(text, {"prison", "food", "visit", "lawyer"}, max_words=20, facts={"detained", "posting"})
    assert "He was later detained for posting criticism online." in quote  # the facts' sentence is never cut
    assert "Zhang Wei, a teacher, was questioned in 2021." in quote  # and "he" keeps its referent
    assert is_faithful(quote, text)


def test_commercial_material_is_never_first_even_when_it_scores_best():
    from reportgen.library.indexing.read import Hit
    from reportgen.matching.candidate import _Candidate
    from reportgen.matching.selection import _select
    from reportgen.models import EvidenceParagraph, SourceMeta

    def candidate(sid, kind, score):
        meta = SourceMeta(sid, sid, "unknown", "unknown", "unknown", "unknown", "unknown", ("XL",), kind, "en")
        para = EvidenceParagraph(f"{sid}:1", sid, 1, 1, "", f"text of {sid}")
        return _Candidate(Hit(para, meta, score), score, "why")

    class NoIndex:
        def preceding(self, paragraph, count=1):
            return []

    chosen = _select([candidate("brochure", "commercial", 9.0), candidate("report", "government", 5.0)],
                     4, {}, "family-pressure", NoIndex())
    assert [c.source.id for c in chosen] == ["report", "brochure"]


@pytest.mark.parametrize("before, expected", [
    ("Chen Siming, renowned for honouring the 1989 Tiananmen Square massacre, told CNN he had left.", "Chen Siming"),
    ("Xu Guang spoke to Human Rights Watch outside the Public Security Bureau.", "Xu Guang"),
    ("Demonstrators gathered in Victoria Park and at the Legislative Council.", ""),
])
def test_the_name_a_pronoun_stands_for_is_a_persons_not_a_places(before, expected):
    from reportgen.matching.selection import _antecedent
    from reportgen.models import EvidenceParagraph

    class OneBefore:
        def preceding(self, paragraph, count=1):
            return [EvidenceParagraph("s:1", "s", 1, 1, "", before)]

    paragraph = EvidenceParagraph("s:2", "s", 2, 2, "", "Since 2017, he has marked the anniversary every year.")
    assert _antecedent(paragraph, OneBefore()) == expected


def test_match_works_under_a_low_sqlite_variable_limit(tmp_path):
    """Candidates are chosen in SQL: a factor that tags more paragraphs than SQLite allows
    variables in one statement (999 on older builds) still matches."""
    import sqlite3

    from reportgen.library.folder import Library
    from reportgen.library.indexing.read import EvidenceIndex
    from reportgen.matching.match import match_case
    from reportgen.models import Applicant, Case, Expert, InstructedFactor

    lib = tmp_path / "lib"
    (lib / "sources").mkdir(parents=True)
    (lib / "taxonomies").mkdir()
    (lib / "taxonomies" / "XL.yaml").write_text(yaml.safe_dump(TAXONOMY))
    lines = [f"Police questioned the relatives and parents of activist number {n} about his family abroad."
             for n in range(1500)]
    (lib / "sources" / "many.txt").write_text("\n\n".join(lines) + "\n")
    (lib / "sources" / "many.meta.yaml").write_text(yaml.safe_dump({
        "id": "many", "title": "Many", "author": "unknown", "publisher": "unknown", "published": "2024",
        "url": "unknown", "accessed": "unknown", "country": ["XL"], "source_type": "ngo-report", "language": "en"}))
    index = EvidenceIndex.open(Library(lib))
    assert index.conn.execute("SELECT count(*) FROM tags WHERE factor = 'family-pressure'").fetchone()[0] > 1000
    index.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 999)
    from reportgen.library.indexing.taxonomy import load_taxonomy
    case = Case("XL/1", "uk-tribunal", "x", "2026-01-01", "2026-01-02", ("q",), Applicant("A", True, "XL"),
                Expert("E"), (InstructedFactor("family-pressure", "Police questioned his parents."),))
    result = match_case(case, load_taxonomy(lib / "taxonomies" / "XL.yaml"), index)
    from reportgen.matching.match import MatchSettings
    assert len(result.factors[0].evidence) == MatchSettings().per_factor


def test_a_chinese_source_is_quoted_in_the_original_with_a_place_for_the_experts_translation(run, tmp_path):
    lib = tmp_path / "lib"
    (lib / "sources").mkdir(parents=True)
    (lib / "taxonomies").mkdir()
    taxonomy = {"country": "XL", "name": "Examplia", "factors": [
        {"id": "espionage-charges", "label": "Espionage charges", "ground": "political opinion",
         "description": "Critics charged with espionage.", "match": {"terms": ["间谍"], "threshold": 1}}]}
    (lib / "taxonomies" / "XL.yaml").write_text(yaml.safe_dump(taxonomy, allow_unicode=True), encoding="utf-8")
    (lib / "sources" / "law.md").write_text("# 反间谍法\n\n第四条 本法所称间谍行为，是指下列行为：\n\n（一）参加间谍组织；\n",
                                            encoding="utf-8")
    (lib / "sources" / "law.meta.yaml").write_text(yaml.safe_dump({
        "id": "law", "title": "反间谍法", "author": "unknown", "publisher": "NPC Standing Committee",
        "published": "2023-04-26", "url": "unknown", "accessed": "unknown", "country": ["XL"],
        "source_type": "government", "language": "zh"}, allow_unicode=True), encoding="utf-8")
    case = write_case(tmp_path, "  - factor: espionage-charges\n")
    out = tmp_path / "r.docx"
    assert run("--evidence", lib, "draft", case, "-o", out).code == 0
    from docxread import footnotes, open_docx
    paragraphs = open_docx(out).paragraphs
    at = next(i for i, p in enumerate(paragraphs) if p.style.name == "Quote")
    assert paragraphs[at].text == "本法所称间谍行为，是指下列行为： （一）参加间谍组织；"  # the article whole, untranslated
    assert "translation of this extract from Chinese" in paragraphs[at + 1].text
    assert any(n.endswith("art. 4.") for n in footnotes(out).values())
    bibliography = [p.text for p in paragraphs if p.style.name == "Bibliography Entry"]
    assert bibliography == ["NPC Standing Committee, “反间谍法” [in Chinese], 26 April 2023, URL unknown."]


@pytest.mark.parametrize("text, expected", [
    ("In official statements, the Government has emphasized that the measures are lawful.", "contrary"),
    ("Officials continued to deny Navalny was poisoned by a nerve agent.", "contrary"),
    ("Following the broadcast, the embassy protested, claiming the report was based on lies.", "contrary"),
    ("The embassy put out a statement from the Ambassador about the summit.", "contrary"),
    ("According to the authorities, the centres were closed in 2019.", "contrary"),
    # the state acting, or someone else speaking, is not the state's position
    ("The government pressured foreign countries to deny visas to Uyghurs who had left China.", "supports"),
    ("Government agents were spying on dissidents in the United States, a theme that recurs.", "supports"),
    ("After detention by the authorities in the spring, Gui Minhai said he had been coerced.", "supports"),
    ("According to the Ministry of Civil Affairs, there were 900,000 registered organisations.", "supports"),
    # a statement that concedes the matter (usdos-china-2016 on black lung disease) is no position against it
    ("In January the National Health and Family Planning Commission and 10 other ministry-level government "
     "organizations jointly issued a statement expressing concern over this workplace hazard.", "supports"),
    ("The ministry issued a statement acknowledging that detainees had died in custody.", "supports"),
    ("The ministry issued a statement that the detainees were criminals.", "contrary"),
])
def test_stance_is_read_from_who_asserts_what(text, expected):
    from reportgen.library.segmenting.stance import stance
    assert stance(text) == expected


def test_stance_patterns_searched_clause_by_clause_find_what_a_whole_text_search_finds():
    """The speed-ups (only stretches between '.' and ';' that hold the needed words are searched;
    a claim is tried only where one can start) must find what one search of the whole text finds,
    on real report paragraphs and on the edges: the position at a clause's end, the letters re.I
    folds to ASCII, a white paper, a speaker's adjectives."""
    from reportgen.library.segmenting import stance as s
    texts = ["The Government; it denied that. Officials said that it was lawful; no.",
             "Police. Denied that the camps existed", "Officials maintained that; the ministry denied it",
             "According to the authorities. The data", "the off\u0131cials said that it is so",
             "A Chinese official told reporters the camps were closed. Beijing denied having them.",
             "In a 2019 white paper, it said that the centres were schools", "The senior state official said that it was so"]
    for path in sorted(Path(__file__).parent.parent.joinpath("evidence", "sources").glob("*.txt")):
        texts += path.read_text(encoding="utf-8").split("\n")
    if CORPUS.is_dir():  # without the corpus, the seeds and the edges above are still compared
        texts += [p.text for p in read_corpus("usdos-china-2024.html")[1]]
    whole = [(m.span() if (m := s._STANCE.search(t)) else None) for t in texts]
    assert [s._search_clauses(s._STANCE, t, s._lowered(t), s._STATE_WORDS, s._DENIAL_STEMS) for t in texts] == whole
    assert sum(1 for w in whole if w) >= 5  # the check has matches to compare
    claims = [bool(s._CLAIM.search(t)) for t in texts]
    assert [s._claims(t, s._lowered(t)) for t in texts] == claims and sum(claims) >= 5


def test_a_policy_notes_guidance_to_caseworkers_is_not_its_assessment():
    from reportgen.library.segmenting.stance import stance
    heading = "2. Consideration of issues > 2.4 Risk"
    assessed = "Whether a person is apprehended is likely to depend on their profile and activities."
    guidance = "For further guidance on assessing risk, see the Asylum Instruction on Assessing Credibility."
    background = "The law criminalises secession, subversion, terrorism and collusion with foreign countries."
    assert stance(assessed, heading, "UK Home Office") == "contrary"
    assert stance(guidance, heading, "UK Home Office") == "supports"
    assert stance(background, heading, "UK Home Office") == "supports"
    assert stance(assessed, heading, "Amnesty International") == "supports"  # only the respondent's own note


def test_a_two_group_requirement_tags_only_paragraphs_naming_the_actor_and_the_act(tmp_path):
    from reportgen.library.folder import Library
    from reportgen.library.indexing.read import EvidenceIndex
    taxonomy = {"country": "XL", "name": "Examplia", "factors": [
        {"id": "embassy-documents", "label": "Consular traps", "ground": "political opinion",
         "description": "Embassies using passport renewals to summon critics.",
         "match": {"terms": ["embassy", "passport", "renew"], "threshold": 1,
                   "requires": [["passport*", "travel document*"], ["renew*", "confiscat*", "refus*"]]}}]}
    texts = ["The embassy refused to renew his passport unless he returned.",  # the document and the act
             "The embassy organised a welcome rally for the visiting delegation.",  # the actor alone
             "Passport offices were open on weekdays."]  # the document, no act
    lib = tmp_path / "lib"
    (lib / "sources").mkdir(parents=True)
    (lib / "taxonomies").mkdir()
    (lib / "taxonomies" / "XL.yaml").write_text(yaml.safe_dump(taxonomy))
    (lib / "sources" / "report.txt").write_text("\n\n".join(texts) + "\n")
    (lib / "sources" / "report.meta.yaml").write_text(yaml.safe_dump(
        {"id": "report", "title": "Report", "author": "unknown", "publisher": "unknown", "published": "unknown",
         "url": "unknown", "accessed": "unknown", "country": ["XL"], "source_type": "government", "language": "en"}))
    index = EvidenceIndex.open(Library(lib))
    assert [h.paragraph.text for h in index.tagged("embassy-documents", "XL")] == [texts[0]]


def test_a_requirement_mixing_words_and_groups_is_refused(tmp_path):
    from reportgen.errors import TaxonomyError
    from reportgen.library.indexing.taxonomy import load_taxonomy
    path = tmp_path / "XL.yaml"
    path.write_text(yaml.safe_dump({"country": "XL", "factors": [
        {"id": "x", "label": "X", "description": "D", "ground": "g", "match": {"requires": ["a", ["b"]]}}]}))
    with pytest.raises(TaxonomyError, match="list of lists"):
        load_taxonomy(path)


def test_a_quote_keeps_the_sentence_that_says_what_is_punished():
    text = ("The report covers the period from March to December and many districts. In May, the authorities passed "
            "new legislation that criminalized inciting others not to vote or to cast blank ballots. Violators are "
            "subject to up to three years' imprisonment and a fine. Observers said turnout fell. Several polling "
            "stations were closed early. Results were announced the following day by the returning officer.")
    quote = extract(text, {"imprison", "fine"}, max_words=20)
    assert "criminalized inciting others not to vote" in quote  # what "violators" violated
    assert quote.index("criminalized") < quote.index("Violators") and is_faithful(quote, text)


def test_a_short_paragraph_is_quoted_whole():
    text = ("In May the authorities passed a law against calls to cast blank ballots. Violators face three years in "
            "prison. Ten people were arrested for posts urging others to cast blank ballots.")
    assert extract(text, {"prison"}, max_words=25) == text


def test_a_claim_is_the_states_only_when_the_state_speaks():
    from reportgen.library.segmenting.stance import stance
    assert stance("Officials often displayed hostility toward NGOs, suggested their work was unpatriotic.") == "contrary"
    assert stance("Teppei Kasai, a Human Rights Watch official in Tokyo, said: “They have few scruples.”") == "supports"


def test_a_quote_speaking_of_his_parents_keeps_the_sentence_that_names_him():
    text = ("The report covers many provinces and many years of data. Activist Wang Lei was released in 2021 after "
            "serving a four-year sentence. Police built a monitoring station outside his parents' home and followed "
            "him. Prisons were overcrowded. Food was scarce. Visits were rare and short.")
    quote = extract(text, {"police", "monitor", "parent"}, max_words=20)
    assert quote.startswith("[…] Activist Wang Lei was released") and "monitoring station" in quote
    assert is_faithful(quote, text)


def test_editions_opening_with_the_same_sentence_are_quoted_once(run, tmp_path):
    opening = "Police questioned the relatives of activists abroad and warned their parents to make them stop."
    sources = {"report-2023": ("2023", opening + " In one case a mother lost her job at a state school and a "
                               "brother was barred from travelling to a wedding in the capital."),
               "report-2024": ("2024", opening.replace("activists", "critics") + " Officers visited the "
                               "grandparents of an exiled student weekly, photographing the family home."),
               "ngo-brief": ("", "Relatives of exiles said police visited their parents and family repeatedly.")}
    lib = tmp_path / "lib"
    (lib / "sources").mkdir(parents=True)
    (lib / "taxonomies").mkdir()
    (lib / "taxonomies" / "XL.yaml").write_text(yaml.safe_dump(TAXONOMY))
    for sid, (edition, text) in sources.items():
        (lib / "sources" / f"{sid}.txt").write_text(text + "\n")
        meta = {"id": sid, "title": sid, "author": "unknown", "publisher": "unknown", "published": "unknown",
                "url": "unknown", "accessed": "unknown", "country": ["XL"], "source_type": "government", "language": "en"}
        if edition:
            meta.update(series="examplia-report", edition=edition)
        (lib / "sources" / f"{sid}.meta.yaml").write_text(yaml.safe_dump(meta))
    factors, _ = matched(run, (lib, write_case(tmp_path, "  - factor: family-pressure\n")))
    picked = [e["source"] for e in factors["family-pressure"]["evidence"]]
    assert "ngo-brief" in picked and [s for s in picked if s.startswith("report-")] == ["report-2024"]


def test_a_contrary_quote_keeps_the_sentence_that_gives_the_states_position():
    from reportgen.library.segmenting.stance import stance, stance_sentence
    text = ("Government officials continued to deny holding any political prisoners, asserting persons were "
            "detained not for their political or religious views but because they had violated the law. "
            "Authorities, however, continued to imprison citizens for reasons related to politics and religion. "
            "Human rights organizations estimated thousands of political prisoners remained incarcerated, most in "
            "prisons and some in administrative detention. The government did not grant international humanitarian "
            "NGOs or UN agencies access to political prisoners. Prison authorities at times withheld medical "
            "treatment from political prisoners, and families were not told where they were held.")
    assert stance(text) == "contrary"
    position = stance_sentence(text)
    assert position.startswith("Government officials continued to deny")
    facts = {"administrative", "detention", "prisoners"}
    cut = extract(text, {"prison"}, max_words=45, facts=facts)
    assert not cut.startswith("Government officials")  # left to the facts, the denial would be cut
    kept = extract(text, {"prison"}, max_words=45, facts=facts, keep=position)
    assert kept.startswith("Government officials continued to deny") and is_faithful(kept, text)



def test_the_index_stores_each_contrary_paragraphs_position_so_a_draft_need_not_work_it_out(indexed_library):
    """The sentence giving the state's position is read once, when a source is segmented: what
    a draft reads back is what segmenting's rule gives, for every paragraph of the shipped library."""
    from reportgen.library.folder import Library
    from reportgen.library.indexing.read import EvidenceIndex
    from reportgen.library.segmenting.stance import stance_sentence
    index = EvidenceIndex.open(Library(indexed_library))
    try:
        positions = 0
        for row in index.conn.execute("SELECT id FROM sources").fetchall():
            meta = index.source(row["id"])
            for p in index.paragraphs(meta.id):
                expected = stance_sentence(p.text, p.heading, meta.publisher) if p.stance == "contrary" else ""
                assert p.position == expected, p.id
                positions += bool(expected)
        assert positions >= 10  # the shipped library holds the state's denials and the CPINs' assessments
    finally:
        index.close()

def test_a_topic_is_chosen_for_the_parts_of_the_profile_its_taxonomy_names(tmp_path):
    from reportgen.errors import TaxonomyError
    from reportgen.library.indexing.taxonomy import load_taxonomy
    from reportgen.matching.match import _profile
    from reportgen.models import Applicant, Case, Expert, InstructedFactor
    path = tmp_path / "XL.yaml"
    path.write_text(textwrap.dedent("""\
        country: XL
        name: Examplia
        factors:
          - {id: online-criticism, label: Online criticism, ground: political opinion, description: Posts.}
        topics:
          - {id: internal-relocation, label: Internal relocation, profile: [home_area]}
          - {id: sufficiency-of-protection, label: Sufficiency of protection, profile: []}
          - {id: background, label: Country background}
        """), encoding="utf-8")
    taxonomy = load_taxonomy(path)
    case = Case("r", "uk-tribunal", "x", "2026-01-01", "2026-01-02", ("q",),
                Applicant("A", True, "XL", home_area="Northern Province", ethnicity="Examplian", religion="none"),
                Expert("E"), (InstructedFactor("online-criticism", ""),))
    relocation, protection, background = taxonomy.topics
    assert _profile(case, taxonomy, relocation) == "Northern Province"
    assert _profile(case, taxonomy, protection) == ""
    assert _profile(case, taxonomy, background) == "Northern Province Examplian Online criticism"
    path.write_text(path.read_text(encoding="utf-8").replace("profile: []", "profile: [hometown]"), encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"sufficiency-of-protection: profile must list some of home_area.*hometown"):
        load_taxonomy(path)


@pytest.mark.parametrize("heading, text, discounted", [
    ("2. Consideration of issues > 2.3 Convention reason(s)", "Establishing a convention reason is not sufficient.", True),
    ("2. Consideration of issues > 2.6 Internal relocation",
     "For further guidance on internal relocation see the Asylum Instruction.", True),
    ("2. Consideration of issues > 2.4 Risk", "Persons with a profile of this kind are likely to face arrest.", False),
    ("Section 2. Respect for Civil Liberties > d. Freedom of Movement",
     "The household registration system limited where rural residents could live.", False),
])
def test_guidance_to_caseworkers_and_pointers_are_not_quoted_as_evidence(heading, text, discounted):
    from reportgen.library.indexing.traits import traits_of
    from reportgen.matching.match import MatchSettings, _form
    factor = _form(MatchSettings(), traits_of(heading, text))
    assert (factor < 0.5) == discounted


def test_editions_numbered_and_named_differently_still_order():
    from reportgen.library.reading.series import edition_key as _edition_key
    from reportgen.models import SourceMeta

    def edition(e):
        return SourceMeta("s", "t", "unknown", "unknown", "unknown", "unknown", "unknown", ("CN",), "government",
                          "en", series="cpin", edition=e)
    ordered = sorted(["v3", "2", "2.1", "10"], key=lambda e: _edition_key(edition(e)))
    assert ordered == ["2", "2.1", "10", "v3"]  # numbers by value; no TypeError comparing '2' with 'v3'


def test_edition_folding_groups_as_comparing_every_pair_would():
    """The fold, given the pairs the index finds (similar_pairs compares a text only with those
    its rarest words lead to): on texts made to sit around the similarity bar, it must group
    exactly as trying every earlier group in turn."""
    import random
    import string

    from reportgen.library.indexing.read import Hit
    from reportgen.library.indexing.same_text import similar as _similar
    from reportgen.library.indexing.same_text import similar_pairs
    from reportgen.library.indexing.same_text import words as _words
    from reportgen.library.reading.series import edition_key as _edition_key
    from reportgen.matching.candidate import _Candidate
    from reportgen.matching.editions import _fold_editions
    from reportgen.models import EvidenceParagraph, SourceMeta

    def every_pair(candidates):  # the rule: each text joins the first group of other editions whose lead it resembles
        groups = []
        for c in sorted((c for c in candidates if c.hit.source.series), reverse=True,
                        key=lambda c: _edition_key(c.hit.source)):
            words = _words(c.hit.paragraph.text)
            group = next((g for s, w, g in groups if s == c.hit.source.series and _similar(w, words)
                          and c.hit.source.id not in {m.hit.source.id for m in g}), None)  # other editions only
            (group.append(c) if group else groups.append((c.hit.source.series, words, [c])))
        return [[c.hit.paragraph.id for c in g] for _, _, g in groups]

    rng = random.Random(14)
    vocab = sorted({"".join(rng.choices(string.ascii_lowercase, k=rng.randint(3, 8))) for _ in range(300)})
    metas = [SourceMeta(f"s{i}", "t", "unknown", "unknown", "2024", "unknown", "unknown", ("CN",), "government",
                        "en", series=series, edition=edition)
             for i, (series, edition) in enumerate([("a", "2023"), ("a", "2024"), ("b", "1"), ("b", "2"), ("", "")])]
    folded = 0
    for trial in range(300):
        texts = [rng.sample(vocab, rng.randint(1, 30)) for _ in range(rng.randint(1, 8))]
        candidates = []
        for n in range(rng.randint(1, 30)):
            words = list(rng.choice(texts))
            for _ in range(rng.randint(0, len(words) // 2 + 1)):  # drift around the 0.6 bar
                words.pop(rng.randrange(len(words))) if words and rng.random() < 0.5 else words.append(rng.choice(vocab))
            meta = rng.choice(metas)
            paragraph = EvidenceParagraph(f"{meta.id}:{trial}.{n}", meta.id, n, n, "", " ".join(words))
            candidates.append(_Candidate(Hit(paragraph, meta, 1.0), rng.random(), "why"))
        same: dict = {}
        for a, b in similar_pairs([(c.hit.paragraph.id, c.hit.source.id, _words(c.hit.paragraph.text)) for c in candidates]):
            same.setdefault(a, set()).add(b)
            same.setdefault(b, set()).add(a)
        out = [c for c in _fold_editions(candidates, same) if c.hit.source.series]
        expected = every_pair(candidates)
        assert [c.hit.paragraph.id for c in out] == [g[0] for g in expected]
        source = lambda pid: pid.split(":")[0]  # noqa: E731
        assert [c.also_in for c in out] == [tuple(source(x) for x in g[1:] if source(x) != source(g[0]))
                                            for g in expected]
        folded += sum(len(g) - 1 for g in expected)
    assert folded > 400  # the texts did fall together often enough for the comparison to mean something


def test_names_pattern_finds_what_the_plain_alternation_finds(indexed_library):
    """The trie-shaped names pattern (for speed) against the plain longest-first alternation it
    replaced, for every shipped taxonomy's places, groups and state publishers, on every
    paragraph and heading of the shipped library, and on cases built to catch a shorter term
    taken before a longer one."""
    import re
    import sqlite3

    from reportgen.library.folder import Library
    from reportgen.library.indexing.taxonomy import load_taxonomy, names_pattern

    def plain(terms):
        words = sorted(terms, key=len, reverse=True)
        return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(t) for t in words) + r")(?![\w])", re.I)

    library = Library(indexed_library)
    lists = [("Hong Kong", "hong kongers", "Hongkongers", "BN(O)", "bn", "b")]
    for path in sorted(library.taxonomies_dir.glob("*.yaml")):
        taxonomy = load_taxonomy(path)
        lists.append(tuple(t for g in taxonomy.places_and_groups for t in g.terms))
        lists.append(taxonomy.state_publishers)
    with sqlite3.connect(library.index_path) as conn:
        texts = [f"{h}\n{t}" for h, t in conn.execute("SELECT heading, text FROM paragraphs")]
    texts += ["HONG KONGERS and Hong Kong, bn(o) and BN(O)x and bn and b.", "Hong Konger", "hongkongers!"]
    assert len(texts) > 1000 and sum(len(terms) for terms in lists) > 20
    for terms in filter(None, lists):
        ours, theirs = names_pattern(terms), plain(terms)
        assert ours.pattern != theirs.pattern
        for text in texts:
            assert [m.group(0) for m in ours.finditer(text)] == [m.group(0) for m in theirs.finditer(text)], text


def test_an_applicants_area_or_group_is_found_in_their_words_as_the_names_pattern_finds_it():
    """places_of asks whether an applicant's area ("Shenzhen, Guangdong") names a group's terms:
    a string search in ASCII, the compiled pattern otherwise; the two must agree."""
    from reportgen.library.indexing.taxonomy import _names_any, names_pattern
    values = ["Guangdong", "guangdong province", "Hong Kong", "hong-kong", "Xinjiang Uyghur", "Tibetan", "Kong",
              "HK_", "Hanzhong", "Inner Mongolia", "", "Shenzhen, Guangdong", "uyghurs", "Ürümqi", "ürümqi, xinjiang"]
    terms = [("Guangdong",), ("Hong Kong", "HK"), ("Uyghur", "Uighur"), ("Tibet",), ("Han",), ("Kong",),
             ("Mongolia", "Inner Mongolia"), ("Ürümqi", "Urumqi"), ("Xinjiang",)]
    for value in values:
        for accepted in terms:
            assert _names_any(value, accepted) == bool(names_pattern(accepted).search(value)), (value, accepted)
    assert _names_any("Shenzhen, Guangdong", ("Guangdong",)) and not _names_any("Hanzhong", ("Han",))


def test_a_stored_ranking_read_in_part_scores_as_the_whole_ranking_does(indexed_library):
    """A description's stored ranking is read as a draft uses it (its best rows, its contrary
    rows, then the scores of the paragraphs asked): the same scores, best and contrary Hits as
    reading all its thousand rows."""
    from reportgen.library.folder import Library
    from reportgen.library.indexing.rankings import DESCRIBED_DEPTH, query_key
    from reportgen.library.indexing.read import EvidenceIndex
    from reportgen.library.indexing.taxonomy import described, load_taxonomy
    library = Library(indexed_library)
    index = EvidenceIndex.open(library)
    try:
        taxonomy = load_taxonomy(library.taxonomy_file("CN"))
        checked = 0
        for entry in (*taxonomy.factors, *taxonomy.topics):
            whole = index.conn.execute(  # every row, read at once
                "SELECT paragraph, score, id, stance FROM described WHERE country = 'CN' AND query = ? "
                "ORDER BY score DESC, paragraph LIMIT ?", (query_key(described(entry)), DESCRIBED_DEPTH)).fetchall()
            if not whole:
                continue
            assert index._stored(described(entry), "CN", DESCRIBED_DEPTH) == [tuple(r[:2]) for r in whole]
            part = index.ranking(described(entry), "CN", DESCRIBED_DEPTH, 120)
            assert part.stored is not None and len(part.scores) < len(whole)
            assert [h.paragraph.id for h in part.best] == [pid for _, _, pid, _ in whole[:120]]
            assert [h.paragraph.id for h in part.contrary] == [pid for _, _, pid, st in whole if st == "contrary"]
            asked = [pid for _, _, pid, _ in whole[::7]] + ["cn-unranked:0", whole[-1][2]]
            assert index.scores(part, asked) == {pid: score for _, score, pid, _ in whole if pid in asked}
            assert part.top == max(score for _, score, _, _ in whole)
            checked += 1
        assert checked >= 5
    finally:
        index.close()
