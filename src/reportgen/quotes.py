"""Cutting a verbatim extract from an evidence paragraph: whole sentences, omissions marked.

A quote is a run of consecutive sentences of the paragraph, chosen for the words that made
the paragraph relevant; anything left out at either end is marked with "[…]". Nothing is
reworded, so each piece between marks is found, in order, in the source paragraph.
"""

from __future__ import annotations

import re

ELLIPSIS = "[…]"
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(A-Z0-9–—-])")


def sentences(text: str) -> list[str]:
    """The paragraph split after sentence ends; joining them with spaces gives the text back."""
    spans, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        spans.append(text[start:m.start() + len(m.group(0).rstrip())].strip())
        start = m.end()
    spans.append(text[start:].strip())
    return [s for s in spans if s]


def extract(text: str, keywords: set[str], max_words: int = 70) -> str:
    """The best run of whole sentences within max_words, with [...] where text is left out.
    A keyword counts for a sentence when one of its words begins with it ("famil": families)."""
    parts = sentences(text)
    if len(text.split()) <= max_words or len(parts) == 1:
        return text
    weights = [_matches(keywords, s) for s in parts]
    best, best_key = (0, 1), None
    for i in range(len(parts)):
        words = 0
        for j in range(i, len(parts)):
            words += len(parts[j].split())
            if words > max_words and j > i:
                break
            key = (sum(weights[i:j + 1]), -(j - i), -i)
            if best_key is None or key > best_key:
                best, best_key = (i, j + 1), key
    i, j = best
    quote = " ".join(parts[i:j])
    if i > 0:
        quote = f"{ELLIPSIS} {quote}"
    if j < len(parts):
        quote = f"{quote} {ELLIPSIS}"
    return quote


def _matches(keywords: set[str], sentence: str) -> int:
    words = set(re.findall(r"\w+", sentence.lower()))
    return sum(1 for k in keywords if any(w.startswith(k) for w in words))


def pieces(quote: str) -> list[str]:
    """The verbatim pieces of a quote, between omission marks."""
    return [p.strip() for p in re.split(r"\[(?:…|\.\.\.)\]|…", quote) if p.strip()]


def is_faithful(quote: str, source: str) -> bool:
    """True when every piece of the quote occurs in the source, in order (spacing aside)."""
    norm = lambda s: " ".join(s.split())  # noqa: E731
    haystack, pos = norm(source), 0
    for piece in pieces(quote):
        found = haystack.find(norm(piece), pos)
        if found < 0:
            return False
        pos = found + len(norm(piece))
    return True
