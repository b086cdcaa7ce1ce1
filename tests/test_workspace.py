"""The workspace and what surrounds the stages: errors without the CLI framework, where the index
goes, a lock that works on every platform, an index never stale after an add, and the small
things the command line says (init, search by factor, list, the same file twice)."""

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, SHIPPED
from fixtures import write_html

from reportgen import envvars
from reportgen.errors import ReportgenError
from reportgen.library.folder import Library
from reportgen.workspace import Workspace

SRC = REPO / "src" / "reportgen"


def _python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


# --- errors and stages -------------------------------------------------------------------------

def test_the_stages_and_their_errors_load_without_click():
    done = _python("import sys; import reportgen.errors, reportgen.workspace, reportgen.matching.match, "
                   "reportgen.library.adding.add, reportgen.report.compose, reportgen.report.schedule, "
                   "reportgen.verify; print(sorted(m for m in sys.modules if m.split('.')[0] == 'click'))")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_reportgen_error_is_a_plain_exception_the_cli_maps_to_code_2(run, tmp_path):
    import click
    assert not issubclass(ReportgenError, click.ClickException)
    result = run("validate", tmp_path / "missing.yaml")
    assert result.code == 2 and result.err.startswith("reportgen: ") and "Traceback" not in result.err


def test_nothing_but_the_cli_prints():
    """Progress and notes reach the user through callbacks the CLI gives (print, click.echo,
    sys.stdout/stderr writes are the CLI's alone)."""
    found = []
    for path in SRC.rglob("*.py"):
        if path.name == "cli.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                f = node.func
                name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
                target = ast.unparse(f)
                if name == "print" or target in ("click.echo", "sys.stderr.write", "sys.stdout.write"):
                    found.append(f"{path.relative_to(SRC)}:{node.lineno}: {target}")
    assert found == []


# --- a portable install -----------------------------------------------------------------------

def test_no_posix_only_module_is_needed_to_load_building_or_syncing():
    """As on Windows: fcntl does not exist there."""
    done = _python("import sys; sys.modules['fcntl'] = None; "
                   "import reportgen.library.indexing.build, reportgen.team.sync, reportgen.safe_files, reportgen.cli")
    assert done.returncode == 0, done.stderr


def test_the_index_lock_keeps_another_process_out(tmp_path):
    from reportgen.library.indexing.build import build_lock
    index = tmp_path / ".reportgen-index.sqlite"
    probe = ("import sys; from filelock import FileLock, Timeout\n"
             "try:\n    FileLock(sys.argv[1], timeout=0).acquire()\nexcept Timeout:\n    print('held')\n"
             "else:\n    print('free')")
    lock = str(index) + ".lock"
    with build_lock(index):
        inside = subprocess.run([sys.executable, "-c", probe, lock], capture_output=True, text=True)
    after = subprocess.run([sys.executable, "-c", probe, lock], capture_output=True, text=True)
    assert (inside.stdout.strip(), after.stdout.strip()) == ("held", "free"), inside.stderr + after.stderr


def test_the_default_install_has_no_word_frequency_list():
    cfg = (REPO / "setup.cfg").read_text(encoding="utf-8")
    default = cfg.split("install_requires =", 1)[1].split("\n[", 1)[0]
    assert "wordfreq" not in default and "filelock" in default


# --- where the index goes -----------------------------------------------------------------------

def test_a_library_inside_an_installed_package_is_indexed_in_the_user_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    installed = tmp_path / "venv" / "lib" / "python3.11" / "site-packages" / "reportgen" / "evidence"
    shutil.copytree(SHIPPED, installed, ignore=shutil.ignore_patterns(".reportgen-index*"))
    library = Library(installed)
    assert library.index_path.parent == tmp_path / "cache" / "reportgen"
    index = Workspace(evidence=str(installed)).index()
    assert index.sources() and library.index_path.is_file()
    assert not list(installed.glob(".reportgen-index*")) and not list(installed.glob(".index-*"))


def test_a_read_only_library_is_indexed_in_the_user_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = tmp_path / "evidence"
    (folder / "sources").mkdir(parents=True)
    assert Library(folder).index_path == folder / ".reportgen-index.sqlite"  # writable: beside its sources
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == folder else real_access(p, mode, **kw))
    assert Library(folder).index_path.parent == tmp_path / "cache" / "reportgen"  # (root may write anywhere)


@pytest.mark.parametrize("platform, env, expected", [
    ("linux", {"XDG_CACHE_HOME": "/x/cache"}, "/x/cache/reportgen"),
    ("win32", {"LOCALAPPDATA": "/users/a/appdata/local"}, "/users/a/appdata/local/reportgen"),
    ("win32", {"XDG_CACHE_HOME": "/x/cache", "LOCALAPPDATA": "/l"}, "/x/cache/reportgen"),
])
def test_the_user_cache_is_the_platforms(platform, env, expected, monkeypatch):
    for name in ("XDG_CACHE_HOME", "LOCALAPPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr(sys, "platform", platform)
    assert envvars.cache_dir() == Path(expected)


# --- the workspace -------------------------------------------------------------------------------

def test_the_workspace_never_serves_an_index_older_than_its_own_add(library, tmp_path):
    ws = Workspace(evidence=str(library))
    before = {m.id for m, _ in ws.index().sources()}
    ws.add_sources([write_html(tmp_path / "returnees.html")], {"source_type": "news", "country": "CN"})
    after = {m.id for m, _ in ws.index().sources()}
    assert after - before == {"returnees"}
    assert ws.index().paragraphs("returnees")


def test_a_folder_library_never_loads_the_team_code(library):
    done = _python(f"import sys; from reportgen.workspace import Workspace; "
                   f"Workspace(evidence={str(library)!r}).library; "
                   f"print([m for m in sys.modules if m.startswith('reportgen.team.')])")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# --- what the command line says ------------------------------------------------------------------

def test_init_names_only_options_it_has(run, tmp_path):
    target = tmp_path / "case.yaml"
    assert run("init", target).code == 0
    again = run("init", target)
    assert again.code == 2 and "already exists" in again.err
    assert " -o " not in again.err and "reportgen init OTHER.yaml" in again.err


def test_search_by_an_unknown_factor_is_bad_input(run, library):
    result = run("--evidence", library, "evidence", "search", "police", "--factor", "family-in-countr")
    assert result.code == 2 and "unknown factor 'family-in-countr'" in result.err
    assert "did you mean 'family-in-country'" in result.err and "online-criticism" in result.err
    russian = run("--evidence", library, "evidence", "search", "police", "--factor", "online-criticism",
                  "--country", "RU")
    assert russian.code == 2 and "RU taxonomy" in russian.err and "anti-war-expression" in russian.err
    assert run("--evidence", library, "evidence", "search", "police", "--factor", "family-in-country").code == 0


def test_a_long_id_keeps_the_list_in_columns(run, library, tmp_path):
    long_id = "a-very-long-source-id-from-a-publication-with-a-long-name"
    added = run("--evidence", library, "evidence", "add", write_html(tmp_path / "r.html"), "--id", long_id,
                "--source-type", "news", "--country", "CN")
    assert added.code == 0, added.err
    rows = [line for line in run("--evidence", library, "evidence", "list").out.splitlines() if line]
    columns = {line.index(" paras ") for line in rows}
    assert len(rows) > 2 and len(columns) == 1


def test_the_same_file_under_a_new_id_is_refused_unless_forced(run, library, tmp_path):
    flags = ("--source-type", "news", "--country", "CN")
    first = write_html(tmp_path / "returnees.html")
    assert run("--evidence", library, "evidence", "add", first, *flags).code == 0
    copy = tmp_path / "copy" / "renamed.html"
    copy.parent.mkdir()
    shutil.copyfile(first, copy)
    before = sorted(p.name for p in (library / "sources").iterdir())
    again = run("--evidence", library, "evidence", "add", copy, *flags)
    assert again.code == 2 and "the same file as source 'returnees'" in again.err and "--force" in again.err
    assert sorted(p.name for p in (library / "sources").iterdir()) == before
    forced = run("--evidence", library, "evidence", "add", copy, *flags, "--force")
    assert forced.code == 0 and "added renamed" in forced.out


def test_without_opencc_anonymising_a_chinese_name_refuses_rather_than_leaks(monkeypatch):
    from reportgen import text as folding
    from reportgen.report import anonymise
    text = "警方詢問陳志明的父母。"  # traditional characters; the name given in simplified ones
    for cache in (folding._converter, folding._fold_char, anonymise.name_forms):
        cache.cache_clear()
    with monkeypatch.context() as m:
        m.setitem(sys.modules, "opencc", None)  # as if not installed
        with pytest.raises(ReportgenError, match="needs the opencc package"):
            anonymise.anonymise(text, "陈志明", "the Appellant")
    folding._converter.cache_clear()
    folding._fold_char.cache_clear()
    assert anonymise.anonymise(text, "陈志明", "the Appellant") == "警方詢問the Appellant的父母。"


def test_the_add_hands_the_index_one_record_of_what_it_read(library, tmp_path):
    """`evidence add` reads and segments a file once; the index takes the paragraphs from the one
    record it is handed (models.AlreadyRead), and only while the file's metadata is the metadata
    they were segmented under."""
    from dataclasses import replace

    from reportgen.library.indexing.workers import read_and_segment
    from reportgen.models import AlreadyRead

    ws = Workspace(evidence=str(library))
    added = ws.add_sources([write_html(tmp_path / "returnees.html")], {"source_type": "news", "country": "CN"})
    read = added[0].read
    assert isinstance(read, AlreadyRead) and read.meta.id == "returnees" and read.paragraphs
    assert [p.text for p in ws.index().paragraphs("returnees")] == [p.text for p in read.paragraphs]
    # handed a record, the index uses its paragraphs as they are (here one marked as not segmented now)
    marked = (replace(read.paragraphs[0], text="as the add segmented it"),)
    meta, paragraphs = read_and_segment(added[0].path, replace(read, paragraphs=marked))
    assert meta == read.meta and paragraphs == list(marked)
    # metadata changed since the add (a sidecar edited): segmented afresh, the record set aside
    meta, paragraphs = read_and_segment(added[0].path, replace(read, meta=replace(read.meta, title="Other"),
                                                               paragraphs=marked))
    assert paragraphs != list(marked) and [p.text for p in paragraphs] == [p.text for p in read.paragraphs]
