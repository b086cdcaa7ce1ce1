"""Text as the full-text index sees it. Chinese, Japanese and Korean are written without spaces,
so FTS5's unicode61 tokenizer would take a whole sentence for one word and no search for a
word inside it could match. Each CJK character is indexed as a token of its own and a CJK query
word becomes a phrase of its characters: a match is then the word itself, anywhere in the text
(the classic unigram approach; it needs no dictionary and finds two-character words, which
FTS5's trigram tokenizer cannot)."""

from __future__ import annotations

import re

_CJK_CHAR = re.compile(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af])")


def spaced_cjk(text: str) -> str:
    """The text with a space around every CJK character (unchanged when there is none)."""
    if not _CJK_CHAR.search(text):
        return text
    return " ".join(_CJK_CHAR.sub(r" \1 ", text).split())


def phrase_words(word: str) -> list[str]:
    """The tokens a query word stands for: itself, or its characters when it is CJK."""
    return spaced_cjk(word).split()
