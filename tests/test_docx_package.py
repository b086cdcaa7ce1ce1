"""The docx package at its seam: a report model written by `docx.writer` reads back through
`docx.reader` as the same paragraphs, numbers, footnotes, placeholders and quotation marks."""

from reportgen.docx import STYLE_NUMBERED, W
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


def test_the_package_is_read_and_saved_as_python_docx_saves_it():
    """docx.package is a thin copy of python-docx's own package layer: the same template opened
    and saved by each gives the same entries, in the same order, with the same bytes (the XML
    parts parsed and written again, relationships and content types written afresh)."""
    import io
    import zipfile

    import docx

    from reportgen.docx.package import Package
    from reportgen.docx.writer import default_template
    saved = io.BytesIO()
    docx.Document(default_template()).save(saved)
    theirs = zipfile.ZipFile(saved)
    ours = zipfile.ZipFile(io.BytesIO(Package.open(default_template()).save("2026-01-02")))
    assert ours.namelist() == theirs.namelist()
    assert all(ours.read(name) == theirs.read(name) for name in theirs.namelist())
    assert {info.date_time for info in ours.infolist()} == {(2026, 1, 2, 9, 0, 0)}  # the same bytes every time


def test_the_shipped_template_is_python_docxs_own():
    """templates/docx/default.docx is python-docx's default document, copied unchanged (its
    README says from which version): a report starts from the same styles either way."""
    import hashlib
    import importlib.util
    from pathlib import Path

    from reportgen.docx.writer import default_template
    installed = Path(importlib.util.find_spec("docx").origin).parent / "templates" / "default.docx"
    shipped = Path(default_template()).read_bytes()
    assert hashlib.sha256(shipped).hexdigest() in (Path(default_template()).parent / "README.md").read_text()
    assert shipped == installed.read_bytes()


# the least a Word processor writes: a document and its styles (LibreOffice's own .docx has no
# numbering part unless it holds a list; Word's has no header part unless it has a header)
_MINIMAL = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
    'package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/'
    'document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    'wordprocessingml.styles+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
    '2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    "word/_rels/document.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
    'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    "word/document.xml": '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.'
    'org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Letterhead</w:t></w:r></w:p></w:body></w:document>',
    "word/styles.xml": '<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="http://schemas.openxmlformats.org/'
    'wordprocessingml/2006/main"><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
    '<w:rPr><w:rFonts w:ascii="Garamond" w:hAnsi="Garamond"/></w:rPr></w:style></w:styles>',
}


def test_a_reference_docx_with_only_a_document_and_its_styles_gets_what_the_report_needs(tmp_path):
    """A firm's reference.docx without numbering, settings, properties, header or footer (as
    LibreOffice writes one without a list): the report adds each, keeps the house Normal, and
    numbers its paragraphs. python-docx could not open one without numbering for writing."""
    import zipfile

    import docx
    reference = tmp_path / "reference.docx"
    with zipfile.ZipFile(reference, "w") as z:
        for name, xml in _MINIMAL.items():
            z.writestr(name, xml)
    report = Report(blocks=(Heading("Risk on return"), Para((Text("Relatives at home are pressured."),
                                                             Note("HRW (2024) para 3.")))),
                    title="Expert report", subject="PA/01234/2026", author="Dr E. Xpert", keywords="uk-tribunal",
                    date="2026-01-02", header="PA/01234/2026", footer="")
    path = tmp_path / "r.docx"
    path.write_bytes(write_docx(report, str(reference)))
    read = read_report(path)
    assert [(p.text, p.number) for p in read.paragraphs if p.style == STYLE_NUMBERED] == [
        ("Relatives at home are pressured.", 1)]
    assert list(read.notes.values()) == ["HRW (2024) para 3."]
    document = docx.Document(str(path))
    assert document.styles["Normal"].font.name == "Garamond"  # the house's, kept
    assert "Letterhead" not in "\n".join(p.text for p in document.paragraphs)
    assert document.sections[0].header.paragraphs[0].text == "PA/01234/2026"
    assert document.core_properties.author == "Dr E. Xpert"


def test_a_reference_docx_that_is_no_word_document_is_refused_by_name(tmp_path):
    from reportgen.docx.package import PackageError
    for name, content in (("notzip.docx", b"not a zip"), ("nodoc.docx", None)):
        bad = tmp_path / name
        if content is None:
            import zipfile
            with zipfile.ZipFile(bad, "w") as z:
                z.writestr("[Content_Types].xml", _MINIMAL["[Content_Types].xml"])
                z.writestr("_rels/.rels", _MINIMAL["_rels/.rels"])  # names a document the zip lacks
        else:
            bad.write_bytes(content)
        report = Report(blocks=(), title="T", subject="S", author="A", keywords="", date="2026-01-02",
                        header="", footer="")
        try:
            write_docx(report, str(bad))
        except PackageError as exc:
            assert name in str(exc) and "Word document" in str(exc)
        else:
            raise AssertionError(f"{name} was accepted")


def _python_docx_settings():
    """Each style setting the writer makes, as (python-docx's setter, the writer's own)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_TAB_ALIGNMENT, WD_TAB_LEADER
    from docx.shared import Cm, Pt, RGBColor

    from reportgen.docx import styling

    def theirs_font(style):
        style.font.size = Pt(10.5)
        style.font.name = "Garamond"
        style.font.color.rgb = RGBColor(0, 0, 0)
        style.font.italic = False
        style.font.bold = True
        style.font.superscript = True
        style.font.highlight_color = WD_COLOR_INDEX.YELLOW

    def theirs_paragraph(style):
        fmt = style.paragraph_format
        fmt.line_spacing = 1.15
        fmt.space_after = Pt(6)
        fmt.keep_with_next = True
        fmt.space_before = Pt(12)
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fmt.left_indent = Cm(2.0)
        fmt.right_indent = Cm(1.0)
        fmt.first_line_indent = Cm(-1.0)
        fmt.keep_together = True

    def theirs_toc(style):
        style.paragraph_format.left_indent = Cm(0.6)
        style.paragraph_format.first_line_indent = Cm(0)
        style.paragraph_format.space_after = Pt(0)
        style.paragraph_format.tab_stops.add_tab_stop(Cm(16.0), WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)

    return (
        (theirs_font, lambda s: styling.font(s, size=10.5, name="Garamond", black=True, italic=False, bold=True,
                                             superscript=True, highlight="yellow")),
        (theirs_paragraph, lambda s: styling.paragraph(s, line=1.15, after=6, keep_with_next=True, before=12,
                                                       align="center", left_cm=2.0, right_cm=1.0,
                                                       first_line_cm=-1.0, keep_together=True)),
        (theirs_toc, lambda s: styling.toc(s, 0.6)),
    )


def test_style_settings_are_the_elements_python_docx_writes():
    """The writer sets styles as python-docx's setters do (the same elements, in the schema's
    order, attributes in the same order), so a report's bytes did not change when it stopped
    using python-docx: checked on every style of python-docx's template, whatever each holds."""
    import copy

    import docx
    from docx.styles.style import StyleFactory
    from lxml import etree

    from reportgen.docx.writer import default_template
    styles = docx.Document(default_template()).styles.element
    checked = 0
    for theirs, ours in _python_docx_settings():
        for element in styles.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}style"):
            if element.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}type") != "paragraph":
                continue
            a, b = copy.deepcopy(element), copy.deepcopy(element)
            theirs(StyleFactory(a))
            ours(b)
            assert etree.tostring(a) == etree.tostring(b), element.get(
                "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}styleId")
            checked += 1
    assert checked > 100


def test_a_style_the_report_adds_is_the_one_python_docx_adds():
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.styles.style import StyleFactory
    from lxml import etree

    from reportgen.docx.package import Package
    from reportgen.docx.writer import _Writer, default_template
    document = docx.Document(default_template())
    package = Package.open(default_template())
    ours = _Writer(package, package.document(), Report(blocks=(), title="", subject="", author="", keywords="",
                                                       date="2026-01-02", header="", footer=""))
    for name, kind, style_id in (("Numbered Paragraph", WD_STYLE_TYPE.PARAGRAPH, None),
                                 ("Footnote Text", WD_STYLE_TYPE.PARAGRAPH, "FootnoteText"),
                                 ("Expert Placeholder", WD_STYLE_TYPE.CHARACTER, None)):
        theirs = StyleFactory(document.styles.element.add_style_of_type(name, kind, False))
        if style_id:
            theirs.element.set("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}styleId", style_id)
        if kind == WD_STYLE_TYPE.PARAGRAPH:
            theirs.base_style = document.styles["Normal"]
        theirs.quick_style = True
        added, fresh = ours._style(name, "paragraph" if kind == WD_STYLE_TYPE.PARAGRAPH else "character", style_id)
        assert fresh and etree.tostring(added) == etree.tostring(theirs.element)


def test_an_earlier_report_as_the_reference_docx_gives_one_of_each_part(tmp_path):
    """A firm may take a report it has filed as its reference.docx: it has footnotes, custom
    properties and numbered styles already. The new report's replace them: a second
    word/footnotes.xml in the zip (as before, when python-docx added its parts beside them) makes
    a file Word calls damaged."""
    import zipfile

    from lxml import etree
    earlier = tmp_path / "reference.docx"
    written(tmp_path)
    (tmp_path / "r.docx").rename(earlier)
    report = Report(blocks=(Para((Text("A new paragraph."), Note("A new note."))),), title="Second report",
                    subject="PA/9", author="Dr E. Xpert", keywords="", date="2026-02-03", header="PA/9", footer="")
    path = tmp_path / "second.docx"
    path.write_bytes(write_docx(report, str(earlier)))
    names = zipfile.ZipFile(path).namelist()
    assert len(names) == len(set(names))
    read = read_report(path)
    assert list(read.notes.values()) == ["A new note."]
    assert not any(name.startswith("RGQ_") for name in read.properties)  # the earlier report's marks are gone
    settings = etree.fromstring(zipfile.ZipFile(path).read("word/settings.xml"))
    assert len(settings.findall(W + "footnotePr")) == 1
    styles = etree.fromstring(zipfile.ZipFile(path).read("word/styles.xml"))
    numbered = [s for s in styles.findall(W + "style") if s.get(W + "styleId") == "NumberedParagraph"]
    assert len(numbered) == 1 and len(numbered[0].findall(f"{W}pPr/{W}numPr")) == 1


def test_the_default_templates_styles_kept_from_an_earlier_draft_give_the_same_bytes(tmp_path, monkeypatch):
    """The default template's styles part (438 KB of XML, the most of writing) is kept, as the
    writer leaves it, for the next draft with the same page settings. The report is the same
    with it, without it, and with a damaged copy of it; other page settings are kept apart."""
    from dataclasses import replace
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    report = Report(blocks=(Heading("Risk on return"), Para((Text("Relatives at home are pressured."),))),
                    title="Expert report", subject="PA/01234/2026", author="Dr E. Xpert", keywords="",
                    date="2026-01-02", header="PA/01234/2026", footer="")
    from reportgen.docx import package
    parsed = []
    monkeypatch.setattr(package, "parse", lambda xml, parse=package.parse: parsed.append(len(xml)) or parse(xml))
    first = write_docx(report)
    (kept,) = (tmp_path / "cache").rglob("*.styles")
    assert max(parsed) > 300_000  # the styles part, parsed and set
    parsed.clear()
    assert write_docx(report) == first
    assert max(parsed) < 100_000  # taken as kept
    damaged = bytearray(kept.read_bytes())
    damaged[len(damaged) // 2] ^= 0xFF
    kept.write_bytes(bytes(damaged))
    assert write_docx(report) == first
    kept.write_bytes(b"")
    assert write_docx(report) == first
    other = replace(report, page=replace(report.page, font="Arial"))
    assert b"Arial" in zipfile_part(write_docx(other), "word/styles.xml")
    assert len(list((tmp_path / "cache").rglob("*.styles"))) == 2


def zipfile_part(data: bytes, name: str) -> bytes:
    import io
    import zipfile
    return zipfile.ZipFile(io.BytesIO(data)).read(name)


def test_a_zip_is_written_byte_for_byte_as_zipfile_writes_it():
    """docx.package writes its zip itself, from data already deflated (so a part the template
    stores is copied): the bytes zipfile.ZipFile.writestr gives for the same entries, whatever
    the name (a non-ASCII one is flagged UTF-8) or the data (empty, small, large)."""
    import io
    import zipfile

    from reportgen.docx.package import Deflated, zipped
    stamp = (2026, 11, 20, 9, 0, 0)
    entries = [("[Content_Types].xml", b"<Types/>"), ("word/empty.xml", b""), ("word/m\u00e9dia.xml", "caf\u00e9".encode()),
               ("word/styles.xml", b"<w:style w:styleId='Normal'/>" * 12_000)]
    expected = io.BytesIO()
    with zipfile.ZipFile(expected, "w", zipfile.ZIP_DEFLATED) as target:
        for name, blob in entries:
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            target.writestr(entry, blob)
    assert zipped([(name, Deflated.of(blob)) for name, blob in entries], stamp) == expected.getvalue()


def test_the_template_parts_kept_as_bytes_are_copied_as_stored_never_inflated(monkeypatch):
    """A draft copies the default template's parts it keeps as bytes (stylesWithEffects.xml: 438
    KB; the theme, the font table) deflated as the template stores them, without inflating them
    and deflating them again; the template stores each as a draft would deflate it, so the
    report's bytes are the same either way."""
    import io
    import zipfile

    from reportgen.docx.package import Deflated, _member_deflated
    from reportgen.docx.writer import default_template
    with zipfile.ZipFile(default_template()) as z, open(default_template(), "rb") as file:
        for info in z.infolist():
            stored, written = _member_deflated(info, file), Deflated.of(z.read(info.filename))
            assert (stored.crc, stored.size, stored.data) == (written.crc, written.size, written.data), info.filename
    inflated = []
    monkeypatch.setattr(zipfile.ZipFile, "read", lambda self, name, read=zipfile.ZipFile.read: inflated.append(name)
                        or read(self, name))
    report = Report(blocks=(Para((Text("One paragraph."),)),), title="Expert report", subject="", author="",
                    keywords="", date="2026-01-02", header="", footer="")
    saved = zipfile.ZipFile(io.BytesIO(write_docx(report)))
    kept = {"word/stylesWithEffects.xml", "word/theme/theme1.xml", "word/fontTable.xml", "word/webSettings.xml"}
    assert kept <= set(saved.namelist()) and not kept & set(inflated)
    with zipfile.ZipFile(default_template()) as z:
        assert all(saved.read(name) == z.read(name) for name in kept)
