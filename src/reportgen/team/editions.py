"""Older editions of a synced team library's sources, for `verify`.

The sync keeps each older edition as a one-source folder library (editions/<source>/<n>/),
indexed on demand by the ordinary index code only when a report quotes a paragraph that the
current edition no longer has. Paragraph ids hash the source id and text, so an id found in an
older edition's index is the paragraph the report was drafted from.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ..library.folder import Library
from ..library.indexing.read import EvidenceIndex
from ..models import EvidenceParagraph
from .names import source_id_problem
from .sync import EDITIONS_DIR

Finder = Callable[[str], "tuple[EvidenceParagraph, str] | None"]


def earlier_editions(library: Library) -> Finder | None:
    """A lookup from evidence id to (paragraph, 'edition N (added DATE by WHO)'), or None."""
    folder = library.root / EDITIONS_DIR
    if not folder.is_dir():
        return None

    read: dict[Path, dict[str, EvidenceParagraph]] = {}  # an edition is one source: read it once per verify

    def paragraphs(edition: Path) -> dict[str, EvidenceParagraph]:
        if edition not in read:
            index = EvidenceIndex.open(Library(edition))
            try:
                read[edition] = {p.id: p for meta, _ in index.sources() for p in index.paragraphs(meta.id)}
            finally:
                index.close()
        return read[edition]

    def find(evidence_id: str):
        source_id = evidence_id.split(":", 1)[0]  # from the report being verified: a plain id, or nothing
        plain = source_id_problem(source_id) is None
        editions = [d for d in (folder / source_id).glob("*") if d.name.isdigit()] if plain else []
        for edition in sorted(editions, key=lambda d: int(d.name), reverse=True):
            paragraph = paragraphs(edition).get(evidence_id)
            if paragraph is not None:
                return paragraph, _label(edition)
        return None
    return find


def _label(edition: Path) -> str:
    try:
        info = json.loads((edition / "edition.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return f"edition {edition.name}"
    return f"edition {info['edition']} (added {info['added_at'][:10]} by {info['added_by']})"
