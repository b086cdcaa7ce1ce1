"""Bounds on what reportgen reads, so a hostile or broken file costs seconds and megabytes, not
hours and gigabytes. Every limit is named here and stated in the README ("Limits")."""

from __future__ import annotations

import re
import signal
import stat
import threading
import zipfile
from contextlib import contextmanager
from pathlib import Path

MiB = 1024 * 1024
SOURCE_BYTES = {".txt": 20 * MiB, ".md": 20 * MiB, ".html": 10 * MiB, ".htm": 10 * MiB,
                ".pdf": 100 * MiB, ".docx": 50 * MiB}
ZIP_PART_BYTES = 64 * MiB  # one part of a .docx, inflated (a long report's document.xml is a few MiB)
ZIP_TOTAL_BYTES = 256 * MiB  # all parts together, inflated
ZIP_RATIO = 200  # inflated / compressed size of a part above ZIP_RATIO_FLOOR; real XML stays below 20
ZIP_RATIO_FLOOR = 1 * MiB
ZIP_PARTS = 10_000


def regular_file(path: Path, error: type[Exception], what: str = "file") -> int:
    """The size of a regular file, else an error: a device (/dev/zero) reads forever, a FIFO blocks."""
    try:
        st = Path(path).stat()
    except OSError as exc:
        raise error(f"{path}: cannot read the {what} ({exc.strerror})") from None
    if not stat.S_ISREG(st.st_mode):
        raise error(f"{path}: not a regular file (a folder, device or pipe); give the path of a {what}")
    return st.st_size


def check_source_size(path: Path, error: type[Exception]) -> None:
    size = regular_file(path, error, "source file")
    limit = SOURCE_BYTES.get(Path(path).suffix.lower())
    if limit is not None and size > limit:
        raise error(f"{path}: {size // MiB} MiB is more than the {limit // MiB} MiB allowed for a "
                    f"{Path(path).suffix.lower()} source; split it, or save only the part you cite")


def check_zip(path: Path, error: type[Exception]) -> None:
    """Refuse a .docx whose parts would inflate beyond the limits (a zip bomb), before reading any."""
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
    except (OSError, zipfile.BadZipFile, ValueError) as exc:
        raise error(f"{path}: not a readable Word document ({exc})") from None
    if len(infos) > ZIP_PARTS:
        raise error(f"{path}: {len(infos)} parts is more than the {ZIP_PARTS} a Word document may have")
    total = 0
    for info in infos:
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > ZIP_PART_BYTES or total > ZIP_TOTAL_BYTES or (
                info.file_size > ZIP_RATIO_FLOOR and ratio > ZIP_RATIO):
            raise error(f"{path}: part {info.filename} would inflate to {info.file_size // MiB} MiB "
                        f"(ratio {ratio:.0f}:1); refused as a possible zip bomb (limits: {ZIP_PART_BYTES // MiB} "
                        f"MiB a part, {ZIP_TOTAL_BYTES // MiB} MiB in all, {ZIP_RATIO}:1)")


READ_SECONDS = 60  # one source, read and parsed: a real one takes a few seconds at the size caps
HTML_ELEMENTS = 200_000  # tags in a saved page; a long report has tens of thousands


class _OverBudget(BaseException):
    """Raised by the timer: a BaseException, so no parser's `except Exception` can swallow it."""


@contextmanager
def time_budget(path: Path, error: type[Exception]):
    """Stop reading one source after READ_SECONDS (POSIX main thread only; elsewhere, no timer)."""
    seconds = READ_SECONDS
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(_signum, _frame):
        raise _OverBudget()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _OverBudget:
        raise error(f"{path}: reading it took more than {seconds:.0f} s, so it was stopped; split it, or "
                    f"save only the part you cite") from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def check_html_elements(page: str, path: Path, error: type[Exception]) -> None:
    """Counted on the markup about to be parsed: a saved page, or what Markdown renders to."""
    count = len(re.findall(r"<[A-Za-z]", page))
    if count > HTML_ELEMENTS:
        raise error(f"{path}: {count} elements is more than the {HTML_ELEMENTS} allowed in a web page; "
                    f"save only the article")
