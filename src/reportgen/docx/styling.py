"""Styles, page set-up and document properties set as python-docx's property setters set them:
each setting is the element its setter makes, added where it adds it (a child in the schema's
order, as its get_or_add_* does), attributes in the order it sets them. So the writer, which no
longer loads python-docx, writes the same bytes as when it did (tests/test_docx_package.py holds
each setting to python-docx's own)."""

from __future__ import annotations

import datetime as dt

from lxml import etree

from .contract import W_NS, W

STYLE_ORDER = ("name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority", "semiHidden",
          "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose", "personalReply", "rsid", "pPr",
          "rPr", "tblPr", "trPr", "tcPr", "tblStylePr")
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr",
        "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct",
        "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
        "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection", "textAlignment",
        "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange")
RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike", "outline", "shadow",
        "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden", "color", "spacing", "w", "kern",
        "position", "sz", "szCs", "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs",
        "em", "lang", "eastAsianLayout", "specVanish", "oMath")
# a header or footer reference goes before all of these (python-docx: after any footer reference)
SECT_ORDER = ("footnotePr", "endnotePr", "type", "pgSz", "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType",
         "cols", "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi", "rtlGutter", "docGrid",
         "printerSettings", "sectPrChange")
UI_NAMES = {"caption": "Caption", "footer": "Footer", "header": "Header",
             **{f"heading {n}": f"Heading {n}" for n in range(1, 10)}}
INTERNAL_NAMES = {ui: internal for internal, ui in UI_NAMES.items()}
STYLE_IDS = {"caption": "Caption", **{f"heading {n}": f"Heading{n}" for n in range(1, 10)}}


def ui_name(style) -> str | None:
    name = style.find(W + "name")
    return None if name is None else UI_NAMES.get(name.get(W + "val"), name.get(W + "val"))


def cm(cm: float) -> int:  # lengths in EMU, as python-docx's Cm, Pt and Inches count them
    return int(cm * 360000)


def pt(points: float) -> int:
    return int(points * 12700)


def inches(inches: float) -> int:
    return int(inches * 914400)


def twips(emu: int) -> str:
    return str(int(round(emu / 635.0)))


def new(tag: str):
    """A new w: element, as python-docx's OxmlElement makes it (its namespace declared on it,
    dropped by lxml when it joins a tree that declares it)."""
    return etree.Element(W + tag, nsmap={"w": W_NS})


def insert(parent, child, successors):
    """`child` before the first of its successors in the schema's order, else last."""
    for name in successors:
        later = parent.find(W + name)
        if later is not None:
            later.addprevious(child)
            return child
    parent.append(child)
    return child


def get_or_add(parent, tag: str, order: tuple):
    found = parent.find(W + tag)
    if found is None:
        found = insert(parent, new(tag), order[order.index(tag) + 1:])
    return found


def remove(parent, tag: str) -> None:
    for child in parent.findall(W + tag):
        parent.remove(child)


def p_ppr(p):
    """A paragraph's pPr, added as its first child if it has none."""
    ppr = p.find(W + "pPr")
    if ppr is None:
        ppr = new("pPr")
        p.insert(0, ppr)
    return ppr


def font(style, **settings) -> None:
    """A style's run properties, set in the order given: name, size (points), black, bold,
    italic, superscript, highlight."""
    for key, value in settings.items():
        rpr = get_or_add(style, "rPr", STYLE_ORDER)
        if key == "name":
            fonts = get_or_add(rpr, "rFonts", RPR_ORDER)
            fonts.set(W + "ascii", value)
            fonts.set(W + "hAnsi", value)
        elif key == "size":
            get_or_add(rpr, "sz", RPR_ORDER).set(W + "val", str(int(pt(value) / 12700.0 * 2)))
        elif key == "black":
            remove(rpr, "color")
            get_or_add(rpr, "color", RPR_ORDER).set(W + "val", "000000")
        elif key in ("bold", "italic"):
            on = get_or_add(rpr, "b" if key == "bold" else "i", RPR_ORDER)
            if value:
                on.attrib.pop(W + "val", None)
            else:
                on.set(W + "val", "0")
        elif key == "superscript":
            get_or_add(rpr, "vertAlign", RPR_ORDER).set(W + "val", "superscript")
        elif key == "highlight":
            get_or_add(rpr, "highlight", RPR_ORDER).set(W + "val", value)


def paragraph(style, **settings) -> None:
    """A style's paragraph properties, set in the order given: line (a multiple), before and
    after (points), keep_with_next, keep_together, align, left_cm, right_cm, first_line_cm."""
    for key, value in settings.items():
        ppr = get_or_add(style, "pPr", STYLE_ORDER)
        if key == "line":
            spacing = get_or_add(ppr, "spacing", PPR_ORDER)
            spacing.set(W + "line", twips(int(value * 152400)))  # 240 twips a line
            spacing.set(W + "lineRule", "auto")
        elif key in ("before", "after"):
            get_or_add(ppr, "spacing", PPR_ORDER).set(W + key, twips(pt(value)))
        elif key in ("keep_with_next", "keep_together"):
            get_or_add(ppr, "keepNext" if key == "keep_with_next" else "keepLines", PPR_ORDER).attrib.pop(W + "val", None)
        elif key == "align":
            get_or_add(ppr, "jc", PPR_ORDER).set(W + "val", value)
        elif key in ("left_cm", "right_cm"):
            get_or_add(ppr, "ind", PPR_ORDER).set(W + key[:-3], twips(cm(value)))
        elif key == "first_line_cm":
            ind = get_or_add(ppr, "ind", PPR_ORDER)
            ind.attrib.pop(W + "firstLine", None)
            ind.attrib.pop(W + "hanging", None)
            emu = cm(value)
            if emu < 0:
                ind.set(W + "hanging", twips(-emu))
            else:
                ind.set(W + "firstLine", twips(emu))


def toc(style, left_cm: float) -> None:
    """Contents lines: indented by level, page numbers at the right margin after dots."""
    paragraph(style, left_cm=left_cm, first_line_cm=0, after=0)
    tabs = get_or_add(get_or_add(style, "pPr", STYLE_ORDER), "tabs", PPR_ORDER)
    tab = new("tab")
    position = twips(cm(16.0))
    tab.set(W + "pos", position)
    tab.set(W + "val", "right")
    tab.set(W + "leader", "dot")
    for existing in tabs.iterchildren(W + "tab"):  # tab stops in order of position
        try:
            later = int(position) < int(round(float(existing.get(W + "pos", ""))))
        except ValueError:
            later = False
        if later:
            existing.addprevious(tab)
            return
    tabs.append(tab)


def east_asian_font(element, font: str, east_asian: str) -> None:
    """The font for every script: a font name alone (python-docx's font.name) leaves eastAsia
    unset, and Chinese names need it to render."""
    if element is None:
        return
    if element.tag == W + "docDefaults":
        rpr_default = element.find(W + "rPrDefault")
        if rpr_default is None:
            return
        rpr = rpr_default.find(W + "rPr")
    else:
        rpr = get_or_add(element, "rPr", STYLE_ORDER)
    if rpr is None:
        return
    fonts = rpr.find(W + "rFonts")
    if fonts is None:
        fonts = new("rFonts")
        rpr.insert(0, fonts)
    for attr in ("ascii", "hAnsi", "cs"):
        fonts.set(W + attr, font)
    fonts.set(W + "eastAsia", east_asian)
    for theme_attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(W + theme_attr, None)


_CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC = "http://purl.org/dc/elements/1.1/"
_DCTERMS = "http://purl.org/dc/terms/"
_XSI = "{http://www.w3.org/2001/XMLSchema-instance}"
CORE_TEMPLATE = f'<cp:coreProperties xmlns:cp="{_CP}" xmlns:dc="{_DC}" xmlns:dcterms="{_DCTERMS}"/>\n'.encode()
_CORE_NAMESPACES = {
    **dict.fromkeys(("title", "subject", "creator", "description", "identifier"), ("dc", _DC)),
    **dict.fromkeys(("keywords", "lastModifiedBy", "revision", "category", "lastPrinted", "contentStatus"), ("cp", _CP)),
    **dict.fromkeys(("created", "modified"), ("dcterms", _DCTERMS))}


def core(props, name: str, text: str):
    """A core property's element (added last if new), holding `text`: at most 255 characters,
    the most python-docx writes."""
    prefix, namespace = _CORE_NAMESPACES[name]
    element = props.find(f"{{{namespace}}}{name}")
    if element is None:
        element = etree.Element(f"{{{namespace}}}{name}", nsmap={prefix: namespace})
        props.append(element)
    element.text = text[:255]
    return element


def core_date(props, name: str, when: dt.datetime) -> None:
    element = core(props, name, when.strftime("%Y-%m-%dT%H:%M:%SZ"))
    if name in ("created", "modified"):  # typed W3CDTF, with xsi declared on the root (python-docx's way)
        props.set(_XSI + "foo", "bar")
        element.set(_XSI + "type", "dcterms:W3CDTF")
        del props.attrib[_XSI + "foo"]
