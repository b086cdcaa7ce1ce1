"""Saved web pages and HTML bodies: the report's own text, one block per paragraph or list item.

Country reports are long structured pages (the State Department's, GOV.UK's CPIN bodies) where
news-article extractors find "no main text" or return one block. So the page is read as a
document: site furniture is removed by what the markup says it is (nav, header, footer, aside,
forms, menus, share bars, tables of contents), the element holding most of the prose is the
body, and each paragraph, list item and heading in it becomes a block in reading order.
Footnote references are taken out of the text and their notes kept on the block.
Metadata comes only from explicit tags (meta, JSON-LD, canonical link) and the page's h1.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from ....errors import SourceError
from ....limits import check_html_elements
from ....models import SourceBlock
from .extracted import Extracted
from .printed import dates_in_lines, find_date
from .tables import data_table
from .textcodec import decode_bytes

_META = {  # document metadata -> the tags that state it, best first
    "title": ("citation_title", "dc.title", "og:title"),
    "author": ("citation_author", "author", "article:author", "dc.creator"),
    "publisher": ("citation_publisher", "dc.publisher", "og:site_name"),
    "published": ("citation_publication_date", "citation_date", "article:published_time", "dc.date",
                  "datepublished"),
    "url": ("og:url", "citation_public_url"),
}
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "nav", "footer", "aside", "form", "button",
              "select", "option", "input", "label", "iframe", "figure", "figcaption", "img", "picture",
              "video", "audio", "canvas", "map", "object", "embed", "dialog", "menu", "header")
# class/id words of site furniture (split on - _ and spaces): menus, share bars, contents lists
_FURNITURE_WORDS = {"nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "share", "sharing",
                    "social", "footer", "sidebar", "side", "toc", "cookie", "cookies", "banner", "skip",
                    "overlay", "modal", "related", "newsletter", "subscribe", "pagination", "comments",
                    "comment", "tags", "masthead", "byline", "promo", "advert", "ads", "popup", "widget",
                    "cta", "donate", "donation", "fundraising",
                   }
# an author's card or bio box ("author-card", "author-bio"): "author" alone may name the byline's
# link or a page's own class, so only with a word that makes it a box
_AUTHOR = {"author", "authors", "contributor", "writer"}
_AUTHOR_BOX = {"card", "box", "bio", "profile", "about", "info", "details"}
_FURNITURE_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary", "dialog", "menu"}
_BLOCK_TAGS = {"p", "li", "blockquote", "dd", "dt", "td", "th", "pre", "h1", "h2", "h3", "h4", "h5", "h6",
               "div", "section", "article", "main", "ul", "ol", "dl", "table", "tr", "tbody", "thead"}
_LEAF_TAGS = {"p", "li", "blockquote", "dd", "dt", "td", "th", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}
_HEADING = re.compile(r"^h([1-6])$")
_SECTION_LABEL = re.compile(r"^(section|part|chapter|annex)\s+[\divxlc]+\.?$", re.I)
_SECTION_HEADING = re.compile(r"^(section|part|chapter)\s+[\divxlc]+\b", re.I)
_LETTER_HEADING = re.compile(r"^[a-z]\.\s")
_NOTE_CONTAINER = re.compile(r"footnote|endnote", re.I)
_NOTE_MARK = re.compile(r"^\s*\[?(footnote\s*)?\d{1,4}\]?\s*$", re.I)
_BACKLINK = re.compile(r"^\s*[↩⤴^]\ufe0e?\ufe0f?\s*$|^\s*back\s*(to\s*)?(text|content)?\s*$", re.I)


def read_html(path: Path) -> Extracted:
    raw = path.read_bytes()
    page = decode_bytes(raw, path, html=True)
    return read_html_text(page, path)


def read_html_text(page: str, path: Path) -> Extracted:
    """Blocks and stated metadata of an HTML text (also what Markdown sources are turned into)."""
    check_html_elements(page, path, SourceError)
    page = re.sub(r"^\s*<\?xml[^>]*\?>", "", page)  # lxml refuses a declaration in a str
    try:
        tree = lxml_html.document_fromstring(page)
    except (etree.ParserError, ValueError) as exc:
        raise SourceError(f"{path}: not a readable web page ({exc})") from None
    meta = _metadata(tree)
    notes = _footnotes(tree)
    aside: list[tuple[str, str]] = []
    _strip_furniture(tree, aside)
    body = _main_element(tree)
    blocks = _blocks(body, notes, aside) if body is not None else []
    if body is not None:  # what a reader sees round the main text: the site's template, counted
        inside = set(body.iter())
        aside.extend((_shown(el), "site template") for el in tree.iter(*_LEAF_TAGS) if el not in inside and _shown(el))
    if not any(not b.heading for b in blocks):
        raise SourceError(f"{path}: no main text found in this web page")
    first = next((b for b in blocks if b.heading), None)  # an h1 further down is a figure's or a part's
    h1 = first.text if first is not None and first.level == 1 else ""
    title = meta.get("title", "")
    if h1 and (not title or (title.lower() in h1.lower() and len(h1) > len(title))):
        meta["title"] = h1  # "2024 Country Reports ...: China" tells editions apart; og:title does not
    origins = {}
    printed = dates_in_lines([b.text for b in blocks[:15]])  # "Date 19.01.2020", "Updated: 20 Jan, 2020"
    for key, value in printed.items():
        if key not in meta:
            meta[key], origins[key] = value, "printed at the head of the page"
    return Extracted(tuple(blocks), meta, set_aside=tuple(aside), origins=origins)


def _shown(el) -> str:
    return visible_text(el.text_content()) if el.tag not in ("script", "style", "noscript", "template") else ""


def _without_site_tail(title: str, site: str) -> str:
    """"Headline | News | European Parliament", "Headline | DW | 19.01.2020": the segments after
    a bar that name the site, its section or a date are the site's, not the work's."""
    parts = [p.strip() for p in title.split(" | ")]
    squeezed = re.sub(r"\W", "", site.lower())
    while len(parts) > 1:
        tail, rest = parts[-1], " | ".join(parts[:-1])
        short = len(tail.split()) <= 2 and len(rest.split()) >= 4
        named = bool(squeezed) and re.sub(r"\W", "", tail.lower()) in squeezed
        if not (short or named or find_date(tail)):
            break
        parts.pop()
    return " | ".join(parts)


# --- the body -------------------------------------------------------------------------------

def _furniture_element(el) -> bool:
    if el.tag == "header":  # a site's header; an article's own header holds its title
        return not any(a.tag in ("article", "main") for a in el.iterancestors())
    if el.tag in _DROP_TAGS:
        return True
    if (el.get("role") or "").lower() in _FURNITURE_ROLES or el.get("aria-hidden") == "true":
        return True
    if _HEADING.match(el.tag):
        return False  # headings' ids are anchors ("report-toc__section-2"), not what they are
    names = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
    return bool(names.strip()) and not _FURNITURE_WORDS.isdisjoint(re.split(r"[\s_-]+", names)) or _author_box(el)


def _author_box(el) -> bool:
    """An author's card or bio box: furniture however much of a short page's prose it holds
    (a paywalled article's two paragraphs, and the bio as long as one of them)."""
    split = set(re.split(r"[\s_-]+", f"{el.get('class') or ''} {el.get('id') or ''}".lower()))
    return not _AUTHOR.isdisjoint(split) and not _AUTHOR_BOX.isdisjoint(split)


def _strip_furniture(tree, aside: list) -> None:
    for el in list(tree.iter(etree.Comment, etree.ProcessingInstruction)):
        _remove(el)
    _mark_captions(tree)
    total = _prose_length(tree)

    def strip(el, inside_furniture: bool) -> None:
        for child in list(el):
            if not isinstance(child.tag, str):
                continue
            own = _furniture_element(child)
            if _holds_the_body(child, total):
                if own:  # a menu that swallowed the report (bad nesting): keep only the report
                    child.text = None
                    for grandchild in child:
                        grandchild.tail = None
                strip(child, own)
            elif own or inside_furniture:
                aside.extend((_shown(el), "site template") for el in child.iter(*_LEAF_TAGS) if _shown(el))
                _remove(child)
            else:
                strip(child, False)
    strip(tree, False)


_CAPTION = "data-reportgen-caption"


def _mark_captions(tree) -> None:
    """A picture's caption: the one short paragraph of the box that holds the picture (and no
    heading, nor other text), marked before the pictures go, to be set aside as a caption."""
    for img in tree.iter("img"):
        if any(a.tag == "p" for a in img.iterancestors()):
            continue  # a picture set in a paragraph's text: the text is the page's
        box = img.getparent()
        for _ in range(3):
            if box is None or any(True for _ in box.iter("p")):
                break
            box = box.getparent()
        if box is None or box.tag in ("body", "main", "article"):
            continue
        paragraphs = list(box.iter("p", "li"))
        if len(paragraphs) == 1 and not any(True for _ in box.iter("h1", "h2", "h3", "h4", "h5", "h6")) \
                and len(paragraphs[0].text_content()) < 300 \
                and len(box.text_content().strip()) - len(paragraphs[0].text_content().strip()) < 20:
            paragraphs[0].set(_CAPTION, "1")


def _holds_the_body(el, total: int) -> bool:
    """Saved pages often nest badly (an unclosed menu swallows the article): such a "menu"
    still holds the report, so only what is inside it may go. An author's box holds only a bio."""
    return any(True for _ in el.iter("main", "article")) or (not _author_box(el) and _prose_length(el) > 0.3 * total)


def _remove(el) -> None:
    """Drop an element but keep the text that follows it (its tail belongs to the parent)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail or ""
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _prose_length(el) -> int:
    return sum(len(p.text_content()) for p in el.iter("p", "li"))


def _main_element(tree):
    """The deepest element that still holds nearly all of the page's prose."""
    body = tree.find("body")
    if body is None:
        body = tree
    total = _prose_length(body)
    if not total:
        return body
    current = body
    while True:
        children = [c for c in current if isinstance(c.tag, str)]
        best = max(children, key=_prose_length, default=None)
        if best is None or _prose_length(best) < 0.85 * total:
            return current
        current = best


# --- blocks ---------------------------------------------------------------------------------

def _footnotes(tree) -> dict[str, str]:
    """Footnote texts by the id their references point at; the footnote lists are then removed."""
    notes: dict[str, str] = {}
    containers = [el for el in tree.iter() if isinstance(el.tag, str) and el.tag in ("div", "section", "ol", "aside")
                  and (_NOTE_CONTAINER.search(el.get("class") or "") or _NOTE_CONTAINER.search(el.get("role") or ""))]
    for box in containers:
        for item in box.iter("li", "p", "div"):
            ident = item.get("id")
            if ident and ident not in notes:
                for a in item.iter("a"):
                    if _BACKLINK.match(a.text_content() or "") or (a.get("href") or "").startswith("#fnref"):
                        a.drop_tree()
                notes[ident] = " ".join(item.text_content().split())
    for box in containers:
        if box.getparent() is not None:
            _remove(box)
    return notes


def _inline_text(el, notes: dict[str, str], found: list[str]) -> str:
    """The element's own text, nested blocks left out, footnote references removed (and noted)."""
    parts = [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str):
            parts.append(child.tail or "")
            continue
        nested_block = child.tag in _BLOCK_TAGS and (child.tag != "div" or _has_blocks(child))
        if nested_block or child.tag == "br":  # read as its own block, or a line break: a space here
            parts.append(" " + (child.tail or ""))
            continue
        target = _note_target(child, notes)
        if target is not None:
            if target and target not in found:
                found.append(target)
            tail = child.tail or ""
            if tail[:1] in ".,;:)" and parts and parts[-1].endswith(" "):
                parts[-1] = parts[-1].rstrip()  # "NSL [footnote 3]." reads "NSL.", not "NSL ."
            parts.append(tail)
            continue
        parts.append(_inline_text(child, notes, found) + (child.tail or ""))
    return "".join(parts)


def _note_target(el, notes: dict[str, str]) -> str | None:
    """A footnote reference's note text ('' when unknown), or None when el is not a reference."""
    links = [el] if el.tag == "a" else list(el.iter("a"))
    for a in links:
        href = a.get("href") or ""
        if href.startswith("#") and href[1:] in notes:
            return notes[href[1:]]
    if el.tag == "sup" and _NOTE_MARK.match(el.text_content() or ""):
        return ""
    return None


def _has_blocks(el) -> bool:
    return any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS for c in el.iter() if c is not el)




_CJK_WRAP = re.compile(r"(?<=[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef])[ \t]*\n\s*"
                       r"(?=[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef])")


def visible_text(text: str) -> str:
    """Text as a browser shows it: spaces collapsed, soft hyphens (U+00AD, invisible unless a
    line breaks there) dropped, and no space where Chinese or Japanese source text wraps."""
    return " ".join(_CJK_WRAP.sub("", text.replace("\u00ad", "")).split())


def _only_a_link(el) -> bool:
    """An element whose whole text is the text of its links, or its links and a label naming
    their source (an item of a list of links)."""
    links = list(el.iter("a"))
    if not links or any(isinstance(c.tag, str) and c.tag in _BLOCK_TAGS and c.text_content().strip()
                        for c in el.iter() if c is not el):
        return False  # (an empty sublist, a menu's placeholder, does not count)
    outside = el.text_content()
    for a in links:
        outside = outside.replace(a.text_content(), " ", 1)
    outside = re.sub(r"[\s、,，;；/|·•]+", " ", outside).strip()
    return any(a.text_content().strip() for a in links) and (
        not re.sub(r"[\W\d_]", "", outside) or bool(_LINK_LABEL.fullmatch(outside)))


# what a list of links says besides its links: a label naming their source ("The Independent:
# <a>headline</a>", "Follow us on ...: <a>Twitter</a>、<a>Facebook</a>") or a short aside ("（页面底部）")
_LINK_LABEL = re.compile(r"([^.!?。:：]{1,80}[:：])?\s*([（(][^）)]{1,20}[）)])?")


def _in_link(el) -> bool:
    """A paragraph inside a link: a teaser of another page (its headline, date and lead all one
    link), never the page's own text."""
    return any(a.tag == "a" and a.get("href") for a in el.iterancestors())


def _blocks(body, notes: dict[str, str], aside: list) -> list[SourceBlock]:
    raw: list[tuple[str, int, tuple[str, ...], bool]] = []  # (text, heading level or 0, notes, list item)

    def loose(text: str | None) -> None:  # prose standing directly in a container (after raw HTML in Markdown)
        text = visible_text(text or "")
        if text:
            raw.append((text, 0, (), False))

    def visit(el, in_item: bool = False):
        loose(el.text)
        for child in el:
            if not isinstance(child.tag, str):
                loose(child.tail)
                continue
            tag = child.tag
            if tag == "table" and data_table([c.text_content() for c in child.iter("td", "th")]):
                loose(child.tail)
                continue  # figures and labels (a table of penalties: "УК", "480", "5 лет"): no evidence, no locators
            if child.get(_CAPTION):
                aside.append((visible_text(child.text_content()), "caption"))
                loose(child.tail)
                continue
            if tag in ("li", "dd", "p") and (_only_a_link(child) or _in_link(child)):
                aside.append((visible_text(child.text_content()), "link list"))
                loose(child.tail)
                continue  # a menu's or a sidebar's entry ("Song title - Singer", "Related: ..."): no evidence
            if tag in _LEAF_TAGS or (tag == "div" and not _has_blocks(child)):
                found: list[str] = []
                text = visible_text(_inline_text(child, notes, found))
                level = int(_HEADING.match(tag).group(1)) if _HEADING.match(tag) else 0
                if text:
                    raw.append((text, level, tuple(found), in_item or tag in ("li", "dd", "td")))
                if _has_blocks(child):  # a list item's paragraphs, a nested list, a heading's summary list
                    visit(child, in_item or tag in ("li", "dd"))
            else:
                visit(child, in_item)
            loose(child.tail)
    visit(body)
    return _with_levels(raw)


def _with_levels(raw) -> list[SourceBlock]:
    """Headings get levels a reader would give them: a bare 'Section 2.' joins the heading after
    it, and where a report numbers its sections, 'Section N' is a chapter and 'a.' a part of it."""
    merged = []
    i = 0
    while i < len(raw):
        text, level, found, item = raw[i]
        if level and _SECTION_LABEL.match(text) and i + 1 < len(raw) and raw[i + 1][1]:
            text, level = f"{text.rstrip('.')}. {raw[i + 1][0]}", min(level, raw[i + 1][1])
            i += 1
        merged.append((text, level, found, item))
        i += 1
    sectioned = any(level and _SECTION_HEADING.match(text) for text, level, _, _ in merged)
    blocks = []
    for text, level, found, item in merged:
        if level and sectioned and level > 1:
            level = 2 if _SECTION_HEADING.match(text) else 3 if _LETTER_HEADING.match(text) else max(level, 4)
        blocks.append(SourceBlock(text=text, position=len(blocks) + 1, heading=bool(level), level=level,
                                  notes=found, item=item and not level))
    return blocks


# --- metadata -------------------------------------------------------------------------------

def _metadata(tree) -> dict:
    tags = {}
    for meta in tree.iter("meta"):
        key = (meta.get("name") or meta.get("property") or meta.get("itemprop") or "").strip().lower()
        value = (meta.get("content") or "").strip()
        if key and value and key not in tags:
            tags[key] = value
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() == "application/ld+json":
            tags.update({k: v for k, v in _json_ld(script.text or "").items() if k not in tags})
    found = {}
    for field, keys in _META.items():
        value = next((tags[k] for k in keys if tags.get(k)), "")
        if value:
            found[field] = " ".join(value.split())
    if "url" not in found:
        canonical = next((link.get("href") for link in tree.iter("link")
                          if (link.get("rel") or "").lower() == "canonical" and link.get("href")), "")
        if canonical.startswith("http"):
            found["url"] = canonical
    if "title" not in found:
        title = tree.findtext(".//title")
        if title and title.strip():
            found["title"] = " ".join(title.split())
    site = found.get("publisher", "")
    if site and "title" in found:  # "Headline | Site" names the site, not the work
        found["title"] = re.sub(rf"\s*[|–—-]\s*{re.escape(site)}\s*$", "", found["title"]) or found["title"]
    if "title" in found:
        tail = found["title"].rsplit(" | ", 1)[-1] if " | " in found["title"] else ""
        dated = find_date(tail) if tail else None
        if dated and len(dated[0]) == 10 and dated[1] == (0, len(tail)) and "published" not in found:
            found["published"] = dated[0]  # "Headline | DW | 19.01.2020": the page's own date
        found["title"] = _without_site_tail(found["title"], site)
    if "published" in found:
        found["published"] = _shown_date(tree, found["published"]) or found["published"]
        date = re.match(r"\d{4}-\d{2}-\d{2}", found["published"])
        if date:
            found["published"] = date.group(0)
        else:
            del found["published"]  # a date we would have to interpret is left for the user to give
    modified = tags.get("article:modified_time") or tags.get("datemodified") or ""
    if re.match(r"\d{4}-\d{2}-\d{2}", modified):
        found["updated"] = modified[:10]  # a "last modified" date: `updated`, never `published`
    root = tree if tree.tag == "html" else tree.getroottree().getroot()
    lang = root.get("lang")
    if lang:
        found["language"] = lang.split("-")[0].lower()
    return found


def _shown_date(tree, stamp: str) -> str:
    """The date a page prints for an instant its tags give in UTC ("2021-11-26T18:55:53Z" is
    shown "2021-11-27" in Beijing): the date of the <time> element that carries the same stamp."""
    if not re.search(r"T\d.*(Z|[+-]00:?00)$", stamp):
        return ""
    for element in tree.iter("time"):
        shown = re.match(r"\s*(\d{4}-\d{2}-\d{2})\b", element.text_content() or "")
        if element.get("datetime") == stamp and shown:
            return shown.group(1)
    return ""


def _json_ld(text: str) -> dict:
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    items = data if isinstance(data, list) else [data]
    if len(items) == 1 and isinstance(items[0], dict) and isinstance(items[0].get("@graph"), list):
        items = items[0]["@graph"]
    out = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        if item.get("datePublished"):
            out.setdefault("datepublished", str(item["datePublished"]))
        if item.get("dateModified"):
            out.setdefault("datemodified", str(item["dateModified"]))
        author = item.get("author")
        if isinstance(author, dict) and author.get("name"):
            out.setdefault("author", author["name"])
        publisher = item.get("publisher")
        if isinstance(publisher, dict) and publisher.get("name"):
            out.setdefault("dc.publisher", publisher["name"])
    return out
