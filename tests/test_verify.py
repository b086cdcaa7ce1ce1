"""`reportgen verify`: an edited report is checked against the library, also after LibreOffice saves it."""

import pytest
from conftest import UK
from docxread import open_docx, soffice


@pytest.fixture
def drafted(run, library, tmp_path):
    out = tmp_path / "report.docx"
    assert run("--evidence", library, "draft", UK, "-o", out).code == 0
    return out


def problems(run, library, path, superseded=False):
    """The problems verify finds; without `superseded`, less the quotations whose text the
    newest edition of their series no longer has (the shipped library's older State Department
    editions give some in any fresh draft: tested on their own below)."""
    result = run("--evidence", library, "verify", path, "--json")
    assert result.code in (0, 1), result.err
    found = result.json()["problems"]
    assert result.code == (1 if found else 0)
    return [p for p in found if superseded or p["kind"] != "superseded"]


def edit(path, alter=True, delete=True, fill_all_but_one=True, drop_entry=False, extra_entry=False):
    """Edit the report as an expert would in Word."""
    doc = open_docx(path)
    quotes = [p for p in doc.paragraphs if p.style.name == "Quote"]
    altered = None
    if alter:
        altered, run = next((q, r) for q in quotes for r in q.runs if " the " in r.text)
        run.text = run.text.replace(" the ", " THE ", 1)
    if delete:  # a quotation cited in short form: the full citation it refers to stays
        from docxread import footnotes, note_refs
        notes = footnotes(path)
        short = next(q for q in quotes[1:] if q is not altered and "(n " in notes[note_refs(q)[0]])
        for run in short.runs:
            run.text = ""
    if fill_all_but_one:
        marks = [r for p in doc.paragraphs for r in p.runs if r.style is not None and r.style.name == "Expert Placeholder"]
        for r in marks[1:]:
            r.text = "The expert's own words."
    entries = [p for p in doc.paragraphs if p.style.name == "Bibliography Entry"]
    if drop_entry:
        entries[0]._p.getparent().remove(entries[0]._p)
    if extra_entry:
        entries[-1].insert_paragraph_before("Nobody, “A Report Never Cited”, n.d., URL unknown. [news; undated]",
                                            style="Bibliography Entry")
    doc.save(path)
    if delete:
        _drop_orphan_notes(path)
    return quotes


def _drop_orphan_notes(path):
    """Word deletes a footnote with its mark; python-docx leaves the footnote behind, and LibreOffice
    then pairs marks with footnotes by position, shifting every later footnote's text."""
    import re
    import zipfile
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    body = next(data for i, data in items if i.filename == "word/document.xml").decode()
    used = set(re.findall(r'<w:footnoteReference w:id="(\d+)"', body))

    def keep(m):
        return m.group(0) if m.group(1) in used or m.group(2) else ""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            if info.filename == "word/footnotes.xml":
                data = re.sub(r'<w:footnote (?=[^>]*w:id="(-?\d+)")(?:(?=[^>]*w:type="(\w+)"))?[^>]*>.*?</w:footnote>',
                              keep, data.decode(), flags=re.S).encode()
            z.writestr(info, data)


def test_a_short_form_whose_full_citation_was_deleted_is_reported(run, library, drafted):
    from docxread import footnotes, note_refs
    doc = open_docx(drafted)
    notes = footnotes(drafted)
    quotes = [p for p in doc.paragraphs if p.style.name == "Quote"]
    full = next(q for q in quotes if "(n " not in notes[note_refs(q)[0]]
                and any(f"(n {note_refs(q)[0]})" in n for n in notes.values()))
    full._p.getparent().remove(full._p)  # the expert deletes the quotation that cited a source in full
    doc.save(drafted)
    kinds = {p["kind"] for p in problems(run, library, drafted)}
    assert "missing-entry" in kinds or "uncited-entry" in kinds


def test_a_fresh_draft_reports_its_placeholders_and_nothing_else(run, library, drafted):
    found = problems(run, library, drafted)
    assert found and {p["kind"] for p in found} == {"placeholder"}
    assert all(isinstance(p["paragraph"], int) for p in found)


def test_altered_quote_deleted_quote_and_one_placeholder(run, library, drafted):
    edit(drafted)
    found = problems(run, library, drafted)
    kinds = sorted(p["kind"] for p in found)
    assert kinds == ["altered-quote", "placeholder"], found
    altered = next(p for p in found if p["kind"] == "altered-quote")
    assert "THE" in altered["detail"] and "the" in altered["detail"]
    assert altered["paragraph"] > 10


def test_changed_and_missing_sources(run, library, drafted):
    edit(drafted, alter=False, delete=False)
    # change the text of one quoted source paragraph, and remove another source entirely
    matched = run("--evidence", library, "match", UK, "--json").json()
    quoted = [e for f in matched["factors"] for e in (*f["evidence"], *f.get("contrary", []))]
    files = {e["source"]: next(f for f in (library / "sources").glob(f"{e['source']}.*")
                               if not f.name.endswith(".meta.yaml")) for e in quoted}
    # a paragraph whose text stands verbatim in its file (not split by markup), to change in place
    changed = next(e for e in quoted if e["text"] in files[e["source"]].read_text(encoding="utf-8"))
    gone = next(e["source"] for e in quoted if e["source"] != changed["source"])
    path = files[changed["source"]]
    first = changed["text"].split(" ")[0]
    path.write_text(path.read_text(encoding="utf-8").replace(changed["text"], changed["text"].replace(
        first, first + " indeed", 1)), encoding="utf-8")
    for f in (library / "sources").glob(f"{gone}.*"):
        f.unlink()
    found = problems(run, library, drafted)
    kinds = {p["kind"] for p in found}
    assert {"changed-source", "missing-source", "placeholder"} == kinds, found
    assert any(changed["source"] in p["detail"] for p in found if p["kind"] == "changed-source")
    # the report recorded each quoted source's sha256: the changed file is named as changed
    assert any(p["detail"].startswith(f"{changed['source']} has changed since the report was drafted")
               for p in found)


def test_recorded_digests_are_the_files_own(run, library, drafted):
    """The sha256 a draft records of each quoted source (read from the index, not hashed again
    at each draft) is the sha256 of the source file as it is."""
    import hashlib
    import zipfile

    from lxml import etree
    with zipfile.ZipFile(drafted) as z:
        custom = etree.fromstring(z.read("docProps/custom.xml"))
    recorded = {p.get("name")[len("reportgen.source."):]: "".join(p.itertext()) for p in custom
                if p.get("name").startswith("reportgen.source.")}
    assert recorded
    for sid, digest in recorded.items():
        path = next(f for f in (library / "sources").glob(f"{sid}.*") if not f.name.endswith(".meta.yaml"))
        assert digest == hashlib.sha256(path.read_bytes()).hexdigest(), sid


def test_footnote_without_entry_and_entry_never_cited(run, library, drafted):
    edit(drafted, alter=False, delete=False, drop_entry=True, extra_entry=True)
    kinds = [p["kind"] for p in problems(run, library, drafted)]
    assert "missing-entry" in kinds and kinds.count("uncited-entry") == 1


def test_bad_input_exits_2(run, library, tmp_path):
    not_docx = tmp_path / "x.docx"
    not_docx.write_text("plain text")
    result = run("--evidence", library, "verify", not_docx)
    assert result.code == 2 and "not a readable Word document" in result.err
    assert run("--evidence", library, "verify", tmp_path / "missing.docx").code == 2


@pytest.mark.skipif(not soffice(), reason="LibreOffice not installed")
def test_the_same_after_a_libreoffice_round_trip(run, library, drafted, tmp_path):
    import subprocess
    edit(drafted)
    outdir = tmp_path / "saved"
    outdir.mkdir()
    subprocess.run([soffice(), "--headless", "--norestore", "--convert-to", "docx:MS Word 2007 XML",
                    "--outdir", str(outdir), str(drafted)], check=True, capture_output=True, timeout=240,
                   env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin:/usr/local/bin"})
    saved = outdir / "report.docx"
    before = sorted((p["kind"], p["paragraph"]) for p in problems(run, library, drafted))
    after = sorted((p["kind"], p["paragraph"]) for p in problems(run, library, saved))
    assert after == before
    assert sorted(k for k, _ in after) == ["altered-quote", "placeholder"]


def test_drafts_are_byte_identical(run, library, tmp_path):
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    assert run("--evidence", library, "draft", UK, "-o", first).code == 0
    assert run("--evidence", library, "draft", UK, "-o", second).code == 0
    assert first.read_bytes() == second.read_bytes()


def test_problems_are_listed_in_document_order_title_page_first(run, library, drafted):
    found = problems(run, library, drafted)
    assert [p["index"] for p in found] == sorted(p["index"] for p in found)
    assert [p["paragraph"] for p in found] == sorted(p["paragraph"] for p in found)
    assert found[0]["paragraph"] == 0  # the title page's placeholder (the anonymised designation)
    text = run("--evidence", library, "verify", drafted).out
    assert text.splitlines()[0].startswith("title page: placeholder")


def test_positions_are_real_past_the_last_numbered_paragraph(run, library, drafted):
    """A placeholder in the statement of truth or an appendix is reported under its heading,
    after the last numbered paragraph, not 'at' that paragraph."""
    found = problems(run, library, drafted)
    last = max(p["paragraph"] for p in found)
    tail = [p for p in found if p["paragraph"] == last]
    assert {p["heading"] for p in tail} >= {"Statement of truth", "Appendix 1: Documents reviewed"}, tail
    assert all(p["where"] == f"after paragraph {last}, under “{p['heading']}”" for p in tail)
    text = run("--evidence", library, "verify", drafted).out
    assert f"after paragraph {last}, under “Statement of truth”: placeholder: [signature]" in text


def test_verify_finds_the_library_the_report_records(run, library, drafted, tmp_path, monkeypatch):
    """Without --evidence, in a folder with no library, the report's recorded library is used."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    with_evidence = run("--evidence", library, "verify", drafted, "--json").json()["problems"]
    without = run("verify", drafted, "--json")
    assert without.code == 1, without.err
    assert without.json()["problems"] == with_evidence
    assert {p["kind"] for p in with_evidence} <= {"placeholder", "superseded"}


def test_a_quote_gone_from_the_newest_edition_of_its_series_is_superseded(run, library, drafted):
    before = problems(run, library, drafted, superseded=True)
    from reportgen.docx.reader import read_report
    props = read_report(drafted).properties
    series = [k for k, v in props.items() if k.startswith("RGQ_") and v.startswith("usdos-china-")]
    assert series, "the UK example quotes the State Department's China reports"
    (library / "sources" / "usdos-china-2030.txt").write_text(
        "---\nid: usdos-china-2030\ntitle: '2030 Country Reports on Human Rights Practices: China'\n"
        "author: unknown\npublisher: United States Department of State\npublished: unknown\nurl: unknown\n"
        "accessed: unknown\ncountry: [CN]\nsource_type: government\nlanguage: en\n"
        "series: usdos-country-reports-china\nedition: '2030'\n---\n"
        "A new edition that shares no sentence with the earlier ones, written for this test alone.\n",
        encoding="utf-8")
    after = problems(run, library, drafted, superseded=True)
    superseded = [p for p in after if p["kind"] == "superseded"]
    editions = {props[k].split(":")[0] for k in series}
    # one line per edition quoted, naming each of its quotations, not one line per quotation
    assert len(superseded) == len(editions) < len(series)
    assert len([p for p in before if p["kind"] == "superseded"]) <= len(superseded)
    import re
    counts = [int(re.match(r"(\d+) quotations from ", p["detail"]).group(1)) if p["detail"][0].isdigit() else 1
              for p in superseded]
    assert sum(counts) == len(series)
    assert all(p["detail"].count("para ") == n for p, n in zip(superseded, counts))
    assert all(re.search(r"\(usdos-china-2030\) no longer has (this|their) text", p["detail"]) for p in superseded)
    assert {re.search(r"usdos-china-\d{4}", p["detail"]).group(0) for p in superseded} == editions


def test_an_edition_added_without_series_supersedes_as_matching_sees_it(run, library, drafted):
    """An edition recognised by its publisher and title alone (no --series) is in its series for
    verify as for matching: a quotation its text no longer holds is named as superseded."""
    (library / "sources" / "usdos-china-2030.txt").write_text(
        "---\nid: usdos-china-2030\ntitle: '2030 Country Reports on Human Rights Practices: China (Includes Hong Kong, "
        "Macau, and Tibet)'\nauthor: unknown\npublisher: United States Department of State\npublished: unknown\n"
        "url: unknown\naccessed: unknown\ncountry: [CN]\nsource_type: government\nlanguage: en\n---\n"
        "A new edition that shares no sentence with the earlier ones, written for this test alone.\n",
        encoding="utf-8")
    superseded = [p for p in problems(run, library, drafted, superseded=True) if p["kind"] == "superseded"]
    assert superseded and all("(usdos-china-2030) no longer has" in p["detail"] for p in superseded)


def test_a_firm_citation_style_with_its_own_wording_verifies(run, library, tmp_path):
    """verify reads citations back in the forms the styles print (an address's "online at:", a
    short note's "(see note 3)"), not in the shipped style's words alone: a firm's style verifies,
    and a short note whose full citation is gone is still found."""
    from docxread import footnotes, note_refs

    from reportgen.library.folder import packaged_path
    templates = tmp_path / "firm"
    (templates / "citations").mkdir(parents=True)
    shipped = (packaged_path("templates") / "citations" / "coi.yaml").read_text(encoding="utf-8")
    firm = shipped.replace("available at: {{ url }}", "online at: {{ url }}").replace("(n {{ note }})",
                                                                                     "(see note {{ note }})")
    assert firm.count("online at:") == 1 and firm.count("(see note {{ note }})") == 1
    (templates / "citations" / "coi.yaml").write_text(firm, encoding="utf-8")
    out = tmp_path / "firm.docx"
    assert run("--evidence", library, "--templates", templates, "draft", UK, "-o", out).code == 0
    notes = footnotes(out)
    assert any("(see note " in n for n in notes.values()) and any("online at: " in n for n in notes.values())

    def found(path):
        result = run("--evidence", library, "--templates", templates, "verify", path, "--json")
        assert result.code in (0, 1), result.err
        return {p["kind"] for p in result.json()["problems"]} - {"superseded"}
    assert found(out) == {"placeholder"}
    doc = open_docx(out)
    quotes = [p for p in doc.paragraphs if p.style.name == "Quote"]
    full = next(q for q in quotes if "(see note " not in notes[note_refs(q)[0]]
                and any(f"(see note {note_refs(q)[0]})" in n for n in notes.values()))
    full._p.getparent().remove(full._p)  # the quotation that cited a source in full is deleted
    doc.save(out)
    assert found(out) & {"missing-entry", "uncited-entry"}
