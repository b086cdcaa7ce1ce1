"""Check the real-corpus relevance sets: every snippet must occur exactly once in its file.

The sets identify paragraphs by file and verbatim snippet, not by paragraph id, so that they
survive changes to segmentation. This checker reads each source independently of reportgen:
HTML as the lxml text of the body, PDF as pdftotext output with line breaks and end-of-line
hyphens joined, Markdown as raw text; whitespace is collapsed everywhere. For HTML and
Markdown it also checks that the snippet lies inside one paragraph or list item (not a heading).

Usage: python bench/relevance/check.py [--corpus DIR] [FILE.yaml ...]
Exit status 1 when any snippet fails.
"""
import argparse
import re
import subprocess
import sys
from functools import lru_cache
from pathlib import Path

import lxml.html
import yaml

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parents[2] / "shared" / "corpus"
TAXONOMIES = HERE.parents[1] / "evidence" / "taxonomies"
BLOCKS = ("p", "li", "td", "dd", "blockquote")
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def squash(text):
    """Collapse every run of whitespace (including no-break spaces) to one space."""
    return re.sub(r"\s+", " ", text).strip()


@lru_cache(maxsize=None)
def source(path):
    """(whole text variants, paragraph texts or None) for one corpus file."""
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        doc = lxml.html.document_fromstring(path.read_bytes().decode("utf-8"))
        body = doc.body if doc.body is not None else doc
        blocks = [squash(el.text_content()) for el in body.iter(*BLOCKS)]
        heads = [squash(el.text_content()) for el in body.iter(*HEADINGS)]
        return (squash(body.text_content()),), blocks, heads
    if suffix == ".pdf":
        try:
            raw = subprocess.run(["pdftotext", str(path), "-"], check=True,
                                 capture_output=True, text=True).stdout
        except FileNotFoundError:
            sys.exit("check.py: pdftotext (poppler-utils) is needed to read PDF sources")
        # a line-end hyphen may be a soft break (drop it) or part of the word (keep it)
        kept = re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1-\2", raw)
        dropped = re.sub(r"(\w)-[ \t]*\n\s*(\w)", r"\1\2", raw)
        return (squash(kept), squash(dropped)), None, None
    raw = path.read_text(encoding="utf-8")
    paragraphs = [squash(p) for p in re.split(r"\n\s*\n", raw)]
    heads = [squash(line) for line in raw.splitlines() if line.lstrip().startswith(("#", "<h"))]
    return (squash(raw),), paragraphs, heads


def problem(path, snippet):
    """Why this snippet does not identify one paragraph of path, or None when it does."""
    if not path.exists():
        return "file not found"
    words = len(snippet.split())
    if not 8 <= words <= 20:
        return f"snippet has {words} words (want 8-20)"
    texts, blocks, heads = source(path)
    counts = [text.count(snippet) for text in texts]
    count = next((c for c in counts if c), 0)
    if count != 1:
        return f"occurs {count} times"
    if blocks is not None and not any(snippet in block for block in blocks):
        return "not inside a single paragraph or list item"
    if heads and any(snippet in head for head in heads):
        return "found in a heading"
    return None


def taxonomy_ids(country):
    """Factor ids of a shipped taxonomy, or None when there is none for that country."""
    path = TAXONOMIES / f"{country}.yaml"
    if not path.exists():
        return None
    return {f["id"] for f in yaml.safe_load(path.read_text(encoding="utf-8"))["factors"]}


def check(relevance, corpus):
    """Print each failing entry and a per-factor summary; return the number of failures."""
    try:
        data = yaml.safe_load(relevance.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        print(f"  FAIL {relevance}: {error}")
        return 1
    country = relevance.stem.split("-")[0]
    ids = taxonomy_ids(country)
    failures = 0
    print(f"{relevance.name}")
    for section in ("factors", "contrary"):
        for factor, entries in (data.get(section) or {}).items():
            if ids is not None and factor not in ids:
                print(f"  FAIL {section}/{factor}: not a factor of {country}.yaml")
                failures += 1
            for entry in entries or []:
                snippet = squash(entry["snippet"])
                why = problem(corpus / entry["file"], snippet)
                if why:
                    failures += 1
                    print(f"  FAIL {section}/{factor}: {entry['file']}: {why}: \"{snippet}\"")
    for factor, entries in (data.get("factors") or {}).items():
        files = sorted({e["file"] for e in entries})
        contrary = len((data.get("contrary") or {}).get(factor) or [])
        flag = "" if len(entries) >= 3 else "  (fewer than 3 core)"
        print(f"  {factor}: {len(entries)} core, {contrary} contrary, "
              f"{len(files)} sources{flag}")
        if len(entries) < 3:
            failures += 1
    if ids is not None:
        for factor in sorted(ids - set(data.get("factors") or {})):
            print(f"  FAIL factors/{factor}: no entries")
            failures += 1
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    args = parser.parse_args()
    files = args.files or sorted(HERE.glob("*-corpus.yaml"))
    failures = sum(check(path, args.corpus) for path in files)
    print("all snippets found exactly once" if not failures else f"{failures} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
