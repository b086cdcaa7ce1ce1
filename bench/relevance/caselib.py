"""The library the case relevance sets (bench/relevance/cases/) are judged on: the shipped
`evidence/` folder, plus the two corpus documents that may not be redistributed (the OHCHR
Xinjiang assessment and the SFT/HKDC report), read from ../shared/corpus/ when it is there.

Judgements name a source id and a verbatim snippet, never a paragraph id, so they survive
changes to segmentation; `resolve` maps them back to the indexed paragraph holding the snippet.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"
sys.path.insert(0, str(REPO / "src"))

FIXTURES = {  # what a librarian records from the documents themselves
    "ohchr-xinjiang-assessment-2022.pdf": dict(
        title="OHCHR Assessment of human rights concerns in the Xinjiang Uyghur Autonomous Region, People's Republic of China",
        publisher="United Nations Office of the High Commissioner for Human Rights", published="2022-08-31",
        country=["CN"], source_type="intergovernmental"),
    "sft-tnr-apec-sf-2024.md": dict(
        title="Exporting Repression: attacks on protesters during Xi Jinping's visit to San Francisco",
        publisher="Hong Kong Democracy Council and Students for a Free Tibet", published="2024-07",
        country=["CN", "US"], source_type="ngo-report"),
}


def build_case_library(root: Path) -> list[str]:
    """Copy the shipped library to `root` and add the fixtures present; returns what is absent."""
    shutil.copytree(REPO / "evidence", root, ignore=shutil.ignore_patterns(".reportgen-index*", "__pycache__", "*.py"))
    absent = []
    for name, extra in FIXTURES.items():
        src = CORPUS / name
        if not src.is_file():
            absent.append(name)
            continue
        stem = Path(name).stem
        shutil.copyfile(src, root / "sources" / name)
        meta = {"id": stem, "author": "unknown", "url": "unknown", "accessed": "unknown", "language": "en", **extra}
        (root / "sources" / f"{stem}.meta.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    return absent


def norm(text: str) -> str:
    return " ".join(re.sub(r"[\u201c\u201d\"\u2018\u2019']", "'", text).split()).lower()


def snippet(text: str, words: int = 16) -> str:
    return " ".join(text.split()[:words])


def resolve(index, source: str, snip: str):
    """The indexed paragraph of `source` holding the snippet, or None."""
    want = norm(snip)
    return next((p for p in index.paragraphs(source) if want in norm(p.text)), None)


def judgements(folder: Path, case: str) -> dict:
    """Every round of judging of one case (CASE.yaml, CASE.round2.yaml...), merged per factor."""
    merged: dict = {}
    for path in sorted(folder.glob(f"{case}.yaml")) + sorted(folder.glob(f"{case}.*.yaml")):
        for factor, entries in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("factors", {}).items():
            for key, items in (entries or {}).items():
                merged.setdefault(factor, {}).setdefault(key, []).extend(items or [])
    return merged
