"""Anonymisation of an applicant's name in text taken from the case file.

A name is written many ways: "陈志明 (Chen Zhiming)", "Zhiming Chen", "CHEN, Zhiming", "Mr Chen",
"Chen's", "伟明", "陈先生", "zhiming.chen@example.org". `anonymise` replaces every such form with
the designation ("the Appellant"). Latin-script parts match as whole words only ("Will" never
eats "willingness"); CJK text has no word boundaries, so a CJK name and its given name (two or
more characters) match anywhere. A single Latin letter (an initial) is removed only as part of
the full name, and a name part that is also a common English word is matched only when
capitalised, so "he will" stays "he will" for an applicant called Will He.

Names and text are compared folded (`fold`): compatibility forms (NFKC: full-width letters,
ligatures), diacritics and invisible characters (soft hyphens, zero-width joiners) removed,
traditional Chinese characters read as simplified (OpenCC's table), so "Chén", "Chen" and
"Ｃｈｅｎ" are one name, and 陳志明 is 陈志明. Case is compared insensitively by the patterns. A
pinyin given name is also found split into its syllables ("Zhiming", "Zhi Ming", "Zhi-ming"),
and a Latin name part with a plural or plural possessive ending ("the Chens'"). The text
replaced is the text as written: folding only decides where a name is.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from ..text import CJK_RUN as _CJK_RUN
from ..text import INVISIBLE as _INVISIBLE
from ..text import fold
from .pinyin import syllables

TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Mister|Madam|Mme|Sir)\.?"
CJK_TITLES = "先生|女士|小姐|太太|夫人|老师|博士|同志|君"
HANDLE_WITHHELD = "[identifier withheld]"
# Chinese two-character family names: the given name is what follows them
CJK_COMPOUND_SURNAMES = {"欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐",
                         "宇文", "长孙", "司徒", "夏侯", "轩辕", "端木", "独孤", "南宫", "西门", "万俟"}
# name parts that are also common English words: matched only when capitalised
COMMON_WORDS = frozenset("""
a an and as at be bo but by do go he hi if in is it me my no of oh on or so to up us we ye you
all bay bell bill bird black bond brown bush can cash chase cook day dean die dong early fan fang
far field ford fox fu gang gay glass grace grant gray green hall hang hard hart hill holly hong hope
hunt ivy jack joy june jung king lane law lee less long love lucky mark marsh may mo moon more
nice ning page park pearl pool price ran rich river rock rose ruby sea shu sky small song star
still stone summer sun tan tang ting wan ward way west white will win wing wong wood young yu
""".split())
_LATIN_TOKEN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SPLIT_FORMS = re.compile(r"[()（）\[\]/;,，、]|\b(?:aka|a\.k\.a\.|also known as|né|née)\b", re.I)
_RUN = re.compile(r"[\w.@+%-]+")  # maximal runs only: one pass over the text, no backtracking
_HANDLE_MARK = re.compile(r"[@_.\d]")
_WORD = r"(?<![\w])({})(?![\w])"
_NAME_WORD = r"(?<![\w])({})(e?s['’](?![\w])|e?s(?![\w])|(?![\w]))"  # "Chens", "the Chens'"


@dataclass(frozen=True)
class NameForms:
    """Every pattern by which one applicant's name may appear."""
    pattern: re.Pattern | None  # full forms, titles, CJK names: case-insensitive
    capitalised: re.Pattern | None  # common-word parts: only Title or UPPER case
    handle_parts: tuple[str, ...]  # lower-case name parts
    distinctive: tuple[str, ...]  # parts that alone make a handle or e-mail identifying


@lru_cache(maxsize=32)
def name_forms(name: str) -> NameForms:
    name = fold(name)[0]
    forms = [f.strip() for f in _SPLIT_FORMS.split(name) if f and f.strip()] + [name.strip()]
    full: set[str] = set()
    latin_parts: set[str] = set()
    cjk: list[str] = []
    for form in forms:
        for run in _CJK_RUN.findall(form):
            cjk.append(run)
        tokens = _LATIN_TOKEN.findall(form)
        if len(tokens) > 1:  # a one-word name is a part like any other (below)
            full.add(r"[\s,]+".join(map(re.escape, tokens)))
            if len(tokens) <= 4:
                for order in itertools.permutations(tokens):
                    full.add(r"[\s,]*".join(map(re.escape, order)))  # any order, "CHEN, Zhiming", "ZhimingChen"
        for token in tokens:
            latin_parts.add(token)
            split = syllables(token)
            if split and len(split) > 1:  # "Zhiming" is also written "Zhi Ming", "Zhi-ming"
                full.add(r"[-\s]?".join(map(re.escape, split)))
            if "-" in token or "’" in token or "'" in token:
                pieces = re.split(r"['’-]", token)
                full.add(r"[-\s]?".join(map(re.escape, pieces)))  # "Wei-ming", "Wei ming", "Weiming"
                latin_parts.update(p for p in pieces if len(p) > 1)
    plain = sorted((p for p in latin_parts if len(p) > 1 and p.lower() not in COMMON_WORDS), key=len, reverse=True)
    common = sorted((p for p in latin_parts if len(p) > 1 and p.lower() in COMMON_WORDS), key=len, reverse=True)
    surnames = [re.escape(p) for p in latin_parts]  # "Mr A" too: after a title even an initial is a name
    alternatives = sorted(full, key=len, reverse=True)
    if surnames:
        alternatives.insert(0, rf"{TITLES}\s+(?:{'|'.join(sorted(surnames, key=len, reverse=True))})")
    alternatives += [re.escape(p) for p in plain]
    latin = _NAME_WORD.format("|".join(alternatives)) if alternatives else ""
    cjk_alts = []
    for run in sorted(set(cjk), key=len, reverse=True):
        family = run[:2] if run[:2] in CJK_COMPOUND_SURNAMES else run[:1]
        given = run[len(family):]
        cjk_alts.append(r"\s*".join(map(re.escape, run)))
        cjk_alts.append(f"{re.escape(family)}(?:{CJK_TITLES})")
        if len(given) >= 2:
            cjk_alts.append(re.escape(given))
    pattern = "|".join(p for p in (latin, *cjk_alts) if p)
    capitalised = None
    if common:
        words = "|".join(f"{re.escape(p[0].upper() + p[1:].lower())}|{re.escape(p.upper())}" for p in common)
        capitalised = re.compile(_WORD.format(words))
    handle_parts = tuple(sorted({p.lower() for p in latin_parts if len(p) >= 2}))
    distinctive = tuple(sorted({p.lower() for p in latin_parts if len(p) >= 3 and p.lower() not in COMMON_WORDS}))
    return NameForms(re.compile(pattern, re.I) if pattern else None, capitalised, handle_parts, distinctive)


def anonymise(text: str, name: str, designation: str) -> str:
    """Text with every form of the name replaced by the designation; handles and e-mail
    addresses that contain a part of the name are withheld whole."""
    if not text or not name.strip():
        return text
    forms = name_forms(name.strip())
    # a handle is withheld when it holds their name's parts (_identifies), so only a text that
    # holds them can have one: most quoted paragraphs are passed over without a word looked at
    if forms.handle_parts and _identifies(fold(text)[0], forms):
        text = _substitute(_RUN, text, lambda m: _withhold(m.group(0), forms))
    for pattern in (forms.pattern, forms.capitalised):
        if pattern is not None:
            text = _substitute(pattern, text, lambda m: _designate(m, designation))
    if designation.lower().startswith("the "):  # "the applicant" -> "the the Appellant" -> "the Appellant"
        text = re.sub(rf"\b(the)\s+(?={re.escape(designation)})", "", text, flags=re.I)
    return text


def _substitute(pattern: re.Pattern, text: str, replace) -> str:
    """pattern.sub, matched on the folded text ("Ｃｈéｎ" is "Chen", 陳 is 陈): each folded
    character knows the character it came from, so what is not a name is left as written."""
    folded, origin = fold(text)
    if folded == text:
        return pattern.sub(replace, text)
    out, pos = [], 0
    for m in pattern.finditer(folded):
        if m.end() == m.start():
            continue
        start, end = origin[m.start()], origin[m.end() - 1] + 1
        while end < len(text) and text[end] in _INVISIBLE:  # a soft hyphen after the name goes with it
            end += 1
        new = replace(m)
        out += [text[pos:start], text[start:end] if new == m.group(0) else new]
        pos = end
    return "".join(out) + text[pos:]


def _designate(match: re.Match, designation: str) -> str:
    """The designation, capitalised where it opens a sentence; "the Chens'" is "the Appellant's"."""
    before = match.string[:match.start()].rstrip()
    ending = match.group(2) if match.re.groups >= 2 else None
    possessive = "'s" if ending and ending[-1] in "'’" else ""
    if not before or before[-1] in ".!?:\n":
        return designation[:1].upper() + designation[1:] + possessive
    return designation + possessive


def _withhold(run: str, forms: NameForms) -> str:
    """A handle or e-mail address (a run with @, _, a dot or digits inside) that identifies, withheld."""
    core = run.strip(".-+%")
    if not core or not _HANDLE_MARK.search(core) or not _identifies(core, forms):
        return run
    start = run.index(core)
    return run[:start] + HANDLE_WITHHELD + run[start + len(core):]


def _identifies(handle: str, forms: NameForms) -> bool:
    """A handle identifies when it holds a distinctive name part, or two parts of the name."""
    low = handle.lower()
    if any(part in low for part in forms.distinctive):
        return True
    return sum(part in low for part in forms.handle_parts) >= 2


def mentions(text: str, name: str) -> bool:
    """Whether text (an evidence quotation) contains a part of the applicant's name."""
    if not name.strip():
        return False
    return anonymise(text, name, "\0") != text


def quotation_warnings(case, match) -> list[str]:
    """Evidence is quoted verbatim, never anonymised: say where a quoted paragraph holds a part of
    the applicant's name, without repeating the name (warnings are printed and may be logged).
    The whole paragraph is checked, not only the extract: an expert may restore what "[…]" left out."""
    a = case.applicant
    if not a.anonymise or not a.name.strip():
        return []
    out = []
    for chosen in match.chosen:  # what the respondent relies on is quoted too
        p = chosen.paragraph
        message = (f"the paragraph quoted from {p.source_id}, {p.locator} contains a word of the applicant's "
                   f"name; it is quoted verbatim: check that the extract does not identify them")
        if mentions(p.text, a.name) and message not in out:
            out.append(message)
    return out
