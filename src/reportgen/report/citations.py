"""Formatting citations from source metadata with wording kept in templates/citations/*.yaml."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..errors import ReportgenError
from ..models import UNKNOWN, EvidenceParagraph, SourceMeta
from ..text import long_date
from .markup import as_data
from .templating import Wording, firm_first, language_name, load_data, render, template_dirs

REQUIRED = ("full", "footnote", "bibliography")
SHIPPED = "coi"  # the shipped style whose forms a firm's older style lacks


@dataclass(frozen=True)
class CitationStyle:
    """How citations are worded (templates/citations): a file a firm may replace."""

    name: str
    templates: dict
    folder: str | None = None
    # each source's values as its citations see them, worked out once: a draft cites a source in
    # its lead-ins, notes and bibliography entry, in each of compose's two passes
    _cited: dict = field(default_factory=dict, init=False, repr=False, compare=False)
    _rendered: dict = field(default_factory=dict, init=False, repr=False, compare=False)  # the same, for _render

    def __post_init__(self):
        """A form the style lacks (a firm's older style: short, also_stated, unknown_author) is the
        shipped style's."""
        if not isinstance(self.templates, Wording):
            shipped = load_data(f"citations/{SHIPPED}.yaml")
            object.__setattr__(self, "templates", Wording(self.templates, shipped, f"citation style '{self.name}'"))

    @classmethod
    def load(cls, name: str = "coi", folder: str | None = None) -> CitationStyle:
        data = firm_first(f"citations/{name}.yaml", folder, shipped=f"citations/{SHIPPED}.yaml")
        missing = [k for k in REQUIRED if k not in data]
        if missing:
            raise ReportgenError(f"citation style '{name}' lacks {', '.join(missing)}")
        return cls(name, data, folder)

    def _values(self, meta: SourceMeta) -> dict:
        """What the style's templates see of a source (read, never change it)."""
        if meta not in self._cited:
            self._cited[meta] = self._worked_out(meta)
        return self._cited[meta]

    def _worked_out(self, meta: SourceMeta) -> dict:
        known = lambda v: "" if v == UNKNOWN else v  # noqa: E731
        author, publisher = known(meta.author), known(meta.publisher)
        if author and publisher:
            creator = f"{author} ({publisher})"
        else:
            creator = author or publisher or self.unknown_author
        updated = long_date(meta.updated) if meta.updated else ""
        published = long_date(meta.published)
        # the date a judge can check: as the document states it, a "last updated" date said so
        if meta.published != UNKNOWN:
            date = f"{published}, last updated {updated}" if updated else published
        else:
            date = f"last updated {updated}" if updated else published
        # a source's metadata is data: "[[" in a title is the publisher's, never a placeholder
        return as_data({"creator": creator, "author": author, "publisher": publisher, "title": meta.title,
                "published": published, "updated": updated, "date": date, "url": known(meta.url),
                "accessed": known(meta.accessed) and long_date(meta.accessed),
                "version": version(meta), "symbol": meta.symbol,
                "source_type": meta.source_type, "unknown_url": self.templates["unknown_url"],
                "language": language_name(meta.language, self.folder)})

    @property
    def unknown_author(self) -> str:
        return self.templates["unknown_author"]

    def short_creator(self, meta: SourceMeta) -> str:
        """The creator as a short note names it: the form the style's `short_names` gives a
        publisher ("US State Department"), else the publisher alone, else the author."""
        known = lambda v: "" if v == UNKNOWN else v  # noqa: E731
        names = self.templates["short_names"] or {}
        publisher = known(meta.publisher)
        return names.get(publisher) or publisher or known(meta.author) or self.unknown_author

    def short_names(self, cited: dict[str, SourceMeta]) -> dict[str, str]:
        """How each source is named after its first citation: its publisher's short form where that
        names one source only, else with the opening words of its title (and for a source whose
        creator is unknown, the title alone)."""
        creators = {sid: self.short_creator(meta) for sid, meta in cited.items()}
        count = Counter(creators.values())
        out = {}
        for sid, meta in cited.items():
            creator, title = creators[sid], f"“{short_title(meta.title)}”"
            if creator == self.unknown_author:
                out[sid] = title
            else:
                out[sid] = creator if count[creator] == 1 else f"{creator}, {title}"
        return out

    def _render(self, key: str, **values) -> str:
        """A form rendered for its values (plain data, as repr spells them), once."""
        memo = (key, repr(values))
        if memo not in self._rendered:
            self._rendered[memo] = " ".join(render(self.templates[key], self.folder, **values).split())
        return self._rendered[memo]

    def date(self, meta: SourceMeta) -> str:
        """The date as cited: the stated publication date, "last updated ..." after it or in its
        place, else "n.d."."""
        return self._values(meta)["date"]

    def creator(self, meta: SourceMeta) -> str:
        return self._values(meta)["creator"]

    def _full(self, values: dict) -> str:
        return self._render("full", **values)

    def footnote(self, meta: SourceMeta, paragraph: EvidenceParagraph, tab: str = "") -> str:
        """The first footnote to a source: in full, with the pinpoint (and the exhibit's tab where
        the forum files sources as tabbed exhibits)."""
        values = self._values(meta)  # once for the note and the full reference inside it
        return self._render("footnote", full=self._full(values), locator=as_data(paragraph.locator),
                            section=as_data(paragraph.section), attributed_to=as_data(paragraph.attributed_to),
                            tab=tab, **values)

    def short(self, meta: SourceMeta, paragraph: EvidenceParagraph, short: str, note: str, tab: str = "") -> str:
        """A later footnote to a source already cited in full: its short name, the number of the
        first note (`note`, a mark the writer turns into a NOTEREF field) and the pinpoint."""
        return self._render("short", short=as_data(short), note=note, locator=as_data(paragraph.locator),
                            section=as_data(paragraph.section), attributed_to=as_data(paragraph.attributed_to), tab=tab,
                            **self._values(meta))

    def for_forum(self, forms: dict) -> CitationStyle:
        """The style with the forms a forum's practice sets (a US court's "supra note 3" for
        OSCOLA's "(n 3)"): the forum file's `citations`."""
        if not forms:
            return self
        # the forum's forms first, then the style's, then the shipped style's (what an older firm style lacks)
        return CitationStyle(self.name, Wording({**self.templates, **forms}, self.templates.shipped,
                                                self.templates.where), self.folder)

    def printed_forms(self) -> tuple[str, tuple[str, str]]:
        """What this style prints before a source's address ("available at:") and around a later
        note's number ("(n", ")"; a US court's "supra note", ""), found by rendering its own
        templates with stand-ins: how verify reads the citations back, whatever the wording."""
        blank = dict.fromkeys(self._values(_PROBE), "")
        full = self._render("full", **{**blank, "url": _URL})
        before = re.search(f"([^,{_URL}{_NOTE}{_NAME}]*){_URL}", full)
        short = self._render("short", **blank, short=_NAME, note=_NOTE, locator="", section="", attributed_to="",
                             tab="")
        around = re.search(f"{_NAME}([^{_NOTE}]*){_NOTE}([)\\]]*)", short)
        return (before.group(1).strip() if before else "",
                (around.group(1).lstrip(" ,"), around.group(2)) if around else ("", ""))

    def also_stated(self, others: tuple[SourceMeta, ...]) -> str:
        """Where else the quoted text stands word for word, each in full, so that a judge can open
        and date them too; '' for none."""
        if not others:
            return ""
        return self._render("also_stated", others=[self._full(self._values(m)) for m in others])

    def bibliography(self, meta: SourceMeta) -> str:
        values = self._values(meta)
        return self._render("bibliography", full=self._full(values), **values)


_URL, _NOTE, _NAME = "\ue010", "\ue011", "\ue012"  # stand-ins for an address, a note's number, a short name
_PROBE = SourceMeta(id="probe", title="", author=UNKNOWN, publisher=UNKNOWN, published=UNKNOWN, url=UNKNOWN,
                    accessed=UNKNOWN, country=(), source_type="other", language="")


def printed_forms(folder: str | None = None) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
    """(the texts before an address, the texts around a short note's number) of every citation
    style at hand, the firm's and the shipped, each as plain and as each forum's practice sets
    its forms: a report drafted with any of them verifies. A style that cannot be read is left
    out (it drafted nothing)."""
    dirs = template_dirs(folder)
    styles = sorted({p.stem for d in dirs for p in (d / "citations").glob("*.yaml")})
    forums = sorted({p.stem for d in dirs for p in (d / "forums").glob("*.yaml")})
    forms = [{}]
    for forum in forums:
        try:
            forms.append(load_data(f"forums/{forum}.yaml", folder).get("citations") or {})
        except (ReportgenError, AttributeError):
            continue
    addresses: dict[str, None] = {}
    shorts: dict[tuple[str, str], None] = {}
    for name in styles:
        for of_forum in forms:
            try:
                address, short = CitationStyle.load(name, folder).for_forum(of_forum).printed_forms()
            except (ReportgenError, KeyError, TypeError):
                continue
            if address:
                addresses[address] = None
            if short[0] or short[1]:
                shorts[short] = None
    return tuple(addresses), tuple(shorts)


def version(meta: SourceMeta) -> str:
    """The edition as cited: "3.0" for a CPIN's version; nothing for an edition that is the year
    the title already names (the State Department's "2024 Country Reports")."""
    edition = meta.edition.strip()
    if not edition or edition == UNKNOWN or edition in meta.title:
        return ""
    return edition.removeprefix("v").removeprefix("version ").strip()


def short_title(title: str, words: int = 12) -> str:
    """The title as a practitioner shortens it: without a closing parenthesis ("(Includes Hong
    Kong, Macau, and Tibet)"), and where still long, up to its first colon or dash (unless that
    leaves one word); never cut mid-phrase, which reads as an error."""
    whole = re.sub(r"\s*\([^()]*\)\s*$", "", title).strip() or title
    if len(whole.split()) <= words:
        return whole
    head = re.split(r"\s*[:|–—]\s+|\s+-\s+", whole, maxsplit=1)[0].strip()
    return head if len(head.split()) >= 2 else whole


