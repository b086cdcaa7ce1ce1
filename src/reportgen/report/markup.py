"""The placeholder markup of templates: `[[what the expert writes]]` and `ref('bookmark')` in
rendered template text become the report model's Placeholder and Ref; the same brackets typed in
a case value stay literal text. Compose and schedule both read rendered text through here."""

from __future__ import annotations

import re

from .model import Inline, Placeholder, Ref, Text

_OPEN, _CLOSE = "\ue000", "\ue001"  # "[[" and "]]" inside case values: data, never placeholders
_REF_OPEN, _REF_CLOSE = "\ue002", "\ue003"  # ref('name') in a template: a paragraph cross-reference
MARKS = re.compile("[\ue000-\ue00f]")  # our private marks: never taken from case values
_PLACEHOLDER = re.compile(r"\[\[(.+?)\]\]|\ue002(\w+)\ue003", re.S)
NOTE_MARK = "\ue004"  # where a short-form citation's "(n 3)" number goes


def as_data(value):
    """Case values as template data: placeholder brackets in them are kept literal."""
    if isinstance(value, str):
        return value.replace("[[", _OPEN).replace("]]", _CLOSE)
    if isinstance(value, (list, tuple)):
        return [as_data(v) for v in value]
    if isinstance(value, dict):
        return {k: as_data(v) for k, v in value.items()}
    return value


def inlines(text: str) -> tuple[Inline, ...]:
    """Rendered template text split into plain text and [[placeholders]]."""
    out: list[Inline] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(text):
        if m.start() > pos:
            out.append(Text(literal(text[pos:m.start()])))
        if m.group(2):
            out.append(Ref(m.group(2)))
        else:
            out.append(Placeholder(literal(m.group(1).strip())))
        pos = m.end()
    if pos < len(text):
        out.append(Text(literal(text[pos:])))
    return tuple(out)


def literal(text: str) -> str:
    """Rendered text as printed: a case value's brackets back as the user typed them."""
    return text.replace(_OPEN, "[[").replace(_CLOSE, "]]")


def ref(bookmark: str) -> str:
    """In a template: the number of the bookmarked paragraph, as a REF field."""
    return f"{_REF_OPEN}{bookmark}{_REF_CLOSE}"


def letter(n: int) -> str:
    """The question's letter as Word's list numbers it: (a), (b), ... (z), (aa)."""
    return chr(96 + (n - 1) % 26 + 1) * ((n - 1) // 26 + 1)


def strip_marks(value):
    """Our private marks taken out of case values (text, lists, mappings), before anything else."""
    if isinstance(value, str):
        return MARKS.sub("", value)
    if isinstance(value, list):
        return [strip_marks(v) for v in value]
    if isinstance(value, dict):
        return {k: strip_marks(v) for k, v in value.items()}
    return value
