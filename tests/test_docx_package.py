"""The docx package at its seam: a report model written by `docx.writer` reads back through
`docx.reader` as the same paragraphs, numbers, footnotes, placeholders and quotation marks."""

from reportgen.docx import STYLE_NUMBERED
from reportgen.docx.reader import quote_marks, read_report
from reportgen.docx.writer import write_docx
from reportgen.report.model import Heading, Note, NoteRef, Para, Placeholder, Quote, Report, Text

QUOTED = "Police questioned the relatives of activists abroad and warned them to bring them home."


def written(tmp_path):
    first = Note("Human Rights Watch, Returnees (2024) para 3.", bookmark="rg_note_hrw")
    blocks = (
        Heading("Risk on return"),
        Para((Text("Relatives at home are pressured."), first)),
        Quote(QUOTED, Note("Human Rights Watch, Returnees (2024) para 4."), "hrw-returnees:1a2b3c4d5e"),
        Para((Text("The same report says more."),
              Note("short", parts=("Human Rights Watch (n ", NoteRef("rg_note_hrw"), ") para 5.")))),
        Para((Placeholder("Expert: your opinion on the risk"),)),
    )
    report = Report(blocks=blocks, title="Expert report", subject="PA/01234/2026", author="Dr E. Xpert",
                    keywords="uk-tribunal; China", date="2026-01-02", header="PA/01234/2026", footer="")
    path = tmp_path / "r.docx"
    path.write_bytes(write_docx(report))
    return read_report(path)


def test_numbered_paragraphs_come_back_in_order_with_their_word_numbers(tmp_path):
    read = written(tmp_path)
    numbered = [p for p in read.paragraphs if p.style == STYLE_NUMBERED]
    assert [p.text for p in numbered][:2] == ["Relatives at home are pressured.", "The same report says more."]
    assert [p.number for p in numbered][:2] == [1, 2]


def test_footnotes_and_a_short_form_pointing_back_at_the_first(tmp_path):
    read = written(tmp_path)
    texts = list(read.notes.values())
    assert "Human Rights Watch, Returnees (2024) para 3." in texts
    assert "Human Rights Watch, Returnees (2024) para 4." in texts
    short = next(n for n, t in read.notes.items() if t.startswith("Human Rights Watch (n "))
    first = next(n for n, t in read.notes.items() if t.endswith("para 3."))
    assert read.note_refs[short] == first  # the (n 1) field points at the note it names


def test_a_quotation_carries_its_mark_and_the_evidence_it_quotes(tmp_path):
    read = written(tmp_path)
    quote = next(p for p in read.paragraphs if p.text == QUOTED)
    (mark,) = quote_marks(quote)
    assert read.properties[mark] == "hrw-returnees:1a2b3c4d5e"
    assert quote.notes  # cited by its own footnote


def test_placeholders_read_back_as_placeholders(tmp_path):
    read = written(tmp_path)
    assert any("Expert: your opinion on the risk" in p.placeholders[0] for p in read.paragraphs if p.placeholders)


def test_the_report_names_reportgen_and_other_documents_keep_their_own_properties(tmp_path):
    """The report's app.xml names the program that wrote it; writing one does not change how
    python-docx writes any other document in the same process."""
    import io
    import zipfile

    import docx
    written(tmp_path)
    assert b"<Application>reportgen</Application>" in zipfile.ZipFile(tmp_path / "r.docx").read("docProps/app.xml")
    other = io.BytesIO()
    docx.Document().save(other)
    assert b"reportgen" not in zipfile.ZipFile(other).read("docProps/app.xml")


def test_the_package_is_written_as_python_docx_itself_saves_it():
    """docx.writer zips python-docx's parts itself, through python-docx's private PackageWriter
    (its range is pinned in setup.cfg): parts, order and bytes must be what document.save writes,
    else an upgrade changed that API and the writer must follow it."""
    import io
    import zipfile

    import docx

    from reportgen.docx.writer import _reproducible
    document = docx.Document()
    document.add_paragraph("Relatives at home are pressured.")
    saved = io.BytesIO()
    document.save(saved)
    ours = zipfile.ZipFile(io.BytesIO(_reproducible(document, "2026-01-02")))
    theirs = zipfile.ZipFile(saved)
    assert ours.namelist() == theirs.namelist()
    assert all(ours.read(name) == theirs.read(name) for name in theirs.namelist())
    assert {info.date_time for info in ours.infolist()} == {(2026, 1, 2, 9, 0, 0)}  # the same bytes every time
