"""Real documents read whole? A benchmark over the collection listed in bench/realdocs/SOURCES.md.

For every document it reads and segments as `evidence index` would, then:
- counts the visible body lines that are missing from the index: each line `pdftotext` gives for
  a PDF (the HTML's or Word file's own text lines for those), of 5 words or more with letters,
  that is found in no evidence paragraph, note or heading. Lines found only among what the reader
  or the segmenter set aside with a reason (running heads, page numbers, figure labels, furniture,
  apparatus) are "counted" (left out on purpose, and said so); lines found nowhere are "lost";
- samples paragraphs at random (seeded) and classifies each by rule, for a human to check:
  whole (opens as a paragraph opens and ends a sentence), fragment (opens in lower case or
  mid-sentence, or stops mid-sentence), merged (a heading or a new numbered item inside it),
  debris (mostly numbers or stray labels), furniture (a running head, a URL or contact line);
- compares metadata taken from the document with the values the document prints, listed in
  bench/realdocs/expected.yaml.

The documents are read from REPORTGEN_REALDOCS (default tests/data/realdocs); those whose licence
does not allow shipping them are skipped with a message when absent.

    python bench/realdocs.py [--sample 100] [--show] [--folder DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from reportgen.library.reading.metadata import parse_meta  # noqa: E402
from reportgen.library.reading.readers import STRUCTURED_SUFFIXES, read_structured  # noqa: E402
from reportgen.library.reading.sources import read_content  # noqa: E402
from reportgen.library.segmenting import furniture  # noqa: E402
from reportgen.library.segmenting.paragraphs import segment  # noqa: E402
from reportgen.models import SourceDocument  # noqa: E402

MANIFEST = ROOT / "bench" / "realdocs" / "SOURCES.md"
EXPECTED = ROOT / "bench" / "realdocs" / "expected.yaml"


def listed() -> list[str]:
    names = []
    for line in MANIFEST.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) > 3 and re.search(r"\.(pdf|html?|docx|md|txt)$", cells[0]):
            names.append(cells[0])
    return names


def squash(text: str) -> str:
    """Letters only, lower case: hyphens, spaces, line breaks and numbers (a footnote number
    pdftotext leaves inline, a paragraph number the index keeps as a locator) do not matter."""
    text = unicodedata.normalize("NFKC", text).replace("\u00ad", "")
    return "".join(ch for ch in text.lower() if ch.isalpha())


def visible_lines(path: Path) -> list[str]:
    if path.suffix.lower() == ".pdf":
        out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True).stdout
        lines = out.splitlines()
    elif path.suffix.lower() in (".html", ".htm"):
        import lxml.html
        tree = lxml.html.parse(str(path))
        body = tree.getroot().find("body")
        for bad in (body if body is not None else tree.getroot()).iter("script", "style", "noscript"):
            bad.drop_tree()
        blocks = ("p", "li", "td", "blockquote", "h1", "h2", "h3", "h4")
        lines = [" ".join(p.text_content().split()) for p in (body if body is not None else tree.getroot())
                 .iter(*blocks) if not any(True for _ in p.iterdescendants(*blocks))]  # innermost: a menu's items one by one
    elif path.suffix.lower() == ".docx":
        import docx
        d = docx.Document(str(path))
        lines = [p.text for p in d.paragraphs]
        for table in d.tables:
            lines += [cell.text for row in table.rows for cell in row.cells]
    else:
        lines = path.read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if _body_like(ln)]


def _body_like(line: str) -> bool:
    words = re.findall(r"[^\W\d_]{2,}", line)
    cjk = len(re.findall(r"[\u3400-\u9fff]", line))
    return len(words) >= 5 or cjk >= 12


def classify(text: str, heading: str) -> str:
    t = text.strip()
    letters = sum(ch.isalpha() for ch in t)
    if letters < 0.5 * len(t) or len(furniture.words(t)) < 3 and not re.search(r"[\u3400-\u9fff]{6}", t):
        return "debris"
    if re.search(r"https?://|www\.|@\w+\.\w|\bTel\.?:|\bPhone\b|Last accessed", t) and len(t) < 200:
        return "furniture"
    first = t[:1]
    opens = first.isupper() or first.isdigit() or first in "“\"‘'(•–-[" or not first.isalpha()
    ends = bool(re.search(r"[.!?;:。！？”’\")\]]$", t))
    if not opens or not ends:
        return "fragment"
    if re.search(r"[a-z,] \d{1,3}\. [A-Z]", t) or re.search(r"[a-z] [A-Z][A-Z ]{12,}[A-Z] [A-Z][a-z]", t):
        return "merged"
    return "whole"


def _judged() -> dict[str, str]:
    """Verdicts given by hand (bench/realdocs/judged.yaml: key -> whole|fragment|merged|debris|furniture)."""
    import yaml
    path = ROOT / "bench" / "realdocs" / "judged.yaml"
    if not path.is_file():
        return {}
    return {item["key"]: item["verdict"] for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []
            if item.get("verdict")}


def expected_meta() -> dict:
    import yaml
    return yaml.safe_load(EXPECTED.read_text(encoding="utf-8")) if EXPECTED.is_file() else {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", default=os.environ.get("REPORTGEN_REALDOCS", str(ROOT / "tests" / "data" / "realdocs")))
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--seed", type=int, default=21)
    parser.add_argument("--per-document", type=int, default=12, help="paragraphs drawn from each document")
    parser.add_argument("--show", action="store_true", help="print the sample and the lost lines")
    parser.add_argument("--dump", help="write the sample (key, document, rule verdict, text) to this YAML file, to judge")
    args = parser.parse_args()
    folder = Path(args.folder)
    rng = random.Random(args.seed)
    pool: list[tuple[str, str, str]] = []
    lost_total = counted_total = visible_total = 0
    meta_right = meta_total = 0
    expected = expected_meta()
    for name in listed():
        path = folder / name
        if not path.is_file():
            print(f"{name}: absent from {folder} (set REPORTGEN_REALDOCS to the folder that holds it); skipped")
            continue
        try:
            if path.suffix.lower() in STRUCTURED_SUFFIXES:
                extracted = read_structured(path)  # (what read_content does, with what the reader set aside)
                blocks, text, stated, aside = extracted.blocks, "", extracted.meta, extracted.set_aside
            else:
                blocks, text, stated, _ = read_content(path)
                aside = ()
        except Exception as exc:  # noqa: BLE001 - a refusal is a result here
            print(f"{name}: refused: {exc}")
            continue
        meta = parse_meta({"id": "doc", "title": stated.get("title") or name, "publisher": "x",
                           "source_type": "other", "country": ["XX"], "language": "en", "author": "unknown",
                           "published": "unknown", "url": "unknown", "accessed": "unknown"}, path, name)
        paragraphs, classified = segment(SourceDocument(meta=meta, text=text, blocks=blocks))
        indexed = squash(" ".join(p.text + " " + " ".join(p.notes) + " " + p.heading for p in paragraphs))
        furn = squash(" ".join([c.text for c in classified if c.kind != "body"] + [t for t, _ in aside]))
        lines = visible_lines(path)
        lost = [ln for ln in lines if squash(ln) and squash(ln) not in indexed and squash(ln) not in furn]
        counted = [ln for ln in lines if squash(ln) and squash(ln) not in indexed and squash(ln) in furn]
        visible_total += len(lines)
        lost_total += len(lost)
        counted_total += len(counted)
        want = expected.get(name, {}) or {}
        right = [k for k, v in want.items() if str(stated.get(k, "")).strip() == str(v).strip()]
        meta_right += len(right)
        meta_total += len(want)
        print(f"{name}: {len(paragraphs)} paragraphs; visible body lines {len(lines)}, lost {len(lost)}, "
              f"set aside as furniture {len(counted)}; metadata {len(right)}/{len(want)}"
              + (f" (wrong or missing: {', '.join(sorted(set(want) - set(right)))})" if len(right) < len(want) else ""))
        if args.show:
            for ln in lost[:15]:
                print(f"    LOST: {ln[:110]}")
            for k in sorted(set(want) - set(right)):
                print(f"    META {k}: want {want[k]!r}, got {stated.get(k)!r}")
        mine = [(name, p.text, p.heading) for p in paragraphs]
        pool.extend(rng.sample(mine, min(args.per_document, len(mine))))  # no one document dominates
    if not pool:
        print("no documents read")
        return 1
    sample = rng.sample(pool, min(args.sample, len(pool)))
    counts: dict[str, int] = {}
    judged = _judged()
    human: dict[str, int] = {}
    dump = []
    for name, text, heading in sample:
        verdict = classify(text, heading)
        counts[verdict] = counts.get(verdict, 0) + 1
        key = hashlib.sha256(f"{name}\n{text}".encode()).hexdigest()[:12]
        if key in judged:
            human[judged[key]] = human.get(judged[key], 0) + 1
        dump.append({"key": key, "document": name, "rule": verdict, "verdict": judged.get(key, ""), "text": text})
        if args.show and verdict != "whole":
            print(f"  [{verdict}] {name}: {text[:90]!r} ... {text[-60:]!r}")
    n = len(sample)
    print(f"sample of {n} paragraphs, by rule: " + ", ".join(f"{k} {v} ({100 * v / n:.0f}%)" for k, v in sorted(counts.items())))
    print(f"whole (rule): {100 * counts.get('whole', 0) / n:.1f}%")
    if human:
        m = sum(human.values())
        print(f"judged by hand: {m} of {n}: " + ", ".join(f"{k} {v} ({100 * v / m:.0f}%)" for k, v in sorted(human.items())))
    if args.dump:
        import yaml
        Path(args.dump).write_text(yaml.safe_dump(dump, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    print(f"visible body lines: {visible_total}; lost {lost_total}; set aside as furniture (counted) {counted_total}")
    if meta_total:
        print(f"metadata fields right: {meta_right}/{meta_total} ({100 * meta_right / meta_total:.0f}%)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
