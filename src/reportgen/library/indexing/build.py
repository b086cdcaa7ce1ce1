"""Building the evidence index: one SQLite file with FTS5, brought up to date on its own when a
source changes.

Changed sources are read and checked before anything is written; one that cannot be read is
reported and keeps the entry it had, the others are indexed. A first build goes to a temporary
file that replaces the index in one rename; later builds change only the sources whose files
changed, inside one transaction.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from ...models import AlreadyRead, Taxonomy
from ...safe_files import exclusive_lock, printable
from ..folder import Library
from ..reading.metadata import meta_path_for
from . import same_text
from .rankings import due, fresh_fts, rank_descriptions, store
from .schema import SCHEMA, SCHEMA_VERSION
from .searchtext import spaced_cjk
from .taxonomy import load_taxonomy, parse_taxonomies
from .traits import TRAITS_KEY, to_row, traits_of

# reading, segmenting and tagging (library.indexing.workers, library.indexing.tagging, tempfile) load only when a
# source has changed: most commands find the index up to date and only check the files' stamps


Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class BuildReport:
    """What bringing the index up to date did, for the command to tell the user."""

    indexed: list[str]
    removed: list[str]
    unchanged: int
    failures: tuple[str, ...] = ()  # one message per source that could not be read: it keeps its old entry


@dataclass(frozen=True)
class Failed:
    """A source that could not be read, as the index remembers it: a bomb or a timeout costs a
    second and a gigabyte, so it is read again only when its file (or sidecar) changes, or when
    `evidence index` is asked for."""
    path: Path
    stamp: str
    digest: str
    reason: str  # the reader's message, which names the file at fault (the source or its sidecar)

    def message(self, remembered: bool = False) -> str:
        since = " (unchanged since it failed: not read again until it changes or `reportgen evidence index` " \
                "is run)" if remembered else ""
        return printable(" ".join(f"{self.reason}{since}".split()))  # one line, whatever it quoted


def _stamp(paths: Iterable[Path]) -> str:
    parts = []
    for p in paths:
        try:
            st = p.stat()
            parts.append(f"{p.name}:{st.st_size}:{st.st_mtime_ns}")
        except OSError:
            parts.append(f"{p.name}:missing")
    return "|".join(parts)


def _digest(paths: Iterable[Path]) -> str:
    return _digests(paths)[0]


def _digests(paths: Iterable[Path]) -> tuple[str, str]:
    """(the digest of these files together, the sha256 of the first alone), each file read once:
    a source and its metadata file say whether it must be read again; the source's own sha256
    is what a report records of each source it quotes (read from the index, not hashed again)."""
    h, first = hashlib.sha256(), ""
    for n, p in enumerate(paths):
        if p.is_file():
            data = p.read_bytes()
            h.update(p.name.encode() + b"\0" + data + b"\0")
            first = hashlib.sha256(data).hexdigest() if n == 0 else first
    return h.hexdigest(), first


def update(library: Library, path: Path, rebuild: bool = False, progress: Progress | None = None,
           read: dict[str, AlreadyRead] | None = None, retry: bool = False) -> BuildReport:
    """Bring the index at `path` up to date with the library, under a lock file beside it; a
    damaged index is rebuilt aside. A full disk or a read-only file is left to the caller.
    `retry`: read again the sources that failed and have not changed since (see Failed)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with build_lock(path):
        _clean_stale(library, path)
        try:
            return _Builder(library, path, progress, read, retry).run(rebuild)
        except sqlite3.DatabaseError as exc:
            if is_environment(exc) or isinstance(exc, sqlite3.IntegrityError):
                raise
            return _Builder(library, path, progress, read, retry).run(rebuild=True)  # damaged: start again


class _Builder:
    """Brings an index file up to date with its library."""

    def __init__(self, library: Library, path: Path, progress: Progress | None, read: dict[str, AlreadyRead] | None = None,
                 retry: bool = False):
        self.library = library
        self.path = path
        self.progress = progress
        self.read = read or {}
        self.retry = retry

    def run(self, rebuild: bool) -> BuildReport:
        files, links = self.library.scan()
        taxonomy_files = sorted(self.library.taxonomies_dir.glob("*.yaml")) if self.library.taxonomies_dir.is_dir() else []
        global_key = SCHEMA_VERSION + ":" + TRAITS_KEY + ":" + _digest(taxonomy_files)
        fresh = rebuild or not self.path.exists() or self._info("global") != global_key
        known = {} if fresh else self._known()
        failed = {} if fresh else self._failed()  # path: (stamp, digest, reason) of a file that failed
        reread, restamp, unchanged = [], [], 0  # (file, stamp, digest, sha256): to read again / only touched
        remembered: list[Failed] = []  # failed before and unchanged since: not read again
        for f in files:
            deps = [f, meta_path_for(f)]
            stamp = _stamp(deps)
            old, bad = known.get(f.name), None if self.retry else failed.get(f.name)
            if old and old[0] == stamp:
                unchanged += 1
                continue
            if bad and bad[0] == stamp:
                remembered.append(Failed(f, stamp, bad[1], bad[2]))
                continue
            digest, sha = _digests(deps)
            if old and old[1] == digest:
                unchanged += 1
                restamp.append((f, stamp, digest, sha))
            elif bad and bad[1] == digest:  # touched, not changed: still the file that failed
                remembered.append(Failed(f, stamp, digest, bad[2]))
            else:
                reread.append((f, stamp, digest, sha))
        names = {f.name for f in files}
        removed = sorted(set(known) - names)
        outside = [f"{f}: a link to a file outside the library; not followed (copy the file in instead)"
                   for f in links]
        told = outside + [r.message(remembered=True) for r in remembered]
        restamped_failures = [r for r in remembered if r.stamp != failed[r.path.name][0]]
        forgotten = sorted(set(failed) - names)  # the failed files since removed
        if not fresh and not removed and not reread and not restamp and not restamped_failures and not forgotten:
            return BuildReport([], [], unchanged, tuple(told))
        raws, kept = parse_taxonomies(taxonomy_files)
        taxonomies = [load_taxonomy(p, raw) for p, raw in zip(taxonomy_files, raws)]
        if fresh:  # each source is written as it arrives: memory does not grow with the library
            indexed, failures = self._write_fresh(reread, taxonomies, {"global": global_key, "taxonomies": kept})
            return BuildReport(indexed, removed, unchanged, tuple(told + failures))
        parsed, failures = [], []
        for outcome in self._parse(reread):
            (parsed if isinstance(outcome, tuple) else failures).append(outcome)
        parsed, refused = self._check_ids(parsed, known, removed)
        # a file that failed keeps the entry it had: nothing of it is deleted or half-written
        self._write_incremental(parsed, restamp, removed, taxonomies, failures + restamped_failures, forgotten)
        return BuildReport([p[0].id for p in parsed], removed, unchanged,
                           tuple(told + [f.message() for f in failures] + refused))

    def _info(self, key: str) -> str | None:
        try:
            with sqlite3.connect(self.path) as conn:
                row = conn.execute("SELECT value FROM info WHERE key = ?", (key,)).fetchone()
            return row[0] if row else None
        except sqlite3.DatabaseError:
            return None

    def _known(self) -> dict[str, tuple[str, str, str]]:
        with sqlite3.connect(self.path) as conn:
            return {r[0]: (r[1], r[2], r[3]) for r in conn.execute("SELECT path, stamp, digest, id FROM sources")}

    def _failed(self) -> dict[str, tuple[str, str, str]]:
        with sqlite3.connect(self.path) as conn:
            return {r[0]: (r[1], r[2], r[3]) for r in conn.execute("SELECT path, stamp, digest, reason FROM failed")}

    def _parse(self, todo):
        """Read and segment changed sources, on every core when there are many: yields, in the
        files' order, (meta, paragraphs, stamp, digest, sha256) or a Failed saying why a file
        cannot be used. Workers send back paragraphs, not texts, and run only a few files ahead."""
        from . import workers
        files = [f for f, *_ in todo]
        if self.read and all(f.name in self.read for f in files):  # just added: read once, here
            pool, results = None, (workers.read_and_segment(f, self.read[f.name]) for f in files)
        else:
            pool = workers.pool(len(files))
            results = workers.ahead(pool, workers.read_and_segment, files, 4 * workers.pool_size()) if pool else \
                map(workers.read_and_segment, files)
        try:
            for n, ((f, stamp, digest, *sha), outcome) in enumerate(zip(todo, results), 1):
                if self.progress:
                    self.progress(n, len(todo), f.name)
                yield Failed(f, stamp, digest, outcome) if isinstance(outcome, str) else (*outcome, stamp, digest, *sha)
        finally:
            if pool:
                pool.shutdown(cancel_futures=True)

    def _check_ids(self, parsed, known, removed):
        """Two files may not share a source id: the later one is refused."""
        seen = {v[2]: k for k, v in known.items() if k not in removed}
        kept, failures = [], []
        for item in parsed:
            refusal = self._refused(item[0], seen)
            (failures if refusal else kept).append(refusal or item)
        return kept, failures

    def _refused(self, meta, seen: dict[str, str]) -> str:
        sid, name = meta.id, meta.path
        if sid in seen and seen[sid] != name:
            return f"{self.library.sources_dir / name}: source id '{sid}' is already used by {seen[sid]}"
        seen[sid] = name
        return ""

    def _write_fresh(self, todo, taxonomies, info: dict[str, str]) -> tuple[list[str], list[str]]:
        import tempfile

        from . import workers
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=_tmp_prefix(self.path), suffix=".tmp")
        os.close(fd)
        indexed: list[str] = []
        failures: list[str] = []
        seen: dict[str, str] = {}
        try:
            conn = _writer(Path(tmp))
            try:
                conn.executescript(SCHEMA)
                with conn:
                    for outcome in self._parse(todo):
                        if isinstance(outcome, Failed):
                            _remember_failures(conn, [outcome])
                            failures.append(outcome.message())
                            continue
                        refusal = self._refused(outcome[0], seen)
                        if refusal:
                            failures.append(refusal)
                            continue
                        self._insert(conn, [outcome])
                        indexed.append(outcome[0].id)
            finally:
                conn.close()  # committed: FTS5 has written the totals the rankings are scored with
            _tag_and_rank(Path(tmp), taxonomies, workers.pool(len(todo)), info, self.progress)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return indexed, failures

    def _write_incremental(self, parsed, restamp, removed, taxonomies, failed: list[Failed], forgotten: list[str]):
        conn = sqlite3.connect(self.path)
        # no fsync (60-70 ms of a re-index): the rollback journal still keeps a killed command from
        # half-writing the index; only a power cut mid-write could damage it, and it is derived
        # data, rebuilt from the sources when it cannot be read (as a first build already is)
        conn.execute("PRAGMA synchronous = OFF")
        try:
            with conn:
                for f, stamp, *_ in restamp:  # touched but not changed: remember the new stamp
                    conn.execute("UPDATE sources SET stamp = ? WHERE path = ?", (stamp, f.name))
                # a file read now, or back to what was indexed, or gone, has no failure to remember
                conn.executemany("DELETE FROM failed WHERE path = ?", [(name,) for name in forgotten] +
                                 [(f.name,) for f, *_ in restamp] + [(meta.path,) for meta, *_ in parsed])
                _remember_failures(conn, failed)
                gone = removed + [meta.path for meta, *_ in parsed]
                for name in gone:
                    row = conn.execute("SELECT id FROM sources WHERE path = ?", (name,)).fetchone()
                    if row:
                        _delete_source(conn, row[0])
                after = conn.execute("SELECT coalesce(max(rowid), 0) FROM paragraphs").fetchone()[0]
                self._insert(conn, parsed)
                same_text.link(conn)
                conn.execute("DELETE FROM retired WHERE id IN (SELECT id FROM paragraphs WHERE rowid > ?)", (after,))
                fresh_fts(conn, after)
                from .tagging import tag
                tag(conn, taxonomies, after=after, fts="fresh_fts")
                rank_descriptions(conn, taxonomies, after)
                conn.execute("DROP TABLE temp.fresh_vocab")
                conn.execute("DROP TABLE temp.fresh_fts")
        finally:
            conn.close()

    @staticmethod
    def _insert(conn: sqlite3.Connection, parsed) -> None:
        for meta, paragraphs, stamp, digest, sha in parsed:  # their old entries are already gone
            # one run of rowids per source, which its row records (rankings.country_rows)
            start = conn.execute("SELECT coalesce(max(rowid), 0) + 1 FROM paragraphs").fetchone()[0]
            conn.execute("INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         (meta.id, meta.path, stamp, digest,
                          json.dumps({**meta.to_dict(), "path": meta.path}), len(paragraphs), sha, start))
            conn.executemany("INSERT INTO source_country VALUES (?, ?)", [(meta.id, c) for c in meta.country])
            rows = [(start + i, p.id, p.source_id, p.number, p.page, p.line, p.heading, p.text, p.attributed_to,
                     p.marker, p.printed_page, json.dumps(p.notes, ensure_ascii=False) if p.notes else "", p.stance, p.position,
                     p.in_section, *to_row(traits_of(p.heading, p.text, paragraphs[i - 1].heading if i else None)))
                    for i, p in enumerate(paragraphs)]
            conn.executemany(
                "INSERT INTO paragraphs(rowid, id, source_id, number, page, line, heading, text, attributed_to,"
                " marker, printed_page, notes, stance, position, in_section, traits, opening_year, words, factors)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')", rows)
            conn.executemany("INSERT INTO paragraphs_fts(rowid, text, heading) VALUES (?, ?, ?)",
                             [(r[0], spaced_cjk(r[7]), spaced_cjk(r[6])) for r in rows])


def _remember_failures(conn: sqlite3.Connection, failed: list[Failed]) -> None:
    conn.executemany("INSERT OR REPLACE INTO failed VALUES (?, ?, ?, ?)",
                     [(f.path.name, f.stamp, f.digest, f.reason) for f in failed])


def _writer(path: Path) -> sqlite3.Connection:
    """A first build's connection: no journal, no fsync (the file is renamed into place only
    when it is complete)."""
    conn = sqlite3.connect(path, timeout=60)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    return conn


def _tag_and_rank(path: Path, taxonomies: list[Taxonomy], pool, info: dict[str, str],
                  progress: Progress | None = None) -> None:
    """A first build's last step: the tags, a chunk of paragraphs at a time, and each
    description's ranking; then `info` (the build's key, the taxonomies as parsed). Computing them only reads the index, so with
    a pool the workers compute them, a few tasks ahead, while this process writes each result
    in the order a serial build writes them. The workers start before this process opens the
    index again: SQLite must not be carried across a fork."""
    from . import workers
    from .names import write_names
    from .tagging import chunks, write_entries, write_factors, write_tags
    try:
        with closing(sqlite3.connect(path, timeout=60)) as conn:
            todo, _ = due(conn, taxonomies, None)
            series, _ = same_text.due(conn)  # a new index: nothing compared, nothing stale
            tasks = [(what, lo, hi) for lo, hi in chunks(conn, 0) for what in ("tag", "name")] + \
                [("pair", item) for item in series] + [("rank", item) for item in todo]
        compute = partial(workers.tail_task, str(path), taxonomies)
        results = workers.ahead(pool, compute, tasks, 2 * workers.pool_size()) if pool else map(compute, tasks)
        with closing(_writer(path)) as conn:
            ranked = []
            with conn:
                for taxonomy in taxonomies:
                    write_entries(conn, taxonomy)
            for n, (task, result) in enumerate(zip(tasks, results), 1):
                if progress:  # a quarter of a big build: the progress line must not stop at the last file
                    progress(n, len(tasks), "tags and rankings")
                if task[0] == "rank":
                    ranked += result
                    continue
                if task[0] == "pair":
                    with conn:
                        same_text.write_pairs(conn, task[1][0], task[1][2], result)
                    continue
                with conn:  # a short write: the workers' reads wait only while it commits
                    (write_names if task[0] == "name" else write_tags)(conn, result)
            with conn:
                write_factors(conn, after=0)
                store(conn, todo, ranked)
                # the build's key, and the taxonomies as parsed (taxonomy.parsed_before)
                conn.executemany("INSERT INTO info VALUES (?, ?)", info.items())
    finally:
        if pool:
            pool.shutdown(cancel_futures=True)
        workers.close_reader(str(path))


def _tmp_prefix(index: Path) -> str:
    return f".index-{index.stem.lstrip('.')}-"


def build_lock(index: Path):
    """An exclusive lock on INDEX.lock while the index is checked or built: two commands never
    build at once, and a rebuild's swap never races another build (on Windows too)."""
    return exclusive_lock(index.with_name(index.name + ".lock"))


def _clean_stale(library: Library, index: Path) -> None:
    """Temporary files of a build that was killed: nobody else builds while we hold the lock."""
    patterns = [f"{_tmp_prefix(index)}*.tmp"]
    if index.parent == library.root:
        patterns.append(".index-*.tmp")  # the library's own folder: every build temp is ours
    for pattern in patterns:
        for stale in index.parent.glob(pattern):
            stale.unlink(missing_ok=True)


def is_environment(exc: sqlite3.DatabaseError) -> bool:
    """A full disk or a read-only file: rebuilding would not help; the user must act."""
    text = str(exc).lower()
    return any(s in text for s in ("readonly", "read-only", "disk is full", "unable to open", "disk i/o"))


def _delete_source(conn: sqlite3.Connection, source_id: str) -> None:
    # a case may pin or exclude a paragraph by id: its old text is kept, so that `validate` can name
    # the paragraph that now stands closest to it when the source's text changes
    conn.execute("INSERT OR REPLACE INTO retired SELECT id, source_id, text FROM paragraphs WHERE source_id = ?",
                 (source_id,))
    # the index holds CJK text spaced (searchtext): 'delete' must be given what was indexed
    rows = conn.execute("SELECT rowid, text, heading FROM paragraphs WHERE source_id = ?", (source_id,)).fetchall()
    conn.executemany("INSERT INTO paragraphs_fts(paragraphs_fts, rowid, text, heading) VALUES ('delete', ?, ?, ?)",
                     [(r[0], spaced_cjk(r[1]), spaced_cjk(r[2])) for r in rows])
    conn.execute("DELETE FROM described WHERE paragraph IN (SELECT rowid FROM paragraphs WHERE source_id = ?)",
                 (source_id,))
    conn.execute("DELETE FROM tags WHERE paragraph IN (SELECT rowid FROM paragraphs WHERE source_id = ?)",
                 (source_id,))
    conn.execute("DELETE FROM named WHERE paragraph IN (SELECT rowid FROM paragraphs WHERE source_id = ?)",
                 (source_id,))
    same_text.forget(conn, source_id)
    conn.execute("DELETE FROM paragraphs WHERE source_id = ?", (source_id,))
    conn.execute("DELETE FROM source_country WHERE source_id = ?", (source_id,))
    conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))
