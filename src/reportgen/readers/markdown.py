"""Markdown sources: rendered to HTML by markdown-it (CommonMark, inline HTML, footnotes) and
read as a web page, so markup, link syntax and footnote references never reach a quote.

Site front matter (title:, slug:, order:) is common in reports published as static sites:
keys that the metadata contract knows are taken as the document's own statements, the rest
are ignored and named in `ignored` so that `evidence add` can say so.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..errors import SourceError
from . import Extracted
from .html import read_html_text
from .textcodec import decode_bytes

FRONT_MATTER = re.compile(r"\A---\r?\n(.*?)\r?\n---\r?\n", re.S)
CONTRACT_KEYS = ("id", "title", "author", "publisher", "published", "url", "accessed", "country",
                 "source_type", "language", "notes", "series", "edition")


def split_front_matter(text: str) -> tuple[dict, str]:
    """(front matter mapping or {}, the text after it); no aliases, as for case files."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    from ..yamlio import load_yaml
    try:
        data = load_yaml(match.group(1))
    except yaml.YAMLError:
        return {}, text
    return (data if isinstance(data, dict) else {}), text[match.end():]


def read_markdown(path: Path) -> Extracted:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    text = decode_bytes(path.read_bytes(), path)
    front, body = split_front_matter(text)
    if not body.strip():
        raise SourceError(f"{path}: source is empty")
    renderer = MarkdownIt("commonmark", {"html": True}).use(footnote_plugin).enable("table")
    page = f"<html><body><main>{renderer.render(body)}</main></body></html>"
    extracted = read_html_text(page, path)
    stated = {k: v for k, v in front.items() if k in CONTRACT_KEYS and v not in (None, "", [])}
    ignored = tuple(str(k) for k in front if k not in CONTRACT_KEYS)
    meta = {**extracted.meta, **{k: str(v) if k != "country" else v for k, v in stated.items()}}
    return Extracted(extracted.blocks, meta, ignored=ignored)
