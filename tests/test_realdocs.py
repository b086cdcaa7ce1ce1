"""Issue 21's rules on real documents whose licence lets the project ship them (US Government
works, CC-BY-SA sample files: bench/realdocs/SOURCES.md says where each came from). Each test
names the rule and the text it once lost."""

import hashlib
from pathlib import Path

import pytest

from reportgen.errors import SourceError
from reportgen.library.reading.readers import read_structured

pytest.importorskip("pypdfium2")

DATA = Path(__file__).parent / "data" / "realdocs"
SHA = {"us-federal-register-2020-17221.pdf": "ac419e4e084ea7a7", "us-icdar-001-census-disability.pdf": "294a46dab2f06a99",
       "us-icdar-010-open-government.pdf": "8494d067a27d28ed", "us-icdar-020-pirls-2011.pdf": "d884d32bd2a1d620",
       "pypdf-latex-two-column.pdf": "bdb495e95b3e1afa", "pypdf-image-only.pdf": "0f2076573bfed110"}


def read(name):
    path = DATA / name
    assert hashlib.sha256(path.read_bytes()).hexdigest().startswith(SHA[name])
    return read_structured(path)


def body(extracted):
    return [b.text for b in extracted.blocks if not b.heading]


def test_gazette_in_three_columns_keeps_its_regulation_and_its_dates():
    """Federal Register: the regulation (pages 7 to 14) is set a point smaller than the preamble
    and was dropped as 'tiny labels'; accents drawn apart ('Ageˆncia'); a margin stamp set
    sideways; the issue date printed on page 1."""
    got = read("us-federal-register-2020-17221.pdf")
    assert {7, 9, 10, 11, 12, 13, 14} <= {b.page for b in got.blocks}
    assert any("Agência Nacional de Aviação Civil (ANAC) Brazil" in t for t in body(got))
    assert ("jbell on DSKJLSW7X2PROD with PROPOSALS", "text set sideways in the margin") in got.set_aside
    assert any(t.endswith("prior to the adoption of the final rules.") for t in body(got))
    assert got.meta["published"] == "2020-08-06" and got.origins["published"] == "printed on page 1"


def test_notes_under_each_columns_rule_stay_notes_and_whole():
    """Federal Register page 3: each of three columns rules off its notes at its own height.
    Note 10 (left column, above the middle column's last lines) was read into a paragraph and
    its last lines dropped; note 12 runs on into the middle column."""
    got = read("us-federal-register-2020-17221.pdf")
    notes = {n.split(" ", 1)[0]: n for b in got.blocks for n in b.notes}
    assert notes["10"].endswith("Flight control laws reside in software, and are developed to generate commands "
                                "from the flight control computers that will achieve desired airplane performance.")
    assert notes["12"].endswith("and would be limited such that after the command is made, the pilot would be able "
                                "to maintain level flight, climb, and descend, using control column inputs only.")
    assert not any("flight control law generates commands" in t for t in body(got))


def test_a_running_foot_on_facing_pages_and_notes_over_a_table():
    """GSA report: the foot reads "16 FY 2011 GSA ... REPORT" on a left-hand page and "... REPORT
    17" on a right-hand one (it was a heading); census report: three columns over a table set
    across the page were read across ("303.9 million in the civilian nonhad a severe disability")."""
    gsa = read("us-icdar-010-open-government.pdf")
    assert not any("ANNUAL REPORT" in b.text for b in gsa.blocks)
    census = read("us-icdar-001-census-disability.pdf")
    # and the highlight runs on across both column feet, past their notes ("of the" / "303.9 million",
    # "(12.6 percent)" / "had a severe"), whole
    assert "Approximately 56.7 million people (18.7 percent) of the 303.9 million in the civilian noninstitutionalized " \
           "population had a disability in 2010. About 38.3 million people (12.6 percent) had a severe disability " \
           "(Table 1). About 12.3 million people aged 6 years and older (4.4 percent) needed assistance with one or " \
           "more activities of daily living (ADLs) or instrumental activities of daily living (IADLs)." in body(census)
    # its notes (7 pt) outweigh its text (9 pt), which alone cites them: short last lines were headings
    assert "Four in 10 individuals aged 21 to 64 with a disability were employed (41.1 percent), as shown in " \
           "Table A-2, compared with 8 in 10 adults without disabilities (79.1 percent)." in body(census)


def test_the_publisher_page_1_prints():
    """Federal Register: "AGENCY: Federal Aviation / Administration (FAA), DOT." (the short first
    line was a paragraph of its own: the next word did not fit); census report: the running foot."""
    register = read("us-federal-register-2020-17221.pdf")
    assert register.meta["publisher"] == "Federal Aviation Administration"
    assert "AGENCY: Federal Aviation Administration (FAA), DOT." in body(register)
    assert read("us-icdar-001-census-disability.pdf").meta["publisher"] == "U.S. Census Bureau"


def test_bulleted_items_keep_all_their_lines():
    """GSA report: bullets in a symbol font (U+F0B7) with a tall glyph box; each item was cut
    after its first line."""
    got = read("us-icdar-010-open-government.pdf")
    items = [b for b in got.blocks if b.item]
    assert items[1].text == ("The Challenges and Prizes Platform, challenge.gov, allows agencies to solicit innovative "
                             "ideas and practical solutions from the public, backed by incentives that encourage the "
                             "public to participate and compete.")
    assert not any("\uf0b7" in t for t in body(got))


def test_a_regular_font_reporting_a_heavy_weight_is_not_bold():
    """Census report: LucidaSans reports weight 635; its paragraphs were all read as headings."""
    got = read("us-icdar-001-census-disability.pdf")
    assert any(t.startswith("Approximately 56.7 million people living in the United States had some kind of "
                            "disability in 2010") for t in body(got))


def test_one_typeface_in_two_embedded_copies_is_one_size():
    """PIRLS report: ArialMT embedded twice with loose boxes 12.3 and 8.7 high; half its lines
    'changed size' and each paragraph broke into pieces."""
    got = read("us-icdar-020-pirls-2011.pdf")
    assert body(got)[1].startswith("In addition to the 349 participating schools from the original sample, 21 "
                                   "substitute schools participated for a total of 370 participating schools at grade 4")
    assert body(got)[1].endswith("after substitution of 85 percent (see table A-1).")


def test_two_columns_hyphens_ligatures_and_the_cover_date():
    got = read("pypdf-latex-two-column.pdf")
    assert "This is a sample document with two columns filled with Lorem Ipsum text." in body(got)  # "ﬁ" is "fi"
    assert not [t for t in body(got) if t.endswith("-") or " con- " in t]
    assert got.meta == {"title": "Two-Column Document with Lorem Ipsum", "published": "2024-01-03",
                        "author": "Your Name"}  # printed between the title and the date


def test_pages_that_are_images_are_a_scan_said_so():
    with pytest.raises(SourceError, match=r"image-only, with no text layer \(a scan: 6 of 6 pages are page images\); try `reportgen evidence add --ocr`"):
        read("pypdf-image-only.pdf")
