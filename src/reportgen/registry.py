"""Registering sources in a library: `evidence add` (files and their metadata) and
`evidence import-csl` (metadata from a Zotero CSL-JSON export). Metadata comes from the user's
flags, else from what the document itself states; nothing is guessed."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import ReportgenError, SourceError
from .library import SOURCE_SUFFIXES, Library
from .models import UNKNOWN
from .readers import STRUCTURED_SUFFIXES, read_structured
from .sources import REQUIRED_KEYS, meta_path_for, parse_meta, read_text
from .writing import write_atomic

FLAG_KEYS = ("id", "title", "author", "publisher", "published", "url", "accessed", "country",
             "source_type", "language")
MUST_BE_STATED = ("title", "source_type", "country")  # no honest default exists for these
HEADER = "# Citation metadata: only what the source states; 'unknown' where it does not.\n"


@dataclass(frozen=True)
class Added:
    source_id: str
    path: Path
    meta_from_document: tuple[str, ...]


def add_sources(library: Library, paths: list[Path], flags: dict, force: bool = False) -> list[Added]:
    """Check every file and its metadata first; then copy them in and write their sidecars."""
    flags = {k: v for k, v in flags.items() if v not in (None, "", ())}
    if len(paths) > 1 and {"id", "title", "url"} & set(flags):
        raise ReportgenError("--id, --title and --url describe one source: give one PATH with them")
    plans = []
    for path in paths:
        if not path.is_file():
            raise SourceError(f"{path}: no such file")
        if path.suffix.lower() not in SOURCE_SUFFIXES:
            raise SourceError(f"{path}: unsupported format (expected one of {', '.join(SOURCE_SUFFIXES)})")
        stated = _readable(path)  # refuse unusable files before anything is copied
        meta = {k: UNKNOWN for k in REQUIRED_KEYS}
        meta.update({"id": _slug(path.stem), **stated, **flags})
        if isinstance(meta["country"], str) and meta["country"] != UNKNOWN:
            meta["country"] = [c.strip().upper() for c in meta["country"].split(",") if c.strip()]
        missing = [k for k in MUST_BE_STATED if meta.get(k) in (None, UNKNOWN, [])]
        if missing:
            flags_needed = " ".join(f"--{k.replace('_', '-')} ..." for k in missing)
            raise SourceError(f"{path}: the document does not state {', '.join(missing)}; supply {flags_needed}")
        target = library.sources_dir / f"{meta['id']}{path.suffix.lower()}"
        parse_meta(meta, Path(f"{path} (metadata)"), target.name)  # the same checks the index makes
        if (target.exists() or meta_path_for(target).exists()) and not force and target.resolve() != path.resolve():
            raise SourceError(f"{target}: a source with id '{meta['id']}' is already in the library "
                              f"(choose another --id, or --force to replace it)")
        plans.append((path, target, meta, tuple(sorted(k for k in stated if k not in flags))))
    library.sources_dir.mkdir(parents=True, exist_ok=True)
    added = []
    for path, target, meta, from_document in plans:
        if target.resolve() != path.resolve():
            shutil.copyfile(path, target)
        write_meta(target, meta, force=True)
        added.append(Added(meta["id"], target, from_document))
    return added


def _readable(path: Path) -> dict:
    """Read the file as the index will; return the metadata it states itself."""
    if path.suffix.lower() not in STRUCTURED_SUFFIXES:
        if not read_text(path).strip():
            raise SourceError(f"{path}: source is empty")
        return {}
    extracted = read_structured(path)
    if not extracted.blocks:
        raise SourceError(f"{path}: source is empty")
    return extracted.meta


def write_meta(source: Path, meta: dict, force: bool = False) -> None:
    ordered = {k: meta[k] for k in FLAG_KEYS if k in meta}
    ordered.update({k: v for k, v in meta.items() if k not in ordered})
    text = HEADER + yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=1000)
    write_atomic(meta_path_for(source), text.encode("utf-8"), force=force)


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]
    return slug or "source"


# --- Zotero CSL-JSON -------------------------------------------------------------------------

def import_csl(library: Library, csl_file: Path) -> tuple[list[str], list[str]]:
    """Update sources' metadata from a CSL-JSON export; returns (updated ids, unmatched titles)."""
    try:
        items = json.loads(csl_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReportgenError(f"{csl_file}: not a CSL-JSON file ({exc})") from None
    if isinstance(items, dict):
        items = items.get("items", [items])
    if not isinstance(items, list):
        raise ReportgenError(f"{csl_file}: expected a list of CSL-JSON items")
    sources = []
    for path in library.source_files():
        meta_file = meta_path_for(path)
        if meta_file.is_file():
            sources.append((path, yaml.safe_load(meta_file.read_text(encoding="utf-8")) or {}))
    updated, unmatched = [], []
    for item in items:
        if not isinstance(item, dict):
            continue
        match = _find(item, sources)
        if match is None:
            unmatched.append(str(item.get("title") or item.get("id") or "?"))
            continue
        path, meta = match
        meta.update(_csl_fields(item))
        parse_meta(meta, csl_file, path.name)
        write_meta(path, meta, force=True)
        updated.append(meta["id"])
    return updated, unmatched


def _norm(text: str) -> str:
    return re.sub(r"\W+", " ", str(text).lower()).strip()


def _find(item: dict, sources):
    files = [str(item.get(k) or "") for k in ("file", "attachment", "path")]
    names = {Path(f).name for f in files if f} | {Path(f).stem for f in files if f}
    for path, meta in sources:
        if path.name in names or path.stem in names:
            return path, meta
    url = str(item.get("URL") or "").rstrip("/")
    for path, meta in sources:
        if url and str(meta.get("url", "")).rstrip("/") == url:
            return path, meta
    title = _norm(item.get("title", ""))
    for path, meta in sources:
        if title and _norm(meta.get("title", "")) == title:
            return path, meta
    return None


def _csl_fields(item: dict) -> dict:
    out = {}
    if item.get("title"):
        out["title"] = str(item["title"])
    authors = [a.get("literal") or " ".join(x for x in (a.get("given"), a.get("family")) if x)
               for a in item.get("author", []) if isinstance(a, dict)]
    if any(authors):
        out["author"] = "; ".join(a for a in authors if a)
    publisher = item.get("publisher") or item.get("container-title")
    if publisher:
        out["publisher"] = str(publisher)
    for key, field in (("issued", "published"), ("accessed", "accessed")):
        date = _csl_date(item.get(key))
        if date:
            out[field] = date
    if item.get("URL"):
        out["url"] = str(item["URL"])
    if item.get("language"):
        out["language"] = str(item["language"]).split("-")[0].lower()
    return out


def _csl_date(value) -> str:
    """CSL date-parts as YYYY, YYYY-MM or YYYY-MM-DD: only the parts it gives."""
    if not isinstance(value, dict):
        return ""
    parts = (value.get("date-parts") or [[]])[0]
    try:
        parts = [int(p) for p in parts[:3]]
    except (TypeError, ValueError):
        return ""
    if not parts:
        return ""
    return "-".join([f"{parts[0]:04d}"] + [f"{p:02d}" for p in parts[1:]])
