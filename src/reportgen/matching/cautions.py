"""What the expert must be told about a quoted paragraph because of who the applicant is: a person
in it who shares a name with the applicant, or an account that mirrors the instructed facts (it
may be about the applicant, or identify them). Quotations are never altered for this: the report
names the person in full and says why."""

from __future__ import annotations

import re
from functools import lru_cache

from ..models import Case, EvidenceParagraph
from ..text import CJK_RUN, fold, person_names, sentences
from .notes import note

_PART = re.compile(r"[^\W\d_]+")
_STOP = frozenset("""about after again against also among been before being both but could does during each from
further have having here into more most other over same some such than that their them then there these they this
those through under until very were what when where which while with would year years police""".split())


@lru_cache(maxsize=4096)
def name_parts(name: str) -> frozenset[str]:
    """The parts of a name worth comparing, folded as the anonymiser folds them: 'Chén' as 'chen',
    '陳志明' as '陈志明', a soft hyphen dropped (once per name: every quoted paragraph is compared)."""
    folded = fold(name)[0].casefold()
    return frozenset(p for p in _PART.findall(folded) if len(p) >= 3 or not p.isascii())


def people_notes(paragraph: EvidenceParagraph, case: Case) -> tuple[str, ...]:
    """A note for each person the paragraph names who shares a name part with the applicant."""
    name = case.applicant.name
    if not CJK_RUN.search(paragraph.text):  # a name in characters cannot be in it: its characters are not folded
        name = CJK_RUN.sub(" ", name)  # (folding them loads OpenCC's table, a fifth of a draft's imports)
    mine = name_parts(name)
    if not mine:
        return ()
    notes: list[str] = []
    seen: set[str] = set()
    named = person_names(paragraph.text)
    for match in named:
        full = match.group(1)
        if name_parts(full) & mine and not case.applicant.anonymise and full not in seen:
            seen.add(full)
            notes.append(note("shares_name_named", name=full))
        elif name_parts(full) & mine and not notes:  # anonymised: the note must not print the name itself
            notes.append(note("shares_name_anonymised"))
    for part in mine - {p for m in named for p in name_parts(m.group(1))}:
        if not part.isascii() and part in fold(paragraph.text)[0].casefold():
            notes.append(note("name_written_alike"))
    return tuple(notes)


@lru_cache(maxsize=1024)
def _content(text: str) -> frozenset[str]:
    """(Once per text: each factor's facts are compared with every quoted paragraph.)"""
    return frozenset(w[:6] for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in _STOP)


_SPECIFIC = re.compile(r"\b(?:\d{2,4}|[A-Z][a-z]{2,})\b")
_NUMBER = re.compile(r"^\d+$")


def _specifics(text: str, common: set[str]) -> set[str]:
    """Years, numbers and names in a text (not a sentence's first word, nor the applicant's own
    area, group or country, which every paragraph about them names): what identifies an account."""
    return _specific_words(text) - _STOP - common


@lru_cache(maxsize=1024)
def _specific_words(text: str) -> frozenset[str]:
    out = set()
    for sentence in sentences(text):  # the one splitter: not after "U.S." or "Mr."
        out.update(m.group(0).lower() for m in _SPECIFIC.finditer(sentence) if m.start() > 0)
    return frozenset(out)


def resemblance_note(paragraph: EvidenceParagraph, case: Case, share: float = 0.5) -> str:
    """A note when the paragraph tells the instructed facts' story: most of their distinctive words
    and at least two of their particulars, one of them a number (a year, a count)."""
    a = case.applicant
    common = {w.lower() for v in (a.home_area, a.return_area, a.ethnicity, a.religion, a.country, a.now_in)
              for w in re.findall(r"\w+", v)}
    text_specifics = _specifics(paragraph.text, common)
    for factor in case.risk_factors:
        facts = _content(factor.facts)
        shared = _specifics(factor.facts, common) & text_specifics
        if (len(facts) >= 6 and len(facts & _content(paragraph.text)) / len(facts) >= share
                and len(shared) >= 2 and any(_NUMBER.match(s) for s in shared)):
            return note("resembles_facts")
    return ""
