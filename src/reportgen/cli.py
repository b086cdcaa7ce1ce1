"""The `reportgen` command line: parses arguments, calls the workspace, prints. No logic here."""

from __future__ import annotations

import gc

# While the modules load, the collector first runs after 100,000 new objects, not 700: they make
# thousands of objects that live until the end, and a draft spent ~18 ms of ~420 traversing them
# again on 90-odd passes. After the imports what they made is set aside for good (gc.freeze) and
# the threshold restored: a program importing this, as the tests do, keeps its own; run() sets it
# again for the command, one short process.
SHORT_PROCESS = (100_000, 10, 10)
_collector = gc.get_threshold()
gc.set_threshold(*SHORT_PROCESS)

import json
import sqlite3
import sys
from pathlib import Path

import click

from . import __version__, envvars
from .errors import ReportgenError, did_you_mean
from .library.indexing.build import is_environment
from .library.reading.metadata import SOURCE_TYPES
from .matching.match import MatchSettings
from .report.pages import MODES, mode_of
from .safe_files import ENVIRONMENT_ERRORS, check_writable, printable, what_to_do, write_atomic
from .workspace import Workspace, check_output_format, default_output, in_format

gc.freeze()
gc.set_threshold(*_collector)


def echo(text: str = "", err: bool = False, nl: bool = True) -> None:
    """Every line the command prints. What it prints may quote a document, a sidecar or a team
    server (a title, a paragraph, a reader's message): their control characters are written as
    escapes, so an ESC sequence cannot retitle, recolour or rewrite the user's terminal."""
    click.echo(printable(text), err=err, nl=nl)


def _progress_printer():
    """A progress line on a terminal; silent when stderr is not one."""
    if not sys.stderr.isatty():
        return None

    def show(n: int, total: int, name: str) -> None:
        click.echo(f"\rindexing {n}/{total} {printable(name[:50]):50}", err=True, nl=(n == total))
    return show


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--evidence", envvar=envvars.EVIDENCE, type=click.Path(file_okay=False),
              help="Evidence library folder, or a team library's postgresql:// URL (default: ./evidence, else the shipped library).")
@click.option("--templates", envvar=envvars.TEMPLATES, type=click.Path(file_okay=False),
              help="Folder of your own templates, used before the shipped ones.")
@click.option("--debug", is_flag=True, help="Show tracebacks.")
@click.version_option(__version__)
@click.pass_context
def cli(ctx: click.Context, evidence, templates, debug):
    """Draft cited country-conditions expert reports for asylum cases."""
    ctx.obj = Workspace(evidence=evidence, templates=templates, progress=_progress_printer(),
                        on_build=_report_failures, notify=_note)


def _note(line: str) -> None:
    """What the workspace has to say on the way (a team library's sync)."""
    echo(f"reportgen: {line}", err=True)


def _report_failures(report) -> None:
    for failure in report.failures:
        echo(f"warning: not indexed: {failure}", err=True)


def json_option(help_text: str = "Print JSON."):
    return click.option("--json", "as_json", is_flag=True, help=help_text)


def max_age_option(command):
    return click.option("--max-age", type=float, default=MatchSettings.max_age_years, show_default=True,
                        help="Warn when a source is older than this many years before the report date.")(command)


def pages_option(command):
    return click.option("--pages", type=click.Choice(MODES), default=None,
                        help="Count pages for the length warning: by estimate (instant), exactly with "
                             "LibreOffice (a few seconds), or not at all. Default: REPORTGEN_PAGES, else estimate.")(command)


def _for_json(ws: Workspace, as_json: bool) -> Workspace:
    """Machine-readable output: no progress line, even on a terminal."""
    return ws.without_progress() if as_json else ws


def _warn(result) -> None:
    for f in result.factors:
        for w in f.warnings:
            echo(f"warning: {w}", err=True)
    if result.gaps:
        echo(f"warning: no evidence in the library for: {', '.join(result.gaps)}", err=True)


def _json(data) -> None:
    echo(json.dumps(data, ensure_ascii=False, indent=2))


# --- case files ----------------------------------------------------------------------------

@cli.command()
@click.argument("path", default="case.yaml", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite an existing file.")
@click.pass_obj
def init(ws: Workspace, path, force):
    """Write a commented example case file."""
    target = Path(path)
    write_atomic(target, ws.example_case(), force=force, elsewhere="name another file: reportgen init OTHER.yaml")
    echo(f"wrote {target}; edit it, then: reportgen validate {target}")


@cli.command()
@click.argument("case_file", type=click.Path(dir_okay=False))
@click.pass_obj
def validate(ws: Workspace, case_file):
    """Check a case file against the contract."""
    case = ws.load_case(case_file)
    echo(f"{case_file}: OK ({case.forum}, {case.applicant.country}, "
               f"{len(case.risk_factors)} risk factor(s))")


@cli.command()
@click.argument("case_file", type=click.Path(dir_okay=False))
@json_option("Print the contract JSON shape.")
@max_age_option
@click.option("--alternatives", type=click.IntRange(0, 50), default=0, show_default=True,
              help="Also list the next N candidates per factor, with why (to pin or exclude).")
@click.pass_obj
def match(ws: Workspace, case_file, as_json, max_age, alternatives):
    """Show the evidence chosen for each risk factor, and why."""
    from . import shapes  # output shapes: not loaded for drafting
    ws = _for_json(ws, as_json)
    settings = MatchSettings(max_age_years=max_age, alternatives=alternatives, per_factor=None)
    result = ws.match(ws.load_case(case_file), settings)
    if as_json:
        _json(shapes.match_json(result, ws.citation_style()))
    else:
        echo(shapes.match_table(result))
        _warn(result)


@cli.command()
@click.argument("case_file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False), help="Where to write the .docx.")
@click.option("--force", is_flag=True, help="Overwrite an existing report (an expert may have edited it).")
@click.option("--citation-style", default="coi", show_default=True, help="Citation wording in templates/citations/.")
@max_age_option
@pages_option
@click.pass_obj
def draft(ws: Workspace, case_file, out, force, citation_style, max_age, pages):
    """Write the Word report for a case."""
    case = ws.load_case(case_file)
    target = Path(out) if out else default_output(case)
    check_writable(target, force)
    check_output_format(target)
    _counting(pages)
    data, result, length, count = ws.draft(case, citation_style, MatchSettings(max_age_years=max_age, per_factor=None),
                                           pages)
    write_atomic(target, in_format(data, target), force=force)
    _warn(result)
    for w in length:
        echo(f"warning: {w}", err=True)
    echo(f"wrote {target}{_pages(count)}")


@cli.command()
@click.argument("case_file", type=click.Path(dir_okay=False))
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False), help="Where to write the .docx.")
@click.option("--force", is_flag=True, help="Overwrite an existing schedule.")
@pages_option
@click.pass_obj
def schedule(ws: Workspace, case_file, out, force, pages):
    """Write the evidence schedule (UK) or country-conditions exhibit index (US), with links."""
    case = ws.load_case(case_file)
    target = Path(out) if out else default_output(case, "evidence-schedule")
    check_writable(target, force)
    check_output_format(target)
    _counting(pages)
    data, length, count = ws.schedule(case, pages=pages)
    write_atomic(target, in_format(data, target), force=force)
    for w in length:
        echo(f"warning: {w}", err=True)
    echo(f"wrote {target}{_pages(count)}")


def _counting(pages: str | None) -> None:
    if mode_of(pages) == "libreoffice":
        echo("counting pages with LibreOffice (a few seconds)…", err=True)


def _pages(count) -> str:
    if count is None:
        return ""
    return f" ({count.pages} pages, as laid out by LibreOffice)" if count.exact else f" (about {count.pages} pages)"


@cli.command()
@click.argument("report", type=click.Path(dir_okay=False))
@json_option('Print {"problems": [...]}.')
@click.pass_obj
def verify(ws: Workspace, report, as_json):
    """Check a report's quotations, footnotes and placeholders against the library (exit 1 on problems)."""
    problems = _for_json(ws, as_json).verify(Path(report))
    if as_json:
        _json({"problems": [p.to_dict() for p in problems]})
    else:
        for p in problems:
            echo(f"{p.where}: {p.kind}: {p.detail}")
        echo(f"{report}: {len(problems)} problem(s)" if problems else f"{report}: clean")
    if problems:
        raise SystemExit(1)


@cli.command()
@click.option("--country", default=None, help="ISO 3166 alpha-2 code (default: every country in the library).")
@json_option()
@click.pass_obj
def factors(ws: Workspace, country, as_json):
    """List the risk-factor taxonomy."""
    countries = [country.upper()] if country else ws.library.countries()
    data = []
    for cc in countries:
        taxonomy = ws.taxonomy(cc)
        if taxonomy is None:
            raise ReportgenError(f"no taxonomy for '{cc}' in {ws.library.root} "
                                 f"(available: {', '.join(ws.library.countries()) or 'none'})")
        data += [{"country": cc, "id": f.id, "label": f.label, "ground": f.ground,
                  "description": f.description} for f in taxonomy.factors]
    if as_json:
        _json(data)
        return
    for item in data:
        echo(f"{item['country']}  {item['id']:28} {item['label']}  [{item['ground']}]")


# --- the evidence library ------------------------------------------------------------------

@cli.group()
def evidence():
    """Index, list, show and search the evidence library."""


@evidence.command("index")
@click.option("--rebuild", is_flag=True, help="Rebuild from scratch, not only what changed.")
@click.pass_obj
def evidence_index(ws: Workspace, rebuild):
    """(Re)build the library's index: only what changed, unless --rebuild. Sources that failed
    before are read again here, changed or not (other commands only name them)."""
    reports = []
    ws.on_build = reports.append
    index = ws.index(rebuild=rebuild, retry=True)
    sources = index.sources()
    total = sum(n for _, n in sources)
    if reports:
        changed = f"{len(reports[0].indexed)} source(s) indexed, {len(reports[0].removed)} removed"
    else:
        changed = "up to date"
    echo(f"{ws.library.index_path}: {len(sources)} sources, {total} paragraphs ({changed})")
    failures = reports[0].failures if reports else ()
    for failure in failures:
        echo(f"reportgen: {failure}", err=True)
    if failures:
        indexed = len(reports[0].indexed)
        echo(f"reportgen: {len(failures)} source(s) could not be indexed; {indexed} other(s) were", err=True)
        raise SystemExit(1 if indexed else BAD_INPUT)  # partly done: 1; nothing done for bad input: 2


@evidence.command("add")
@click.argument("paths", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--id", "source_id", help="Source id (default: from the file name).")
@click.option("--title")
@click.option("--author")
@click.option("--publisher")
@click.option("--published", help="YYYY-MM-DD, YYYY-MM or YYYY, as the source states it.")
@click.option("--url")
@click.option("--accessed", help="When you accessed it, YYYY-MM-DD.")
@click.option("--source-type", type=click.Choice(SOURCE_TYPES))
@click.option("--country", help="ISO 3166 alpha-2 codes, comma-separated, e.g. CN,HK.")
@click.option("--language")
@click.option("--series", help="The publication this is an edition of (e.g. usdos-china): matching cites the newest.")
@click.option("--edition", help="Which edition of the series (e.g. 2024); needs --series.")
@click.option("--pages", "--page-range", "page_range",
              help="Only these pages of a multi-country PDF, FIRST-LAST as a PDF viewer numbers them (e.g. 12-40).")
@click.option("--chapter", help="Only this chapter of a multi-country document: the heading that names it (e.g. China).")
@click.option("--ocr", is_flag=True,
              help="Give a scanned PDF a text layer by OCR first (Tesseract; the [ocr] extra and tesseract-ocr).")
@click.option("--force", is_flag=True,
              help="Replace a source with the same id, or add a file the library holds under another id.")
@click.pass_obj
def evidence_add(ws: Workspace, paths, force, **flags):
    """Register source files (text, HTML, PDF, Word) with their citation metadata."""
    flags["id"] = flags.pop("source_id")
    added = ws.add_sources([Path(p) for p in paths], flags, force=force)
    for a in added:
        stated = f" (from the document: {', '.join(a.meta_from_document)})" if a.meta_from_document else ""
        echo(f"added {a.source_id}: {a.path}{stated}")
    counts = {m.id: n for m, n in ws.index().sources()}
    echo(", ".join(f"{a.source_id}: {counts.get(a.source_id, 0)} paragraphs" for a in added))
    for sid, (series, edition) in ws.apparent_series([a.source_id for a in added]).items():
        echo(f"note: {sid} looks like edition {edition or '?'} of the series '{series}' (same publisher; the "
                   f"title differs only by a year or version), so matching cites the newest edition; to say so "
                   f"in its metadata: reportgen evidence add PATH --force --series {series} --edition {edition or 'N'}")


@evidence.command("import-csl")
@click.argument("csl_file", type=click.Path(dir_okay=False, exists=True))
@click.pass_obj
def evidence_import_csl(ws: Workspace, csl_file):
    """Take source metadata from a Zotero CSL-JSON export (matched by attachment, URL or title)."""
    updated, unmatched = ws.import_csl(Path(csl_file))
    echo(f"updated {len(updated)} source(s): {', '.join(updated) or '-'}")
    for title in unmatched:
        echo(f"no source in the library matches: {title}", err=True)


@evidence.command("init")
@click.option("--from", "from_dir", type=click.Path(file_okay=False, exists=True),
              help="A folder library to import (sources, sidecars, taxonomies).")
@click.pass_obj
def evidence_init(ws: Workspace, from_dir):
    """Create or upgrade a team library's schema on PostgreSQL (--evidence postgresql://...)."""
    for line in ws.init_team_library(Path(from_dir) if from_dir else None):
        echo(line)


@evidence.command("list")
@json_option()
@click.pass_obj
def evidence_list(ws: Workspace, as_json):
    """The sources with their metadata and paragraph counts."""
    from . import shapes  # output shapes: not loaded for drafting
    ws = _for_json(ws, as_json)
    sources = ws.index().sources()
    if as_json:
        _json([shapes.source_json(m, n) for m, n in sources])
        return
    width = max([34] + [len(m.id) for m, _ in sources])  # a long id widens the column, never shifts a row
    for meta, n in sources:
        echo(f"{meta.id:{width}} {n:4} paras  {meta.source_type:10} {meta.published:10}  {meta.title[:60]}")


@evidence.command("show")
@click.argument("source_id")
@json_option()
@click.pass_obj
def evidence_show(ws: Workspace, source_id, as_json):
    """A source's evidence paragraphs."""
    from . import shapes  # output shapes: not loaded for drafting
    ws = _for_json(ws, as_json)
    index = ws.index()
    meta = index.source(source_id)
    if meta is None:
        known = [m.id for m, _ in index.sources()]
        raise ReportgenError(f"no source '{source_id}' in the library{did_you_mean(source_id, known)}")
    style = ws.citation_style()
    paragraphs = index.paragraphs(source_id)
    if as_json:
        _json([shapes.paragraph_json(p, meta, style) for p in paragraphs])
        return
    echo(style.bibliography(meta))
    for p in paragraphs:
        echo(f"\n[{p.locator}] {p.id}  {' '.join(p.factors)}")
        echo(shapes.wrap(p.text))


@evidence.command("search")
@click.argument("query")
@click.option("--factor", default=None, help="Only paragraphs tagged with this factor id.")
@click.option("--country", default=None, help="Only sources about this country.")
@click.option("--source", default=None, help="Only this source id.")
@click.option("--limit", default=20, show_default=True)
@json_option()
@click.pass_obj
def evidence_search(ws: Workspace, query, factor, country, source, limit, as_json):
    """Full-text search of the evidence paragraphs."""
    from . import shapes  # output shapes: not loaded for drafting
    ws = _for_json(ws, as_json)
    hits = ws.search(query, factor=factor, country=country, source=source, limit=limit)
    style = ws.citation_style()
    if as_json:
        _json([shapes.paragraph_json(h.paragraph, h.source, style) for h in hits])
        return
    if not hits:
        echo("no paragraphs match")
    for h in hits:
        echo(f"\n{h.paragraph.source_id}, {h.paragraph.locator}  ({h.score:.1f})")
        echo(shapes.wrap(h.paragraph.text))


BAD_INPUT = 2  # exit codes: 0 success, 1 unexpected failure (or verify's problems), 2 bad input


def main(argv: list[str] | None = None) -> int:
    """Entry point: one place turns errors into messages and exit codes."""
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args
    try:
        cli.main(args=args, prog_name="reportgen", standalone_mode=False)
        return 0
    except SystemExit as exc:  # a command's own exit status (verify: 1 when it found problems)
        return int(exc.code or 0)
    except click.exceptions.Abort:
        echo("aborted", err=True)
        return 1
    except ReportgenError as exc:  # ours: the message, exit code 2 (bad input)
        if debug:
            raise
        echo(f"reportgen: {exc}", err=True)
        return BAD_INPUT
    except click.ClickException as exc:  # click's own (a bad option): its message and code
        exc.show()
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except sqlite3.DatabaseError as exc:  # met while reading, after the index was opened
        if debug:
            raise
        if is_environment(exc):  # a full disk or a read-only file: a rebuild would not help
            echo(f"reportgen: the evidence index cannot be used ({exc}); free some disk space or make "
                       f"the library writable, and run the command again", err=True)
        else:
            echo(f"reportgen: the evidence index is damaged ({exc}); run `reportgen evidence index --rebuild`",
                       err=True)
        return BAD_INPUT
    except Exception as exc:  # noqa: BLE001 - the last line of defence
        if debug:
            raise
        if isinstance(exc, OSError) and exc.errno in ENVIRONMENT_ERRORS:  # the user's machine, not a bug
            echo(f"reportgen: {exc.filename or ''}: {exc.strerror}; {what_to_do(exc)}", err=True)
            return BAD_INPUT
        from .team.urls import mask_urls  # a team URL's password never reaches the screen or a log
        echo(f"reportgen: unexpected error: {type(exc).__name__}: {mask_urls(str(exc), args)} (run with "
                   f"--debug for details)", err=True)
        return 1


def run() -> None:
    """The `reportgen` program: main() as one short process. What the imports made lives until
    the process ends, and so does what is left when the command is done: the collector is told
    so (gc.freeze), rather than traversing all of it again on each pass and once more at exit
    (~30 ms of a ~290 ms draft)."""
    gc.freeze()
    gc.set_threshold(*SHORT_PROCESS)  # what a command makes is collected all the same, in fewer passes
    code = main()
    gc.freeze()
    sys.exit(code)


if __name__ == "__main__":
    run()
