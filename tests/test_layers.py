"""The import drawing: every arrow runs down the layer order of docs/layers.md (.importlinter,
checked by import-linter), every module has a layer, and no modules import each other, in a
pair or round a longer loop. Each check is also run on a copy of the code with one bad import
planted, to show that it fails."""

from __future__ import annotations

import configparser
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import reportgen

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / ".importlinter"
PACKAGE = Path(reportgen.__file__).parent
CONTAINERS = ["reportgen", "reportgen.library", "reportgen.docx"]  # packages whose children have the layers
DATA = ["reportgen.evidence", "reportgen.templates"]  # installed data (no code): in no layer

# run in a subprocess, so that a planted copy is the `reportgen` it reads
CHECK = r"""
import json, sys
import grimp
from importlinter.cli import lint_imports
config, (layers, bottom, containers, data) = sys.argv[1], json.loads(sys.argv[2])
graph = grimp.build_graph("reportgen")
problems = []
if lint_imports(config_filename=config, no_cache=True, no_logo=True):
    problems.append("import-linter: an import runs against the layer order")
def layer_of(module):
    return next((name for name in layers if module == name or module.startswith(name + ".")), None)
for module in sorted(graph.modules):
    if layer_of(module) is None and module not in containers and module.split(".")[:2] not in [d.split(".") for d in data]:
        problems.append(f"{module}: in no layer of .importlinter")
for package in containers:
    for imported in graph.find_modules_directly_imported_by(package):
        if layer_of(imported) not in bottom:
            problems.append(f"{package} imports {imported}: a package's own module imports only the bottom layer")
for a in sorted(graph.modules):
    for b in sorted(graph.find_modules_directly_imported_by(a)):
        if a < b and a in graph.find_modules_directly_imported_by(b):
            problems.append(f"{a} and {b} import each other")
index, low, stack, on = {}, {}, [], set()
def visit(v):  # Tarjan: a strongly connected group of more than one module is a loop of imports
    index[v] = low[v] = len(index); stack.append(v); on.add(v)
    for w in graph.find_modules_directly_imported_by(v):
        if w not in index:
            visit(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        group = []
        while True:
            w = stack.pop(); on.discard(w); group.append(w)
            if w == v:
                break
        if len(group) > 1:
            problems.append("a loop of imports: " + ", ".join(sorted(group)))
sys.setrecursionlimit(10000)
for module in sorted(graph.modules):
    if module not in index:
        visit(module)
print(json.dumps(problems))
"""


def _contract() -> tuple[list[str], list[str]]:
    """The modules the contract names (top to bottom), and those of its bottom layer."""
    parser = configparser.ConfigParser()
    parser.read(CONFIG)
    lines = [line for line in parser["importlinter:contract:layers"]["layers"].splitlines() if line.strip()]
    names = [[name.strip() for name in line.replace("|", ":").split(":")] for line in lines]
    return [n for layer in names for n in layer], names[-1]


def _problems(package_parent: Path) -> list[str]:
    layers, bottom = _contract()
    env = {**os.environ, "PYTHONPATH": str(package_parent)}
    result = subprocess.run([sys.executable, "-c", CHECK, str(CONFIG), json.dumps([layers, bottom, CONTAINERS, DATA])],
                            capture_output=True, text=True, env=env, cwd=package_parent, timeout=300)
    assert result.returncode == 0, result.stderr
    *report, last = result.stdout.strip().splitlines()
    problems = json.loads(last)
    return problems + (["\n".join(report)] if problems else [])


def test_imports_run_one_way_down_the_layers():
    assert _problems(PACKAGE.parent) == []


@pytest.fixture
def planted(tmp_path):
    """A copy of the package with one line added to one module."""
    def _planted(module: str, line: str) -> Path:
        shutil.copytree(PACKAGE, tmp_path / "reportgen", ignore=shutil.ignore_patterns("__pycache__", "evidence", "templates"))
        path = tmp_path.joinpath(*module.split(".")).with_suffix(".py")
        path.write_text(path.read_text() + "\n" + line + "\n")
        return tmp_path
    return _planted


def test_an_import_against_the_order_fails(planted):
    # segmenting reaching up into matching: against read -> segment -> index -> match
    problems = _problems(planted("reportgen.library.segmenting.stance", "from ...matching import weighing  # noqa"))
    assert problems[0] == "import-linter: an import runs against the layer order"
    assert "reportgen.library.segmenting.stance -> reportgen.matching.weighing" in problems[-1]


def test_a_pair_importing_each_other_fails(planted):
    # one layer (report/): only the loop check sees it
    problems = _problems(planted("reportgen.report.model", "from . import pages  # noqa"))
    assert "reportgen.report.model and reportgen.report.pages import each other" in problems
    assert "import-linter: an import runs against the layer order" not in problems


def test_a_module_in_no_layer_fails(planted):
    root = planted("reportgen.models", "")
    (root / "reportgen" / "stray.py").write_text('"""A module nobody placed."""\n')
    assert "reportgen.stray: in no layer of .importlinter" in _problems(root)
