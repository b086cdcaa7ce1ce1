"""Wires the stages together for one run: the library, its index, taxonomies and templates.

The CLI asks the workspace for what a command needs; the stages themselves never see each
other, only the records this passes between them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from . import envvars
from .case import load_case
from .errors import CaseError, LibraryError, ReportFileError, ReportgenError, did_you_mean
from .library.folder import Library, find_library
from .library.indexing.read import EvidenceIndex, Progress
from .library.indexing.taxonomy import load_taxonomy, parsed_before
from .matching.match import MatchSettings, match_case
from .matching.steering import steering_problems
from .models import AlreadyRead, Case, MatchResult, Taxonomy
from .team import is_team_url

if TYPE_CHECKING:  # the writing modules (Jinja2, python-docx) load only for commands that write or cite
    from .library.adding.add import Added
    from .report.citations import CitationStyle
    from .report.pages import PageCount
    from .report.template_set import TemplateSet


@dataclass
class Workspace:
    """One run's library, index, taxonomies and templates, opened once and shared by the stages."""

    evidence: str | None = None
    templates: str | None = None
    progress: Progress | None = None
    on_build: Callable | None = None  # told what a rebuild did, failures included
    notify: Callable[[str], None] | None = None  # told, a line at a time, what syncing a team library did
    _library: Library | None = field(default=None, repr=False)
    _index: EvidenceIndex | None = field(default=None, repr=False)
    _taxonomies: dict[str, Taxonomy] = field(default_factory=dict, repr=False)

    def __post_init__(self):
        self.evidence = self.evidence or envvars.evidence()  # the same library and templates for the CLI and for callers
        self.templates = self.templates or envvars.templates()

    @property
    def library(self) -> Library:
        """The folder library; for a team library's URL, its local copy, synced first. The one
        place that tells the two apart for reading."""
        if self._library is None:
            if is_team_url(self.evidence):
                from .team.sync import synced_library
                self._library = synced_library(self.evidence, self.notify)
            else:
                self._library = find_library(self.evidence)
        return self._library

    def index(self, rebuild: bool = False, read: dict[str, AlreadyRead] | None = None,
              retry: bool = False) -> EvidenceIndex:
        if self._index is None or rebuild or retry:
            self._index = EvidenceIndex.open(self.library, rebuild=rebuild, progress=self.progress,
                                             on_build=self.on_build, read=read, retry=retry)
        return self._index

    def _forget_index(self) -> None:
        """After the library changed: the next `index()` brings it up to date again."""
        if self._index is not None:
            self._index.close()
            self._index = None

    def taxonomy(self, country: str) -> Taxonomy | None:
        country = country.upper()
        if country not in self._taxonomies:
            path = self.library.taxonomy_file(country)
            if not path.is_file():
                return None
            self._taxonomies[country] = load_taxonomy(path, parsed_before(self.library.index_path, path))
        return self._taxonomies[country]

    def search(self, query: str, factor: str | None = None, country: str | None = None,
               source: str | None = None, limit: int = 20) -> list:
        """`evidence search`: a factor id the taxonomies (of `country`, else of every country) do
        not know is bad input, not a search that finds nothing."""
        if factor:
            countries = [country.upper()] if country else self.library.countries()
            known = sorted({f.id for cc in countries if (t := self.taxonomy(cc)) for f in t.factors})
            if factor not in known:
                where = f"the {country.upper()} taxonomy" if country else "the library's taxonomies"
                raise ReportgenError(f"unknown factor '{factor}'{did_you_mean(factor, known)}; the factors of "
                                     f"{where}: {', '.join(known) or 'none'}")
        return self.index().search(query, factor=factor, country=country, source=source, limit=limit)

    def load_case(self, path: str | Path) -> Case:
        """The case, its steering ids checked against the library (bad ids are bad input)."""
        case = load_case(Path(path), self.taxonomy, self.library.countries())
        if case.exclude_sources or any(f.pin or f.exclude for f in case.risk_factors):
            problems = steering_problems(case, self.index())
            if problems:
                raise CaseError("\n".join(problems))
        return case

    def without_progress(self) -> Workspace:
        """The same workspace with no progress line (for machine-readable output)."""
        return replace(self, progress=None)

    def match(self, case: Case, settings: MatchSettings | None = None, forum: dict | None = None) -> MatchResult:
        """The evidence for a case; unless the settings say otherwise, as many extracts per issue
        as the case's forum allows (its `extracts_per_issue`; `forum` when the caller resolved it)."""
        if settings is None or settings.per_factor is None:
            if forum is None:
                from .report.templating import load_forum
                forum = load_forum(case.forum, self.templates)
            per_issue = forum.get("extracts_per_issue")
            settings = replace(settings or MatchSettings(), per_factor=int(per_issue or MatchSettings.per_factor))
        return match_case(case, self.taxonomy(case.applicant.country), self.index(), settings)

    def citation_style(self, name: str = "coi") -> CitationStyle:
        from .report.citations import CitationStyle
        return CitationStyle.load(name, self.templates)

    def draft(self, case: Case, citation_style: str = "coi", settings: MatchSettings | None = None,
              pages: str | None = None) -> tuple[bytes, MatchResult, list[str], PageCount | None]:
        """The report for a case, as .docx bytes, with the match it was built from and warnings:
        its length (also printed in the report, as a note for the expert) and quotations that
        contain a word of the applicant's name (quoted verbatim all the same), and its page count.
        `pages` says how to count pages: estimate | libreoffice | off (default REPORTGEN_PAGES,
        else estimate: a draft never waits for LibreOffice unless asked)."""
        from .report.anonymise import quotation_warnings
        from .report.compose import composed
        from .report.template_set import TemplateSet
        templates = TemplateSet.resolve(case.forum, citation_style, self.templates)
        result = self.match(case, settings, templates.forum)
        taxonomy = self.taxonomy(case.applicant.country)
        report = self._recorded(composed(case, result, taxonomy, templates))  # composed once, its notes added later
        make = lambda notes=(): report.with_notes(notes)  # noqa: E731
        data, warnings, count = self._within_limit(make, templates, templates.forum["wording"], pages)
        return data, result, warnings + quotation_warnings(case, result), count

    def _within_limit(self, make, templates: TemplateSet, wording: dict,
                      pages: str | None) -> tuple[bytes, list[str], PageCount | None]:
        """Write the report and count its pages; if it runs past the forum's page limit, or would
        once its opinion placeholders are filled at the forum's typical length, write it again
        with a note saying so at its head (the note adds a line, never a page's worth)."""
        from .docx.writer import write_docx
        from .report.pages import count_pages, estimate_layout, length_warning, mode_of

        def write(report) -> bytes:
            return write_docx(report, templates.reference_docx, layout[1] if report is made else None)
        made = make()
        layout = estimate_layout(made)  # once: the count, the projection and the contents' page numbers
        exact = mode_of(pages) == "libreoffice"  # else the count needs no written file: write once
        data = write(made) if exact else b""
        count = count_pages(data, layout[0], pages or "")
        warning = length_warning(made, count, layout[0], wording, templates) if count is not None else ""
        if not warning:
            return data or write(made), [], count
        return write(make((warning,))), [warning], count

    def _recorded(self, composed):
        """The composed report with the library it is drafted from: its folder and each quoted source's
        sha256 (the file as it is now, as the index read it), recorded in the document for `verify`."""
        from dataclasses import replace as with_
        index, report = self.index(), composed.report
        digests = {sid: index.file_sha256(sid) for sid in dict.fromkeys(q.source_id for q in report.quoted)}
        return with_(composed, report=with_(report, library=str(self.library.root.resolve()),
                                            sources=tuple((sid, digest) for sid, digest in digests.items() if digest)))

    def verify(self, report: Path) -> list:
        """Problems found in a drafted or edited report (see verify.KINDS). Without --evidence (or
        REPORTGEN_EVIDENCE), the library the report records it was drafted from, when it is at hand."""
        from .docx.contract import PROP_LIBRARY
        from .docx.reader import read_report  # verify's own modules: not loaded for drafting
        from .team.editions import earlier_editions
        from .verify import verify_report
        if not Path(report).exists():
            raise ReportFileError(f"{report}: no such file")
        read = read_report(Path(report))
        recorded = read.properties.get(PROP_LIBRARY, "")
        if not self.evidence and recorded and Path(recorded).is_dir() and self._library is None:
            self._library = Library(Path(recorded))
        return verify_report(read, self.index(), earlier_editions(self.library), self.templates)

    def schedule(self, case: Case, citation_style: str = "coi",
                 pages: str | None = None) -> tuple[bytes, list[str], PageCount | None]:
        """The evidence schedule (UK) or exhibit index (US) for a case, as .docx bytes, with
        warnings about its length."""
        from .report.compose import compose_report
        from .report.schedule import compose_schedule
        from .report.template_set import TemplateSet
        templates = TemplateSet.resolve(case.forum, citation_style, self.templates)
        result = self.match(case, forum=templates.forum)
        taxonomy = self.taxonomy(case.applicant.country)
        quoted = compose_report(case, result, taxonomy, templates).quoted  # once, though the schedule may be made twice
        make = lambda notes=(): compose_schedule(case, result, taxonomy, templates, quoted, notes)  # noqa: E731
        return self._within_limit(make, templates, templates.schedule, pages)

    def example_case(self) -> bytes:
        """The commented example case file (a firm's own, in its templates folder, first)."""
        from .report.templating import template_file
        return template_file("case-example.yaml", self.templates).read_bytes()

    # --- changing the library: a folder, or a team library on the server ----------------------

    def add_sources(self, paths: list[Path], flags: dict, force: bool = False) -> list[Added]:
        """Register files with their metadata, then index them from what was read (once)."""
        def index(added: list[Added]) -> None:
            self._forget_index()  # the index open before the add does not hold what it added
            self.index(read={a.path.name: a.read for a in added if a.read is not None})
        if is_team_url(self.evidence):
            from .team.write import add_sources as add_to_team
            added = add_to_team(self.evidence, paths, flags, force=force)
            self._library = None  # the local copy is synced again, with what was added
            index(added)
            return added
        from .library.adding.add import add_sources
        # the index is updated before the files replaced are let go: if it fails, they come back
        return add_sources(self.library, paths, flags, force=force, then=index)

    def apparent_series(self, source_ids: list[str]) -> dict[str, tuple[str, str]]:
        """{source id: (series, edition)} for sources that look like editions of a publication
        the library holds (same publisher, title differing by a year or version) without --series."""
        implied = self.index().implied_series()
        return {sid: implied[sid] for sid in source_ids if sid in implied}

    def import_csl(self, csl_file: Path) -> tuple[list[str], list[str]]:
        """(updated source ids, titles that match no source) from a Zotero CSL-JSON export."""
        self._forget_index()
        if is_team_url(self.evidence):
            from .team.write import import_csl as import_csl_to_team
            return import_csl_to_team(self.evidence, csl_file)
        from .library.adding.add import import_csl
        return import_csl(self.library, csl_file)

    def init_team_library(self, from_dir: Path | None) -> list[str]:
        """Create or upgrade a team library's schema, importing a folder library if given."""
        if not is_team_url(self.evidence):
            raise LibraryError("evidence init sets up a team library: give --evidence postgresql://USER@HOST/DB")
        from .team.write import init_library
        return list(init_library(self.evidence, str(from_dir) if from_dir else None))


OUTPUT_SUFFIXES = (".docx", ".pdf")


def check_output_format(target: Path) -> None:
    """Refuse, before any work, an output that would not be what its name says: a .docx is
    written as such, a .pdf through LibreOffice (refused when it is not installed), nothing else."""
    suffix = Path(target).suffix.lower()
    if suffix not in OUTPUT_SUFFIXES:
        raise ReportgenError(f"{target}: reportgen writes a Word document (.docx) or, through LibreOffice, "
                             f"a PDF (.pdf); name the output with one of these")
    if suffix == ".pdf":
        from .report.pages import libreoffice
        if not libreoffice():
            raise ReportgenError(f"{target}: a PDF is made with LibreOffice, which is not installed here; "
                                 f"write the .docx (-o {Path(target).with_suffix('.docx').name}) and save it as PDF "
                                 f"in Word or LibreOffice after the expert's edits")


def in_format(data: bytes, target: Path) -> bytes:
    """The written .docx as the output's name asks: itself, or converted to PDF by LibreOffice."""
    if Path(target).suffix.lower() != ".pdf":
        return data
    from .report.pages import to_pdf
    pdf = to_pdf(data)
    if pdf is None:
        raise ReportgenError(f"{target}: LibreOffice could not convert the report to PDF; nothing was written")
    return pdf


def default_output(case: Case, kind: str = "expert-report") -> Path:
    """Next to the case file, named after the case reference: never after the applicant (a
    reference such as "PA/01234/2026/Chen" loses the name when the case is anonymised)."""
    reference = case.reference
    if case.applicant.anonymise and case.applicant.name.strip():
        from .report.anonymise import anonymise
        reference = anonymise(reference, case.applicant.name, "\0").replace("\0", "-")
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", reference).strip("-.") or "case"
    return Path(case.path).parent / f"{stem}-{kind}.docx"
