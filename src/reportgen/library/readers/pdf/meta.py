"""Metadata a PDF states about itself, kept only where it is plausible.

Document properties are often junk: a template's placeholder ("xxxxxx"), a file name
("A-Z copy 1", "Microsoft Word - x.docx"), the software or the typesetting unit as author.
A title that looks like that gives way to the largest text on the first page; an author is kept
only when the document prints that name somewhere, so a typesetter's name is never cited.
"""

from __future__ import annotations

import re

_FILE_LIKE = re.compile(
    r"\.(docx?|pdf|rtf|odt|indd|qxd|txt|html?)$|^microsoft (word|powerpoint)\b|^powerpoint presentation$|"
    r"^untitled\b|\bcopy \d+$|^slide \d+$|^(document|doc|title|draft|template|presentation|report)\s*\d*$|"
    r"^[\w-]+_[\w_-]+$|^([a-z]:\\|/|~/)|\\", re.I)
_SOFTWARE = re.compile(r"\b(adobe|acrobat|microsoft|indesign|quark|latex|pdf\w*|libreoffice|openoffice|"
                       r"administrator|admin|owner|user\d*|windows|printer|scanner|converter)\b", re.I)


def junk_title(title: str, filename: str = "") -> bool:
    """A placeholder, a file's or a template's name rather than the document's title."""
    t = " ".join(title.split())
    if len(t) < 4 or not re.search(r"[^\W\d_]{3}", t):
        return True
    if re.fullmatch(r"(.)\1{2,}", t.lower()) or re.fullmatch(r"[x\W]+", t.lower()):
        return True  # placeholder: xxxxxx, ----
    if filename and re.sub(r"[\W_]", "", t.lower()) == re.sub(r"[\W_]", "", filename.lower()):
        return True  # the file's own name
    return bool(_FILE_LIKE.search(t))


def document_meta(info: dict, pages, body_size: float, text: str, filename: str = "") -> dict:
    """Title and author as the document states them; `text` is all it prints, running lines too."""
    meta: dict[str, str] = {}
    title = " ".join(str(info.get("Title", "")).split())
    if title and not junk_title(title, filename):
        meta["title"] = title
    else:
        largest = _largest_text(pages[0].lines, body_size) if pages else ""
        if largest:
            meta["title"] = largest
    author = stated_author(info)
    if author and " ".join(author.lower().split()) in text:
        meta["author"] = author
    return meta


def stated_author(info: dict) -> str:
    """The Author the PDF's properties state, '' when none or only the program that made it:
    the one worth checking against what the document prints."""
    author = " ".join(str(info.get("Author", "")).split())
    return author if author and not _SOFTWARE.search(author) else ""


def _largest_text(lines, body: float) -> str:
    """The lines set in the largest type on the page, read top to bottom (a title may wrap)."""
    lines = [ln for ln in lines if sum(ch.isalpha() for ch in ln.text) >= 3]
    if not lines:
        return ""
    top = max(ln.size for ln in lines)
    if top < 1.15 * body:
        return ""
    chosen = sorted((ln for ln in lines if ln.size >= top - 0.5), key=lambda ln: (ln.top, ln.x0))
    block = chosen[:1]
    for line in chosen[1:]:  # the first block of such lines: a title wraps, a cover repeats
        if line.top - block[-1].bottom > 1.0 * top:
            break
        block.append(line)
    return " ".join(" ".join(ln.text for ln in block).split())

