"""Text folded for comparing names, the one rule for every stage that compares them (the
anonymiser, and the matching's note on a person who shares the applicant's name): accents and
invisible characters aside, letters that do not decompose (đ, ø, ł) written plainly, and Chinese
characters in their simplified form (陳 as 陈), so that a name is found however it is written."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .errors import ReportgenError

CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
CJK_RUN = re.compile(f"[{CJK}]+")
INVISIBLE = frozenset("\u00ad\u034f\u115f\u1160\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff")
_NOT_DECOMPOSED = {"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ħ": "h", "Ħ": "H", "ı": "i"}


def fold(text: str) -> tuple[str, list[int]]:
    """(text folded for comparing names, for each folded character the index of the original
    one it came from). Folding never joins characters, so the map is exact."""
    if text.isascii():
        return text, list(range(len(text)))
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        piece = _fold_char(ch)
        out.append(piece)
        origin.extend([i] * len(piece))
    return "".join(out), origin


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    if ch.isascii():
        return ch
    if ch in INVISIBLE:
        return ""
    if ch in _NOT_DECOMPOSED:
        return _NOT_DECOMPOSED[ch]
    if CJK_RUN.fullmatch(ch):
        return _simplified(ch)
    piece = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", piece) or ch


def _simplified(ch: str) -> str:
    """A traditional character as simplified (one for one); itself where the table has no entry."""
    converted = _converter().convert(ch)
    return converted if len(converted) == 1 else ch


@lru_cache(maxsize=1)
def _converter():
    """OpenCC's table (loaded only when CJK text meets a name). Without it 陳 would not be found
    as 陈: refuse rather than write a report that may name the applicant."""
    try:
        import opencc
    except ImportError:
        raise ReportgenError("anonymising a name in Chinese characters needs the opencc package, which is "
                             "not installed here (pip install opencc); nothing was written") from None
    return opencc.OpenCC("t2s")
