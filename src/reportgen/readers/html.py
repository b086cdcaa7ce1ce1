"""Saved web pages: main text and headings by trafilatura; metadata only from explicit tags."""

from __future__ import annotations

import json
import re
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from ..errors import SourceError
from ..models import SourceBlock
from . import Extracted

_META = {  # document metadata -> the tags that state it, best first
    "title": ("citation_title", "dc.title", "og:title"),
    "author": ("citation_author", "author", "article:author", "dc.creator"),
    "publisher": ("citation_publisher", "dc.publisher", "og:site_name"),
    "published": ("citation_publication_date", "citation_date", "article:published_time", "dc.date",
                  "datepublished"),
    "url": ("og:url", "citation_public_url"),
}


def read_html(path: Path) -> Extracted:
    import trafilatura
    raw = path.read_bytes()
    try:
        page = raw.decode("utf-8")
    except UnicodeDecodeError:
        page = raw.decode("latin-1")
    xml = trafilatura.extract(page, output_format="xml", include_comments=False, include_tables=True,
                              include_images=False, include_links=False, favor_precision=True)
    if not xml:
        raise SourceError(f"{path}: no main text found in this web page")
    root = etree.fromstring(xml.encode("utf-8"))
    blocks = []
    for element in root.iter("head", "p", "item", "quote", "cell"):
        if element.tag in ("p", "item") and element.getparent().tag in ("quote", "cell"):
            continue
        text = " ".join("".join(element.itertext()).split())
        if text:
            blocks.append(SourceBlock(text=text, position=len(blocks) + 1, heading=element.tag == "head"))
    return Extracted(tuple(blocks), _metadata(page))


def _metadata(page: str) -> dict:
    tree = lxml_html.fromstring(page)
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
            found[field] = value
    if "title" not in found:
        title = tree.findtext(".//title")
        if title and title.strip():
            found["title"] = " ".join(title.split())
    site = found.get("publisher", "")
    if site and "title" in found:  # "Headline | Site" names the site, not the work
        found["title"] = re.sub(rf"\s*[|–—-]\s*{re.escape(site)}\s*$", "", found["title"]) or found["title"]
    if "published" in found:
        date = re.match(r"\d{4}-\d{2}-\d{2}", found["published"])
        if date:
            found["published"] = date.group(0)
        else:
            del found["published"]  # a date we would have to interpret is left for the user to give
    lang = tree.get("lang")
    if lang:
        found["language"] = lang.split("-")[0].lower()
    return found


def _json_ld(text: str) -> dict:
    try:
        data = json.loads(text)
    except ValueError:
        return {}
    items = data if isinstance(data, list) else [data]
    out = {}
    for item in items:
        if not isinstance(item, dict):
            continue
        if item.get("datePublished"):
            out.setdefault("datepublished", str(item["datePublished"]))
        author = item.get("author")
        if isinstance(author, dict) and author.get("name"):
            out.setdefault("author", author["name"])
        publisher = item.get("publisher")
        if isinstance(publisher, dict) and publisher.get("name"):
            out.setdefault("dc.publisher", publisher["name"])
    return out
