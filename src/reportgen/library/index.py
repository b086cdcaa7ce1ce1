"""The evidence index: one SQLite file with FTS5, rebuilt on its own when a source changes.

Changed sources are read and checked before anything is written; one that cannot be read is
reported and keeps the entry it had, the others are indexed. A first build goes to a temporary
file that replaces the index in one rename; later builds change only the sources whose files
changed, inside one transaction.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import LibraryError, SourceError
from ..models import EvidenceParagraph, SourceMeta
from ..safe_files import what_to_do
from .folder import Library
from .metadata import meta_path_for
from .rankings import (
    DESCRIBED_DEPTH,
    POSTINGS,
    QUERY_TERMS,
    doc_count,
    fresh_fts,
    query_key,
    query_words,
    rank_descriptions,
    rarest_match,
    top_rows,
)
from .searchtext import spaced_cjk
from .sources import read_source
from .tagging import tag
from .taxonomy import fts_phrase, load_taxonomy

SCHEMA_VERSION = "16"  # bump when segmentation, tagging or the schema change meaning

SCHEMA = """
CREATE TABLE IF NOT EXISTS info(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS sources(
    id TEXT PRIMARY KEY, path TEXT UNIQUE, stamp TEXT, digest TEXT, meta TEXT, paragraphs INTEGER);
CREATE TABLE IF NOT EXISTS paragraphs(
    rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, source_id TEXT, number INTEGER, page INTEGER,
    line INTEGER, heading TEXT, text TEXT, attributed_to TEXT, stance TEXT, factors TEXT,
    marker TEXT, printed_page TEXT, notes TEXT);
CREATE INDEX IF NOT EXISTS paragraphs_source ON paragraphs(source_id, number);
CREATE INDEX IF NOT EXISTS paragraphs_contrary ON paragraphs(source_id) WHERE stance = 'contrary';
CREATE TABLE IF NOT EXISTS tags(
    paragraph INTEGER, factor TEXT, weight REAL, hints TEXT, PRIMARY KEY(paragraph, factor))
    WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS tags_factor ON tags(factor, weight);
CREATE TABLE IF NOT EXISTS source_country(source_id TEXT, country TEXT, PRIMARY KEY(country, source_id));
CREATE TABLE IF NOT EXISTS entries(
    country TEXT, entry TEXT, kind TEXT, threshold REAL, required_groups INTEGER, PRIMARY KEY(country, entry));
CREATE TABLE IF NOT EXISTS described(
    country TEXT, query TEXT, paragraph INTEGER, score REAL, PRIMARY KEY(country, query, paragraph)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS described_paragraph ON described(paragraph);
CREATE TABLE IF NOT EXISTS described_queries(
    country TEXT, query TEXT, match TEXT, stats TEXT, PRIMARY KEY(country, query));
CREATE VIRTUAL TABLE IF NOT EXISTS paragraphs_fts USING fts5(
    text, heading, content='paragraphs', content_rowid='rowid', tokenize='porter unicode61');
"""

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Hit:
    paragraph: EvidenceParagraph
    source: SourceMeta
    score: float  # higher is better
    hints: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ranking:
    """A query's ranking: the score of every paragraph it ranks, by id, and Hits only for those a
    caller reads: the best few, and the contrary ones (the state's position is rare and sought
    apart). Building a paragraph for each of the thousand ranked would cost more than scoring."""
    scores: dict[str, float]
    best: list[Hit]  # the `keep` best, best first
    contrary: list[Hit]  # every contrary paragraph ranked, best first


@dataclass(frozen=True)
class BuildReport:
    indexed: list[str]
    removed: list[str]
    unchanged: int
    failures: tuple[str, ...] = ()  # one message per source that could not be read: it keeps its old entry


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
    h = hashlib.sha256()
    for p in paths:
        if p.is_file():
            h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


class EvidenceIndex:
    """Read access to an up-to-date index of one library."""

    def __init__(self, library: Library, conn: sqlite3.Connection):
        self.library = library
        self.conn = conn
        self._meta_cache: dict[str, SourceMeta] = {}
        self._counts: dict[str, int] = {}  # documents holding a word, for pruning queries

    # --- building --------------------------------------------------------------------------

    @classmethod
    def open(cls, library: Library, rebuild: bool = False, progress: Progress | None = None,
             on_build: Callable[[BuildReport], None] | None = None,
             read: dict[str, tuple] | None = None) -> EvidenceIndex:
        """Open the library's index, first bringing it up to date with the files. Builds are
        serialised by a lock file beside the index; a damaged index is rebuilt aside. `read`
        gives, by file name, what this command has just read of files it put in the library
        (sources.read_content) and how it segmented them (library.add.Added.segmented), so that
        they are neither read nor segmented again."""
        path = library.index_path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with build_lock(path):
                _clean_stale(library, path)
                try:
                    report = _Builder(library, path, progress, read).run(rebuild)
                except sqlite3.DatabaseError as exc:
                    if is_environment(exc) or isinstance(exc, sqlite3.IntegrityError):
                        raise
                    report = _Builder(library, path, progress).run(rebuild=True)  # damaged: start again
            conn = sqlite3.connect(path)
        except OSError as exc:
            raise LibraryError(f"{exc.filename or path}: the evidence index cannot be written ({exc.strerror}); "
                               f"{what_to_do(exc)} (or set XDG_CACHE_HOME to a writable folder)") from None
        except sqlite3.DatabaseError as exc:
            if not is_environment(exc):
                raise
            raise LibraryError(f"{path}: the evidence index cannot be written ({exc}); free disk space or make "
                               f"its folder writable, then run `reportgen evidence index --rebuild`") from None
        if on_build and (report.indexed or report.removed or report.failures):
            on_build(report)
        conn.row_factory = sqlite3.Row
        return cls(library, conn)

    def close(self) -> None:
        self.conn.close()

    # --- reading ---------------------------------------------------------------------------

    def source(self, source_id: str) -> SourceMeta | None:
        if source_id not in self._meta_cache:
            row = self.conn.execute("SELECT meta FROM sources WHERE id = ?", (source_id,)).fetchone()
            if row is None:
                return None
            self._meta_cache[source_id] = _meta_from_json(row["meta"])
        return self._meta_cache[source_id]

    def sources(self) -> list[tuple[SourceMeta, int]]:
        rows = self.conn.execute("SELECT meta, paragraphs FROM sources ORDER BY id").fetchall()
        return [(_meta_from_json(r["meta"]), r["paragraphs"]) for r in rows]

    def paragraphs(self, source_id: str) -> list[EvidenceParagraph]:
        rows = self.conn.execute(
            "SELECT * FROM paragraphs WHERE source_id = ? ORDER BY rowid", (source_id,)).fetchall()
        return [_paragraph(r) for r in rows]

    def paragraph(self, paragraph_id: str) -> EvidenceParagraph | None:
        row = self.conn.execute("SELECT * FROM paragraphs WHERE id = ?", (paragraph_id,)).fetchone()
        return _paragraph(row) if row else None

    def preceding(self, paragraph: EvidenceParagraph, count: int = 3) -> list[EvidenceParagraph]:
        """The paragraphs before this one in its source, nearest first (for a pronoun's referent)."""
        rows = self.conn.execute(
            "SELECT * FROM paragraphs WHERE source_id = ? AND rowid < (SELECT rowid FROM paragraphs WHERE id = ?) "
            "ORDER BY rowid DESC LIMIT ?", (paragraph.source_id, paragraph.id, count)).fetchall()
        return [_paragraph(r) for r in rows]

    def paragraph_id_by_digest(self, digest: str) -> str:
        """The id ending in this text digest ('' if none): ids are SOURCE:digest, so each source's
        candidate id is looked up exactly, through the id index (no pattern, no table scan)."""
        row = self.conn.execute("SELECT p.id FROM sources s JOIN paragraphs p ON p.id = s.id || ':' || ? "
                                "ORDER BY s.id LIMIT 1", (digest,)).fetchone()
        return row["id"] if row else ""

    def search(self, query: str, factor: str | None = None, country: str | None = None,
               source: str | None = None, limit: int = 20, any_word: bool = False) -> list[Hit]:
        """Full-text search ranked by BM25; filters narrow by factor tag, country and source."""
        match = fts_query(query, any_word)
        if not match:
            return []
        sql = ["SELECT p.*, bm25(paragraphs_fts, 1.0, 0.5) AS rank FROM paragraphs_fts",
               "JOIN paragraphs p ON p.rowid = paragraphs_fts.rowid"]
        args: list = []
        if factor:
            sql.append("JOIN tags t ON t.paragraph = p.rowid AND t.factor = ?")
            args.append(factor)
        if country:
            sql.append("JOIN source_country c ON c.source_id = p.source_id AND c.country = ?")
            args.append(country.upper())
        sql.append("WHERE paragraphs_fts MATCH ?")
        args.append(match)
        if source:
            sql.append("AND p.source_id = ?")
            args.append(source)
        sql.append("ORDER BY rank LIMIT ?")
        args.append(limit)
        return [Hit(_paragraph(row), self.source(row["source_id"]), -row["rank"])
                for row in self.conn.execute(" ".join(sql), args)]

    def ranking(self, query: str, country: str, limit: int, keep: int) -> Ranking:
        """The `limit` paragraphs that best match a free-text query (BM25), asked by its QUERY_TERMS
        rarest words: they carry nearly all of a BM25 score, while the common ones only make
        SQLite score most of the library (a factor's description has twenty-odd words).

        A taxonomy entry's description (taxonomy.described) is ranked once per index build (the
        `described` table); any other query is ranked now, by its rarest words up to a budget of
        POSTINGS paragraphs matched, so that its cost does not grow with the library."""
        scored = self._stored(query, country, limit)
        if scored is None:
            match = rarest_match(query, self._doc_count, QUERY_TERMS, POSTINGS)
            scored = top_rows(self.conn, match, country, limit) if match else []
        if not scored:
            return Ranking({}, [], [])
        rows = self.conn.execute("SELECT rowid, id, stance FROM paragraphs WHERE rowid IN (SELECT value FROM json_each(?))",
                                 (json.dumps([r for r, _ in scored]),)).fetchall()
        known = {r[0]: (r[1], r[2]) for r in rows}
        scored = [(r, score) for r, score in scored if r in known]
        contrary = [(r, score) for r, score in scored if known[r][1] == "contrary"]
        hits = {h.paragraph.id: h for h in self._hits(scored[:keep] + contrary)}
        return Ranking(scores={known[r][0]: score for r, score in scored},
                       best=[hits[known[r][0]] for r, _ in scored[:keep]],
                       contrary=[hits[known[r][0]] for r, _ in contrary])

    def _stored(self, query: str, country: str, limit: int) -> list[tuple[int, float]] | None:
        """(rowid, score) of a description's stored ranking, best first; None when not stored."""
        if limit > DESCRIBED_DEPTH:
            return None
        key = query_key(query)
        found = self.conn.execute("SELECT 1 FROM described_queries WHERE country = ? AND query = ?",
                                  (country.upper(), key)).fetchone()
        if not found:
            return None
        return [tuple(r) for r in self.conn.execute(
            "SELECT d.paragraph, d.score FROM described d WHERE d.country = ? AND d.query = ? "
            "ORDER BY d.score DESC, d.paragraph LIMIT ?", (country.upper(), key, limit))]

    def _hits(self, scored: list[tuple[int, float]]) -> list[Hit]:
        """Hits for (rowid, score) pairs, in their order; the rowids go as one JSON value, never
        as one SQL variable each."""
        if not scored:
            return []
        rows = self.conn.execute("SELECT * FROM paragraphs WHERE rowid IN (SELECT value FROM json_each(?))",
                                 (json.dumps([r for r, _ in scored]),))
        by_rowid = {row["rowid"]: row for row in rows}
        return [Hit(_paragraph(by_rowid[r]), self.source(by_rowid[r]["source_id"]), score)
                for r, score in scored if r in by_rowid]

    def _doc_count(self, word: str) -> int:
        if word not in self._counts:
            self._counts[word] = doc_count(self.conn, word)
        return self._counts[word]

    def tagged(self, factor: str, country: str | None = None) -> list[Hit]:
        """Every paragraph tagged with a factor, with its tag weight and the hints that matched."""
        where_country = ("JOIN source_country c ON c.source_id = p.source_id AND c.country = ? " if country else "")
        rows = self.conn.execute(
            "SELECT p.*, t.weight, t.hints FROM tags t JOIN paragraphs p ON p.rowid = t.paragraph "
            f"{where_country}WHERE t.factor = ? ORDER BY t.weight DESC, p.source_id, p.number",
            (country.upper(), factor) if country else (factor,)).fetchall()
        return [Hit(_paragraph(row), self.source(row["source_id"]), row["weight"], tuple(json.loads(row["hints"])))
                for row in rows]

    def top_tagged(self, factor: str, country: str, limit: int, stance: str | None = None) -> list[Hit]:
        """The paragraphs a factor tags most strongly (of one stance, if given): candidates chosen
        in SQL, not in Python. Ties on weight are sorted by rowid before the paragraphs are read:
        a weight can tag thousands of paragraphs in a big library, and sorting their texts cost
        more than reading them. Contrary paragraphs are few: they are walked from their own
        index, where walking a factor's tags in weight order for them read nearly all its tags."""
        if stance == "contrary":
            top = self.conn.execute(
                "SELECT t.paragraph, t.weight, t.hints FROM paragraphs p CROSS JOIN tags t "
                "ON t.paragraph = p.rowid AND t.factor = ? JOIN source_country c ON c.source_id = p.source_id "
                "AND c.country = ? WHERE p.stance = 'contrary' ORDER BY t.weight DESC, t.paragraph LIMIT ?",
                (factor, country.upper(), limit)).fetchall()
        else:
            top = self.conn.execute(
                "SELECT t.paragraph, t.weight, t.hints FROM tags t JOIN paragraphs p ON p.rowid = t.paragraph "
                "JOIN source_country c ON c.source_id = p.source_id AND c.country = ? "
                "WHERE t.factor = ? AND (? IS NULL OR p.stance = ?) ORDER BY t.weight DESC, t.paragraph LIMIT ?",
                (country.upper(), factor, stance, stance, limit)).fetchall()
        hits = self._hits([(row["paragraph"], row["weight"]) for row in top])
        return [replace(hit, hints=tuple(json.loads(row["hints"]))) for hit, row in zip(hits, top)]

    def tags_of(self, paragraph_ids: Iterable[str], factor: str) -> dict[str, tuple[float, tuple[str, ...]]]:
        """Tag weight and hints of these paragraphs for one factor (absent when untagged)."""
        # the ids go as one JSON value (no SQL variable limit), looked up through the id index
        # before the tags: walking a factor's tags first reads a million rows in a big library
        rows = self.conn.execute(
            "SELECT p.id, t.weight, t.hints FROM paragraphs p CROSS JOIN tags t "
            "ON t.paragraph = p.rowid AND t.factor = ? WHERE p.id IN (SELECT value FROM json_each(?))",
            (factor, json.dumps(list(paragraph_ids))))
        return {r["id"]: (r["weight"], tuple(json.loads(r["hints"]))) for r in rows}



def fts_query(text: str, any_word: bool = False) -> str:
    """Plain words as an FTS5 query: each word quoted, so user text is never FTS syntax; a
    Chinese word is the phrase of its characters (see searchtext)."""
    words = query_words(text) if any_word else list(dict.fromkeys(re.findall(r"\w+", text.lower())))
    return (" OR " if any_word else " ").join(fts_phrase(w) for w in words)


def _paragraph(row: sqlite3.Row) -> EvidenceParagraph:
    return EvidenceParagraph(
        id=row["id"], source_id=row["source_id"], number=row["number"], line=row["line"],
        heading=row["heading"], text=row["text"], attributed_to=row["attributed_to"], page=row["page"],
        factors=tuple(row["factors"].split(",")) if row["factors"] else (), stance=row["stance"],
        marker=row["marker"] or "", printed_page=row["printed_page"] or "",
        notes=tuple(json.loads(row["notes"])) if row["notes"] else ())


def _meta_from_json(text: str) -> SourceMeta:
    data = json.loads(text)
    data["country"] = tuple(data["country"])
    return SourceMeta(**data)


class _Builder:
    """Brings an index file up to date with its library."""

    def __init__(self, library: Library, path: Path, progress: Progress | None, read: dict[str, tuple] | None = None):
        self.library = library
        self.path = path
        self.progress = progress
        self.read = read or {}

    def run(self, rebuild: bool) -> BuildReport:
        files, links = self.library.scan()
        taxonomy_files = sorted(self.library.taxonomies_dir.glob("*.yaml")) if self.library.taxonomies_dir.is_dir() else []
        global_key = SCHEMA_VERSION + ":" + _digest(taxonomy_files)
        fresh = rebuild or not self.path.exists() or self._info("global") != global_key
        known = {} if fresh else self._known()
        reread, restamp, unchanged = [], [], 0  # (file, stamp, digest): to read again / only touched
        for f in files:
            deps = [f, meta_path_for(f)]
            stamp = _stamp(deps)
            old = known.get(f.name)
            if old and old[0] == stamp:
                unchanged += 1
                continue
            digest = _digest(deps)
            if old and old[1] == digest:
                unchanged += 1
                restamp.append((f, stamp, digest))
            else:
                reread.append((f, stamp, digest))
        removed = sorted(set(known) - {f.name for f in files})
        outside = [f"{f}: a link to a file outside the library; not followed (copy the file in instead)"
                   for f in links]
        if not fresh and not removed and not reread and not restamp:
            return BuildReport([], [], unchanged, tuple(outside))
        taxonomies = [load_taxonomy(p) for p in taxonomy_files]
        if fresh:  # each source is written as it arrives: memory does not grow with the library
            indexed, failures = self._write_fresh(reread, taxonomies, global_key)
            return BuildReport(indexed, removed, unchanged, tuple(outside + failures))
        parsed, failures = [], list(outside)
        for outcome in self._parse(reread):
            (parsed if isinstance(outcome, tuple) else failures).append(outcome)
        parsed, refused = self._check_ids(parsed, known, removed)
        # a file that failed keeps the entry it had: nothing of it is deleted or half-written
        self._write_incremental(parsed, restamp, removed, taxonomies)
        return BuildReport([p[0].id for p in parsed], removed, unchanged, tuple(failures + refused))

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

    def _parse(self, todo):
        """Read and segment changed sources, on every core when there are many: yields, in the
        files' order, (meta, paragraphs, stamp, digest) or the message saying why a file cannot
        be used. Workers send back paragraphs, not texts, and run only a few files ahead."""
        files = [f for f, _, _ in todo]
        workers = min(os.cpu_count() or 1, 4)
        if self.read and all(f.name in self.read for f in files):  # just added: read once, here
            pool, results = None, (_read_and_segment(f, *self.read[f.name]) for f in files)
        elif len(files) >= 16 and workers > 1:
            from concurrent.futures import ProcessPoolExecutor  # only big builds pay for the import
            pool = ProcessPoolExecutor(max_workers=workers, initializer=_die_with_parent, initargs=(os.getpid(),))
            results = _ahead(pool, files, 4 * workers)
        else:
            pool, results = None, map(_read_and_segment, files)
        try:
            for n, ((f, stamp, digest), outcome) in enumerate(zip(todo, results), 1):
                if self.progress:
                    self.progress(n, len(todo), f.name)
                yield outcome if isinstance(outcome, str) else (*outcome, stamp, digest)
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

    def _write_fresh(self, todo, taxonomies, global_key) -> tuple[list[str], list[str]]:
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=_tmp_prefix(self.path), suffix=".tmp")
        os.close(fd)
        indexed: list[str] = []
        failures: list[str] = []
        seen: dict[str, str] = {}
        try:
            conn = sqlite3.connect(tmp)
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            conn.executescript(SCHEMA)
            with conn:
                for outcome in self._parse(todo):
                    refusal = outcome if isinstance(outcome, str) else self._refused(outcome[0], seen)
                    if refusal:
                        failures.append(refusal)
                        continue
                    self._insert(conn, [outcome])
                    indexed.append(outcome[0].id)
                tag(conn, taxonomies, after=0)
            with conn:  # after a commit: FTS5 has written the totals that scoring later additions needs
                rank_descriptions(conn, taxonomies, None)
                conn.execute("INSERT INTO info VALUES ('global', ?)", (global_key,))
            conn.close()
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return indexed, failures

    def _write_incremental(self, parsed, restamp, removed, taxonomies):
        conn = sqlite3.connect(self.path)
        # no fsync (60-70 ms of a re-index): the rollback journal still keeps a killed command from
        # half-writing the index; only a power cut mid-write could damage it, and it is derived
        # data, rebuilt from the sources when it cannot be read (as a first build already is)
        conn.execute("PRAGMA synchronous = OFF")
        try:
            with conn:
                for f, stamp, _ in restamp:  # touched but not changed: remember the new stamp
                    conn.execute("UPDATE sources SET stamp = ? WHERE path = ?", (stamp, f.name))
                gone = removed + [meta.path for meta, _, _, _ in parsed]
                for name in gone:
                    row = conn.execute("SELECT id FROM sources WHERE path = ?", (name,)).fetchone()
                    if row:
                        _delete_source(conn, row[0])
                after = conn.execute("SELECT coalesce(max(rowid), 0) FROM paragraphs").fetchone()[0]
                self._insert(conn, parsed)
                fresh_fts(conn, after)
                tag(conn, taxonomies, after=after, fts="fresh_fts")
                rank_descriptions(conn, taxonomies, after)
                conn.execute("DROP TABLE temp.fresh_vocab")
                conn.execute("DROP TABLE temp.fresh_fts")
        finally:
            conn.close()

    @staticmethod
    def _insert(conn: sqlite3.Connection, parsed) -> None:
        for meta, paragraphs, stamp, digest in parsed:  # their old entries are already gone
            conn.execute("INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?)",
                         (meta.id, meta.path, stamp, digest,
                          json.dumps({**meta.to_dict(), "path": meta.path}), len(paragraphs)))
            conn.executemany("INSERT INTO source_country VALUES (?, ?)", [(meta.id, c) for c in meta.country])
            start = conn.execute("SELECT coalesce(max(rowid), 0) + 1 FROM paragraphs").fetchone()[0]
            rows = [(start + i, p.id, p.source_id, p.number, p.page, p.line, p.heading, p.text, p.attributed_to,
                     p.marker, p.printed_page, json.dumps(p.notes, ensure_ascii=False) if p.notes else "", p.stance)
                    for i, p in enumerate(paragraphs)]
            conn.executemany(
                "INSERT INTO paragraphs(rowid, id, source_id, number, page, line, heading, text, attributed_to,"
                " marker, printed_page, notes, stance, factors)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '')", rows)
            conn.executemany("INSERT INTO paragraphs_fts(rowid, text, heading) VALUES (?, ?, ?)",
                             [(r[0], spaced_cjk(r[7]), spaced_cjk(r[6])) for r in rows])


def _ahead(pool, files: list[Path], window: int):
    """pool.map(_read_and_segment, files), in order, with at most `window` files in flight: the
    results of fast workers never pile up while the main process writes."""
    from collections import deque
    pending: deque = deque()
    for f in files:
        pending.append(pool.submit(_read_and_segment, f))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _read_and_segment(path: Path, content: tuple | None = None, segmented: tuple | None = None):
    """(meta, paragraphs), or the message saying why the file cannot be used. `segmented` is
    (meta, paragraphs) of `content` segmented already (`evidence add` checks that a file yields
    paragraphs before adding it): used when the metadata read now is the metadata it had."""
    from .paragraphs import segment  # the segmenting rules load only when something is rebuilt
    try:
        document = read_source(path, content)
        if content is not None and segmented and segmented[0] == document.meta:
            paragraphs = segmented[1]
        else:
            paragraphs, _ = segment(document)
    except SourceError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - one hostile file must not stop the others
        return f"{path}: cannot be read ({type(exc).__name__}: {str(exc)[:200]})"
    if not paragraphs:
        return f"{path}: no evidence paragraphs found (only headings or page furniture)"
    return document.meta, paragraphs


def _tmp_prefix(index: Path) -> str:
    return f".index-{index.stem.lstrip('.')}-"


@contextmanager
def build_lock(index: Path):
    """An exclusive lock on INDEX.lock while the index is checked or built: two commands never
    build at once, and a rebuild's swap never races another build."""
    try:
        import fcntl
    except ImportError:  # no POSIX locks here: builds are still atomic, only not serialised
        yield
        return
    with open(index.with_name(index.name + ".lock"), "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


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


def _die_with_parent(parent: int) -> None:
    """Pool workers end when the command that started them dies, even by kill -9."""
    import signal
    import threading
    import time
    try:
        import ctypes
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG (Linux)
    except (OSError, AttributeError):
        pass

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)
    threading.Thread(target=watch, daemon=True).start()


def _delete_source(conn: sqlite3.Connection, source_id: str) -> None:
    # the index holds CJK text spaced (searchtext): 'delete' must be given what was indexed
    rows = conn.execute("SELECT rowid, text, heading FROM paragraphs WHERE source_id = ?", (source_id,)).fetchall()
    conn.executemany("INSERT INTO paragraphs_fts(paragraphs_fts, rowid, text, heading) VALUES ('delete', ?, ?, ?)",
                     [(r[0], spaced_cjk(r[1]), spaced_cjk(r[2])) for r in rows])
    conn.execute("DELETE FROM described WHERE paragraph IN (SELECT rowid FROM paragraphs WHERE source_id = ?)",
                 (source_id,))
    conn.execute("DELETE FROM tags WHERE paragraph IN (SELECT rowid FROM paragraphs WHERE source_id = ?)",
                 (source_id,))
    conn.execute("DELETE FROM paragraphs WHERE source_id = ?", (source_id,))
    conn.execute("DELETE FROM source_country WHERE source_id = ?", (source_id,))
    conn.execute("DELETE FROM sources WHERE id = ?", (source_id,))

