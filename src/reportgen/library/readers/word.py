"""Word documents: paragraphs and headings through python-docx; title and author from core properties."""

from __future__ import annotations

from pathlib import Path

from ...errors import SourceError
from ...models import SourceBlock
from . import Extracted


def read_word(path: Path) -> Extracted:
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise SourceError(f"{path}: not a readable Word document ({exc})") from None
    from ...docx.reader import styled_paragraphs  # the docx package is the one that knows OOXML
    blocks = []
    for style_name, raw in styled_paragraphs(document):
        text = " ".join(raw.split())
        if not text:
            continue
        style = style_name.lower()
        heading = style.startswith("heading") or style in ("title", "subtitle")
        blocks.append(SourceBlock(text=text, position=len(blocks) + 1, heading=heading))
    props = document.core_properties
    meta = {k: v for k, v in (("title", props.title), ("author", props.author)) if v and v.strip()}
    if props.language:
        meta["language"] = props.language.split("-")[0].lower()
    return Extracted(tuple(blocks), meta)
