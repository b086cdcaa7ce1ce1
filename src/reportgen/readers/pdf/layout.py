"""Lines of a PDF page as a reader sees them, from pdfium's characters and their boxes.

A line keeps its geometry (top-down coordinates), its dominant size (the height of the font's
loose box, so that every glyph of a font measures alike), whether it is bold, and the footnote
reference numbers found in it: superscript digits (smaller, raised above the line's baseline),
removed from the text and kept with their offsets.
"""

from __future__ import annotations

import ctypes
import re
from collections import Counter
from dataclasses import dataclass, field

_BREAK_GAP = 3.0  # a horizontal gap wider than this many font sizes splits a line (gutter, table)


@dataclass
class Line:
    text: str
    x0: float
    x1: float
    top: float  # distance from the top of the page
    bottom: float
    size: float
    bold: bool
    page: int  # PDF page index, 1-based
    refs: list[tuple[int, str]] = field(default_factory=list)  # (offset in text, number)
    on_figure: bool = False  # on an image or set close to it, no wider than it
    first_gap: float = 0.0  # the space after the first word, in font sizes (a paragraph number's tab)
    column: int = 0  # 0 full width or single column, 1 left, 2 right (set by order_columns)
    col_right: float = 0.0  # the right edge of the line's column
    starts_column: bool = False

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class _Char:
    ch: str
    x0: float
    x1: float
    base: float  # baseline, top-down
    top: float
    bottom: float
    size: float
    bold: bool


def page_lines(page, number: int, raw) -> tuple[list[Line], float, float]:
    """The page's text lines in content order, with its width and height."""
    width, height = page.get_width(), page.get_height()
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage, raw, height)
    finally:
        textpage.close()
    lines = [line for group in _split_lines(chars) if (line := _line(group, number))]
    figures = [(l, height - t, r, height - b) for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,))
               for l, b, r, t in [obj.get_bounds()] if (r - l) * (t - b) > 0.01 * width * height]
    for line in lines:
        line.on_figure = any(_in_figure(line, box) for box in figures)
    return lines, width, height


def _in_figure(line: Line, box: tuple[float, float, float, float]) -> bool:
    """Text on a figure, or a caption: a line clearly narrower than the figure, set close to it."""
    left, top, right, bottom = box
    centre_x, centre_y = (line.x0 + line.x1) / 2, (line.top + line.bottom) / 2
    if left <= centre_x <= right and top <= centre_y <= bottom:
        return True
    margin = 2.5 * line.size
    return (line.x1 - line.x0 < 0.8 * (right - left) and line.x0 >= left - margin and line.x1 <= right + margin
            and line.bottom > top - margin and line.top < bottom + margin)


def _chars(textpage, raw, height: float) -> list[_Char | None]:
    """Characters with their boxes; None where pdfium marks a line break."""
    tp = textpage.raw
    count = raw.FPDFText_CountChars(tp)
    rect = raw.FS_RECTF()
    ox, oy = ctypes.c_double(), ctypes.c_double()
    get_unicode, generated = raw.FPDFText_GetUnicode, raw.FPDFText_IsGenerated
    loose, origin, weight = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetCharOrigin, raw.FPDFText_GetFontWeight
    out: list[_Char | None] = []
    for i in range(count):
        code = get_unicode(tp, i)
        if code in (10, 13):
            if out and out[-1] is not None:
                out.append(None)
            continue
        if code == 0xFFFE or code == 0:
            continue
        ch = "-" if code == 2 else chr(code)  # pdfium gives a line-end hyphen as 0x02
        if generated(tp, i):
            if ch == " " and out and out[-1] is not None:
                prev = out[-1]
                out.append(_Char(" ", prev.x1, prev.x1, prev.base, prev.top, prev.bottom, prev.size, prev.bold))
            continue
        loose(tp, i, rect)
        origin(tp, i, ox, oy)
        size = rect.top - rect.bottom
        out.append(_Char(ch, rect.left, rect.right, height - oy.value, height - rect.top, height - rect.bottom,
                         size, weight(tp, i) >= 600))
    return out


def _split_lines(chars: list[_Char | None]) -> list[list[_Char]]:
    """Runs of characters on one row, split at a step back, a wide gap or a new row. pdfium's own
    breaks are not trusted: it breaks at every superscript, which sits on a baseline of its own."""
    groups: list[list[_Char]] = []
    current: list[_Char] = []
    last: _Char | None = None
    for c in chars:
        if c is None or c.ch == " ":
            if c is not None and current and current[-1].ch != " ":
                current.append(c)
            continue
        if last is not None:
            big = max(last.size, c.size)
            same_row = c.bottom > last.top + 0.2 * big and c.top < last.bottom - 0.2 * big
            gap = c.x0 - last.x1
            if not same_row or gap < -0.5 * big or gap > _BREAK_GAP * big:
                groups.append(current)
                current = []
            elif gap > 0.15 * min(last.size, c.size) and current[-1].ch != " ":
                current.append(_Char(" ", last.x1, last.x1, last.base, last.top, last.bottom, last.size, last.bold))
        current.append(c)
        last = c
    if current:
        groups.append(current)
    return groups


def _line(chars: list[_Char], page: int) -> Line | None:
    ink = [c for c in chars if not c.ch.isspace()]
    if not ink:
        return None
    sizes = Counter(round(c.size, 1) for c in ink)
    size = sizes.most_common(1)[0][0]
    normal = sorted(c.base for c in ink if abs(c.size - size) < 0.3)
    base = normal[len(normal) // 2]
    text = ""
    refs: list[tuple[int, str]] = []
    pending = ""
    for c in chars:
        raised = c.size < 0.85 * size and c.base < base - 0.2 * size
        if raised and (c.ch.isdigit() or (pending and c.ch in ",")):
            pending += c.ch
            continue
        if pending:
            refs.extend((len(text), n) for n in re.findall(r"\d+", pending))
            pending = ""
        if c.ch.isspace():
            if text and not text.endswith(" "):
                text += " "
        else:
            text += c.ch
    if pending:
        refs.extend((len(text), n) for n in re.findall(r"\d+", pending))
    text = text.rstrip()
    if not text and not refs:
        return None
    refs = [(min(off, len(text)), n) for off, n in refs]
    letters = [c for c in ink if c.ch.isalpha()]
    bold = bool(letters) and all(c.bold for c in letters)
    first_gap = 0.0
    for a, b in zip(ink, ink[1:]):
        if b.x0 - a.x1 > 0.15 * size:
            first_gap = (b.x0 - a.x1) / size
            break
    return Line(text, min(c.x0 for c in ink), max(c.x1 for c in ink), min(c.top for c in ink),
                max(c.bottom for c in ink), size, bold, page, refs, first_gap)


def order_columns(lines: list[Line], width: float) -> list[Line]:
    """Lines in reading order: where the page has two columns (a gutter few lines cross), each
    band between full-width lines is read left column first, then right, top to bottom."""
    if len(lines) < 6:
        for i, line in enumerate(sorted(lines, key=lambda l: (l.top, l.x0))):
            line.col_right = max(l.x1 for l in lines)
        return _mark_starts(sorted(lines, key=lambda l: (l.top, l.x0)))
    gutter = _gutter(lines, width)
    ordered: list[Line] = []
    if gutter is None:
        right = max(l.x1 for l in lines)
        for line in lines:
            line.col_right = right
        return _mark_starts(sorted(lines, key=lambda l: (round(l.top, 0), l.x0)))
    left_edge = max((l.x1 for l in lines if l.x1 <= gutter), default=gutter)
    right_edge = max((l.x1 for l in lines if l.x0 >= gutter), default=width)
    band: list[Line] = []

    def flush():
        ordered.extend(sorted((l for l in band if l.column == 1), key=lambda l: l.top))
        ordered.extend(sorted((l for l in band if l.column == 2), key=lambda l: l.top))
        band.clear()

    apart = _standing_apart(lines, gutter)
    for line in sorted(lines, key=lambda l: (l.top, l.x0)):
        if id(line) in apart:
            flush()
            line.column, line.col_right = 0, right_edge
            ordered.append(line)
        elif line.x1 <= gutter:
            line.column, line.col_right = 1, left_edge
            band.append(line)
        elif line.x0 >= gutter:
            line.column, line.col_right = 2, right_edge
            band.append(line)
        else:
            flush()
            line.column, line.col_right = 0, right_edge
            ordered.append(line)
    flush()
    return _mark_starts(ordered)


def _standing_apart(lines: list[Line], gutter: float) -> set[int]:
    """Lines atop one column, above the other column's first line and set off from the text
    below by a wide gap (a title, a date line): read before both columns, not inside one."""
    out: set[int] = set()
    left = sorted((l for l in lines if l.x1 <= gutter), key=lambda l: l.top)
    right = sorted((l for l in lines if l.x0 >= gutter), key=lambda l: l.top)
    for mine, other in ((left, right), (right, left)):
        if not other:
            continue
        for a, b in zip(mine, mine[1:]):
            if a.top >= other[0].top or b.top - a.bottom <= 1.5 * a.size:
                break
            out.add(id(a))
    return out


def _mark_starts(lines: list[Line]) -> list[Line]:
    previous = None
    for line in lines:
        line.starts_column = previous is None or line.column != previous.column or line.top < previous.top - 1
        previous = line
    return lines


def _gutter(lines: list[Line], width: float) -> float | None:
    """The x of an empty vertical strip in the middle of the text that splits the lines in two."""
    left, right = min(l.x0 for l in lines), max(l.x1 for l in lines)
    span = right - left
    if span <= 0:
        return None
    step = 2.0
    bins = int(span / step) + 1
    cover = [0] * bins
    for line in lines:
        for b in range(int((line.x0 - left) / step), min(bins, int((line.x1 - left) / step) + 1)):
            cover[b] += 1
    allowed = max(1, len(lines) // 12)
    best, run_start = None, None
    lo, hi = int(0.3 * bins), int(0.7 * bins)
    for b in range(lo, hi + 1):
        if cover[b] <= allowed:
            run_start = b if run_start is None else run_start
            if best is None or b - run_start > best[1] - best[0]:
                best = (run_start, b)
        else:
            run_start = None
    if best is None or (best[1] - best[0] + 1) * step < 6:
        return None
    x = left + (best[0] + best[1] + 1) / 2 * step
    lefts = sum(1 for l in lines if l.x1 <= x)
    rights = sum(1 for l in lines if l.x0 >= x)
    if lefts < 3 or rights < 3:
        return None
    return x
