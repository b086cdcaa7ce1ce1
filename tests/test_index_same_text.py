"""The index pairs each paragraph with those of the same text in the other editions of its
series (library.indexing.same_text), as comparing every such pair would; a re-index after a
change gives the pairs a rebuild gives; and matching folds editions with the index's pairs
exactly as with pairs it worked out itself from the candidates' words."""

import random
import sqlite3
import string
from itertools import combinations
from pathlib import Path

import pytest

from reportgen.library.folder import Library
from reportgen.library.indexing.read import EvidenceIndex
from reportgen.library.indexing.same_text import similar, similar_pairs, words
from reportgen.library.indexing.schema import meta_from_json
from reportgen.library.reading.series import implied_series, with_series

META = """id: {id}
title: Annual Report {year}
author: unknown
publisher: {publisher}
published: {year}-03-01
url: unknown
accessed: unknown
country: [{country}]
source_type: ngo-report
language: en
"""


def write_editions(sources, rng, base, publisher="Example Watch", country="CN", start=0):
    """Sources whose paragraphs drift around the similarity bar from a few shared texts."""
    for n in range(start, start + 3):
        sid = f"watch-{n}"
        paragraphs = []
        for _ in range(14):
            text = list(rng.choice(base))
            for _ in range(rng.randint(0, len(text) // 2 + 1)):
                text.pop(rng.randrange(len(text))) if rng.random() < 0.5 else text.append(rng.choice(VOCAB))
            paragraphs.append(" ".join(text).capitalize() + ".")
        (sources / f"{sid}.txt").write_text("Events\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
        (sources / f"{sid}.meta.yaml").write_text(META.format(id=sid, year=2015 + n, publisher=publisher,
                                                              country=country))


_WORDS = random.Random(3)
VOCAB = sorted({"".join(_WORDS.choices(string.ascii_lowercase, k=k)) for k in range(3, 9) for _ in range(40)})


def pairs_in(path):
    with sqlite3.connect(path) as conn:
        return {(a, b) for a, b in conn.execute(
            "SELECT p.id, q.id FROM same_text s JOIN paragraphs p ON p.rowid = s.paragraph "
            "JOIN paragraphs q ON q.rowid = s.other")}


def every_pair(path):
    """The rule, pair by pair: different editions of one series (as matching sees them), whose
    words are similar."""
    with sqlite3.connect(path) as conn:
        metas = [meta_from_json(m) for m, in conn.execute("SELECT meta FROM sources")]
        rows = conn.execute("SELECT id, source_id, text FROM paragraphs").fetchall()
    implied = implied_series(metas)
    series = {m.id: with_series(m, implied).series for m in metas}
    return {pair for (a, sa, ta), (b, sb, tb) in combinations(rows, 2)
            if sa != sb and series[sa] and series[sa] == series[sb] and similar(words(ta), words(tb))
            for pair in ((a, b), (b, a))}


@pytest.fixture
def editions(tmp_path):
    root = tmp_path / "evidence"
    (root / "sources").mkdir(parents=True)
    return root


def index(root):
    EvidenceIndex.open(Library(root)).close()
    return root / ".reportgen-index.sqlite"


def test_pairs_are_those_comparing_every_pair_finds_and_a_reindex_keeps_them(editions):
    rng = random.Random(7)
    base = [rng.sample(VOCAB, rng.randint(4, 24)) for _ in range(5)]
    sources = editions / "sources"
    write_editions(sources, rng, base)
    write_editions(sources, rng, base, publisher="Another Publisher", start=3)  # never paired with the first
    path = index(editions)
    first = pairs_in(path)
    assert first == every_pair(path)
    assert len(first) > 40  # the texts did fall together often enough to mean something
    # a new edition, a removed one and a changed publisher: the pairs a rebuild gives
    write_editions(sources, rng, base, start=6)
    (sources / "watch-1.txt").unlink()
    (sources / "watch-1.meta.yaml").unlink()
    meta = sources / "watch-4.meta.yaml"
    meta.write_text(meta.read_text().replace("Another Publisher", "Example Watch"))
    path = index(editions)
    again = pairs_in(path)
    assert again == every_pair(path)
    assert any(a.startswith("watch-4:") and b.startswith("watch-0:") for a, b in again)
    assert not any(a.startswith("watch-1:") for a, _ in again)
    path.unlink()
    assert pairs_in(index(editions)) == again


def test_a_second_edition_arriving_makes_a_series_and_is_paired(editions):
    rng = random.Random(8)
    base = [rng.sample(VOCAB, 12)]
    sources = editions / "sources"
    write_editions(sources, rng, base)
    for n in (1, 2):
        (sources / f"watch-{n}.txt").rename(sources / f"watch-{n}.txt.away")
    assert pairs_in(index(editions)) == set()  # one edition: no series
    (sources / "watch-1.txt.away").rename(sources / "watch-1.txt")
    path = index(editions)
    assert pairs_in(path) == every_pair(path) != set()


@pytest.mark.parametrize("example", ["uk-chinese-name", "us-anonymised", "us-named"])
def test_matching_folds_with_the_index_pairs_as_comparing_words_would(example, indexed_library, monkeypatch):
    """Every candidate pool of a shipped example: folded with the index's pairs, and with every
    series compared at match time (as for editions the index did not pair)."""
    from reportgen.workspace import Workspace

    def matched():
        ws = Workspace(evidence=indexed_library)
        case = ws.load_case(Path(__file__).parent.parent / "examples" / f"{example}.yaml")
        return ws.match(case)

    def worked_out(index, ids):
        asked.append(ids)
        same: dict = {}
        texts = [(pid, index.paragraph(pid).source_id, words(index.paragraph(pid).text)) for pid in ids]
        for a, b in similar_pairs(texts):
            same.setdefault(a, set()).add(b)
            same.setdefault(b, set()).add(a)
        return same

    with_pairs = matched()
    asked: list = []
    monkeypatch.setattr(EvidenceIndex, "same_text", worked_out)
    assert matched() == with_pairs
    assert asked and sum(map(len, asked)) > 100
