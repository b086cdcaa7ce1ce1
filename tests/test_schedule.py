"""The schedule and the exhibit index are made from the report's own list of extracts: every
extract the report quotes (background, relocation and protection included) is listed, word for
word with its bracketed insertions, and the declaration counts the sources the index tabs."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import UK, US
from docxread import open_docx

from reportgen.report.templating import number_words


def extracts(path) -> list[str]:
    return [p.text for p in open_docx(path).paragraphs if p.style.name == "Quote"]


@pytest.mark.parametrize("case", [UK, US])
def test_the_schedule_lists_the_reports_extracts_word_for_word(made, case):
    report, _ = made(case)
    schedule, _ = made(case, "schedule")
    quoted, listed = extracts(report), extracts(schedule)
    assert quoted and sorted(quoted) == sorted(listed)  # the same extracts, none missing, none cut differently


def test_bracketed_names_reach_the_exhibit_index(made, run, library, tmp_path):
    # a paragraph that opens "When he refused", whose name the source gave before: the case pins it
    hits = run("--evidence", library, "evidence", "search", "When he refused police arrested his sister", "--json")
    pin = next(h["id"] for h in hits.json() if h["text"].startswith("When he refused"))
    case = yaml.safe_load(US.read_text(encoding="utf-8"))
    case["risk_factors"][0]["pin"] = [pin]
    pinned = tmp_path / "pinned.yaml"
    pinned.write_text(yaml.safe_dump(case, allow_unicode=True), encoding="utf-8")
    report, _ = made(pinned)
    named = [q for q in extracts(report) if re.search(r"\b(?:he|she|his|her) \[[A-Z]", q)]
    assert named, "the pinned paragraph opens with a pronoun the source explained earlier"
    schedule, _ = made(pinned, "schedule")
    assert set(named) <= set(extracts(schedule))


def test_the_declaration_counts_the_sources_the_index_tabs(made):
    report, _ = made(US)
    schedule, _ = made(US, "schedule")
    body = " ".join(p.text for p in open_docx(report).paragraphs)
    count = re.search(r"The (\w+) sources? quoted (?:are|is) listed", body).group(1)
    table = open_docx(schedule).tables[0]
    tabs = [row.cells[0].text for row in table.rows[1:]]
    assert tabs == [chr(65 + i) for i in range(len(tabs))]
    assert count == number_words(len(tabs))
    bibliography = [p for p in open_docx(report).paragraphs if p.style.name == "Bibliography Entry"]
    assert len(bibliography) == len(tabs)  # the sources listed at the end are the sources quoted
