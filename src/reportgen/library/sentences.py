"""Where sentences end: one rule for segmentation (is a line prose?) and for quotations (which
whole sentences to quote), so that the two never disagree about what a sentence is."""

from __future__ import annotations

import re

# a sentence ends at . ! ? (closing quotes and brackets stay with it) before a space and the
# start of the next one: a capital, an opening quote or bracket, a digit or a dash
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(A-Z0-9–—-])")
# a line that ends as prose does (a full stop, a colon before a list, a closing quote)
ENDS_PROSE = re.compile(r"[.!?…:;][\"”’)\]]*$")


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
