"""The templates one report is made from, found and checked once, then passed down: the forum
(structure and wording), its schedule, the citation style and a firm's reference.docx, each from
the user's templates folder first and the shipped one after. Compose, schedule and the length
check render through it, so the folder is chosen here alone."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from ..errors import ReportgenError
from .citations import CitationStyle
from .markup import as_data
from .templating import firm_first, firm_folder, language_name, load_data, load_forum, reference_docx, render


@dataclass(frozen=True)
class TemplateSet:
    """The templates one draft uses: the firm's first, then the shipped ones."""

    folder: str | None  # the firm's templates folder (--templates, else REPORTGEN_TEMPLATES), before the shipped one
    forum: dict
    style: CitationStyle
    reference_docx: str | None
    forum_name: str = ""

    @classmethod
    def resolve(cls, forum: str, citation_style: str = "coi", folder: str | None = None) -> TemplateSet:
        """Every template the forum's report needs, or an error naming what is missing."""
        folder = firm_folder(folder)
        data = load_forum(forum, folder)
        style = CitationStyle.load(citation_style, folder).for_forum(data.get("citations") or {})
        return cls(folder, data, style, reference_docx(folder), forum)

    def render(self, template: str, ctx: dict, **extra) -> str:
        """One template text against the report's context; extra values are data like the rest."""
        try:
            return render(template, self.folder, **{**ctx, **as_data(extra)}).strip()
        except ReportgenError:
            raise
        except Exception as exc:  # a firm's edited template: say which text broke
            raise ReportgenError(f"template text {template[:60]!r} cannot be rendered: {exc}") from None

    def data(self, name: str) -> dict:
        """A YAML data file of the templates (countries.yaml, ...), the firm's copy first."""
        return load_data(name, self.folder)

    def language(self, code: str) -> str:
        """The name a report gives a source's language ('' for the report's own): asked for
        every quotation, each of them looked up once a draft."""
        if code not in self._languages:
            self._languages[code] = language_name(code, self.folder)
        return self._languages[code]

    @cached_property
    def _languages(self) -> dict[str, str]:
        return {}

    @cached_property
    def schedule(self) -> dict:
        """The forum's schedule: structure and wording (templates/schedule.yaml)."""
        def of_forum(data: dict) -> dict:
            return data.get(self.forum_name) or data  # an older single-forum schedule.yaml still works
        return firm_first("schedule.yaml", self.folder, part=of_forum,
                          where=f"templates/schedule.yaml ({self.forum_name})")

    @cached_property
    def words(self) -> dict:
        """The words besides the forum's (templates/wording.yaml): the Word file's own, the kinds
        of source, how prose names the applicant."""
        return firm_first("wording.yaml", self.folder)

    @cached_property
    def party(self) -> str:
        """How prose names the applicant after the facts, and once anonymised ("the Appellant")."""
        return self.render(self.words["party"], {}, party=self.forum.get("party", self.words["default_party"]))

