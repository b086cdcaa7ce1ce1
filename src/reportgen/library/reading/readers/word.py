"""Word documents: paragraphs and headings through python-docx, those in table cells too (a
questionnaire is a table of prose); title and author from core properties."""

from __future__ import annotations

from pathlib import Path

from ....errors import SourceError
from ....models import SourceBlock
from .extracted import Extracted


def read_word(path: Path, parts: dict[str, bytes] | None = None) -> Extracted:
    """`parts`: the document's parts as limits.check_zip inflated them, handed to python-docx
    stored (copied, not inflated a second time)."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    try:
        document = docx.Document(_stored(parts) if parts is not None else str(path))
    except (PackageNotFoundError, KeyError, ValueError) as exc:
        raise SourceError(f"{path}: not a readable Word document ({exc})") from None
    from ....docx.reader import body_paragraphs  # the docx package is the one that knows OOXML
    from .tables import data_table
    found = body_paragraphs(document)
    cells: dict[int, list[str]] = {}
    for _, raw, table in found:
        if table:
            cells.setdefault(table, []).append(raw)
    data = {table for table, texts in cells.items() if data_table(texts)}
    blocks = []
    for style_name, raw, table in found:
        text = " ".join(raw.split())
        if not text or table in data:
            continue  # a table of figures is no evidence (its cells would be fragments, its numbers locators)
        style = style_name.lower()
        heading = style.startswith("heading") or style in ("title", "subtitle")
        blocks.append(SourceBlock(text=text, position=len(blocks) + 1, heading=heading, item=bool(table)))
    props = document.core_properties
    meta = {k: v for k, v in (("title", props.title), ("author", props.author)) if v and v.strip()}
    if props.language:
        meta["language"] = props.language.split("-")[0].lower()
    return Extracted(tuple(blocks), meta)


def _stored(parts: dict[str, bytes]):
    """The parts as an uncompressed zip in memory."""
    import io
    import zipfile
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    buffer.seek(0)
    return buffer
