"""Real country reports as experts cite them (../shared/corpus, read in place): State Department
and GOV.UK pages, a Markdown report with site front matter and HTML footnotes, PRC statutes in
Chinese. Each is read whole, without site furniture, with the locators a reader would use."""

import re

import pytest
from corpus import CORPUS, read_corpus

from reportgen.library.segmenting.paragraphs import chinese_numeral

# site furniture of the State Department's pages and GOV.UK, and markup that must never reach a quote
FURNITURE = re.compile(r"AlbaniaAlgeria|^Download|Back to Top|^Share|Bureaus & Offices|Countries & Areas|"
                       r"^Hong Kong \| Macau|Select a Year|Build a Custom Report|\[\^\d+\]|<sup|</?\w+>|\]\(http|"
                       r"\[footnote \d+\]|↩")


def read(name: str):
    return read_corpus(name)


def find(paragraphs, opening: str):
    found = [p for p in paragraphs if p.text.startswith(opening)]
    assert len(found) == 1, (opening, len(found))
    return found[0]


def test_state_department_pages_read_whole_with_their_sections_and_edition_titles():
    for year, low in (("2024", 100), ("2023", 250)):
        extracted, paragraphs = read(f"usdos-china-{year}.html")
        assert low <= len(paragraphs) <= 2 * low
        assert extracted.meta["title"] == (f"{year} Country Reports on Human Rights Practices: China "
                                           "(Includes Hong Kong, Macau, and Tibet)")
        assert extracted.meta["publisher"] == "United States Department of State"
        assert extracted.meta["url"] == f"https://www.state.gov/reports/{year}-country-reports-on-human-rights-practices/china/"
        assert [p.text for p in paragraphs if FURNITURE.search(p.text)] == []
        assert all(len(p.text.split()) >= 3 for p in paragraphs)
    _, paragraphs = read("usdos-china-2024.html")
    genocide = find(paragraphs, "Genocide and crimes against humanity occurred during the year in China")
    assert genocide.heading == "EXECUTIVE SUMMARY" and genocide.locator == "section “EXECUTIVE SUMMARY”, para 1"
    tnr = [p for p in paragraphs if "Instances of Transnational Repression" in p.heading]
    assert tnr and all(p.heading.startswith("Security of the Person > e. Instances of Transnational Repression")
                       for p in tnr)
    _, paragraphs = read("usdos-china-2023.html")
    assert any(p.heading.startswith("Section 2. Respect for Civil Liberties > ") for p in paragraphs)


def test_another_country_reads_the_same_way():
    extracted, paragraphs = read("usdos-russia-2023.html")
    assert len(paragraphs) > 150 and extracted.meta["publisher"] == "United States Department of State"
    assert [p.text for p in paragraphs if FURNITURE.search(p.text)] == []


def test_cpin_paragraph_numbers_are_locators_and_footnotes_are_notes():
    _, paragraphs = read("ukho-cpin-china-hong-kong-national-security-law-v3-2022.html")
    assert 200 <= len(paragraphs) <= 500  # (its ~140 bibliography entries are apparatus since issue 21)
    nsl = next(p for p in paragraphs if p.marker == "para 2.4.7")
    assert nsl.text.startswith("The NSL criminalises secession, subversion, terrorism, and collusion")
    assert nsl.locator == "para 2.4.7" and not nsl.text.startswith("2.4.7")
    assert nsl.heading == "2. Consideration of issues > 2.4 Risk"
    introduced = next(p for p in paragraphs if p.marker == "para 3.1.1")
    assert introduced.text.startswith("On 30 June 2020 China introduced the National Security Law (NSL) to Hong Kong.")
    assert introduced.notes and introduced.notes[0].startswith("The Guardian")
    assert [p.text for p in paragraphs if FURNITURE.search(p.text)] == []
    # a Home Office note's own assessment is the respondent's position; its country information is not
    from reportgen.library.segmenting.stance import stance
    assessment = next(p for p in paragraphs if p.marker == "para 2.4.2")
    assert "decision makers" in assessment.text.lower() or "demonstrate" in assessment.text
    assert stance(assessment.text, assessment.heading, "UK Home Office") == "contrary"
    assert stance(introduced.text, introduced.heading, "UK Home Office") == "supports"
    guidance = next(p for p in paragraphs if p.text.startswith("For further guidance on assessing risk"))
    assert stance(guidance.text, guidance.heading, "UK Home Office") == "supports"  # guidance, not a position
    officials = next(p for p in paragraphs if "officials have repeatedly said media freedoms" in p.text)
    assert stance(officials.text, officials.heading, "UK Home Office") == "contrary"  # the state's own claim
    markers = [p.marker for p in paragraphs if p.marker.startswith("para 2.")]
    assert len(markers) > 20 and len(set(markers)) > 20


def test_markdown_report_without_markup_footnotes_or_unknown_front_matter():
    extracted, paragraphs = read("sft-tnr-apec-sf-2024.md")
    assert set(extracted.ignored) == {"slug", "order"}  # front matter the contract does not know
    assert "title" not in extracted.meta  # its title: is empty, and a figure's h1 is not the title
    assert len(paragraphs) > 300
    assert [p.text for p in paragraphs if FURNITURE.search(p.text)] == []
    first = find(paragraphs, "On November 15, 2012, Xi Jinping stood before thousands of members")
    assert first.heading == "Foreword"
    cited = next(p for p in paragraphs if p.text.startswith("In November 2023, Xi Jinping, President of the"))
    assert "harassed, intimidated, and assaulted" in cited.text and cited.notes
    assert cited.notes[0].startswith("A note on terminology")


def test_chinese_statute_articles_are_the_locators():
    _, paragraphs = read("prc-zh-counter-espionage-law-2023.md")
    articles = [p for p in paragraphs if p.marker.startswith("art. ")]
    assert len(articles) >= 60
    spying = next(p for p in articles if p.marker == "art. 4")
    assert spying.text.startswith("本法所称间谍行为，是指下列行为：") and "（六）进行其他间谍活动。" in spying.text
    assert not spying.text.startswith("第四条")
    assert spying.heading == "第一章 总 则"
    numbers = [int(p.marker.split()[1]) for p in articles]
    assert numbers == sorted(numbers) and numbers[0] == 1


def test_chinese_numerals():
    assert [chinese_numeral(x) for x in ("一", "十", "十二", "三十八", "一百零二", "七十一", "x")] == [1, 10, 12, 38, 102, 71, 0]


def test_chinese_words_are_found_by_search(run, tmp_path):
    law = CORPUS / "prc-zh-counter-espionage-law-2023.md"
    if not law.is_file():
        pytest.skip("the corpus is not there")
    lib = tmp_path / "lib"
    (lib / "sources").mkdir(parents=True)
    added = run("--evidence", lib, "evidence", "add", law, "--source-type", "government", "--country", "CN",
                "--publisher", "NPC Standing Committee")
    assert added.code == 0, added.err
    found = run("--evidence", lib, "evidence", "search", "间谍", "--json").json()
    assert found and all("间谍" in p["text"] for p in found)
    two_words = run("--evidence", lib, "evidence", "search", "国家安全 机关", "--json").json()
    assert two_words and all("国家安全" in p["text"] and "机关" in p["text"] for p in two_words)
    assert run("--evidence", lib, "evidence", "search", "间谍组织及其代理人", "--json").json()
    listed = run("--evidence", lib, "evidence", "list", "--json").json()
    assert listed[0]["title"] == "中华人民共和国反间谍法"


def test_the_stance_gates_never_hide_a_match_of_the_patterns_they_guard():
    """The literal gates in front of the stance patterns are a speed-up only: on the real reports
    (and on claims in the present tense), a paragraph a pattern matches always passes its gate."""
    from reportgen.library.segmenting import stance as S
    texts = ["The authorities are saying that the protesters were paid by foreign groups.",
             "Local officials went on television, saying the camps are schools."]
    for name in ("usdos-china-2024.html", "ukho-cpin-china-hong-kong-national-security-law-v3-2022.html",
                 "usdos-russia-2023.html"):
        texts += [p.text for p in read_corpus(name)[1]]
    guarded = ((S._CLAIM, S._CLAIM_STEMS, S._CLAIM_GATE), (S._STANCE, S._DENIAL_STEMS, S._DENIAL_GATE),
               (S._RHETORIC, S._RHETORIC_STEMS, S._RHETORIC))
    for pattern, stems, gate in guarded:
        hidden = [t[:80] for t in texts if pattern.search(t) and not S._may_hold(t, S._lowered(t), stems, gate)]
        assert not hidden, hidden
    assert S.stance(texts[0]) == S.stance(texts[1]) == "contrary"
