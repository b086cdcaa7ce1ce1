"""Sentence boundaries on real paragraphs: abbreviations, initials, numbered items and quotations
do not end a sentence; extracts cut only between sentences and pair their quotation marks."""

from __future__ import annotations

import re

import pytest
from corpus import read_corpus

from reportgen.library.folder import Library
from reportgen.library.indexing.read import EvidenceIndex
from reportgen.report.quotes import ELLIPSIS, balance, extract, is_faithful, opening
from reportgen.text import first_sentence, sentences


@pytest.fixture(scope="module")
def shipped(indexed_library):
    index = EvidenceIndex.open(Library(indexed_library))
    paragraphs = [p for meta, _ in index.sources() for p in index.paragraphs(meta.id)]
    index.close()
    return paragraphs


def _holding(paragraphs, text: str) -> str:
    found = [p.text for p in paragraphs if text in p.text]
    assert found, f"no paragraph holds {text!r}"
    return found[0]


@pytest.mark.parametrize("inside", ["a St. Petersburg facility", "including Dr. Li Wenliang", "Nanning No. 1 Detention"])
def test_abbreviations_in_the_shipped_library_do_not_end_a_sentence(shipped, inside):
    text = _holding(shipped, inside)
    assert any(inside in s for s in sentences(text)), sentences(text)
    assert " ".join(sentences(text)) == " ".join(text.split())


@pytest.mark.parametrize("name, inside", [
    ("ohchr-xinjiang-assessment-2022.pdf", "1958 (No. 111) and the"),
    ("ohchr-xinjiang-assessment-2022.pdf", "Convention No. 111, the"),
    ("sft-tnr-apec-sf-2024.md", "In The U.S. Federal Legal"),
    ("ohchr-xinjiang-assessment-2022.pdf", "P.R.C. Counter-Terrorism Law"),
    ("sft-tnr-apec-sf-2024.md", "(H.R. 3654"),
    ("sft-tnr-apec-sf-2024.md", "the St. Regis"),
])
def test_abbreviations_in_the_corpus_do_not_end_a_sentence(name, inside):
    _, paragraphs = read_corpus(name)
    text = _holding(paragraphs, inside)
    assert any(inside in s for s in sentences(text)), [s for s in sentences(text) if inside[:6] in s]


def test_real_ends_after_short_words_still_end():
    """A name, 'p.m.' before a new sentence, 'hepatitis B.', 'the U.S.' before 'He' all end one."""
    text = ("The protest began at 5 p.m. We said to them to leave. He had hepatitis B. Cheng Yuan "
            "worked on it. She moved to the U.S. He stayed with Sidney Hau Yi Ng. She was arrested.")
    assert sentences(text) == ["The protest began at 5 p.m.", "We said to them to leave.", "He had hepatitis B.",
                               "Cheng Yuan worked on it.", "She moved to the U.S.",
                               "He stayed with Sidney Hau Yi Ng.", "She was arrested."]


def test_initials_items_and_short_quotations_stay_in_their_sentence():
    assert sentences("President George W. Bush met Mr. Li. He left.") == [
        "President George W. Bush met Mr. Li.", "He left."]
    assert sentences("The law lists: 1. Detention without trial. 2. Exit bans.")[0].startswith(
        "The law lists: 1. Detention")
    said = "He shouted, “I almost died. Stop it.” Then he left."
    assert sentences(said) == ["He shouted, “I almost died. Stop it.”", "Then he left."]
    assert sentences("She called it “black jails.” Police denied it.") == [
        "She called it “black jails.”", "Police denied it."]


def test_extracts_of_every_shipped_paragraph_are_whole_sentences_with_paired_marks(shipped):
    """Every paragraph cut for a few of its words: each piece is in the source, begins and ends
    at a sentence's edge, never inside a word, and its double quotation marks pair up."""
    checked = 0
    for p in shipped:
        words = re.findall(r"[a-z]{5,}", p.text.lower())
        if len(p.text.split()) < 60 or not words:
            continue
        quote = extract(p.text, set(words[-3:]), max_words=30)
        assert is_faithful(quote, p.text), (p.id, quote)
        bare = quote.removeprefix(ELLIPSIS).removesuffix(ELLIPSIS).strip()
        if quote.endswith(ELLIPSIS):
            assert re.search(r"[.!?:;][\"”’')\]]*$", bare), (p.id, bare[-40:])  # never "COVID-19 qu"
        if p.text.count("“") == p.text.count("”"):  # a source whose own marks pair up (some do not)
            assert bare.count("“") == bare.count("”"), (p.id, bare)
        checked += 1
    assert checked > 100


def test_balance_leaves_out_a_mark_whose_partner_is_outside_the_run():
    assert balance("'In May 2021, police came. They left.") == "In May 2021, police came. They left."
    assert balance("“We will fight. We will win.") == "We will fight. We will win."
    assert balance("fight. We will win.”") == "fight. We will win."
    assert balance("His parents’ house and China’s ‘warning’.") == "His parents’ house and China’s ‘warning’."


def test_opening_shows_whole_sentences():
    text = "COVID-19 quarantine rules were used against activists. " * 3 + "More followed later in the year."
    shown = opening(text, 20)
    assert shown == "COVID-19 quarantine rules were used against activists. " \
                    "COVID-19 quarantine rules were used against activists. […]"
    assert opening("One short sentence.", 20) == "One short sentence."


def test_the_first_sentence_alone_is_the_first_of_them_all(shipped):
    """first_sentence stops at the first end (the index asks it of every paragraph)."""
    texts = [p.text for p in shipped] + ["", "  ", "Dr. Li left. He came back.", "1. The police came."]
    assert all(first_sentence(t) == (sentences(t)[0] if t.strip() else "") for t in texts)
    assert sum(first_sentence(t) != t.strip() for t in texts) > len(texts) / 2  # most hold more than one


RETURNED = ("In some instances the government pressured other countries to return asylum seekers or "
            "UNHCR-recognized refugees forcibly. On July 13, Radio Free Asia reported a Chongqing court had secretly "
            "sentenced human rights activists Jiang Yefei and Dong Guangping in July 2017 for “inciting subversion of "
            "state power” and “illegally crossing a national border.” Jiang and Dong had fled to Thailand with their "
            "families and received refugee status from UNHCR, but Thailand then forcibly returned them from Bangkok in "
            "2015. During their televised “confessions,” Jiang and Dong appeared to have sustained torture while in "
            "detention. The families received no notification from authorities concerning the trial. According to "
            "contacts, authorities denied Dong’s former lawyer permission to meet with his client when he visited the "
            "Chongqing Number 2 Detention Center in July 2017.")  # usdos-china-2018, section 2.d


@pytest.mark.parametrize("opens, named_before", [
    ("Jiang and Dong had fled to Thailand.", True),  # surnames of names given in full before
    ("The couple was reportedly reunited with their son.", True),
    ("Jiang Tianyong was detained in Changsha.", False),  # a full name of its own
    ("Police detained the lawyer's sister.", False),
    ("Hope faded for the families.", False),  # a word of a name, but a common word: 'there was little hope'
])
def test_an_extract_never_opens_on_people_it_does_not_name(opens, named_before):
    """A judge must read who the extract is about: one that opens on a short form of names the
    paragraph gave in full, or on "the couple", takes the sentence that names them."""
    from reportgen.report.quotes import leans_back
    before = ("Authorities sentenced activists Jiang Yefei and Dong Guangping; Wang Yu and her husband were released. "
              "Activist Hope Chen appealed, with little hope.")
    assert leans_back(opens, before) == named_before
    quote = extract(RETURNED, {"thailand", "fled", "forcib"}, max_words=40, facts={"thailand", "fled"})
    assert "Jiang Yefei and Dong Guangping" in quote.split("Jiang and Dong had fled")[0]
    assert is_faithful(quote, RETURNED)


@pytest.mark.parametrize("text, names", [
    ("Lawyer Wang Quanzhang was detained.", ["Wang Quanzhang"]),  # the title is no part of the name
    ("Chief Executive Carrie Lam said so.", ["Carrie Lam"]),
    ("Since October, President Xi Jinping has spoken.", ["Xi Jinping"]),
    ("Although Cheng Yuan was held, Grace Ng and Lee Ming-Che spoke.", ["Cheng Yuan", "Grace Ng", "Lee Ming-Che"]),
    ("Uyghurs Qurban Mamut vanished.", ["Qurban Mamut"]),
    ("He Weifang and Sun Qian spoke.", ["He Weifang", "Sun Qian"]),  # surnames that are English words too
    ("The Ministry of Public Security said so.", []),  # a body's name
    ("The Social Security Law and the Civil Affairs bureau apply.", []),
    ("Authorities encouraged Han Chinese to settle there.", []),  # a people
    ("North Korean refugees were returned to North Korea.", []),  # and a place
    ("Radio Free Asia reported it in Inner Mongolia.", []),
    ("In San Francisco, fighting in West Darfur and East Turkestan was raised.", []),  # places (the corpus)
])
def test_person_names_are_people_not_bodies_titles_or_peoples(text, names):
    """Who a pronoun stands for ("[Wang Quanzhang]" in a quotation) and who shares the applicant's
    name are read from these: a body, a people or a heading taken for a person would put a wrong
    name in square brackets inside a quotation."""
    from reportgen.text import person_names
    assert [m.group(1) for m in person_names(text)] == names
    assert all(text[m.start():m.end()] == m.group(1) for m in person_names(text))


def test_person_names_in_the_shipped_library_are_people(shipped):
    from reportgen.text import person_names
    found = {m.group(1) for p in shipped for m in person_names(p.text)}
    assert {"Xi Jinping", "Ilham Tohti", "Wang Quanzhang", "Liu Xiaobo", "Gui Minhai", "Aleksey Navalny",
            "Joshua Wong", "Rahile Dawut"} <= found
    bodies = {"Public Security", "Han Chinese", "North Korean", "North Korea", "Social Security", "Civil Affairs",
              "State Security", "Freedom House", "Radio Free Asia", "Safeguard Defenders", "Falun Gong",
              "Mandarin Chinese", "Inner Mongolia", "Foreign Affairs", "High Commissioner", "Arbitrary Arrest"}
    assert not bodies & found  # each was read as a person's name before (73 times "Public Security")
