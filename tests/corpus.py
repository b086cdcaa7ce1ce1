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
SHA = {  # the first 16 hex digits SOURCES.md gives, so a test knows it reads the file it expects
    "usdos-china-2024.html": "76743940b88babff", "usdos-china-2023.html": "2304c91878ba33c3",
    "usdos-russia-2023.html": "a8a4258c96e38f55",
    "ukho-cpin-china-hong-kong-national-security-law-v3-2022.html": "c20c02b871c55337",
    "sft-tnr-apec-sf-2024.md": "b1c4b1a356bb1d83", "prc-zh-counter-espionage-law-2023.md": "36b55fdf16975c2b",
    "crs-IF10281.pdf": "9fbb8eb228dc11c8", "ohchr-xinjiang-assessment-2022.pdf": "78c58ee5888224b6",
}


def corpus_file(name: str) -> Path:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{path} is not there (the corpus sits beside the repo in development and CI)")
    assert hashlib.sha256(path.read_bytes()).hexdigest().startswith(SHA[name])
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
