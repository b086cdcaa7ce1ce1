"""Checking a drafted or edited report against the library: every quotation still verbatim,
every footnote in the bibliography, every bibliography entry cited, no placeholder left."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .docx import STYLE_BIBLIOGRAPHY
from .docx.contract import PROP_SOURCE
from .docx.reader import ReadReport, quote_marks
from .library.indexing.read import EvidenceIndex
from .library.reading.series import edition_key
from .report import quotes
from .report.citations import printed_forms

MAX_DIFF_WORDS = 3000
KINDS = ("altered-quote", "missing-source", "changed-source", "superseded", "missing-entry", "uncited-entry",
         "placeholder")


@dataclass(frozen=True)
class Problem:
    kind: str
    paragraph: int | None  # the report's numbered paragraph it is in or follows
    detail: str
    heading: str = ""  # the heading it sits under
    numbered: bool = False  # it is that numbered paragraph, not something after it
    index: int = 0  # its place among the document's paragraphs (1-based; 0: the document as a whole)

    @property
    def where(self) -> str:
        """'paragraph 41', 'after paragraph 40, under “Bibliography”', 'title page'."""
        if self.paragraph == 0:
            return "title page"
        if self.paragraph is None:
            return f"under “{self.heading}”" if self.heading else "the document"
        if self.numbered:
            return f"paragraph {self.paragraph}"
        under = f", under “{self.heading}”" if self.heading else ""
        return f"after paragraph {self.paragraph}{under}"

    def to_dict(self) -> dict:
        return {"kind": self.kind, "paragraph": self.paragraph, "detail": self.detail, "where": self.where,
                "heading": self.heading, "index": self.index}


def _at(kind: str, para, detail: str) -> Problem:
    return Problem(kind, para.near, detail, para.heading, para.number is not None, para.index)


def verify_report(report: ReadReport, index: EvidenceIndex, earlier=None, templates: str | None = None) -> list[Problem]:
    """earlier: evidence id -> (paragraph, edition label) from a source's older editions, if kept.
    Each source's sha256 the report recorded is compared with the index's, which is up to date
    with the library's files. Citations are read back in the forms the styles of the `templates`
    folder (a firm's) and the shipped ones print (citations.printed_forms)."""
    quoted = _quotes(report, index, earlier)
    # a source whose quotation was already checked against the edition it came from is not named twice
    told = " ".join(p.detail for p in quoted if p.detail.startswith("quoted verbatim from "))
    changed = [p for p in _sources(report, index)
               if f"quoted verbatim from {p.detail.split(' ', 1)[0].rstrip(',')}," not in told]
    problems = changed + quoted + _citations(report, printed_forms(templates)) + _placeholders(report)
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(problems, key=lambda p: (p.index or 10**9, order[p.kind]))


def _sources(report: ReadReport, index: EvidenceIndex) -> list[Problem]:
    """Each source the report recorded, against the library's file now: gone, or changed."""
    problems = []
    for name, digest in sorted(report.properties.items()):
        if not name.startswith(PROP_SOURCE):
            continue
        sid = name[len(PROP_SOURCE):]
        now = index.file_sha256(sid)
        if now is None:
            problems.append(Problem("missing-source", None, f"{sid}, quoted in the report, is not in the library"))
        elif now != digest:
            problems.append(Problem("changed-source", None, f"{sid} has changed since the report was drafted (its "
                                                            f"file's sha256 differs): check each quotation from it"))
    return problems


def _quotes(report: ReadReport, index: EvidenceIndex, earlier=None) -> list[Problem]:
    problems = []
    known_sources = {meta.id for meta, _ in index.sources()}
    newest = _Newest(index)
    stale: dict[str, list] = {}  # source id -> (report paragraph, evidence, newest edition) of each quote
    for para in report.paragraphs:
        for mark in quote_marks(para):
            quote = para.text.strip()
            if not quote:
                continue  # the expert deleted the quotation: their call, not an error
            evidence_id = report.properties.get(mark) or _id_from_mark(mark, index)  # property lost: the hash
            source_id = evidence_id.split(":", 1)[0] if evidence_id else ""
            evidence = index.paragraph(evidence_id) if evidence_id else None
            found = earlier(evidence_id) if evidence is None and earlier and source_id in known_sources else None
            if found:
                problems.append(_from_older_edition(quote, *found, para))
                continue
            if evidence is None:
                if source_id in known_sources:
                    problems.append(_at("changed-source", para,
                                        f"the paragraph quoted from {source_id} is no longer in the library "
                                        f"as it was when drafted; check the source and the quotation"))
                else:
                    problems.append(_at("missing-source", para,
                                        f"the source of this quotation ({source_id or 'unknown'}) is not in the "
                                        f"library"))
                continue
            if not quotes.is_faithful(quote, evidence.text):
                problems.append(_at("altered-quote", para,
                                    f"{evidence.source_id}, {evidence.locator}: {_difference(quote, evidence.text)}"))
                continue
            newer = newest.of(evidence.source_id)
            if newer and not any(quotes.is_faithful(quote, p.text) for p in newer[1]):
                stale.setdefault(evidence.source_id, []).append((para, evidence, newer[0]))
    return problems + [_superseded(source_id, found) for source_id, found in stale.items()]


def _superseded(source_id: str, found: list) -> Problem:
    """One line per older edition quoted, at its first quotation, naming each (a fresh draft
    may quote an older edition for what the newest no longer says: one line each was noise)."""
    first, evidence, newest = found[0]
    if len(found) == 1:
        return _at("superseded", first, f"quoted from {source_id}, {evidence.locator}; the newest edition of its "
                                        f"series ({newest}) no longer has this text: check that it still holds, or "
                                        f"quote the newest edition")
    places: dict[str, list[str]] = {}  # where in the report -> the source's paragraphs quoted there
    for para, quoted, _ in found:
        places.setdefault(Problem("superseded", para.near, "", "", para.number is not None).where, []).append(
            quoted.locator)
    each = "; ".join(f"{', '.join(locators)} {where}" for where, locators in places.items())
    return _at("superseded", first, f"{len(found)} quotations from {source_id} ({each}): the newest edition of its "
                                    f"series ({newest}) no longer has their text: check that each still holds, or "
                                    f"quote the newest edition")


class _Newest:
    """The newest edition of each source's series, and its paragraphs, looked up once."""

    def __init__(self, index: EvidenceIndex):
        self.index = index
        self.metas = {meta.id: meta for meta, _ in index.sources()}
        self.read: dict[str, tuple] = {}

    def of(self, source_id: str) -> tuple[str, list] | None:
        """(the newest edition's id, its paragraphs) when the source is an older edition, else None."""
        meta = self.metas.get(source_id)
        if meta is None or not meta.series:
            return None
        series = [m for m in self.metas.values() if m.series == meta.series]
        newest = max(series, key=edition_key)
        if newest.id == source_id or edition_key(newest) == edition_key(meta):
            return None
        if newest.id not in self.read:
            self.read[newest.id] = (newest.id, self.index.paragraphs(newest.id))
        return self.read[newest.id]


def _from_older_edition(quote: str, evidence, edition: str, para) -> Problem:
    """The quotation checked against the edition it was drafted from, which is no longer current."""
    where = f"{evidence.source_id}, {evidence.locator}, {edition}"
    if not quotes.is_faithful(quote, evidence.text):
        return _at("altered-quote", para, f"{where}: {_difference(quote, evidence.text)}")
    return _at("changed-source", para, f"quoted verbatim from {where}; the current edition no longer has "
                                       f"this paragraph: check the quotation against the current edition")


def _id_from_mark(mark: str, index: EvidenceIndex) -> str:
    """Without the document property, the bookmark's hash still finds the paragraph."""
    digest = mark.split("_")[1] if mark.count("_") >= 2 else ""
    return index.paragraph_id_by_digest(digest) if digest else ""


def _difference(quote: str, source: str) -> str:
    """The first place the quotation departs from the source, as 'source has … / report has …'."""
    for piece in quotes.pieces(quote):
        if " ".join(piece.split()) in " ".join(source.split()):
            continue
        a, b = source.split(), piece.split()
        if len(a) * len(b) > MAX_DIFF_WORDS ** 2:  # word diff grows with the product of the lengths
            return f"the quotation differs from the source ({len(b)} words against {len(a)}; too long to show where)"
        for tag, a0, a1, b0, b1 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if tag == "equal" or (tag == "delete" and b0 in (0, len(b))):
                continue  # the source text before and after the quoted stretch is not a difference
            cut, whole = " ".join(b[b0:b1]), " ".join(a[a0:a1])
            if tag == "replace" and ((b0 == 0 and whole.endswith(cut)) or (b1 == len(b) and whole.startswith(cut))):
                continue  # a piece that begins or ends inside a word, cut at the source's own [brackets]
            return (f"source has “{' '.join(a[max(0, a0 - 4):a1 + 4])}”, "
                    f"report has “{' '.join(b[max(0, b0 - 4):b1 + 4])}”")
    return "the quoted pieces are out of order"


def _core(entry: str, address: re.Pattern | None) -> str:
    """A bibliography entry up to its address (the style's "available at: URL"), else without its
    closing bracket ("[accessed ...]", or the "[type; date]" note of drafts made before session 5)
    and full stop: what its footnotes begin with. What follows the address is the access date, a
    placeholder the expert may fill in the entry and not in each note."""
    entry = " ".join(entry.split())
    found = address.match(entry) if address else None
    if found:
        return found.group(0)
    return re.sub(r"\.?\s*\[[^\]]*\]\s*$", "", entry).rstrip(". ")


def _patterns(forms) -> tuple[re.Pattern | None, re.Pattern | None]:
    """(an entry up to its address, a short form's note number: OSCOLA's "(n 3)", a US court's
    "supra note 3", a firm's own) from the styles' printed forms."""
    addresses, shorts = forms
    address = re.compile(".*?(?:" + "|".join(re.escape(a) for a in addresses) + r") ?\S+") if addresses else None
    short = re.compile("|".join(re.escape(before) + r"(\d+)" + re.escape(after) for before, after in shorts)) \
        if shorts else None
    return address, short


def _names(short: str, core: str) -> bool:
    """Whether a short form's name ("Dahlin", "“Opening words of the title…”") names this entry;
    a publisher's short form counts when each of its words is in the entry or is an acronym of
    its words ("US State Department" for "United States Department of State", "OHCHR")."""
    pieces = [p.strip(" ,") for p in re.split(r"[“”…]", short) if p.strip(" ,")]
    return bool(pieces) and all(p in core or all(_word_in(w, core) for w in p.split()) for p in pieces)


def _word_in(word: str, core: str) -> bool:
    words = re.findall(r"[\w’'-]+", core)
    if word in words:
        return True
    if not re.fullmatch(r"[A-Z]{2,8}", word):
        return False
    initials = "".join(w[0] for w in words if w[:1].isupper())
    return word in initials


def _citations(report: ReadReport, forms) -> list[Problem]:
    address, short_form = _patterns(forms)
    entries = [p for p in report.paragraphs if p.style == STYLE_BIBLIOGRAPHY and p.text.strip()]
    cores = [_core(e.text, address) for e in entries]
    first: dict[str, int] = {}  # each entry's core, to the first entry that has it
    for i, core in enumerate(cores):
        first.setdefault(core, i)
    first.pop("", None)
    lengths = sorted({len(core) for core in first})  # a footnote starts with a core: try each length once
    cited = set()
    problems = []
    in_order = [note_id for para in report.paragraphs for note_id in para.notes]  # note n is the nth mark

    def entry_of(text: str, depth: int = 0, note_id: int | None = None):
        found = [first[text[:n]] for n in lengths if n <= len(text) and text[:n] in first]
        match = min(found) if found else None
        short = short_form.search(text) if short_form else None
        target = report.note_refs.get(note_id)  # the note its NOTEREF field points at, which Word renumbers
        number = int(next(g for g in short.groups() if g)) if short else 0
        if target is None and short and 0 < number <= len(in_order):
            target = in_order[number - 1]  # no field (retyped): note n is the nth mark
        if match is None and short and depth < 3 and target is not None:
            # a short form, "(n 3)": cited by the entry of the note it points at, if that names the same source
            match = entry_of(report.notes.get(target, ""), depth + 1, target)
            if match is not None and not _names(text[:short.start()], cores[match]):
                return None  # note 3 now cites another source: the full citation was moved or deleted
        return match

    for para in report.paragraphs:
        for note_id in para.notes:
            text = report.notes.get(note_id, "")
            match = entry_of(text, note_id=note_id)
            if match is None:
                problems.append(_at("missing-entry", para, f"footnote {note_id} has no bibliography entry: "
                                                           f"{text[:120]}"))
            else:
                cited.add(match)
    for i, entry in enumerate(entries):
        if i not in cited:
            problems.append(Problem("uncited-entry", None, f"never cited: {entry.text[:120]}", entry.heading, False,
                                    entry.index))
    return problems


def _placeholders(report: ReadReport) -> list[Problem]:
    return [_at("placeholder", para, text) for para in report.paragraphs for text in para.placeholders]
