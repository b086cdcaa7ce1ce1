"""Team library sync speed against a throwaway local PostgreSQL server: the initial sync of a
generated 100-source library, of a corpus-sized one (the real documents in ../shared/corpus plus
the shipped evidence) and of a generated 2,000-document one, then an incremental sync after one
source changed, and a sync when nothing changed, with their ratios to the initial sync. Sync
only: downloading into the cache folder, not indexing it. Then, on the 100-source library, a
hostile server: names that would lead outside the copy, an edition failing its sha256, the
server stopped in the middle of a fetch, and a taxonomy of YAML aliases, each timed against
the clean syncs (and the draft-time cost of the aliased taxonomy).

    python bench/team_sync.py [--files 2000] [--mb 20] [--small 100] [--repeat 3]

Needs PostgreSQL's server programs (as tests/test_team.py) and the team extra.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO / "tests"))
from common import make_library, median_time  # noqa: E402
from hostile import aliased_yaml  # noqa: E402
from pgserver import PgServer, find_bindir, serve, serve_taxonomy  # noqa: E402

from reportgen.team import server as team_server  # noqa: E402
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


def bench(server: PgServer, name: str, folder: Path, bytes_: int, repeat: int, work: Path) -> dict:
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
    print(f"  {initial / count * 1000:.1f} ms a source initially; incremental / initial {incremental / initial:.3f}; "
          f"nothing changed / initial {unchanged / initial:.4f}")
    return {"url": url, "root": root, "count": count, "initial": initial, "incremental": incremental,
            "unchanged": unchanged}


def hostile(server: PgServer, clean: dict, work: Path) -> None:
    """A compromised or buggy server, against the copy `clean` synced: each case is met once (it
    changes the server), timed, and compared with the clean incremental sync (one edition fetched)."""
    url, root, base = clean["url"], clean["root"], clean["incremental"]

    def timed(what: str, action) -> object:
        start = time.perf_counter()
        try:
            result, said = action(), ""
        except Exception as exc:  # noqa: BLE001 - what the member is told, shown
            result, said = exc, f"{type(exc).__name__}: {str(exc).splitlines()[0][:90]}"
        took = time.perf_counter() - start
        print(f"  {what:44} {took * 1000:7.0f} ms  x{took / base:5.2f} of a clean incremental sync  {said}")
        return result

    def outside() -> set[str]:
        return {str(p) for p in work.rglob("*") if not p.is_relative_to(root)}

    print(f"hostile server, {clean['count']}-source library:")
    before = outside()
    seed = next((root / "sources").glob("*.txt")).read_bytes()
    serve(url, "escape", "../../../../escape.txt", b"overwritten by the server")
    serve(url, "absolute", str(work / "absolute.txt"), b"overwritten by the server")
    serve(url, "../../../../victimdir", "victim.txt", seed)
    serve(url, "dotted", ".team-sync.json", b"{}")
    serve_taxonomy(url, "../../../../tax-escape", "factors: []\n")
    report = timed("5 names leading outside the copy", lambda: sync.sync(url, root))
    print(f"    refused {len(report.refused)}; files written outside the copy: {len(outside() - before)}")
    timed("  the next sync (nothing changed)", lambda: sync.sync(url, root))

    victim = sorted(p.name.removesuffix(".meta.yaml") for p in (root / "sources").glob("*.meta.yaml"))[0]
    serve(url, victim, f"{victim}.txt", b"tampered bytes", edition=99, sha="0" * 64)
    report = timed("an edition failing its sha256", lambda: sync.sync(url, root))
    print(f"    quarantined {report.quarantined}; sources in use {len(list((root / 'sources').glob('*.meta.yaml')))}")
    serve_taxonomy(url, "XX", "factors: []\n")  # the library version moves: the quarantined edition is met again
    timed("  the next sync after a change", lambda: sync.sync(url, root))

    held = sorted(p.name for p in (root / "sources").iterdir())
    serve(url, "late-arrival", "late-arrival.txt", seed)
    fetch = team_server.fetch_editions

    def stopping(conn, wanted):
        server.stop()  # the server goes away while the sync is under way
        yield from fetch(conn, wanted)
    team_server.fetch_editions = stopping
    try:
        timed("server stopped in the middle of a fetch", lambda: sync.sync(url, root))
        kept = sorted(p.name for p in (root / "sources").iterdir()) == held
        print(f"    last good copy kept in use: {kept}; staging left behind: {(root / sync.STAGE_DIR).exists()}")
    finally:
        team_server.fetch_editions = fetch
        server.start()
    timed("  the sync once it is back", lambda: sync.sync(url, root))

    serve(url, "second-arrival", "second-arrival.txt", seed + b"\n")  # a change, so that editions are fetched
    listed, escape = team_server.all_editions, "../../../../unasked"  # from quarantine/: outside the copy

    def more_listed(conn, ids):
        return [*listed(conn, ids), (escape, 1, "0" * 64, "unasked.txt")]

    def more_fetched(conn, wanted):
        yield from fetch(conn, wanted)
        yield escape, 1, "unasked.txt", b"never asked for", "0" * 64, None, "x", dt.datetime.now()
    team_server.all_editions, team_server.fetch_editions = more_listed, more_fetched
    try:
        report = timed("editions the sync did not ask for", lambda: sync.sync(url, root))
        landed = (root / sync.QUARANTINE_DIR / f"{escape}.1").resolve()
        print(f"    refused {len(report.refused)}; fetched {report.fetched}; written outside the copy: {landed.exists()}")
    finally:
        team_server.all_editions, team_server.fetch_editions = listed, fetch

    import psycopg
    with psycopg.connect(url) as conn:
        text = conn.execute("SELECT yaml FROM reportgen.taxonomies WHERE country = 'CN' ORDER BY version DESC").fetchone()
        conn.execute("UPDATE reportgen.library_version SET version = version + 1")
        conn.execute("UPDATE reportgen.taxonomies SET yaml = %s, version = version + 1 WHERE country = 'CN'",
                     (aliased_yaml() + (text[0] if text else ""),))
    timed("a taxonomy of YAML aliases (10^9 items)", lambda: sync.sync(url, root))
    from reportgen.errors import ReportgenError
    from reportgen.library.indexing.taxonomy import load_taxonomy

    def load():
        try:
            load_taxonomy(root / "taxonomies" / "CN.yaml")
        except ReportgenError as exc:  # the member's draft is refused with this, quickly
            return exc
    said = timed("  reading it, as a draft would", load)
    print(f"    {str(said)[:110]}")


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
    ap.add_argument("--small", type=int, default=100, help="sources in the small library (and the hostile cases)")
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
            folder = work / "small-lib"
            size = make_library(folder, args.mb * args.small / args.files, args.small)
            small = bench(server, f"generated {args.small}", folder, size, args.repeat, work)
            hostile(server, small, work)
            if CORPUS.is_dir():
                folder = work / "corpus-lib"
                size = corpus_library(folder)
                bench(server, "corpus", folder, size, args.repeat, work)
            else:
                print(f"corpus: skipped ({CORPUS} not found)")
            folder = work / "generated-lib"
            size = make_library(folder, args.mb, args.files)
            bench(server, f"generated {args.files}", folder, size, args.repeat, work)
    finally:
        server.cleanup()
    print(f"(medians of {args.repeat}; server on localhost, fsync off; every file received checked against its sha256)")


if __name__ == "__main__":
    main()
