"""The ids a case uses to steer its evidence (`pin`, `exclude`, `exclude_sources`), checked against
the library: an id that resolves to nothing is bad input, named with the file, its line and, where
the paragraph's text has changed since the id was taken, the paragraph of the same source that
now stands closest to it (so the lawyer can pin that one instead)."""

from __future__ import annotations

import re
from pathlib import Path

from ..library.indexing.read import EvidenceIndex
from ..models import Case


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w{3,}", text.lower()))


def _case_lines(path: str) -> list[str]:
    try:
        return Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeError):
        return []


def steering_problems(case: Case, index: EvidenceIndex) -> list[str]:
    sources = {m.id for m, _ in index.sources()}
    lines = _case_lines(case.path)  # read once: an id's line is where the file names it
    problems = []

    def check(where: str, ident: str, paragraph_ok: bool) -> None:
        line = next((f":{i}" for i, text in enumerate(lines, 1) if ident in text), "")
        at = f"{case.path}{line}: {where}"
        if ":" not in ident:
            if ident not in sources:
                problems.append(f"{at}: no source '{ident}' in the library (`reportgen evidence list` lists them)")
            return
        if not paragraph_ok:
            problems.append(f"{at}: '{ident}' is a paragraph id; exclude_sources takes source ids")
            return
        if index.paragraph(ident) is not None:
            return
        source = ident.split(":", 1)[0]
        if source not in sources:
            problems.append(f"{at}: '{ident}': no source '{source}' in the library")
            return
        problems.append(f"{at}: no paragraph '{ident}' in {source}{_closest(ident, source, index)}")

    for i, factor in enumerate(case.risk_factors, 1):
        for key in ("pin", "exclude"):
            for ident in getattr(factor, key):
                check(f"risk_factors[{i}].{key}", ident, True)
    for ident in case.exclude_sources:
        check("case.exclude_sources", ident, False)
    return problems


def _closest(ident: str, source: str, index: EvidenceIndex) -> str:
    old = _words(index.retired_text(ident))
    if not old:
        return " (the id is not one the library has held: `reportgen evidence show SOURCE` lists the ids)"
    best, best_share = None, 0.0
    for p in index.paragraphs(source):
        words = _words(p.text)
        share = len(old & words) / len(old | words) if words else 0.0
        if share > best_share:
            best, best_share = p, share
    if best is None or best_share < 0.3:
        return "; its text has changed and no paragraph of the source now says much the same"
    return (f"; its text has changed: the closest paragraph now is {best.id} ({best.locator}, "
            f"{best_share:.0%} of the words shared): \u201c{' '.join(best.text.split()[:14])} \u2026\u201d")
