"""Formatting citations from source metadata with wording kept in templates/citations/*.yaml."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ReportgenError
from ..models import UNKNOWN, EvidenceParagraph, SourceMeta
from .templating import language_name, load_data, long_date, render

REQUIRED = ("full", "footnote", "bibliography")
DEFAULT_SHORT = "{{ short }} (n {{ note }}), {{ locator }}."  # OSCOLA's cross-reference to the first note


@dataclass(frozen=True)
class CitationStyle:
    name: str
    templates: dict
    extra_dir: str | None = None

    @classmethod
    def load(cls, name: str = "coi", extra_dir: str | None = None) -> CitationStyle:
        data = load_data(f"citations/{name}.yaml", extra_dir)
        missing = [k for k in REQUIRED if k not in data]
        if missing:
            raise ReportgenError(f"citation style '{name}' lacks {', '.join(missing)}")
        return cls(name, data, extra_dir)

    def _values(self, meta: SourceMeta) -> dict:
        known = lambda v: "" if v == UNKNOWN else v  # noqa: E731
        author, publisher = known(meta.author), known(meta.publisher)
        if author and publisher:
            creator = f"{author} ({publisher})"
        else:
            creator = author or publisher or self.templates.get("unknown_author", "Unknown")
        return {"creator": creator, "author": author, "publisher": publisher, "title": meta.title,
                "published": long_date(meta.published), "url": known(meta.url),
                "accessed": known(meta.accessed) and long_date(meta.accessed),
                "source_type": meta.source_type, "unknown_url": self.templates.get("unknown_url", ""),
                "language": language_name(meta.language, self.extra_dir)}

    def _render(self, key: str, **values) -> str:
        template = self.templates.get(key, DEFAULT_SHORT if key == "short" else None)
        return " ".join(render(template, self.extra_dir, **values).split())

    def creator(self, meta: SourceMeta) -> str:
        return self._values(meta)["creator"]

    def full(self, meta: SourceMeta) -> str:
        return self._render("full", **self._values(meta))

    def footnote(self, meta: SourceMeta, paragraph: EvidenceParagraph) -> str:
        values = self._values(meta)
        return self._render("footnote", full=self.full(meta), locator=paragraph.locator,
                            attributed_to=paragraph.attributed_to, **values)

    def short(self, meta: SourceMeta, paragraph: EvidenceParagraph, short: str, note: str) -> str:
        """A later footnote to a source already cited in full: its short name, the number of the
        first note (`note`, a mark the writer turns into a NOTEREF field) and the pinpoint."""
        return self._render("short", short=short, note=note, locator=paragraph.locator,
                            attributed_to=paragraph.attributed_to, **self._values(meta))

    def bibliography(self, meta: SourceMeta) -> str:
        return self._render("bibliography", full=self.full(meta), **self._values(meta))
