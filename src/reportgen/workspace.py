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
from .citations import CitationStyle
from .compose import compose_report
from .docx_writer import write_docx
from .errors import ReportFileError
from .factors import load_taxonomy
from .index import EvidenceIndex, Progress
from .library import Library, find_library
from .match import MatchSettings, match_case
from .models import Case, MatchResult, Taxonomy
from .templating import reference_docx


@dataclass
class Workspace:
    evidence: str | None = None
    templates: str | None = None
    progress: Progress | None = None
    on_build: Callable | None = None  # told what a rebuild did, failures included
    settings: MatchSettings = field(default_factory=MatchSettings)
    _library: Library | None = field(default=None, repr=False)
    _index: EvidenceIndex | None = field(default=None, repr=False)
    _taxonomies: dict[str, Taxonomy] = field(default_factory=dict, repr=False)

    @property
    def library(self) -> Library:
        if self._library is None:
            self._library = find_library(self.evidence)
        return self._library

    def index(self, rebuild: bool = False) -> EvidenceIndex:
        if self._index is None or rebuild:
            self._index = EvidenceIndex.open(self.library, rebuild=rebuild, progress=self.progress,
                                             on_build=self.on_build)
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

    def draft(self, case: Case, citation_style: str = "coi") -> tuple[bytes, MatchResult]:
        """The report for a case, as .docx bytes, with the match it was built from."""
        result = self.match(case)
        report = compose_report(case, result, self.taxonomy(case.applicant.country),
                                self.citation_style(citation_style), self.templates)
        return write_docx(report, reference_docx(self.templates)), result

    def verify(self, report: Path) -> list:
        """Problems found in a drafted or edited report (see verify.KINDS)."""
        from .docx_reader import read_report  # verify's own modules: not loaded for drafting
        from .verify import verify_report
        if not Path(report).exists():
            raise ReportFileError(f"{report}: no such file")
        return verify_report(read_report(Path(report)), self.index())

    def schedule(self, case: Case, citation_style: str = "coi") -> bytes:
        """The country information evidence schedule for a case, as .docx bytes."""
        from .schedule import compose_schedule
        report = compose_schedule(case, self.match(case), self.taxonomy(case.applicant.country),
                                  self.citation_style(citation_style), self.templates)
        return write_docx(report, reference_docx(self.templates))


def default_output(case: Case, kind: str = "expert-report") -> Path:
    """Next to the case file, named after the case reference: never after the applicant."""
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", case.reference).strip("-.") or "case"
    return Path(case.path).parent / f"{stem}-{kind}.docx"
