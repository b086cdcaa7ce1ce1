"""Paragraphs, headings and footnotes rebuilt from a PDF's lines in reading order.

A paragraph ends at a vertical gap wider than the document's line pitch, at a short line that
ends a sentence, before a heading, and before the document's own paragraph number ("135.",
"2.4.7"); it runs on across a column or page break unless the text before the break ends a
sentence and the next line begins one. Footnote numbers found in a paragraph attach the
footnotes' text to it (`notes`); they are never part of its text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .....models import SourceBlock
from .....text import ENDS_PROSE
from .layout import Line

_TERMINAL = ENDS_PROSE
_NUMBERED = re.compile(r"^(\d{1,4})\.\s+(?=\S)|^(\d{1,3}(?:\.\d{1,3}){1,3})\.?\s+(?=[A-Z“\"‘(])")
_WORD = re.compile(r"[^\W\d_][\w’'-]*[^\W\d_]|[^\W\d_]", re.U)


@dataclass
class _Para:
    lines: list[Line] = field(default_factory=list)
    text: str = ""
    marker: str = ""
    heading: bool = False
    item: bool = False  # opens with a bullet


_BULLET = re.compile(r"^[•●▪■◦○‣⁃❖➢►▶✓]\s*(?=\S)")


@dataclass
class Document:
    """What the block builder needs beyond the lines themselves."""

    body_size: float
    printed: dict[int, str]  # PDF page -> printed page number
    notes: dict[str, list[tuple[int, str]]]  # footnote number -> [(page, text)]


def build_blocks(lines: list[Line], doc: Document) -> list[SourceBlock]:
    lines = _notes_after_their_paragraph(lines, doc.body_size)
    pitch = _pitch(lines, doc.body_size)
    vocabulary = _vocabulary(lines)
    paras: list[_Para] = []
    current = _Para()
    last_marker = ""

    def flush():
        nonlocal current
        if current.lines:
            first = current.lines[0]
            if current.marker and len(current.lines) == 1 and not _TERMINAL.search(first.text) \
                    and first.words <= 16 and (first.bold or first.size >= 1.12 * doc.body_size
                                               or _set_apart(first, following.get(id(first)), pitch)):
                # "1. Detention after return" alone on its line, set bold or large or apart from
                # the text under it: a heading (one of a run of numbered lines is an item of a
                # numbered list: "19. Knows welding and how to make explosives")
                current = _Para([first], first.text, heading=True)
            paras.append(current)
        current = _Para()

    previous: Line | None = None
    following = {id(a): b for a, b in zip(lines, lines[1:])}
    for line in lines:
        heading = _is_heading(line, _type_under(line, following, doc.body_size)) \
            and not _led_in(line, following.get(id(line)), pitch)
        if heading:
            if current.heading and previous is not None and _continues_heading(previous, line):
                current.lines.append(line)
                current.text += " " + line.text
                previous = line
                continue
            flush()
            current = _Para([line], line.text, heading=True)
            previous = line
            continue
        if current.heading:
            flush()
        opens = not current.lines or bool(_TERMINAL.search(current.text))
        marker, rest = _marker(line, last_marker, opens)
        if not marker and _BULLET.match(line.text):
            flush()
            current = _Para([line], _BULLET.sub("", line.text), item=True)  # the bullet is markup, not text
        elif marker:
            flush()
            last_marker = marker
            current = _Para([line], rest, marker=f"para {marker}")
        elif not current.lines:
            current = _Para([line], line.text)
        elif _breaks(previous, line, current, pitch, following.get(id(line))):
            flush()
            current = _Para([line], line.text)
        else:
            current.lines.append(line)
            current.text = join_lines(current.text, line.text, vocabulary)
        if _ends_paragraph(line):
            flush()
        previous = line
    flush()
    return _to_blocks(paras, doc)


def _notes_after_their_paragraph(lines: list[Line], body: float) -> list[Line]:
    """A paragraph left unfinished at a column's foot, then notes in smaller type (unnumbered:
    "The estimates in this report ...") or a table's label under it (with its title, and its
    notes), then the next column or page going on with the sentence (in lower case, or a figure:
    "of the" / "303.9 million"): the notes are read after that paragraph, not between its halves."""
    out = list(lines)
    pitch = _pitch(lines, body)
    i = 0
    while i < len(out) - 2:
        line = out[i]
        j = i + 1
        if line.size >= 0.9 * body and not _TERMINAL.search(line.text):
            titled = False  # under a table's or figure's label: its title, bold or larger, then its notes
            while j < len(out) and (out[j].size < 0.9 * body or _LABEL_LINE.match(out[j].text) or (
                    titled and (out[j].bold or out[j].size >= 1.05 * body))):
                titled = bool(_LABEL_LINE.match(out[j].text)) or (titled and out[j].size >= 0.9 * body)
                j += 1
        if j == i + 1 or j >= len(out) or not (out[j].starts_column or out[j].page != line.page) \
                or not (out[j].text[:1].islower() or out[j].text[:1].isdigit()) or out[j].size < 0.9 * body:
            i += 1
            continue
        notes = out[i + 1:j]
        end = j  # the paragraph's last line: one that ends it as the block builder sees it, one before a gap, or the column's last
        while end + 1 < len(out) and (out[end + 1].page, out[end + 1].column) == (out[j].page, out[j].column) \
                and out[end + 1].size >= 0.9 * body \
                and not _ends_paragraph(out[end]) and out[end + 1].top - out[end].top <= 1.35 * _pitch_of(pitch, out[end].size):
            end += 1
        out[i + 1:end + 1] = out[j:end + 1] + notes
        i += end - j + 1  # the paragraph's last line, now: it may go on in the next column too
    return out


def _pitch(lines: list[Line], body: float) -> dict[float, float]:
    """The common step between lines of a paragraph, per type size (the low quartile: steps
    across gaps are fewer); a document may set its text at 12 pt on 19 pt and its notes and
    tables closer, so one pitch for all would cut every line of the text apart."""
    steps: dict[float, list[float]] = {}
    for a, b in zip(lines, lines[1:]):
        if a.page == b.page and a.column == b.column and not b.starts_column and abs(a.size - b.size) < 0.3 \
                and b.top > a.top:
            steps.setdefault(round(a.size), []).append(b.top - a.top)
    out = {size: sorted(found)[len(found) // 4] for size, found in steps.items() if len(found) >= 3}
    out.setdefault(round(body), body * 1.2)
    return out


def _pitch_of(pitch: dict[float, float], size: float) -> float:
    return pitch.get(round(size), size * 1.2)


def _spacing(current: _Para, pitch: dict[float, float], previous: Line, line: Line, after: Line | None) -> float:
    """The line spacing this paragraph is set in: its own first step once it has two lines; for
    its second line, the document's pitch, unless a full first line is followed by the same
    step again (text set wider than the document's tables and notes, "1.5 lines")."""
    usual = _pitch_of(pitch, previous.size)
    first = current.lines[0]
    if len(current.lines) >= 2 and current.lines[1].page == first.page and current.lines[1].column == first.column:
        return max(usual, current.lines[1].top - first.top)
    step = line.top - previous.top
    if after is not None and after.page == line.page and after.column == line.column and not after.starts_column \
            and abs((after.top - line.top) - step) < 0.12 * step and step < 2.2 * previous.size \
            and previous.col_right - previous.x1 < 0.15 * max(1.0, previous.col_right - previous.x0):
        return max(usual, step)
    return usual


def _vocabulary(lines: list[Line]) -> set[str]:
    """Words the document spells whole somewhere, line-final fragments aside."""
    words: set[str] = set()
    for line in lines:
        tokens = _WORD.findall(line.text)
        if line.text.endswith("-") and tokens:
            tokens = tokens[:-1]
        words.update(t.lower() for t in tokens)
    return words


def _type_under(line: Line, following: dict[int, Line], body: float) -> float:
    """The size of the text a bold line heads: a regulation set a point smaller than the
    document's body has its bold headings in its own size ("(e) Unsafe Condition")."""
    nxt = following.get(id(line))
    for _ in range(3):
        if not line.bold or nxt is None or (nxt.page, nxt.column) != (line.page, line.column):
            return body
        if not nxt.bold:
            return nxt.size if abs(nxt.size - line.size) < 0.3 and nxt.size < body else body
        nxt = following.get(id(nxt))
    return body


def _is_heading(line: Line, body: float) -> bool:
    if not (line.bold or line.size >= 1.12 * body) or line.size < body - 0.3:
        return False
    text = line.text
    sentence = text.endswith(".") and not _ABBREVIATION_END.search(text)  # "Nonresponse bias in the U.S." is none
    return line.words <= 20 and not (sentence and line.words > 3) and not line.refs \
        and any(ch.isalpha() for ch in text)


_ABBREVIATION_END = re.compile(r"\b(?:[^\W\d_]\.){2,}$")  # "U.S.", "D.C.", "e.g."


def _set_apart(line: Line, after: Line | None, pitch: dict[float, float]) -> bool:
    """A line followed, in its column, by a paragraph gap and not by another numbered line."""
    if after is None or after.page != line.page or after.column != line.column:
        return False
    return after.top - line.top > 1.35 * max(_pitch_of(pitch, line.size), line.size) and not _NUMBERED.match(after.text)


def _led_in(line: Line, after: Line | None, pitch: dict[float, float]) -> bool:
    """A bold first line that the next line continues (a lead-in, not a heading): the next line
    follows at the paragraph's spacing in the same column, in regular weight and the same size,
    and either opens in lower case or this line runs to the column's edge without ending (and
    the next line is not indented as a paragraph's first line is)."""
    if after is None or after.page != line.page or after.column != line.column or after.starts_column \
            or after.bold or abs(after.size - line.size) > 0.3:
        return False
    if after.top - line.top > 1.35 * max(_pitch_of(pitch, line.size), line.size):
        return False
    if after.text[:1].islower() or line.text.endswith(","):
        return True
    if after.x0 - line.x0 > 0.8 * line.size:  # the next line indented: it opens the paragraph this one heads
        return False
    full = line.col_right - line.x1 < 0.15 * max(1.0, line.col_right - line.x0)
    return full and not re.search(r"[.!?:;]$", line.text)


def _continues_heading(previous: Line, line: Line) -> bool:
    return (previous.page == line.page and abs(previous.size - line.size) < 0.3 and previous.bold == line.bold
            and 0 < line.top - previous.top <= 1.6 * line.size)


def _marker(line: Line, last: str, opens: bool) -> tuple[str, str]:
    """The document's own paragraph number opening a line, and the text after it. A number is
    taken when a tab-like gap follows it, when it continues the numbering ("135" after "134"),
    or, before any number, where a paragraph may begin (not "... since / 2016. In each case")."""
    match = _NUMBERED.match(line.text)
    if not match:
        return "", line.text
    number = match.group(1) or match.group(2)
    if line.first_gap >= 0.6 or _follows(number, last) or (opens and not last):
        return number, line.text[match.end():]
    return "", line.text


def _follows(number: str, last: str) -> bool:
    parts, before = number.split("."), last.split(".") if last else []
    if not before:
        return parts[-1] == "1"
    if len(parts) == len(before):
        return parts[:-1] == before[:-1] and int(parts[-1]) == int(before[-1]) + 1
    if len(parts) > len(before):  # 2.4 -> 2.4.1
        return parts[:len(before)] == before and all(p == "1" for p in parts[len(before):])
    return parts[-1] != "0" and int(parts[-1]) == int(before[len(parts) - 1]) + 1  # 2.4.7 -> 2.5


# a table's or figure's label on a line of its own ("Table 2.", "Figure 1:"): never the rest of a paragraph
_LABEL_LINE = re.compile(r"^(table|figure|chart|graph|map|box|tableau|tabla|cuadro|gráfico|figura|tabelle|abbildung|"
                         r"таблица|рисунок|图|表)\s*[\dA-Z]{1,3}(\.\d{1,2})?[.:]?$", re.I)


_ITEM_MARK = re.compile(r"\((\d{1,3}|[a-z]|[ivxlc]{1,6})\)\s", re.I)  # "(xiii) Continues ...": an item of its own
# a table's or figure's notes or sources, which open a block of their own whatever comes before (a table's last row)
_NOTE_LABEL = re.compile(r"^(sources?|notes?|fuentes?|notas?|источник\w*|примечани\w*)\s*:\s", re.I)
# a labelled section opening its line: "DATES: The FAA must receive...", "FOR FURTHER INFORMATION CONTACT:"
_CAPS_LABEL = re.compile(r"^[A-ZÀ-ÖØ-ÞА-Я][A-ZÀ-ÖØ-ÞА-Я ,]{2,40}:\s")


def _breaks(previous: Line, line: Line, current: _Para, pitch: dict[float, float], after: Line | None) -> bool:
    if len(current.lines) == 1 and _stands_alone(previous, line) or _LABEL_LINE.match(line.text):
        return True
    if _CAPS_LABEL.match(line.text) and _TERMINAL.search(current.text) or _NOTE_LABEL.match(line.text):
        return True
    if line.starts_column or previous.page != line.page:
        return bool(_TERMINAL.search(current.text)) and not line.text[:1].islower() \
            and not _goes_on_unindented(current, line, after)
    step = line.top - previous.top
    if abs(line.size - previous.size) > 0.5 and not _runs_on_in_other_type(current, previous, line, pitch, step):
        return True
    if step > 1.35 * max(_spacing(current, pitch, previous, line, after), previous.size):
        # across a gap, a sentence left open goes on in lower case or with a bracket ("… of discount
        # stores" / "(This is a term …) As can be seen …"); anything else opens a new paragraph
        opens = line.text[:1].islower() or line.text[:1] == "(" and not _ITEM_MARK.match(line.text)
        return not opens or bool(re.search(r"[.!?:;]$", current.text)) or len(current.text.split()) < 5 \
            or step > 4 * previous.size
    indent = line.x0 - previous.x0
    return indent > 0.8 * line.size and bool(_TERMINAL.search(previous.text)) and len(current.lines) > 1


def _runs_on_in_other_type(current: _Para, previous: Line, line: Line, pitch: dict[float, float], step: float) -> bool:
    """A line set in other type that the sentence runs through ("should be sent to the person
    identified" / "in the FOR FURTHER INFORMATION" in small capitals / "CONTACT section."): the
    text does not end a sentence, and the line sits flush under the last at the text's pitch."""
    usual = _pitch_of(pitch, max(line.size, previous.size))
    return not _TERMINAL.search(current.text) and abs(step - usual) < 0.25 * usual \
        and abs(line.x0 - previous.x0) < 0.5 * line.size and (line.page, line.column) == (previous.page, previous.column)


def _goes_on_unindented(current: _Para, line: Line, after: Line | None) -> bool:
    """A paragraph set with its first line indented (a gazette's, a book's) that ends a sentence
    at a column's foot, and the next column opening flush with the line under it: the paragraph
    goes on there ("... Docket Operations is listed above." / "Comments will be available ...");
    a new paragraph would open indented."""
    first, second = current.lines[0], current.lines[1] if len(current.lines) > 1 else None
    if second is None or (second.page, second.column) != (first.page, first.column) or after is None \
            or (after.page, after.column) != (line.page, line.column) or after.starts_column:
        return False
    return 0.5 * first.size <= first.x0 - second.x0 <= 3 * first.size and abs(line.x0 - after.x0) < 0.3 * line.size


def _ends_paragraph(line: Line) -> bool:
    """A line that ends a sentence well short of its column's right edge."""
    room = line.col_right - line.x1
    return bool(_TERMINAL.search(line.text)) and room > 0.2 * max(1.0, line.col_right - line.x0) \
        and room > 4 * line.size


def _stands_alone(line: Line, after: Line) -> bool:
    """A paragraph's only line so far that stops well short of its column (a third) with the next
    line starting anew: a heading set in body type, a byline, an address line."""
    room = line.col_right - line.x1
    return room > 0.3 * max(1.0, line.col_right - line.x0) and not line.text.endswith(("-", ",")) \
        and not after.text[:1].islower() and not _next_word_too_long(line, after, room)


def _next_word_too_long(line: Line, after: Line, room: float) -> bool:
    """A line that stops short because the next word would not have fitted ("AGENCY: Federal
    Aviation" / "Administration (FAA), DOT."): the typesetter wrapped it; it did not end it."""
    word = after.text.split(" ", 1)[0]
    per_char = (line.x1 - line.x0) / max(1, len(line.text))
    return after.page == line.page and after.column == line.column and (len(word) + 1) * per_char > room


_CJK_CHAR = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f“”‘’]")
_CJK_IDEOGRAPH = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")


def join_lines(text: str, nxt: str, vocabulary: set[str] = frozenset()) -> str:
    """Two lines of one paragraph (or note) as one text: a line-end hyphen kept or taken out,
    and no space where Chinese or Japanese text wraps (those scripts put none between words)."""
    if text and nxt and _cjk_wrap(text[-1], nxt[0]):
        return text + nxt
    if not text.endswith("-") or len(text) < 2 or text.endswith(" -"):
        return f"{text} {nxt}"
    return text + nxt if keeps_hyphen(text, nxt, vocabulary) else text[:-1] + nxt


def _cjk_wrap(last: str, first: str) -> bool:
    """A wrap inside CJK text: both sides CJK, and at least one an ideograph or CJK punctuation
    (so "said “" + "OK" in English still gets its space)."""
    return bool(_CJK_CHAR.match(last) and _CJK_CHAR.match(first)
                and (_CJK_IDEOGRAPH.match(last) or _CJK_IDEOGRAPH.match(first)))


# Second halves of compounds that keep their hyphen in any text ("rights-based", "long-term"),
# and first halves that are written with one ("self-censorship", "ex-detainee"). A hyphen at a
# line end is otherwise a word broken by the typesetter, in every language: the document's own
# spelling elsewhere decides first, and no word-frequency list is needed.
_COMPOUND_TAILS = frozenset(
    "based led run owned wide level term scale related time free like oriented sponsored backed "
    "affiliated linked controlled born old year years style type specific friendly sensitive "
    "speaking language made funded appointed designated".split())
_HYPHEN_HEADS = frozenset("self quasi semi anti".split())  # not "pro-", "pre-": "pro-vince", "pre-sented"


def keeps_hyphen(before: str, after: str, vocabulary: set[str] = frozenset()) -> bool:
    """Whether a line-final hyphen is part of the text ("52-year-" + "old", "Counter-" + "Terrorism",
    "provincial-" + "level") rather than a word broken at the line end ("ex-" + "ample",
    "correc-" + "ción").

    A hyphen after a number or closing an already hyphenated compound is kept, and so is one
    before anything that does not start in lower case. Otherwise the document's own spelling
    decides (it writes "counter-terrorism" or "counterterrorism" elsewhere), then the shape of
    the compound: a known second half ("-based", "-level") or first half ("self-") keeps it."""
    head = before[:-1].rsplit(" ", 1)[-1]
    tail = re.match(r"[^\W\d_]+", after)
    if not head or not head[-1:].isalpha() or "-" in head or not tail or not after[:1].islower():
        return True
    left = re.sub(r"^[^\w]+", "", head).lower()
    right = tail.group(0).lower()
    if f"{left}-{right}" in vocabulary:
        return True
    if left + right in vocabulary:
        return False
    return right in _COMPOUND_TAILS or left in _HYPHEN_HEADS


def _to_blocks(paras: list[_Para], doc: Document) -> list[SourceBlock]:
    sizes = sorted({round(p.lines[0].size) for p in paras if p.heading}, reverse=True)
    blocks: list[SourceBlock] = []
    for para in paras:
        text = " ".join(para.text.split())
        if not text:
            continue
        first = para.lines[0]
        printed = doc.printed.get(first.page, "")
        if para.heading:
            level = sizes.index(round(first.size)) + 1
            blocks.append(SourceBlock(text, len(blocks) + 1, first.page, heading=True, level=level,
                                      printed_page=printed))
            continue
        notes = _notes(para, doc)
        blocks.append(SourceBlock(text, len(blocks) + 1, first.page, marker=para.marker, item=para.item,
                                  printed_page=printed, notes=notes))
    return blocks


def _notes(para: _Para, doc: Document) -> tuple[str, ...]:
    out: list[str] = []
    for line in para.lines:
        for _, number in line.refs:
            found = doc.notes.get(number)
            if not found:
                continue
            # the note of that number on the citing page or the nearest after it
            page, text = min(found, key=lambda item: (item[0] < line.page, abs(item[0] - line.page)))
            entry = f"{number} {text}"
            if entry not in out:
                out.append(entry)
    return tuple(out)
