"""Reading a drafted or expert-edited report back: the mirror of docx.writer, for `verify`.

It reads by style *names* and bookmark names, which Word and LibreOffice both keep when they
save the file again; style ids, list ids and run boundaries may all change on a round trip.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..errors import ReportFileError
from ..limits import bounded, check_zip, regular_file
from .contract import CP, QUOTE_BOOKMARK, STYLE_NUMBERED, STYLE_PLACEHOLDER, W


@dataclass
class ReadParagraph:
    number: int | None  # its Word list number, when it is a numbered body paragraph
    near: int  # the numbered paragraph it is, or follows (how a tribunal would cite it)
    style: str
    text: str  # visible text, footnote marks left out
    bookmarks: list[str] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)
    heading: str = ""  # the heading it sits under (where a tribunal or the expert finds it)
    index: int = 0  # its place among all the document's paragraphs, 1-based


@dataclass
class ReadReport:
    paragraphs: list[ReadParagraph]
    notes: dict[int, str]
    properties: dict[str, str]  # custom document properties
    note_refs: dict[int, int] = field(default_factory=dict)  # a note's "(n 3)" field -> the note it points at


def read_report(path: Path) -> ReadReport:
    """The report as verify needs it, read in a worker process the OS bounds (limits.bounded):
    a report to verify may come from anyone, and lxml and zlib run in C."""
    regular_file(path, ReportFileError, "report")
    return bounded(_read_report_file, path, path=path, error=ReportFileError, what="reading the report")


def _read_report_file(path: Path) -> ReadReport:
    """In the worker, within its limits: the zip checked and its parts inflated once
    (limits.check_zip), then read."""
    return _read_report(path, check_zip(path, ReportFileError))


def _read_report(path: Path, parts: dict[str, bytes]) -> ReadReport:
    try:
        document = etree.fromstring(parts["word/document.xml"])
        styles = etree.fromstring(parts["word/styles.xml"]) if "word/styles.xml" in parts else None
        notes_xml = etree.fromstring(parts["word/footnotes.xml"]) if "word/footnotes.xml" in parts else None
        custom = etree.fromstring(parts["docProps/custom.xml"]) if "docProps/custom.xml" in parts else None
    except (KeyError, etree.XMLSyntaxError) as exc:
        raise ReportFileError(f"{path}: not a readable Word document ({exc})") from None
    style_names, style_nums = _styles(styles)
    body_list = _body_list(document, style_names, style_nums)
    paragraphs, number, heading = [], 0, ""
    for index, p in enumerate(document.iter(f"{W}p"), 1):
        style_id = _val(p.find(f"{W}pPr/{W}pStyle"))
        style = style_names.get(style_id, style_id or "Normal")
        num_id = _val(p.find(f"{W}pPr/{W}numPr/{W}numId")) or style_nums.get(style_id)
        text = _text(p)
        is_numbered = body_list is not None and num_id == body_list and text.strip() != ""
        if is_numbered:
            number += 1
        if style.lower().startswith("heading") and text.strip():
            heading = text.strip()
        paragraphs.append(ReadParagraph(
            number=number if is_numbered else None, near=number, style=style, text=text,
            bookmarks=[b.get(f"{W}name") for b in p.iter(f"{W}bookmarkStart")],
            notes=[_note_id(r, path, f"near paragraph {number}") for r in p.iter(f"{W}footnoteReference")],
            placeholders=_placeholders(p, style_names), heading=heading, index=index))
    notes, note_refs = {}, {}
    marked = _marked_notes(document, path)
    if notes_xml is not None:
        for note in notes_xml.findall(f"{W}footnote"):
            note_id = _note_id(note, path, "in the footnotes")
            if note_id > 0 and note.get(f"{W}type") in (None, "normal"):
                notes[note_id] = " ".join("".join(t.text or "" for t in note.iter(f"{W}t")).split())
                instr = " ".join(t.text or "" for t in note.iter(f"{W}instrText"))
                target = re.search(r"NOTEREF\s+(\S+)", instr)
                if target and target.group(1) in marked:
                    note_refs[note_id] = marked[target.group(1)]
    properties = {}
    if custom is not None:
        for prop in custom.findall(f"{CP}property"):
            value = next((child.text or "" for child in prop), "")
            properties[prop.get("name")] = value
    return ReadReport(paragraphs, notes, properties, note_refs)


def _marked_notes(document, path: Path) -> dict[str, int]:
    """Bookmark name -> the first footnote whose mark it encloses (what a NOTEREF field points
    at). A bookmark is settled by the first mark inside it and no longer looked at, so a report
    with thousands of unclosed bookmarks and footnotes costs one pass, not their product."""
    open_marks: dict[str, str] = {}
    out: dict[str, int] = {}
    for el in document.iter(f"{W}bookmarkStart", f"{W}bookmarkEnd", f"{W}footnoteReference"):
        if el.tag == f"{W}bookmarkStart":
            if el.get(f"{W}name") not in out:
                open_marks[el.get(f"{W}id")] = el.get(f"{W}name")
        elif el.tag == f"{W}bookmarkEnd":
            open_marks.pop(el.get(f"{W}id"), None)
        elif open_marks:
            note = _note_id(el, path, "in a bookmark")
            for name in open_marks.values():
                out.setdefault(name, note)
            open_marks.clear()
    return out


def _note_id(element, path: Path, where: str) -> int:
    """A footnote's w:id as a number, else the report is refused with where the bad one is."""
    value = element.get(f"{W}id")
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ReportFileError(f"{path}: a footnote {where} has id {value!a}, not a number (the report was "
                              f"edited outside Word or is damaged); re-insert that footnote in Word") from None


def _val(element) -> str | None:
    return element.get(f"{W}val") if element is not None else None


def _styles(styles) -> tuple[dict[str, str], dict[str, str]]:
    names, nums = {}, {}
    if styles is None:
        return names, nums
    for style in styles.findall(f"{W}style"):
        style_id = style.get(f"{W}styleId")
        names[style_id] = _val(style.find(f"{W}name")) or style_id
        num = _val(style.find(f"{W}pPr/{W}numPr/{W}numId"))
        if num:
            nums[style_id] = num
    return names, nums


def _body_list(document, style_names, style_nums) -> str | None:
    """The list that numbers body paragraphs: the numbered style's, else the most used one."""
    for style_id, name in style_names.items():
        if name == STYLE_NUMBERED and style_id in style_nums:
            return style_nums[style_id]
    used = Counter()
    for p in document.iter(f"{W}p"):
        num = _val(p.find(f"{W}pPr/{W}numPr/{W}numId")) or style_nums.get(_val(p.find(f"{W}pPr/{W}pStyle")))
        if num and num != "0":
            used[num] += 1
    return used.most_common(1)[0][0] if used else None


def _text(p) -> str:
    """Visible text of a paragraph: runs' text, tabs as spaces, non-breaking hyphens as hyphens;
    field codes and note marks left out."""
    shown = {f"{W}tab": " ", f"{W}noBreakHyphen": "-"}
    return "".join((node.text or "") if node.tag == f"{W}t" else shown[node.tag]
                   for node in p.iter(f"{W}t", f"{W}tab", f"{W}noBreakHyphen"))


def _placeholders(p, style_names) -> list[str]:
    """Runs still in the placeholder style and still bracketed: what the expert has not replaced."""
    found, current = [], []
    for run in p.iter(f"{W}r"):
        style = style_names.get(_val(run.find(f"{W}rPr/{W}rStyle")), "")
        text = "".join(t.text or "" for t in run.iter(f"{W}t"))
        if style == STYLE_PLACEHOLDER:
            current.append(text)
            continue
        if current:
            found.append("".join(current))
            current = []
    if current:
        found.append("".join(current))
    return [t for t in found if t.strip().startswith("[") and t.strip().endswith("]")]


def quote_marks(paragraph: ReadParagraph) -> list[str]:
    return [b for b in paragraph.bookmarks if b and b.startswith(QUOTE_BOOKMARK)]


def body_paragraphs(document) -> list[tuple[str, str, int]]:
    """(style name, text, table) of every paragraph of a Word document's body in reading order,
    those in table cells too (a merged cell once); `table` numbers the top-level table a cell
    paragraph stands in (0 outside tables), so that a reader can weigh each table whole."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml.ns import qn
    from docx.text.paragraph import Paragraph
    names = {st.style_id: (st.name or "") for st in document.styles if st.type == WD_STYLE_TYPE.PARAGRAPH}
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    default_name = default.name if default is not None else ""
    out: list[tuple[str, str, int]] = []
    tables = 0

    def paragraph(p, table: int) -> None:
        out.append((names.get(p.style, default_name), Paragraph(p, document).text, table))

    def walk(element, table: int) -> None:
        for child in element:
            if child.tag == qn("w:p"):
                paragraph(child, table)
            elif child.tag in (qn("w:tbl"), qn("w:tr"), qn("w:tc"), qn("w:sdt"), qn("w:sdtContent"),
                               qn("w:customXml")):
                walk(child, table)  # a cell merged across columns is one w:tc: read once

    for child in document.element.body:
        if child.tag == qn("w:tbl"):
            tables += 1
            walk(child, tables)
        elif child.tag == qn("w:p"):
            paragraph(child, 0)
        elif child.tag == qn("w:sdt"):
            walk(child, 0)
    return out
