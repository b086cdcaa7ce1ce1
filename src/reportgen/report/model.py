"""The report as plain records: what compose produces and docx.writer renders.

Nothing here knows Word. Inline pieces are text, placeholders for the expert, and footnote
references; blocks are headings, paragraphs (numbered or not), quotations and the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Text:
    """A run of the report's own words."""

    text: str
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Placeholder:
    """Something only the expert can write: highlighted, naming what is needed."""

    text: str


@dataclass(frozen=True)
class NoteRef:
    """The number of an earlier footnote, as a field (NOTEREF), so it renumbers: OSCOLA's "(n 3)"."""

    bookmark: str  # the bookmark on that footnote's reference mark


@dataclass(frozen=True)
class Note:
    """A footnote. `bookmark` names its reference mark, for later notes that refer back to it;
    `parts`, when given, is the note's text with NoteRefs inside (a short-form citation)."""

    text: str
    bookmark: str = ""
    parts: tuple = ()  # str | NoteRef


@dataclass(frozen=True)
class Ref:
    """The number of a numbered paragraph elsewhere in the report, as a REF field to its bookmark."""

    bookmark: str


@dataclass(frozen=True)
class Link:
    """A hyperlink: a source's address in a citation."""

    text: str
    url: str


Inline = Text | Placeholder | Note | Link | Ref


@dataclass(frozen=True)
class Heading:
    """A section heading: the contents lists it and a firm's heading style shapes it."""

    text: str
    level: int = 1
    bookmark: str = ""  # the contents page refers to it (PAGEREF)
    page_break: bool = False  # starts a new page (bibliography, appendices)


@dataclass(frozen=True)
class Para:
    """A paragraph: its style decides whether Word numbers it."""

    inlines: tuple[Inline, ...]
    style: str = "numbered"  # numbered | plain | title | subtitle | list | signature | bibliography | centered | lead_in
    keep_with_next: bool = False
    bookmark: str = ""  # answers and other paragraphs refer to it (REF)


@dataclass(frozen=True)
class Quote:
    """A verbatim extract of one evidence paragraph, with the footnote that cites it."""

    text: str
    note: Note | None  # None in the evidence schedule, which cites in its own entry
    evidence_id: str  # the evidence paragraph quoted: the writer marks it for `verify`
    keep_with_next: bool = False  # kept on the page of what follows it (a schedule's link to the source)


@dataclass(frozen=True)
class Quoted:
    """One extract as the report prints it, and where: the one list the declaration's count,
    the evidence schedule and the exhibit index are all made from, so they agree with the report."""

    section: str  # the heading it is quoted under (an issue's label, "Internal relocation")
    topic: str  # the factor or topic id of that section
    evidence_id: str
    source_id: str
    locator: str
    text: str  # word for word as printed, "[…]" and bracketed names included
    attributed_to: str = ""  # who the quoted sentences name as their source
    contrary: bool = False  # quoted as evidence that points the other way
    # its source's exhibit tab (A ... Z, AA, BB, as practice does), in the order sources are first
    # quoted: recorded once, here, for the report's notes and the exhibit index to print alike
    tab: str = ""


@dataclass(frozen=True)
class PageBreak:
    """The next block starts a page."""


@dataclass(frozen=True)
class Contents:
    """A table of contents field, pre-filled with these headings (level, text, bookmark) and
    page-reference fields to them, so it is never empty and shows page numbers as laid out."""

    entries: tuple[tuple[int, str, str], ...]
    title: str = ""  # "Contents", from templates/wording.yaml


@dataclass(frozen=True)
class Table:
    """A simple grid: the first row is the header, repeated on each page."""

    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    widths: tuple[float, ...] = ()  # column widths in cm


Block = Heading | Para | Quote | PageBreak | Contents | Table


@dataclass(frozen=True)
class PageSetup:
    """Paper, fonts and spacing, as the forum file sets them (its `page`)."""

    size: str = "A4"  # A4 | Letter
    font: str = "Times New Roman"
    east_asian_font: str = "SimSun"
    font_size: float = 12
    line_spacing: float = 1.5


@dataclass(frozen=True)
class Report:
    """The whole document as composing leaves it: what the docx writer renders and nothing more."""

    blocks: tuple[Block, ...]
    title: str  # document properties: never the applicant's name when anonymised
    subject: str
    author: str
    keywords: str
    date: str  # YYYY-MM-DD: fixes the document's timestamps, so drafts are reproducible
    header: str
    footer: str
    page: PageSetup = field(default_factory=PageSetup)
    quoted: tuple[Quoted, ...] = ()  # every extract, in the report's order
    library: str = ""  # the evidence library it was drafted from (recorded for `verify`)
    sources: tuple[tuple[str, str], ...] = ()  # (source id, sha256 of its file) of each source quoted
    # what the Word file says of itself (templates/wording.yaml): the page numbers after the footer
    # ({page} and {pages} become fields), and its comments, category and status properties
    page_numbers: str = ""
    title_page: bool = True  # its first page a title page, without header or footer (a schedule's is numbered)
    comments: str = ""
    category: str = ""
    status: str = ""
