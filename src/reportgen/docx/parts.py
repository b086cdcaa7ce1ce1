"""The package parts python-docx does not make for us, as part classes in its own manner (as it
adds its CommentsPart): the footnotes, the custom properties that mark each quotation for
`verify`, and the extended properties that name the application."""

from __future__ import annotations

from contextlib import contextmanager

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part, PartFactory, XmlPart
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

# Word requires footnotes -1 and 0: the rule drawn above the notes, and the longer one above a
# note continued from the page before. A footnotes part without them is a "damaged" document
# to Word, and LibreOffice then draws no rule at all.
_SEPARATORS = (
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" '
    'w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" '
    'w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>')


class FootnotesPart(XmlPart):
    """/word/footnotes.xml: the report's footnotes, after the two separators Word requires."""

    @classmethod
    def new(cls, document_part) -> FootnotesPart:
        element = parse_xml(f'<w:footnotes {nsdecls("w")}>{_SEPARATORS}</w:footnotes>')
        part = cls(PackURI("/word/footnotes.xml"), CT.WML_FOOTNOTES, element, document_part.package)
        document_part.relate_to(part, RT.FOOTNOTES)
        document_part.document.settings.element.append(parse_xml(
            f'<w:footnotePr {nsdecls("w")}><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'))
        return part


def _escape(text: str) -> str:
    """&, < and > as XML text needs them (xml.sax.saxutils.escape, without loading urllib and
    http.client with it: 10-15 ms of every draft)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class CustomPropertiesPart(Part):
    """/docProps/custom.xml: named text properties, kept by Word and LibreOffice through edits."""

    @classmethod
    def new(cls, package, values: dict[str, str]) -> CustomPropertiesPart:
        props = "".join(
            f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{n}" name="{name}">'
            f'<vt:lpwstr>{_escape(value)}</vt:lpwstr></property>'
            for n, (name, value) in enumerate(sorted(values.items()), 2))
        xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" '
               f'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{props}</Properties>')
        part = cls(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, xml.encode("utf-8"), package)
        package.relate_to(part, RT.CUSTOM_PROPERTIES)
        return part


class AppPropertiesPart(Part):
    """/docProps/app.xml as reportgen writes it: python-docx's default template carries the
    properties of the program that made the template, which are not true of a report."""

    @property
    def blob(self) -> bytes:
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
                'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
                '<Application>reportgen</Application><DocSecurity>0</DocSecurity></Properties>').encode()


@contextmanager
def app_properties_as_written():
    """While a report's template is opened, its app.xml loads as AppPropertiesPart (python-docx
    chooses part classes by content type, as it does for its own parts). Only then: another
    document opened in the same process keeps its own properties."""
    table = PartFactory.part_type_for
    before = table.get(CT.OFC_EXTENDED_PROPERTIES)
    table[CT.OFC_EXTENDED_PROPERTIES] = AppPropertiesPart
    try:
        yield
    finally:
        if before is None:
            del table[CT.OFC_EXTENDED_PROPERTIES]
        else:
            table[CT.OFC_EXTENDED_PROPERTIES] = before
