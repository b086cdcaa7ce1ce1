"""Rendering the report model as a Word document (the writing half of the docx package).

python-docx gives styles, paragraphs and properties; what it lacks (footnotes, numbering
definitions, fields, bookmarks) is written here as OOXML on the same parts. The result is a
document an expert can restyle by editing styles: numbered paragraphs use Word's numbering
(an inserted paragraph renumbers), citations are real footnotes, the contents is a TOC field.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import replace

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Inches, Pt, RGBColor
from docx.styles.style import StyleFactory
from lxml import etree

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
from .parts import CustomPropertiesPart, FootnotesPart, app_properties_as_written

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")



def clean(text: str) -> str:
    """Characters XML cannot hold become U+FFFD, so no value can break the file."""
    return _XML_ILLEGAL.sub("\ufffd", text)


def write_docx(report: Report, reference: str | None = None, starts: dict[str, int] | None = None) -> bytes:
    """`starts`: the page each bookmarked heading starts on (pages.estimate_layout), for the
    contents' page numbers: given by a caller that has already estimated the layout."""
    with app_properties_as_written():
        document = docx.Document(reference) if reference else docx.Document()
    if reference:
        body = document.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
    writer = _Writer(document, report, house_styles=bool(reference), starts=starts)
    writer.setup()
    for block in _signature_kept_together(report.blocks):
        writer.block(block)
    if writer.quote_marks:  # each quotation's evidence id, under its bookmark's name; the library and
        # each quoted source's sha256, so `verify` finds the library and knows a source has changed
        recorded = {PROP_SOURCE + sid: digest for sid, digest in report.sources}
        if report.library:
            recorded[PROP_LIBRARY] = report.library
        CustomPropertiesPart.new(document.part.package, {**dict(writer.quote_marks), **recorded})
    return _reproducible(document, report.date)


class _Writer:
    def __init__(self, document, report: Report, house_styles: bool = False, starts: dict[str, int] | None = None):
        self.doc = document
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
        self.body_end = document.element.body.get_or_add_sectPr()  # paragraphs go before it
        self._style_ids = {s.name: s.style_id for s in document.styles}
        self.numbers = paragraph_numbers(report.blocks)  # bookmark -> its paragraph number, for REF results
        self.note_marks: dict[str, int] = {}  # bookmark on a footnote mark -> the note's number

    # --- document set-up -----------------------------------------------------------------

    def setup(self) -> None:
        page = self.report.page
        section = self.doc.sections[0]
        if page.size.lower() == "letter":
            section.page_width, section.page_height = Inches(8.5), Inches(11)
        else:
            section.page_width, section.page_height = Cm(21.0), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.5))
        self._styles()
        self._numbering()
        self._footnotes_part()
        self._header_footer(section)
        self._properties()
        self._drop_thumbnail()

    def _styles(self) -> None:
        if not self.house_styles:
            self._format_builtin_styles()
        self._report_styles()

    def _format_builtin_styles(self) -> None:
        page, styles = self.report.page, self.doc.styles
        normal = styles["Normal"]
        normal.font.name = page.font
        normal.font.size = Pt(page.font_size)
        _east_asian_font(normal.element, page.font, page.east_asian_font)
        _east_asian_font(self.doc.styles.element.find(qn("w:docDefaults")), page.font, page.east_asian_font)
        fmt = normal.paragraph_format
        fmt.line_spacing = page.line_spacing
        fmt.space_after = Pt(6)
        for name, size in (("Heading 1", 14), ("Heading 2", 13), ("Heading 3", 12)):
            heading = styles[name]
            heading.font.size = Pt(size)
            heading.font.name = page.font
            heading.font.color.rgb = RGBColor(0, 0, 0)
            _east_asian_font(heading.element, page.font, page.east_asian_font)
            heading.paragraph_format.keep_with_next = True
            heading.paragraph_format.space_before = Pt(12)
        for name in ("Title", "Subtitle"):
            styles[name].font.name = page.font
            styles[name].font.color.rgb = RGBColor(0, 0, 0)
            _east_asian_font(styles[name].element, page.font, page.east_asian_font)
            styles[name].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            styles[name].paragraph_format.space_before = Pt(24)
        quote = styles["Quote"]
        quote.font.italic = False
        quote.font.color.rgb = RGBColor(0, 0, 0)
        quote.paragraph_format.left_indent = Cm(2.0)
        quote.paragraph_format.right_indent = Cm(1.0)
        quote.paragraph_format.line_spacing = 1.15
        quote.paragraph_format.keep_together = True  # a short extract is not split across pages

    def _report_styles(self) -> None:
        """The styles reportgen's own blocks use; a reference .docx may define them itself."""
        P, C = WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER
        for name, kind, style_id, configure in (
                (STYLE_NUMBERED, P, None, lambda s: _indent(s, 1.0, -1.0)),
                (STYLE_QUESTION, P, None, lambda s: _indent(s, 2.0, -1.0)),
                (STYLE_BIBLIOGRAPHY, P, None, lambda s: (_indent(s, 1.0, -1.0), _spacing(s, 1.15))),
                (STYLE_SIGNATURE, P, None, lambda s: setattr(s.paragraph_format, "space_before", Pt(18))),
                (STYLE_CENTERED, P, None, _centered),
                (STYLE_LEAD_IN, P, None, lambda s: _spacing(s, 1.0)),  # a date never stranded on a line
                ("Footnote Text", P, "FootnoteText", _footnote_text),
                ("Footnote Reference", C, "FootnoteReference", lambda s: setattr(s.font, "superscript", True)),
                (STYLE_PLACEHOLDER, C, None, _placeholder),
                ("toc 1", P, "TOC1", lambda s: _toc(s, 0)),
                ("toc 2", P, "TOC2", lambda s: _toc(s, 0.6))):
            style, fresh = self._style(name, kind, style_id)
            if fresh or not self.house_styles:
                configure(style)

    def _style(self, name, kind, style_id=None):
        """(style, whether it was created now): a firm's reference document may supply its own."""
        if self.style_id(name):
            return self.doc.styles[name], False
        # straight onto the styles part: python-docx's add_style searches every style by name first
        element = self.doc.styles.element.add_style_of_type(name, kind, False)
        if style_id:
            element.set(qn("w:styleId"), style_id)
        style = StyleFactory(element)
        self._style_ids[name] = style.style_id
        if kind == WD_STYLE_TYPE.PARAGRAPH:
            style.base_style = self.doc.styles["Normal"]
        style.quick_style = True
        return style, True

    def _numbering(self) -> None:
        """Two Word lists: the report's paragraph numbers (1., 2., ...) and the questions ((a), (b))."""
        numbering = self.doc.part.numbering_part.element
        ids = [int(n.get(qn("w:abstractNumId"))) for n in numbering.findall(qn("w:abstractNum"))]
        nums = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
        base_abstract, base_num = max(ids, default=0) + 10, max(nums, default=0) + 10
        for offset, (style, fmt, text, indent) in enumerate(
                ((STYLE_NUMBERED, "decimal", "%1.", 567), (STYLE_QUESTION, "lowerLetter", "(%1)", 1134))):
            abstract_id, num_id = base_abstract + offset, base_num + offset
            abstract = parse_xml(
                f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
                f'<w:multiLevelType w:val="singleLevel"/>'
                f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/>'
                f'<w:pStyle w:val="{self.doc.styles[style].style_id}"/>'
                f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
                f'<w:pPr><w:ind w:left="{indent}" w:hanging="567"/></w:pPr></w:lvl></w:abstractNum>')
            first_num = numbering.find(qn("w:num"))
            if first_num is not None:
                first_num.addprevious(abstract)  # abstractNum elements come before num elements
            else:
                numbering.append(abstract)
            numbering.append(parse_xml(
                f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/></w:num>'))
            ppr = self.doc.styles[style].element.get_or_add_pPr()
            ppr.insert(0, parse_xml(f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="{num_id}"/></w:numPr>'))

    def _footnotes_part(self) -> None:
        self.footnotes = FootnotesPart.new(self.doc.part).element

    def _header_footer(self, section) -> None:
        section.different_first_page_header_footer = self.report.title_page  # a title page stays clean
        header = section.header.paragraphs[0]
        _run(header._p, self.report.header)
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        text, *rest = re.split(r"\{(page|pages)\}", self.report.page_numbers)
        _run(footer._p, self.report.footer + text)
        for field, after in zip(rest[::2], rest[1::2]):  # " · Page {page} of {pages}": two fields
            _field(footer._p, {"page": "PAGE", "pages": "NUMPAGES"}[field], "1")
            if after:
                _run(footer._p, after)

    def _properties(self) -> None:
        props = self.doc.core_properties
        when = dt.datetime.fromisoformat(self.report.date + "T09:00:00")
        props.title = clean(self.report.title)
        props.subject = clean(self.report.subject)
        props.author = clean(self.report.author)
        props.last_modified_by = clean(self.report.author)
        props.keywords = clean(self.report.keywords)
        props.comments = clean(self.report.comments)
        props.category = clean(self.report.category)
        props.created = props.modified = when
        props.last_printed = when
        props.revision = 1
        props.identifier = ""
        props.content_status = clean(self.report.status)

    def _drop_thumbnail(self) -> None:
        package = self.doc.part.package
        for rel_id, rel in list(package.rels.items()):
            if rel.reltype.endswith("/thumbnail"):
                del package.rels[rel_id]

    # --- blocks ----------------------------------------------------------------------------

    def style_id(self, name: str) -> str | None:
        """Style ids by name, from a map made once (python-docx searches every style on each use)."""
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
        rel_id = self.doc.part.relate_to(link.url, RT.HYPERLINK, is_external=True)
        element = parse_xml(f'<w:hyperlink {nsdecls("w", "r")} r:id="{rel_id}"><w:r><w:rPr>'
                            f'<w:color w:val="0563C1"/><w:u w:val="single"/></w:rPr><w:t xml:space="preserve"></w:t>'
                            f'</w:r></w:hyperlink>')
        element.find(f".//{qn('w:t')}").text = clean(link.text)
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
        self.doc.settings.element.append(parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>'))


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


def _toc(style, left_cm: float) -> None:
    """Contents lines: indented by level, page numbers at the right margin after dots."""
    _indent(style, left_cm, 0)
    style.paragraph_format.space_after = Pt(0)
    style.paragraph_format.tab_stops.add_tab_stop(Cm(16.0), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)


def _indent(style, left_cm: float, first_line_cm: float) -> None:
    style.paragraph_format.left_indent = Cm(left_cm)
    style.paragraph_format.first_line_indent = Cm(first_line_cm)


def _spacing(style, line: float) -> None:
    style.paragraph_format.line_spacing = line


def _centered(style) -> None:
    style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    style.paragraph_format.space_before = Pt(12)


def _footnote_text(style) -> None:
    style.font.size = Pt(10)
    style.paragraph_format.line_spacing = 1.0
    style.paragraph_format.space_after = Pt(2)


def _placeholder(style) -> None:
    style.font.bold = True
    style.font.highlight_color = WD_COLOR_INDEX.YELLOW


def _east_asian_font(element, font: str, east_asian: str) -> None:
    """python-docx's font.name leaves eastAsia unset: Chinese names need it to render."""
    if element is None:
        return
    if element.tag == qn("w:docDefaults"):
        rpr_default = element.find(qn("w:rPrDefault"))
        if rpr_default is None:
            return
        rpr = rpr_default.find(qn("w:rPr"))
    else:
        rpr = element.get_or_add_rPr()
    if rpr is None:
        return
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = parse_xml(f'<w:rFonts {nsdecls("w")}/>')
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), font)
    fonts.set(qn("w:eastAsia"), east_asian)
    for theme_attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme_attr), None)


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


def _reproducible(document, date: str) -> bytes:
    """The package as python-docx saves it (document.save: its parts in its order), zipped with
    fixed timestamps, so the same input gives the same bytes: written once, where re-packing the
    saved zip compressed every part twice (about a quarter of writing)."""
    from docx.opc.pkgwriter import PackageWriter
    package = document.part.package
    for part in package.parts:
        part.before_marshal()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        stamped = _Stamped(target, tuple(int(x) for x in date.split("-")) + (9, 0, 0))
        parts = package.parts
        PackageWriter._write_content_types_stream(stamped, parts)
        PackageWriter._write_pkg_rels(stamped, package.rels)
        PackageWriter._write_parts(stamped, parts)
    return out.getvalue()


class _Stamped:
    """python-docx's physical package writer (its write(pack_uri, blob)), with a fixed date."""

    def __init__(self, target: zipfile.ZipFile, stamp: tuple):
        self.target, self.stamp = target, stamp

    def write(self, pack_uri, blob: bytes) -> None:
        fixed = zipfile.ZipInfo(pack_uri.membername, date_time=self.stamp)
        fixed.compress_type = zipfile.ZIP_DEFLATED
        fixed.external_attr = 0o644 << 16
        self.target.writestr(fixed, blob)
