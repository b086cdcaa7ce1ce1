"""The PDF reader on the real corpus PDFs, read in place: a two-column CRS In Focus primer and a
48-page OHCHR assessment with numbered paragraphs and footnotes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from corpus import read_corpus

KNOWN = yaml.safe_load((Path(__file__).parent / "data" / "pdf" / "corpus-paragraphs.yaml").read_text("utf-8"))
SANE = {"crs-IF10281.pdf": (12, 30), "ohchr-xinjiang-assessment-2022.pdf": (150, 260)}


def evidence(name: str):
    return read_corpus(name)


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_known_paragraphs_whole_verbatim_and_located(name):
    _, paragraphs = evidence(name)
    low, high = SANE[name]
    assert low <= len(paragraphs) <= high
    for known in KNOWN[name]:
        found = [p for p in paragraphs if p.text.startswith(known["opens"]) and p.text.endswith(known["ends"])]
        assert len(found) == 1, known["opens"]
        (paragraph,) = found
        assert paragraph.page == known["page"]
        if "marker" in known:  # the document's own number and the page it prints
            assert paragraph.locator == f"{known['marker']}, p. {known['printed']}"
        else:  # the primer prints no page numbers: the PDF's page, and the place on it
            assert paragraph.locator.startswith(f"p. {known['page']}, para ")


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_no_footnote_paragraphs_and_no_footnote_numbers_in_text(name):
    extracted, paragraphs = evidence(name)
    notes = {note.split(" ", 1)[1] for block in extracted.blocks for note in block.notes}
    for paragraph in paragraphs:
        assert paragraph.text not in notes
        assert not paragraph.text.startswith(("Supra", "Ibid", "See ")), paragraph.text[:60]
        assert not re.search(r"[a-z]{3}[.,;:”’)]\d{1,3}\b", paragraph.text), paragraph.text[:60]  # "returned.29"


def test_ohchr_footnotes_belong_to_the_paragraphs_that_cite_them():
    extracted, paragraphs = evidence("ohchr-xinjiang-assessment-2022.pdf")
    first = next(p for p in paragraphs if p.marker == "para 1")
    assert [n.split(" ")[0] for n in first.notes] == ["1", "2", "3"]
    assert first.notes[0].startswith("1 In addition to Uyghurs, this refers to ethnic Kazakhs, Kyrgyz, Uzbeks")
    numbered = [p.marker for p in paragraphs if p.marker and not p.marker.endswith("(continued)")]
    assert numbered == [f"para {n}" for n in range(1, len(numbered) + 1)] and len(numbered) >= 150
    para_135 = next(p for p in paragraphs if p.marker == "para 135")
    assert para_135.heading == "VII. Family separation and reprisals > A. Family separations and enforced disappearances"


def test_headings_are_real_headings():
    extracted, _ = evidence("ohchr-xinjiang-assessment-2022.pdf")
    headings = [b.text for b in extracted.blocks if b.heading]
    assert "IV. Imprisonment and other forms of deprivation of liberty" in headings
    assert "III. China’s legal and policy framework on countering terrorism and “extremism”" in headings
    assert not [h for h in headings if not re.search(r"[^\W\d_]{3}", h)]  # chart axes and labels
    crs, _ = evidence("crs-IF10281.pdf")
    crs_headings = [b.text for b in crs.blocks if b.heading]
    assert crs_headings[:4] == ["China Primer: Uyghurs", "Forced Assimilation", "Mass Internment", "Forced Labor"]
    assert not any("Sources: CRS" in b.text for b in crs.blocks)  # the map's source line


def test_metadata_as_the_documents_state_it():
    crs, _ = evidence("crs-IF10281.pdf")
    # "Updated September 22, 2023" under the title: an update, never the publication date (issue 21)
    assert crs.meta == {"title": "China Primer: Uyghurs", "updated": "2023-09-22"}
    ohchr, _ = evidence("ohchr-xinjiang-assessment-2022.pdf")
    # the properties say "xxxxxx" and the typesetting unit "IDPS": neither is the document's word;
    # the cover prints "31 August 2022"
    assert ohchr.meta == {"title": "OHCHR Assessment of human rights concerns in the Xinjiang Uyghur "
                                   "Autonomous Region, People’s Republic of China", "published": "2022-08-31"}
