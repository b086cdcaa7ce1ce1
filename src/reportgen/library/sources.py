"""Reading source documents and their citation metadata (front matter or a .meta.yaml sidecar)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from ..errors import SourceError, did_you_mean
from ..limits import check_source_size
from ..models import UNKNOWN, SourceDocument, SourceMeta
from ..yamlio import AliasRefused, load_yaml_without_aliases
from .folder import META_SUFFIX
from .readers import STRUCTURED_SUFFIXES, read_structured

REQUIRED_KEYS = ("id", "title", "author", "publisher", "published", "url",
                 "accessed", "country", "source_type", "language")
OPTIONAL_KEYS = ("notes", "series", "edition")
SOURCE_TYPES = ("ngo-report", "news", "opinion", "government", "ngo-statement",
                "commercial", "academic", "court", "other")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
FRONT_MATTER_RE = re.compile(r"\A---\r?\n(.*?)\r?\n---\r?\n", re.S)
MAX_META_BYTES = 256 * 1024  # a sidecar is a dozen lines


def meta_path_for(source: Path) -> Path:
    return source.with_name(source.stem + META_SUFFIX)


def read_content(path: Path) -> tuple[tuple, str, dict]:
    """(blocks, text, metadata the document states) of one file: the costly part of reading,
    and the one place that refuses a file with nothing in it."""
    if path.suffix.lower() in STRUCTURED_SUFFIXES:
        extracted = read_structured(path)
        blocks, text, stated = extracted.blocks, "", extracted.meta
    else:
        blocks, text, stated = (), read_text(path), {}
    if not blocks and not text.strip():
        raise SourceError(f"{path}: source is empty")
    return blocks, text, stated


def read_source(path: Path, content: tuple[tuple, str, dict] | None = None) -> SourceDocument:
    """Read one source; metadata from front matter (text), else from the sidecar next to it.
    `content` is what read_content gave for this file, when the caller has read it already."""
    blocks, text, stated = content or read_content(path)
    front = None if blocks else FRONT_MATTER_RE.match(text)
    if front:
        raw_meta, meta_file = load_meta_yaml(front.group(1), path), path
        text = "\n" * front.group(0).count("\n") + text[front.end():]  # keep line numbers true to the file
    elif "id" in stated and not meta_path_for(path).is_file():  # Markdown front matter naming its own id
        raw_meta, meta_file = {k: v for k, v in stated.items() if k in REQUIRED_KEYS + OPTIONAL_KEYS}, path
    else:
        meta_file = meta_path_for(path)
        if not meta_file.is_file():
            raise SourceError(f"{path}: no citation metadata (expected {meta_file.name}, which "
                              f"`reportgen evidence add` writes, or front matter in a text file)")
        raw_meta = load_meta_yaml(read_meta_text(meta_file), meta_file)
    if not blocks and not text.strip():
        raise SourceError(f"{path}: source is empty (front matter only)")
    return SourceDocument(meta=parse_meta(raw_meta, meta_file, path.name), text=text, blocks=blocks)


def read_text(path: Path) -> str:
    """A text source decoded, or an error saying why it is not usable text."""
    check_source_size(path, SourceError)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror})") from None
    if not data.strip():
        raise SourceError(f"{path}: source is empty")
    if b"\x00" in data[:8192]:
        raise SourceError(f"{path}: looks binary, not text (NUL bytes); convert it to text first")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{path}: not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_meta_text(meta_file: Path) -> str:
    """A sidecar's text: a small regular UTF-8 file, else an error saying what to do."""
    try:
        if not meta_file.is_file():
            raise SourceError(f"{meta_file}: not a regular file")
        if meta_file.stat().st_size > MAX_META_BYTES:
            raise SourceError(f"{meta_file}: larger than {MAX_META_BYTES} bytes: not a metadata sidecar")
        return meta_file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(f"{meta_file}: not UTF-8 text (bad byte at offset {exc.start}); save it as UTF-8") from None
    except OSError as exc:
        raise SourceError(f"{meta_file}: cannot read ({exc.strerror})") from None


def load_meta_yaml(text: str, where: Path) -> dict:
    try:
        data = load_yaml_without_aliases(text)
    except AliasRefused as exc:
        raise SourceError(f"{where}, {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark else ""
        raise SourceError(f"{where}{line}: metadata is not valid YAML") from None
    except (ValueError, OverflowError):  # a date YAML reads but the calendar has not: 2020-13-45
        data = yaml.load(text, Loader=yaml.BaseLoader)  # every value as written: parse_meta says which is bad
    except RecursionError:
        raise SourceError(f"{where}: metadata is nested too deeply") from None
    if not isinstance(data, dict):
        raise SourceError(f"{where}: metadata must be a mapping of keys such as id, title, author")
    return data


def parse_meta(raw: dict, where: Path, filename: str = "") -> SourceMeta:
    """Check metadata against the contract; what a source does not state must say 'unknown'."""
    unknown = [k for k in raw if k not in REQUIRED_KEYS + OPTIONAL_KEYS]
    if unknown:
        key = str(unknown[0])
        raise SourceError(f"{where}: unknown metadata key '{key}'{did_you_mean(key, REQUIRED_KEYS + OPTIONAL_KEYS)}")
    missing = [k for k in REQUIRED_KEYS if k not in raw or raw[k] in (None, "")]
    if missing:
        raise SourceError(f"{where}: metadata is missing {', '.join(missing)} "
                          f"(write 'unknown' where the source does not say)")
    values = {k: _scalar(raw[k], k, where) for k in REQUIRED_KEYS if k != "country"}
    if not ID_RE.match(values["id"]):
        raise SourceError(f"{where}: id '{values['id']}' must be lower-case letters, digits, '.', '_' or '-'")
    for key in ("published", "accessed"):
        if values[key] != UNKNOWN and not _valid_date(values[key]):
            raise SourceError(
                f"{where}: {key} '{values[key]}' is not a date (expected YYYY-MM-DD, YYYY-MM, YYYY or unknown)")
    if values["source_type"] not in SOURCE_TYPES:
        raise SourceError(f"{where}: source_type '{values['source_type']}' is not one of {', '.join(SOURCE_TYPES)}")
    countries = raw["country"] if isinstance(raw["country"], list) else [raw["country"]]
    codes = tuple(str(c).strip().upper() for c in countries)
    if not codes or any(not re.fullmatch(r"[A-Z]{2}", c) for c in codes):
        raise SourceError(f"{where}: country must be a list of ISO 3166 alpha-2 codes such as [CN]")
    notes = raw.get("notes") or ""
    series = _scalar(raw.get("series") or "", "series", where)
    edition = _scalar(raw.get("edition") or "", "edition", where)
    if edition and not series:
        raise SourceError(f"{where}: edition '{edition}' needs a series (the publication it is an edition of)")
    return SourceMeta(country=codes, notes=str(notes).strip(), path=filename, series=series,
                      edition=edition, **values)


def _scalar(value, key: str, where: Path) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (list, dict)):
        raise SourceError(f"{where}: {key} must be a single value, not a list or mapping")
    text = str(value).strip()
    return UNKNOWN if text.lower() in ("unknown", "n.d.", "nd") else text


def _valid_date(value: str) -> bool:
    if not DATE_RE.match(value):
        return False
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True
