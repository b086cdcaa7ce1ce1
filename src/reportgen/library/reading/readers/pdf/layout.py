"""Lines of a PDF page as a reader sees them, from pdfium's characters and their boxes.

A line keeps its geometry (top-down coordinates), its dominant size (the font size the text
is set in, scaled by the text matrix: two embedded copies of one font can have loose boxes of
different heights, and text of one size would read as two), whether it is bold, and the footnote
reference numbers found in it: superscript digits (smaller, raised above the line's baseline),
removed from the text and kept with their offsets.
"""

from __future__ import annotations

import ctypes
import itertools
import math
import re
import unicodedata
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
    box: int = -1  # the framed or shaded box (sidebar) the line sits in, -1 for none
    below_rule: bool = False  # under a short rule in the lower page, in its column: a footnote separator
    first_gap: float = 0.0  # the space after the first word, in font sizes (a paragraph number's tab)
    column: int = 0  # which column of its page the line is read in (set by order_columns)
    col_right: float = 0.0  # the right edge of the line's column
    starts_column: bool = False

    @property
    def words(self) -> int:
        return len(self.text.split())


Box = tuple[float, float, float, float]  # left, top, right, bottom (top-down)


@dataclass
class Page:
    lines: list[Line]
    width: float
    height: float
    figures: list[Box]  # images larger than a stamp
    scanned: bool = False  # an image covers most of the page: a scan (its text, if any, is an OCR layer)
    sideways: list[str] = field(default_factory=list)  # text set vertically (a margin stamp), read apart


# a character: (text, x0, x1, top, bottom, size, bold, index in the text page), top-down; plain tuples, for speed
_Char = tuple
_SPACE = " "  # a word space between characters, as pdfium or the gaps tell


def page_lines(page, number: int, raw) -> Page:
    """The page's text lines in content order, with its size and its figures."""
    width, height = page.get_width(), page.get_height()
    textpage = page.get_textpage()
    try:
        chars = _chars(textpage, raw, height)
        groups = _split_lines(chars)
        for group in groups:
            _bullet_from_symbol_font(group, textpage, raw)
    finally:
        textpage.close()
    lines, sideways = _sideways([line for group in groups if (line := _line(group, number))])
    figures, boxes, rules = [], [], []
    scanned = False
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE, raw.FPDF_PAGEOBJ_PATH)):
        left, bottom, right, top = obj.get_bounds()
        box = (left, height - top, right, height - bottom)
        w, h = right - left, top - bottom
        if obj.type == raw.FPDF_PAGEOBJ_IMAGE:
            if w * h > 0.6 * width * height:
                scanned = True  # the page itself as an image, not a figure on it: its text is not a label
            elif w * h > 0.01 * width * height:
                figures.append(box)
        elif h <= 2 and 0.05 * width <= w <= 0.5 * width and box[1] > 0.4 * height:
            rules.append(box)
        elif w >= 0.2 * width and h >= 30 and w * h <= 0.6 * width * height:
            boxes.append(box)
    for line in lines:
        line.on_figure = any(_in_figure(line, box) for box in figures)
        line.box = next((i for i, box in enumerate(boxes) if _inside(line, box)), -1)
        # under a rule in its own column: pages set in columns rule off each column's notes apart
        line.below_rule = any(line.top > top and line.x0 < right and line.x1 > left for left, top, right, _ in rules)
    if scanned:
        _even_sizes(lines)
    counts = Counter(line.box for line in lines)
    for line in lines:  # a box round one line is a frame or a highlight, not a sidebar
        if line.box >= 0 and (counts[line.box] < 2 or counts[line.box] > 0.6 * len(lines)):
            line.box = -1
    return Page(lines, width, height, figures, scanned, sideways)


def _even_sizes(lines: list[Line]) -> None:
    """An OCR layer's type sizes are the engine's estimates, a line at 11.7 pt, the next at 12.5:
    lines within a tenth of the page's usual size are set in it (else each line would be a
    paragraph of its own, its size changed). A line of running text (eight words or more) is
    evened within a third: typewriting read by OCR swings that far ("… the sole aim of the" at
    13.3 pt among lines at 10.9), a heading set in larger type is short."""
    sizes = sorted(size for line in lines for size in [line.size] * len(line.text))
    if not sizes:
        return
    usual = sizes[len(sizes) // 2]
    for line in lines:
        if abs(line.size - usual) <= (0.33 if line.words >= 8 else 0.1) * usual:
            line.size = usual


def _inside(line: Line, box: Box) -> bool:
    left, top, right, bottom = box
    return left - 1 <= line.x0 and line.x1 <= right + 1 and top - 1 <= line.top and line.bottom <= bottom + 1


def _in_figure(line: Line, box: Box) -> bool:
    """Text on a figure, or a caption: a line clearly narrower than the figure, set close to it."""
    left, top, right, bottom = box
    centre_x, centre_y = (line.x0 + line.x1) / 2, (line.top + line.bottom) / 2
    if left <= centre_x <= right and top <= centre_y <= bottom:
        return True
    margin = 2.5 * line.size
    return (line.x1 - line.x0 < 0.8 * (right - left) and line.x0 >= left - margin and line.x1 <= right + margin
            and line.bottom > top - margin and line.top < bottom + margin)


def _chars(textpage, raw, height: float) -> list:
    """Characters with their boxes, and _SPACE where pdfium or a line break puts a space.

    Bold is what the font's name says ("Arial-BoldMT", "Helvetica-Bold"), else a weight clearly
    above the page's usual one: some regular text fonts report a weight of 600 or more."""
    tp = textpage.raw
    count = raw.FPDFText_CountChars(tp)
    text = textpage.get_text_range(0, count) if count else ""
    if len(text) != count:  # characters outside the BMP: no 1:1 map, ask per character
        text = "".join(chr(raw.FPDFText_GetUnicode(tp, i)) for i in range(count))
    rect, matrix = raw.FS_RECTF(), raw.FS_MATRIX()
    loose, weight, font = raw.FPDFText_GetLooseCharBox, raw.FPDFText_GetFontWeight, raw.FPDFText_GetFontInfo
    size_of, matrix_of = raw.FPDFText_GetFontSize, raw.FPDFText_GetMatrix
    buffer = ctypes.create_string_buffer(128)
    named: dict[bytes, bool] = {}
    weights: Counter = Counter()
    out: list = []
    append = out.append
    for i, ch in enumerate(text):
        if ch in " \r\n":  # a space, or pdfium's line break: where words part
            if out and out[-1] is not _SPACE:
                append(_SPACE)
            continue
        if ch == "\x00":
            continue
        if ch in "\x02\ufffe":
            ch = "-"  # pdfium marks a line-end hyphen so (0x02 per character, U+FFFE in its text)
        elif ch == "ï" and (i == 0 or text[i - 1] in " \r\n") and (i + 1 == count or text[i + 1] in " \r\n"):
            ch = "•"  # WinAnsi's bullet (0x95) read through Mac Roman, where 0x95 is "ï": alone, no word
        loose(tp, i, rect)
        top, bottom = rect.top, rect.bottom
        matrix_of(tp, i, matrix)
        nominal = size_of(tp, i) * math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
        size = font(tp, i, buffer, 128, None)
        name = buffer.raw[:max(0, size - 1)]
        says = named.get(name)
        if says is None:
            says = named[name] = bool(_BOLD_NAME.search(name))
        heavy = weight(tp, i)
        weights[heavy] += 1
        append((ch, rect.left, rect.right, height - top, height - bottom, nominal if nominal > 0.5 else top - bottom,
                says or heavy, i))
    usual = weights.most_common(1)[0][0] if weights else 400
    return [c if c is _SPACE or c[6] is True else c[:6] + (c[6] is not False and c[6] >= 600 and c[6] > usual + 50,) + c[7:]
            for c in out]


def _sideways(lines: list[Line]) -> tuple[list[Line], list[str]]:
    """Lines without the text set sideways in a margin ("jbell on DSK... with PROPOSALS", read
    bottom up), which pdfium gives one character to a line: runs of four or more one-character
    lines stacked in one narrow column are that text, returned apart."""
    singles = sorted((ln for ln in lines if len(ln.text) == 1), key=lambda ln: (int(ln.x0 // 4), ln.top))
    runs: list[list[Line]] = []
    for line in singles:
        last = runs[-1][-1] if runs else None
        if last is not None and abs(last.x0 - line.x0) < 1.5 \
                and -0.5 <= line.top - last.bottom < 2 * max(1.0, line.bottom - line.top):
            runs[-1].append(line)
        else:
            runs.append([line])
    runs = [run for run in runs if len(run) >= 4]
    if not runs:
        return lines, []
    gone = {id(ln) for run in runs for ln in run}
    texts = []
    for run in runs:
        text, previous = "", None
        for line in reversed(run):  # bottom up, a space where the gap is wide
            if previous is not None and previous.top - line.bottom > 0.25 * max(1.0, line.bottom - line.top):
                text += " "
            text += line.text
            previous = line
        texts.append(text)
    return [ln for ln in lines if id(ln) not in gone], texts


# accents some typesetters draw as glyphs of their own over or under the letter before them
_ACCENTS = {"ˆ": "\u0302", "˜": "\u0303", "¸": "\u0327", "´": "\u0301", "`": "\u0300", "¨": "\u0308",
            "˚": "\u030a", "ˇ": "\u030c", "¯": "\u0304", "˛": "\u0328", "˝": "\u030b", "˙": "\u0307"}
_BOLD_NAME = re.compile(rb"bold|black|heavy|semibold|demi", re.I)


_SYMBOL_FONT = re.compile(rb"dingbat|wingding|webding|symbol", re.I)


def _bullet_from_symbol_font(group: list, textpage, raw) -> None:
    """A list bullet drawn from a symbol font reads as a letter or a private-use character
    ("b", "\uf0b7"); the reader sees a bullet, so the line opens with "•" instead."""
    ink = [i for i, c in enumerate(group) if c is not _SPACE]
    if not ink:
        return
    first = group[ink[0]]
    if "\ue000" <= first[0] <= "\uf8ff":
        group[ink[0]] = ("•",) + first[1:]
        return
    followed = len(ink) > 1 and (ink[1] != ink[0] + 1 or group[ink[1]][1] - first[2] > 0.3 * first[5])
    if not (first[0].isalpha() and len(first[0]) == 1 and followed):
        return
    buffer = ctypes.create_string_buffer(128)
    flags = ctypes.c_int(0)
    size = raw.FPDFText_GetFontInfo(textpage.raw, first[7], buffer, 128, ctypes.byref(flags))
    if size and _SYMBOL_FONT.search(buffer.raw[:size]):
        group[ink[0]] = ("•",) + first[1:]


def _split_lines(chars: list) -> list[list]:
    """Runs of characters on one row, split at a step back, a wide gap or a new row. pdfium's own
    breaks are not trusted: it breaks at every superscript, which sits on a baseline of its own."""
    groups: list[list] = []
    current: list = []
    last = None
    for c in chars:
        if c is _SPACE:
            if current and current[-1] is not _SPACE:
                current.append(_SPACE)
            continue
        if last is not None and c[1] == last[1] and c[2] == last[2] and c[3] == last[3]:
            pass  # a ligature's second letter ("ﬁ" as "f", "i"): pdfium gives both the glyph's box
        elif last is not None:
            big = last[5] if last[5] > c[5] else c[5]
            gap = c[1] - last[2]
            if not (c[4] > last[3] + 0.2 * big and c[3] < last[4] - 0.2 * big) \
                    or gap < -0.5 * big or gap > _BREAK_GAP * big:
                groups.append(current)
                current = []
            elif gap > 0.1 * min(last[5], c[5]) and current[-1] is not _SPACE:
                current.append(_SPACE)
        current.append(c)
        last = c
    if current:
        groups.append(current)
    return groups


def _line(chars: list, page: int) -> Line | None:
    ink = [c for c in chars if c is not _SPACE]
    if not ink:
        return None
    size = Counter([c[5] for c in ink]).most_common(1)[0][0]  # one font and size: equal heights
    bottoms = sorted(c[4] for c in ink if abs(c[5] - size) < 0.3)
    foot = bottoms[len(bottoms) // 2]  # the line's usual glyph foot: a superscript's sits higher
    parts: list[str] = []
    refs: list[tuple[int, str]] = []
    pending, length = "", 0
    last_ink = None
    for c in chars:
        if c is _SPACE:
            if pending:
                refs.extend((length, n) for n in re.findall(r"\d+", pending))
                pending = ""
            if parts and parts[-1] != " ":
                parts.append(" ")
                length += 1
            continue
        ch = c[0]
        if c[5] < 0.85 * size and c[4] < foot - 0.2 * size and (ch.isdigit() or (pending and ch == ",")):
            pending += ch
            continue
        if pending:
            refs.extend((length, n) for n in re.findall(r"\d+", pending))
            pending = ""
        if ch in _ACCENTS and parts and parts[-1][-1:].isalpha() and last_ink is not None and c[1] < last_ink[2]:
            parts[-1] = unicodedata.normalize("NFC", parts[-1] + _ACCENTS[ch])  # "Ageˆncia" is "Agência"
            last_ink = c
            continue
        last_ink = c
        parts.append(ch)
        length += len(ch)
    if pending:
        refs.extend((length, n) for n in re.findall(r"\d+", pending))
    text = "".join(parts).strip()
    if not text and not refs:
        return None
    refs = [(min(off, len(text)), n) for off, n in refs]
    bold = all(c[6] for c in ink if c[0].isalpha()) and any(c[0].isalpha() for c in ink)
    first_gap = 0.0
    for a, b in zip(ink, ink[1:]):
        if b[1] - a[2] > 0.15 * size:
            first_gap = (b[1] - a[2]) / size
            break
    heights = sorted(c[4] - c[3] for c in ink)
    usual = heights[len(heights) // 2]
    body = [c for c in ink if c[4] - c[3] < 1.3 * usual] or ink  # a bullet's tall box sets no line height
    return Line(text, min(c[1] for c in ink), max(c[2] for c in ink), min(c[3] for c in body),
                max(c[4] for c in body), size, bold, page, refs, first_gap)


_DEPTH = 5  # gutters found within gutters: a table of five columns of text is read column by column


def order_columns(lines: list[Line], width: float) -> list[Line]:
    """Lines in reading order: where the page has columns (a gutter few lines cross), each band
    between full-width lines is read left column first, then right, top to bottom; a column is
    split again where it holds columns of its own (three columns are two, then two)."""
    return _mark_starts(_order(lines, width, itertools.count(), 0.0, 0))


def _order(lines: list[Line], width: float, ids, edge: float, depth: int, gutter: float | None = None) -> list[Line]:
    """(`gutter`: the lines' own, when the caller has found it already)"""
    if gutter is None:
        gutter = _gutter(lines, width) if len(lines) >= 4 and depth < _DEPTH else None
    if gutter is None:
        return _by_bands(lines, width, ids, edge, depth)
    ordered: list[Line] = []
    left_edge = max((ln.x1 for ln in lines if ln.x1 <= gutter), default=gutter)
    right_edge = max((ln.x1 for ln in lines if ln.x0 >= gutter), default=width)
    full = next(ids)
    band: list[Line] = []

    def flush():
        ordered.extend(_order([ln for ln in band if ln.x1 <= gutter], width, ids, left_edge, depth + 1))
        ordered.extend(_order([ln for ln in band if ln.x1 > gutter], width, ids, right_edge, depth + 1))
        band.clear()

    apart = _standing_apart(lines, gutter)
    for line in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        if id(line) in apart or (line.x1 > gutter and line.x0 < gutter):
            flush()
            line.column, line.col_right = full, right_edge
            ordered.append(line)
        else:
            band.append(line)
    flush()
    return ordered


def _by_bands(lines: list[Line], width: float, ids, edge: float, depth: int) -> list[Line]:
    """Lines no one gutter splits: the bands between lines set across the page (a table's
    title and notes under columns of text) may each hold columns of their own; else one column."""
    column, right = next(ids), max([ln.x1 for ln in lines] + [edge])
    ordered = sorted(lines, key=lambda ln: (round(ln.top), ln.x0))
    left = min((ln.x0 for ln in lines), default=0.0)
    bands: list[list[Line]] = [[]]
    for line in ordered:
        if line.x1 - line.x0 > 0.6 * (right - left):
            bands.extend([[line], []])
        else:
            bands[-1].append(line)
    # each band's gutter found once, and handed on to the band's own ordering
    gutters = [_gutter(band, width) if depth < _DEPTH and len(bands) > 1 and len(band) >= 6 else None
               for band in bands]
    split = any(g is not None for g in gutters)
    out: list[Line] = []
    for band, gutter in zip(bands, gutters):
        if split and gutter is not None:
            out.extend(_order(band, width, ids, edge, depth + 1, gutter if depth + 1 < _DEPTH else None))
            continue
        for line in band:
            line.column, line.col_right = column, right
        out.extend(band)
    return out


def _standing_apart(lines: list[Line], gutter: float) -> set[int]:
    """Lines atop one column, above the other column's first line and set off from the text
    below by a wide gap (a title, a date line): read before both columns, not inside one."""
    out: set[int] = set()
    left = sorted((ln for ln in lines if ln.x1 <= gutter), key=lambda ln: ln.top)
    right = sorted((ln for ln in lines if ln.x0 >= gutter), key=lambda ln: ln.top)
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
    left, right = min(ln.x0 for ln in lines), max(ln.x1 for ln in lines)
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
    lo, hi = int(0.15 * bins), int(0.85 * bins)
    for b in range(lo, hi + 1):
        if cover[b] <= allowed:
            run_start = b if run_start is None else run_start
            if best is None or b - run_start > best[1] - best[0]:
                best = (run_start, b)
        else:
            run_start = None
    if best is None or (best[1] - best[0] + 1) * step < 6:
        return None
    least = min(cover[best[0]:best[1] + 1])  # where the strip is emptiest: a line or two may reach into it
    clear, start = best, None
    for b in range(best[0], best[1] + 2):
        if b <= best[1] and cover[b] == least:
            start = b if start is None else start
        elif start is not None:
            if clear == best or b - 1 - start > clear[1] - clear[0]:
                clear = (start, b - 1)
            start = None
    x = left + (clear[0] + clear[1] + 1) / 2 * step
    lefts = sum(1 for ln in lines if ln.x1 <= x)
    rights = sum(1 for ln in lines if ln.x0 >= x)
    prose = all(ln.words >= 5 for ln in lines)  # two lines of text a side (a page's last lines) are columns too
    if min(lefts, rights) < (2 if prose else 3):
        return None
    return x
