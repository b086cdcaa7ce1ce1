"""Whether two versions of reportgen index a library identically: builds each library with the
code in this worktree and with another source tree (e.g. `git archive REV | tar -x -C DIR`),
and prints digests of the paragraphs, tags and description rankings tables (rows keyed by paragraph id, not rowid).

    python bench/index_identity.py --base-src /tmp/base/src LIBRARY [LIBRARY ...]

The libraries are copied to a temporary folder first; nothing in them is written.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def digests(index: Path) -> tuple[str, str, str]:
    conn = sqlite3.connect(index)
    out = []
    for sql in ("SELECT id, source_id, number, page, line, heading, text, attributed_to, stance, factors, marker, "
                "printed_page, notes FROM paragraphs ORDER BY id",
                "SELECT p.id, t.factor, t.weight, t.hints FROM tags t JOIN paragraphs p ON p.rowid = t.paragraph "
                "ORDER BY 1, 2",
                "SELECT d.country, d.query, p.id, d.score, q.match, q.stats FROM described d "
                "JOIN paragraphs p ON p.rowid = d.paragraph JOIN described_queries q USING (country, query) "
                "ORDER BY 1, 2, 3"):
        h = hashlib.sha256()
        for row in conn.execute(sql):
            h.update(repr(row).encode())
        out.append(h.hexdigest()[:16])
    conn.close()
    return out[0], out[1], out[2]


def build(src: Path, library: Path) -> tuple[str, str, str]:
    index = library / ".reportgen-index.sqlite"
    index.unlink(missing_ok=True)  # never the other version's index, if this build fails
    env = {**os.environ, "REPORTGEN_PAGES": "off", "PYTHONPATH": str(src)}
    done = subprocess.run([sys.executable, "-m", "reportgen.cli", "--evidence", str(library), "evidence", "index",
                           "--rebuild"], env=env, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1) or not index.is_file():  # 1: some source could not be read, as may be
        sys.exit(f"{src}: the build of {library} failed (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return digests(index)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--base-src", type=Path, required=True)
    ap.add_argument("libraries", nargs="+", type=Path)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for lib in args.libraries:
            copy = Path(tmp) / lib.name
            shutil.copytree(lib, copy, ignore=shutil.ignore_patterns(".reportgen-index*"))
            base, ours = build(args.base_src, copy), build(REPO / "src", copy)
            verdict = "identical" if base == ours else "DIFFERENT"
            print(f"{lib}: paragraphs {base[0]} / {ours[0]}, tags {base[1]} / {ours[1]}, "
                  f"rankings {base[2]} / {ours[2]}: {verdict}")


if __name__ == "__main__":
    main()
