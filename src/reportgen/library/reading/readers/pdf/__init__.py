"""PDF reports read as a librarian reads them, from pdfium's characters and their positions.

pypdfium2 gives each character's box, font size and weight quickly (see bench/pdf_readers.py
for why it was chosen). Per page: running heads and feet dropped and the printed page number
kept; footnotes (smaller text at the page foot or text under a separator rule, opening with
their number) set apart; figure labels, captions, chart scales and tiny text dropped; columns
read one after the other, boxes (sidebars) apart. Then paragraphs, headings and the
document's own paragraph numbers are rebuilt over the whole document (blocks.py). One pass
over the file gives both the blocks and the metadata (meta.py).
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

from .....errors import SourceError
from .....models import SourceBlock
from ..extracted import Extracted
from ..printed import subject_under_masthead
from .blocks import Document, build_blocks, join_lines
from .layout import Line, Page, order_columns, page_lines
from .meta import document_meta, printed_meta, stated_author

# "12", "Page 12", "12 of 40", "Página 1 de 9", "- 12 -", and front matter's "iv" (lower case: "C" is no
# page number); the word alone, set apart from its number ("Página" | "1 de 9"), goes with it
_PAGE_WORD = r"(?:[Pp]age|[Pp]ágina|[Pp]agina|[Ss]eite|[Сс]траница|[Сс]тр\.)"
_PAGE_NUMBER = re.compile(rf"^(?:{_PAGE_WORD}\s*)?(\d{{1,4}}|[ivxlc]{{1,7}})(?:\s*(?:/|of|de|sur|von|из)\s*\d{{1,4}})?$"
                          rf"|^[-–]\s*(\d{{1,4}})\s*[-–]$|^{_PAGE_WORD}$")
_EDGE = 0.09  # share of the page height at its top and foot where running heads and feet live
# a table of contents line, or a table's row whose label leads to its figures ("Aged 15 and older. . . . 230,391")
_LEADERS = re.compile(r"(\.\s?){5,}|…{3,}|\w(\s?\.){3,}\s*[\d*]")
_TERMINAL = re.compile(r"[.!?;:,)\]”’\"]$")
_SOURCE_LINE = re.compile(r"^(sources?|notes?|fuentes?|источник\w*)\s*:", re.I)  # a figure's or table's source


def read_pdf(path: Path) -> Extracted:
    pages, info = _read_pages(path)
    if not pages:
        raise SourceError(f"{path}: the PDF has no pages")
    _check_text_layer(path, pages)
    body = _body_size(pages)
    # all it prints, running lines too (before they go): only to check a stated author against
    printed_text = "\n".join(" ".join(ln.text.lower().split()) for page in pages for ln in page.lines) \
        if stated_author(info) else ""
    first = sorted(pages[0].lines, key=lambda ln: (round(ln.top), ln.x0))
    first_page = [ln.text for ln in first]
    top = [ln.text for ln in first if ln.top < _EDGE * pages[0].height]
    foot = [ln.text for ln in first if ln.bottom > (1 - _EDGE) * pages[0].height]
    aside: list[tuple[str, str]] = [(text, "text set sideways in the margin") for page in pages for text in page.sideways]
    printed = _drop_furniture(pages, aside)
    notes: dict[str, list[tuple[int, str]]] = {}
    stream: list[Line] = []
    boxes: list[list[Line]] = []
    for page in pages:
        main, boxed = _page_text(page, _split_notes(page.lines, body, notes), body, aside)
        stream.extend(main)
        boxes.extend(boxed)
    doc = Document(body, printed, notes)
    blocks = _with_sidebars(build_blocks(stream, doc), [build_blocks(box, doc) for box in boxes])
    meta = document_meta(info, pages, body, printed_text, path.stem, first_page)
    origins = {k: "the PDF's properties" for k in meta}
    if "title" in meta and meta["title"] != " ".join(str(info.get("Title", "")).split()):
        origins["title"] = "the largest type on page 1"
        subject = subject_under_masthead(first_page, meta["title"])
        if subject:  # "GENERAL ASSEMBLY" names the body; the document's subject follows in capitals
            meta["title"], origins["title"] = subject, "the subject line under the masthead on page 1"
    if "author" in meta:
        origins["author"] = "the PDF's properties (and printed in it)"
    found = printed_meta(first_page, top, foot, [b.text for b in blocks if b.page == 1 and not b.heading],
                         meta.get("title", ""))
    browser = "url" in found
    for key, value in found.items():
        if key not in meta:
            meta[key] = value
            origins[key] = "the browser's print header and footer" if browser and key in ("title", "url", "accessed") \
                else "printed on page 1"
    return Extracted(tuple(blocks), meta, origins=origins, set_aside=tuple(aside))


def _check_text_layer(path: Path, pages: list[Page]) -> None:
    """Refuse, saying why, a PDF whose text cannot be evidence: no text layer (a scan, or pages
    of images) or an OCR layer too garbled to quote. A scan with a readable layer is read."""
    scans = sum(page.scanned for page in pages)
    what = f"a scan: {scans} of {len(pages)} pages are page images" if scans else "a scan?"
    ocr = "try `reportgen evidence add --ocr` (Tesseract OCR)"
    if sum(len(ln.text) for page in pages for ln in page.lines) < 20 * max(1, len(pages)):
        raise SourceError(f"{path}: the PDF is image-only, with no text layer ({what}); {ocr}")
    readable = text_quality(" ".join(ln.text for page in pages for ln in page.lines))
    if readable < 0.6:
        raise SourceError(f"{path}: the PDF's text layer is unreadable (only {readable:.0%} of it reads as words"
                          f"{'; ' + what if scans else ''}), so nothing in it can be quoted; {ocr}, which reads the pages again")


def text_quality(text: str) -> float:
    """The share of a text's tokens that read as words or numbers: near 1 for typeset or good OCR
    text in any script, low for OCR of a poor scan ("Tlie rcport 0f tne" reads, "~!l|;:" does not)."""
    tokens = [t for t in text.split() if any(ch.isalnum() for ch in t)]  # rules and dashes say nothing
    if not tokens:
        return 0.0
    good = sum(1 for t in tokens if re.fullmatch(r"[(\[“\"‘'«]*([^\W\d_]{2,}|[^\W\d_]|\d[\d.,/:%-]*)"
                                                  r"([-’'][^\W\d_]+)*[)\]”\"’'».,;:!?%]*", t))
    return good / len(tokens)


def _page_text(page: Page, lines: list[Line], body: float, aside: list) -> tuple[list[Line], list[list[Line]]]:
    """A page's running text in reading order, and the text of each box on it. Left out: tiny
    labels (small type is kept where it is prose: a regulation set a point smaller than its
    preamble, five words or more to the line), a table of contents, a chart's scale (three or more bare unpunctuated numbers), and
    the labels and captions of a figure."""
    axis = [ln for ln in lines if not any(ch.isalpha() for ch in ln.text) and not _TERMINAL.search(ln.text)]
    axis_ids = set(map(id, axis)) if len(axis) >= 3 else set()
    prose = {id(ln) for ln in lines if ln.size >= 0.6 * body and ln.words >= 5 and not ln.on_figure
             and not _SOURCE_LINE.match(ln.text)}
    noted = [ln for ln in lines if ln.size < 0.9 * body and _SOURCE_LINE.match(ln.text)]
    for line in sorted(lines, key=lambda ln: ln.top):  # a table's note runs on in small type: its lines go with it
        if id(line) in prose and line.size < 0.9 * body and any(_runs_on(note, line) for note in noted):
            prose.discard(id(line))
            noted.append(line)
    _between_prose(lines, prose, body)
    above = sorted((ln.bottom, i) for i, ln in enumerate(lines) if id(ln) in prose)
    for line in lines:  # the short last line of such a paragraph (found by position: pages hold many lines)
        if line.size < 0.9 * body and id(line) not in prose:
            start = bisect.bisect_left(above, (line.top - line.size, -1))
            end = bisect.bisect_right(above, (line.top + 0.4 * line.size, len(lines)))  # (boxes may overlap)
            if any(_runs_on(lines[i], line) for _, i in above[start:end]):
                prose.add(id(line))
    _run_on_by_figures(lines, page.figures)
    table = _table_rows(lines, page.width)
    cells = {id(ln) for row in table for ln in row}
    scrambled = _scrambled(lines)
    aside.extend((" ".join(ln.text for ln in run), "letters that do not read (a decorative font's own encoding)")
                 for run in scrambled)
    cells.update(id(ln) for run in scrambled for ln in run)  # left out, and said so above
    kept = [ln for ln in lines if (ln.size >= 0.9 * body or id(ln) in prose)
            and not _LEADERS.search(ln.text) and id(ln) not in cells
            and id(ln) not in axis_ids and not (ln.on_figure and ln.size < 1.1 * body)]
    left = {id(ln) for ln in kept}
    aside.extend((" ".join(ln.text for ln in row), "table of data") for row in table)  # a row as it reads
    aside.extend((ln.text, _why_left_out(ln, axis_ids)) for ln in lines if id(ln) not in left and id(ln) not in cells)
    running = order_columns([ln for ln in kept if ln.box < 0], page.width)
    main = _without_captions(running, page.figures)
    left = {id(ln) for ln in main}
    aside.extend((ln.text, "figure label or caption") for ln in running if id(ln) not in left)
    boxes = [order_columns([ln for ln in kept if ln.box == box], page.width) for box in sorted({ln.box for ln in kept} - {-1})]
    main, boxes = _boxes_in_place(main, boxes, body)
    tops = [min(ln.top for ln in box) for box in boxes]
    for a, b in zip(main, main[1:]):  # text resumes under a box as after a column break
        if any(a.bottom <= top <= b.top for top in tops):
            b.starts_column = True
    return main, boxes


def _boxes_in_place(main: list[Line], boxes: list[list[Line]], body: float) -> tuple[list[Line], list[list[Line]]]:
    """A box with no running text beside it, set between two paragraphs (a press release's
    shaded lead, a summary under the title), is read where it stands; a sidebar beside the
    text or one that cuts a paragraph in two is read after the page's text."""
    apart = []
    for box in boxes:
        top, bottom = min(ln.top for ln in box), max(ln.bottom for ln in box)
        beside = any(ln.top < bottom and ln.bottom > top for ln in main)
        above = [ln for ln in main if ln.bottom <= top]
        before = max(above, key=lambda ln: (ln.top, ln.x0)) if above else None
        cut = before is not None and not re.search(r"[.!?:”’\")]$", before.text) and not (
            before.bold or before.size >= 1.12 * body)  # a paragraph runs on under it (a heading does not)
        if beside or cut:
            apart.append(box)
            continue
        at = len(above) if all(ln.bottom <= top for ln in main[:len(above)]) else None
        if at is None:
            apart.append(box)
            continue
        box[0].starts_column = True
        if at < len(main):
            main[at].starts_column = True
        main = main[:at] + box + main[at:]
    return main, apart


_DATUM = re.compile(r"[\d\s.,%()±+\-–—/*:$€£x]*\d[\d\s.,%()±+\-–—/*:$€£x]*|n\.? ?a\.?|[-–—]", re.I)


def _table_rows(lines: list[Line], width: float) -> list[list[Line]]:
    """The rows of a table of data, each its cells left to right: rows of three or more short pieces side by side,
    one of them a figure ("480", "18.7%", "n.a.") or four pieces or more, in a run of two rows
    or more. Such a table is no evidence (its numbers would be quoted as sentences and taken
    for paragraph numbers); columns of running text are long lines and hold no figures alone."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: ln.top):
        if rows and abs(rows[-1][0].top - line.top) < 0.5 * line.size:
            rows[-1].append(line)
        else:
            rows.append([line])

    def tabular(row: list[Line]) -> bool:
        if len(row) < 3 or any(ln.x1 - ln.x0 > 0.3 * width for ln in row):
            return False
        return len(row) >= 4 or any(_DATUM.fullmatch(ln.text) for ln in row)

    repeated = _repeated_down(lines)
    marked = [tabular(row) or any(id(ln) in repeated for ln in row) for row in rows]
    table = []
    for i, row in enumerate(rows):
        near = [j for j in (i - 1, i + 1) if 0 <= j < len(rows) and marked[j]
                and abs(rows[j][0].top - row[0].top) < 3 * row[0].size]
        if marked[i] and near:
            if i > 0 and not marked[i - 1] and near == [i + 1] and _header_row(rows[i - 1], row, rows[i - 2] if i > 1 else None):
                table.append(sorted(rows[i - 1], key=lambda ln: ln.x0))
            table.append(sorted(row, key=lambda ln: ln.x0))
    return table


_CAPTION = re.compile(r"^(table|tableau|tabla|cuadro|tabelle|таблица)\s*[\dA-Z]{1,3}(\.\d{1,2})?[.:]", re.I)


def _header_row(above: list[Line], first: list[Line], before: list[Line] | None) -> bool:
    """A table's header over its first row ("Country | Population (millions) | Area"): two pieces
    or more, labels with no figures that end no sentence, its first piece where the rows' first
    column starts, as close as a row, and itself after a gap or right under the table's caption
    ("Table 1: ..."); a line of running text has text at its pitch above it."""
    size = max(ln.size for ln in first)
    if len(above) < 2 or first[0].top - above[0].top > 2.2 * size:
        return False
    if any(re.search(r"\d|[.!?;,]$", ln.text) for ln in above):
        return False
    if abs(min(ln.x0 for ln in above) - min(ln.x0 for ln in first)) > 3:
        return False
    return before is None or above[0].top - before[0].top > 1.8 * size or any(_CAPTION.match(ln.text) for ln in before)


def _repeated_down(lines: list[Line]) -> set[int]:
    """A table's column that repeats one short cell on row after row ("Frente para la Victoria - PJ",
    "AFIRMATIVO"): three or more in a row, at one left edge, each on the next line down. Its rows
    are a table's, however their other cells were read (a long name run into the next cell);
    prose repeats a line, if ever, in another paragraph, not on three lines running."""
    same: dict[tuple[str, int], list[Line]] = {}
    for line in lines:
        if len(line.text.split()) <= 6 and not _TERMINAL.search(line.text):
            same.setdefault((line.text, round(line.x0 / 3)), []).append(line)
    out: set[int] = set()
    for group in same.values():
        group.sort(key=lambda ln: ln.top)
        run = group[:1]
        for a, b in zip(group, group[1:]):
            run = run + [b] if b.top - a.top < 2.5 * a.size else [b]
            if len(run) >= 3:
                out.update(id(ln) for ln in run)
    return out


def _scrambled(lines: list[Line]) -> list[list[Line]]:
    """Runs of text in a font whose codes are not its letters (a script font's masthead reads
    "[ÉÇÉÜtuÄx VöÅtÜt wx W|ÑâàtwÉá"): a third or more of its words, and two at least, change case
    three times or more inside the word, as no word in a cased script does ("McDonald" twice,
    "iPhone" twice). The pieces of its row that touch it go with it (script glyphs overlap, so
    such a line comes in pieces)."""
    found = []
    for line in lines:
        words = [w for w in line.text.split() if sum(ch.isalpha() for ch in w) >= 2]
        odd = sum(_case_changes(w) >= 3 for w in words)
        if odd >= 2 and 3 * odd >= len(words):
            run = [line] + [other for other in lines if other is not line and abs(other.size - line.size) < 0.1 * line.size
                            and abs(other.top - line.top) < 0.3 * line.size
                            and other.x0 < line.x1 + line.size and other.x1 > line.x0 - line.size]
            found.append(sorted(run, key=lambda ln: ln.x0))
    seen: set[int] = set()
    return [run for run in found if not (seen & {id(ln) for ln in run}) and not seen.update(id(ln) for ln in run)]


def _case_changes(word: str) -> int:
    """How often the case changes from letter to letter, a capital opening a word not counted."""
    cases = [ch.isupper() for ch in word if ch.isupper() or ch.islower()]
    changes = sum(a != b for a, b in zip(cases, cases[1:]))
    return changes - 1 if len(cases) > 1 and cases[0] and not cases[1] else changes


def _why_left_out(line: Line, axis_ids: set[int]) -> str:
    if _LEADERS.search(line.text):
        return "table of contents"
    if id(line) in axis_ids:
        return "chart scale"
    return "figure label or caption" if line.on_figure else "small print (labels)"


def _run_on_by_figures(lines: list[Line], figures: list) -> None:
    """A paragraph's last lines set just above or beside a figure ("this AD." over a chart) are
    text, not the figure's label: they sit off the image, right under a line of text of their
    size in their column."""
    near = sorted((ln for ln in lines if ln.on_figure), key=lambda ln: ln.top)
    if not near:
        return
    text = [ln for ln in lines if not ln.on_figure]
    for line in near:
        cx, cy = (line.x0 + line.x1) / 2, (line.top + line.bottom) / 2
        if any(left <= cx <= right and top <= cy <= bottom for left, top, right, bottom in figures):
            continue
        if any(_runs_on(above, line) for above in text):
            line.on_figure = False
            text.append(line)


def _between_prose(lines: list[Line], prose: set[int], body: float) -> None:
    """Short lines in small type inside a paragraph of it, each right under the last, with prose
    above and below ("Equipment List items 22-10-01B," / "22-11-05-02B, 22-11-06-2B, 22-11-08-" /
    "01A, 22-11-08-01B," / "and 27-41-01, in the existing ..."): the paragraph's, though few words."""
    small = sorted((ln for ln in lines if ln.size < 0.9 * body), key=lambda ln: ln.top)
    tops = [ln.top for ln in small]

    def under(line: Line) -> Line | None:
        lo = bisect.bisect_left(tops, line.bottom - 0.4 * line.size)
        hi = bisect.bisect_right(tops, line.bottom + line.size)
        return next((ln for ln in small[lo:hi] if ln is not line and _runs_on(line, ln)), None)

    for start in small:
        if id(start) not in prose:
            continue
        run, nxt = [], under(start)
        while nxt is not None and id(nxt) not in prose and len(run) < 6:
            run.append(nxt)
            nxt = under(nxt)
        if run and nxt is not None and id(nxt) in prose:
            prose.update(id(ln) for ln in run)


def _runs_on(above: Line, line: Line) -> bool:
    """The short last line of a paragraph in small type: right under a prose line of its size
    (the two boxes may overlap a little: a font's ascent and descent take more than its leading)."""
    return abs(above.size - line.size) < 0.3 and -0.4 * line.size <= line.top - above.bottom < line.size \
        and abs(above.x0 - line.x0) < 2 * line.size


def _without_captions(lines: list[Line], figures: list) -> list[Line]:
    """Lines without the labels stacked over or under a figure: short for their column, not
    ending a sentence, and within two lines of the figure or of another such label."""
    if not figures:
        return lines
    lefts: dict[int, float] = {}
    for line in lines:
        lefts[line.column] = min(lefts.get(line.column, line.x0), line.x0)
    areas = [list(box) for box in figures]
    captions: set[int] = set()
    changed = True
    while changed:
        changed = False
        for line in lines:
            if id(line) in captions or not _label_like(line, lefts[line.column]):
                continue
            margin = 2.5 * line.size
            for area in areas:
                if line.x1 > area[0] and line.x0 < area[2] and line.bottom > area[1] - margin \
                        and line.top < area[3] + margin:
                    captions.add(id(line))
                    area[:] = [min(area[0], line.x0), min(area[1], line.top),
                               max(area[2], line.x1), max(area[3], line.bottom)]
                    changed = True
                    break
    return [line for line in lines if id(line) not in captions]


def _label_like(line: Line, column_left: float) -> bool:
    """Short for its column and not ending a sentence; bold only as a figure's title ("Shrine:"),
    so that a section heading set next to a figure stays."""
    ends = line.text.rstrip()[-1:]
    if line.x1 - line.x0 >= 0.75 * (line.col_right - column_left) or ends in ".!?;”’\")":
        return False
    if ends == ":":
        return line.words <= 6
    return not line.bold


def _with_sidebars(blocks: list[SourceBlock], sidebars: list[list[SourceBlock]]) -> list[SourceBlock]:
    """The text of boxes read apart from the running text and placed after its page's running
    text, so that a paragraph a box interrupts stays whole."""
    waiting = [sidebar for sidebar in sidebars if sidebar]  # in page order, as the pages were read
    out: list[SourceBlock] = []
    next_box = 0
    for block in blocks:
        while next_box < len(waiting) and block.page is not None and block.page > waiting[next_box][0].page:
            out.extend(waiting[next_box])
            next_box += 1
        out.append(block)
    for sidebar in waiting[next_box:]:
        out.extend(sidebar)
    return [replace(b, position=i) for i, b in enumerate(out, 1)]


def _read_pages(path: Path):
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        problem = str(exc).lower()
        if "password" in problem:
            raise SourceError(f"{path}: the PDF is encrypted; save an unencrypted copy first") from None
        raise SourceError(f"{path}: not a readable PDF ({exc})") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot read ({exc.strerror or exc})") from None
    try:
        pages = []
        for index in range(len(document)):
            page = document[index]
            try:
                pages.append(page_lines(page, index + 1, raw))
            finally:
                page.close()
        info = document.get_metadata_dict(skip_empty=True)
    except (pdfium.PdfiumError, ValueError) as exc:
        raise SourceError(f"{path}: not a readable PDF ({exc})") from None
    finally:
        document.close()
    return pages, info


def _body_size(pages) -> float:
    """The type size most prose is set in: characters of lines of six words or more count, so
    that the cells of many tables (short lines, numbers) do not outweigh the running text."""
    sizes, any_sizes, citing = Counter(), Counter(), Counter()
    for page in pages:
        for line in page.lines:
            any_sizes[round(line.size, 1)] += len(line.text)
            if line.words >= 6 and sum(ch.isalpha() for ch in line.text) > 0.6 * len(line.text):
                sizes[round(line.size, 1)] += len(line.text)
                citing[round(line.size, 1)] += any(offset > 0 for offset, _ in line.refs)
    chosen = sizes or any_sizes
    if not chosen:
        return 10.0
    body = chosen.most_common(1)[0][0]
    if not citing[body]:  # the text cites its notes and the notes cite nothing: a short extract's notes may outweigh it
        larger = [s for s in sizes if s > body + 0.4 and citing[s] >= 2 and sizes[s] >= 0.3 * sizes[body]]
        if larger:
            return max(larger, key=lambda s: sizes[s])
    return body


def _signature(line: Line) -> tuple[str, int]:
    """What a running line keeps from page to page: its words (numbers aside, and the page number
    whether it opens the line on a left-hand page or closes it on a right-hand one) and its type
    size (a title set large on the first page is not the running head that repeats it small)."""
    text = line.text.lower().strip()
    words = re.sub(r"^\d{1,4}\s+", "", text) if re.match(r"\d{1,4}\s", text) else re.sub(r"\s+\d{1,4}$", "", text)
    return re.sub(r"\d+", "#", words).strip(), round(line.size)


def _edge_number(text: str) -> str:
    found = re.match(r"(\d{1,4})\b", text) or re.search(r"\b(\d{1,4})$", text)
    return found.group(1) if found else ""


def _drop_furniture(pages, aside: list) -> dict[int, str]:
    """Running heads and feet and page numbers removed from each page (in place); returns the
    page number each page prints. A running line recurs in the top or foot band (or among the
    first and last lines) of three pages or more (two in a short document); a number opening or
    closing it that changes from page to page is the page number ("Annual Report | 12")."""
    def edges(lines: list[Line], height: float) -> set[int]:
        ordered = sorted(lines, key=lambda ln: ln.top)
        band = {id(ln) for ln in lines if ln.top < _EDGE * height or ln.bottom > (1 - _EDGE) * height}
        return band | {id(ln) for ln in ordered[:2] + ordered[-2:]}

    at_edge = [edges(page.lines, page.height) for page in pages]
    counts, numbers = Counter(), {}
    for page, edge in zip(pages, at_edge):
        for line in page.lines:
            if id(line) in edge:
                signature = _signature(line)
                counts[signature] += 1
                numbers.setdefault(signature, set()).add(_edge_number(line.text))
    least = 2 if len(pages) <= 4 else 3
    printed: dict[int, str] = {}
    for page, edge in zip(pages, at_edge):
        keep = []
        for line in page.lines:
            if id(line) in edge:
                number = _PAGE_NUMBER.match(line.text)
                if number:
                    if number.group(1) or number.group(2):
                        printed.setdefault(line.page, number.group(1) or number.group(2))
                    aside.append((line.text, "page number"))
                    continue
                signature = _signature(line)
                if len(pages) >= 2 and counts[signature] >= least:
                    if len(numbers[signature]) > 1 and _edge_number(line.text):
                        printed.setdefault(line.page, _edge_number(line.text))
                    aside.append((line.text, "running head or foot"))
                    continue
            keep.append(line)
        page.lines[:] = keep
    for index in range(2, len(pages)):  # a page that prints no number between pages n-1 and n+1 is n
        before, after = printed.get(index - 1, ""), printed.get(index + 1, "")
        if index not in printed and before.isdigit() and after.isdigit() and int(after) - int(before) == 2:
            printed[index] = str(int(before) + 1)
    return printed


def _split_notes(lines: list[Line], body: float, notes: dict[str, list[tuple[int, str]]]) -> list[Line]:
    """The page's lines without its footnotes, which go into `notes` by number. Footnotes are,
    column by column, the smaller lines under the last line of body type (or the lines under a
    separator rule) from the first that opens with the next note number; lines above that first
    one continue the last note when it was left unfinished, else they stay with the text. Notes
    set in columns are read column by column: a note may run on into the next column."""
    ordered = sorted(lines, key=lambda ln: ln.top)
    last = next(reversed(notes), "") if notes else ""
    cited = {number for line in ordered for _, number in line.refs}
    below = _foot_lines(ordered, body, last, cited)
    foot = [ln for ln in ordered if id(ln) in below]
    if not foot:
        return ordered
    if len(foot) >= 6:  # notes set in columns are read column by column, not across
        foot = order_columns(list(foot), max(ln.x1 for ln in foot))
    first = next((i for i, ln in enumerate(foot) if _note_number(ln, last, cited)), len(foot))
    unfinished = last and not re.search(r"[.!?)\]”]$", notes[last][-1][1])
    if first and unfinished:  # a note run on from the page before
        page, text = notes[last][-1]
        notes[last][-1] = (page, _note_text([text] + [ln.text for ln in foot[:first]]))
    elif first:  # small text above the notes, or no notes at all (captions and the like): the page's text
        below.difference_update(id(ln) for ln in foot[:first])
    current: tuple[str, list[str]] | None = None
    for line in foot[first:]:
        number = _note_number(line, current[0] if current else last, cited)
        if number:
            if current:
                notes.setdefault(current[0], []).append((line.page, _note_text(current[1])))
            current = number[0], [number[1]]
        elif current:
            current[1].append(line.text)
    if current:
        notes.setdefault(current[0], []).append((foot[0].page, _note_text(current[1])))
    return [ln for ln in ordered if id(ln) not in below]


def _foot_lines(ordered: list[Line], body: float, last: str, cited: set[str]) -> set[int]:
    """Lines that may be footnotes: in smaller type with no line of body type under them in
    their column and some above them (a page all in smaller type is text), or under a column's
    separator rule from a first line that opens a note."""
    out: set[int] = set()
    spans: list[tuple[float, float]] = []  # across, where lines of body type stand lower down
    text_top = min((ln.top for ln in ordered if ln.size >= body - 0.4), default=None)
    for line in reversed(ordered):
        if line.size >= body - 0.4:
            spans = _merged(spans, (line.x0, line.x1))
        elif text_top is not None and line.top > text_top and not line.on_figure \
                and not any(a < line.x1 and line.x0 < b for a, b in spans):
            out.add(id(line))
    ruled = [ln for ln in ordered if ln.below_rule]
    for i, line in enumerate(ruled):
        if not any(_across(other, line) for other in ruled[:i]) and _note_number(line, last, cited):
            out.update(id(other) for other in ruled[i:] if _across(other, line))
    return out


def _across(a: Line, b: Line) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1


def _merged(spans: list[tuple[float, float]], span: tuple[float, float]) -> list[tuple[float, float]]:
    lo, hi = span
    keep = []
    for a, b in spans:
        if a <= hi and lo <= b:
            lo, hi = min(lo, a), max(hi, b)
        else:
            keep.append((a, b))
    return keep + [(lo, hi)]


def _note_number(line: Line, last: str, cited: set[str]) -> tuple[str, str] | None:
    """The note a line opens, and its text: a superscript number at its start, or a plain one
    that the page cites or that follows the last note's number (so "12 March 2021" inside a
    note opens nothing)."""
    if line.refs and line.refs[0][0] == 0:
        return line.refs[0][1], line.text
    match = re.match(r"(\d{1,3})\.?\s+(?=\S)", line.text)
    if match and (match.group(1) in cited or int(match.group(1)) == (int(last) + 1 if last.isdigit() else 1)):
        return match.group(1), line.text[match.end():]
    return None


def _note_text(parts: list[str]) -> str:
    parts = [p.strip() for p in parts if p.strip()]
    return functools.reduce(join_lines, parts) if parts else ""
