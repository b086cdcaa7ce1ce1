"""Keeping a local folder library in step with the team library on the server.

The copy lives in the user's cache (team-<key>/: sources/ with sidecars, taxonomies/, as any
folder library), so the index, matching and drafting run on it unchanged and offline. A sync
asks the server for its library version; only when that moved does it compare every source's
newest edition (id, edition number, sha256) with what it holds, and download only what
differs. Older editions go to editions/<source>/<n>/ so that `verify` can recognise a quote
from one. Only library data is read: nothing about a case is ever sent.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .. import envvars
from ..errors import LibraryError
from ..library.folder import Library
from ..library.metadata import meta_path_for
from . import server

STATE_FILE = ".team-sync.json"
EDITIONS_DIR = "editions"


@dataclass
class SyncReport:
    library_version: int
    synced_at: str
    fetched: list[tuple[str, int]] = field(default_factory=list)  # (source, edition) downloaded
    removed: list[str] = field(default_factory=list)
    taxonomies: list[str] = field(default_factory=list)  # countries whose taxonomy was written


def local_root(url: str) -> Path:
    return envvars.cache_dir() / f"team-{server.library_key(url)}"


def synced_library(url: str) -> Library:
    """The local copy, synced first; from the last synced copy, with a note, when offline."""
    root = local_root(url)
    try:
        report = sync(url, root, envvars.team_countries())
        if report.fetched or report.removed:
            print(f"reportgen: synced {server.display(url)}: {len(report.fetched)} edition(s) fetched, "
                  f"{len(report.removed)} source(s) removed (library version {report.library_version})",
                  file=sys.stderr)
    except server.ServerUnreachable as exc:
        state = load_state(root)
        if not state:
            raise LibraryError(f"{exc}; there is no synced copy of this library yet to work from") from None
        print(f"reportgen: note: {exc}; working from the copy last synced at {state['synced_at']} "
              f"(library version {state['library_version']})", file=sys.stderr)
    return Library(root)




def load_state(root: Path) -> dict:
    try:
        return json.loads((root / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def sync(url: str, root: Path, countries: list[str] | None = None) -> SyncReport:
    root.mkdir(parents=True, exist_ok=True)
    with _locked(root), server.connect(url, snapshot=True) as conn:
        server.check_schema(conn, url)
        state = load_state(root)
        version = server.library_version(conn)
        report = SyncReport(version, dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
        if (state.get("library_version") == version and state.get("countries") == countries
                and (root / "sources").is_dir()):
            state["synced_at"] = report.synced_at
            _save_state(root, state)
            return report
        held = state.get("sources", {})
        newest = {r[0]: r for r in server.newest_editions(conn)
                  if countries is None or set(r[4]) & set(countries)}
        changed = sorted(sid for sid, r in newest.items()
                         if (held.get(sid) or {}).get("edition") != r[1] or held[sid].get("sha256") != r[2]
                         or not (root / "sources" / r[3]).is_file())
        for sid in sorted(set(held) - set(newest)):
            _remove_source(root, sid, held.pop(sid))
            report.removed.append(sid)
        _sync_sources(conn, root, changed, held, report)
        report.taxonomies = _sync_taxonomies(conn, root, state.setdefault("taxonomies", {}), countries)
        state.update(server=server.display(url).split("@")[-1], library_version=version,
                     countries=countries, synced_at=report.synced_at, sources=held)
        _save_state(root, state)
        return report


def _sync_sources(conn, root: Path, changed: list[str], held: dict, report: SyncReport) -> None:
    """Fetch the newest edition of each changed source, and any older edition not yet kept."""
    by_source: dict[str, list[tuple]] = {}
    for row in server.all_editions(conn, changed):
        by_source.setdefault(row[0], []).append(row)
    wanted = []
    for sid in changed:
        rows = by_source[sid]
        before = held.get(sid) or {}
        _keep_previous_as_older(root, sid, before, {r[1]: r[2] for r in rows})
        for number, sha, name in ((r[1], r[2], r[3]) for r in rows[:-1]):
            if not _edition_dir(root, sid, number, name).is_file():
                wanted.append((sid, number))
        wanted.append((sid, rows[-1][1]))
    (root / "sources").mkdir(exist_ok=True)
    for sid, number, name, content, sha, sidecar, added_by, added_at in server.fetch_editions(conn, wanted):
        content = bytes(content)
        if hashlib.sha256(content).hexdigest() != sha:
            raise LibraryError(f"{sid} edition {number}: the bytes received do not match their sha256; "
                               f"the sync stopped before writing them (run the command again)")
        newest = number == by_source[sid][-1][1]
        folder = root / "sources" if newest else _edition_dir(root, sid, number, name).parent
        folder.mkdir(parents=True, exist_ok=True)
        info = {"edition": number, "sha256": sha, "file": name, "added_by": added_by,
                "added_at": added_at.isoformat(timespec="seconds")}
        if newest:
            old_name = (held.get(sid) or {}).get("file")
            if old_name and old_name != name:
                _unlink_source(root / "sources" / old_name)
            held[sid] = info
        else:
            _put(folder.parent / "edition.json", json.dumps(info).encode())
        _put(folder / name, content)
        meta = meta_path_for(folder / name)
        if sidecar is not None:
            _put(meta, sidecar.encode("utf-8"))
        else:
            meta.unlink(missing_ok=True)
        report.fetched.append((sid, number))


def _keep_previous_as_older(root: Path, sid: str, before: dict, server_editions: dict[int, str]) -> None:
    """The edition we held as newest is now an older one: move its files, do not download them again."""
    number, name = before.get("edition"), before.get("file")
    current = root / "sources" / name if name else None
    if not number or not current or not current.is_file() or server_editions.get(number) != before.get("sha256"):
        return
    if number == max(server_editions) or hashlib.sha256(current.read_bytes()).hexdigest() != before["sha256"]:
        return
    target = _edition_dir(root, sid, number, name)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(current, target)
    if meta_path_for(current).is_file():
        os.replace(meta_path_for(current), meta_path_for(target))
    _put(target.parent.parent / "edition.json", json.dumps(before).encode())


def _edition_dir(root: Path, sid: str, number: int, name: str) -> Path:
    """Where an older edition's file sits: a one-source folder library of its own."""
    return root / EDITIONS_DIR / sid / str(number) / "sources" / name


def _remove_source(root: Path, sid: str, info: dict) -> None:
    if info.get("file"):
        _unlink_source(root / "sources" / info["file"])
    shutil.rmtree(root / EDITIONS_DIR / sid, ignore_errors=True)


def _unlink_source(path: Path) -> None:
    path.unlink(missing_ok=True)
    meta_path_for(path).unlink(missing_ok=True)


def _sync_taxonomies(conn, root: Path, held: dict, countries: list[str] | None) -> list[str]:
    folder = root / "taxonomies"
    folder.mkdir(exist_ok=True)
    written, seen = [], set()
    for country, version, text in server.taxonomies(conn):
        if countries is not None and country not in countries:
            continue
        seen.add(country)
        path = folder / f"{country}.yaml"
        if held.get(country) != version or not path.is_file():
            _put(path, text.encode("utf-8"))
            held[country] = version
            written.append(country)
    for country in set(held) - seen:
        (folder / f"{country}.yaml").unlink(missing_ok=True)
        del held[country]
    return written


def _put(path: Path, data: bytes) -> None:
    """Replace a file in one rename (a cache: no fsync, the server holds the record)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def _save_state(root: Path, state: dict) -> None:
    _put(root / STATE_FILE, json.dumps(state).encode())  # no indent: the C encoder


@contextmanager
def _locked(root: Path):
    """Two reportgen runs of one user sync one copy in turn."""
    with open(root / ".team-sync.lock", "w") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        yield
