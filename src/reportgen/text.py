"""Where sentences end: one rule for segmentation (is a line prose?) and for quotations (which
whole sentences to quote), so that the two never disagree about what a sentence is; and who a
sentence is about (a leading pronoun, the full names of people), for matching and quoting alike;
and text folded for comparing names (accents and invisible characters aside, 陳 as 陈), the one
rule for the anonymiser and for matching's note on a person who shares the applicant's name."""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from functools import lru_cache

from .errors import ReportgenError
from .models import UNKNOWN
from .patterns import lazy

# a sentence ends at . ! ? (closing quotes and brackets stay with it) before a space and the
# start of the next one: a capital, an opening quote or bracket, a digit or a dash. A candidate
# end is then checked against what precedes it (abbreviations, initials, item numbers) and
# whether it falls inside a quotation (see sentences()).
SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(A-Z0-9–—-])")
# a line that ends as prose does (a full stop, a colon before a list, a closing quote)
ENDS_PROSE = lazy(r"[.!?…:;。！？；：][\"”’)\]」』）】]*$")  # CJK stops too
# ... and a line of plain text that ends on a quotation without a stop ('a "traitor to the motherland"'):
# a PDF line ending so is wrapped mid-sentence as often as not, so only plain text counts it
ENDS_PROSE_OR_QUOTE = lazy(rf"{ENDS_PROSE.pattern}|[\"”’][.!?,]?$")

# words that never end a sentence with their full stop: a title before a name ("Dr. Li"), and
# Latin or reference abbreviations ("e.g.", "cf.", "vs.")
_TITLES = frozenset("mr mrs ms dr prof st ste mt ft gen lt col maj capt cpt sgt adm cmdr rev hon gov sen rep "
                    "pres amb supt insp messrs mme mlle sr jr cf vs v viz approx incl esp ca".split())
# ... and those that do not end one when a number follows ("No. 111", "Art. 38", "Jan. 25")
_BEFORE_NUMBER = frozenset("no nos vol vols art arts para paras sec secs ch chap fig figs p pp op ed eds rev "
                           "jan feb mar apr jun jul aug sep sept oct nov dec tel ref".split())
# the words a new sentence commonly opens with: after "U.S." or "a.m." one of these says the
# sentence did end ("... in the U.S. He was ...", "at 5 p.m. We said ...")
_OPENERS = frozenset("a an the he she it its they their there this that these those we i in on at after before "
                     "during when while since however but and also some many according on following as".split())
_TOKEN_BEFORE = re.compile(r"(\S+)$")
_DOTTED = re.compile(r"^[(\[“\"‘']*((?:[A-Za-z]\.){2,})$")  # U.S., P.R.C., H.R., a.m., e.g.
_INITIAL = re.compile(r"^[(\[“\"‘']*[A-Z]\.$")  # "W." in George W. Bush, "B." in hepatitis B.
_ITEM = re.compile(r"^[(\[]?(?:\d{1,2}|[ivx]{1,4}|[a-zA-Z])[.)]$")  # "1.", "iv.", "a)" numbering an item
_OPEN_QUOTES, _CLOSE_QUOTES = "“‘", "”’"
QUOTE_SPAN_WORDS = 60  # a quotation up to this long is never cut inside; a longer one may be


def _ends_sentence(text: str, m: re.Match, start: int) -> bool:
    """Whether the candidate end `m` ends the sentence that began at `start`."""
    stop = m.start()  # just after the . ! ?
    if text[stop - 1] != ".":
        return True
    token = _TOKEN_BEFORE.search(text, start, stop)
    word = token.group(1) if token else ""
    bare = word.strip("([“\"‘'").rstrip(".").lower()
    after = text[m.end():m.end() + 40]
    next_word = re.match(r"[\"“‘(]*([\w’'-]+)", after)
    nxt = next_word.group(1) if next_word else ""
    if bare in _TITLES:
        return False
    if bare in _BEFORE_NUMBER and nxt[:1].isdigit():
        return False
    if _DOTTED.match(word):
        return nxt.lower() in _OPENERS  # "the U.S. Department" goes on; "the U.S. He" ends
    if _ITEM.match(word) and (token.start() == start or text[start:token.start()].rstrip()[-1:] in ":;"):
        return False  # "1. The police ..." opening an item: the number belongs to it
    if _INITIAL.match(word):
        before = text[start:stop - len(word)].rstrip()
        prev = before.split()[-1] if before.split() else ""
        return not (prev[:1].isupper() or _INITIAL.match(prev or "x"))  # "Hau Yi N." / "George W." go on
    return True


def _inside_quotation(text: str, start: int, stop: int) -> bool:
    """Whether position `stop` lies inside a quotation of at most QUOTE_SPAN_WORDS words that
    opened in the sentence begun at `start` and closes later: a quoted sentence stays with the
    sentence that quotes it ('He said “We will fight. We will win.” and left.')."""
    span = text[start:stop]
    opened = span.count("“") - span.count("”")
    straight = span.count('"') % 2
    if opened <= 0 and not straight:
        return False
    at = max(span.rfind("“"), span.rfind('"'))
    close = text.find("”" if opened > 0 else '"', stop)
    if close < 0:
        return False  # never closed in the paragraph: no help from keeping it whole
    return len(text[start + at:close].split()) <= QUOTE_SPAN_WORDS


def sentences(text: str) -> list[str]:
    """The text split after sentence ends; joining them with spaces gives the text back.
    Not after an abbreviation, a middle initial, an item's number, nor inside a short quotation."""
    return list(_sentences(text))


@lru_cache(maxsize=4096)
def _sentences(text: str) -> tuple[str, ...]:
    """sentences(), once per text: matching, quoting and attribution split the same paragraphs."""
    return tuple(_split(text))


def first_sentence(text: str) -> str:
    """sentences(text)[0] ('' for a blank text), without splitting the rest: the index asks it of
    every paragraph (library.indexing.traits)."""
    return next(_split(text), "")


def _split(text: str):
    start = 0
    for m in SENTENCE_END.finditer(text):
        end = m.start() + len(m.group(0).rstrip())  # after the stop and its closing marks
        if not _ends_sentence(text, m, start) or _inside_quotation(text, start, end):
            continue
        if text[start:end].strip():
            yield text[start:end].strip()
        start = m.end()
    if text[start:].strip():
        yield text[start:].strip()


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


# the English month names, for every rule that reads or writes a date in English prose
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
MONTH_NAMES = "|".join(MONTHS)  # as a regex alternation


def word_char(ch: str) -> bool:
    """Whether a character is one \\w matches in a str pattern: for the string searches that stand
    in for a word-boundary pattern where compiling one per word would cost more than searching."""
    return ch.isalnum() or ch == "_"


def years_between(published: str, report_date: str) -> float | None:
    """Years from a publication date to the report's; a partial date ('2025', '2025-08') counts from
    the end of what it states, so a source is never older than it can be. None when unknown."""
    if not published or published == UNKNOWN:
        return None
    parts = [int(x) for x in published.split("-")] + [12, 28][len(published.split("-")) - 1:]
    try:
        then = _dt.date(parts[0], parts[1], min(parts[2], 28))
        return (_dt.date.fromisoformat(report_date) - then).days / 365.25
    except ValueError:
        return None


def long_date(value: str) -> str:
    """'2023-10-10' -> '10 October 2023'; partial dates stay partial; unknown stays n.d."""
    if not value or value == UNKNOWN:
        return "n.d."
    parts = str(value).split("-")
    try:
        if len(parts) == 3:
            d = _dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
            return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
        if len(parts) == 2:
            return f"{MONTHS[int(parts[1]) - 1]} {parts[0]}"
    except (ValueError, IndexError):
        return str(value)
    return str(value)

_NAME = re.compile(r"\b([A-Z][a-z]+(?:[ -][A-Z][a-z]+){1,2})\b")
_NOT_A_NAME = re.compile(r"^(The|In|On|At|By|For|From|After|Before|During|When|According|United|Supreme|"
                         rf"Chinese|China|Hong|Human|Rights|Police|{MONTH_NAMES})\b")


# the last word of a place's or a body's name: "Tiananmen Square" is not who "he" is
_PLACE_OR_BODY = {"Square", "Street", "Road", "Avenue", "Province", "Region", "District", "County", "City",
                  "Island", "Islands", "River", "Mountains", "Airport", "Station", "Park", "Hall", "Building", "Bridge",
                  "Market", "Village", "Town", "University", "College",
                  "School", "Party", "Committee", "Congress", "Council", "Ministry", "Bureau", "Office", "Court",
                  "Prison", "Centre", "Center", "Hospital", "Department", "Agency", "Police", "Army", "Times",
                  "Post", "News", "Watch", "International", "Institute", "Foundation", "Association", "Union",
                  "Korea", "Mongolia", "Arabia", "Asia", "America", "Africa", "Europe", "Convention", "Gong",
                  "China", "Xinjiang", "Tibet", "Russia", "Federation", "Ukraine"}
# a people, a faith or a tongue: "Han Chinese", "North Korean", "Hui Muslim" are groups, not persons,
# and "Uyghurs Qurban Mamut" names one after the word for his people
_PEOPLE = {"Chinese", "Korean", "Koreans", "Muslim", "Muslims", "Uyghur", "Uyghurs", "Uighur", "Uighurs", "Tibetan",
           "Tibetans", "Kazakh", "Kazakhs", "Mongolian", "Mongolians", "Buddhist", "Buddhists", "Catholic", "Catholics",
           "Christian", "Christians", "Protestant", "Protestants", "Tatar", "Tatars", "Islam", "Russian", "Russians",
           "American", "Americans", "British", "Mandarin", "Cantonese", "Western"}
# the first word of a place's name: "South Darfur", "East Turkestan", "San Francisco", "El Geneina"
_PLACE_OPENS = {"North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western", "Inner", "Upper",
                "Lower", "Central", "San", "Santa", "Los", "Las", "El", "New"}
_BODY_OF = re.compile(r"\b[A-Z][\w-]*,? of(?: the)?\s*$")  # "Ministry of |Public Security": a longer name's end


@lru_cache(maxsize=1)
def ordinary_words() -> frozenset[str]:
    """Words that country reports write in lower case (data/ordinary_words.txt, written by
    tools/ordinary_words.py): a capitalised phrase made only of them is a heading or a body's name
    ("Public Security", "Arbitrary Arrest"), and one that opens a name is a title or a sentence's
    first word ("Lawyer Wang Quanzhang", "Although Cheng Yuan")."""
    from pathlib import Path
    text = (Path(__file__).parent / "data" / "ordinary_words.txt").read_text(encoding="utf-8")
    return frozenset(w for w in text.splitlines() if w and not w.startswith("#"))


def _person(match: re.Match, text: str) -> re.Match | None:
    """The name a capitalised phrase gives, without the title or word that opens it ("Lawyer",
    "Although", "Uyghurs"); None when it is no person's."""
    ordinary = ordinary_words()
    words = match.group(1).split(" ")
    while len(words) >= 2 and (words[0].lower() in ordinary or words[0] in _PEOPLE):
        after = _NAME.match(text, match.start() + len(words[0]) + 1)
        if after is None or " " not in after.group(1):
            break  # no name of two words after it ("President Xi" stays whole)
        match, words = after, after.group(1).split(" ")
    name = match.group(1)
    parts = name.replace("-", " ").split()
    if _NOT_A_NAME.match(name) or parts[0] in _PLACE_OPENS or parts[-1] in _PLACE_OR_BODY or parts[-1] in _PEOPLE \
            or parts[-1] in MONTHS:
        return None  # "Since October"
    if parts[-1].lower() in ordinary:
        return None  # "Public Security", "Radio Free Asia", "Jasic Technology": a surname is no ordinary word
    before = text[:match.start()]
    if before.rstrip().lower().endswith("the") or _BODY_OF.search(before):
        return None  # "the Tiananmen ...", "the Ministry of State Security": a thing, not a person
    return match


def person_names(text: str) -> list[re.Match]:
    """The full names of people in a text ("Xie Weidong"), in order: not a capitalised phrase
    that opens a sentence ("In March"), a title before the name ("Lawyer Wang Quanzhang" names
    Wang Quanzhang), nor a place's, a body's or a people's name ("Tiananmen Square", "Public
    Security", "Han Chinese")."""
    out: list[re.Match] = []
    for found in _NAME.finditer(text):
        person = _person(found, text)
        if person and (not out or person.start() >= out[-1].end()):
            out.append(person)
    return out


CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
CJK_RUN = re.compile(f"[{CJK}]+")
INVISIBLE = frozenset("\u00ad\u034f\u115f\u1160\u180e\u200b\u200c\u200d\u2060\u2061\u2062\u2063\u2064\ufeff")
_NOT_DECOMPOSED = {"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ħ": "h", "Ħ": "H", "ı": "i"}


def fold(text: str) -> tuple[str, list[int]]:
    """(text folded for comparing names, for each folded character the index of the original
    one it came from). Folding never joins characters, so the map is exact."""
    if text.isascii():
        return text, list(range(len(text)))
    pieces = [ch if ch < "\x80" else _fold_char(ch) for ch in text]
    folded = "".join(pieces)
    if len(folded) == len(text) and "" not in pieces:  # the common case: one character for one
        return folded, list(range(len(text)))
    origin: list[int] = []
    for i, piece in enumerate(pieces):
        origin.extend([i] * len(piece))
    return folded, origin


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


def slug(text: str, limit: int) -> str:
    """Lower-case letters and digits joined by '-' (a source id, a series name), at most `limit`
    characters, cut at a word's end where it has one."""
    joined = re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")
    if len(joined) <= limit:
        return joined
    cut = joined[:limit]
    return cut.rsplit("-", 1)[0] if "-" in cut else cut

