"""What `reportgen draft` loads, pinned (as click's own tests pin what `import click` loads): a
fresh interpreter drafts a report from an indexed library and lists sys.modules. Verifying,
adding sources, the format readers (html, markdown, pdf, word), segmenting a source (paragraphs,
furniture) and the team library beyond its URL test are not loaded to draft; one of our modules
joining or leaving the list is a change to look at, and to write here. Other packages are held
to an allow-list (their own imports vary with their versions); what the interpreter loads before
reportgen (a machine's site .pth files may import certifi, say) is not ours and not counted.
python-docx is not loaded at all: the writer does without it."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import UK

DRAFT = r"""
import json, sys
at_start = {m.split(".")[0] for m in sys.modules}  # what the interpreter's own site files loaded
from reportgen.cli import main
code = main(["--evidence", sys.argv[1], "draft", sys.argv[2], "-o", sys.argv[3], "--force"])
ours = sorted(m for m in sys.modules if m == "reportgen" or m.startswith("reportgen."))
others = sorted({m.split(".")[0] for m in sys.modules} - set(sys.stdlib_module_names) - at_start - {"reportgen", "__main__"})
with open(sys.argv[4], "w") as f:
    json.dump({"code": code, "ours": ours, "others": [m for m in others if not m.startswith("_")],
               "python_docx": sorted(m for m in sys.modules if m == "docx" or m.startswith("docx."))}, f)
"""

OURS = {
    "reportgen",
    "reportgen.case",
    "reportgen.cli",
    "reportgen.docx",
    "reportgen.docx.contract",
    "reportgen.docx.package",
    "reportgen.docx.parts",
    "reportgen.docx.styling",
    "reportgen.docx.writer",
    "reportgen.envvars",
    "reportgen.errors",
    "reportgen.library",
    "reportgen.library.folder",
    "reportgen.library.indexing",
    "reportgen.library.indexing.bm25",
    "reportgen.library.indexing.build",
    "reportgen.library.indexing.names",
    "reportgen.library.indexing.rankings",
    "reportgen.library.indexing.same_text",
    "reportgen.library.indexing.read",
    "reportgen.library.indexing.schema",
    "reportgen.library.indexing.searchtext",
    "reportgen.library.indexing.taxonomy",
    "reportgen.library.indexing.traits",
    "reportgen.library.reading",
    "reportgen.library.reading.metadata",
    "reportgen.library.reading.readers",
    "reportgen.library.reading.series",
    "reportgen.library.segmenting",
    "reportgen.library.segmenting.attribution",
    "reportgen.library.segmenting.headings",
    "reportgen.limits",
    "reportgen.matching",
    "reportgen.matching.candidate",
    "reportgen.matching.cautions",
    "reportgen.matching.editions",
    "reportgen.matching.match",
    "reportgen.matching.notes",
    "reportgen.matching.respondent",
    "reportgen.matching.selection",
    "reportgen.matching.steering",
    "reportgen.matching.weighing",
    "reportgen.models",
    "reportgen.patterns",
    "reportgen.report",
    "reportgen.report.anonymise",
    "reportgen.report.citations",
    "reportgen.report.compose",
    "reportgen.report.markup",
    "reportgen.report.model",
    "reportgen.report.pages",
    "reportgen.report.pinyin",
    "reportgen.report.quotes",
    "reportgen.report.template_set",
    "reportgen.report.templating",
    "reportgen.safe_files",
    "reportgen.team",
    "reportgen.templates",
    "reportgen.user_cache",
    "reportgen.text",
    "reportgen.workspace",
    "reportgen.yamlio",
}

OTHERS = {
    "click",
    "cython_runtime",
    "jinja2",
    "lxml",
    "markupsafe",
    "typing_extensions",
    "yaml",
}


def test_draft_loads_only_what_drafting_needs(library, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTGEN_")}
    env.update(REPORTGEN_PAGES="estimate", XDG_CACHE_HOME=str(tmp_path / "cache"))  # a first run: templates compiled
    listed = tmp_path / "modules.json"
    subprocess.run([sys.executable, "-c", DRAFT, str(library), str(UK), str(tmp_path / "r.docx"), str(listed)],
                   env=env, check=True, capture_output=True, timeout=600)
    loaded = json.loads(listed.read_text())
    assert loaded["code"] == 0
    assert set(loaded["ours"]) == OURS
    assert set(loaded["others"]) <= OTHERS, "a new package is loaded to draft"
    # the writer builds the package with lxml on its own package layer: python-docx (60 ms of
    # CPU to import) is for reading reports back, never loaded to write one
    assert loaded["python_docx"] == []


def test_importing_the_cli_leaves_the_importers_collector_as_it_was():
    """The command line raises the collector's threshold while its modules load and while a
    command runs (cli.run), never for a program that only imports it: a test session run with a
    lazy collector grew past the memory at which source readers may fork."""
    probe = ("import gc; before = gc.get_threshold(); import reportgen.cli as cli; "
             "print(before == gc.get_threshold(), cli.SHORT_PROCESS[0] > before[0])")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "True"]
def test_a_lazy_pattern_answers_as_the_compiled_pattern_and_compiles_once_when_first_asked():
    """What a draft never asks (a paragraph's traits, how a line of a PDF ends) is never compiled by it."""
    import re

    from reportgen.patterns import lazy
    from reportgen.text import ENDS_PROSE
    pattern = lazy(r"\b(in|on) (\d{4})\b", re.I)
    assert pattern._compiled is None
    text = "Detained IN 2019, released on 2021."
    compiled = re.compile(pattern.pattern, re.I)
    assert pattern.search(text).group(2) == compiled.search(text).group(2) == "2019"
    first = pattern.compiled
    assert pattern.findall(text) == compiled.findall(text) and pattern.compiled is first
    assert pattern.match(text) is None and pattern.match(text, 9).group(0) == "IN 2019"
    assert [m.span() for m in pattern.finditer(text)] == [m.span() for m in compiled.finditer(text)]
    assert pattern.sub("<\\2>", text) == compiled.sub("<\\2>", text)
    assert ENDS_PROSE.search("a line that ends as prose.") and not ENDS_PROSE.search("a line that runs on")
