"""Team library sync speed against a throwaway local PostgreSQL server: the initial sync of a
corpus-sized library (the real documents in ../shared/corpus plus the shipped evidence) and of a
generated 2,000-document library, then an incremental sync after one source changed, and a
sync when nothing changed. Sync only: downloading into the cache folder, not indexing it.

    python bench/team_sync.py [--files 2000] [--mb 20] [--repeat 3]

Needs PostgreSQL's server programs (as tests/test_team.py) and the team extra.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))
from common import make_library, median_time  # noqa: E402
from pgserver import PgServer, find_bindir  # noqa: E402

from reportgen.team import sync, write  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus"
CORPUS_META = """id: {id}
title: {title}
author: unknown
publisher: unknown
published: unknown
url: unknown
accessed: unknown
country: [CN]
source_type: other
language: {lang}
"""


def corpus_library(root: Path) -> int:
    """The shipped evidence plus every corpus document, each with a sidecar (metadata unknown)."""
    shutil.copytree(REPO / "evidence", root, ignore=shutil.ignore_patterns("__init__.py", ".reportgen-index*"))
    for path in sorted(CORPUS.iterdir()):
        if path.suffix in (".html", ".pdf", ".md") and path.name != "SOURCES.md":
            sid = path.stem.lower()
            shutil.copyfile(path, root / "sources" / f"{sid}{path.suffix}")
            lang = "zh" if "-zh-" in sid else "en"
            (root / "sources" / f"{sid}.meta.yaml").write_text(CORPUS_META.format(id=sid, title=sid, lang=lang))
    return sum(p.stat().st_size for p in (root / "sources").iterdir())


def bench(server: PgServer, name: str, folder: Path, bytes_: int, repeat: int, work: Path) -> None:
    db = server.new_database()
    url = server.url("libadmin", db)
    started = time.perf_counter()
    write.init_library(url, str(folder))
    imported = time.perf_counter() - started
    count = len(list(folder.glob("sources/*.meta.yaml")))
    roots = iter(work / f"{name}-{n}" for n in range(repeat))
    initial = median_time(lambda: sync.sync(url, next(roots)), repeat)
    root = work / f"{name}-0"
    victim = sorted((root / "sources").glob("*.meta.yaml"))[0]
    source = next(p for p in (root / "sources").iterdir()
                  if p.name.startswith(victim.name.removesuffix(".meta.yaml") + ".") and p != victim)
    fetched = []

    def change_and_sync():
        edited = work / source.name
        edited.write_bytes(source.read_bytes() + f"\n\nA paragraph added at {time.time()}.\n".encode())
        shutil.copyfile(victim, work / victim.name)
        write.add_sources(url, [edited], _flags(victim), force=True)
        start = time.perf_counter()
        report = sync.sync(url, root)
        fetched.append(report.fetched)
        return time.perf_counter() - start

    incremental = sorted(change_and_sync() for _ in range(repeat))[repeat // 2]
    unchanged = median_time(lambda: sync.sync(url, root), repeat)
    print(f"{name}: {count} sources, {bytes_ / 1e6:.1f} MB; import (init --from) {imported:.2f} s; "
          f"initial sync {initial:.2f} s; incremental sync after one change {incremental * 1000:.0f} ms "
          f"(fetched {fetched[-1]}); nothing changed {unchanged * 1000:.0f} ms")


def _flags(sidecar: Path) -> dict:
    import yaml
    meta = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    flags = {k: meta[k] for k in ("id", "title", "source_type", "language") if k in meta}
    flags["country"] = ",".join(meta["country"])
    return flags


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--mb", type=float, default=20)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    bindir = find_bindir()
    if bindir is None:
        sys.exit("no PostgreSQL server programs found (initdb, pg_ctl)")
    server = PgServer(bindir)
    try:
        server.start()
        server.create_roles()
        with tempfile.TemporaryDirectory(prefix="reportgen-bench-") as tmp:
            work = Path(tmp)
            if CORPUS.is_dir():
                folder = work / "corpus-lib"
                size = corpus_library(folder)
                bench(server, "corpus", folder, size, args.repeat, work)
            else:
                print(f"corpus: skipped ({CORPUS} not found)")
            folder = work / "generated-lib"
            size = make_library(folder, args.mb, args.files)
            bench(server, "generated", folder, size, args.repeat, work)
    finally:
        server.cleanup()
    print(f"(medians of {args.repeat}; server on localhost, fsync off; every file received checked against its sha256)")


if __name__ == "__main__":
    main()
