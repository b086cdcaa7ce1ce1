"""The real documents in ../shared/corpus, read in place as the index would read them."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

import pytest

from reportgen.library.reading.readers import read_structured
from reportgen.library.segmenting.paragraphs import segment
from reportgen.models import SourceDocument, SourceMeta

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


@lru_cache(maxsize=None)
def recorded_sha256() -> dict[str, str]:
    """{file: the first 16 hex digits of its sha256} as the corpus's SOURCES.md records them (its
    last column), so a test knows it reads the file it expects: every file listed there, not only
    those a test once copied out."""
    table = {}
    for line in (CORPUS / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) > 2 and cells[-1].rstrip("…").isalnum() and len(cells[-1].rstrip("…")) == 16:
            table[cells[0]] = cells[-1].rstrip("…")
    return table


def corpus_file(name: str) -> Path:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{path} is not there (the corpus sits beside the repo in development and CI)")
    recorded = recorded_sha256()
    assert name in recorded, f"{name} is not listed in {CORPUS / 'SOURCES.md'}"
    assert hashlib.sha256(path.read_bytes()).hexdigest().startswith(recorded[name])
    return path


@lru_cache(maxsize=None)
def read_corpus(name: str):
    """(what the reader extracted, the evidence paragraphs segmented from it)."""
    extracted = read_structured(corpus_file(name))
    meta = SourceMeta(id=Path(name).stem, title=extracted.meta.get("title", ""), author="unknown",
                      publisher=extracted.meta.get("publisher", "unknown"), published="unknown", url="unknown",
                      accessed="unknown", country=("CN",), source_type="government", language="en")
    paragraphs, _ = segment(SourceDocument(meta=meta, blocks=extracted.blocks))
    return extracted, paragraphs
