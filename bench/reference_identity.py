"""Whether a change keeps drafts written with a firm's reference .docx byte-identical: for each
reference .docx in REFS, a templates folder holding it as reference.docx, and a UK and a US
example drafted with it into OUT (REF-STEM.CASE.docx); then compared with an earlier run's folder.
A reference that reportgen refuses (or that made it fail) is written as REF-STEM.CASE.error,
the message's last line, so a refusal is compared too.

    python bench/reference_identity.py REFS OUT [--against EARLIER_OUT]

Where two files differ, each XML part that differs is named, and whether it is still equal as XML
(canonical form, as lxml writes C14N 2.0) or differs in content.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from examples_identity import fixed_case

REPO = Path(__file__).resolve().parent.parent
CASES = ("uk-anonymised", "us-named")


def run(refs: Path, out: Path) -> None:
    """Drafted from one fixed folder (a report records its library's path), one run at a time."""
    from filelock import FileLock
    out.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.gettempdir()) / "reportgen-reference-identity"
    with FileLock(str(tmp) + ".lock"):
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir()
        library = tmp / "evidence"
        shutil.copytree(REPO / "evidence", library, ignore=shutil.ignore_patterns(".reportgen-index*"))
        env = dict(os.environ, REPORTGEN_EVIDENCE=str(library), REPORTGEN_PAGES="estimate")
        for ref in sorted(refs.glob("*.docx")):
            house = tmp / ref.stem
            house.mkdir()
            shutil.copy(ref, house / "reference.docx")
            for stem in CASES:
                case = fixed_case(REPO / "examples" / f"{stem}.yaml", tmp)
                target = out / f"{ref.stem}.{stem}.docx"
                done = subprocess.run([sys.executable, "-m", "reportgen.cli", "--templates", str(house), "draft",
                                       str(case), "-o", str(target), "--force"], env=env, capture_output=True, text=True)
                if done.returncode:
                    (out / f"{ref.stem}.{stem}.error").write_text(
                        (done.stderr.strip().splitlines() or ["(no message)"])[-1] + "\n", encoding="utf-8")
        shutil.rmtree(tmp, ignore_errors=True)


def xml_equal(a: bytes, b: bytes) -> bool:
    from lxml import etree
    try:
        return etree.canonicalize(a.decode("utf-8")) == etree.canonicalize(b.decode("utf-8"))
    except (ValueError, etree.XMLSyntaxError):
        return False


def compare(out: Path, earlier: Path) -> int:
    names = sorted({p.name for p in out.iterdir()} | {p.name for p in earlier.iterdir()})
    same = 0
    for name in names:
        a, b = out / name, earlier / name
        if not (a.exists() and b.exists()):
            print(f"{name}: only in {'this run' if a.exists() else 'the earlier run'}")
            continue
        if a.read_bytes() == b.read_bytes():
            same += 1
            continue
        print(f"{name}: differs")
        if name.endswith(".docx"):
            za, zb = zipfile.ZipFile(io.BytesIO(a.read_bytes())), zipfile.ZipFile(io.BytesIO(b.read_bytes()))
            if za.namelist() != zb.namelist():
                print(f"  parts: {za.namelist()} vs {zb.namelist()}")
            for part in sorted(set(za.namelist()) & set(zb.namelist())):
                pa, pb = za.read(part), zb.read(part)
                if pa != pb:
                    print(f"  {part}: {'equal as XML' if xml_equal(pa, pb) else 'differs in content'}")
    print(f"{same}/{len(names)} identical")
    return 0 if same == len(names) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("refs", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--against", type=Path)
    args = parser.parse_args()
    run(args.refs, args.out)
    return compare(args.out, args.against) if args.against else 0


if __name__ == "__main__":
    sys.exit(main())
