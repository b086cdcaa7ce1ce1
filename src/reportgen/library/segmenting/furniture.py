"""Telling page furniture from article text in scraped pages, by general rules.

Scraped pages keep their template: addresses, navigation, calls to action, comment forms,
captions and photo credits, repeated headlines, author boxes. None of that is evidence.
The rules look at the shape and wording of a line and at its place in the page, never at
the strings of particular documents. `classify` returns one ClassifiedLine per non-empty line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import islice

from ...models import ClassifiedLine
from ...text import ENDS_PROSE_OR_QUOTE, sentences

# --- wording of single lines ---------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+\.[\w.-]+")  # starts only where a run starts: linear
_URL = re.compile(r"https?://|www\.|\.(com|org|net|info|io|co\.uk)\b")
_PHONE = re.compile(r"(\+?\d[\d ()-]{7,}\d)")
_STREET = re.compile(r"^\d+[A-Za-z]?\s+([A-Z][\w.]*\s+){1,4}(St|Street|Ave|Avenue|Rd|Road|Blvd|Lane|Ln|Drive|Dr|Way|Square|Sq)\.?,?$")
_STATE_ZIP = re.compile(r"\b[A-Z]{2}\s+\d{5}(-\d{4})?\b|\b[A-Z]{1,2}\d[A-Z\d]?\s+\d[A-Z]{2}\b")
_SOCIAL_WORDS = {"twitter", "facebook", "whatsapp", "mail", "email", "e-mail", "phone", "youtube",
                 "linkedin", "instagram", "telegram", "tiktok", "weibo", "share", "print", "x",
                 "follow us", "share this", "share this article", "website", "rss", "copy link"}
_LABELS = {"recommended", "related", "related topics", "related stories", "related articles",
           "read more", "more on this", "more on this story", "advertisement", "sponsored",
           "trending", "most read", "most popular", "topics", "tags", "listen", "comments",
           "author", "about the author", "editor's picks", "you may also like", "see also",
           "newsletter", "subscribe", "top stories", "latest", "opinion", "commentary", "analysis",
           "menu", "home", "search", "skip to content", "skip to main content", "log in", "sign in",
           "back to top", "next article", "previous article", "print this page", "disclaimer", "legal notice"}
_END_LABELS = {"author", "about the author", "related topics", "related stories", "related articles",
               "you may also like", "comments", "tags", "topics", "disclaimer", "legal notice"}
# the keyword rules below run on the lower-cased line (faster than re.I)
_CTA = re.compile(
    r"\b(click|apply now|sign up|signup|subscribe|submit your|contact us|email us|call us|"
    r"free consultation|get a (free|sample)|order now|book (a|your)|register now|download (our|the|a)|"
    r"leave your (contact|details|email)|does not commit you|you can (request|order|book|buy|get|apply)|"
    r"donate now|support our)\b|^how to (order|buy|apply|book|subscribe|get)\b")
_COMMENT = re.compile(r"\b(leave a (reply|comment)|your email address will not be published|"
                      r"required fields are marked|post comment|log in to comment|comments are closed)\b")
_DISCLAIMER = re.compile(r"\b(views expressed in this (article|piece)|do not necessarily reflect|"
                         r"all rights reserved|terms of (use|service)|privacy policy|cookie)\b|©")
_BIO = re.compile(r"^([A-Z][\w’'-]+\s){1,3}is (a|an|the)\s.*\b(founder|author|journalist|writer|editor|"
                  r"reporter|correspondent|contributor|columnist|co-founder)\b")
_KEYWORDS = re.compile(f"(?P<comment>{_COMMENT.pattern})|(?P<disclaimer>{_DISCLAIMER.pattern})|(?P<cta>{_CTA.pattern})")
# one rare word of each keyword rule: the costly search runs only on lines that have one
_KEYWORD_TRIGGER = re.compile(
    r"\b(reply|comments?|email|fields|expressed|necessarily|reserved|terms|privacy|cookies?|click|apply|sign|"
    r"signup|subscribe|submit|contact|call|consultation|sample|free|order|book|register|download|leave|commit|"
    r"request|buy|get|donate|support)\b")
_PROMO = re.compile(r"\b(our (expertise|services|team|experts|clients|reports)|we (ensure|offer|provide|guarantee|"
                    r"will respond))\b")
_MONTH = r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_WEEKDAY = r"(Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
_DATELINE = re.compile(
    rf"^((Updated|Published|Posted)( on)?:?\s*)?({_WEEKDAY},?\s+)?"
    rf"({_MONTH}\s+\d{{1,2}}(,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(\s+\d{{4}})?|\d{{4}}-\d{{2}}-\d{{2}})"
    rf"(\s+\d{{1,2}}[:.]\d{{2}}\s*([ap]\.?m\.?)?)?$", re.I)
_CREDIT_WORDS = re.compile(r"\b(AP|AFP|Reuters|Getty|Images|Photo|Photograph|Photos|EPA|Xinhua|"
                           r"Shutterstock|Alamy|Bloomberg|Courtesy|Handout|File)\b")
_CAPTION_END = re.compile(
    r"(\([^()]*(/|Photo|Images|Getty|Reuters|AFP)[^()]*\)|\b[A-Z][\w.’'-]*(\s[A-Z][\w.’'-]*)*/[A-Z][\w. ]*"
    r"|via Getty Images|AP Photo|Getty Images)\s*$")
_CAPTION_MARK = re.compile(
    r"\((L|R|C|left|right|centre|center|on screen|pictured|top|bottom|front|back)\)|\bpictured\b|"
    r"\b(here|this|above|below) is (the|a) (picture|photo|photograph|image)\b", re.I)
# "X poses ..., Monday, June 3, 2024.": the word and the dated ending are two searches, the ending
# only in the line's last characters, so a line of many "poses" costs one pass, not one per word
_POSES = re.compile(r"\bposes?\b", re.I)
_DATED_END = re.compile(rf",\s*{_WEEKDAY},\s*{_MONTH}\s+\d{{1,2}},\s*\d{{4}}\.?$", re.I)
_NAVIGATION = re.compile(r"^\s*[\w&' -]{1,25}(\s*[|»›·>]\s*[\w&' -]{1,25}){2,}\s*$")
_MAYBE_CAPTION = re.compile(r"\(|pictur|pose|photo|image")
_BULLET = re.compile(r"^[\s•►▶▪●◦‣∙·\-–—*🔹🔗📩✉️]+")
_SYMBOLS = re.compile(r"[^\w\s@.:/'’-]")

# --- shapes --------------------------------------------------------------------------------

_ROMAN_HEADING = re.compile(r"^([IVXLC]+|\d+(\.\d+)*|[A-Z])[.)]\s+\S")


def numbered_heading(text: str) -> bool:
    """'1. Detention', 'IV. Imprisonment', 'A. Family separations': a section, never a title."""
    return bool(_ROMAN_HEADING.match(text))


# a word; each Chinese or Japanese character counts as one (they are written without spaces)
_CJK = "\u3400-\u9fff\uf900-\ufaff"
_WORD = re.compile(rf"[{_CJK}]|(?:(?![{_CJK}])[\w’'-])+")


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def cased(text: str) -> bool:
    """Written mostly in a script with capitals (Latin, Cyrillic, Greek), not Arabic or Chinese."""
    letters = [ch for ch in text if ch.isalpha()]
    return sum(ch.isupper() or ch.islower() for ch in letters) > 0.5 * max(1, len(letters))


def has_words(text: str, n: int) -> bool:
    """Whether the text has at least n words: stops at the nth (a paragraph has hundreds)."""
    return next(islice(_WORD.finditer(text), n - 1, None), None) is not None


def sentence_count(text: str) -> int:
    return len(sentences(text.strip()))


def is_sentence(text: str) -> bool:
    """Ends as prose does; a line ending in ':' counts when it is a lead-in sentence."""
    text = text.strip()
    if text.endswith(":"):
        return len(words(text)) >= 6
    return bool(ENDS_PROSE_OR_QUOTE.search(text[-6:]))


def is_heading_shape(text: str) -> bool:
    if text.count(" ") > 20:
        return False  # prose length: no heading is that long
    n = len(words(text))
    if _ROMAN_HEADING.match(text) and n <= 16 and not text.rstrip().endswith("."):
        return True
    if text.rstrip().endswith("?"):
        return n <= 12 and _title_case_share(text) >= 0.5
    return not is_sentence(text) and 1 <= n <= 16


def _title_case_share(text: str) -> float:
    ws = [w for w in words(text) if len(w) > 3]
    return sum(w[0].isupper() for w in ws) / len(ws) if ws else 0.0



_ASCII_PUNCTUATION = bytes(c for c in range(128) if not chr(c).isalnum())


def duplicate_key(text: str) -> bytes:
    """A line with spacing and ASCII punctuation left out: two copies of a caption that differ
    only in brackets compare equal. Bytes, because the byte table is far faster than str's."""
    return text.lower().encode().translate(None, _ASCII_PUNCTUATION)


def line_reason(text: str) -> str:
    """Why a line on its own is furniture ('' when nothing about it says so)."""
    low = text.lower()
    if len(text) > 160:  # prose-length: only the wording rules can apply
        return _wording_reason(text, low, n=text.count(" ") + 1)
    bare = _SYMBOLS.sub(" ", _BULLET.sub("", text)).strip()
    lower = " ".join(bare.lower().split()).strip(" :")
    n = len(words(bare))
    if ("@" in text and _EMAIL.search(text)) or (n <= 12 and _URL.search(low)):
        return "contact or link"
    if lower == "physical address" or lower == "address" or _STREET.match(bare) or (
            n <= 8 and _STATE_ZIP.search(bare)):
        return "address"
    if n <= 6 and _PHONE.fullmatch(bare):
        return "contact or link"
    head = lower.split(":")[0].strip()
    if lower in _SOCIAL_WORDS or (":" in lower and head in _SOCIAL_WORDS and n <= 6):
        return "social link"
    if _NAVIGATION.match(text):
        return "navigation"
    if lower in _LABELS:
        return "end label" if lower in _END_LABELS else "label"
    if text.strip().endswith(":") and n <= 2:
        return "label"
    if _DATELINE.match(bare):
        return "dateline"
    if form_fields(text):
        return "form fields"
    if not is_sentence(text) and n <= 6 and ("/" in text or _CREDIT_WORDS.search(text)
                                             or re.fullmatch(r"[A-Z]{2,6}", bare)):
        return "photo credit"
    return _wording_reason(text, low, n)


def form_fields(text: str) -> bool:
    """Two or more "Label: value" fields on one line ("Resultado de la Votación: AFIRMATIVO
    Miembros del cuerpo: 257", "Fecha: 28/11/2012 Hora: 20:12"): a form's header, not a sentence.
    Each field's value and the next label run to a few words and end no sentence."""
    parts = text.strip().split(": ")
    if len(parts) < 3 or len(words(parts[0])) > 8 or len(words(parts[-1])) > 3:
        return False
    return all(0 < len(words(part)) <= 8 and not _SENTENCE_END.search(part) for part in parts)


_SENTENCE_END = re.compile(r"[.!?;](\s|$)")


def _wording_reason(text: str, low: str, n: int) -> str:
    """The rules that read what a line says, for lines of any length."""
    found = (_KEYWORD_TRIGGER.search(low) or "©" in low) and _KEYWORDS.search(low)
    if found:
        return {"comment": "comment form", "disclaimer": "disclaimer", "cta": "call to action"}[found.lastgroup]
    if "@" in text and _EMAIL.search(text):
        return "contact or link"
    if ("our " in low or "we " in low) and _PROMO.search(low):
        return "advertising"
    if " is " in text and _BIO.match(text):
        return "author bio"
    if _caption_end(text[-90:]) or (_MAYBE_CAPTION.search(low) and (
            _CAPTION_MARK.search(text) or (_DATED_END.search(text[-60:]) and _POSES.search(text)))):
        return "caption"
    return ""


# A document's apparatus (issue 21): what cites or points rather than reports. Never evidence.
_ACCESSED = re.compile(r"\b(last accessed|date accessed|accessed (on|:)|accessed \d|retrieved (on|from)|consulté le|"
                       r"consultado el|дата обращения|aufgerufen am|abgerufen am)\b", re.I)
# a note or a list's entry that ends by pointing to where it is found: "..., available at
# <factfinder2.census.gov/...>.", or by its date and address: "RSF calls for ..., 2021.10.01, https://rsf.org/..."
_LINKED_END = re.compile(r"(<(https?://)?[\w-]+(\.[\w-]+)+/[^<>\s]*(>\.?)?"  # (or cut at the line's end)
                         r"|,\s*(\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}\s+[^\W\d_]+\s+\d{4}),\s*https?://\S+)\s*$")
_GLOSS_END = re.compile(r"[↩⤴]\ufe0e?\ufe0f?\s*$")
_CONTACT = re.compile(r"^(press|media|for (further|more) information,?)\s*(contact|enquiries|inquiries)\b|"
                      r"^(contact|tel|phone|fax|e-?mail|телефон|тел)\.?\s*:", re.I)
APPARATUS_HEADING = re.compile(
    r"^(\d+(\.\d+)*\.?\s+)?(bibliography|references|sources( cited| consulted)?|works cited|endnotes|notes|"
    r"footnotes|annex [a-z]: (bibliography|sources)|press contacts?|media contacts?|contacts?|"
    r"список литературы|источники|литература|примечания|bibliografía|referencias|fuentes|bibliographie|"
    r"références|参考文献|注释)\s*$", re.I)


_COUNTED_LABEL = re.compile(r"^[^.!?:;]{1,60}\s\(\d{1,5}\)$")  # a blog's label or archive entry: "Wu Bai (6)"
# an excerpt cut by the site ("The ban was….", "[…]") or dated after it ("(30.01.2019)"); a text's own
# "…" (a sentence running on past a photo) is not one
_TEASER_END = re.compile(r"[^\W\d_](…|\.\.\.)\.$|\[(…|\.\.\.)\]$|\s\((\d{1,2}[./]){2}\d{2,4}\)$")  # "was….", not "’…."
_KEYWORDS_LINE = re.compile(r"^(keywords|tags|topics|schlagwörter|mots-clés|etiquetas|теги|ключевые слова)\b",
                            re.I)
_PHOTO_END = re.compile(r"(Photo|Photograph|Picture|Image|Foto|Фото)\s*:\s*[\w .&/-]{1,40}$")


def template_reason(text: str) -> str:
    """Why a paragraph is a site's template rather than the page's text, whatever its length:
    a label or archive entry with its count, a teaser cut short or dated (related stories), a
    keywords line, a photo's caption ending with its credit."""
    if _COUNTED_LABEL.match(text):
        return "label"
    if _KEYWORDS_LINE.match(text) and len(text) < 300:
        return "label"
    if _PHOTO_END.search(text[-60:]):
        return "caption"
    if _TEASER_END.search(text) and len(text) < 1000:
        return "related stories"
    return ""


_TABLE_NOTE = re.compile(r"^(sources?|notes?|fuentes?|nota|источники?|примечани\w*)\s*:|^\*+\s|^[–—-]\s+represents\b"
                         r"|^(\([A-Z]\)|[†‡§]+)\s+(not applicable|represents|denotes|indicates|not available)\b"  # a legend
                         r"|^see (the )?(notes?|sources?|footnotes?)\b.{0,40}$", re.I)  # "See notes at end of table."
# "Read more: <a headline>": a link to another story, not this one's text
_RELATED = re.compile(r"^(read more|read also|also read|see also|related|more on this( story)?|lesen sie (auch|mehr)|"
                      r"mehr zum thema|читайте также|lire aussi|à lire aussi|leer más|lea también|voir aussi)\s*:\s*\S.{0,150}$",
                      re.I)
_SOURCES = re.compile(r"^(sources?|fuentes?|источники?)\s*:", re.I)  # a table's sources: may run to a paragraph
_BRACKETED = re.compile(r"^\[[^\[\]]{1,150}\]$")  # "[FR Doc. 2020–17221 Filed 8–5–20; 8:45 am]", "[Translation]"
_DRAWN_RULE = re.compile(r"(?:[-=_*]\s){6,}")  # "- - - - - - x": a caption's or form's rule typed in characters
_SIGNATURE = re.compile(r"^(?:[A-Z][\w.’'-]*\s){1,3}[A-Z][\w’'-]+,$")  # "Lance T. Gant," over the signer's title
_BYLINE = re.compile(r"^(author|authors|autor|auteur|автор|by)\s+\S+(\s+\S+){0,3}$", re.I)
_FEEDBACK = re.compile(r"^(feedback|send us your feedback|share|print|follow us)\b.{0,40}$", re.I)


def apparatus_reason(text: str) -> str:
    """Why a paragraph is apparatus, whatever its length: a bibliography entry ("..., Last
    accessed: 9 May 2022", a short note ending in its <address>), an endnote's gloss closed by its back-link (↩), a contact line, a
    table's or figure's note ("Source: ...", "* Denotes ..."), a caption typed with a rule of
    hyphens ("IN THE SUPREME COURT ... - - - - - - x"), a signer's name over the title, a byline,
    a feedback prompt, a line in square brackets (a filing or an editor's note)."""
    if _ACCESSED.search(text) and len(text) < 600 or len(text) < 300 and _LINKED_END.search(text):
        return "bibliography"
    if _TABLE_NOTE.match(text) and (len(text) < 400 or _SOURCES.match(text) and len(text) < 1200):
        return "table or figure note"
    if _BRACKETED.match(text):
        return "editorial or filing note"
    if _DRAWN_RULE.search(text):
        return "caption or form drawn in characters"
    if _SIGNATURE.match(text):
        return "signature"
    if _BYLINE.match(text) or _FEEDBACK.match(text):
        return "label"
    if _RELATED.match(text):
        return "related link"
    if _GLOSS_END.search(text):
        return "endnote"
    if _CONTACT.match(text) and len(text) < 300 or len(text) < 120 and "@" in text and _EMAIL.search(text):
        return "contact or link"  # (an address to write to, in any script: "联系请邮件：x@protonmail.com")
    return ""


def _caption_end(tail: str) -> bool:
    """_CAPTION_END, asked only where one of its endings could be: each needs a ')' or a '/'
    or names Getty Images or AP Photo (literal tests, far cheaper than the pattern)."""
    return (")" in tail or "/" in tail or "Getty Images" in tail or "AP Photo" in tail) \
        and bool(_CAPTION_END.search(tail))


# reasons after which the rest of the page is its tail (author box, comments, sales pitch)
_TAIL_STARTERS = {"comment form", "disclaimer", "author bio", "end label", "call to action"}


def classify(lines: Iterable[tuple[int, str]]) -> list[ClassifiedLine]:
    """Classify (line number, text) pairs of one page as body, heading or furniture.

    Structured formats (HTML, PDF, Word) know their headings and go through paragraphs'
    structured path instead; this is for plain text, which marks nothing."""
    items = [(n, t.strip()) for n, t in lines if t.strip()]
    reasons = [line_reason(t) for _, t in items]
    seen: set[str] = set()
    for i, (_, text) in enumerate(items):
        key = duplicate_key(text)
        if key in seen and not reasons[i]:
            reasons[i] = "repeated"
        seen.add(key)
    for i, reason in enumerate(reasons):  # the line a photo credit follows is its caption
        if reason == "photo credit" and i and not reasons[i - 1] and sentence_count(items[i - 1][1]) <= 1:
            reasons[i - 1] = "caption"

    blocks: list[ClassifiedLine] = []
    body_started = tail = in_widget = False
    title_seen = False
    for i, ((line, text), reason) in enumerate(zip(items, reasons)):
        if tail:
            blocks.append(ClassifiedLine(text, line, "furniture", "page tail"))
            continue
        if body_started and reason in _TAIL_STARTERS and (
                reason != "call to action" or i + 1 >= len(items) or reasons[i + 1]):
            tail = True  # a lone call to action between paragraphs is only furniture
            blocks.append(ClassifiedLine(text, line, "furniture", reason))
            continue
        if body_started and reason == "repeated":
            in_widget = True  # a repeated headline opens an embedded teaser: caption, credit, link
        if reason:
            blocks.append(ClassifiedLine(text, line, "furniture", reason))
            continue
        if in_widget:
            if _strong_body(text):
                in_widget = False
            else:
                blocks.append(ClassifiedLine(text, line, "furniture", "embedded teaser"))
                continue
        if not body_started:
            if is_sentence(text) and has_words(text, 8) and not is_heading_shape(text):
                body_started = True
            elif not title_seen:
                title_seen = True
                blocks.append(ClassifiedLine(text, line, "heading", "title"))
                continue
            elif is_heading_shape(text) and _next_is_body(items, reasons, i):
                blocks.append(ClassifiedLine(text, line, "heading", "heading"))
                continue
            else:
                blocks.append(ClassifiedLine(text, line, "furniture", "masthead"))
                continue
        if is_heading_shape(text):
            blocks.append(ClassifiedLine(text, line, "heading", "heading"))
        elif not has_words(text, 3):
            blocks.append(ClassifiedLine(text, line, "furniture", "fragment"))
        else:
            blocks.append(ClassifiedLine(text, line, "body"))
    return blocks


def _strong_body(text: str) -> bool:
    return is_sentence(text) and (sentence_count(text) >= 2 or has_words(text, 30))


def _next_is_body(items: list, reasons: list, i: int) -> bool:
    if i + 1 >= len(items) or reasons[i + 1]:
        return False
    nxt = items[i + 1][1]
    return is_sentence(nxt) and has_words(nxt, 8)
