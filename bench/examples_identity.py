"""Whether a change keeps every example's outputs byte-identical: drafts, schedules and
`match --json` of each case in examples/, written to OUT (with the report date fixed, so a case
that leaves it out does not take today's), then compared with an earlier run's folder.

    python bench/examples_identity.py OUT [--against EARLIER_OUT]

Runs the reportgen on PATH's python (this worktree's venv when run with it) on a copy of the
shipped evidence library (always at the same path, which a draft records), so nothing in the repository is written.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXED_DATE = "2026-11-20"


def fixed_case(src: Path, dest: Path) -> Path:
    """The case with a report date: the same file when it states one."""
    text = src.read_text(encoding="utf-8")
    if "report_date:" not in text:
        text = text.replace("\ncase:\n", f"\ncase:\n  report_date: {FIXED_DATE}\n", 1)
    target = dest / src.name
    target.write_text(text, encoding="utf-8")
    return target


def run(out: Path) -> None:
    """The outputs of every example, drafted from one fixed folder (the report records its
    library's path); runs on one machine take turns at it, else each would delete the other's."""
    from filelock import FileLock
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.gettempdir()) / "reportgen-examples-identity"
    with FileLock(str(tmp) + ".lock"):
        _run_in(tmp, out)


def _run_in(tmp: Path, out: Path) -> None:
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        library = tmp / "evidence"
        shutil.copytree(REPO / "evidence", library, ignore=shutil.ignore_patterns(".reportgen-index*"))
        env = dict(os.environ, REPORTGEN_EVIDENCE=str(library), REPORTGEN_PAGES="estimate")
        base = [sys.executable, "-m", "reportgen.cli"]
        for case in sorted((REPO / "examples").glob("*.yaml")):
            path = fixed_case(case, tmp)
            stem = case.stem
            for args in (["draft", str(path), "-o", str(out / f"{stem}.draft.docx"), "--force"],
                         ["schedule", str(path), "-o", str(out / f"{stem}.schedule.docx"), "--force"]):
                subprocess.run(base + args, env=env, check=True, capture_output=True)
            match = subprocess.run(base + ["match", str(path), "--json"], env=env, check=True, capture_output=True)
            (out / f"{stem}.match.json").write_bytes(match.stdout)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16]


def compare(out: Path, earlier: Path) -> int:
    names = sorted({p.name for p in out.iterdir()} | {p.name for p in earlier.iterdir()})
    differ = 0
    for name in names:
        a, b = earlier / name, out / name
        same = a.exists() and b.exists() and a.read_bytes() == b.read_bytes()
        differ += not same
        print(f"{'same  ' if same else 'DIFFER'} {name}  {digest(a) if a.exists() else '-'} "
              f"{digest(b) if b.exists() else '-'}")
    print(f"{len(names) - differ}/{len(names)} identical")
    return 1 if differ else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--against", type=Path)
    args = parser.parse_args()
    run(args.out)
    return compare(args.out, args.against) if args.against else 0


if __name__ == "__main__":
    sys.exit(main())
