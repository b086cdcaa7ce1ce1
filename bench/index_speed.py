"""Indexing speed on a generated library (default 50 MB), against a bare FTS5 insert of the
same paragraphs in the same run, and search latency.

    python bench/index_speed.py [--mb 50] [--files 500] [--repeat 3]

Goals: indexing at least 0.3 of bare FTS5 throughput on 2 cores (issue 14; issue 2 asked 0.5); search p50 under 20 ms.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import make_library, median_time  # noqa: E402

from reportgen.library.folder import Library  # noqa: E402
from reportgen.library.indexing.build import _Builder, _tag_and_rank  # noqa: E402
from reportgen.library.indexing.read import EvidenceIndex  # noqa: E402
from reportgen.library.indexing.taxonomy import load_taxonomy  # noqa: E402
from reportgen.library.indexing.workers import pool  # noqa: E402


def bare_fts5(paragraphs: list[str], path: Path) -> None:
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("CREATE VIRTUAL TABLE p USING fts5(text, tokenize='porter unicode61')")
    with conn:
        conn.executemany("INSERT INTO p(text) VALUES (?)", ((t,) for t in paragraphs))
    conn.close()


def last_step(library: Library, copy: Path) -> float:
    """Seconds of a first build's last step (build._tag_and_rank) alone, on a copy of the built
    index emptied of what that step writes (the copy itself is not timed)."""
    shutil.copyfile(library.index_path, copy)
    with sqlite3.connect(copy) as conn:
        for table in ("tags", "described", "described_queries", "entries", "info"):
            conn.execute(f"DELETE FROM {table}")
    conn.close()
    taxonomies = [load_taxonomy(t) for t in sorted(library.taxonomies_dir.glob("*.yaml"))]
    start = time.perf_counter()
    _tag_and_rank(copy, taxonomies, pool(len(library.source_files())), "bench")
    return time.perf_counter() - start


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mb", type=float, default=50)
    ap.add_argument("--files", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "lib"
        size = make_library(root, args.mb, args.files)
        library = Library(root)
        ours = median_time(lambda: EvidenceIndex.open(library, rebuild=True).close(), args.repeat)
        index = EvidenceIndex.open(library)
        texts = [r[0] for r in index.conn.execute("SELECT text FROM paragraphs")]
        bare = median_time(lambda: bare_fts5(texts, Path(tmp) / "bare.sqlite"), args.repeat)
        builder = _Builder(library, Path(tmp) / "parse-only.sqlite", None)
        todo = [(f, "", "", "") for f in library.source_files()]
        parse = median_time(lambda: list(builder._parse(todo)), args.repeat)
        last = statistics.median(last_step(library, Path(tmp) / "last-step.sqlite") for _ in range(args.repeat))
        mb = size / 1e6
        print(f"library: {mb:.1f} MB in {args.files} files, {len(texts)} evidence paragraphs")
        print(f"reportgen index (read, clean, segment, tag, FTS5): median {ours:.2f} s = {mb / ours:.1f} MB/s")
        print(f"  of which reading, furniture and segmentation (all cores): {parse:.2f} s")
        print(f"  and, once every source is written, tags and description rankings (all cores): {last:.2f} s")
        print(f"bare FTS5 insert of the same paragraphs:           median {bare:.2f} s = {mb / bare:.1f} MB/s")
        print(f"ratio (reportgen / bare throughput): {bare / ours:.2f}   goal >= 0.3 (issue 14)")
        rng = random.Random(3)
        vocab = [w for t in texts[:2000] for w in t.split() if w.isalpha() and len(w) > 4]
        queries = [" ".join(rng.sample(vocab, rng.choice((1, 2)))) for _ in range(300)]
        latencies = []
        for q in queries:
            start = time.perf_counter()
            index.search(q, country="CN", limit=20)
            latencies.append((time.perf_counter() - start) * 1000)
        latencies.sort()
        print(f"search over {len(queries)} queries: p50 {statistics.median(latencies):.2f} ms, "
              f"p95 {latencies[int(len(latencies) * 0.95)]:.2f} ms   goal p50 < 20 ms")
        start = time.perf_counter()
        EvidenceIndex.open(library).close()
        print(f"opening an up-to-date index (stat check of {args.files} files): {(time.perf_counter() - start) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
