"""A folder evidence library: where it is (--evidence, REPORTGEN_EVIDENCE, ./evidence, or the
packaged one), its files, and where its index goes."""

from __future__ import annotations

import hashlib
import importlib
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .. import envvars
from ..errors import LibraryError
from .reading.metadata import META_SUFFIX
from .reading.readers import SOURCE_SUFFIXES


@dataclass(frozen=True)
class Library:
    """An evidence library on disk: its sources, sidecars, taxonomies and where its index lives."""

    root: Path

    @property
    def sources_dir(self) -> Path:
        return self.root / "sources"

    @property
    def taxonomies_dir(self) -> Path:
        return self.root / "taxonomies"

    def source_files(self) -> list[Path]:
        """Regular source files inside the library: a link out of it is never followed."""
        return [p for p, inside in self._candidates() if inside]

    def scan(self) -> tuple[list[Path], list[Path]]:
        """(source files inside the library, links that lead out of it) from one listing of the folder."""
        found = self._candidates()
        return [p for p, inside in found if inside], [p for p, inside in found if not inside]

    def _candidates(self) -> list[tuple[Path, bool]]:
        """(source file, whether it and its sidecar stay inside the library), by name. One
        directory scan: its entries know their type, so only links cost a stat."""
        if not self.sources_dir.is_dir():
            return []
        with os.scandir(self.sources_dir) as scan:
            entries = {e.name: e for e in scan}
        out = []
        for name in sorted(entries):
            stem, suffix = os.path.splitext(name)
            entry = entries[name]
            if name.startswith(".") or suffix.lower() not in SOURCE_SUFFIXES or not entry.is_file():
                continue
            sidecar = entries.get(stem + META_SUFFIX)
            inside = self._entry_inside(entry) and (sidecar is None or self._entry_inside(sidecar))
            out.append((self.sources_dir / name, inside))
        return out

    def _entry_inside(self, entry: os.DirEntry) -> bool:
        return not entry.is_symlink() or self.inside(Path(entry.path))

    def inside(self, path: Path) -> bool:
        """Whether a path, links resolved, stays in the library folder (a missing file does)."""
        if not path.is_symlink():
            return True
        try:
            return path.resolve().is_relative_to(self.root.resolve())
        except (OSError, RuntimeError):  # a loop of links
            return False

    def taxonomy_file(self, country: str) -> Path:
        return self.taxonomies_dir / f"{country.upper()}.yaml"

    def countries(self) -> list[str]:
        if not self.taxonomies_dir.is_dir():
            return []
        return sorted(p.stem.upper() for p in self.taxonomies_dir.glob("*.yaml"))

    @property
    def index_path(self) -> Path:
        """The index sits in the library, or in the user's cache when the library is part of an
        installed package (site-packages: an upgrade replaces it, and nothing of ours is written
        there) or its folder is read-only. One cache file per library folder."""
        if os.access(self.root, os.W_OK) and not installed(self.root):
            return self.root / ".reportgen-index.sqlite"
        key = hashlib.sha256(str(self.root.resolve()).encode()).hexdigest()[:16]
        return envvars.cache_dir() / f"index-{key}.sqlite"


INSTALL_FOLDERS = ("site-packages", "dist-packages")  # where pip and Debian put packages


def installed(folder: Path) -> bool:
    """Whether a folder sits inside an installed package (an editable install's folder does not)."""
    try:
        parts = folder.resolve().parts
    except (OSError, RuntimeError):
        parts = folder.absolute().parts
    return any(part in INSTALL_FOLDERS for part in parts)


@lru_cache(maxsize=8)
def packaged_path(name: str) -> Path:
    """A data folder installed with the package ("evidence" or "templates"): found once (a draft
    asks for the templates folder for every template file it reads, per quotation)."""
    module = importlib.import_module(f"reportgen.{name}")
    return Path(list(module.__path__)[0])


def find_library(evidence: str | os.PathLike | None = None) -> Library:
    """Pick a folder library: the one given (the workspace passes REPORTGEN_EVIDENCE's), then
    ./evidence, then the packaged copy. (A team library's URL is the workspace's to resolve.)"""
    if evidence:
        root = Path(evidence)
        if not root.is_dir():
            raise LibraryError(f"{root}: evidence library folder not found")
        if not (root / "sources").is_dir():
            raise LibraryError(f"{root}: not an evidence library (expected a 'sources' folder inside)")
        return Library(root)
    local = Path.cwd() / "evidence"
    if (local / "sources").is_dir():
        return Library(local)
    return Library(packaged_path("evidence"))
