"""Shared fixtures: a private copy of the shipped library, and a CLI runner that sees exit codes."""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from reportgen.cli import main

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "evidence"
EXAMPLES = REPO / "examples"
UK = EXAMPLES / "uk-anonymised.yaml"
US = EXAMPLES / "us-anonymised.yaml"
CHINESE = EXAMPLES / "uk-chinese-name.yaml"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


@pytest.fixture(scope="session")
def indexed_library(tmp_path_factory) -> Path:
    """The shipped library copied once and indexed once per test session."""
    from reportgen.library.folder import Library
    from reportgen.library.indexing.read import EvidenceIndex
    dest = tmp_path_factory.mktemp("shipped") / "evidence"
    shutil.copytree(SHIPPED, dest, ignore=shutil.ignore_patterns(".reportgen-index*", "__pycache__", "__init__.py"))
    EvidenceIndex.open(Library(dest)).close()
    return dest


@pytest.fixture
def library(tmp_path, indexed_library) -> Path:
    """A writable copy of the shipped evidence library, its index up to date (copies keep the
    files' times, so the index sees nothing changed)."""
    dest = tmp_path / "evidence"
    shutil.copytree(indexed_library, dest)
    return dest


@pytest.fixture
def run(capsys, monkeypatch, tmp_path):
    """Run `reportgen ARGS` in-process, as the console script would; returns code, stdout, stderr."""
    monkeypatch.delenv("REPORTGEN_EVIDENCE", raising=False)
    monkeypatch.delenv("REPORTGEN_TEMPLATES", raising=False)
    monkeypatch.setenv("REPORTGEN_PAGES", "estimate")  # LibreOffice counting is tested on its own

    def _run(*args: str) -> Result:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)
    return _run


@pytest.fixture
def made(run, library, tmp_path):
    """Draft (or `kind`: schedule) a case with the shipped library; (the file, the run)."""
    def _made(case, kind="draft", *extra, name=""):
        out = tmp_path / (name or f"{case.stem}-{kind}.docx")
        result = run("--evidence", library, kind, case, "-o", out, "--force", *extra)
        assert result.code == 0, result.err
        return out, result
    return _made
