"""Metadata a PDF states about itself, kept only where it is plausible.

Document properties are often junk: a template's placeholder ("xxxxxx"), a file name
("A-Z copy 1", "Microsoft Word - x.docx"), the software or the typesetting unit as author.
A title that looks like that gives way to the largest text on the first page; an author is kept
only when the document prints that name somewhere, so a typesetter's name is never cited.
"""

from __future__ import annotations

import re

from .. import printed

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


def document_meta(info: dict, pages, body_size: float, text: str, filename: str = "",
                  first_page: list[str] | None = None) -> dict:
    """Title and author as the document states them; `text` is all it prints, running lines too;
    `first_page` the first page's lines top to bottom, running lines too (for the date, the
    symbol and what a browser printed round a saved web page)."""
    meta: dict[str, str] = {}
    title = " ".join(str(info.get("Title", "")).split())
    largest = _largest_text(pages[0].lines, body_size) if pages else ""
    if title and not junk_title(title, filename) and not (largest and first_page and not _printed(title, first_page)):
        meta["title"] = title  # (a properties title the first page does not print gives way to its largest text)
    elif largest:
        meta["title"] = largest
    author = stated_author(info)
    if author and " ".join(author.lower().split()) in text:
        meta["author"] = author
    return meta


def printed_meta(first_page: list[str], top: list[str], foot: list[str], paragraphs: list[str] = (),
                 title: str = "") -> dict:
    """What the first page prints: a browser's header and footer (title, address, the date it
    was printed: accessed), the publication and update dates, a UN document symbol, the
    publisher (`paragraphs`: the page's text as read, a label and its value together)."""
    out = printed.browser_print(top, foot)
    body = [ln for ln in first_page if ln not in top and ln not in foot] if out else first_page
    out.update({k: v for k, v in printed.dates_in_lines(body).items() if k not in out})
    symbol = printed.symbol_in_lines(first_page[:15])
    if symbol:
        out["symbol"] = symbol
    publisher = printed.publisher_in_lines(list(paragraphs) + first_page, top, foot, title or out.get("title", ""))
    if publisher and "url" not in out:  # a browser's print carries the site's name in no fixed place
        out["publisher"] = publisher
    author = printed.author_in_lines(first_page, title or out.get("title", ""))
    if author:
        out["author"] = author
    return out


def _printed(title: str, lines: list[str]) -> bool:
    """Whether most words of a properties title stand on the first page."""
    words = set(re.findall(r"[^\W\d_]{4,}", title.lower()))
    page = " ".join(lines).lower()
    return not words or sum(w in page for w in words) >= 0.6 * len(words)


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

