"""Attribution read from a sentence's structure, on the shipped library's paragraphs: the body a
quotation reports, never a month, a person or the next sentence's first word; none when unsure."""

from __future__ import annotations

import pytest

from reportgen.library.folder import Library
from reportgen.library.indexing.read import EvidenceIndex
from reportgen.library.segmenting.attribution import attribution, sentence_attribution
from reportgen.text import sentences


@pytest.fixture(scope="module")
def shipped(indexed_library):
    index = EvidenceIndex.open(Library(indexed_library))
    paragraphs = [p for meta, _ in index.sources() for p in index.paragraphs(meta.id)]
    index.close()
    return paragraphs


def _text(paragraphs, opening: str, source: str = "") -> str:
    found = [p.text for p in paragraphs if p.text.startswith(opening) and p.source_id.startswith(source)]
    assert found, opening
    return found[0]


@pytest.mark.parametrize("opening, expected", [
    # these were "VOA. After", "September", "April", "Beijing News. According", "The Diplomat. The"
    ("‘Wong, who spent his childhood in China", "VOA"),
    ("According to a September 2022 report from Freedom House", "Freedom House"),
    ("According to an April 2021 report by US NGO", "National Democratic Institute (NDI)"),
    ("On March 29, Beijing Number 2 Intermediate Court", "Beijing News"),
    ("In February, two students at Tsinghua University", "The Diplomat"),
    ("Chinese social media reports indicated stepped-up campus surveillance",
     "University World News and Human Rights Watch"),
    ("The experiences of “A” are not unique in Japan", "Human Rights Watch"),
    ("In April the NGO Chinese Human Rights Defenders (CHRD)", "Chinese Human Rights Defenders (CHRD)"),
])
def test_the_paragraphs_that_were_garbled_name_their_source(shipped, opening, expected):
    assert attribution(_text(shipped, opening)) == expected


@pytest.mark.parametrize("opening", [
    "In May 2022 4 people were arrested under the national security law",  # was "Hong Kong"
    "There were reports of enforced disappearances perpetrated",  # was "August"
])
def test_no_source_where_the_structure_names_none(shipped, opening):
    assert attribution(_text(shipped, opening)) == ""


def test_a_quoted_sentence_that_is_the_publishers_own_is_not_labelled(shipped):
    """The household-registration paragraph reports the Statistical Communique only in a later
    sentence: its first sentence, quoted alone, is the State Department's own."""
    text = _text(shipped, "The household registration system added to the difficulties", "usdos-china-2023")
    first = sentences(text)[0]
    assert attribution(first) == ""
    assert attribution(text).startswith("Statistical Communique")


@pytest.mark.parametrize("sentence, expected", [
    ("When evening fell, he crossed the border, he told CNN - and then he left.", "CNN"),
    ("On June 26, RFA reported that authorities forced activists to leave.", "RFA"),
    ("Teppei Kasai, a Human Rights Watch official in Tokyo, said: “No.”", "Human Rights Watch"),
    ("As of December 19, the human rights organization Memorial listed 628 political prisoners.", "Memorial"),
    ("Chief Executive Carrie Lam told the UN last June that the law would not apply.", ""),
    ("Xie Weidong said he was followed.", ""),  # a person: the quotation speaks for itself
    ("In March the police reported 12 arrests.", ""),
    # the source last, in a clause of its own (news style): a practitioner found it unflagged
    ("On June 2, Douyin issued censorship instructions to streamers, the China Digital Times reported.",
     "China Digital Times"),
    ("He was released in March, Radio Free Asia reported.", "Radio Free Asia"),
    ("Police detained him, his lawyer said.", ""),  # a person
    ("Many were held for weeks, NGOs reported.", ""),  # no body named
])
def test_sentence_structures(sentence, expected):
    assert sentence_attribution(sentence) == expected
