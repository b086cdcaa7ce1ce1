"""A web page's paragraphs are cited so that a judge opening the page can find them, and what the
expert must still record (the date a page was read) is a highlighted placeholder wherever a
citation is printed: footnotes, bibliography, schedule."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import lxml.html
from conftest import UK, US
from docxread import footnotes, note_refs, open_docx, placeholder_runs

from reportgen.docx.reader import read_report

# "section 2.d “Freedom of Movement …”, para 4" (or a section named whole when its levels are not numbered)
WEB_LOCATOR = re.compile(r"section (?:[\w.]+ )?“([^”]+)”, para (\d+)[ .]")


def _blocks_under(page: Path, heading: str) -> list[str]:
    """The paragraphs and list items a reader sees under the page's heading `heading` (its last
    level, without its number or letter), read from the HTML itself, not by reportgen."""
    root = lxml.html.parse(str(page)).getroot()
    bare = lambda text: re.sub(r"^(\w{1,3}\.|Section \d+\.)\s+", "", text)  # noqa: E731
    last = bare(heading.split(" > ")[-1])
    found, blocks = False, []
    for el in root.iter("h1", "h2", "h3", "h4", "h5", "h6", "p", "li"):
        text = " ".join(el.text_content().split())
        if el.tag.startswith("h"):
            if found and text:
                break
            found = found or bare(text) == last
        elif found and text and not el.xpath(".//p|.//li"):
            blocks.append(text)
    return blocks


def test_a_web_pages_paragraph_is_cited_by_its_section_and_its_place_there(made):
    """Each quotation from a web page (the State Department's reports number neither paragraphs nor
    pages) is cited by its section and its place under the section's heading, and that paragraph
    of the page, counted from the heading, holds the quoted text. The method section says how."""
    sources = Path(__file__).resolve().parent.parent / "evidence" / "sources"
    checked = 0
    for case in (UK, US):
        path, _ = made(case)
        doc = open_docx(path)
        notes = footnotes(path)
        assert "counting each paragraph and list item from the heading" in "\n".join(p.text for p in doc.paragraphs)
        for p in doc.paragraphs:
            if p.style.name != "Quote" or not note_refs(p):
                continue
            note = notes[note_refs(p)[0]]
            year = re.search(r"(\d{4}) Country Reports", note)
            if not year:
                continue
            located = WEB_LOCATOR.search(note)
            assert located, note  # never "para 218" of the whole page
            blocks = _blocks_under(sources / f"usdos-china-{year.group(1)}.html", located.group(1))
            n = int(located.group(2))
            assert 0 < n <= len(blocks), (note, len(blocks))
            quoted = max(p.text.split("[…]"), key=len).strip()
            assert " ".join(quoted.split()) in blocks[n - 1], (note, blocks[n - 1][:120])
            checked += 1
    assert checked > 10


def test_the_us_index_gives_the_section_with_each_paragraph(made):
    path, _ = made(US, "schedule")
    table = open_docx(path).tables[0]
    relied = [row.cells[2].text for row in table.rows[1:]]
    assert relied and all(re.search(r"section (?:[\w.]+ )?“[^”]+”, para \d+", cell) for cell in relied), relied


def test_an_access_date_not_recorded_is_a_placeholder_wherever_a_citation_is_printed(made):
    """"[date accessed not recorded]" read as plain text is an admission that a source was never
    checked: it is the expert's to fill in, highlighted like every other placeholder."""
    for case in (UK, US):
        path, _ = made(case)
        doc = open_docx(path)
        entries = [p for p in doc.paragraphs if p.style.name == "Bibliography Entry"]
        unrecorded = [p for p in entries if "date accessed not recorded" in p.text]
        assert unrecorded
        assert placeholder_runs(doc).count("[date accessed not recorded]") >= len(unrecorded)
        notes = read_report(path).notes
        marked = [n for n in notes.values() if "date accessed not recorded" in n]
        assert marked
        with zipfile.ZipFile(path) as z:
            xml = z.read("word/footnotes.xml").decode()
        highlighted = re.findall(r'<w:highlight w:val="yellow"/></w:rPr><w:t[^>]*>\[date accessed not recorded\]', xml)
        assert len(highlighted) == len(marked)
    path, _ = made(UK, "schedule")
    doc = open_docx(path)
    assert "[date accessed not recorded]" in placeholder_runs(doc)
