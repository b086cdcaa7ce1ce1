"""The citation metadata of a source, the one place that knows its format: the contract's keys
(docs/evidence-library.md), front matter, and `.meta.yaml` sidecars as they are read and written."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

from ...errors import SourceError, did_you_mean
from ...models import UNKNOWN, SourceMeta
from ...safe_files import CONTROLS, DIRECTION_CONTROLS
from ...yamlio import AliasRefused, load_yaml

REQUIRED_KEYS = ("id", "title", "author", "publisher", "published", "url",
                 "accessed", "country", "source_type", "language")
OPTIONAL_KEYS = ("notes", "series", "edition", "updated", "symbol", "page_range", "chapter")
SOURCE_TYPES = ("ngo-report", "news", "opinion", "government", "intergovernmental", "ngo-statement",
                "commercial", "academic", "court", "other")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
ID_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{0,79}$")
FRONT_MATTER_RE = re.compile(r"\A---\r?\n(.*?)\r?\n---\r?\n", re.S)
MAX_META_BYTES = 256 * 1024  # a sidecar is a dozen lines


KNOWN_KEYS = frozenset(REQUIRED_KEYS + OPTIONAL_KEYS)
META_SUFFIX = ".meta.yaml"
SIDECAR_HEADER = "# Citation metadata: only what the source states; 'unknown' where it does not.\n"


def meta_path_for(source: Path) -> Path:
    return source.with_name(source.stem + META_SUFFIX)


def split_front_matter(text: str, where: Path) -> tuple[dict, str]:
    """(the front matter's keys or {}, the text after it), read as sidecars are (aliases refused,
    a bad date named); the front matter's lines stay as blank lines, so line numbers stay true."""
    match = FRONT_MATTER_RE.match(text)
    if not match:
        return {}, text
    return load_meta_yaml(match.group(1), where), "\n" * match.group(0).count("\n") + text[match.end():]


def read_sidecar(meta_file: Path) -> dict:
    """A sidecar's keys as written (checked by parse_meta)."""
    return load_meta_yaml(read_meta_text(meta_file), meta_file)


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


def sidecar_bytes(meta: dict) -> bytes:
    """A sidecar as `evidence add` and `import-csl` write it: the contract's keys first, in order."""
    ordered = {k: meta[k] for k in REQUIRED_KEYS if k in meta}
    ordered.update({k: v for k, v in meta.items() if k not in ordered})
    return (SIDECAR_HEADER + yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=1000)).encode("utf-8")


def load_meta_yaml(text: str, where: Path) -> dict:
    try:
        data = load_yaml(text)
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
    unknown = [k for k in raw if k not in KNOWN_KEYS]
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
    notes = _text(raw.get("notes") or "", "notes", where)  # checked as any value: it is printed too
    series = _scalar(raw.get("series") or "", "series", where)
    edition = _scalar(raw.get("edition") or "", "edition", where)
    if edition and not series:
        raise SourceError(f"{where}: edition '{edition}' needs a series (the publication it is an edition of)")
    updated = _scalar(raw.get("updated") or "", "updated", where)
    if updated and updated != UNKNOWN and not _valid_date(updated):
        raise SourceError(f"{where}: updated '{updated}' is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)")
    symbol = _scalar(raw.get("symbol") or "", "symbol", where)
    page_range = page_range_of(_scalar(raw.get("page_range") or "", "page_range", where), where)
    chapter = " ".join(_scalar(raw.get("chapter") or "", "chapter", where).split())
    return SourceMeta(country=codes, notes=notes, path=filename, series=series,
                      edition=edition, updated="" if updated == UNKNOWN else updated,
                      symbol="" if symbol == UNKNOWN else symbol, page_range=page_range, chapter=chapter, **values)


_PAGE_RANGE = re.compile(r"^(\d{1,5})(?:\s*[-–]\s*(\d{1,5}))?$")


def page_range_of(value: str, where) -> str:
    """'12-40' (or '12', one page) as written in a sidecar, checked: first page 1 or more, not
    after the last. Returned as 'FIRST-LAST'."""
    if not value:
        return ""
    match = _PAGE_RANGE.match(value.strip())
    if not match:
        raise SourceError(f"{where}: page_range '{value}' is not a range of pages (expected FIRST-LAST, e.g. 12-40)")
    first, last = int(match.group(1)), int(match.group(2) or match.group(1))
    if first < 1 or last < first:
        raise SourceError(f"{where}: page_range '{value}' is not a range of pages (expected FIRST-LAST, "
                          f"the first page 1 or more and not after the last)")
    return f"{first}-{last}"


def _scalar(value, key: str, where: Path) -> str:
    text = _text(value, key, where)
    return UNKNOWN if text.lower() in ("unknown", "n.d.", "nd") else text


def _text(value, key: str, where: Path) -> str:
    """A value as text, refused when it is a list, binary data, or holds characters that display
    otherwise than they are or that a terminal obeys."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, (list, dict, set, tuple)):
        raise SourceError(f"{where}: {key} must be a single value, not a list or mapping")
    if isinstance(value, (bytes, bytearray)):  # YAML's !!binary: never a citation's text
        raise SourceError(f"{where}: {key} must be text, not binary data (!!binary)")
    text = str(value).strip()
    if DIRECTION_CONTROLS.search(text):  # refused as in case files: text that displays otherwise than it is
        raise SourceError(f"{where}: {key} holds an invisible direction control "
                          f"(U+{ord(DIRECTION_CONTROLS.search(text).group(0)):04X}); delete it")
    if CONTROLS.search(text):  # ESC, a carriage return: never in a title, and a terminal obeys them
        raise SourceError(f"{where}: {key} holds the control character "
                          f"U+{ord(CONTROLS.search(text).group(0)):04X}; delete it")
    return text


def _valid_date(value: str) -> bool:
    if not DATE_RE.match(value):
        return False
    parts = [int(p) for p in value.split("-")] + [1, 1]
    try:
        dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return False
    return True
