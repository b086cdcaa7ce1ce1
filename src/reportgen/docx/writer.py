"""Rendering the report model as a Word document (the writing half of the docx package).

The report is written as OOXML with lxml on the parts of a template package (`package`):
python-docx's default document, shipped in templates/docx/, or a firm's reference.docx. Styles,
page setup, header and footer, properties and numbering are set on those parts as python-docx
would set them (same elements, same order, so the same bytes), without loading python-docx.
The result is a document an expert can restyle by editing styles: numbered paragraphs use Word's
numbering (an inserted paragraph renumbers), citations are real footnotes, the contents is a TOC
field.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import replace
from pathlib import Path

from lxml import etree

from .. import __version__, user_cache
from ..report.model import (
    Contents,
    Heading,
    Link,
    Note,
    NoteRef,
    PageBreak,
    Para,
    Placeholder,
    Quote,
    Ref,
    Report,
    Table,
    Text,
)
from .contract import (
    PROP_LIBRARY,
    PROP_SOURCE,
    QUOTE_BOOKMARK,
    STYLE_BIBLIOGRAPHY,
    STYLE_CENTERED,
    STYLE_LEAD_IN,
    STYLE_NUMBERED,
    STYLE_PLACEHOLDER,
    STYLE_QUESTION,
    STYLE_SIGNATURE,
    XML_SPACE,
    W,
)
from .package import (
    CT_CORE_PROPERTIES,
    CT_SETTINGS,
    RT_CORE_PROPERTIES,
    RT_CUSTOM_PROPERTIES,
    RT_FOOTER,
    RT_HEADER,
    RT_HYPERLINK,
    RT_SETTINGS,
    RT_STYLES,
    Package,
    PackageError,
    Part,
    parse,
)
from .parts import APP_PROPERTIES, FOOTNOTE_SETTINGS, W_DECL, custom_properties_part, footnotes_part, numbering_part, story_part
from .styling import (
    CORE_TEMPLATE,
    INTERNAL_NAMES,
    PPR_ORDER,
    SECT_ORDER,
    STYLE_IDS,
    STYLE_ORDER,
    cm,
    core,
    core_date,
    east_asian_font,
    font,
    get_or_add,
    inches,
    insert,
    new,
    p_ppr,
    paragraph,
    remove,
    toc,
    twips,
    ui_name,
)

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def clean(text: str) -> str:
    """Characters XML cannot hold become U+FFFD, so no value can break the file."""
    return _XML_ILLEGAL.sub("\ufffd", text)


def default_template() -> str:
    """python-docx's own default.docx, shipped as templates/docx/default.docx (see the README
    there): a report's bytes do not change with the python-docx installed."""
    from ..library.folder import packaged_path
    return str(packaged_path("templates") / "docx" / "default.docx")


def write_docx(report: Report, reference: str | None = None, starts: dict[str, int] | None = None) -> bytes:
    """`starts`: the page each bookmarked heading starts on (pages.estimate_layout), for the
    contents' page numbers: given by a caller that has already estimated the layout."""
    template = reference or default_template()
    package = Package.open(template, app_properties=APP_PROPERTIES, untrusted=bool(reference))
    document = package.document()
    body = document.element.find(W + "body")
    if body is None:
        raise PackageError(f"{package.source}: a Word document without a body")
    if reference:
        for child in list(body):
            if child.tag != W + "sectPr":
                body.remove(child)
        # its custom properties are an earlier report's marks, library and sources, if it is one:
        # `verify` must not take them for this report's
        package.rels.drop(RT_CUSTOM_PROPERTIES)
    writer = _Writer(package, document, report, house_styles=bool(reference), starts=starts)
    if not reference:
        writer.cache_key = _styles_key(template, report.page)
    writer.setup()
    for block in _signature_kept_together(report.blocks):
        writer.block(block)
    if writer.quote_marks:  # each quotation's evidence id, under its bookmark's name; the library and
        # each quoted source's sha256, so `verify` finds the library and knows a source has changed
        recorded = {PROP_SOURCE + sid: digest for sid, digest in report.sources}
        if report.library:
            recorded[PROP_LIBRARY] = report.library
        custom_properties_part(package, {**dict(writer.quote_marks), **recorded})
    return package.save(report.date)


class _Writer:
    def __init__(self, package: Package, document: Part, report: Report, house_styles: bool = False,
                 starts: dict[str, int] | None = None):
        self.package, self.document = package, document
        self.report = report
        self.starts = starts
        self.house_styles = house_styles  # a firm's reference .docx: its styles are kept as they are
        self.footnotes = None
        self.next_note = 1
        self.bookmark_id = 1
        self.quote_marks: list[tuple[str, str]] = []  # bookmark name -> evidence paragraph id
        # a page break starts the next paragraph's page (pageBreakBefore), never an empty paragraph
        # of its own: one that fell just past a full page (a cover) left a blank page behind it
        self.break_next = False
        body = document.element.find(W + "body")
        self.body_end = get_or_add(body, "sectPr", ("sectPr",))  # paragraphs go before it
        styles = document.related(RT_STYLES)
        if styles is None:
            raise PackageError("the template has no styles part: save it again from Word or LibreOffice")
        self.styles_part = styles
        self._style_ids: dict[str | None, str | None] = {}
        self.cache_key: str | None = None  # set for the default template: its styles part can be cached
        self.numbers = paragraph_numbers(report.blocks)  # bookmark -> its paragraph number, for REF results
        self.note_marks: dict[str, int] = {}  # bookmark on a footnote mark -> the note's number

    # --- document set-up -----------------------------------------------------------------

    def setup(self) -> None:
        page = self.report.page
        if page.size.lower() == "letter":
            width, height = inches(8.5), inches(11)
        else:
            width, height = cm(21.0), cm(29.7)
        size = get_or_add(self.body_end, "pgSz", SECT_ORDER)
        size.set(W + "w", twips(width))
        size.set(W + "h", twips(height))
        for side in ("left", "right", "top", "bottom"):
            get_or_add(self.body_end, "pgMar", SECT_ORDER).set(W + side, twips(cm(2.5)))
        cached = None if self.house_styles else _cached_styles(self.cache_key)
        if cached is not None:  # the styles part as an earlier draft wrote it: 438 KB not parsed again
            self.styles_part.written(cached[0])
            self._style_ids = cached[1]
        else:
            self._style_ids = {ui_name(s): s.get(W + "styleId") for s in self.styles.iterchildren(W + "style")}
            self._styles()
        self._numbering(restyle=cached is None)
        if cached is None and not self.house_styles:  # styles are final here: written once, kept for the next draft
            blob = self.styles_part.blob
            self.styles_part.written(blob)
            _cache_styles(self.cache_key, blob, self._style_ids)
        self._footnotes_part()
        self._header_footer()
        self._properties()
        self._drop_thumbnail()

    @property
    def settings(self):
        """The settings part's root; a template without one gets an empty one."""
        part = self.document.related(RT_SETTINGS)
        if part is None:
            part = Part("/word/settings.xml", CT_SETTINGS, element=parse(f"<w:settings {W_DECL}/>".encode()))
            self.document.relate_to(part, RT_SETTINGS)
        return part.element

    def style(self, name: str):
        """A style's element by its name as Word shows it ('Heading 1' for 'heading 1'), as
        python-docx's styles[name] finds it."""
        internal = INTERNAL_NAMES.get(name, name)
        for style in self.styles.iterchildren(W + "style"):
            found = style.find(W + "name")
            if found is not None and found.get(W + "val") == internal:
                return style
        for style in self.styles.iterchildren(W + "style"):
            if style.get(W + "styleId") == name:
                return style
        raise PackageError(f"the template has no style named '{name}'")

    def _styles(self) -> None:
        if not self.house_styles:
            self._format_builtin_styles()
        self._report_styles()

    def _format_builtin_styles(self) -> None:
        page = self.report.page
        normal = self.style("Normal")
        font(normal, name=page.font, size=page.font_size)
        east_asian_font(normal, page.font, page.east_asian_font)
        east_asian_font(self.styles.find(W + "docDefaults"), page.font, page.east_asian_font)
        paragraph(normal, line=page.line_spacing, after=6)
        for name, size in (("Heading 1", 14), ("Heading 2", 13), ("Heading 3", 12)):
            heading = self.style(name)
            font(heading, size=size, name=page.font, black=True)
            east_asian_font(heading, page.font, page.east_asian_font)
            paragraph(heading, keep_with_next=True, before=12)
        for name in ("Title", "Subtitle"):
            style = self.style(name)
            font(style, name=page.font, black=True)
            east_asian_font(style, page.font, page.east_asian_font)
            paragraph(style, align="center", before=24)
        quote = self.style("Quote")
        font(quote, italic=False, black=True)
        # a short extract is not split across pages
        paragraph(quote, left_cm=2.0, right_cm=1.0, line=1.15, keep_together=True)

    def _report_styles(self) -> None:
        """The styles reportgen's own blocks use; a reference .docx may define them itself."""
        P, C = "paragraph", "character"
        for name, kind, style_id, configure in (
                (STYLE_NUMBERED, P, None, lambda s: paragraph(s, left_cm=1.0, first_line_cm=-1.0)),
                (STYLE_QUESTION, P, None, lambda s: paragraph(s, left_cm=2.0, first_line_cm=-1.0)),
                (STYLE_BIBLIOGRAPHY, P, None, lambda s: paragraph(s, left_cm=1.0, first_line_cm=-1.0, line=1.15)),
                (STYLE_SIGNATURE, P, None, lambda s: paragraph(s, before=18)),
                (STYLE_CENTERED, P, None, lambda s: paragraph(s, align="center", before=12)),
                (STYLE_LEAD_IN, P, None, lambda s: paragraph(s, line=1.0)),  # a date never stranded on a line
                ("Footnote Text", P, "FootnoteText",
                 lambda s: (font(s, size=10), paragraph(s, line=1.0, after=2))),
                ("Footnote Reference", C, "FootnoteReference", lambda s: font(s, superscript=True)),
                (STYLE_PLACEHOLDER, C, None, lambda s: font(s, bold=True, highlight="yellow")),
                ("toc 1", P, "TOC1", lambda s: toc(s, 0)),
                ("toc 2", P, "TOC2", lambda s: toc(s, 0.6))):
            style, fresh = self._style(name, kind, style_id)
            if fresh or not self.house_styles:
                configure(style)

    def _style(self, name, kind, style_id=None):
        """(style, whether it was created now): a firm's reference document may supply its own.
        A new one as python-docx adds it: a custom style, based on Normal if a paragraph style."""
        if self.style_id(name):
            return self.style(name), False
        style = etree.SubElement(self.styles, W + "style")
        style.set(W + "type", kind)
        style.set(W + "customStyle", "1")
        style.set(W + "styleId", STYLE_IDS.get(name, name.replace(" ", "")))
        get_or_add(style, "name", STYLE_ORDER).set(W + "val", name)
        if style_id:
            style.set(W + "styleId", style_id)
        self._style_ids[name] = style.get(W + "styleId")
        if kind == "paragraph":
            based_on = self.style("Normal").get(W + "styleId")
            if based_on is None:
                remove(style, "basedOn")
            else:
                get_or_add(style, "basedOn", STYLE_ORDER).set(W + "val", based_on)
        remove(style, "qFormat")
        get_or_add(style, "qFormat", STYLE_ORDER)
        return style, True

    @property
    def styles(self):
        return self.styles_part.element

    def _numbering(self, restyle: bool = True) -> None:
        """Two Word lists: the report's paragraph numbers (1., 2., ...) and the questions ((a), (b)).
        `restyle`: the two styles are given their list (not when the styles part is cached)."""
        numbering = numbering_part(self.document).element
        ids = [int(n.get(W + "abstractNumId")) for n in numbering.findall(W + "abstractNum")]
        nums = [int(n.get(W + "numId")) for n in numbering.findall(W + "num")]
        base_abstract, base_num = max(ids, default=0) + 10, max(nums, default=0) + 10
        for offset, (style, fmt, text, indent) in enumerate(
                ((STYLE_NUMBERED, "decimal", "%1.", 567), (STYLE_QUESTION, "lowerLetter", "(%1)", 1134))):
            abstract_id, num_id = base_abstract + offset, base_num + offset
            style_id = self.style(style).get(W + "styleId") if restyle else self.style_id(style)
            abstract = parse((
                f'<w:abstractNum {W_DECL} w:abstractNumId="{abstract_id}">'
                f'<w:multiLevelType w:val="singleLevel"/>'
                f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:pStyle w:val="{style_id}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{indent}" w:hanging="567"/></w:pPr></w:lvl></w:abstractNum>').encode())
            first_num = numbering.find(W + "num")
            if first_num is not None:
                first_num.addprevious(abstract)  # abstractNum elements come before num elements
            else:
                numbering.append(abstract)
            numbering.append(parse(
                f'<w:num {W_DECL} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'.encode()))
            if not restyle:
                continue
            ppr = get_or_add(self.style(style), "pPr", STYLE_ORDER)
            remove(ppr, "numPr")  # a house style's own list, if it has one: a paragraph has one
            ppr.insert(0, parse(
                f'<w:numPr {W_DECL}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'.encode()))

    def _footnotes_part(self) -> None:
        self.footnotes = footnotes_part(self.document).element
        remove(self.settings, "footnotePr")  # the template's, if it had notes: one setting of each
        self.settings.append(parse(FOOTNOTE_SETTINGS))

    def _header_footer(self) -> None:
        if self.report.title_page:  # a title page stays clean
            get_or_add(self.body_end, "titlePg", SECT_ORDER).attrib.pop(W + "val", None)
        else:
            remove(self.body_end, "titlePg")
        header = self._story_paragraph("header")
        _run(header, self.report.header)
        get_or_add(p_ppr(header), "jc", PPR_ORDER).set(W + "val", "right")
        footer = self._story_paragraph("footer")
        get_or_add(p_ppr(footer), "jc", PPR_ORDER).set(W + "val", "center")
        text, *rest = re.split(r"\{(page|pages)\}", self.report.page_numbers)
        _run(footer, self.report.footer + text)
        for field, after in zip(rest[::2], rest[1::2]):  # " · Page {page} of {pages}": two fields
            _field(footer, {"page": "PAGE", "pages": "NUMPAGES"}[field], "1")
            if after:
                _run(footer, after)

    def _story_paragraph(self, kind: str):
        """The first paragraph of the section's default header or footer: the template's own,
        else a new part as python-docx adds one."""
        reference = next((r for r in self.body_end.iterchildren(W + kind + "Reference")
                          if r.get(W + "type") == "default"), None)
        if reference is not None:
            rel = self.document.rels.get(reference.get(f"{{{R_NS}}}id"))
            if rel is None or rel.external:
                raise PackageError(f"the template's {kind} is missing from its package")
            part = rel.target
        else:
            part = story_part(self.package, kind)
            rel_id = self.document.relate_to(part, RT_HEADER if kind == "header" else RT_FOOTER)
            reference = new(kind + "Reference")
            insert(self.body_end, reference, SECT_ORDER)
            reference.set(W + "type", "default")
            reference.set(f"{{{R_NS}}}id", rel_id)
        paragraphs = part.element.findall(W + "p")
        return paragraphs[0] if paragraphs else etree.SubElement(part.element, W + "p")

    def _properties(self) -> None:
        """The core properties (title, author, dates...), as python-docx sets them; a template
        without them gets python-docx's default part first (its four elements, in its order:
        their values are the report's, set below)."""
        props = self.package.rels.part_of(RT_CORE_PROPERTIES)
        if props is None:
            props = Part("/docProps/core.xml", CT_CORE_PROPERTIES, element=parse(CORE_TEMPLATE))
            for name in ("title", "lastModifiedBy", "revision"):
                core(props.element, name, "")
            core_date(props.element, "modified", dt.datetime(2000, 1, 1))
            self.package.rels.get_or_add(RT_CORE_PROPERTIES, props)
        element, report = props.element, self.report
        when = dt.datetime.fromisoformat(report.date + "T09:00:00")
        for name, value in (("title", report.title), ("subject", report.subject), ("creator", report.author),
                            ("lastModifiedBy", report.author), ("keywords", report.keywords),
                            ("description", report.comments), ("category", report.category)):
            core(element, name, clean(value))
        for name in ("created", "modified", "lastPrinted"):
            core_date(element, name, when)
        core(element, "revision", "1")
        core(element, "identifier", "")
        core(element, "contentStatus", clean(report.status))

    def _drop_thumbnail(self) -> None:
        for rel_id, rel in list(self.package.rels.items()):
            if rel.reltype.endswith("/thumbnail"):
                del self.package.rels[rel_id]

    # --- blocks ----------------------------------------------------------------------------

    def style_id(self, name: str) -> str | None:
        """Style ids by name, from a map made once (not a search of every style on each use)."""
        return self._style_ids.get(name)

    def add_paragraph(self, style: str, keep_with_next: bool = False, page_break: bool = False):
        """A w:p at the end of the body (before its section properties), in a style."""
        p = etree.Element(W + "p")
        self.body_end.addprevious(p)
        style_id = self.style_id(style)
        page_break, self.break_next = page_break or self.break_next, False
        if (style_id and style != "Normal") or keep_with_next or page_break:
            ppr = etree.SubElement(p, W + "pPr")  # children in schema order
            if style_id and style != "Normal":
                etree.SubElement(ppr, W + "pStyle").set(W + "val", style_id)
            if keep_with_next:
                etree.SubElement(ppr, W + "keepNext")
            if page_break:
                etree.SubElement(ppr, W + "pageBreakBefore")
        return p

    def bookmark(self, p, name: str, around=None) -> None:
        """A bookmark over the paragraph's content (or over one element of it)."""
        start = etree.Element(W + "bookmarkStart")
        start.set(W + "id", str(self.bookmark_id))
        start.set(W + "name", name)
        end = etree.Element(W + "bookmarkEnd")
        end.set(W + "id", str(self.bookmark_id))
        self.bookmark_id += 1
        if around is not None:
            around.addprevious(start)
            around.addnext(end)
            return
        ppr = p.find(W + "pPr")
        if ppr is not None:
            ppr.addnext(start)
        else:
            p.insert(0, start)
        p.append(end)

    def block(self, block) -> None:
        if isinstance(block, Heading):
            # keep-with-next set directly as well: a firm's house heading style may lack it
            p = self.add_paragraph(f"Heading {min(block.level, 3)}", keep_with_next=True, page_break=block.page_break)
            _run(p, block.text)
            if block.bookmark:
                self.bookmark(p, block.bookmark)
        elif isinstance(block, Table):
            self.table(block)
        elif isinstance(block, Para):
            self.para(block)
        elif isinstance(block, Quote):
            self.quote(block)
        elif isinstance(block, PageBreak):
            self.break_next = True
        elif isinstance(block, Contents):
            self.contents(block)

    def para(self, block: Para) -> None:
        style = {"numbered": STYLE_NUMBERED, "list": STYLE_QUESTION, "title": "Title", "subtitle": "Subtitle",
                 "bibliography": STYLE_BIBLIOGRAPHY, "signature": STYLE_SIGNATURE,
                 "centered": STYLE_CENTERED, "lead_in": STYLE_LEAD_IN, "plain": "Normal"}.get(block.style, "Normal")
        p = self.add_paragraph(style, keep_with_next=block.keep_with_next)
        for inline in block.inlines:
            self.inline(p, inline)
        if block.bookmark:
            self.bookmark(p, block.bookmark)

    def inline(self, p, inline) -> None:
        if isinstance(inline, Text):
            _run(p, inline.text, bold=inline.bold, italic=inline.italic)
        elif isinstance(inline, Placeholder):
            # the character style names it; direct highlight too, for readers ignoring char styles
            _run(p, f"[{inline.text}]", style=self.style_id(STYLE_PLACEHOLDER), highlight=True)
        elif isinstance(inline, Note):
            self.footnote(p, inline)
        elif isinstance(inline, Link):
            self.hyperlink(p, inline)
        elif isinstance(inline, Ref):
            # the paragraph's number, renumbered by Word when paragraphs are inserted
            _field(p, f"REF {inline.bookmark} \\r \\h", str(self.numbers.get(inline.bookmark, "?")))

    def table(self, block: Table) -> None:
        """A grid with borders; the header row repeats on each page and rows do not split."""
        if self.break_next:  # a table cannot start a page by itself: an empty paragraph does it
            self.add_paragraph("Normal")
        tbl = etree.Element(W + "tbl")
        self.body_end.addprevious(tbl)
        tbl_pr = etree.SubElement(tbl, W + "tblPr")
        etree.SubElement(tbl_pr, W + "tblW").attrib.update({W + "w": "5000", W + "type": "pct"})
        borders = etree.SubElement(tbl_pr, W + "tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            etree.SubElement(borders, W + side).attrib.update({W + "val": "single", W + "sz": "4", W + "color": "000000"})
        grid = etree.SubElement(tbl, W + "tblGrid")
        for width in block.widths:
            etree.SubElement(grid, W + "gridCol").set(W + "w", str(int(width * 567)))
        for i, row in enumerate(block.rows):
            tr = etree.SubElement(tbl, W + "tr")
            tr_pr = etree.SubElement(tr, W + "trPr")
            # the header repeats on each page; a row is kept whole. Never both on the header row:
            # LibreOffice (7.4) then drops every row after it when the table starts at a page's foot
            etree.SubElement(tr_pr, W + ("tblHeader" if i == 0 else "cantSplit"))
            for j, cell in enumerate(row):
                tc = etree.SubElement(tr, W + "tc")
                if j < len(block.widths):
                    etree.SubElement(etree.SubElement(tc, W + "tcPr"), W + "tcW").attrib.update(
                        {W + "w": str(int(block.widths[j] * 567)), W + "type": "dxa"})
                p = etree.SubElement(tc, W + "p")
                spacing = etree.SubElement(etree.SubElement(p, W + "pPr"), W + "spacing")
                spacing.attrib.update({W + "after": "0", W + "line": "240", W + "lineRule": "auto"})
                for inline in cell:
                    if i == 0 and isinstance(inline, Text):
                        inline = Text(inline.text, bold=True)
                    self.inline(p, inline)

    def hyperlink(self, p, link: Link) -> None:
        rel_id = self.document.relate_to(link.url, RT_HYPERLINK, external=True)
        element = parse((f'<w:hyperlink {W_DECL} xmlns:r="{R_NS}" r:id="{rel_id}"><w:r><w:rPr>'
                         f'<w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr><w:t xml:space="preserve"></w:t>'
                         f'</w:r></w:hyperlink>').encode())
        element.find(f".//{W}t").text = clean(link.text)
        p.append(element)

    def quote(self, block: Quote) -> None:
        p = self.add_paragraph("Quote", keep_with_next=block.keep_with_next)
        ppr = p.find(W + "pPr")
        ppr = ppr if ppr is not None else etree.SubElement(p, W + "pPr")
        etree.SubElement(ppr, W + "keepLines")  # house styles may lack it
        # and no widow control, which a paragraph kept whole has no use for: LibreOffice let an
        # extract at the end of a keep-with-next chain (heading, lead-in) split at the page foot
        # when its orphan and widow lines could be kept; without it, the chain moves on whole
        etree.SubElement(ppr, W + "widowControl").set(W + "val", "0")
        name = f"{QUOTE_BOOKMARK}{block.evidence_id.rsplit(':', 1)[-1]}_{self.bookmark_id}"
        self.quote_marks.append((name, block.evidence_id))
        self.bookmark(p, name)  # over the quotation and its footnote mark: `verify` finds it by name
        end = p[-1]
        _run(p, block.text)  # an indented block quotation: no quotation marks
        if block.note:
            self.footnote(p, block.note)
        p.append(end)  # the bookmark closes after the footnote mark

    def footnote(self, p, note: Note) -> None:
        note_id = str(self.next_note)
        self.next_note += 1
        ref = etree.SubElement(p, W + "r")
        etree.SubElement(etree.SubElement(ref, W + "rPr"), W + "rStyle").set(W + "val", "FootnoteReference")
        etree.SubElement(ref, W + "footnoteReference").set(W + "id", note_id)
        if note.bookmark:
            self.bookmark(p, note.bookmark, around=ref)
            self.note_marks[note.bookmark] = int(note_id)
        body = etree.SubElement(self.footnotes, W + "footnote")
        body.set(W + "id", note_id)
        note_p = etree.SubElement(body, W + "p")
        etree.SubElement(etree.SubElement(note_p, W + "pPr"), W + "pStyle").set(W + "val", "FootnoteText")
        mark = etree.SubElement(note_p, W + "r")
        etree.SubElement(etree.SubElement(mark, W + "rPr"), W + "rStyle").set(W + "val", "FootnoteReference")
        etree.SubElement(mark, W + "footnoteRef")
        _run(note_p, " ")
        for part in note.parts or (note.text,):
            if isinstance(part, NoteRef):  # "(n 3)": Word's own cross-reference to note 3
                _field(note_p, f"NOTEREF {part.bookmark} \\h", str(self.note_marks.get(part.bookmark, "?")))
            elif isinstance(part, Placeholder):
                self.inline(note_p, part)
            else:
                _run(note_p, part)

    def contents(self, block: Contents) -> None:
        """A real TOC field (Word's Update Table adds the headings the expert writes) whose
        cached result is the contents as written now, as Word itself saves it: each entry a link
        to its heading with a PAGEREF field, its page as estimated until fields are updated
        (LibreOffice shows the cached result as it is)."""
        title = self.add_paragraph("TOC Heading" if self.style_id("TOC Heading") else "Normal")
        _run(title, block.title, bold=True)
        entries = [e for e in block.entries if e[0] <= 2] or [(1, "", "")]
        if self.starts is None:
            from ..report.pages import estimate_layout
            self.starts = estimate_layout(self.report)[1]
        pages = self.starts
        for n, (level, text, mark) in enumerate(entries):
            p = self.add_paragraph(f"toc {level}")
            if n == 0:
                _field_begin(p, 'TOC \\o "1-2" \\h \\z \\u')
            link = etree.SubElement(p, W + "hyperlink") if mark else p
            if mark:
                link.set(W + "anchor", mark)
                link.set(W + "history", "1")
            if text:
                _run(link, text)
            if mark:
                etree.SubElement(etree.SubElement(link, W + "r"), W + "tab")
                _field(link, f"PAGEREF {mark} \\h", str(pages.get(mark, "")), dirty=False)
            if n == len(entries) - 1:
                _field_end(p)
        remove(self.settings, "updateFields")
        self.settings.append(parse(f'<w:updateFields {W_DECL} w:val="true"/>'.encode()))


def _styles_key(template: str, page) -> str | None:
    """What the default template's styles part, as the writer leaves it, depends on: the
    template, the page settings it takes, the code that sets and writes them (the docx package's
    writing modules) and the lxml that parses and writes XML."""
    try:
        made_by = b"".join(Path(__file__).with_name(name).read_bytes()
                           for name in ("writer.py", "styling.py", "package.py", "parts.py", "contract.py"))
        template_bytes = Path(template).read_bytes()
    except OSError:
        return None
    settings = repr((page.font, page.font_size, page.line_spacing, page.east_asian_font,
                     etree.LXML_VERSION, etree.LIBXML_VERSION)).encode()
    return hashlib.sha256(b"\0".join((__version__.encode(), made_by, template_bytes, settings))).hexdigest()[:32]


def _cached_styles(key: str | None) -> tuple[bytes, dict] | None:
    """The styles part and its style ids as a draft with the same key wrote them."""
    kept = user_cache.load("docx-styles", f"{key}.styles") if key else None
    return (kept[1], dict(kept[0])) if kept else None


def _cache_styles(key: str | None, blob: bytes, ids: dict) -> None:
    if key:
        user_cache.store("docx-styles", f"{key}.styles", (list(ids.items()), blob))


def _signature_kept_together(blocks) -> list:
    """The declaration's last sentence and the signature lines under it keep with each other:
    a signature never stands alone at the top of a page (keep-with-next on all but the last)."""
    out = list(blocks)
    for i, block in enumerate(out):
        following = out[i + 1] if i + 1 < len(out) else None
        if isinstance(following, Para) and following.style == "signature" and isinstance(block, Para) \
                and not block.keep_with_next:
            out[i] = replace(block, keep_with_next=True)
    return out


def paragraph_numbers(blocks) -> dict[str, int]:
    """The number Word will give each bookmarked numbered paragraph: REF fields show it before
    any field update (and LibreOffice shows it as laid out)."""
    numbers, n = {}, 0
    for block in blocks:
        if isinstance(block, Para) and block.style == "numbered" and block.inlines:
            n += 1
            if block.bookmark:
                numbers[block.bookmark] = n
    return numbers


def _run(p, text: str, style: str | None = None, bold: bool = False, italic: bool = False,
         highlight: bool = False):
    """A w:r with its text (cleaned, spaces kept) and the few properties the report uses."""
    r = etree.SubElement(p, W + "r")
    if style or bold or italic or highlight:
        rpr = etree.SubElement(r, W + "rPr")  # children in schema order
        if style:
            etree.SubElement(rpr, W + "rStyle").set(W + "val", style)
        if bold:
            etree.SubElement(rpr, W + "b")
        if italic:
            etree.SubElement(rpr, W + "i")
        if highlight:
            etree.SubElement(rpr, W + "highlight").set(W + "val", "yellow")
    # an A-number ("A-123-456-789") and any non-breaking hyphen the text holds are Word's own
    # non-breaking hyphens, so the number never breaks across lines
    for i, piece in enumerate(_NO_BREAK.split(_A_NUMBER.sub(lambda m: m.group(0).replace("-", "\u2011"), text))):
        if i:
            etree.SubElement(r, W + "noBreakHyphen")
        if piece or not i:
            t = etree.SubElement(r, W + "t")
            t.set(XML_SPACE, "preserve")
            t.text = clean(piece)
    return r


_A_NUMBER = re.compile(r"\bA-?\d{3}-\d{3}-\d{3}\b")
_NO_BREAK = re.compile("\u2011")


def _field(p, code: str, shown: str, dirty: bool = True) -> None:
    _field_begin(p, code, dirty)
    _run(p, shown)
    _field_end(p)


def _field_begin(p, code: str, dirty: bool = True) -> None:
    begin = etree.SubElement(etree.SubElement(p, W + "r"), W + "fldChar")
    begin.set(W + "fldCharType", "begin")
    if dirty:  # Word recomputes it on opening
        begin.set(W + "dirty", "true")
    instr = etree.SubElement(etree.SubElement(p, W + "r"), W + "instrText")
    instr.set(XML_SPACE, "preserve")
    instr.text = f" {code} "
    etree.SubElement(etree.SubElement(p, W + "r"), W + "fldChar").set(W + "fldCharType", "separate")


def _field_end(p) -> None:
    etree.SubElement(etree.SubElement(p, W + "r"), W + "fldChar").set(W + "fldCharType", "end")
