"""The environment variables reportgen reads, all in one place: what each means and its default.

The CLI names them in its options' help (--evidence, --templates, --pages); library code asks
here, so a program using reportgen as a library sees the same settings the command line does.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

EVIDENCE = "REPORTGEN_EVIDENCE"  # the evidence library: a folder or a team library's postgresql:// URL
TEMPLATES = "REPORTGEN_TEMPLATES"  # a folder of the user's own templates, before the shipped ones
PAGES = "REPORTGEN_PAGES"  # how a draft's length is counted: estimate (default) | libreoffice | off
TEAM_COUNTRIES = "REPORTGEN_TEAM_COUNTRIES"  # e.g. CN,HK: sync only a team library's sources on these


def evidence() -> str | None:
    return os.environ.get(EVIDENCE) or None


def templates() -> str | None:
    return os.environ.get(TEMPLATES) or None


def pages() -> str:
    return os.environ.get(PAGES) or "estimate"


def team_countries() -> list[str] | None:
    codes = sorted({c.strip().upper() for c in os.environ.get(TEAM_COUNTRIES, "").split(",") if c.strip()})
    return codes or None


def cache_dir() -> Path:
    """Where reportgen keeps what it can rebuild (indexes of installed or read-only libraries,
    team copies, compiled templates, the default Word template's styles): XDG_CACHE_HOME when
    set, else the platform's user cache (%LOCALAPPDATA% on Windows, ~/Library/Caches on macOS,
    ~/.cache elsewhere)."""
    if os.environ.get("XDG_CACHE_HOME"):
        base = Path(os.environ["XDG_CACHE_HOME"])
    elif sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        base = Path(os.environ["LOCALAPPDATA"])
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path.home() / ".cache"
    return base / "reportgen"
