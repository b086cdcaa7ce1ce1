"""Contrary evidence found by who asserts what: the state's or the respondent's own position on an
issue (the state denying or defending what it is accused of, the state as the speaker of a claim,
a Home Office policy note's own assessment), read from the paragraph's text, never from a
factor's words. Segmenting marks each paragraph's stance; a contrary quotation keeps the
sentence that gives the position."""

from __future__ import annotations

import re
from functools import lru_cache

from ...text import sentences
from .headings import POLICY_HEADING

# the state as the speaker, then a denial or a defence of its conduct: "who asserts what". The
# nouns are kept as words: the literal tests that spare most text these patterns are made of them
_STATE_ADJECTIVES = ("chinese", "prc", "central", "local", "provincial", "foreign", "russian", "eritrean", "sudanese",
                     "afghan", "taliban", "hong kong", "sar")
_STATE_NOUNS = ("government", "authorities", "officials?", "ministry", "spokesperson", "spokesman", "spokeswoman",
                "embassy", "consulate", "state media", "foreign ministry", "police", "beijing", "moscow", "regime",
                "state council", "party", "china", "russia")
_STATE = rf"\b(?:the |a |an )?(?:(?:{'|'.join(_STATE_ADJECTIVES)}) )*(?:{'|'.join(_STATE_NOUNS)})\b"
_DENIAL = (r"\b(?:denied|denies|deny|rejected|rejects|dismissed|dismisses|refuted|refutes|disputed|"
           r"insisted|insists|maintained|maintains|defended|defends|characterized|characterised|"
           r"described|describes|claimed|claims|asserted|asserts|argued|argues|"
           r"declined to comment|expresse[sd]|hiding behind)\b")
_STANCE = re.compile(rf"{_STATE}[^.;]{{0,80}}?{_DENIAL}|{_DENIAL}[^.;]{{0,40}}?\bby {_STATE}", re.I)
# a literal part of every _DENIAL word: _STANCE (slow, tried at every position) runs only where one occurs
_DENIAL_STEMS = ("deni", "deny", "reject", "dismiss", "refut", "disput", "insist", "maintain", "defend", "characteri",
                 "describ", "claim", "assert", "argu", "declined to comment", "expresse", "hiding behind")
_DENIAL_GATE = re.compile("|".join(map(re.escape, _DENIAL_STEMS)), re.I)
_RHETORIC_STEMS = ("factual basis", "internal affairs", "strong indignation", "groundless", "baseless",
                   "smear campaign", "interference in", "calls white black")  # the words of _RHETORIC
_DEFENCE = re.compile(r"\b(?:indignation|external interference|anti-corruption|groundless|baseless|smear|lies|"
                      r"internal affairs|lacks? factual basis|in accordance with (?:the )?law|"
                      r"vocational (?:education|training)|de-?radicali[sz]ation|interfere\w* in|misinformation|"
                      r"disinformation|not (?:aware|true)|violated the law|no political prisoners)\b", re.I)
_RHETORIC = re.compile(r"\b(lacks? (?:any )?factual basis|internal affairs|strong indignation|groundless|baseless|"
                       r"smear campaign|interference in|calls white black)\b", re.I)
_SPEECH = re.compile(r"[“\"]|\b(said|says|added|stated)\b")
# a denial of what is alleged, not "denied passport applications" (an act of the state)
_DENIES = re.compile(r"\b(denied|denies|deny|rejected|rejects|refuted|refutes|disputed|disputes|dismissed)\s+"
                     r"(that|the (allegations?|accusations?|reports?|claims?|existence|charges?)|allegations?|"
                     r"accusations?|reports?|claims?|any|having|holding|it|wrongdoing|responsibility|involvement|"
                     r"criticism|such)\b", re.I)
# the state as the speaker of a claim: "the Government has emphasized that", "officials have repeatedly
# said", "the embassy put out a statement", "a government white paper", "according to the authorities"
_SPEAKER_ADJECTIVES = ("chinese", "prc", "central", "local", "provincial", "foreign", "russian", "hong kong", "sar",
                       "russian federation", "state", "government", "senior", "party")
_SPEAKER_NOUNS = ("government", "authorities", "officials", "ministry", "spokesperson", "spokesman", "spokeswoman",
                  "embassy", "ambassador", "consulate", "state media", "state publication", "representatives",
                  "chief executive", "kremlin", "state council")
_STATE_ADJ = f"(?:{'|'.join(_SPEAKER_ADJECTIVES)})"
_SPEAKER = rf"(?:\b(?:the |a |an |its )?(?:{_STATE_ADJ} )*(?:{'|'.join(_SPEAKER_NOUNS)})|\b{_STATE_ADJ} official)\b"
# ("an NGO official" is not the state)
_CLAIM_VERB = (r"\b(?:said|says|stated|stating|(?<!united )states|emphasi[sz]ed|emphasi[sz]es|explained|explains|"
               r"claimed|claims|"
               r"asserted|asserts|acknowledged|insisted|insists|maintained|maintains|argued|argues|responded|"
               r"contended|reiterated|suggested|claiming|asserting|insisting|saying|arguing|"
               r"told (?:the|a|reporters|media|journalists))\b")
# (a statement that concedes the matter, "expressing concern over this workplace hazard", is no position against it)
_STATEMENT = (r"\b(?:(?:issued|put out|released|published) a (?:statement|white paper|response)"
              r"(?! (?:expressing|acknowledging|admitting|conceding|warning|urging|calling)\b)|challenged the accounts?)\b")
_GAP = (r"[^,.;“\"]{0,60}?(?:,\s(?:which|who)\b[^,.;]{0,60},[^,.;“\"]{0,30}?|"
        r",\s(?:and\s)?(?=claim|assert|say|said|insist|stat|argu|deny|denied|suggest|maintain))?")
_CLAIM = re.compile(rf"{_SPEAKER}{_GAP}(?:{_CLAIM_VERB}[^.;]{{0,60}}?"
                    rf"(?:\bthat\b|[“\"‘:]|\b(?:is|are|was|were|had|has|would|will)\b)|{_STATEMENT})"
                    rf"|{_SPEAKER}{_GAP}\b(?:denied|denies|deny|denying)\s+(?:that|there (?:was|were|is|are)|any|"
                    r"having|holding|the (?:allegations?|accusations?|reports?|claims?|existence)|allegations?|reports?|claims?|"
                    r"[A-Z]\w+ (?:was|were|had|is))\b"
                    r"|\baccording to (?:the )?(?:(?:chinese|prc|russian|central) )?(?:government|authorities|officials)\b"
                    r"(?! (?:data|statistics|figures))|\b(?:government|official) white paper\b"
                    r"|\bin (?:its|a) (?:\d{4} )?white paper\b",
                    re.I)
_CLAIM_STEMS = ("said", "suggest", "deny", "says", "stat", "emphasi", "explain", "claim", "assert", "acknowledg", "insist", "maintain",
                "saying",
                "argu", "respond", "contend", "reiterat", "deni", "challeng", "told", "statement", "white paper",
                "response", "according", "account")
_CLAIM_GATE = re.compile("|".join(map(re.escape, _CLAIM_STEMS)), re.I)
# a policy note's own judgement ("is likely to depend on a person's profile"), not its guidance to caseworkers
_ASSESSING = re.compile(r"\b(likely|unlikely|in general|generally|would|may|depend\w*|reasonabl\w+|real risk|"
                        r"not normally|not be expected)\b", re.I)
_GUIDANCE = re.compile(r"\b(for (?:further )?guidance|for more information|see the|decision makers)\b|^preface\b", re.I)


_FOLDS_TO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")  # İ ı ſ K: the only letters re.I matches to ASCII ones


def _lowered(text: str) -> str | None:
    """The text in lower case for substring tests, letter for letter, or None when it holds one of
    the four letters that re.I folds to ASCII ones (a substring test could then miss what the
    pattern finds)."""
    return text.lower() if text.isascii() or not _FOLDS_TO_ASCII.search(text) else None


def _may_hold(text: str, low: str | None, stems: tuple[str, ...], gate: re.Pattern) -> bool:
    """Whether a case-blind pattern could match: substring tests on the lowered text (when there
    is none, the gate pattern itself is asked)."""
    return any(map(low.__contains__, stems)) if low is not None else bool(gate.search(text))


# the words without which a clause cannot hold _STATE or _CLAIM (its speaker, "according to", a white paper)
_STATE_WORDS = tuple(re.sub(r"s\?$", "", noun) for noun in _STATE_NOUNS)
_SPEAKER_WORDS = (*_SPEAKER_NOUNS, "official", "according to", "white paper")
_CLAUSE = re.compile(r"[^.;]+")


def _search_clauses(pattern: re.Pattern, text: str, low: str | None, *needs: tuple[str, ...]) -> tuple[int, int] | None:
    """The span of pattern.search(text), asked only of the stretches between '.' and ';' that hold
    a word of each of `needs` (in `low`, the text lowered): _STANCE and _CLAIM never cross either
    mark (and see the same neighbours at a stretch's ends), so this finds what a search of the
    whole text finds, where it finds it, for a fraction of the work."""
    if low is None:
        found = pattern.search(text)
        return found.span() if found else None
    for clause in _CLAUSE.finditer(text):
        part = low[clause.start():clause.end()]
        if all(any(map(part.__contains__, words)) for words in needs):
            found = pattern.search(text, clause.start(), clause.end())
            if found:
                return found.span()
    return None


# where a _CLAIM match can start: at its speaker's noun (the article and adjectives before it are
# optional, so a match that starts at them also matches from the noun on), at the adjective of
# "senior official", or at "according"; "in a white paper" starts at "in", too common a word to
# anchor on, so a clause naming a white paper is searched whole
_CLAIM_STARTS = tuple(dict.fromkeys(w.split()[0] for w in (*_SPEAKER_NOUNS, *_SPEAKER_ADJECTIVES, "official", "according")))
_CLAIM_START = re.compile(rf"(?=[{''.join(sorted({w[0] for w in _CLAIM_STARTS}))}])\b(?:{'|'.join(_CLAIM_STARTS)})\b",
                          re.I)


def _claims(text: str, low: str | None) -> bool:
    """Whether _CLAIM matches anywhere in the text, tried only where a match can start, in the
    clauses that name a speaker (see _search_clauses)."""
    if low is None:
        return bool(_CLAIM.search(text))
    for clause in _CLAUSE.finditer(text):
        part = low[clause.start():clause.end()]
        if not any(map(part.__contains__, _SPEAKER_WORDS)):
            continue
        if "white paper" in part:
            if _CLAIM.search(text, clause.start(), clause.end()):
                return True
            continue
        if any(_CLAIM.match(text, start.start(), clause.end())
               for start in _CLAIM_START.finditer(text, clause.start(), clause.end())):
            return True
    return False


def stance(text: str, heading: str = "", publisher: str = "") -> str:
    """'contrary' where the paragraph gives the state's or the respondent's own position: the
    state denying or defending what it is accused of, or a Home Office policy note's assessment
    of risk (what the respondent relies on); else 'supports'. Read from who says what, not from
    a factor's words."""
    if "home office" in publisher.lower() and POLICY_HEADING.search(heading):
        if _ASSESSING.search(text) and not _GUIDANCE.search(text) and not _GUIDANCE.search(heading):
            return "contrary"
        return "supports"
    low = _lowered(text)
    if _may_hold(text, low, _RHETORIC_STEMS, _RHETORIC) and _SPEECH.search(text) and _RHETORIC.search(text):
        return "contrary"
    span = _search_clauses(_STANCE, text, low, _STATE_WORDS, _DENIAL_STEMS) \
        if _may_hold(text, low, _DENIAL_STEMS, _DENIAL_GATE) else None
    if span and (_DENIES.search(text[span[0]:span[1] + 40]) or _DEFENCE.search(text[span[0]:span[1] + 240])):
        return "contrary"
    if _may_hold(text, low, _CLAIM_STEMS, _CLAIM_GATE) and _claims(text, low):
        return "contrary"
    return "supports"


def stance_and_position(text: str, heading: str = "", publisher: str = "") -> tuple[str, str]:
    """A paragraph's stance and, where contrary, the sentence that gives the position: stored
    with the paragraph, so that matching and quoting read it rather than work it out again."""
    kind = stance(text, heading, publisher)
    return kind, stance_sentence(text, heading, publisher) if kind == "contrary" else ""


@lru_cache(maxsize=4096)  # once per paragraph: matching weighs it for several factors, the report quotes it
def stance_sentence(text: str, heading: str = "", publisher: str = "") -> str:
    """The sentence of a contrary paragraph that gives the position (the state's denial, the
    note's assessment), for a quotation that must keep it; '' when no sentence alone, or with
    the next, does."""
    parts = sentences(text)
    for i, sentence in enumerate(parts):
        if stance(sentence, heading, publisher) == "contrary":
            return sentence
        if i + 1 < len(parts) and stance(f"{sentence} {parts[i + 1]}", heading, publisher) == "contrary" \
                and stance(parts[i + 1], heading, publisher) != "contrary":
            return sentence
    return ""
