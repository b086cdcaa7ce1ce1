"""The one package that knows OOXML: `writer` renders the report model as a .docx, `reader`
reads a drafted or edited one back for `verify` and the tests; `contract` holds what both share;
`package` opens and saves a .docx's parts (a thin copy of python-docx's package layer, so that
writing does not load python-docx); `parts` makes the parts a report adds (footnotes, header and
footer, custom and app properties). Modelled on python-docx's own layering: callers see records,
never XML."""

from .contract import QUOTE_BOOKMARK, STYLE_BIBLIOGRAPHY, STYLE_NUMBERED, STYLE_PLACEHOLDER, W

__all__ = ["QUOTE_BOOKMARK", "STYLE_BIBLIOGRAPHY", "STYLE_NUMBERED", "STYLE_PLACEHOLDER", "W"]
