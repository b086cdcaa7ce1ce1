"""The worker processes of a big build, and what each does: read and segment a source, or
compute a chunk's tags or a description's ranking from the index being built (reads only).
The main process (library.indexing.build) writes everything they return."""

from __future__ import annotations

import os
import sqlite3
import sys
from collections import deque
from itertools import islice
from pathlib import Path

from ...errors import SourceError
from ...models import AlreadyRead, Taxonomy
from ..reading.sources import read_source
from .bm25 import totals
from .names import chunk_names
from .rankings import rank_afresh
from .same_text import pairs_of
from .tagging import chunk_tags


def pool_size() -> int:
    return min(os.cpu_count() or 1, 4)


def pool(files: int):
    """Worker processes, one per core (up to four), for a build of many files; None for a few."""
    if files < 16 or pool_size() < 2:
        return None
    from concurrent.futures import ProcessPoolExecutor  # only big builds pay for the import
    return ProcessPoolExecutor(max_workers=pool_size(), initializer=die_with_parent, initargs=(os.getpid(),))


_READERS: dict[str, tuple] = {}  # per process: a build's index opened to read, its totals, word counts


def tail_task(path: str, taxonomies: list[Taxonomy], task: tuple):
    """One chunk's tag rows or names, one description's ranking, or one series' paragraphs of the
    same text (see build._tag_and_rank)."""
    if path not in _READERS:
        conn = sqlite3.connect(Path(path).as_uri() + "?mode=ro", uri=True, timeout=60)
        _READERS[path] = (conn, totals(conn), {})
    conn, library_totals, counts = _READERS[path]
    if task[0] == "rank":
        return rank_afresh(conn, [task[1]], *library_totals, counts=counts)
    if task[0] == "name":
        return chunk_names(conn, taxonomies, task[1], task[2])
    if task[0] == "pair":
        return pairs_of(conn, task[1][1], task[1][2])
    return chunk_tags(conn, taxonomies, task[1], task[2])


def close_reader(path: str) -> None:
    """This process's reader of a build's index, when it computed the tasks itself."""
    reader = _READERS.pop(path, None)
    if reader:
        reader[0].close()


def ahead(executor, fn, items: list, window: int):
    """executor.map(fn, items), in order, with at most `window` items in flight: the results of fast
    workers never pile up while the main process writes. The first are submitted here, so the
    workers start now, not when the first result is asked for."""
    todo = iter(items)
    pending = deque(executor.submit(fn, item) for item in islice(todo, window))

    def results():
        while pending:
            done = pending.popleft()
            pending.extend(executor.submit(fn, item) for item in islice(todo, 1))
            yield done.result()
    return results()


def read_and_segment(path: Path, read: AlreadyRead | None = None):
    """(meta, paragraphs), or the message saying why the file cannot be used. `read` is what
    `evidence add` read and segmented of the file (it checks that a file yields paragraphs before
    adding it): its paragraphs are used when the metadata read now is the metadata they had."""
    from ..segmenting.paragraphs import segment  # the segmenting rules load only when something is rebuilt
    try:
        document = read_source(path, read.content if read else None)
        if read and read.meta == document.meta:
            paragraphs = list(read.paragraphs)
        else:
            paragraphs, _ = segment(document)
    except SourceError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - one hostile file must not stop the others
        return f"{path}: cannot be read ({type(exc).__name__}: {str(exc)[:200]})"
    if not paragraphs:
        return f"{path}: no evidence paragraphs found (only headings or page furniture)"
    return document.meta, paragraphs


def die_with_parent(parent: int) -> None:
    """Pool workers end when the command that started them dies, even by kill -9."""
    import signal
    import threading
    import time
    if sys.platform.startswith("linux"):  # elsewhere the watch below alone ends them
        try:
            import ctypes
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass

    def watch():
        while os.getppid() == parent:
            time.sleep(1)
        os._exit(1)
    threading.Thread(target=watch, daemon=True).start()
