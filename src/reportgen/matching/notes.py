"""The words of the notes matching writes for the expert, kept in templates/notes.yaml (the
shipped templates), so that no sentence of them is written in code."""

from __future__ import annotations

from functools import lru_cache

from ..library.folder import packaged_path
from ..yamlio import load_yaml


@lru_cache(maxsize=1)
def _notes() -> dict:
    return load_yaml((packaged_path("templates") / "notes.yaml").read_text(encoding="utf-8"))


def note(key: str, **values) -> str:
    """The note `key`, its {names} filled in."""
    return _notes()[key].format(**values)
