"""Wires the stages together for one run: the library, its index, taxonomies and templates.

The CLI asks the workspace for what a command needs; the stages themselves never see each
other, only the records this passes between them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .case import load_case
from .citations import CitationStyle
from .factors import load_taxonomy
from .index import EvidenceIndex, Progress
from .library import Library, find_library
from .match import match_case
from .models import Case, MatchResult, Taxonomy


@dataclass
class Workspace:
    evidence: str | None = None
    templates: str | None = None
    progress: Progress | None = None
    _library: Library | None = field(default=None, repr=False)
    _index: EvidenceIndex | None = field(default=None, repr=False)
    _taxonomies: dict[str, Taxonomy] = field(default_factory=dict, repr=False)

    @property
    def library(self) -> Library:
        if self._library is None:
            self._library = find_library(self.evidence)
        return self._library

    def index(self, rebuild: bool = False, on_build=None) -> EvidenceIndex:
        if self._index is None or rebuild:
            self._index = EvidenceIndex.open(self.library, rebuild=rebuild, progress=self.progress,
                                             on_build=on_build)
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
        return match_case(case, self.taxonomy(case.applicant.country), self.index())

    def citation_style(self, name: str = "coi") -> CitationStyle:
        return CitationStyle.load(name, self.templates)
