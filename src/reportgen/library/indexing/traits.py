"""What matching asks of every candidate paragraph that its heading and text (and the heading
before it) alone decide: whether it speaks of people abroad or of events in a host country,
whether its form is a document's apparatus, whether it opens its section, how its first
sentence opens (an incident, one person, a general statement) and on which year. Worked out
at index time (the `paragraphs` table's traits columns): matching weighs each candidate for
every factor of every draft, and these patterns (and asking for the heading before each) cost
a draft some 40 ms.

What a trait is worth (a weight) stays in matching/weighing.py and matching/match.py; a change
here changes the index's key (TRAITS_KEY), so the index is rebuilt with the new rules."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ...patterns import lazy
from ...text import MONTH_NAMES, first_sentence, person_names, starts_with_pronoun

# an incident's opening ("In March ...", "On June 4 ...", "As of December ..."): a story, not the rule
_OPENS_ON = r"^(?:In|On|By|As of|Since|During|From|Between|Until|After|Before|Through|Throughout)\s+"  # a date follows
_INCIDENT = lazy(_OPENS_ON + rf"(?:early |late |mid-?|the (?:first|second|third|fourth|last) |the )?(?:{MONTH_NAMES}|\d{{4}}\b|"
                       r"spring|summer|autumn|fall|winter|quarter)", re.I)
# the words of a general statement: a practice, its frequency, its reach
_GENERAL = lazy(r"\b(routinely|systematic(?:ally)?|systemic|widespread|widely|frequently|often|commonly|"
                      r"regularly|continued to|continues to|generally|typically|pattern|practice of|numerous|"
                      r"across the country|nationwide|throughout the country|in many cases|increasingly|"
                      r"remained|severe|pervasive|extensive|arbitrar\w+)\b", re.I)
# people abroad in general: where another group's name does not make the paragraph another group's
_ABROAD = lazy(r"\b(abroad|overseas|diaspora\w*|exiles?|outside (?:the country|china|russia)(?![\'’]s)|"
                     r"transnational|extraterritorial)\b", re.I)
# what happened in a host country (a protest in San Francisco, an FBI case): evidence for what is done
# to people abroad, not for how the state treats people at home
_HOST_COUNTRY = lazy(r"\b(in|to|from|across) (the United States|the U\.?S\.?|the United Kingdom|the UK|Canada|"
                           r"Australia|Europe|Japan|Germany|France|the Netherlands|Sweden|Turkey|Kazakhstan|"
                           r"San Francisco|New York|London|Washington)\b|\b(FBI|Department of Justice|DoJ)\b")
# one person's own account ("According to her October 31 post on Twitter, Wang Yu ..."): a story
_ONES_ACCOUNT = lazy(r"^According to (?:her|his)\b")
# a section's bold lead-in ("Freedom of Expression: The government ..."): the section's own opening
_LEAD_IN = lazy(r"^[A-Z][\w,’'\- ]{2,80}: [A-Z]")
# an account that opens on a year ("In 1989, ...", "Since 2012 ..."): dated by its own first words
_OPENING_YEAR = lazy(_OPENS_ON + rf"(?:(?:early|late|mid-?)\s*)?(?:(?:{MONTH_NAMES})\s+(?:\d{{1,2}},?\s+)?)?"
                           r"((?:19|20)\d\d)\b")
# a document's own apparatus (how the note was made, its versions, its sources) says nothing of the country
_APPARATUS = lazy(r"\b(preface|purpose|methodology|feedback|version control|about this (note|report)|"
                        r"terms of reference|bibliography|acknowledg\w+|independent advisory group|"
                        r"sources and databases|research methodology|contents)\b"
                        # a Home Office note's guidance to caseworkers (numbered as every CPIN numbers it)
                        r"|\b\d+\.\d+ (basis of claim|points to note|credibility|exclusion|convention reason|"
                        r"certification)", re.I)
# a section on what others do or should do about it (recommendations, a host government's response, its
# work "on countering" it); not the home state's own response ("Police response" is protection evidence)
_RESPONSES = lazy(r"^(?:recommendations?|reactions?)\b|\bon countering\b|\b(?:u\.?s\.?|united states|"
                        r"international|host (?:states?|countr(?:y|ies)|governments?))\b.*\bresponses?\b", re.I)
# a pointer elsewhere ("For further guidance on ... see the Asylum Instruction") is not evidence
_POINTER = lazy(r"(for (further|more) (guidance|information|details)|see (also )?the|further guidance)\b", re.I)

# the stored traits are these rules' results: the index is rebuilt when this file (or text.py and
# its list of ordinary words, whose person names and pronouns decide an opening) changes
_PACKAGE = Path(__file__).parents[2]
TRAITS_KEY = hashlib.sha256(b"".join(p.read_bytes() for p in (Path(__file__), _PACKAGE / "text.py",
                                                                _PACKAGE / "data" / "ordinary_words.txt")
                                     if p.is_file())).hexdigest()[:16]

OPENINGS = ("", "incident", "person", "general")  # how a first sentence opens, stored by position


@dataclass(frozen=True)
class Traits:
    """What a paragraph's heading and text alone decide for matching: worked out at index time, once."""

    abroad: bool  # the text speaks of people abroad
    host: bool  # the text tells what happened in a host country
    heading_abroad: bool  # the heading does either
    enumerates: bool  # five or more semicolons: a summary that lists every abuse in one breath
    apparatus: bool  # apparatus heading, a pointer elsewhere, or a lead-in whose substance follows
    responses: bool  # under a heading on others' responses
    lead_in: bool  # the first sentence opens with a section's bold lead-in
    opens_section: bool  # the first paragraph under its heading (the one before it in its source has another)
    opening: str  # one of OPENINGS
    opening_year: int | None  # the year an account opens on ("In 1989, ...")
    words: int


@lru_cache(maxsize=8192)
def speaks_abroad(text: str) -> bool:
    """Whether a text speaks of people abroad (once per text: a paragraph is weighed for several factors)."""
    return bool(_ABROAD.search(text))


def in_host_country(text: str) -> bool:
    return bool(_HOST_COUNTRY.search(text))


@lru_cache(maxsize=1024)
def abroad_or_host(text: str) -> bool:
    """Either of the two (a source's title: once per source)."""
    return speaks_abroad(text) or in_host_country(text)


def opening(text: str) -> tuple[bool, str]:
    """(whether the first sentence opens with a lead-in, how it opens: one of OPENINGS)."""
    first = first_sentence(text)
    if _INCIDENT.match(first):
        kind = "incident"
    else:
        names = person_names(first)
        kind = ("person" if (names and names[0].start() < 25) or starts_with_pronoun(first)
                or _ONES_ACCOUNT.match(first) else
                "general" if _GENERAL.search(first) else "")
    return bool(_LEAD_IN.match(first)), kind


def opening_year(text: str) -> int | None:
    found = _OPENING_YEAR.match(text)
    return int(found.group(1)) if found else None


def is_apparatus(heading: str, text: str) -> bool:
    return bool(_APPARATUS.search(heading) or _POINTER.match(text) or text.rstrip().endswith(":"))


def under_responses(heading: str) -> bool:
    return any(_RESPONSES.search(part.strip()) for part in heading.split(">"))


def traits_of(heading: str, text: str, heading_before: str | None = None) -> Traits:
    """`heading_before`: the heading of the paragraph before it in its source (None for the first)."""
    lead_in, kind = opening(text)
    return Traits(abroad=speaks_abroad(text), host=in_host_country(text),
                  heading_abroad=speaks_abroad(heading) or in_host_country(heading),
                  enumerates=text.count(";") >= 5, apparatus=is_apparatus(heading, text),
                  responses=under_responses(heading), lead_in=lead_in,
                  opens_section=bool(heading) and heading_before != heading, opening=kind,
                  opening_year=opening_year(text), words=len(text.split()))


_BITS = ("abroad", "host", "heading_abroad", "enumerates", "apparatus", "responses", "lead_in", "opens_section")


def to_row(t: Traits) -> tuple[int, int | None, int]:
    """(bits, opening year, words) as the paragraphs table stores them; the opening in bits 8-9."""
    bits = sum(1 << i for i, name in enumerate(_BITS) if getattr(t, name)) | OPENINGS.index(t.opening) << 8
    return bits, t.opening_year, t.words


# every combination of the flags as Traits takes them: a draft reads a thousand rows or more
_FLAGS = tuple(tuple(bool(bits >> i & 1) for i in range(len(_BITS))) for bits in range(1 << len(_BITS)))


def from_row(bits: int, year: int | None, words: int) -> Traits:
    return Traits(*_FLAGS[bits & 0xFF], OPENINGS[bits >> 8 & 3], year, words)
