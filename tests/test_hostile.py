"""One bad file never blocks the rest, and hostile input costs bounded time and memory: every
error names its file, exits 2 (bad input) and leaves the other sources indexed."""

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from conftest import UK
from hostile import (
    aes_encrypted_pdf,
    aliased_yaml,
    deep_page_tree_pdf,
    flate_bomb_pdf,
    many_attributes_html,
    python_calls,
    workers_ended,
    yaml_built,
    zip_bomb_docx,
)

from reportgen.library.folder import Library
from reportgen.library.indexing.read import EvidenceIndex

META = """id: {id}
title: A hostile file
author: unknown
publisher: unknown
published: {published}
url: unknown
accessed: 2026-11-01
country: [CN]
source_type: other
language: en
"""


def put(library, name, data: bytes, published="2025-01-01", meta: bytes | None = None):
    stem = name.rsplit(".", 1)[0]
    (library / "sources" / name).write_bytes(data)
    (library / "sources" / f"{stem}.meta.yaml").write_bytes(
        meta if meta is not None else META.format(id=stem, published=published).encode())


TEXT = b"Police questioned the relatives of activists abroad several times in the last year.\n"


def test_each_bad_source_is_named_and_the_others_still_indexed(run, library, tmp_path):
    put(library, "deep-tree.pdf", deep_page_tree_pdf(tmp_path / "d.pdf").read_bytes())
    put(library, "aes.pdf", aes_encrypted_pdf(tmp_path / "a.pdf").read_bytes())
    put(library, "bad-date.txt", TEXT, published="2020-13-45")
    put(library, "latin1.txt", TEXT, meta=META.format(id="latin1", published="2025-01-01")
        .replace("A hostile file", "Caf\u00e9 notes").encode("latin-1"))
    put(library, "aliases.txt", TEXT, meta=b"a: &x [1, 2]\n" + META.format(id="aliases", published="2025").encode()
        + b"notes: *x\n")
    put(library, "bomb.docx", zip_bomb_docx(tmp_path / "b.docx").read_bytes())
    (library / ".reportgen-index.sqlite").unlink()  # a first build: the shipped sources are read too
    result = run("--evidence", library, "evidence", "index")
    assert result.code == 1, result.err  # partly done: the shipped sources are indexed
    for name, reason in (("deep-tree.pdf", ""), ("aes.pdf", ""), ("bad-date.meta.yaml", "2020-13-45"),
                         ("latin1.meta.yaml", "UTF-8"), ("aliases.meta.yaml", "aliases"), ("bomb.docx", "zip bomb")):
        line = next((ln for ln in result.err.splitlines() if name in ln), "")
        assert line and reason in line, (name, result.err)
    assert "unexpected error" not in result.err
    listed = run("--evidence", library, "evidence", "list", "--json").json()
    assert len(listed) >= 5
    out = tmp_path / "report.docx"
    drafted = run("--evidence", library, "draft", UK, "-o", out)
    assert drafted.code == 0 and out.is_file(), drafted.err


@pytest.mark.parametrize("name, data", [
    ("broken.pdf", b"%PDF-1.4 this is not really a PDF"),
    ("declared.html", b'<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
                      b"<body><p>\xff\xfe not text</p></body></html>"),
    ("garbage.docx", os.urandom(2048)),
    ("garbage.html", b"\x00" * 100 + b"<html"),
])
def test_parser_failures_in_add_are_bad_input(run, library, tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    result = run("--evidence", library, "evidence", "add", path, "--title", "T", "--source-type", "other",
                 "--country", "CN")
    assert result.code in (0, 2), result.err
    if result.code == 2:
        assert name in result.err and "unexpected error" not in result.err


def test_a_page_that_reads_too_long_is_stopped(run, library, tmp_path, monkeypatch):
    import time

    from reportgen import limits
    from reportgen.library.reading.readers import html

    def tiny(n: int) -> str:
        return "<html><body>" + "<div><p>Police came to the house of the family again.</p></div>" * n + "</body></html>"
    page = tmp_path / "tiny.html"  # thousands of tiny paragraphs (an old extractor's quadratic case)
    page.write_text(tiny(20_000))
    result = run("--evidence", library, "evidence", "add", page, "--title", "T", "--source-type", "other",
                 "--country", "CN")
    assert result.code == 0, result.err
    # read in linear time: twice the paragraphs, twice the work (a quadratic reader does four times)
    half, whole = (python_calls(html.read_html_text, tiny(n), page) for n in (5_000, 10_000))
    assert whole < 2.2 * half, (half, whole)
    monkeypatch.setattr(limits, "READ_SECONDS", 1)
    slow = tmp_path / "slow.html"  # a reader that hangs (a parser's pathological case) is stopped
    slow.write_text("<html><body><p>Police came to the house of the family again.</p></body></html>")
    monkeypatch.setattr(html, "read_html", lambda path: time.sleep(5))
    monkeypatch.setattr(limits, "_start_method", lambda: "fork")  # the worker has the stand-in (this process may hold enough memory to spawn)
    result = run("--evidence", library, "evidence", "add", slow, "--title", "T", "--source-type", "other",
                 "--country", "CN")
    assert result.code == 2 and "slow.html" in result.err and "more than 1 s" in result.err


def test_rebuilds_racing_other_commands_leave_a_usable_index(run, library, tmp_path):
    base = [sys.executable, "-m", "reportgen.cli", "--evidence", str(library)]
    procs = [subprocess.Popen(base + ["evidence", "index", "--rebuild"], stderr=subprocess.PIPE) for _ in range(2)]
    procs.append(subprocess.Popen(base + ["draft", str(UK), "-o", str(tmp_path / "r.docx")], stderr=subprocess.PIPE))
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
    assert run("--evidence", library, "evidence", "list", "--json").code == 0
    assert not list(library.glob(".index-*.tmp"))


def test_zip_bombs_are_refused_by_verify_and_add(run, library, tmp_path):
    bomb = zip_bomb_docx(tmp_path / "bomb.docx")
    result = run("--evidence", library, "verify", bomb)
    assert result.code == 2 and "zip bomb" in result.err and "bomb.docx" in result.err
    result = run("--evidence", library, "evidence", "add", bomb, "--title", "T", "--source-type", "other",
                 "--country", "CN")
    assert result.code == 2 and "zip bomb" in result.err
    assert not (library / "sources" / "bomb.docx").exists()


def test_sources_above_their_format_limit_are_refused(run, library, tmp_path):
    from reportgen.limits import SOURCE_BYTES
    big = tmp_path / "huge.html"
    with open(big, "wb") as fh:
        fh.truncate(SOURCE_BYTES[".html"] + 1)  # sparse: costs no disk
    result = run("--evidence", library, "evidence", "add", big, "--title", "T", "--source-type", "other",
                 "--country", "CN")
    assert result.code == 2 and "huge.html" in result.err and "MiB allowed" in result.err


def test_only_regular_files_are_read(run, library, tmp_path):
    result = run("--evidence", library, "validate", "/dev/zero")
    assert result.code == 2 and "not a regular file" in result.err
    fifo = tmp_path / "case.yaml"
    os.mkfifo(fifo)
    result = run("--evidence", library, "validate", fifo)  # would block forever if opened
    assert result.code == 2 and "not a regular file" in result.err
    for command in (["verify"], ["draft"], ["evidence", "import-csl"], ["evidence", "add", "--title", "T"]):
        result = run("--evidence", library, *command, fifo)
        assert result.code == 2 and "not a regular file" in result.err, command


def test_unwritable_places_are_the_users_to_fix(run, library, tmp_path, monkeypatch):
    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(tmp_path / "out"))
    monkeypatch.setattr(tempfile, "mkstemp", refused)
    result = run("--evidence", library, "draft", UK, "-o", tmp_path / "report.docx")
    assert result.code == 2 and "Permission denied" in result.err and "writable" in result.err
    monkeypatch.undo()
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setattr(Library, "index_path", property(lambda self: blocker / "index.sqlite"))
    result = run("--evidence", library, "evidence", "list")
    assert result.code == 2 and "evidence index cannot be written" in result.err and "XDG_CACHE_HOME" in result.err


def test_a_damaged_index_is_rebuilt_and_stale_temporaries_cleaned(run, library):
    assert run("--evidence", library, "evidence", "list").code == 0
    index = library / ".reportgen-index.sqlite"
    stale = library / ".index-reportgen-index-killed.tmp"
    stale.write_bytes(b"left by kill -9")
    index.write_bytes(b"SQLite format 3\x00" + b"\x00" * 100 + b"garbage" * 1000)
    result = run("--evidence", library, "evidence", "list", "--json")
    assert result.code == 0, result.err
    assert len(result.json()) >= 5
    assert not stale.exists()
    assert (library / ".reportgen-index.sqlite.lock").exists()


def test_digest_lookup_is_exact_and_uses_the_index(library):
    ix = EvidenceIndex.open(Library(library))
    some = ix.conn.execute("SELECT id FROM paragraphs LIMIT 1").fetchone()["id"]
    digest = some.split(":", 1)[1]
    assert ix.paragraph_id_by_digest(digest) == some
    for pattern in ("%", "_" * len(digest), digest[:-1] + "%"):
        assert ix.paragraph_id_by_digest(pattern) == ""
    plan = " ".join(r[3] for r in ix.conn.execute(
        "EXPLAIN QUERY PLAN SELECT p.id FROM sources s JOIN paragraphs p ON p.id = s.id || ':' || ?", (digest,)))
    assert "SCAN p" not in plan and "SCAN paragraphs" not in plan


def test_furniture_and_anonymisation_are_linear_on_a_long_line():
    """Lines that made the old expressions backtrack for minutes; each finishes in one pass now."""
    from reportgen.library.segmenting.furniture import classify
    from reportgen.report.anonymise import anonymise
    n = 200_000
    for line in ("a" * n + "@", "1" * n + "@", "pose " * (n // 5), "a" + "." * n, "Ab " * (n // 3)):
        classify([(1, "Title"), (2, line)])
        anonymise(line, "Zhang Weiming", "the Appellant")


def _segmented_counting(monkeypatch, blocks):
    """(the paragraphs of a document of these blocks, the characters given to the steps that read a
    paragraph's whole text: its id's hash, its attribution and its stance)."""
    from reportgen.library.segmenting import paragraphs
    from reportgen.models import SourceDocument, SourceMeta
    given = {"chars": 0}

    def counted(fn):
        def wrapper(*args):
            given["chars"] += sum(len(a) for a in args if isinstance(a, str))
            return fn(*args)
        return wrapper
    for name in ("paragraph_id", "attributed_to", "stance_and_position"):
        monkeypatch.setattr(paragraphs, name, counted(getattr(paragraphs, name)))
    meta = SourceMeta(id="doc", title="Arrests", author="unknown", publisher="Example", published="2025",
                      url="unknown", accessed="unknown", country=("CN",), source_type="ngo", language="en")
    found, _ = paragraphs.segment(SourceDocument(meta, blocks=tuple(blocks)))
    return found, given["chars"]


def test_a_long_run_on_list_is_joined_once(monkeypatch):
    """A lead-in whose lower-case items go on with its sentence becomes one paragraph; the text is
    joined, hashed and read for attribution and stance once, not again at each item (counted:
    the characters those steps are given, linear in the list, where it was the square)."""
    from reportgen.models import SourceBlock
    items = [f"the arrest of activist number {n} in the province, reported by relatives;" for n in range(3000)]
    found, chars = _segmented_counting(monkeypatch, (
        SourceBlock("Arrests", 1, heading=True, level=1),
        SourceBlock("Police detained the following people in the spring of 2024:", 2),
        *(SourceBlock(item, n + 3, item=True) for n, item in enumerate(items)),
        SourceBlock("and their lawyers were warned not to take the cases.", len(items) + 3, item=True)))
    whole = found[0].text
    assert len(found) == 1 and whole.startswith("Police detained") and whole.endswith("the cases.")
    assert chars < 5 * len(whole), (chars, len(whole))


def test_a_long_article_is_joined_once_and_may_cross_pages(monkeypatch):
    """A statute's article is cited whole, its later paragraphs joined to it: once (4,000 paragraphs
    took 27 s, the square), and across a page, counted on its last page (was a KeyError)."""
    from reportgen.models import SourceBlock
    rest = [f"公安机关应当再次询问第{n}号人员的亲属，并记录其回答的内容。" for n in range(3000)]
    found, chars = _segmented_counting(monkeypatch, (
        SourceBlock("第一章 总则", 1, heading=True, level=1, page=1),
        SourceBlock("第一条 未经批准出境的公民，依照下列规定处罚。", 2, page=1),
        *(SourceBlock(text, n + 3, page=2 + n // 1000) for n, text in enumerate(rest))))
    (article,) = found
    assert article.marker == "art. 1" and article.text.endswith(rest[-1]) and (article.page, article.number) == (4, 1)
    assert chars < 5 * len(article.text), (chars, len(article.text))


def test_a_list_goes_on_past_a_running_header(monkeypatch):
    """Page furniture between two items (a running header at a page break) does not end the list."""
    from reportgen.models import SourceBlock
    found, _ = _segmented_counting(monkeypatch, (
        SourceBlock("Arrests", 1, heading=True, level=1),
        SourceBlock("Police detained the following people in the spring of 2024:", 2),
        SourceBlock("the activist Li Ming in Wuhan, reported by relatives;", 3, item=True),
        SourceBlock("Page 12 of 40", 4),
        SourceBlock("his sister in Beijing, questioned for three days.", 5, item=True)))
    assert [p.text for p in found] == ["Police detained the following people in the spring of 2024: the activist Li "
                                       "Ming in Wuhan, reported by relatives; his sister in Beijing, questioned for "
                                       "three days."]


def test_pool_workers_die_with_their_parent(tmp_path):
    script = tmp_path / "pool.py"
    script.write_text(
        "import os, sys\n"
        "from concurrent.futures import ProcessPoolExecutor\n"
        "from reportgen.library.indexing.workers import die_with_parent\n"
        "pool = ProcessPoolExecutor(2, initializer=die_with_parent, initargs=(os.getpid(),))\n"
        "futures = [pool.submit(os.getpid) for _ in range(4)]\n"
        "print(' '.join(str(p) for p in {f.result() for f in futures}), flush=True)\n"
        "os.kill(os.getpid(), 9)\n")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=60)
    workers = [int(p) for p in done.stdout.split()]
    assert workers
    for _ in range(100):  # wait, up to ten seconds, for the orphans to go
        alive = [p for p in workers if _state(p) not in ("Z", "X")]
        if not alive:
            break
        time.sleep(0.1)
    assert not alive


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[1].split()[0]
    except OSError:
        return "Z"


def test_the_element_cap_counts_what_markdown_renders_to(run, library, tmp_path, monkeypatch):
    from reportgen import limits
    monkeypatch.setattr(limits, "HTML_ELEMENTS", 1_000)
    page = tmp_path / "list.md"  # no tag in the source; 3,000 list items once rendered
    page.write_text("".join(f"- Police questioned relative number {n} of an activist abroad.\n" for n in range(3000)))
    result = run("--evidence", library, "evidence", "add", page, "--title", "T", "--source-type", "other",
                 "--country", "CN")
    assert result.code == 2 and "list.md" in result.err and "elements" in result.err


# --- every parse bounded by the operating system: a worker process with rlimits and a watchdog --

ADD = ("evidence", "add", "--title", "T", "--source-type", "other", "--country", "CN")


@pytest.fixture(scope="module")
def flate_bomb(tmp_path_factory) -> Path:
    return flate_bomb_pdf(tmp_path_factory.mktemp("bomb") / "bomb.pdf", inflated=512 * 1024 * 1024)


def test_a_flate_bomb_pdf_is_stopped_at_the_memory_limit_and_the_library_still_works(run, library, monkeypatch,
                                                                                       flate_bomb):
    from reportgen import limits
    monkeypatch.setattr(limits, "READ_MEMORY", 128 * 1024 * 1024)
    result = run("--evidence", library, *ADD, flate_bomb)
    assert result.code == 2 and "bomb.pdf" in result.err and "128 MiB" in result.err, result.err
    assert not (library / "sources" / "bomb.pdf").exists()
    put(library, "bomb.pdf", flate_bomb.read_bytes())  # in a library: named, the others indexed
    indexed = run("--evidence", library, "evidence", "index")
    assert "bomb.pdf" in indexed.err and "128 MiB" in indexed.err and "BrokenProcessPool" not in indexed.err
    assert run("--evidence", library, "draft", UK, "-o", library.parent / "r.docx").code == 0


def test_a_source_that_failed_is_not_read_again_until_it_changes_or_evidence_index(run, library, monkeypatch,
                                                                                    flate_bomb):
    import sqlite3

    from reportgen import limits
    from reportgen.library.reading import sources
    monkeypatch.setattr(limits, "READ_MEMORY", 128 * 1024 * 1024)
    parses = []  # the files given to a bounded worker
    real = sources.bounded
    monkeypatch.setattr(sources, "bounded", lambda fn, *a, **k: (parses.append(k["path"].name), real(fn, *a, **k))[1])
    put(library, "bomb.pdf", flate_bomb.read_bytes())
    bomb = library / "sources" / "bomb.pdf"

    def draft():
        result = run("--evidence", library, "draft", UK, "-o", library.parent / "r.docx", "--force")
        assert result.code == 0, result.err
        said = [ln for ln in result.err.splitlines() if "bomb.pdf" in ln]
        assert len(said) == 1 and "128 MiB" in said[0], result.err  # one line, the file and why
        return said[0]
    assert "unchanged since it failed" not in draft() and parses == ["bomb.pdf"]
    assert "unchanged since it failed" in draft() and parses == ["bomb.pdf"]  # remembered: no worker
    os.utime(bomb, (time.time() + 100, time.time() + 100))  # touched, not changed: still remembered
    draft()
    assert parses == ["bomb.pdf"]
    with sqlite3.connect(library / ".reportgen-index.sqlite") as conn:
        rows = conn.execute("SELECT path, reason FROM failed").fetchall()
    assert [r[0] for r in rows] == ["bomb.pdf"] and "128 MiB" in rows[0][1]
    indexed = run("--evidence", library, "evidence", "index")  # asked for: read again
    assert indexed.code == 2 and "bomb.pdf" in indexed.err and parses == ["bomb.pdf"] * 2, indexed.err
    with open(bomb, "ab") as fh:  # changed: read again by the next draft
        fh.write(b"\n%% changed\n")
    draft()
    assert parses == ["bomb.pdf"] * 3
    bomb.unlink()  # gone: nothing left to say or remember
    drafted = run("--evidence", library, "draft", UK, "-o", library.parent / "r.docx", "--force")
    assert drafted.code == 0 and "bomb.pdf" not in drafted.err and parses == ["bomb.pdf"] * 3, drafted.err
    with sqlite3.connect(library / ".reportgen-index.sqlite") as conn:
        assert conn.execute("SELECT count(*) FROM failed").fetchone()[0] == 0


def test_a_failure_quoting_escape_sequences_is_printed_without_them(run, library):
    """A failure whose message quotes the file (its name holds terminal escapes, as a folder
    unpacked from an archive may): the warning that a draft repeats quotes it with the escapes
    written out, never sent to the terminal."""
    put(library, "escapes\x1b]0;owned\x07.txt", TEXT, meta=META.format(id="escapes", published="2020-13-45").encode())
    for _ in range(2):  # read, then remembered
        result = run("--evidence", library, "draft", UK, "-o", library.parent / "r.docx", "--force")
        said = [ln for ln in result.err.splitlines() if "2020-13-45" in ln]
        assert result.code == 0 and len(said) == 1 and ".meta.yaml" in said[0], result.err
        assert "\x1b" not in result.err and "\x07" not in result.err and "escapes\\x1b]0;owned" in said[0]
        assert ".txt" not in said[0]  # the sidecar at fault is named, once, not behind its source


ESCAPES = "\x1b]0;owned\x07\x1b[2J\x9b31m\r"  # retitle, clear the screen, 8-bit CSI, overwrite the line


def test_no_control_character_from_a_document_reaches_the_terminal(run, library, tmp_path):
    """A source's text, a file's name and a reader's message are the document's bytes: what the
    command prints of them (show, search, list, JSON, errors) has their control characters written
    out, and JSON still reads back as the text."""
    inline = ESCAPES.rstrip("\r")  # a carriage return would end the line, and the paragraph with it
    text = f"Police questioned the relatives of activists abroad {inline} several times last year, a statement said.\n"
    put(library, "escaped.txt", text.encode())
    assert run("--evidence", library, "evidence", "index").code == 0
    printed = [run("--evidence", library, "evidence", "show", "escaped"),
               run("--evidence", library, "evidence", "search", "relatives activists abroad several times"),
               run("--evidence", library, "evidence", "show", "escaped", "--json")]
    assert all(r.code == 0 for r in printed) and "escaped" in printed[1].out
    named = tmp_path / f"report{ESCAPES}.txt"
    named.write_bytes(b"")
    printed.append(run("--evidence", library, "evidence", "add", named, "--title", "T", "--source-type", "other",
                       "--country", "CN"))
    assert printed[-1].code == 2 and "report\\x1b]0;owned" in printed[-1].err, printed[-1].err
    for result in printed:
        for ch in "\x1b\x07\x9b\r":
            assert ch not in result.out + result.err, (ch, result.out, result.err)
    assert "\\x1b]0;owned\\x07" in printed[0].out
    shown = printed[2].json()
    assert inline in " ".join(p["text"] for p in shown)  # JSON escapes, read back as the document's text


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_the_memory_limit_is_a_ceiling_for_the_whole_worker_not_an_addition(monkeypatch, method):
    from hostile import worker_memory

    from reportgen import limits
    from reportgen.errors import SourceError
    monkeypatch.setattr(limits, "START_METHOD", method)
    # twice what this process holds, which a forked worker inherits, so that it may fork; the
    # mappings below are not touched, so the machine spends none of it
    ours = limits._address_space()
    monkeypatch.setattr(limits, "READ_MEMORY", 2 * ours + 512 * limits.MiB)

    def in_worker(reserve: int) -> tuple[int, int]:
        return limits.bounded(worker_memory, reserve, path=Path("probe"), error=SourceError)
    ceiling, held = in_worker(0)
    assert ceiling == limits.READ_MEMORY
    assert (held >= ours // 2) if method == "fork" else (held < ours)  # a fresh interpreter holds nothing of ours
    assert in_worker(limits.READ_MEMORY - held - 64 * limits.MiB)[1] <= limits.READ_MEMORY  # the room is usable
    with pytest.raises(SourceError, match="probe"):  # and ends where the ceiling is, whatever the worker held
        in_worker(limits.READ_MEMORY - held + 64 * limits.MiB)


def test_a_job_with_limits_of_its_own_gets_them_and_others_keep_the_reading_limits():
    """OCR's worker (limits.OCR_MEMORY, OCR_SECONDS) is bounded by its own, larger ceiling; a
    reading worker started after it still has READ_MEMORY."""
    import resource

    from hostile import worker_memory

    from reportgen import limits
    from reportgen.errors import SourceError
    ceiling, _ = limits.bounded(worker_memory, 0, path=Path("probe"), error=SourceError,
                                seconds=limits.OCR_SECONDS, memory=limits.OCR_MEMORY)
    assert ceiling == limits.OCR_MEMORY > limits.READ_MEMORY and limits.OCR_SECONDS > limits.READ_SECONDS
    assert limits.bounded(worker_memory, 0, path=Path("probe"), error=SourceError)[0] == limits.READ_MEMORY
    assert limits.bounded(_cpu_limit, path=Path("probe"), error=SourceError, seconds=limits.OCR_SECONDS,
                          memory=limits.OCR_MEMORY) == limits.OCR_SECONDS
    assert resource.getrlimit(resource.RLIMIT_AS)[0] != limits.OCR_MEMORY  # this process is not bounded


def _cpu_limit() -> int:
    import resource
    return resource.getrlimit(resource.RLIMIT_CPU)[0]


def test_a_page_with_many_attributes_is_stopped_although_its_parser_is_c(run, library, tmp_path, monkeypatch):
    import signal

    from reportgen import limits
    monkeypatch.setattr(limits, "READ_SECONDS", 2)
    ended = workers_ended(monkeypatch)
    page = many_attributes_html(tmp_path / "attributes.html")
    result = run("--evidence", library, *ADD, page)
    assert result.code == 2 and "attributes.html" in result.err and "2 s" in result.err, result.err
    # the worker did not finish the parse (minutes): its processor-time limit ended it (SIGXCPU, or
    # SIGKILL at the hard limit), or the watchdog did on a machine too busy to give it 2 s
    (pid, status, _), = ended
    assert status is None or os.WIFSIGNALED(status) and os.WTERMSIG(status) in (signal.SIGXCPU, signal.SIGKILL)
    assert not Path(f"/proc/{pid}").exists()  # and it was reaped


def test_the_watchdog_stops_the_worker_where_there_are_no_rlimits(run, library, tmp_path, monkeypatch):
    from reportgen import limits
    monkeypatch.setitem(sys.modules, "resource", None)  # `import resource` fails, as on Windows
    monkeypatch.setattr(limits, "_start_method", lambda: "fork")  # in a forked worker too (this process may hold enough memory to spawn)
    monkeypatch.setattr(limits, "READ_SECONDS", 1)
    monkeypatch.setattr(limits, "WATCHDOG_GRACE", 1)
    ended = workers_ended(monkeypatch)
    page = many_attributes_html(tmp_path / "attributes.html")
    result = run("--evidence", library, *ADD, page)
    assert result.code == 2 and "so its worker was stopped" in result.err, result.err
    # the watchdog, set at the budget and its grace, killed the worker (no limit of its own did),
    # and the worker was reaped
    (pid, status, seconds), = ended
    assert status is None and seconds == 1 + 1
    assert not Path(f"/proc/{pid}").exists()


def test_without_fork_every_parse_runs_in_a_spawned_worker_with_the_same_limits(run, library, tmp_path, monkeypatch,
                                                                                flate_bomb):
    from reportgen import limits
    monkeypatch.delattr(os, "fork")  # as on Windows
    monkeypatch.setattr(limits, "READ_MEMORY", 256 * 1024 * 1024)
    plain = tmp_path / "plain.txt"
    plain.write_bytes(TEXT)
    added = run("--evidence", library, *ADD, plain)  # a source read in a fresh interpreter
    assert added.code == 0, added.err
    shown = run("--evidence", library, "evidence", "show", "plain", "--json")
    assert "relatives of activists abroad" in shown.out, shown.err
    assert run("--evidence", library, "factors", "--country", "CN").code == 0  # a taxonomy too
    result = run("--evidence", library, *ADD, flate_bomb)
    assert result.code == 2 and "bomb.pdf" in result.err and "256 MiB" in result.err, result.err


def test_the_watchdog_stops_a_spawned_worker_where_there_are_no_rlimits(run, library, tmp_path, monkeypatch):
    from reportgen import limits
    hidden = tmp_path / "no-resource"  # first on the worker's path: its `import resource` fails, as on Windows
    hidden.mkdir()
    (hidden / "resource.py").write_text("raise ImportError('no resource module here')\n")
    monkeypatch.syspath_prepend(str(hidden))
    monkeypatch.setattr(limits, "START_METHOD", "spawn")
    monkeypatch.setattr(limits, "READ_SECONDS", 1)
    monkeypatch.setattr(limits, "WATCHDOG_GRACE", 1)
    page = many_attributes_html(tmp_path / "attributes.html")
    result = run("--evidence", library, *ADD, page)
    assert result.code == 2 and "attributes.html" in result.err and "so its worker was stopped" in result.err, result.err


def test_a_spawned_worker_runs_the_reportgen_its_command_runs(tmp_path):
    """A caller that put another reportgen first on sys.path gets its workers from that one too."""
    other = tmp_path / "other"
    shutil.copytree(Path(__file__).resolve().parent.parent / "src" / "reportgen", other / "reportgen",
                    ignore=shutil.ignore_patterns("__pycache__"))
    code = (f"import sys; sys.path[:0] = [{str(other)!r}, {str(Path(__file__).parent)!r}]\n"
            "from reportgen import limits; from pathlib import Path; from hostile import worker_reportgen\n"
            "limits.START_METHOD = 'spawn'\n"
            "print(limits.bounded(worker_reportgen, path=Path('probe'), error=RuntimeError))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == str(other / "reportgen" / "limits.py"), done.stderr


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_what_a_parser_prints_never_mixes_with_its_workers_answer(monkeypatch, method):
    from hostile import worker_chatty

    from reportgen import limits
    monkeypatch.setattr(limits, "START_METHOD", method)
    assert limits.bounded(worker_chatty, path=Path("probe"), error=RuntimeError) == "the answer"


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_what_a_worker_started_is_stopped_with_it(monkeypatch, tmp_path, method):
    """OCR's worker starts Tesseract: when the watchdog stops the worker, or the worker ends and
    leaves it running, that process goes too (the worker's process group is killed)."""
    from hostile import alive, worker_starting_a_child

    from reportgen import limits
    from reportgen.errors import SourceError
    monkeypatch.setattr(limits, "START_METHOD", method)
    monkeypatch.setattr(limits, "WATCHDOG_GRACE", 1)
    for hang in (True, False):
        pidfile = tmp_path / f"child-{hang}"
        if hang:
            with pytest.raises(SourceError, match="so its worker was stopped"):
                limits.bounded(worker_starting_a_child, str(pidfile), hang, path=Path("probe"), error=SourceError,
                               seconds=6)  # time for a spawned worker to start its child, on a loaded machine
        else:
            assert limits.bounded(worker_starting_a_child, str(pidfile), hang, path=Path("probe"),
                                  error=SourceError) == "returned"
        child = int(pidfile.read_text())
        for _ in range(50):  # killed at once; reaped by init within moments
            if not alive(child):
                break
            time.sleep(0.1)
        assert not alive(child), (method, hang)


@pytest.mark.parametrize("method", ["fork", "spawn"])
def test_a_workers_group_is_killed_before_the_worker_is_reaped(monkeypatch, tmp_path, method):
    """Once reaped, a worker's pid (its group's id) may be given to another process, which may lead
    a group of its own: the group is killed while its leader is still our unreaped child."""
    from hostile import worker_starting_a_child

    from reportgen import limits
    from reportgen.errors import SourceError
    monkeypatch.setattr(limits, "START_METHOD", method)
    monkeypatch.setattr(limits, "WATCHDOG_GRACE", 1)
    killed, killpg = [], os.killpg

    def seen(pgid, signum):
        try:  # the leader's state and parent, from the kernel, at the moment of the kill
            state, parent = Path(f"/proc/{pgid}/stat").read_text().rsplit(")", 1)[1].split()[:2]
        except OSError:
            state, parent = "gone", "0"
        killed.append((state, int(parent)))
        killpg(pgid, signum)
    monkeypatch.setattr(os, "killpg", seen)
    for hang in (False, True):  # a worker that returns, leaving its child running; one the watchdog stops
        pidfile = tmp_path / f"child-{hang}"
        try:
            limits.bounded(worker_starting_a_child, str(pidfile), hang, path=Path("probe"), error=SourceError,
                           seconds=6)
        except SourceError:
            assert hang
    assert killed and all(state != "gone" and parent == os.getpid() for state, parent in killed), killed


def test_no_module_needs_what_windows_lacks_to_be_imported():
    """`resource` and `fcntl` are imported where used, with a way round their absence."""
    code = ("import importlib, pkgutil, sys\n"
            "sys.modules['resource'] = sys.modules['fcntl'] = None\n"
            "import reportgen\n"
            "for info in pkgutil.walk_packages(reportgen.__path__, 'reportgen.'):\n"
            "    importlib.import_module(info.name)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_yaml_aliases_are_refused_in_a_taxonomy(run, library, monkeypatch, tmp_path):
    built = yaml_built(monkeypatch, tmp_path / "built.log")
    taxonomy = library / "taxonomies" / "CN.yaml"
    taxonomy.write_text(aliased_yaml() + taxonomy.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("--evidence", library, "factors", "--country", "CN")
    assert result.code == 2 and "CN.yaml" in result.err and "aliases" in result.err, result.err
    assert not built.exists()  # refused on the parser's alias event, before anything was built


def _rewrite_document(report: Path, change) -> None:
    import zipfile
    with zipfile.ZipFile(report) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["word/document.xml"] = change(parts["word/document.xml"].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(report, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)


@pytest.mark.parametrize("bad", ['w:id="x"', ""])
def test_verify_names_a_footnote_whose_id_is_not_a_number(run, made, bad):
    import re
    report, _ = made(UK)
    _rewrite_document(report, lambda doc: re.sub(r'(<w:footnoteReference) w:id="\d+"', rf"\1 {bad}", doc, count=1))
    result = run("--evidence", report.parent / "evidence", "verify", report)
    assert result.code == 2 and "unexpected error" not in result.err, result.err
    assert "footnote" in result.err and "not a number" in result.err


def test_verify_is_linear_in_unclosed_bookmarks_and_footnote_marks(run, made, monkeypatch):
    from reportgen.docx import reader
    drafted, _ = made(UK)

    def hostile(marks: int, notes: int) -> Path:
        report = drafted.with_name(f"open-{marks}.docx")
        shutil.copyfile(drafted, report)
        opened = "".join(f'<w:bookmarkStart w:id="{90000 + n}" w:name="open{n}"/>' for n in range(marks))
        refs = "".join(f'<w:r><w:footnoteReference w:id="{20000 + n}"/></w:r>' for n in range(notes))
        _rewrite_document(report, lambda doc: doc.replace("<w:sectPr", f"<w:p>{opened}{refs}</w:p><w:sectPr", 1))
        return report
    report = hostile(2000, 20_000)
    result = run("--evidence", report.parent / "evidence", "verify", report, "--json")
    assert result.code in (0, 1), result.err  # problems found (the notes have no text), not a crash
    # counted, in this process: twice the open bookmarks and notes, at most twice the work beyond
    # the report's own (the product of marks and notes, once computed, was four times)
    monkeypatch.setattr(reader, "bounded", lambda fn, *args, **_: fn(*args))
    work = {size: python_calls(run, "--evidence", drafted.parent / "evidence", "verify", hostile(*size), "--json")
            for size in ((0, 0), (1000, 10_000), (2000, 20_000))}
    assert work[2000, 20_000] - work[0, 0] < 2.2 * (work[1000, 10_000] - work[0, 0]), work


@pytest.mark.parametrize("name, cap", [("page.xhtml", "html"), ("notes.markdown", "markdown"), ("odd.htm", "html")])
def test_size_caps_apply_by_reader_whatever_the_suffix(run, library, tmp_path, name, cap):
    from reportgen.limits import READER_BYTES
    big = tmp_path / name
    with open(big, "wb") as fh:
        fh.truncate(READER_BYTES[cap] + 1)  # sparse: costs no disk
    result = run("--evidence", library, "evidence", "add", big, "--title", "T", "--source-type", "other",
                 "--country", "CN")
    assert result.code == 2 and name in result.err and f"allowed for a {cap} source" in result.err, result.err


def test_a_full_disk_met_by_the_index_after_add_force_leaves_the_library_as_it_was(run, library, tmp_path, monkeypatch):
    import errno

    from reportgen.workspace import Workspace
    source = library / "sources" / "forced-returns-10000.txt"
    sidecar = library / "sources" / "forced-returns-10000.meta.yaml"
    before = source.read_bytes(), sidecar.read_bytes()
    edited = tmp_path / "forced-returns-10000.txt"
    edited.write_bytes(before[0].replace(b"police", b"the police", 1))

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(self.library.index_path))
    monkeypatch.setattr(Workspace, "index", full)
    result = run("--evidence", library, "evidence", "add", edited, "--force", "--title", "Changed")
    assert result.code == 2 and "free some disk space" in result.err, result.err
    assert (source.read_bytes(), sidecar.read_bytes()) == before
    assert not [p for p in (library / "sources").iterdir() if p.name.startswith(".")]  # nothing left aside


def test_add_force_keeps_the_sidecars_comments(run, library, tmp_path):
    sidecar = library / "sources" / "forced-returns-10000.meta.yaml"
    note = "# provenance: saved by J. Librarian from the Wayback Machine, 2026-10-02\n"
    sidecar.write_text(note + sidecar.read_text(encoding="utf-8"), encoding="utf-8")
    source = library / "sources" / "forced-returns-10000.txt"
    edited = tmp_path / source.name
    edited.write_bytes(source.read_bytes())
    result = run("--evidence", library, "evidence", "add", edited, "--force", "--title", "A new title")
    assert result.code == 0, result.err
    text = sidecar.read_text(encoding="utf-8")
    assert note in text and "A new title" in text


@pytest.mark.parametrize("title, said", [("!!binary aGVsbG8=", "not binary data"), ("[a, b]", "not a list or mapping"),
                                         ('"A report\u202e on returns"', "direction control (U+202E)"),
                                         ('"A report\\e]0;owned\\a on returns"', "control character U+001B")])
def test_metadata_values_are_text_without_direction_controls(run, library, title, said):
    meta = META.format(id="odd", published="2025-01-01").replace("title: A hostile file", f"title: {title}")
    put(library, "odd.txt", TEXT, meta=meta.encode("utf-8"))
    result = run("--evidence", library, "evidence", "index")
    assert "odd.meta.yaml" in result.err and said in result.err, result.err
    listed = run("--evidence", library, "evidence", "list", "--json").json()
    assert "odd" not in [s["id"] for s in listed]


def test_a_docx_whose_headers_understate_its_size_is_refused_by_streaming_not_memory(run, library, tmp_path,
                                                                                      monkeypatch):
    from hostile import understated_docx

    from reportgen import limits
    monkeypatch.setattr(limits, "READ_MEMORY", 64 * 1024 * 1024)  # a whole-part read would reach it
    lying = understated_docx(tmp_path / "lying.docx")
    for args in ((*ADD, lying), ("verify", lying)):
        result = run("--evidence", library, *args)
        assert result.code == 2 and "lying.docx" in result.err, result.err
        assert "does not inflate to the size its header declares" in result.err, result.err


def test_a_taxonomy_is_parsed_in_the_bounded_worker(run, library, monkeypatch):
    from reportgen import limits
    monkeypatch.setattr(limits, "READ_MEMORY", 32 * 1024 * 1024)
    taxonomy = library / "taxonomies" / "CN.yaml"
    taxonomy.write_text("country: CN\nfactors: [" + "x, " * 2_000_000 + "]\n", encoding="utf-8")
    result = run("--evidence", library, "factors", "--country", "CN")
    assert result.code == 2 and "CN.yaml" in result.err and "32 MiB" in result.err, result.err


def test_a_paragraph_too_long_to_quote_is_refused_before_the_index_holds_it(run, library, tmp_path):
    """One line of 19 MiB of Chinese (no punctuation, no breaks) was indexed as one paragraph, and
    the index took 2 GB to hold it, in the command itself, outside any bounded worker; now no
    paragraph or heading may pass limits.PARAGRAPH_CHARS, in plain text or in a page."""
    from reportgen.limits import PARAGRAPH_CHARS
    line = "".join(chr(0x4E00 + (n * 7919) % 20000) for n in range(PARAGRAPH_CHARS + 1))
    text = tmp_path / "wall.txt"
    text.write_text("关于海外维权人士的报告\n\n" + line + "\n", encoding="utf-8")
    page = tmp_path / "wall.html"
    page.write_text(f"<html><body><h1>Relatives abroad</h1><p>{line}</p></body></html>", encoding="utf-8")
    for path in (text, page):
        result = run("--evidence", library, *ADD, path)
        assert result.code == 2 and path.name in result.err, result.err
        assert f"a paragraph of {PARAGRAPH_CHARS + 1:,} characters" in result.err, result.err
        assert not list((library / "sources").glob("wall.*"))
    put(library, "wall.txt", text.read_bytes())  # in a library: named, the rest indexed
    indexed = run("--evidence", library, "evidence", "index")
    assert indexed.code == 2 and "wall.txt" in indexed.err and "characters" in indexed.err, indexed.err
    assert "wall" not in [s["id"] for s in run("--evidence", library, "evidence", "list", "--json").json()]


def test_front_matter_too_big_for_a_sidecar_is_refused_by_add_not_dropped_by_the_index(run, library, tmp_path):
    page = tmp_path / "big-front.md"
    page.write_text("---\nid: big-front\ntitle: Big\nauthor: unknown\npublisher: X\npublished: 2025-01-01\nurl: unknown\n"
                    "accessed: 2026-01-01\ncountry: [CN]\nsource_type: other\nlanguage: en\nnotes: " + "x" * 300_000
                    + "\n---\n\n" + TEXT.decode(), encoding="utf-8")
    result = run("--evidence", library, "evidence", "add", page)
    assert result.code == 2 and "big-front.md" in result.err and "KiB allowed" in result.err, result.err
    assert not list((library / "sources").glob("big-front*"))
