"""Markdown sources: rendered to HTML by markdown-it (CommonMark, inline HTML, footnotes) and
read as a web page, so markup, link syntax and footnote references never reach a quote.

Site front matter (title:, slug:, order:) is common in reports published as static sites:
keys that the metadata contract knows are taken as the document's own statements, the rest
are ignored (the reader names them in `Extracted.ignored`).
"""

from __future__ import annotations

from pathlib import Path

from ..metadata import KNOWN_KEYS, split_front_matter
from .extracted import Extracted
from .html import read_html_text
from .textcodec import decode_bytes


def read_markdown(path: Path) -> Extracted:
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin
    text = decode_bytes(path.read_bytes(), path)
    front, body = split_front_matter(text, path)
    renderer = MarkdownIt("commonmark", {"html": True}).use(footnote_plugin).enable("table")
    page = f"<html><body><main>{renderer.render(body)}</main></body></html>"
    extracted = read_html_text(page, path) if body.strip() else Extracted((), {})  # empty: read_content says so
    stated = {k: v for k, v in front.items() if k in KNOWN_KEYS and v not in (None, "", [])}
    ignored = tuple(str(k) for k in front if k not in KNOWN_KEYS)
    meta = {**extracted.meta, **{k: str(v) if k != "country" else v for k, v in stated.items()}}
    return Extracted(extracted.blocks, meta, ignored=ignored)
