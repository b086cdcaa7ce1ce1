"""Writing output files atomically, and never over a file an expert may have edited unless forced."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputExistsError, ReportgenError


def check_writable(path: Path, force: bool = False) -> None:
    """Refuse early, before any work, to write over a file or into a missing folder."""
    path = Path(path)
    if path.exists() and not force:
        raise OutputExistsError(f"{path} already exists (an expert may have edited it); "
                                f"use --force to overwrite, or -o to write elsewhere")
    if not path.parent.is_dir():
        raise ReportgenError(f"{path.parent}: folder does not exist")


def write_atomic(path: Path, data: bytes, force: bool = False) -> None:
    """Write to a temporary file beside the target, then rename: readers see all or nothing."""
    path = Path(path)
    check_writable(path, force)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        if force:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails if the file appeared meanwhile: never clobbers
            os.unlink(tmp)
    except FileExistsError:
        Path(tmp).unlink(missing_ok=True)
        raise OutputExistsError(f"{path} already exists; use --force to overwrite") from None
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise ReportgenError(f"{path}: cannot write ({exc.strerror})") from None
