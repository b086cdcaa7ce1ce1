"""Writing to the team library: `evidence init` (the schema, and a folder library imported),
`evidence add` and `evidence import-csl`. Each call is one transaction that first locks the
library version row, so concurrent writers queue instead of losing each other's work, and a
failure anywhere leaves the server as it was. Files are checked by the same code as for a
folder library (library.adding.add.add_sources into a staging folder) before anything is sent."""

from __future__ import annotations

import hashlib
import json
import tempfile
from dataclasses import replace
from pathlib import Path

from ..errors import LibraryError, SourceError
from ..library.adding.add import Added
from ..library.adding.add import add_sources as add_to_folder
from ..library.adding.add import import_csl as import_csl_to_folder
from ..library.folder import Library
from ..library.reading.metadata import load_meta_yaml, meta_path_for, parse_meta, read_meta_text, split_front_matter
from ..library.reading.sources import front_matter_meta
from . import schema, server, sync


def init_library(url: str, from_dir: str | None = None) -> list[str]:
    """Create or upgrade the schema; with from_dir, import that folder library. Lines to print."""
    with server.connect(url) as conn:
        with conn.transaction():
            before, after = schema.migrate(conn)
            where = server.display(url)
            lines = [f"{where}: schema version {after}" + (
                " (already current)" if before == after else f" (was {before or 'none'})")]
            if from_dir:
                server.check_can_write(conn, url, "import a library")
                lines.append(_import_folder(conn, Library(Path(from_dir))))
    role = "<librarian role>"
    lines.append("to let a role add sources, run as the schema's owner:\n  "
                 + schema.LIBRARIAN_GRANTS.format(role=role).replace("\n", "\n  ")
                 + "\nread-only roles need only: GRANT pg_read_all_data TO <role>;")
    return lines


def _import_folder(conn, library: Library) -> str:
    if not library.sources_dir.is_dir():
        raise LibraryError(f"{library.root}: not an evidence library (expected a 'sources' folder inside)")
    writer = _Writer(conn)
    added = replaced = same = 0
    for path in library.source_files():
        outcome = writer.put(path.name, path.read_bytes(), _sidecar_text(path), force=True, action="import")
        added += outcome == "add"
        replaced += outcome == "replace"
        same += outcome is None
    taxonomies = [writer.put_taxonomy(p.stem.upper(), p.read_text(encoding="utf-8"))
                  for p in sorted(library.taxonomies_dir.glob("*.yaml"))] if library.taxonomies_dir.is_dir() else []
    writer.finish()
    return (f"imported {library.root}: {added} source(s) added, {replaced} with a new edition, {same} unchanged; "
            f"{sum(1 for t in taxonomies if t)} taxonomy file(s) written")


def add_sources(url: str, paths: list[Path], flags: dict, force: bool = False) -> list[Added]:
    """`evidence add` on a team library: checked locally, then sent in one transaction."""
    with tempfile.TemporaryDirectory(prefix="reportgen-stage-") as stage:
        staged = add_to_folder(Library(Path(stage)), paths, flags, force=True)
        ids = [a.source_id for a in staged]
        if len(set(ids)) < len(ids):
            raise SourceError(f"two files would both be source '{max(ids, key=ids.count)}'; add them one at a time")
        with server.connect(url) as conn:
            server.check_schema(conn, url)
            server.check_can_write(conn, url, "add sources")
            with conn.transaction():
                writer = _Writer(conn)
                for a in staged:
                    writer.put(a.path.name, a.path.read_bytes(), _sidecar_text(a.path), force=force, action="add")
                writer.finish()
    root = sync.local_root(url)
    # the synced copy holds the same bytes: the index takes what staging read and segmented
    return [replace(a, path=root / "sources" / a.path.name) for a in staged]


def import_csl(url: str, csl_file: Path) -> tuple[list[str], list[str]]:
    """`evidence import-csl` on a team library: each updated sidecar becomes a new edition."""
    with server.connect(url) as conn:
        server.check_schema(conn, url)
        server.check_can_write(conn, url, "change source metadata")
        with conn.transaction(), tempfile.TemporaryDirectory(prefix="reportgen-stage-") as stage:
            writer = _Writer(conn)
            library = Library(Path(stage))
            library.sources_dir.mkdir()
            rows = conn.execute(
                "SELECT DISTINCT ON (source_id) source_id, edition, file_name, sidecar FROM reportgen.editions "
                "ORDER BY source_id, edition DESC").fetchall()
            before = {}
            for sid, edition, name, sidecar in rows:
                if sidecar is None:
                    continue  # metadata in the document's front matter: not changed from outside
                (library.sources_dir / name).touch()  # import_csl matches on names and sidecars only
                meta_path_for(library.sources_dir / name).write_text(sidecar, encoding="utf-8")
                before[name] = (sid, edition, sidecar)
            updated, unmatched = import_csl_to_folder(library, csl_file)
            for name, (sid, edition, sidecar) in before.items():
                text = read_meta_text(meta_path_for(library.sources_dir / name))
                if text != sidecar:
                    writer.new_metadata(sid, edition, name, text)
            writer.finish()
    return updated, unmatched


class _Writer:
    """One write transaction: holds the library version lock, counts what changed."""

    def __init__(self, conn):
        self.conn = conn
        locked = conn.execute("SELECT version FROM reportgen.library_version FOR UPDATE").fetchone()[0]
        self.version = locked + 1
        self.changed = False

    def put(self, name: str, content: bytes, sidecar: str | None, force: bool, action: str) -> str | None:
        """Add a source's first edition or, with force, a new one; None when nothing differs."""
        meta = _metadata(name, content, sidecar)
        sha = hashlib.sha256(content).hexdigest()
        newest = self.conn.execute(
            "SELECT edition, sha256, sidecar, added_by, added_at FROM reportgen.editions WHERE source_id = %s "
            "ORDER BY edition DESC LIMIT 1", (meta.id,)).fetchone()
        if newest and not force:
            raise SourceError(f"a source with id '{meta.id}' is already in the team library (edition {newest[0]}, "
                              f"added by {newest[3]} on {newest[4]:%Y-%m-%d}); --force adds a new edition")
        if newest and newest[1] == sha and newest[2] == sidecar:
            return None
        if newest is None and not force and action == "add":  # one document under two ids is cited twice
            twin = self.conn.execute("SELECT source_id, file_name FROM reportgen.editions WHERE sha256 = %s "
                                     "ORDER BY source_id, edition DESC LIMIT 1", (sha,)).fetchone()
            if twin:
                raise SourceError(f"{name}: the same file as source '{twin[0]}' ({twin[1]}), already in the team "
                                  f"library; nothing was added (to add it again as '{meta.id}' all the same, "
                                  f"use --force)")
        if newest is None:
            self.conn.execute("INSERT INTO reportgen.sources (id) VALUES (%s)", (meta.id,))
        edition = newest[0] + 1 if newest else 1
        self.conn.execute(
            "INSERT INTO reportgen.editions (source_id, edition, file_name, content, sha256, sidecar, metadata, "
            "countries, library_version) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (meta.id, edition, name, content, sha, sidecar, _json(meta), list(meta.country), self.version))
        kind = "replace" if newest else action
        self._audit(kind, meta.id, edition, {"file": name, "sha256": sha, "bytes": len(content)})
        return "replace" if newest else "add"

    def new_metadata(self, sid: str, edition: int, name: str, sidecar: str) -> None:
        """Same bytes, new sidecar: copied on the server, not sent again."""
        meta = _metadata(name, b"", sidecar)
        self.conn.execute(
            "INSERT INTO reportgen.editions (source_id, edition, file_name, content, sha256, sidecar, metadata, "
            "countries, library_version) SELECT source_id, edition + 1, file_name, content, sha256, %s, %s, %s, %s "
            "FROM reportgen.editions WHERE source_id = %s AND edition = %s",
            (sidecar, _json(meta), list(meta.country), self.version, sid, edition))
        self._audit("metadata", sid, edition + 1, {"file": name, "from": "CSL-JSON"})

    def put_taxonomy(self, country: str, text: str) -> bool:
        row = self.conn.execute("SELECT version, yaml FROM reportgen.taxonomies WHERE country = %s FOR UPDATE",
                                (country,)).fetchone()
        if row and row[1] == text:
            return False
        self.conn.execute(
            "INSERT INTO reportgen.taxonomies (country, yaml, version, library_version) VALUES (%s, %s, 1, %s) "
            "ON CONFLICT (country) DO UPDATE SET yaml = EXCLUDED.yaml, version = reportgen.taxonomies.version + 1, "
            "library_version = EXCLUDED.library_version, updated_by = current_user, updated_at = now()",
            (country, text, self.version))
        self._audit("taxonomy", None, None, {"country": country, "version": (row[0] + 1) if row else 1})
        return True

    def _audit(self, action: str, sid: str | None, edition: int | None, detail: dict) -> None:
        self.changed = True
        self.conn.execute("INSERT INTO reportgen.audit_log (action, source_id, edition, detail) "
                          "VALUES (%s, %s, %s, %s)", (action, sid, edition, json.dumps(detail)))

    def finish(self) -> None:
        if self.changed:
            self.conn.execute("UPDATE reportgen.library_version SET version = %s", (self.version,))


def _metadata(name: str, content: bytes, sidecar: str | None):
    """The source's metadata, checked as the index will check it: from the sidecar, else front matter."""
    where = Path(f"{name} (metadata)")
    if sidecar is not None:
        raw = load_meta_yaml(sidecar, where)
    else:  # front matter, read as a folder library reads it
        stated, _ = split_front_matter(content.decode("utf-8-sig", errors="replace"), where)
        if not stated:
            raise SourceError(f"{name}: no citation metadata (no sidecar and no front matter)")
        raw = front_matter_meta(stated, structured=Path(name).suffix.lower() != ".txt")
    return parse_meta(raw, where, name)  # aliases and bad dates refused as in a folder


def _json(meta) -> str:
    return json.dumps(meta.to_dict(), ensure_ascii=False)


def _sidecar_text(source: Path) -> str | None:
    """A source's sidecar as written (checked as the index reads sidecars), None when it has none."""
    sidecar = meta_path_for(source)
    return read_meta_text(sidecar) if sidecar.is_file() else None
