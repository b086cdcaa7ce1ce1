"""Where sentences end: one rule for segmentation (is a line prose?) and for quotations (which
whole sentences to quote), so that the two never disagree about what a sentence is; and who a
sentence is about (a leading pronoun, the full names of people), for matching and quoting alike."""

from __future__ import annotations

import re

# a sentence ends at . ! ? (closing quotes and brackets stay with it) before a space and the
# start of the next one: a capital, an opening quote or bracket, a digit or a dash
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(A-Z0-9–—-])")
# a line that ends as prose does (a full stop, a colon before a list, a closing quote)
ENDS_PROSE = re.compile(r"[.!?…:;][\"”’)\]]*$")
# ... and a line of plain text that ends on a quotation without a stop ('a "traitor to the motherland"'):
# a PDF line ending so is wrapped mid-sentence as often as not, so only plain text counts it
ENDS_PROSE_OR_QUOTE = re.compile(rf"{ENDS_PROSE.pattern}|[\"”’][.!?,]?$")


def sentences(text: str) -> list[str]:
    """The text split after sentence ends; joining them with spaces gives the text back."""
    spans, start = [], 0
    for m in SENTENCE_END.finditer(text):
        spans.append(text[start:m.start() + len(m.group(0).rstrip())].strip())
        start = m.end()
    spans.append(text[start:].strip())
    return [s for s in spans if s]


_PRONOUN_START = re.compile(r"(?:[^,.;:]{1,30},\s+)?(?:(?:when|after|before|while|as|because|although|but|and|then|"
                            r"later|there)\s+)?"
                            r"(he|she|they|his|her|their|him|them)\b(?!-)", re.I)


def pronoun_end(text: str) -> int:
    """Where a leading pronoun ends ('When he' -> after 'he'), opening quotes aside; 0 if none."""
    opening = len(text) - len(text.lstrip("“\"‘'([ "))
    match = _PRONOUN_START.match(text, opening)
    return match.end() if match else 0


def starts_with_pronoun(text: str) -> bool:
    return bool(pronoun_end(text))


_NAME = re.compile(r"\b([A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2})\b")
_NOT_A_NAME = re.compile(r"^(The|In|On|At|By|For|From|After|Before|During|When|According|United|Supreme|"
                         r"Chinese|China|Hong|Human|Rights|Police|January|February|March|April|May|June|July|"
                         r"August|September|October|November|December)\b")


# the last word of a place's or a body's name: "Tiananmen Square" is not who "he" is
_PLACE_OR_BODY = {"Square", "Street", "Road", "Avenue", "Province", "Region", "District", "County", "City",
                  "Island", "Islands", "River", "Mountains", "Airport", "Station", "Park", "Hall", "Building", "Bridge",
                  "Market", "Village", "Town", "University", "College",
                  "School", "Party", "Committee", "Congress", "Council", "Ministry", "Bureau", "Office", "Court",
                  "Prison", "Centre", "Center", "Hospital", "Department", "Agency", "Police", "Army", "Times",
                  "Post", "News", "Watch", "International", "Institute", "Foundation", "Association", "Union"}


def _a_person(match: re.Match, text: str) -> bool:
    name = match.group(1)
    if _NOT_A_NAME.match(name) or name.split()[-1].split("-")[-1] in _PLACE_OR_BODY:
        return False
    return not text[:match.start()].rstrip().lower().endswith("the")  # "the Tiananmen ...": a thing, not a person


def person_names(text: str) -> list[re.Match]:
    """The full names of people in a text ("Xie Weidong"), in order: not a capitalised phrase
    that opens a sentence ("In March"), nor a place's or a body's name ("Tiananmen Square")."""
    return [m for m in _NAME.finditer(text) if _a_person(m, text)]
