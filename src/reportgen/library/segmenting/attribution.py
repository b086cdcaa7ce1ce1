"""Who a sentence says its content comes from, read from the sentence's own structure: the
object of "according to", the subject of a reporting verb ("HKFP reported", "On June 26, RFA
reported", or last: "..., the China Digital Times reported."), the outlet someone "told", or the
body "a Human Rights Watch official" works for.

A source is a body or an outlet, not a person: a run of capitalised words (joined by "of",
"for", "and", "on") holding a word such bodies are named with ("Watch", "Defenders", "Times"),
a name in brackets ("(NDI)"), an acronym ("HKFP"), a name with an inner capital ("ChinaAid"), or
a name a descriptor introduces ("the human rights group Memorial"). Never a month, a date or the
next sentence's first word. When the structure does not say, no one is named: a wrong
"reporting X" misleads a tribunal, a missing one leaves the source to speak for itself."""

from __future__ import annotations

import re

from ...text import MONTH_NAMES, sentences

_MONTHS = f"{MONTH_NAMES}|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
_CAP = r"(?:[A-Z][\w&-]*(?:’s|'s)?(?:\s\([A-Z][\w-]{1,9}\))?)"  # a capitalised word, "(NDI)" after it kept
_RUN = rf"{_CAP}(?:\s(?:(?:of|for|and|on|the|de)\s)*{_CAP})*"
_DESCRIBED = (r"(?:group|organi[sz]ation|NGOs?|outlet|newspaper|agency|website|magazine|broadcaster|watchdog|"
              r"monitor|network|daily|think tank|center|centre|institute)")
# what opens a sentence before its subject: "On June 26, ", "Just recently, ", "In April ", "In 2020 "
_LEAD = re.compile(rf"^(?:[^,;:“\"”]{{0,45}},\s+|In\s(?:(?:early|late|mid-?)\s?)?(?:{_MONTHS})(?:\s\d{{1,2}})?"
                   rf"(?:,?\s\d{{4}})?\s+|In\s\d{{4}}\s+)")
_VERBS = (r"reported|said|says|stated|states|found|documented|noted|wrote|claimed|claims|believes|estimated|"
          r"confirmed|exposed|revealed|published|announced|observed|alleged|asserted|refers to|highlighted|"
          r"concluded|released|listed|showed|warned")
_SUBJECT = re.compile(rf"(?:(?:[Tt]he|[Aa]n?)\s)?(?:((?:[\w-]+\s){{0,4}}){_DESCRIBED}\s)?({_RUN})"
                      rf"(?:(?:’s?|'s?)(?:\s[a-z][\w-]*){{0,2}}|(?:\s[a-z][\w-]*)?)\s(?:also\s)?(?:{_VERBS})\b")
_ACCORDING = re.compile(r"\baccording to\s+", re.I)
_CLAUSE_END = re.compile(r"[,;:]|\.\s*$|\.(?=[”’\"]?\s*$)|\s(?:that|which|who)\s")
_TOLD = re.compile(rf"\b(?i:told|wrote|in a comment to|in an interview with|speaking to)\s(?:the\s)?({_RUN})"
                   rf"(?=\s*(?:[,.;:–—-]|$|\sthat\b|\sin\b))")
# news style puts the source last: "..., the China Digital Times reported." (a clause of its own)
_REPORTED_LAST = re.compile(rf",\s(?:(?:[Tt]he|[Aa]n?)\s)?(?:((?:[\w-]+\s){{0,3}}){_DESCRIBED}\s)?({_RUN})\s"
                            rf"(?:reported|said|wrote|stated|noted|documented|found)[.”’\"]*\s*$")
_WORKS_FOR = re.compile(rf",\s(?:a|an|the)\s({_RUN})\s(?:official|spokesman|spokeswoman|spokesperson|"
                        rf"researcher|director|representative|analyst)\b")
_BODY_WORDS = frozenset(
    "Watch International Defenders Defender Council Ministry Office Commission Commissioner Agency Bureau Department "
    "Group Institute Foundation Parliament Times News Post Telegraph Guardian Network Committee Association "
    "Centre Center Service Project Court Government Press Radio Television Broadcasting Corporation Congress "
    "Federation Union Journal Tribune Herald Daily Monitor Asia America Europe Freedom House Lab Digital Review "
    "Magazine Tone Diplomat Amnesty Human Rights Labor Labour Organization Organisation Alliance Coalition "
    "Initiative Society Media Reporting Nations Mission Procuracy Procuratorate Assembly Congress Senate Duma "
    "Affairs Security Police Communique Report Index Forum Fund Trust Tribunal Panel Working".split())
_OUTLETS = frozenset("Reuters Bloomberg Xinhua Caixin Amnesty Axios Politico Kyodo Memorial Meduza Mediazona Golos "
                     "Interfax Kommersant Vedomosti Novaya Kommersant Malaysiakini Bitter Winter".split())
_NOT_A_SOURCE = re.compile(rf"^(?:{_MONTHS}|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|This|That|"
                           rf"NGOs?|UN|US|UK|EU|PRC|"
                           rf"These|Those|He|She|They|It|We|In|On|According|Authorities|Police|Officials|Government|"
                           rf"Media|Chinese|Beijing|Hong Kong|China|Russia|State|Local|Some|Many|Several|Other)$")


def _clean(name: str) -> str:
    """A name run without a leading article or determiner, its possessive or what follows it."""
    name = re.split(r"(?<!People)(?:’s?|'s?)\s", name.strip() + " ", maxsplit=1)[0].strip()  # "Freedom House’s Freedom on..."
    name = re.sub(r"(?:’s?|'s?)$", "", name)
    name = re.sub(r"^(?:(?:The|the|A|An|Some|US|UK|NGOs?)\s+)+(?=\S+\s\S)|^(?:The|the)\s+(?=[A-Z]{2,}$)", "", name)
    return name.strip()


def _a_source(name: str, described: bool = False) -> bool:
    if not name or _NOT_A_SOURCE.match(name) or re.match(rf"^(?:{_MONTHS}|\d)", name):
        return False
    words = re.findall(r"[\w&-]+", name)
    if len(words) == 1 and not described:
        return bool(re.fullmatch(r"[A-Z][A-Z0-9-]{1,9}", name) or re.search(r"[a-z][A-Z]", name)
                    or name in _OUTLETS)
    return "(" in name or described or any(w in _BODY_WORDS for w in words) or name.startswith("The ")
    # "The Diplomat", "The Straits Times": a title; a bare pair of names is a person


def _according(sentence: str) -> str:
    m = _ACCORDING.search(sentence)
    if not m:
        return ""
    end = _CLAUSE_END.search(sentence, m.end())
    clause = sentence[m.end():end.start() if end else len(sentence)]
    parts = re.split(r"\s(?:by|from)\s", clause, maxsplit=1)  # "a report released on Oct 10 by Human Rights Watch"
    place = parts[-1]
    described = re.match(rf"(?:the\s)?(?:[\w-]+\s){{0,4}}{_DESCRIBED}\s", place)
    run = re.search(_RUN, place[described.end():] if described else place)
    name = _clean(run.group(0)) if run else ""
    return name if _a_source(name, bool(described)) else ""


def sentence_attribution(sentence: str) -> str:
    """The body or outlet a sentence attributes its content to, or '' when it does not say."""
    text = sentence.lstrip("“\"‘'([ ")
    found = _according(text)
    if found:
        return found
    lead = _LEAD.match(text)
    for start in ((lead.end(), 0) if lead else (0,)):
        m = _SUBJECT.match(text, start)
        if m and _a_source(_clean(m.group(2)), m.group(1) is not None):
            return _clean(m.group(2))
    last = _REPORTED_LAST.search(text)
    if last and _a_source(_clean(last.group(2)), last.group(1) is not None):
        return _clean(last.group(2))
    for pattern in (_TOLD, _WORKS_FOR):
        m = pattern.search(text)
        if m and _a_source(_clean(m.group(1))):
            return _clean(m.group(1))
    return ""


def _same(a: str, b: str) -> bool:
    """'Chinese Human Rights Defenders (CHRD)' and 'CHRD' name one body."""
    short = lambda n: re.search(r"\(([^)]+)\)", n).group(1) if "(" in n else n  # noqa: E731
    return a == b or short(a) == short(b) or a in b or b in a


def attribution(text: str, most: int = 2) -> str:
    """Who a paragraph or a quotation attributes its content to: the sources its sentences name,
    "A and B" for two; '' when none is named, or more than `most` (then no short label is true)."""
    names: list[str] = []
    for sentence in sentences(re.sub(r"\s*\[…\]\s*", " ", text).strip()):
        name = sentence_attribution(sentence)
        if name and not any(_same(name, n) for n in names):
            names.append(name)
    if not names or len(names) > most:
        return ""
    return " and ".join(names)
