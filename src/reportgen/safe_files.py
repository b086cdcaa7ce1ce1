"""Writing output files atomically, and never over a file an expert may have edited unless forced."""

from __future__ import annotations

import errno
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

from .errors import OutputExistsError, ReportgenError

DIRECTION_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")  # text that displays reordered
# control characters other than tab and line feed: never in a value a person wrote (ESC opens a
# terminal's commands, a carriage return overwrites the line it is on)
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_UNPRINTABLE = re.compile(CONTROLS.pattern + "|" + DIRECTION_CONTROLS.pattern)


def printable(text: str) -> str:
    """Text for a terminal with its control characters written as escapes: a message may quote a
    document's or a server's bytes, and ESC sequences would retitle or recolour the terminal.
    Lines and tabs stay; what is above ASCII is written \\uXXXX, which JSON reads back as itself."""
    return _UNPRINTABLE.sub(lambda m: _escape(m.group(0)), text)


def _escape(ch: str) -> str:
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x7f else f"\\u{ord(ch):04x}"


ELSEWHERE = "-o to write elsewhere"  # how a command that writes a report is told another file


def check_writable(path: Path, force: bool = False, elsewhere: str = ELSEWHERE) -> None:
    """Refuse early, before any work, to write over a file or into a missing folder. `elsewhere`
    says how this command takes another file name (the commands do not all have -o)."""
    path = Path(path)
    if DIRECTION_CONTROLS.search(path.name):
        raise ReportgenError(f"{path.name!a}: the file name holds an invisible direction control, which can make "
                             f"it display otherwise than it is; choose another name")
    if path.exists() and not force:
        raise OutputExistsError(f"{path} already exists (an expert may have edited it); "
                                f"use --force to overwrite, or {elsewhere}")
    if not path.parent.is_dir():
        raise ReportgenError(f"{path.parent}: folder does not exist")


def write_atomic(path: Path, data: bytes, force: bool = False, elsewhere: str = ELSEWHERE) -> None:
    """Write to a temporary file beside the target, then rename: readers see all or nothing."""
    path = Path(path)
    check_writable(path, force, elsewhere)
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
        raise ReportgenError(f"{path}: cannot write ({exc.strerror}); {what_to_do(exc)}") from None


ENVIRONMENT_ERRORS = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.EDQUOT}  # the machine, not a bug


def what_to_do(exc: OSError) -> str:
    """The user's next step for an error of their environment (permissions, a full disk)."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "free some disk space and run the command again"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "make the folder writable, or choose another one"
    return "check the path and run the command again"


class FileSwap:
    """Several library files replaced as one: each new file is written aside first; only when all
    are written are they renamed into place, the old ones kept aside until then. Any failure puts
    every old file back and removes every new one, so the library is left exactly as it was."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.staged: list[tuple[Path, Path]] = []  # (temporary file, final name)
        self.removals: list[Path] = []

    def _temp(self, final: Path) -> Path:
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=f".{final.name}.", suffix=".tmp")
        os.close(fd)
        return Path(tmp)

    def write(self, final: Path, data: bytes) -> None:
        tmp = self._temp(final)
        self.staged.append((tmp, final))
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())

    def copy(self, final: Path, source: Path) -> None:
        tmp = self._temp(final)
        self.staged.append((tmp, final))
        with open(source, "rb") as src, open(tmp, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            os.fsync(dst.fileno())

    def remove(self, path: Path) -> None:
        self.removals.append(Path(path))

    def commit(self, then=None) -> None:
        """Swap the files in. `then` (the index update that goes with them) runs while the old
        files are still kept aside: if it fails, they are put back too, so a full disk met by
        the index leaves the library as it was."""
        backups: list[tuple[Path, Path]] = []  # (backup, original name)
        placed: list[Path] = []
        try:
            for tmp, final in self.staged:
                os.chmod(tmp, 0o644)
                if os.path.lexists(final):  # a link is moved aside as a link: its target is never written
                    backups.append((self._aside(final), final))
                os.replace(tmp, final)
                placed.append(final)
            for path in self.removals:
                if os.path.lexists(path) and path not in placed:
                    backups.append((self._aside(path), path))
            if then is not None:
                then()
        except BaseException:
            for final in placed:
                Path(final).unlink(missing_ok=True)
            for backup, original in reversed(backups):
                os.replace(backup, original)
            self.discard()
            raise
        for backup, _ in backups:
            backup.unlink(missing_ok=True)

    def _aside(self, path: Path) -> Path:
        backup = self._temp(path)
        os.replace(path, backup)
        return backup

    def discard(self) -> None:
        for tmp, _ in self.staged:
            tmp.unlink(missing_ok=True)
        self.staged = []


@contextmanager
def exclusive_lock(path: Path):
    """Hold the lock file `path` while a block runs: two reportgen processes on one machine, on
    any platform, take turns. The file is left in place; what it holds means nothing. On POSIX
    the lock is flock, taken here as filelock itself takes it there (the two exclude each
    other): every command that opens the index takes this lock to check the files' stamps, and
    importing filelock cost a draft about 40 ms of CPU. Elsewhere (Windows: msvcrt), filelock."""
    try:
        import fcntl
    except ImportError:
        from filelock import FileLock
        with FileLock(str(path)):
            yield
        return
    with open(path, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
