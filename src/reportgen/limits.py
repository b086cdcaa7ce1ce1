"""Bounds on what reportgen reads, so a hostile or broken file costs seconds and megabytes, not
hours and gigabytes. Every limit is named here and stated in the README ("Limits")."""

from __future__ import annotations

import os
import re
import stat
import sys
import threading
import zipfile
from contextlib import contextmanager
from pathlib import Path

# pickle and signal are imported where a source is read (a worker, a timer): not for drafting

MiB = 1024 * 1024
# caps by reader: what decides a file's cost is the parser that reads it, so every suffix a reader
# takes has the cap of that reader (".markdown" as ".md", ".xhtml" as ".html"); a suffix no reader
# claims is read as text
READER_BYTES = {"text": 20 * MiB, "markdown": 20 * MiB, "html": 10 * MiB, "pdf": 100 * MiB, "docx": 50 * MiB}
READER_OF = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
             ".xhtml": "html", ".pdf": "pdf", ".docx": "docx"}
SOURCE_BYTES = {suffix: READER_BYTES[reader] for suffix, reader in READER_OF.items()}
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
    reader = READER_OF.get(Path(path).suffix.lower(), "text")
    limit = READER_BYTES[reader]
    if size > limit:
        raise error(f"{path}: {size // MiB} MiB is more than the {limit // MiB} MiB allowed for a "
                    f"{reader} source; split it, or save only the part you cite")


def check_zip(path: Path, error: type[Exception]) -> dict[str, bytes]:
    """Refuse a .docx whose parts would inflate beyond the limits (a zip bomb), before reading any;
    else its parts by name, inflated (once: its reader takes them, and does not inflate them again)."""
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
    return _inflate_within_budget(path, error)


def _inflate_within_budget(path: Path, error: type[Exception]) -> dict[str, bytes]:
    """Inflate every part once, a chunk at a time, counting what comes out: the sizes above are
    what the zip's headers declare, and a header may lie. zipfile stops each part at its declared
    size and checks its CRC there, so a part that would inflate further is refused after at most
    ZIP_PART_BYTES, in chunks of 1 MiB (a whole-part read asks zlib for up to 2 GiB at once)."""
    total, parts = 0, {}
    try:
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                size, chunks = 0, []
                with z.open(info) as part:
                    while chunk := part.read(MiB):
                        size += len(chunk)
                        total += len(chunk)
                        if size > ZIP_PART_BYTES or total > ZIP_TOTAL_BYTES:
                            raise error(f"{path}: part {info.filename} inflates beyond the limits ({ZIP_PART_BYTES // MiB} "
                                        f"MiB a part, {ZIP_TOTAL_BYTES // MiB} MiB in all); refused as a possible zip bomb")
                        chunks.append(chunk)
                parts[info.filename] = b"".join(chunks)  # a name given twice: the last, as zipfile reads it
    except error:
        raise
    except (OSError, zipfile.BadZipFile, ValueError, EOFError, NotImplementedError, RuntimeError) as exc:
        raise error(f"{path}: not a readable Word document: a part does not inflate to the size its header "
                    f"declares, or is damaged ({exc})") from None
    except Exception as exc:  # noqa: BLE001 - zlib.error and the like: a damaged or hostile file
        raise error(f"{path}: not a readable Word document ({type(exc).__name__}: {exc})") from None
    return parts


READ_SECONDS = 60  # one source, read and parsed: a real one takes a few seconds at the size caps
HTML_ELEMENTS = 200_000  # tags in a saved page; a long report has tens of thousands
PARAGRAPH_CHARS = 50_000  # one paragraph or heading; the longest of the shipped library has 2,600


class _OverBudget(BaseException):
    """Raised by the timer: a BaseException, so no parser's `except Exception` can swallow it."""


@contextmanager
def time_budget(path: Path, error: type[Exception]):
    """Stop reading one source after READ_SECONDS (POSIX main thread only; elsewhere, no timer)."""
    import signal
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


# --- every parse of an untrusted file in a worker process the operating system bounds ---------

READ_MEMORY = 1024 * MiB  # the whole address space of the worker that reads one file: a ceiling, not an addition
# OCR (`evidence add --ocr`): Tesseract reads a page in seconds, so a scan of a few hundred pages
# needs minutes; and its page images take more memory than any parser here
OCR_SECONDS = 900  # the whole file, in the worker and in each Tesseract process it starts
OCR_PAGE_SECONDS = 180  # one page in Tesseract: a page it cannot read in that time is left without text
OCR_MEMORY = 2048 * MiB
OCR_PAGES = 300  # pages OCR'd in one add: at 2-3 s a page on one core, what fits in OCR_SECONDS; --pages picks them
WATCHDOG_GRACE = 5  # seconds past READ_SECONDS before the parent kills a worker that did not stop itself
# how a worker starts: forked on Linux (a few milliseconds), a fresh interpreter elsewhere (macOS's
# system libraries are not fork-safe; Windows has no fork) and whenever this process already holds
# half of READ_MEMORY, which a forked worker would inherit and count against its ceiling
START_METHOD = "fork" if sys.platform.startswith("linux") else "spawn"


class _Outcome:
    """What a worker sends back: a result, or the message of an error it met."""

    def __init__(self, value=None, message: str | None = None):
        self.value, self.message = value, message


def bounded(fn, *args, path: Path, error: type[Exception], what: str = "reading it",
            seconds: int | None = None, memory: int | None = None):
    """fn(*args) in a worker process with hard limits a C extension cannot ignore: RLIMIT_AS
    (`memory` for the whole worker) and RLIMIT_CPU where the `resource` module exists, and
    everywhere a watchdog in this process that kills the worker after `seconds` +
    WATCHDOG_GRACE of wall time (READ_SECONDS and READ_MEMORY unless the job has its own, as OCR
    does). fn and its arguments must pickle (a module-level function): a spawned worker is a
    fresh interpreter that imports fn by name."""
    import pickle
    import signal
    seconds = READ_SECONDS if seconds is None else seconds  # looked up now: a test may lower them
    memory = READ_MEMORY if memory is None else memory
    job = (fn, args, error, path, what, memory, seconds)
    run = _forked if _start_method() == "fork" else _spawned
    data, signum = run(job, seconds + WATCHDOG_GRACE)
    if signum == "timeout":
        raise error(f"{path}: {what} took more than {seconds} s, so its worker was stopped; split it, or "
                    f"save only the part you cite")
    if not data:
        cause = {getattr(signal, "SIGXCPU", None): f"more than {seconds} s of processor time",
                 getattr(signal, "SIGKILL", None): f"more than {seconds} s or {memory // MiB} MiB"}.get(
            signum, f"more than {memory // MiB} MiB of memory or a crash of the parser")
        raise error(f"{path}: {what} needed {cause}, so it was stopped; split it, or save only the part you cite")
    try:
        outcome = pickle.loads(data)
    except Exception:  # noqa: BLE001 - a worker that wrote something else than its answer
        raise error(f"{path}: {what} failed: its worker's answer could not be read") from None
    if outcome.message is not None:
        raise error(outcome.message)
    return outcome.value


def _start_method() -> str:
    if START_METHOD != "fork" or not hasattr(os, "fork"):
        return "spawn"
    held = _address_space()
    return "fork" if held is not None and held < READ_MEMORY // 2 else "spawn"


def _work(fn, args, error, path, what, memory, seconds) -> bytes:
    """In the worker: the limits, then fn, its result or error pickled for the parent."""
    import faulthandler
    import pickle
    faulthandler.disable()  # a parser aborting at the limit is reported by the parent, in one line
    _limit_self(memory, seconds)
    try:
        outcome = _Outcome(fn(*args))
    except error as exc:
        outcome = _Outcome(message=str(exc))
    except MemoryError:
        outcome = _Outcome(message=f"{path}: {what} needed more than the {memory // MiB} MiB allowed")
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, which decides
        outcome = _Outcome(message=f"{path}: cannot be read ({type(exc).__name__}: {str(exc)[:200]})")
    return pickle.dumps(outcome, protocol=pickle.HIGHEST_PROTOCOL)


def _forked(job: tuple, seconds: float) -> tuple[bytes, int | str | None]:
    """(what the worker sent, the signal that ended it or "timeout") of a job run in a fork."""
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:  # the worker: never returns into the caller's code
        code = 0
        try:
            os.setpgid(0, 0)  # a group of its own: what it starts (OCR's Tesseract) is stopped with it
            os.close(reader)
            data = _work(*job)
            with os.fdopen(writer, "wb") as out:
                out.write(data)
        except BaseException:  # noqa: BLE001 - even pickling can fail under the memory limit
            code = 70
        finally:
            os._exit(code)
    os.close(writer)
    try:
        os.setpgid(pid, pid)  # here too, so the group exists whichever of the two runs first
    except OSError:
        pass  # the worker set it already, or has ended
    return _ended(*_collect(pid, reader, seconds))


def _ended(data: bytes, status: int | None) -> tuple[bytes, int | str | None]:
    if status is None:
        return b"", "timeout"
    if os.WIFSIGNALED(status):
        return b"", os.WTERMSIG(status)
    return (data, None) if os.waitstatus_to_exitcode(status) == 0 and data else (b"", None)


_SPAWN_MAIN = ("import pickle, sys; sys.path[:] = pickle.load(sys.stdin.buffer); "
               "from reportgen.limits import _serve; _serve()")


def _spawned(job: tuple, seconds: float) -> tuple[bytes, int | str | None]:
    """The same in a fresh interpreter (`python -c`, not multiprocessing, which would run the
    caller's main script again): no fork needed, and nothing of this process's memory counted
    against the worker's ceiling. It is given this process's sys.path, then the job, on stdin
    (a file, so that writing it never waits on the worker), and answers on a pipe collected as a
    fork's is: its group is killed before it is reaped."""
    import pickle
    import signal
    import subprocess
    import tempfile
    # sys.path first: reportgen itself may be importable only through a path the caller added
    request = pickle.dumps(sys.path) + pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL)
    if not hasattr(os, "killpg"):
        return _spawned_alone(request, seconds)
    with tempfile.TemporaryFile() as stdin:
        stdin.write(request)
        stdin.seek(0)
        reader, writer = os.pipe()
        try:
            worker = subprocess.Popen([sys.executable, "-c", _SPAWN_MAIN], stdin=stdin, stdout=writer,
                                      start_new_session=True)  # a group of its own, as a fork's
        except BaseException:
            os.close(reader)
            raise
        finally:
            os.close(writer)
    data, status = _collect(worker.pid, reader, seconds)
    worker.returncode = -signal.SIGKILL if status is None else os.waitstatus_to_exitcode(status)  # reaped
    return _ended(data, status)


def _spawned_alone(request: bytes, seconds: float) -> tuple[bytes, int | str | None]:
    """Where there are no process groups (Windows): the worker alone, stopped by its handle."""
    import subprocess
    worker = subprocess.Popen([sys.executable, "-c", _SPAWN_MAIN], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        data, _ = worker.communicate(request, timeout=seconds)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.communicate()
        return b"", "timeout"
    except BaseException:  # an interrupt (Ctrl-C) ends the worker too
        worker.kill()
        worker.wait()
        raise
    if worker.returncode == 0 and data:
        return data, None
    return b"", -worker.returncode if worker.returncode < 0 else None


def _serve() -> None:
    """A spawned worker's main, once its sys.path is set: one job from stdin, its outcome to what
    was stdout; the parser's own prints (Python's or a C library's) go to stderr, not into it."""
    import pickle
    try:
        answer = os.fdopen(os.dup(1), "wb")
        os.dup2(2, 1)
        sys.stdout = sys.stderr
        data = _work(*pickle.load(sys.stdin.buffer))
        answer.write(data)
        answer.flush()
    except BaseException:  # noqa: BLE001 - even pickling can fail under the memory limit
        os._exit(70)
    os._exit(0)


def _limit_self(memory: int, seconds: int) -> None:
    """In the worker: the rlimits, where the platform has them (the watchdog stands in elsewhere).
    `resource` is imported here: it does not exist on Windows."""
    try:
        import resource
    except ImportError:
        return
    for name, (soft, hard) in (("RLIMIT_AS", (memory, memory)), ("RLIMIT_CPU", (seconds, seconds + WATCHDOG_GRACE))):
        if not hasattr(resource, name):
            continue
        limit = getattr(resource, name)
        current = resource.getrlimit(limit)[1]  # a lower hard limit set by the user stays
        if current != resource.RLIM_INFINITY:
            soft, hard = min(soft, current), min(hard, current)
        try:
            resource.setrlimit(limit, (soft, hard))
        except (ValueError, OSError):
            pass  # the watchdog remains


def _address_space() -> int | None:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _collect(pid: int, fd: int, seconds: float) -> tuple[bytes, int | None]:
    """(what the worker wrote, its wait status), or status None when the watchdog killed it."""
    import select
    import time
    chunks, deadline = [], time.monotonic() + seconds
    try:
        while True:  # an interrupt (Ctrl-C) here ends the worker too: see the except below
            left = deadline - time.monotonic()
            ready = select.select([fd], [], [], max(left, 0))[0] if left > 0 else []
            if not ready:
                _kill_group(pid)
                os.waitpid(pid, 0)
                return b"", None
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    except BaseException:
        _kill_group(pid)
        os.waitpid(pid, 0)
        raise
    finally:
        os.close(fd)
    if hasattr(os, "waitid"):  # ended, but left unreaped: its pid, its group's id, is not given to another
        os.waitid(os.P_PID, pid, os.WEXITED | os.WNOWAIT)
    _kill_group(pid)  # what it started and left running (a Tesseract past the deadline)
    return b"".join(chunks), os.waitpid(pid, 0)[1]


def _kill_group(pid: int) -> None:
    """Kill a worker and every process it started, its process group; called before the worker
    is reaped, while the group's id is still its own. A group already gone is no error."""
    import signal
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
