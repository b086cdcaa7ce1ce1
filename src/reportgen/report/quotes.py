"""Cutting a verbatim extract from an evidence paragraph: whole sentences, omissions marked.

A quote is a run of consecutive sentences of the paragraph, chosen for the words that made
the paragraph relevant; anything left out at either end is marked with "[…]". Nothing is
reworded, so each piece between marks is found, in order, in the source paragraph.
"""

from __future__ import annotations

import bisect
import re

from ..text import person_names, pronoun_end, sentences, starts_with_pronoun

ELLIPSIS = "[…]"
WHOLE = 1.3  # a paragraph up to this many times the word budget is quoted whole rather than cut


# a sentence whose subject points back ("Violators are subject to...", "Such acts", "The law also"):
# alone it does not say who or what it is about
_ANAPHOR = re.compile(r"[“\"‘'(\[ ]*(?:[^,.;:]{1,30},\s+)?(?:this|these|those|such|it|both|violators|offenders|"
                      r"the (?:law|laws|regulations?|measures?|practice|policy|rules?|provisions?|move|decision|latter|former|"
                      r"same|group|organi[sz]ation|authorities' move|couple|pair|two|three|men|women|brothers|sisters|"
                      r"siblings))\b", re.I)
# a sentence that opens on people named by one word ("Jiang and Dong had fled"): short forms of
# names the paragraph gave in full before ("activists Jiang Yefei and Dong Guangping")
_SHORT_NAMES = re.compile(r"[“\"‘'(\[ ]*(?:[^,.;:]{1,30},\s+)?([A-Z][a-z]+)(?:’s|'s)?(?:\s+and\s+([A-Z][a-z]+)(?:’s|'s)?)?\b")


_PERSONAL = re.compile(r"\b(?:he|she|his|her|him|himself|herself)\b")


def leans_back(sentence: str, before: str = "") -> bool:
    """Whether a sentence needs the one before it to say who or what it is about: it opens
    with a pronoun or a word pointing back ("The couple"), speaks of "his parents" before naming
    anyone, or names people by a word of names the paragraph gave in full `before` it."""
    if starts_with_pronoun(sentence) or _ANAPHOR.match(sentence):
        return True
    short = _SHORT_NAMES.match(sentence)
    if short and before:
        given = {word for m in person_names(before) for word in m.group(1).replace("-", " ").split()}
        # a name's word, never a common one that also opens a body's name ("Public Security", "Citizen News")
        common = set(re.findall(r"\b[a-z]+\b", f"{before} {sentence}"))
        if any(word in given and word.lower() not in common for word in short.groups() if word) and not any(
                m.start() <= short.end() for m in person_names(sentence)):
            return True
    personal = _PERSONAL.search(sentence)
    return bool(personal) and not person_names(sentence[:personal.start()])


def extract(text: str, keywords: set[str], max_words: int = 70, facts: set[str] = frozenset(),
            antecedent: str = "", keep: str = "") -> str:
    """The best run of whole sentences within max_words, with [...] where text is left out.
    A keyword counts for a sentence when one of its words begins with it ("famil": families).

    The quote must stand on its own: the sentence that best matches the instructed facts is
    never cut; a quote whose first sentence turns on a pronoun takes the sentence before it
    (the one that names the person), or, when the paragraph itself starts so, the name the
    source gave earlier (`antecedent`) in square brackets, as quoting convention allows; one whose
    subject points back ("Violators are subject to...") takes the sentence that says what is meant.
    `keep` is a sentence that must be quoted, before the facts' best one: in contrary evidence,
    the sentence that gives the state's position is why the paragraph is quoted at all."""
    parts = sentences(text)
    if len(text.split()) <= max_words * WHOLE or len(parts) == 1:  # a short paragraph is quoted whole
        return _named(balance(text), antecedent)
    weights = [_matches(keywords, s) for s in parts]
    facts_weights = [_matches(facts, s) for s in parts] if facts else [0] * len(parts)
    anchor = facts_weights.index(max(facts_weights)) if max(facts_weights) else None
    if keep in parts:
        anchor = parts.index(keep)
    best, best_key = (0, 1), None
    for i in range(len(parts)):
        words = 0
        for j in range(i, len(parts)):
            words += len(parts[j].split())
            if words > max_words and j > i:
                break
            if anchor is not None and not i <= anchor <= j:
                continue
            key = (sum(weights[i:j + 1]) + 2 * sum(facts_weights[i:j + 1]), -(j - i), -i)
            if best_key is None or key > best_key:
                best, best_key = (i, j + 1), key
    if best_key is None and anchor is not None:  # the facts' sentence alone is longer than the budget
        best = (anchor, anchor + 1)
    i, j = best
    while i > 0 and leans_back(parts[i], " ".join(parts[:i])):
        i -= 1  # take the sentence that says who "he" is, or what "violators" violated
    while j < len(parts) and j - best[1] < 2 and _unclosed(" ".join(parts[i:j])):
        j += 1  # a quotation opened inside the run closes in the next sentence or two: take them
    quote = balance(" ".join(parts[i:j]))
    if i == 0:
        quote = _named(quote, antecedent)
    if i > 0:
        quote = f"{ELLIPSIS} {quote}"
    if j < len(parts):
        quote = f"{quote} {ELLIPSIS}"
    return quote


_SINGLE_OPEN = re.compile(r"(?:^|(?<=[\s(\[—–]))['‘](?=\w)")  # 'In May ... / ‘a warning’
_SINGLE_CLOSE = re.compile(r"(?<=[\w.!?,;:)”])['’](?=\s|$|[.,;:!?)\]—–])")


def _counts(text: str) -> tuple[int, int, int]:
    """(double marks opened but not closed, straight double marks odd?, single marks opened minus
    closed): an apostrophe (“parents’ house”, “China’s”) is neither."""
    singles = len(_SINGLE_OPEN.findall(text)) - len(re.findall(r"(?<=[^sS\W])['’](?=\s|$|[.,;:!?)\]—–])|"
                                                               r"(?<=[.!?,;:)”])['’]", text))
    return text.count("“") - text.count("”"), text.count('"') % 2, singles


def _unclosed(text: str) -> bool:
    doubles, straight, singles = _counts(text)
    return doubles > 0 or bool(straight) or singles > 0


def balance(quote: str) -> str:
    """A run of sentences whose quotation marks pair up: a mark that opens a quotation closing
    after the run (or one closing a quotation opened before it) is left out at the run's edge,
    so that what is printed stays a verbatim stretch of the source with no stray mark."""
    doubles, straight, singles = _counts(quote)
    if (doubles > 0 and quote.startswith("“")) or (straight and quote.startswith('"')):
        quote = quote[1:]
    elif (doubles < 0 and quote.endswith("”")) or (straight and quote.endswith('"')):
        quote = quote[:-1]
    if singles > 0 and _SINGLE_OPEN.match(quote):
        quote = quote[1:]
    elif singles < 0 and quote[-1:] in "'’" and quote[-2:-1] in ".!?,;:”":
        quote = quote[:-1]
    return quote


def opening(text: str, max_words: int = 50) -> str:
    """The paragraph's first whole sentences within max_words (at least one), "[…]" after
    them where more follows: what `match` shows, never a cut word."""
    parts = sentences(text)
    words, j = 0, 0
    while j < len(parts) and (j == 0 or words + len(parts[j].split()) <= max_words):
        words += len(parts[j].split())
        j += 1
    shown = balance(" ".join(parts[:j]))
    return shown if j == len(parts) else f"{shown} {ELLIPSIS}"


def _named(quote: str, antecedent: str) -> str:
    """'When he refused' -> 'When he [Xie Weidong] refused': the editor's insertion, bracketed."""
    end = pronoun_end(quote)
    if not antecedent or not end:
        return quote
    return f"{quote[:end]} [{antecedent}]{quote[end:]}"


def _matches(keywords: set[str], sentence: str) -> int:
    """How many keywords begin a word of the sentence (each word sorted once, then looked up)."""
    words = sorted(set(re.findall(r"\w+", sentence.lower())))
    found = 0
    for k in keywords:
        i = bisect.bisect_left(words, k)
        found += i < len(words) and words[i].startswith(k)
    return found


def pieces(quote: str) -> list[str]:
    """The verbatim pieces of a quote, between omission marks and bracketed insertions."""
    return [p.strip() for p in re.split(r"\[[^\]]{0,80}\]|…", quote) if p.strip()]


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
