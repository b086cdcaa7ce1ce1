"""The evidence index's SQLite schema, and the version that says when an index must be rebuilt."""

from __future__ import annotations

import json

from ...models import SourceMeta

SCHEMA_VERSION = "30"  # bump when segmentation, tagging or the schema change meaning

SCHEMA = """
CREATE TABLE IF NOT EXISTS info(key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE IF NOT EXISTS sources(
    id TEXT PRIMARY KEY, path TEXT UNIQUE, stamp TEXT, digest TEXT, meta TEXT, paragraphs INTEGER,
    sha256 TEXT, first_row INTEGER);  -- its paragraphs are rowids first_row .. first_row + paragraphs - 1
CREATE TABLE IF NOT EXISTS paragraphs(
    rowid INTEGER PRIMARY KEY, id TEXT UNIQUE, source_id TEXT, number INTEGER, page INTEGER,
    line INTEGER, heading TEXT, text TEXT, attributed_to TEXT, stance TEXT, position TEXT, factors TEXT,
    marker TEXT, printed_page TEXT, notes TEXT, in_section INTEGER,
    traits INTEGER, opening_year INTEGER, words INTEGER);  -- library.indexing.traits, for matching
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
    country TEXT, query TEXT, paragraph INTEGER, score REAL,
    id TEXT, stance TEXT,  -- the paragraph's, as a ranking is read: no join with a thousand paragraphs
    PRIMARY KEY(country, query, paragraph)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS described_paragraph ON described(paragraph);
CREATE INDEX IF NOT EXISTS described_order ON described(country, query, score DESC, paragraph, id, stance);
CREATE TABLE IF NOT EXISTS described_queries(
    country TEXT, query TEXT, match TEXT, stats TEXT, PRIMARY KEY(country, query));
CREATE TABLE IF NOT EXISTS named(
    key TEXT, paragraph INTEGER, groups TEXT, PRIMARY KEY(key, paragraph)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS same_text(  -- library.indexing.same_text, both ways round
    paragraph INTEGER, other INTEGER, PRIMARY KEY(paragraph, other)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS compared(  -- the editions of each series whose paragraphs same_text has paired
    series TEXT, source_id TEXT, PRIMARY KEY(series, source_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS retired(id TEXT PRIMARY KEY, source_id TEXT, text TEXT);
CREATE TABLE IF NOT EXISTS failed(path TEXT PRIMARY KEY, stamp TEXT, digest TEXT, reason TEXT);
CREATE VIRTUAL TABLE IF NOT EXISTS paragraphs_fts USING fts5(
    text, heading, content='paragraphs', content_rowid='rowid', tokenize='porter unicode61');
"""


def meta_from_json(text: str) -> SourceMeta:
    """A source's metadata as the sources table keeps it."""
    data = json.loads(text)
    data["country"] = tuple(data["country"])
    return SourceMeta(**data)
