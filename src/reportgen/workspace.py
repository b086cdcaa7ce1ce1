"""Wires the stages together for one run: the library, its index, taxonomies and templates.

The CLI asks the workspace for what a command needs; the stages themselves never see each
other, only the records this passes between them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .case import load_case
from .docx.writer import write_docx
from .errors import ReportFileError
from .library.folder import Library, find_library
from .library.index import EvidenceIndex, Progress
from .library.taxonomy import load_taxonomy
from .match import MatchSettings, match_case
from .models import Case, MatchResult, Taxonomy
from .report.anonymise import quotation_warnings
from .report.citations import CitationStyle
from .report.compose import compose_report, render_text
from .report.pages import count_pages
from .report.template_set import TemplateSet


@dataclass
class Workspace:
    evidence: str | None = None
    templates: str | None = None
    progress: Progress | None = None
    on_build: Callable | None = None  # told what a rebuild did, failures included
    settings: MatchSettings = field(default_factory=MatchSettings)
    pages: str = ""  # how to count pages: auto | libreoffice | estimate | off (default REPORTGEN_PAGES, auto)
    _library: Library | None = field(default=None, repr=False)
    _index: EvidenceIndex | None = field(default=None, repr=False)
    _taxonomies: dict[str, Taxonomy] = field(default_factory=dict, repr=False)

    @property
    def library(self) -> Library:
        if self._library is None:
            self._library = find_library(self.evidence)
        return self._library

    def index(self, rebuild: bool = False, read: dict[str, tuple] | None = None) -> EvidenceIndex:
        if self._index is None or rebuild:
            self._index = EvidenceIndex.open(self.library, rebuild=rebuild, progress=self.progress,
                                             on_build=self.on_build, read=read)
        return self._index

    def taxonomy(self, country: str) -> Taxonomy | None:
        country = country.upper()
        if country not in self._taxonomies:
            path = self.library.taxonomy_file(country)
            if not path.is_file():
                return None
            self._taxonomies[country] = load_taxonomy(path)
        return self._taxonomies[country]

    def load_case(self, path: str | Path) -> Case:
        return load_case(Path(path), self.taxonomy, self.library.countries())

    def match(self, case: Case) -> MatchResult:
        return match_case(case, self.taxonomy(case.applicant.country), self.index(), self.settings)

    def citation_style(self, name: str = "coi") -> CitationStyle:
        return CitationStyle.load(name, self.templates)

    def draft(self, case: Case, citation_style: str = "coi") -> tuple[bytes, MatchResult, list[str]]:
        """The report for a case, as .docx bytes, with the match it was built from and warnings:
        its length (also printed in the report, as a note for the expert) and quotations that
        contain a word of the applicant's name (quoted verbatim all the same)."""
        templates = TemplateSet.resolve(case.forum, citation_style, self.templates)
        result = self.match(case)
        taxonomy = self.taxonomy(case.applicant.country)
        make = lambda notes=(): compose_report(case, result, taxonomy, templates, notes)  # noqa: E731
        data, warnings = self._within_limit(make, templates, templates.forum["wording"])
        return data, result, warnings + quotation_warnings(case, result)

    def _within_limit(self, make, templates: TemplateSet, wording: dict) -> tuple[bytes, list[str]]:
        """Write the report; if it runs past the forum's page limit, write it again with a note
        saying so at its head (the note itself may add a line, never a page's worth)."""
        report = make()
        data = write_docx(report, templates.reference_docx)
        limit = wording.get("page_limit")
        count = count_pages(data, report, self.pages) if limit else None
        if count is None or count.pages <= int(limit):
            return data, []
        warning = render_text(wording["length_warning"], {}, templates.folder, pages=count.pages, how=count.how,
                              limit=limit)
        return write_docx(make((warning,)), templates.reference_docx), [warning]

    def verify(self, report: Path) -> list:
        """Problems found in a drafted or edited report (see verify.KINDS)."""
        from .docx.reader import read_report  # verify's own modules: not loaded for drafting
        from .report.verify import verify_report
        from .team.editions import earlier_editions
        if not Path(report).exists():
            raise ReportFileError(f"{report}: no such file")
        return verify_report(read_report(Path(report)), self.index(), earlier_editions(self.library))

    def schedule(self, case: Case, citation_style: str = "coi") -> tuple[bytes, list[str]]:
        """The evidence schedule (UK) or exhibit index (US) for a case, as .docx bytes, with
        warnings about its length."""
        from .report.schedule import compose_schedule, schedule_data
        templates = TemplateSet.resolve(case.forum, citation_style, self.templates)
        result = self.match(case)
        taxonomy = self.taxonomy(case.applicant.country)
        make = lambda notes=(): compose_schedule(case, result, taxonomy, templates, notes)  # noqa: E731
        return self._within_limit(make, templates, schedule_data(case, self.templates))


def default_output(case: Case, kind: str = "expert-report") -> Path:
    """Next to the case file, named after the case reference: never after the applicant."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", case.reference).strip("-.") or "case"
    return Path(case.path).parent / f"{stem}-{kind}.docx"
