"""The parts a report adds to its template's package, as python-docx would add them: the
footnotes, the header and footer (python-docx's default-header/footer.xml, MIT, as in
templates/docx/), the custom properties that mark each quotation for `verify`, and the extended
properties that name the application."""

from __future__ import annotations

from .contract import W_NS
from .package import (
    CT_CUSTOM_PROPERTIES,
    CT_FOOTER,
    CT_FOOTNOTES,
    CT_HEADER,
    CT_NUMBERING,
    RT_CUSTOM_PROPERTIES,
    RT_FOOTNOTES,
    RT_NUMBERING,
    Package,
    Part,
    parse,
)

W_DECL = f'xmlns:w="{W_NS}"'

# Word requires footnotes -1 and 0: the rule drawn above the notes, and the longer one above a
# note continued from the page before. A footnotes part without them is a "damaged" document
# to Word, and LibreOffice then draws no rule at all.
_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>')

# python-docx's default-header.xml and default-footer.xml (its namespaces, in its order)
_STORY_NAMESPACES = (
    'xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:mo="http://schemas.microsoft.com/office/mac/office/2008/main" xmlns:mv="urn:schemas-microsoft-com:mac:vml" '
    'xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:w10="urn:schemas-microsoft-com:office:word" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" ' + W_DECL + ' '
    'xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml" '
    'xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
    'xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" '
    'xmlns:wpi="http://schemas.microsoft.com/office/word/2010/wordprocessingInk" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" mc:Ignorable="w14 wp14"')

APP_PROPERTIES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    '<Application>reportgen</Application><DocSecurity>0</DocSecurity></Properties>').encode()
"""/docProps/app.xml as reportgen writes it: a template carries the properties of the program
that made it, which are not true of a report."""


def footnotes_part(document: Part) -> Part:
    """/word/footnotes.xml with the two separators Word requires, related to the document
    (whose settings must then name them: `FOOTNOTE_SETTINGS`), in place of any the template
    has (a report used as a firm's reference.docx): two parts of one name make a broken file."""
    document.rels.drop(RT_FOOTNOTES)
    part = Part("/word/footnotes.xml", CT_FOOTNOTES, element=parse(
        f'<w:footnotes {W_DECL}>{_SEPARATORS}</w:footnotes>'.encode()))
    document.relate_to(part, RT_FOOTNOTES)
    return part


FOOTNOTE_SETTINGS = f'<w:footnotePr {W_DECL}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'.encode()


def story_part(package: Package, kind: str) -> Part:
    """A new header or footer part (kind "header" or "footer") with one empty paragraph in
    Word's Header or Footer style."""
    tag, style, content_type = ("hdr", "Header", CT_HEADER) if kind == "header" else ("ftr", "Footer", CT_FOOTER)
    return Part(package.next_partname(f"/word/{kind}%d.xml"), content_type, element=parse(
        f'<w:{tag} {_STORY_NAMESPACES}><w:p><w:pPr><w:pStyle w:val="{style}"/></w:pPr></w:p></w:{tag}>'.encode()))


def numbering_part(document: Part) -> Part:
    """The document's numbering definitions; an empty part for a template without one."""
    part = document.related(RT_NUMBERING)
    if part is None:
        part = Part("/word/numbering.xml", CT_NUMBERING, element=parse(f"<w:numbering {W_DECL}/>".encode()))
        document.relate_to(part, RT_NUMBERING)
    return part


def _escape(text: str) -> str:
    """&, < and > as XML text needs them (xml.sax.saxutils.escape, without loading urllib and
    http.client with it: 10-15 ms of every draft)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def custom_properties_part(package: Package, values: dict[str, str]) -> Part:
    """/docProps/custom.xml: named text properties, kept by Word and LibreOffice through edits."""
    props = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{n}" name="{name}">'
        f'<vt:lpwstr>{_escape(value)}</vt:lpwstr></property>'
        for n, (name, value) in enumerate(sorted(values.items()), 2))
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
           f'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{props}</Properties>')
    part = Part("/docProps/custom.xml", CT_CUSTOM_PROPERTIES, xml.encode("utf-8"))
    package.rels.get_or_add(RT_CUSTOM_PROPERTIES, part)
    return part
