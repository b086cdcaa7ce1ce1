"""Helpers shared by the benchmarks: a generated library and a median timer."""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SEEDS = sorted((REPO / "evidence" / "sources").glob("*.txt"))

META = """id: {id}
title: Generated source {n}
author: unknown
publisher: Bench Publisher
published: 2024-01-{day:02d}
url: unknown
accessed: 2026-11-01
country: [CN]
source_type: news
language: en
"""


def seed_blocks() -> tuple[list[str], list[str], list[str]]:
    """The seeds' body paragraphs, and the furniture found before and after their articles."""
    from reportgen.library.reading.sources import read_source
    from reportgen.library.segmenting.paragraphs import segment
    body, head, tail = [], [], []
    for p in SEEDS:
        _, blocks = segment(read_source(p))
        first_body = next(i for i, b in enumerate(blocks) if b.kind == "body")
        for i, b in enumerate(blocks):
            if b.kind == "body":
                body.append(b.text)
            elif b.kind == "furniture":
                (head if i < first_body else tail).append(b.text)
    return body, head, tail


def make_library(root: Path, megabytes: float, files: int, rng: random.Random | None = None) -> int:
    """Write `files` text sources totalling about `megabytes` MB, shaped like the seeds: page
    furniture, then seed paragraphs with words swapped about so that texts and ids differ, then
    more furniture. Returns the bytes written."""
    rng = rng or random.Random(7)
    lines, head, tail = seed_blocks()
    vocab = sorted({w for line in lines for w in line.split() if w.isalpha()})
    (root / "sources").mkdir(parents=True, exist_ok=True)
    (root / "taxonomies").mkdir(exist_ok=True)
    (root / "taxonomies" / "CN.yaml").write_bytes((REPO / "evidence" / "taxonomies" / "CN.yaml").read_bytes())
    per_file = int(megabytes * 1e6 / files)
    total = 0
    for n in range(files):
        out, size = rng.sample(head, 3) + [f"Generated Source Number {n}"], 0
        while size < per_file:
            words = rng.choice(lines).split()
            for _ in range(max(1, len(words) // 8)):
                words[rng.randrange(len(words))] = rng.choice(vocab)
            line = " ".join(words)
            out.append(line)
            size += len(line) + 2
        text = "\n\n".join(out + rng.sample(tail, 6)) + "\n"
        (root / "sources" / f"gen-{n:05d}.txt").write_text(text, encoding="utf-8")
        (root / "sources" / f"gen-{n:05d}.meta.yaml").write_text(META.format(id=f"gen-{n:05d}", n=n, day=n % 28 + 1))
        total += len(text.encode())
    return total


def median_time(fn, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
