"""Names that come from the team server (source ids, file names, countries) checked as plain
names before they touch the disk: the server is trusted to hold the library's records, not to
choose where a member's files go. A name that fails is refused with what it was expected to be."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path, PurePosixPath, PureWindowsPath

from ..library.reading.metadata import ID_RE
from ..library.reading.readers import SOURCE_SUFFIXES

COUNTRY_RE = re.compile(r"^[A-Z]{2}$")
MAX_NAME_BYTES = 200  # below every file system's 255, with room for '.meta.yaml' and a temporary prefix


def source_id_problem(value) -> str | None:
    if not isinstance(value, str) or not ID_RE.match(value):
        return f"source id {value!a} is not a plain id (lower-case letters, digits, '.', '_' or '-')"
    return None


def country_problem(value) -> str | None:
    if not isinstance(value, str) or not COUNTRY_RE.match(value):
        return f"taxonomy country {value!a} is not an ISO 3166 alpha-2 code"
    return None


def edition_problem(value) -> str | None:
    """None for an edition number: a whole number from 1 (it names a folder of older editions)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        return f"edition number {value!a} is not a whole number from 1"
    return None


def file_name_problem(value) -> str | None:
    """None for a plain file name of a source format: no folder part, no parent, nothing hidden."""
    bad = f"file name {value!a} is not a plain file name"
    if not isinstance(value, str) or not value or len(value.encode("utf-8", "replace")) > MAX_NAME_BYTES:
        return bad
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") for ch in value):
        return bad + " (it holds control or invisible characters)"
    if value.startswith(".") or value in (".", "..") or "/" in value or "\\" in value or ":" in value:
        return bad + " (it names a folder, a parent or a hidden file)"
    if PurePosixPath(value).name != value or PureWindowsPath(value).name != value:
        return bad
    if Path(value).suffix.lower() not in SOURCE_SUFFIXES:
        return bad + f" (expected one of {', '.join(SOURCE_SUFFIXES)})"
    return None

