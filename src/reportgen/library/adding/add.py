"""Registering sources in a library: `evidence add` (files and their metadata) and
`evidence import-csl` (metadata from a Zotero CSL-JSON export). Metadata comes from the user's
flags, else from what the document itself states; nothing is guessed."""

from __future__ import annotations

import json
import os
import re
from contextlib import nullcontext
from dataclasses import dataclass, replace
from pathlib import Path

from ...errors import ReportgenError, SourceError
from ...limits import regular_file
from ...models import UNKNOWN, AlreadyRead, SourceDocument
from ...safe_files import FileSwap, what_to_do
from ...text import slug
from ..folder import Library
from ..reading.metadata import (
    KNOWN_KEYS,
    MAX_META_BYTES,
    REQUIRED_KEYS,
    SIDECAR_HEADER,
    meta_path_for,
    page_range_of,
    parse_meta,
    read_sidecar,
    sidecar_bytes,
)
from ..reading.readers import SOURCE_SUFFIXES
from ..reading.sources import read_content
from .language import detect_language

MUST_BE_STATED = ("title", "source_type", "country")  # no honest default exists for these


@dataclass(frozen=True)
class Added:
    source_id: str
    path: Path
    meta_from_document: tuple[str, ...]  # "published (printed on page 1)": each key taken, and where from
    read: AlreadyRead | None = None  # what was read and segmented of the file, for the index


def add_sources(library: Library, paths: list[Path], flags: dict, force: bool = False, then=None) -> list[Added]:
    """Check every file and its metadata first; then copy them in and write their sidecars as
    one swap. Without --force an existing source is never changed; with it, what the user does
    not give again is kept, the old sidecar's comments too (a librarian's provenance notes).
    `then(added)` (the index update) runs before the swap is final: if it fails, nothing changed.
    With flags["ocr"], each PDF is given a text layer by OCR first, and the library keeps that copy."""
    import tempfile
    flags = {k: v for k, v in flags.items() if v not in (None, "", ())}
    ocr = bool(flags.pop("ocr", False))
    with tempfile.TemporaryDirectory(prefix="reportgen-ocr-") if ocr else nullcontext() as folder:
        return _add(library, paths, flags, force, then, Path(folder) if folder else None)


def _add(library: Library, paths: list[Path], flags: dict, force: bool, then, ocr_folder: Path | None) -> list[Added]:
    if len(paths) > 1 and {"id", "title", "url", "edition"} & set(flags):
        raise ReportgenError("--id, --title, --url and --edition describe one source: give one PATH with them")
    plans, claimed = [], {}
    for path in paths:
        regular_file(path, SourceError, "source file")  # a FIFO or device would block or never end
        if path.suffix.lower() not in SOURCE_SUFFIXES:
            raise SourceError(f"{path}: unsupported format (expected one of {', '.join(SOURCE_SUFFIXES)})")
        source_id = flags.get("id") or slug(path.stem, 60) or "source"
        if source_id in claimed:
            raise SourceError(f"{claimed[source_id]} and {path} would both get the id '{source_id}'; "
                              f"add them one at a time, each with its own --id")
        claimed[source_id] = path
        target = library.sources_dir / f"{source_id}{path.suffix.lower()}"
        current = [f for f in library.sources_dir.glob(f"{source_id}.*")
                   if f.stem == source_id and f.suffix.lower() in SOURCE_SUFFIXES]
        sidecar = meta_path_for(target)
        same_file = any(_same(f, path) and library.inside(f) for f in current)
        old = _current_meta(sidecar) if force else {}
        if (current or os.path.lexists(sidecar)) and not force and not (same_file and not os.path.lexists(sidecar)):
            hint = ("nothing was changed (this is that file: use --force with the flags you want to change)"
                    if same_file else "choose another --id, or --force to replace it")
            raise SourceError(f"{target}: a source with id '{source_id}' is already in the library; {hint}")
        twin = None if force else _held_as(library, path, source_id)
        if twin is not None:
            raise SourceError(f"{path}: the same file as source '{twin.stem}' ({twin.name}), already in the "
                              f"library; nothing was added (to add it again as '{source_id}' all the same, "
                              f"use --force)")
        meta = {k: UNKNOWN for k in REQUIRED_KEYS}
        source = path if ocr_folder is None else _ocred(path, ocr_folder / f"{len(plans)}", {**old, **flags})
        content = _read(source, path)  # (blocks, text, stated, origins): refuses an unusable file before anything is copied
        stated, origins = content[2], content[3]
        meta.update({**stated, **{k: v for k, v in old.items() if v not in (None, "", UNKNOWN)},
                     **flags, "id": source_id})
        if meta.get("language") in (None, "", UNKNOWN):  # neither given nor stated: the text may make it plain
            found = detect_language(" ".join(b.text for b in content[0]) or content[1])
            if found:
                meta["language"], stated, origins = found, {**stated, "language": found}, \
                    {**origins, "language": "detected from the text (script, common words)"}
        if isinstance(meta["country"], str) and meta["country"] != UNKNOWN:
            meta["country"] = [c.strip().upper() for c in meta["country"].split(",") if c.strip()]
        missing = [k for k in MUST_BE_STATED if meta.get(k) in (None, UNKNOWN, [])]
        if missing:
            flags_needed = " ".join(f"--{k.replace('_', '-')} ..." for k in missing)
            raise SourceError(f"{path}: the document does not state {', '.join(missing)}; supply {flags_needed}")
        checked = parse_meta(meta, Path(f"{path} (metadata)"), target.name)  # the same checks the index makes
        written = len(sidecar_bytes(meta))
        if written > MAX_META_BYTES:  # the index would refuse the sidecar: refuse the add, not later
            raise SourceError(f"{path}: its metadata would make a {written // 1024} KiB sidecar, more than the "
                              f"{MAX_META_BYTES // 1024} KiB allowed; shorten the longest values (notes?)")
        # --pages, --chapter: cut once, by segmenting (the index takes these paragraphs), refused naming the file given
        paragraphs = _segments(path, content, replace(checked, path=str(path)))
        # an OCR'd copy is another file than the library's scan: it replaces it, even when the scan is that file
        plans.append(_Plan(source, target, meta, [f for f in current if f != target], same_file and source == path, Added(
            source_id, target, tuple(f"{k} ({origins.get(k, 'the document')})" for k in sorted(stated)
                                     if k not in flags and k not in old),
            AlreadyRead(content, checked, tuple(paragraphs))), _comments(sidecar) if force else ""))
    return _commit(library, plans, then)


def _ocred(path: Path, folder: Path, meta: dict) -> Path:
    from .ocr import with_text_layer
    folder.mkdir()
    pages = page_range_of(str(meta.get("page_range") or ""), path)  # checked before the worker takes it
    return with_text_layer(path, folder, meta.get("language"), pages)


def _read(source: Path, path: Path) -> tuple:
    """read_content of the file to be kept, its errors naming the file the user gave."""
    if source == path:
        return read_content(path)
    try:
        return read_content(source)
    except SourceError as exc:
        raise SourceError(str(exc).replace(str(source), f"{path} (after OCR)")) from None


@dataclass(frozen=True)
class _Plan:
    """One file checked and ready: what to copy and write, and what the add reports."""
    path: Path
    target: Path
    meta: dict
    replaced: list[Path]  # the same id in another format: the new file replaces it
    same_file: bool
    added: Added
    comments: str = ""  # the replaced sidecar's own comment lines, kept


def _commit(library: Library, plans: list[_Plan], then=None) -> list[Added]:
    def stage(swap: FileSwap) -> None:
        for plan in plans:
            if not plan.same_file:
                swap.copy(plan.target, plan.path)
            swap.write(meta_path_for(plan.target), _with_comments(sidecar_bytes(plan.meta), plan.comments))
            for other in plan.replaced:
                swap.remove(other)
    added = [plan.added for plan in plans]
    _swap(library, stage, (lambda: then(added)) if then else None)
    return added


def _comments(sidecar: Path) -> str:
    """A sidecar's whole-line comments other than the header reportgen writes."""
    if not sidecar.is_file() or sidecar.is_symlink():
        return ""
    try:
        lines = sidecar.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    return "".join(f"{ln}\n" for ln in lines if ln.lstrip().startswith("#") and f"{ln}\n" != SIDECAR_HEADER)


def _with_comments(data: bytes, comments: str) -> bytes:
    """The new sidecar with the kept comments after its header line."""
    if not comments:
        return data
    header = SIDECAR_HEADER.encode("utf-8")
    body = data[len(header):] if data.startswith(header) else data
    return (header if data.startswith(header) else b"") + comments.encode("utf-8") + body


def _swap(library: Library, stage, then=None) -> None:
    """Stage files aside with stage(swap), then swap them in; on any failure nothing changes."""
    try:
        library.sources_dir.mkdir(parents=True, exist_ok=True)
        swap = FileSwap(library.sources_dir)
        try:
            stage(swap)
            swap.commit(then)
        finally:
            swap.discard()
    except OSError as exc:
        raise ReportgenError(f"{exc.filename or library.sources_dir}: cannot write ({exc.strerror}); "
                             f"{what_to_do(exc)}; the library is unchanged") from None


def _same(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _held_as(library: Library, path: Path, source_id: str) -> Path | None:
    """A source of another id whose file holds the same bytes: a second id for one document
    would cite it twice as two sources. Only files of the same size are read."""
    import hashlib
    try:
        size = path.stat().st_size
        digest = None
        for held in library.source_files():
            if held.stem == source_id or held.stat().st_size != size:
                continue
            digest = digest or hashlib.sha256(path.read_bytes()).digest()
            if hashlib.sha256(held.read_bytes()).digest() == digest:
                return held
    except OSError:
        return None  # unreadable here: read_content says so for the new file
    return None


def _current_meta(sidecar: Path) -> dict:
    """What the library already says of a source: --force keeps it where no flag replaces it."""
    if not sidecar.is_file() or sidecar.is_symlink():
        return {}
    try:
        data = read_sidecar(sidecar)
    except SourceError:
        return {}  # unreadable: the replacement writes it anew
    return {k: v for k, v in data.items() if k in KNOWN_KEYS}


def _segments(path: Path, content: tuple, meta) -> list:
    """A file that would index nothing is not added: say why instead. The paragraphs go on to
    the index, which takes them as they are when it reads the same text and metadata."""
    from ..segmenting.paragraphs import segment
    blocks, text = content[0], content[1]
    paragraphs, _ = segment(SourceDocument(meta=meta, text=text, blocks=blocks))
    if not paragraphs:
        raise SourceError(f"{path}: no evidence paragraphs found (only headings or page furniture): not added")
    return paragraphs


# --- Zotero CSL-JSON -------------------------------------------------------------------------

MAX_CSL_BYTES = 50 * 1024 * 1024


def import_csl(library: Library, csl_file: Path) -> tuple[list[str], list[str]]:
    """Update sources' metadata from a CSL-JSON export; returns (updated ids, unmatched titles).
    All or nothing: every item is checked before any sidecar is written."""
    try:
        if regular_file(csl_file, ReportgenError, "CSL-JSON export") > MAX_CSL_BYTES:
            raise ReportgenError(f"{csl_file}: larger than {MAX_CSL_BYTES} bytes: not a CSL-JSON export")
        items = json.loads(csl_file.read_bytes().decode("utf-8-sig"))
    except RecursionError:
        raise ReportgenError(f"{csl_file}: nested too deeply to be a CSL-JSON export") from None
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
            try:
                sources.append((path, read_sidecar(meta_file)))
            except SourceError:
                continue  # a broken sidecar matches nothing; `evidence index` names it
    changes: dict[Path, dict] = {}
    unmatched = []
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise ReportgenError(f"{csl_file}: item {n} is not a CSL-JSON object; nothing was imported")
        label = f"{csl_file}, item {n} ({str(item.get('title') or item.get('id') or '?')[:60]})"
        match = _find(item, sources)
        if match is None:
            unmatched.append(str(item.get("title") or item.get("id") or "?"))
            continue
        path, meta = match
        meta = {**changes.get(path, meta), **_csl_fields(item, label)}
        try:
            parse_meta(meta, Path(label), path.name)
        except SourceError as exc:
            raise SourceError(f"{exc}; nothing was imported") from None
        changes[path] = meta
    _swap(library, lambda swap: [swap.write(meta_path_for(path), sidecar_bytes(meta)) for path, meta in changes.items()])
    return [meta["id"] for meta in changes.values()], unmatched


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


def _csl_fields(item: dict, label: str) -> dict:
    for key in ("title", "publisher", "container-title", "URL", "language"):
        if isinstance(item.get(key), (dict, list)):
            raise ReportgenError(f"{label}: '{key}' must be text, not a list or object; nothing was imported")
    if not isinstance(item.get("author", []), list):
        raise ReportgenError(f"{label}: 'author' must be a list of names; nothing was imported")
    out = {}
    if item.get("title"):
        out["title"] = str(item["title"])
    authors = [str(a.get("literal") or " ".join(str(x) for x in (a.get("given"), a.get("family")) if x))
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
