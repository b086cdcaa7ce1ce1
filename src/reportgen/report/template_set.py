"""The templates one report is made from, found and checked once, then passed down: the forum
(structure and wording), the citation style and a firm's reference.docx, each from the user's
templates folder first and the shipped one after."""

from __future__ import annotations

from dataclasses import dataclass

from .citations import CitationStyle
from .templating import load_forum, reference_docx


@dataclass(frozen=True)
class TemplateSet:
    folder: str | None  # the user's templates folder (--templates), before the shipped one
    forum: dict
    style: CitationStyle
    reference_docx: str | None

    @classmethod
    def resolve(cls, forum: str, citation_style: str = "coi", folder: str | None = None) -> TemplateSet:
        """Every template the forum's report needs, or an error naming what is missing."""
        return cls(folder, load_forum(forum, folder), CitationStyle.load(citation_style, folder),
                   reference_docx(folder))
