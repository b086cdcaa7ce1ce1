"""A source's language when neither the user nor the document states it: a script-share rule,
then the commonest short words for the languages written in Latin script. No model, no network;
it answers only when the text makes the language plain, else '' (the metadata stays unknown)."""

from __future__ import annotations

import re
from collections import Counter

# (script, pattern of its letters, language, letters that mark a sister language within it)
_SCRIPTS = [
    ("hangul", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]"), "ko", {}),
    ("kana", re.compile(r"[\u3040-\u30ff]"), "ja", {}),
    ("han", re.compile(r"[\u3400-\u9fff\uf900-\ufaff]"), "zh", {}),
    ("cyrillic", re.compile(r"[\u0400-\u04ff]"), "ru", {"uk": "іїєґ", "be": "ў", "sr": "ђћџј", "mk": "ѓќѕ"}),
    ("arabic", re.compile(r"[\u0600-\u06ff\u0750-\u077f]"), "ar", {"ur": "ٹڈڑںے", "fa": "پچژگ"}),
    ("hebrew", re.compile(r"[\u0590-\u05ff]"), "he", {}),
    ("greek", re.compile(r"[\u0370-\u03ff]"), "el", {}),
    ("georgian", re.compile(r"[\u10a0-\u10ff]"), "ka", {}),
    ("armenian", re.compile(r"[\u0530-\u058f]"), "hy", {}),
    ("devanagari", re.compile(r"[\u0900-\u097f]"), "hi", {}),
    ("thai", re.compile(r"[\u0e00-\u0e7f]"), "th", {}),
]
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_COMMON = {  # the commonest short words, none shared between two lists
    "en": "the and of to in is that for was were with are by this from have has said not".split(),
    "fr": "le la les des et est une dans pour qui sur au du pas ont été avec sont".split(),
    "es": "el los las del y en que por con una para fue son como según sus".split(),
    "de": "der die und das ist nicht mit den von zu sich auf dem wurde eine".split(),
    "pt": "os das dos não uma com para foi são pelo pela em ao".split(),
    "it": "il gli che della delle non sono per con una nel alla stato".split(),
    "nl": "het een van en niet met zijn werd voor op dat ook".split(),
    "tr": "ve bir bu da için ile olarak olan gibi daha çok".split(),
}
_WORD_LANG = {}
for _lang, _words in _COMMON.items():
    for _word in _words:
        _WORD_LANG.setdefault(_word, _lang)


def detect_language(text: str) -> str:
    """ISO 639-1 code of `text`'s language, or '' when the text does not make it plain."""
    text = text[:200_000]
    letters = sum(ch.isalpha() for ch in text)
    if letters < 40:
        return ""
    for _, pattern, language, sisters in _SCRIPTS:
        found = pattern.findall(text)
        if len(found) > 0.3 * letters:
            if language == "zh" and len(re.findall(r"[\u3040-\u30ff]", text)) > 0.05 * len(found):
                return "ja"
            marks = {sister: sum(text.count(ch) for ch in chars) for sister, chars in sisters.items()}
            best = max(marks, key=marks.get, default="")
            return best if best and marks[best] > 0.005 * len(found) else language
    if len(_LATIN.findall(text)) < 0.5 * letters:
        return ""
    votes = Counter(_WORD_LANG[w] for w in re.findall(r"[^\W\d_]+", text.lower()) if w in _WORD_LANG)
    if not votes:
        return ""
    (first, n), *rest = votes.most_common(2) + [("", 0)]
    second = rest[0][1]
    return first if n >= 10 and n >= 2 * second else ""
