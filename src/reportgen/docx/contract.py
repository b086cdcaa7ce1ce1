"""What the writer promises and the reader relies on: namespaces, style names and the bookmark
that marks each quotation. Word and LibreOffice keep style names and bookmark names when they
save a document again, so these are the handles `verify` reads an edited report by."""

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
CP = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

STYLE_NUMBERED = "Numbered Paragraph"
STYLE_QUESTION = "Question List"
STYLE_PLACEHOLDER = "Expert Placeholder"
STYLE_BIBLIOGRAPHY = "Bibliography Entry"
STYLE_SIGNATURE = "Signature Line"
STYLE_CENTERED = "Title Page"
STYLE_LEAD_IN = "Quote Lead-in"  # the line naming a quotation's source: single-spaced, kept with it
QUOTE_BOOKMARK = "RGQ_"  # + paragraph hash + "_" + n: lets `verify` find each quotation
PROP_LIBRARY = "reportgen.library"  # custom property: the evidence library the report was drafted from
PROP_SOURCE = "reportgen.source."  # + source id: the sha256 of the source file as quoted
