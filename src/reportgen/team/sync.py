"""Keeping a local folder library in step with the team library on the server.

The copy lives in the user's cache (team-<key>/: sources/ with sidecars, taxonomies/, as any
folder library), so the index, matching and drafting run on it unchanged and offline. A sync
asks the server for its library version; only when that moved does it compare every source's
newest edition (id, edition number, sha256) with what it holds, and download only what
differs. Older editions go to editions/<source>/<n>/ so that `verify` can recognise a quote
from one. Only library data is read: nothing about a case is ever sent.

The server is not trusted with the member's disk: every id, file name and country it sends is
checked as a plain name (team.names) and what fails is left out and named. A sync builds the
new copy beside the old one (.sync-new/, unchanged files hard-linked) and swaps it in only when
complete, as the index build does: a sync that fails halfway leaves the last good copy in use.
An edition whose bytes do not match their sha256 is quarantined (quarantine/), named on every
run, and the source's last good edition, if any, stays in use.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .. import envvars
from ..errors import LibraryError
from ..library.folder import Library
from ..library.reading.metadata import meta_path_for
from ..safe_files import exclusive_lock
from . import names, server

STATE_FILE = ".team-sync.json"
EDITIONS_DIR = "editions"
QUARANTINE_DIR = "quarantine"
PARTS = ("sources", "taxonomies", EDITIONS_DIR)  # what a sync replaces, as one
STAGE_DIR = ".sync-new"  # the copy being built
OLD_DIR = ".sync-old"  # the copy being replaced, until the swap is done


@dataclass
class SyncReport:
    library_version: int
    synced_at: str
    fetched: list[tuple[str, int]] = field(default_factory=list)  # (source, edition) downloaded
    removed: list[str] = field(default_factory=list)
    taxonomies: list[str] = field(default_factory=list)  # countries whose taxonomy was written
    refused: list[str] = field(default_factory=list)  # what the server sent that is not a plain name
    quarantined: list[str] = field(default_factory=list)  # "source edition N" whose sha256 failed


def local_root(url: str) -> Path:
    return envvars.cache_dir() / f"team-{server.library_key(url)}"


def synced_library(url: str, notify: Callable[[str], None] | None = None) -> Library:
    """The local copy, synced first; from the last synced copy, with a note, when offline or
    when the sync failed halfway. What the user should hear of it (what was fetched, what the
    server sent that was refused or quarantined) goes to `notify`, one line at a time: the CLI
    prints it, a program may log it."""
    tell = notify or (lambda line: None)
    root = local_root(url)
    try:
        report = sync(url, root, envvars.team_countries())
        if report.fetched or report.removed:
            tell(f"synced {server.display(url)}: {len(report.fetched)} edition(s) fetched, "
                 f"{len(report.removed)} source(s) removed (library version {report.library_version})")
        for problem in report.refused:
            tell(f"warning: {server.display(url)} sent {problem}; left out of the synced copy")
    except server.ServerUnreachable as exc:
        state = load_state(root)
        if not state:
            raise LibraryError(f"{exc}; there is no synced copy of this library yet to work from") from None
        tell(f"note: {exc}; working from the copy last synced at {state['synced_at']} "
             f"(library version {state['library_version']})")
    for name in load_state(root).get("quarantined", []):
        tell(f"warning: {name} was quarantined: the bytes the server holds do not match their "
             f"sha256, so it is not used (its last good edition is, if there was one); a librarian should "
             f"add the source again with --force")
    return Library(root)


def load_state(root: Path) -> dict:
    try:
        state = json.loads((root / STATE_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return state if isinstance(state, dict) else {}


def sync(url: str, root: Path, countries: list[str] | None = None) -> SyncReport:
    root.mkdir(parents=True, exist_ok=True)
    with _locked(root):
        _recover(root)
        with server.connect(url, snapshot=True) as conn:
            server.check_schema(conn, url)
            state = load_state(root)
            version = server.library_version(conn)
            report = SyncReport(version, dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"))
            if (state.get("library_version") == version and state.get("countries") == countries
                    and (root / "sources").is_dir()):
                state["synced_at"] = report.synced_at
                _save_state(root, state)
                return report
            stage = root / STAGE_DIR
            shutil.rmtree(stage, ignore_errors=True)
            try:
                for part in PARTS:
                    (stage / part).mkdir(parents=True)
                held = _plain_held(state.get("sources"))
                new_held, quarantined = _sync_sources(conn, root, stage, held, countries, report)
                taxonomies = _sync_taxonomies(conn, root, stage, _dict(state.get("taxonomies")), countries, report)
            except BaseException:
                shutil.rmtree(stage, ignore_errors=True)
                raise
        _swap(root, stage)
        state.update(server=server.display(url).split("@")[-1], library_version=version, countries=countries,
                     synced_at=report.synced_at, sources=new_held, taxonomies=taxonomies, quarantined=quarantined)
        _save_state(root, state)
        return report


def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _plain_held(held) -> dict:
    """What the state file says we hold, without entries a sync before this check wrote from
    names it should have refused: those files are neither used nor deleted."""
    return {sid: info for sid, info in _dict(held).items()
            if isinstance(info, dict) and names.source_id_problem(sid) is None
            and names.file_name_problem(info.get("file")) is None}


def _sync_sources(conn, root: Path, stage: Path, held: dict, countries, report: SyncReport):
    """Build stage/sources and stage/editions: unchanged sources linked, changed ones fetched."""
    newest: dict[str, tuple] = {}
    used_names: set[str] = set()
    for row in server.newest_editions(conn):
        sid, number, _, name, listed = row
        problem = names.source_id_problem(sid) or names.file_name_problem(name) or names.edition_problem(number)
        if problem is None and name in used_names:
            problem = f"file name {name!a} for a second source ({sid!a})"
        if problem:
            report.refused.append(problem)
            continue
        if countries is None or set(listed or ()) & set(countries):
            newest[sid] = row
            used_names.add(name)
    report.removed = sorted(set(held) - set(newest))
    changed = []
    for sid, (_, number, sha, name, _) in sorted(newest.items()):
        info = held.get(sid) or {}
        if info.get("edition") == number and info.get("sha256") == sha and _is_file(root / "sources" / name):
            _link_source(root / "sources" / name, stage / "sources" / name)
            _link_tree(root / EDITIONS_DIR / sid, stage / EDITIONS_DIR / sid)
        else:
            changed.append(sid)
    new_held = {sid: info for sid, info in held.items() if sid in newest and sid not in changed}
    by_source: dict[str, list[tuple]] = {}
    asking = set(changed)
    for row in server.all_editions(conn, changed):
        if row[0] not in asking or names.edition_problem(row[1]):  # only what was asked for, by its number
            report.refused.append(f"edition {row[1]!a} of {row[0]!a}, which was not asked for")
            continue
        by_source.setdefault(row[0], []).append(row)
    wanted = []
    for sid in changed:
        rows = [r for r in by_source.get(sid, []) if names.file_name_problem(r[3]) is None]
        before = held.get(sid) or {}
        kept = _keep_previous_as_older(root, stage, sid, before, {r[1]: r[2] for r in rows})
        for number, name in ((r[1], r[3]) for r in rows[:-1]):
            if number == kept:
                continue
            if _is_file(_edition_dir(root, sid, number, name)):
                _link_edition(root, stage, sid, number, name)
            else:
                wanted.append((sid, number))
        wanted.append((sid, newest[sid][1]))
    quarantined = []
    expected = {(r[0], r[1]): (r[3], r[2]) for rows in by_source.values() for r in rows}
    asked = set(wanted)
    for sid, number, name, content, sha, sidecar, added_by, added_at in server.fetch_editions(conn, wanted):
        if (sid, number) not in asked:  # its id and number name files: only the pairs asked for, once each
            report.refused.append(f"edition {number!a} of {sid!a}, which was not asked for")
            continue
        asked.discard((sid, number))
        content = bytes(content)
        if expected.get((sid, number)) != (name, sha) or names.file_name_problem(name):
            report.refused.append(f"edition {number} of {sid!a} under another name or sha256 than listed")
            continue
        if hashlib.sha256(content).hexdigest() != sha:
            quarantined.append(f"{sid} edition {number}")
            _put(_mkdir(root / QUARANTINE_DIR) / f"{sid}.{number}", content)
            continue
        info = {"edition": number, "sha256": sha, "file": name, "added_by": added_by,
                "added_at": added_at.isoformat(timespec="seconds")}
        if number == newest[sid][1]:
            folder = stage / "sources"
            new_held[sid] = info
        else:
            folder = _mkdir(_edition_dir(stage, sid, number, name).parent)
            _put(folder.parent / "edition.json", json.dumps(info).encode())
        _put(folder / name, content)
        if sidecar is not None:
            _put(meta_path_for(folder / name), sidecar.encode("utf-8"))
        report.fetched.append((sid, number))
    for sid in changed:  # the newest edition failed its sha256: the last good one stays in use
        info = held.get(sid)
        if sid not in new_held and info and _is_file(root / "sources" / info["file"]):
            _link_source(root / "sources" / info["file"], stage / "sources" / info["file"])
            new_held[sid] = info
    report.quarantined = quarantined
    return new_held, quarantined


def _keep_previous_as_older(root: Path, stage: Path, sid: str, before: dict, server_editions: dict[int, str]):
    """The edition we held as newest is now an older one: link its files, do not download them
    again. The edition number kept, else None."""
    number, name = before.get("edition"), before.get("file")
    current = root / "sources" / name if name else None
    if not isinstance(number, int) or not current or not _is_file(current):
        return None
    if server_editions.get(number) != before.get("sha256") or number == max(server_editions, default=0):
        return None
    if hashlib.sha256(current.read_bytes()).hexdigest() != before["sha256"]:
        return None
    target = _edition_dir(stage, sid, number, name)
    _link_source(current, target)
    _put(target.parent.parent / "edition.json", json.dumps(before).encode())
    return number


def _link_edition(root: Path, stage: Path, sid: str, number: int, name: str) -> None:
    edition = _edition_dir(root, sid, number, name).parent.parent
    _link_tree(edition, stage / EDITIONS_DIR / sid / str(number))


def _edition_dir(root: Path, sid: str, number: int, name: str) -> Path:
    """Where an older edition's file sits: a one-source folder library of its own."""
    return root / EDITIONS_DIR / sid / str(number) / "sources" / name


def _sync_taxonomies(conn, root: Path, stage: Path, held: dict, countries, report: SyncReport) -> dict:
    kept = {}
    for country, version, text in server.taxonomies(conn):
        problem = names.country_problem(country)
        if problem:
            report.refused.append(problem)
            continue
        if countries is not None and country not in countries:
            continue
        current = root / "taxonomies" / f"{country}.yaml"
        if held.get(country) == version and _is_file(current):
            _link(current, stage / "taxonomies" / current.name)
        else:
            _put(stage / "taxonomies" / current.name, text.encode("utf-8"))
            report.taxonomies.append(country)
        kept[country] = version
    return kept


def _swap(root: Path, stage: Path) -> None:
    """Put the staged copy in place of the old one. A crash midway is undone by _recover."""
    old = root / OLD_DIR
    shutil.rmtree(old, ignore_errors=True)
    old.mkdir()
    for part in PARTS:
        if os.path.lexists(root / part):
            os.replace(root / part, old / part)
    for part in PARTS:
        os.replace(stage / part, root / part)
    os.rmdir(stage)
    shutil.rmtree(old, ignore_errors=True)


def _recover(root: Path) -> None:
    """A swap interrupted (the machine stopped): the old copy, which the state file describes,
    goes back. A stage left over is removed."""
    old = root / OLD_DIR
    if old.is_dir():
        for part in PARTS:
            if os.path.lexists(old / part):
                if os.path.lexists(root / part):
                    shutil.rmtree(root / part, ignore_errors=True)
                os.replace(old / part, root / part)
        shutil.rmtree(old, ignore_errors=True)
    shutil.rmtree(root / STAGE_DIR, ignore_errors=True)


def _is_file(path: Path) -> bool:
    """A regular file, not a link to one (the copy only ever holds what a sync wrote)."""
    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _link_source(source: Path, target: Path) -> None:
    _mkdir(target.parent)
    _link(source, target)
    if _is_file(meta_path_for(source)):
        _link(meta_path_for(source), meta_path_for(target))


def _link(source: Path, target: Path) -> None:
    """The same file in the new copy, without copying it (a copy where links are not allowed)."""
    try:
        os.link(source, target, follow_symlinks=False)
    except OSError:
        shutil.copy2(source, target, follow_symlinks=False)


def _link_tree(source: Path, target: Path) -> None:
    if source.is_dir() and not source.is_symlink():
        shutil.copytree(source, target, symlinks=True, copy_function=_link)


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


def _put(path: Path, data: bytes) -> None:
    """Write a file in one rename (a cache: no fsync, the server holds the record)."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}-", suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def _save_state(root: Path, state: dict) -> None:
    _put(root / STATE_FILE, json.dumps(state).encode())  # no indent: the C encoder


def _locked(root: Path):
    """Two reportgen runs of one user sync one copy in turn."""
    return exclusive_lock(root / ".team-sync.lock")
