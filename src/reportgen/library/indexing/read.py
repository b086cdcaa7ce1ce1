"""Read access to the evidence index (library.indexing.build keeps it up to date): sources, paragraphs,
searches, the stored rankings of taxonomy descriptions, and tags."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from ...errors import LibraryError
from ...models import AlreadyRead, EvidenceParagraph, SourceMeta, Taxonomy
from ...safe_files import what_to_do
from ..folder import Library
from ..reading.series import as_cited, implied_series, site_dated, with_series
from .build import BuildReport, Progress, is_environment, update
from .names import names_of, taxonomy_key
from .rankings import (
    DESCRIBED_DEPTH,
    POSTINGS,
    QUERY_TERMS,
    country_rows,
    doc_count,
    query_key,
    query_words,
    rarest_match,
    top_rows,
)
from .same_text import same_text_of
from .schema import meta_from_json
from .taxonomy import fts_phrase
from .traits import Traits, from_row

SHARED_POSTINGS = 0.85  # about this share of a query's words' paragraphs are distinct (the rest hold two or more)


@dataclass(frozen=True)
class Hit:
    """A paragraph as a search or ranking found it, with its source."""

    paragraph: EvidenceParagraph
    source: SourceMeta
    score: float  # higher is better
    hints: tuple[str, ...] = ()


@dataclass(frozen=True)
class Ranking:
    """A query's ranking: the scores of the paragraphs it ranks, by rowid, and Hits only for those a
    caller reads: the best few, and the contrary ones (the state's position is rare and sought
    apart). Building a paragraph for each of the thousand ranked would cost more than scoring.
    A description's stored ranking holds only those scores at first: EvidenceIndex.scores reads
    the others a caller asks for."""
    scores: dict[int, float]  # by rowid: EvidenceIndex.scores gives them by paragraph id
    best: list[Hit]  # the `keep` best, best first
    contrary: list[Hit]  # every contrary paragraph ranked, best first
    top: float = 0.0  # the best score
    stored: tuple[str, str] | None = None  # (country, query key) of a stored ranking read in part


class EvidenceIndex:
    """Read access to an up-to-date index of one library."""

    def __init__(self, library: Library, conn: sqlite3.Connection):
        self.library = library
        self.conn = conn
        self._meta_cache: dict[str, SourceMeta] = {}
        self._implied: dict[str, tuple[str, str]] | None = None  # editions recognised without --series
        self._site_dated: set[str] = set()  # editions whose modified date is their site's (set with _implied)
        self._counts: dict[str, int] = {}  # documents holding a word, for pruning queries
        self._mixed: dict[str, int] = {}  # country -> whether the library holds other countries' paragraphs
        # by rowid, read once: a draft's factors and their queries rank the same paragraphs again and again
        self._paragraphs: dict[int, EvidenceParagraph] = {}
        self._rankings: dict[tuple, Ranking] = {}  # a case's sections may ask the same query (the same profile)
        self._names: dict[str, dict[str, frozenset[str]]] = {}  # taxonomy_key -> paragraph id -> places and groups named
        self._traits: dict[str, tuple | Traits] = {}  # paragraph id -> its stored traits (as read, then as Traits)
        self._rowids: dict[str, int] = {}  # paragraph id -> rowid, of the paragraphs read as hits
        self._masks: dict[str, bytearray] = {}  # country -> rankings.country_rows
        self._contrary: dict[str, frozenset[int]] = {}  # country -> its contrary paragraphs' rowids
        self._version = None  # the index's data_version when these were read (see _current)

    @classmethod
    def open(cls, library: Library, rebuild: bool = False, progress: Progress | None = None,
             on_build: Callable[[BuildReport], None] | None = None,
             read: dict[str, AlreadyRead] | None = None, retry: bool = False) -> EvidenceIndex:
        """Open the library's index, first bringing it up to date with the files. Builds are
        serialised by a lock file beside the index; a damaged index is rebuilt aside. `read`
        gives, by file name, what this command has just read and segmented of files it put in
        the library (models.AlreadyRead), so that they are neither read nor segmented again.
        `retry`: read again the sources that failed before, changed or not (`evidence index`; a
        draft only names them)."""
        path = library.index_path
        try:
            report = update(library, path, rebuild, progress, read, retry)
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
        conn.execute("PRAGMA mmap_size = 268435456")  # read in place: a draft reads one index again and again
        conn.execute("PRAGMA cache_size = -65536")
        conn.row_factory = sqlite3.Row
        return cls(library, conn)

    def close(self) -> None:
        self.conn.close()

    # --- reading ---------------------------------------------------------------------------

    def source(self, source_id: str) -> SourceMeta | None:
        """A source's metadata as every stage sees it: an edition recognised without --series
        carries its series, so that matching and verify agree on which edition is the newest."""
        if source_id not in self._meta_cache:
            row = self.conn.execute("SELECT meta FROM sources WHERE id = ?", (source_id,)).fetchone()
            if row is None:
                return None
            self._meta_cache[source_id] = as_cited(meta_from_json(row["meta"]), self.implied_series(),
                                                   self._site_dated)
        return self._meta_cache[source_id]

    def implied_series(self) -> dict[str, tuple[str, str]]:
        """{source id: (series, edition)} for the sources that look like editions of a publication
        the library holds without a declared series (library.reading.series), worked out once, with
        the editions whose modified date is their site's (series.site_dated)."""
        if self._implied is None:
            rows = self.conn.execute("SELECT meta FROM sources").fetchall()
            metas = [meta_from_json(r["meta"]) for r in rows]
            self._implied = implied_series(metas)
            self._site_dated = site_dated([with_series(m, self._implied) for m in metas])
        return self._implied

    def file_sha256(self, source_id: str) -> str | None:
        """The sha256 of a source's file as indexed (the index is brought up to date with the
        files when opened): what a report records of each source it quotes."""
        row = self.conn.execute("SELECT sha256 FROM sources WHERE id = ?", (source_id,)).fetchone()
        return row[0] if row else None

    def sources(self) -> list[tuple[SourceMeta, int]]:
        rows = self.conn.execute("SELECT meta, paragraphs FROM sources ORDER BY id").fetchall()
        implied = self.implied_series()
        return [(as_cited(meta_from_json(r["meta"]), implied, self._site_dated), r["paragraphs"]) for r in rows]

    def paragraphs(self, source_id: str) -> list[EvidenceParagraph]:
        rows = self.conn.execute(
            f"SELECT {PARAGRAPH} FROM paragraphs WHERE source_id = ? ORDER BY rowid", (source_id,)).fetchall()
        return [_paragraph(r) for r in rows]

    def paragraph(self, paragraph_id: str) -> EvidenceParagraph | None:
        row = self.conn.execute(f"SELECT {PARAGRAPH} FROM paragraphs WHERE id = ?", (paragraph_id,)).fetchone()
        return _paragraph(row) if row else None

    def preceding(self, paragraph: EvidenceParagraph, count: int = 3) -> list[EvidenceParagraph]:
        """The paragraphs before this one in its source, nearest first (for a pronoun's referent)."""
        rows = self.conn.execute(
            f"SELECT {PARAGRAPH} FROM paragraphs WHERE source_id = ? AND rowid < (SELECT rowid FROM paragraphs WHERE id = ?) "
            "ORDER BY rowid DESC LIMIT ?", (paragraph.source_id, paragraph.id, count)).fetchall()
        return [_paragraph(r) for r in rows]

    def retired_text(self, paragraph_id: str) -> str:
        """The text a paragraph id stood for before its source changed, or ''."""
        row = self.conn.execute("SELECT text FROM retired WHERE id = ?", (paragraph_id,)).fetchone()
        return row[0] if row else ""

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
        sql = [f"SELECT {_IN_P}, bm25(paragraphs_fts, 1.0, 0.5) AS rank FROM paragraphs_fts",
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
        self._current()
        asked = (query_key(query), country.upper(), limit, keep)
        if asked not in self._rankings:
            self._rankings[asked] = self._ranking(query, country, limit, keep)
        return self._rankings[asked]

    def scores(self, ranking: Ranking, paragraph_ids: list[str]) -> dict[str, float]:
        """The ranking's score of each of these paragraphs that it ranks (the others score 0)."""
        rows, known = self._rowids_of(paragraph_ids), ranking.scores
        missing = [r for r in rows if r not in known] if ranking.stored else []
        if missing:  # the rest of a stored ranking's thousand rows, for the paragraphs asked only, by key
            known.update(self.conn.execute(
                "SELECT paragraph, score FROM described WHERE country = ? AND query = ? AND paragraph IN "
                "(SELECT value FROM json_each(?))", (*ranking.stored, json.dumps(missing))))
        return {pid: known[r] for r, pid in rows.items() if r in known}

    def _ranking(self, query: str, country: str, limit: int, keep: int) -> Ranking:
        if limit >= DESCRIBED_DEPTH and (stored := self._stored_in_part(query, country, keep)) is not None:
            return stored
        scored = self._stored(query, country, limit)
        if scored is None:
            match = rarest_match(query, self._doc_count, QUERY_TERMS, POSTINGS)
            scored = top_rows(self.conn, match, self._country_rows(country), limit,
                              self._crowded(query, match, country, limit)) if match else []
        if not scored:
            return Ranking({}, [], [])
        against = self._contrary_rows(country)
        contrary = [(r, score) for r, score in scored if r in against]
        hits = self._hits_by_row(scored[:keep] + contrary)
        return Ranking(scores=dict(scored), best=[hits[r] for r, _ in scored[:keep]], contrary=[hits[r] for r, _ in contrary],
                       top=max(score for _, score in scored))

    def _stored_in_part(self, query: str, country: str, keep: int) -> Ranking | None:
        """A description's stored ranking (every row of which is within a ranking of the stored
        depth), read as a draft uses it: its `keep` best and its contrary rows now, the scores of
        the rest only for the paragraphs a caller asks (scores). None when not stored."""
        key = (country.upper(), query_key(query))
        if not self.conn.execute("SELECT 1 FROM described_queries WHERE country = ? AND query = ?", key).fetchone():
            return None
        plain = self.conn.cursor()
        plain.row_factory = None
        ranked = "SELECT paragraph, score FROM described WHERE country = ? AND query = ? "
        best = plain.execute(ranked + "ORDER BY score DESC, paragraph LIMIT ?", (*key, keep)).fetchall()
        contrary = plain.execute(ranked + "AND stance = 'contrary' ORDER BY score DESC, paragraph", key).fetchall()
        if not best:
            return Ranking({}, [], [])
        hits = self._hits_by_row(best + contrary)
        return Ranking(scores=dict(best + contrary), best=[hits[r] for r, _ in best], contrary=[hits[r] for r, _ in contrary],
                       top=best[0][1], stored=key)

    def _stored(self, query: str, country: str, limit: int) -> list[tuple[int, float]] | None:
        """(rowid, score) of a description's stored ranking, best first; None when not stored."""
        if limit > DESCRIBED_DEPTH:
            return None
        key = query_key(query)
        found = self.conn.execute("SELECT 1 FROM described_queries WHERE country = ? AND query = ?",
                                  (country.upper(), key)).fetchone()
        if not found:
            return None
        plain = self.conn.cursor()
        plain.row_factory = None  # tuples as SQLite gives them: a thousand per ranking
        return plain.execute("SELECT paragraph, score FROM described WHERE country = ? AND query = ? "
                             "ORDER BY score DESC, paragraph LIMIT ?", (country.upper(), key, limit)).fetchall()

    def _country_rows(self, country: str) -> bytearray:
        """rankings.country_rows, once per country."""
        if country not in self._masks:
            self._masks[country] = country_rows(self.conn, country)
        return self._masks[country]

    def _contrary_rows(self, country: str) -> frozenset[int]:
        """The rowids of a country's contrary paragraphs (few: read through their own index)."""
        if country not in self._contrary:
            self._contrary[country] = frozenset(r for r, in self.conn.execute(
                "SELECT p.rowid FROM source_country c JOIN paragraphs p ON p.source_id = c.source_id "
                "AND p.stance = 'contrary' WHERE c.country = ?", (country.upper(),)))
        return self._contrary[country]

    def _hits_by_row(self, scored: list[tuple[int, float]]) -> dict[int, Hit]:
        return {self._rowids[h.paragraph.id]: h for h in self._hits(scored)}

    def _hits(self, scored: list[tuple]) -> list[Hit]:
        """Hits for (rowid, score) pairs, or (rowid, score, hints as JSON) triples, in their order;
        the rowids go as one JSON value, never as one SQL variable each."""
        if not scored:
            return []
        missing = [row[0] for row in scored if row[0] not in self._paragraphs]
        if missing:
            plain = self.conn.cursor()
            plain.row_factory = None  # tuples: a thousand rows are read by position, not by name
            for row in plain.execute(f"SELECT {PARAGRAPH}, rowid, traits, opening_year, words FROM paragraphs "
                                     "WHERE rowid IN (SELECT value FROM json_each(?))", (json.dumps(missing),)):
                self._paragraphs[row[15]] = _paragraph(row)
                self._traits[row[0]] = row[16:]
                self._rowids[row[0]] = row[15]
        found = self._paragraphs
        return [Hit(found[r], self.source(found[r].source_id), score, tuple(json.loads(hints[0])) if hints else ())
                for r, score, *hints in scored if r in found]

    def _current(self) -> None:
        """Forget what was read once another command has changed the index (a rebuild reuses
        rowids): a quotation must be the text its ranking points to, never an earlier one."""
        version = self.conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._version:
            self._paragraphs.clear()
            self._meta_cache.clear()
            self._implied = None
            self._counts.clear()
            self._mixed.clear()
            self._rankings.clear()
            self._names.clear()
            self._traits.clear()
            self._rowids.clear()
            self._masks.clear()
            self._contrary.clear()
            self._version = version

    def _crowded(self, query: str, match: str, country: str, limit: int) -> bool:
        """Whether other countries' paragraphs likely crowd the `limit` best a query matches
        (rankings.top_rows): the library holds some, and the words asked (`match`) likely match
        more than `limit` paragraphs. A guess, which costs time when wrong, never a different answer."""
        if country not in self._mixed:
            self._mixed[country] = self.conn.execute(
                "SELECT EXISTS(SELECT 1 FROM sources s WHERE s.paragraphs > 0 AND NOT EXISTS ("
                "SELECT 1 FROM source_country c WHERE c.source_id = s.id AND c.country = ?))",
                (country.upper(),)).fetchone()[0]
        asked = set(match.split(" OR "))
        postings = sum(self._doc_count(w) for w in query_words(query) if fts_phrase(w) in asked)
        return bool(self._mixed[country]) and SHARED_POSTINGS * postings >= limit

    def _doc_count(self, word: str) -> int:
        if word not in self._counts:
            self._counts[word] = doc_count(self.conn, word)
        return self._counts[word]

    def tagged(self, factor: str, country: str | None = None) -> list[Hit]:
        """Every paragraph tagged with a factor, with its tag weight and the hints that matched."""
        where_country = ("JOIN source_country c ON c.source_id = p.source_id AND c.country = ? " if country else "")
        rows = self.conn.execute(
            f"SELECT {_IN_P}, t.weight, t.hints FROM tags t JOIN paragraphs p ON p.rowid = t.paragraph "
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
        self._current()
        plain = self.conn.cursor()
        plain.row_factory = None  # (paragraph, weight, hints) tuples, read by position
        if stance == "contrary":
            top = plain.execute(
                "SELECT t.paragraph, t.weight, t.hints FROM paragraphs p CROSS JOIN tags t "
                "ON t.paragraph = p.rowid AND t.factor = ? JOIN source_country c ON c.source_id = p.source_id "
                "AND c.country = ? WHERE p.stance = 'contrary' ORDER BY t.weight DESC, t.paragraph LIMIT ?",
                (factor, country.upper(), limit)).fetchall()
        else:
            top = plain.execute(
                "SELECT t.paragraph, t.weight, t.hints FROM tags t JOIN paragraphs p ON p.rowid = t.paragraph "
                "JOIN source_country c ON c.source_id = p.source_id AND c.country = ? "
                "WHERE t.factor = ? AND (? IS NULL OR p.stance = ?) ORDER BY t.weight DESC, t.paragraph LIMIT ?",
                (country.upper(), factor, stance, stance, limit)).fetchall()
        return self._hits(top)

    def names_seen(self, paragraph_ids: list[str], taxonomy: Taxonomy) -> dict[str, frozenset[str]]:
        """{paragraph id: the places and groups of the taxonomy its heading and text name} for these
        paragraphs, as the index worked them out (library.indexing.names; absent where it has not)."""
        self._current()
        key = taxonomy_key(taxonomy)
        named = self._names.setdefault(key, {})  # a paragraph is in several factors' pools
        named.update(names_of(self.conn, key, self._rowids_of([pid for pid in paragraph_ids if pid not in named])))
        return {pid: named[pid] for pid in paragraph_ids if pid in named}

    def same_text(self, paragraph_ids: Iterable[str]) -> dict[str, frozenset[str]]:
        """{paragraph id: those of these paragraphs, of other editions of its series, that carry
        its text (library.indexing.same_text)} for those that have any."""
        self._current()
        return same_text_of(self.conn, self._rowids_of(paragraph_ids))

    def _rowids_of(self, paragraph_ids: Iterable[str]) -> dict[int, str]:
        """{rowid: id} of these paragraphs: tables keyed by rowid are read by their key, not through
        the paragraphs' id index. A paragraph read as a hit has its rowid noted; others are looked up."""
        known, out, unknown = self._rowids, {}, []
        for pid in paragraph_ids:
            if pid in known:
                out[known[pid]] = pid
            else:
                unknown.append(pid)
        if unknown:
            out.update(self.conn.execute("SELECT rowid, id FROM paragraphs WHERE id IN (SELECT value FROM json_each(?))",
                                         (json.dumps(unknown),)).fetchall())
        return out

    def traits(self, paragraph_ids: Iterable[str]) -> dict[str, Traits]:
        """{paragraph id: its traits (library.indexing.traits)} for those of these paragraphs read
        as hits (top_tagged, ranking): stored with the paragraph, read with it."""
        known = self._traits
        for pid in paragraph_ids:
            if type(known.get(pid)) is tuple:  # as read: made a Traits once
                known[pid] = from_row(*known[pid])
        return {pid: known[pid] for pid in paragraph_ids if pid in known}

    def tags_of(self, paragraph_ids: Iterable[str], factor: str) -> dict[str, tuple[float, tuple[str, ...]]]:
        """Tag weight and hints of these paragraphs for one factor (absent when untagged)."""
        # the rowids go as one JSON value (no SQL variable limit), each looked up by the tags' key:
        # walking a factor's tags instead reads a million rows in a big library
        ids = self._rowids_of(paragraph_ids)
        rows = self.conn.execute("SELECT paragraph, weight, hints FROM tags WHERE factor = ? AND paragraph IN "
                                 "(SELECT value FROM json_each(?))", (factor, json.dumps(list(ids))))
        return {ids[r[0]]: (r[1], tuple(json.loads(r[2]))) for r in rows}



def fts_query(text: str, any_word: bool = False) -> str:
    """Plain words as an FTS5 query: each word quoted, so user text is never FTS syntax; a
    Chinese word is the phrase of its characters (see searchtext)."""
    words = query_words(text) if any_word else list(dict.fromkeys(re.findall(r"\w+", text.lower())))
    return (" OR " if any_word else " ").join(fts_phrase(w) for w in words)


# a paragraph's columns, in the order _paragraph reads them (by position: by name cost a draft 5 ms)
PARAGRAPH = ("id, source_id, number, line, heading, text, attributed_to, page, factors, stance, marker, printed_page, "
             "notes, in_section, position")
_IN_P = ", ".join(f"p.{c}" for c in PARAGRAPH.split(", "))  # the same, from the paragraphs table as `p`


def _paragraph(row) -> EvidenceParagraph:
    """A paragraph from a row that opens with the PARAGRAPH columns."""
    pid, source_id, number, line, heading, text, attributed_to, page, factors, stance, marker, printed, notes, \
        in_section, position = row[:15]
    return EvidenceParagraph(
        id=pid, source_id=source_id, number=number, line=line, heading=heading, text=text,
        attributed_to=attributed_to, page=page, factors=tuple(factors.split(",")) if factors else (), stance=stance,
        marker=marker or "", printed_page=printed or "", notes=tuple(json.loads(notes)) if notes else (),
        in_section=in_section or 0, position=position or "")



