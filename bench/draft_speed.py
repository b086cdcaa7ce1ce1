"""`reportgen draft` with its default options against a bare python-docx script writing the
same number of paragraphs, both timed as whole processes (interpreter start, imports, writing), in
turn within each round; and the page estimate the default draft gives against LibreOffice's count, for the
report and the schedule of every shipped example.

    python bench/draft_speed.py [--repeat 7] [--no-pages]

Goals (issue 23): the default draft at most 2.5x the bare script (it never waits for
LibreOffice); every estimate within one page of LibreOffice's count. The index is built once
beforehand, as it is on a user's machine after the first command.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

BARE = """
import sys, docx
n = int(sys.argv[2])
d = docx.Document()
for i in range(n):
    d.add_paragraph("Paragraph %d of a bare document, about as long as a report paragraph, with a "
                    "sentence or two of text so that the writing cost is comparable." % i)
d.save(sys.argv[1])
"""


# both sides as an installed program runs: with compiled bytecode (pip writes it at install;
# an environment that forbids writing it would make reportgen compile its source on every run
# while python-docx's installed bytecode is used)
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(commands: list[list[str]], repeat: int) -> list[tuple[list[float], list[float]]]:
    """For each command, (wall times, CPU times of the process) over `repeat` rounds, the commands
    run in turn within each round: on a machine others load, a change of load then falls on every
    command alike, where timing one command's runs and then the other's set them apart."""
    import resource
    for cmd in commands:
        subprocess.run(cmd, check=True, capture_output=True, env=ENV)  # warm: bytecode written, files cached
    out: list[tuple[list[float], list[float]]] = [([], []) for _ in commands]
    for _ in range(repeat):
        for cmd, (walls, cpus) in zip(commands, out):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(cmd, check=True, capture_output=True, env=ENV)
            walls.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--case", default=str(REPO / "examples" / "uk-chinese-name.yaml"))
    ap.add_argument("--no-pages", action="store_true", help="time only; skip the estimate against LibreOffice")
    args = ap.parse_args()
    import docx
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.docx"
        draft = [sys.executable, "-m", "reportgen.cli", "--evidence", str(REPO / "evidence"), "draft", args.case,
                 "-o", str(out), "--force"]  # default options, as a user runs it
        subprocess.run(draft, check=True, capture_output=True)  # builds the index if needed
        paragraphs = len(docx.Document(str(out)).paragraphs)
        script = Path(tmp) / "bare.py"
        script.write_text(BARE)
        bare_cmd = [sys.executable, str(script), str(Path(tmp) / "bare.docx"), str(paragraphs)]
        (walls, cpus), (bare_walls, bare_cpus) = timed([draft, bare_cmd], args.repeat)
        med = statistics.median
        ours, ours_cpu, bare, bare_cpu = med(walls), med(cpus), med(bare_walls), med(bare_cpus)
        paired = med(a / b for a, b in zip(cpus, bare_cpus))  # each round's two runs share its load
        print(f"paragraphs in the report: {paragraphs}")
        print(f"reportgen draft (whole process):          median {ours * 1000:.0f} ms over {args.repeat} runs "
              f"(CPU {ours_cpu * 1000:.0f} ms)")
        print(f"bare python-docx, same paragraph count:   median {bare * 1000:.0f} ms (CPU {bare_cpu * 1000:.0f} ms)")
        print(f"ratio: {ours / bare:.2f}x (CPU {ours_cpu / bare_cpu:.2f}x; median of each round's CPU ratio "
              f"{paired:.2f}x)   goal <= 2.5x (issue 23)")
        if not args.no_pages:
            estimates(Path(tmp))


def estimates(tmp: Path) -> None:
    """The default draft's page estimate against LibreOffice's count, every shipped example."""
    from reportgen.report.pages import libreoffice_pages
    worst = 0
    print("\npages: estimate (the default) against LibreOffice's count")
    for case in sorted((REPO / "examples").glob("*.yaml")):
        for kind in ("draft", "schedule"):
            out = tmp / f"{case.stem}-{kind}.docx"
            done = subprocess.run([sys.executable, "-m", "reportgen.cli", "--evidence", str(REPO / "evidence"), kind,
                                   str(case), "-o", str(out), "--force"], check=True, capture_output=True, text=True)
            estimate = int(re.search(r"about (\d+) pages", done.stdout).group(1))
            counted = libreoffice_pages(out.read_bytes())
            if counted is None:
                print("  LibreOffice is not installed: no count to compare")
                return
            worst = max(worst, abs(estimate - counted))
            print(f"  {case.stem:18} {kind:9} estimate {estimate:3}  LibreOffice {counted:3}  off by {estimate - counted:+d}")
    print(f"  largest difference: {worst} page(s)   goal <= 1")


if __name__ == "__main__":
    main()
