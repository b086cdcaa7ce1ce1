"""What one run keeps in the user's cache for the next (envvars.cache_dir()): compiled
templates, the default Word template's styles as the writer leaves them. Only what can be made
again, never case data. An entry is kept with the sha256 of its bytes, so a damaged file is a
miss, not an error; it is written beside its place and renamed, so no reader sees half of it;
and a cache that cannot be written (a read-only home) costs time, never a failure."""

from __future__ import annotations

import hashlib
import marshal
import os
from pathlib import Path

from . import envvars


def load(folder: str, name: str):
    """The value kept as `name` in the cache's `folder`, or None (absent, damaged or unreadable)."""
    try:
        digest, data = marshal.loads(_path(folder, name).read_bytes())
        if hashlib.sha256(data).digest() == digest:
            return marshal.loads(data)
    except (OSError, ValueError, EOFError, TypeError):
        pass
    return None


def store(folder: str, name: str, value) -> None:
    """Keep a value (of what marshal writes: code, bytes, str, numbers, tuples, lists, dicts)."""
    data = marshal.dumps(value)
    path = _path(folder, name)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps((hashlib.sha256(data).digest(), data)))
        os.replace(tmp, path)
    except OSError:
        pass


def _path(folder: str, name: str) -> Path:
    # under a folder of its own: an entry is (digest, data), which a version of reportgen that
    # kept the bare value under the same name would take for its own and fail on
    return envvars.cache_dir() / "kept" / folder / name
