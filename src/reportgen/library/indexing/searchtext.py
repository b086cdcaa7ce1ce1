"""Text as the full-text index sees it. Chinese, Japanese and Korean are written without spaces,
so FTS5's unicode61 tokenizer would take a whole sentence for one word and no search for a
word inside it could match. Each CJK character is indexed as a token of its own and a CJK query
word becomes a phrase of its characters: a match is then the word itself, anywhere in the text
(the classic unigram approach; it needs no dictionary and finds two-character words, which
FTS5's trigram tokenizer cannot)."""

from __future__ import annotations

import re
import sqlite3
import threading
from functools import cache

from ...patterns import lazy

_CJK = r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af])"


@cache
def _cjk_char() -> re.Pattern:
    """Compiled on first need (re spends ~2 ms on its ranges): a draft's English queries never need it."""
    return re.compile(_CJK)


_ARABIC_MARKS = lazy(r"[\u064b-\u065f\u0670\u0640]")  # vowel marks and tatweel: written or not, one word


def spaced_cjk(text: str) -> str:
    """The text with a space around every CJK character (unchanged when there is none), and
    without the optional vowel marks of Arabic script ("يُسمح" is found as "يسمح")."""
    if text.isascii():
        return text  # neither CJK nor Arabic
    text = _ARABIC_MARKS.sub("", text)
    if not _cjk_char().search(text):
        return text
    return " ".join(_cjk_char().sub(r" \1 ", text).split())


def phrase_words(word: str) -> list[str]:
    """The tokens a query word stands for: itself, or its characters when it is CJK."""
    return spaced_cjk(word).split()


_TOKENIZERS = threading.local()


def index_terms(texts: list[str]) -> list[list[str]]:
    """Each text's terms as the index holds them (FTS5's 'porter unicode61': Porter stems, split
    where it splits), in order: SQLite's own tokenizer, in a table in memory, one per thread
    (creating it costs ten times a lookup)."""
    conn = getattr(_TOKENIZERS, "conn", None)
    if conn is None:
        conn = _TOKENIZERS.conn = sqlite3.connect(":memory:")
        conn.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter unicode61')")
        conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    out: list[list[str]] = [[] for _ in texts]
    with conn:
        conn.execute("DELETE FROM t")
        conn.executemany("INSERT INTO t(rowid, x) VALUES (?, ?)", list(enumerate(texts, 1)))
        for term, doc in conn.execute("SELECT term, doc FROM v ORDER BY doc, offset"):
            out[doc - 1].append(term)
    return out
