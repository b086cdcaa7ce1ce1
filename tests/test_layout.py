"""Layout as Word stores it: a real TOC field with the contents cached, keep-with-next from each
issue's heading through its facts line, the signature block kept together, an unbreakable A-number,
and the US cover page fields."""

from __future__ import annotations

import re

from conftest import UK, US
from docxread import open_docx, parts
from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def body(path):
    return etree.fromstring(parts(path)["word/document.xml"]).find(f"{W}body")


def text(p) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def keeps(p) -> bool:
    return p.find(f"{W}pPr/{W}keepNext") is not None


def test_the_contents_is_a_toc_field_whose_cached_result_lists_the_headings(made):
    out, _ = made(UK)
    paragraphs = list(body(out).iter(f"{W}p"))
    codes = [" ".join(i.text.split()) for i in body(out).iter(f"{W}instrText")]
    assert sum(c.startswith("TOC ") for c in codes) == 1
    start = next(i for i, p in enumerate(paragraphs) if any((t.text or "").strip().startswith("TOC ")
                                                            for t in p.iter(f"{W}instrText")))
    end = next(i for i in range(start, len(paragraphs))
               if [f.get(f"{W}fldCharType") for f in paragraphs[i].iter(f"{W}fldChar")].count("end")
               > [f.get(f"{W}fldCharType") for f in paragraphs[i].iter(f"{W}fldChar")].count("begin") - (i == start))
    cached = [text(p) for p in paragraphs[start:end + 1]]
    headings = [p.text for p in open_docx(out).paragraphs if p.style.name in ("Heading 1", "Heading 2")]
    heading1 = [p.text for p in open_docx(out).paragraphs if p.style.name == "Heading 1"]
    assert [c.rstrip("0123456789") for c in cached] == [h for h in headings if h in heading1]
    assert all(c[-1].isdigit() for c in cached)  # each entry's page, cached in its PAGEREF field
    links = [h.get(f"{W}anchor") for p in paragraphs[start:end + 1] for h in p.iter(f"{W}hyperlink")]
    assert all(a and a.startswith("_Toc") for a in links) and len(links) == len(cached)


def test_each_issue_heading_keeps_with_its_facts_line_and_the_evidence(made):
    out, _ = made(UK)
    paragraphs = list(body(out).iter(f"{W}p"))
    facts = [i for i, p in enumerate(paragraphs) if text(p).startswith("The facts I am asked to assume")]
    assert len(facts) >= 2
    for i in facts:
        assert keeps(paragraphs[i - 1]) and keeps(paragraphs[i]), text(paragraphs[i])  # heading, facts line


def test_the_signature_block_is_kept_together(made):
    out, _ = made(US)
    doc = open_docx(out)
    paragraphs = doc.paragraphs
    sig = [i for i, p in enumerate(paragraphs) if p.style.name == "Signature Line"]
    assert sig
    first = sig[0]
    assert "I declare under penalty of perjury" in paragraphs[first - 1].text
    for i in range(first - 1, sig[-1]):  # the declaration and each line but the last keep with the next
        if paragraphs[i + 1].style.name == "Signature Line":
            assert paragraphs[i].paragraph_format.keep_with_next, paragraphs[i].text


def test_the_a_number_never_breaks_and_the_cover_page_has_the_hearing(made, tmp_path):
    out, _ = made(US)
    xml = parts(out)["word/document.xml"].decode()
    assert "A-123-456-789" not in xml  # every hyphen of it is Word's non-breaking hyphen
    assert "<w:t xml:space=\"preserve\">File No.: A</w:t><w:noBreakHyphen/>" in xml
    caption = [p.text for p in open_docx(out).paragraphs[:20]]
    assert "Immigration Judge: Jane Example · Next hearing: 15 February 2027 at 9:00 a.m." in caption
    assert any("File No.: A-123-456-789" == p for p in caption)  # read back with its hyphens
    bare = tmp_path / "us-bare.yaml"
    bare.write_text(US.read_text().replace("  judge: Jane Example\n", "").replace("  hearing_date: 2027-02-15\n", "")
                    .replace("  hearing_time: 9:00 a.m.\n", ""))
    caption = [p.text for p in open_docx(made(bare)[0]).paragraphs[:20]]
    assert "Immigration Judge: [name of the immigration judge] · Next hearing: [date] at [time]" in caption
    paragraphs = open_docx(made(US, "schedule")[0]).paragraphs
    schedule = " ".join(p.text for p in paragraphs)
    assert "PROOF OF SERVICE" in schedule and "Office of the Principal Legal Advisor" in schedule
    proof = next(i for i, p in enumerate(paragraphs) if p.text == "PROOF OF SERVICE")
    assert all(p.paragraph_format.keep_with_next for p in paragraphs[proof:-1])  # kept together


def test_the_us_filings_agree_on_dates_and_leave_the_filer_block_to_the_filer(made):
    """The declaration is dated where it is executed ("Executed on [date]"): neither its cover nor
    the exhibit index filed with it gives it an earlier date (the case's report date is when the
    draft was made). Each cover opens with the EOIR filer's block: the representative's name, EOIR
    ID and contacts as placeholders (the case file records only who instructs), never invented."""
    from docxread import placeholder_runs
    for kind in ("draft", "schedule"):
        out, _ = made(US, kind)
        doc = open_docx(out)
        paragraphs = [p.text for p in doc.paragraphs]
        whole = " ".join(paragraphs)
        assert "20 November 2026" not in whole and "2026-11-20" not in whole, kind  # the case's report_date
        head = paragraphs[:3]
        assert head[0] == "[Name of the attorney or accredited representative] · EOIR ID: [EOIR ID number]", head
        assert head[1].startswith("Example Immigration Law PLLC · [address]"), head  # the case's instructed_by
        assert head[2] == "[Attorney or Representative] for the Respondent", head
        marks = " ".join(placeholder_runs(doc))
        assert "EOIR ID number" in marks and "Name of the attorney" in marks  # highlighted, left to fill
        assert paragraphs.index(head[2]) < next(i for i, p in enumerate(paragraphs) if "UNITED STATES" in p)
    assert "Executed on [date]" in " ".join(p.text for p in open_docx(made(US)[0]).paragraphs)
    index = " ".join(p.text for p in open_docx(made(US, "schedule")[0]).paragraphs)
    assert re.search(r"filed with the declaration of [^·]+ executed on \[the date the declaration is signed\]", index)
