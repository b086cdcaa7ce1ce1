"""How reportgen grows with the library: build, peak memory, re-index after one change, and
`match` and `draft` as whole processes, on generated libraries of 500 to 2,000 documents, each
figure next to the same figure on the five shipped seed pages (the anchor) measured in this run.

    python bench/scale.py [--sizes 500,2000] [--repeat 3]

A generated library is 0.1 MB of text per file, shaped like the seeds (bench/common.py), so
2,000 files are about 200 MB and 790k paragraphs. Times are medians of --repeat runs.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import REPO, make_library

CASE = REPO / "examples" / "uk-anonymised.yaml"


def run(args: list[str], env: dict) -> tuple[float, int]:
    """Wall time and peak RSS (MB) of one reportgen process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "reportgen.cli", *args], env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"reportgen {' '.join(args)} failed: {done.stderr}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before) // 1024


def median(args, env, repeat) -> float:
    return statistics.median(run(args, env)[0] for _ in range(repeat))


def measure(root: Path, repeat: int, tmp: Path) -> dict:
    # as an installed program runs: with compiled bytecode (pip writes it at install)
    env = {**{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
           "REPORTGEN_PAGES": "off", "PYTHONPATH": str(REPO / "src")}
    lib = ["--evidence", str(root)]
    build, rss = run([*lib, "evidence", "index", "--rebuild"], env)
    first = sorted((root / "sources").glob("*.meta.yaml"))[0]
    times = []
    for i in range(repeat):
        first.write_text(first.read_text() + f"\n# touched {i}\n")
        times.append(run([*lib, "evidence", "index"], env)[0])
    out = tmp / "r.docx"
    return {"build": build, "rss": rss, "reindex": statistics.median(times),
            "match": median([*lib, "match", str(CASE), "--json"], env, repeat),
            "draft": median([*lib, "draft", str(CASE), "-o", str(out), "--force"], env, repeat)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="500,2000")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        seeds = tmp / "seeds"
        shutil.copytree(REPO / "evidence", seeds, ignore=shutil.ignore_patterns(".reportgen-index*", "__*"))
        for f in (seeds / "sources").iterdir():  # the anchor: the five seed pages alone
            if not f.name.endswith((".txt", ".meta.yaml")) or f.name.startswith("prc-"):
                f.unlink()
        rows.append(("5 seed pages", measure(seeds, args.repeat, tmp)))
        for n in (int(x) for x in args.sizes.split(",")):
            root = tmp / f"gen{n}"
            mb = make_library(root, n * 0.1, n) / 1e6
            rows.append((f"{n} files, {mb:.0f} MB", measure(root, args.repeat, tmp)))
            shutil.rmtree(root)
    anchor = rows[0][1]
    print(f"{'library':22} {'build s':>8} {'peak MB':>8} {'reindex s':>9} {'match s':>8} {'draft s':>8}   ratios to the anchor")
    for name, r in rows:
        print(f"{name:22} {r['build']:8.2f} {r['rss']:8d} {r['reindex']:9.2f} {r['match']:8.2f} {r['draft']:8.2f}   "
              f"reindex x{r['reindex'] / anchor['reindex']:.1f}, match x{r['match'] / anchor['match']:.1f}, "
              f"draft x{r['draft'] / anchor['draft']:.1f}")


if __name__ == "__main__":
    main()
