"""Write src/reportgen/data/ordinary_words.txt: the words country reports write in lower case,
from the shipped library and, when it sits beside the repo, the corpus in ../shared/corpus.

    python tools/ordinary_words.py

text.person_names reads a capitalised phrase made only of such words ("Public Security",
"Arbitrary Arrest") as a heading or a body's name, not a person's. A word seen twice in lower
case and more often capitalised within a sentence is a name's ("Carrie lam" is a slip), and
pinyin syllables are left out: "he", "sun", "long" are surnames as well as words."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
OUT = REPO / "src" / "reportgen" / "data" / "ordinary_words.txt"
LEAST = 2  # occurrences in lower case, so that one slip of a writer's does not make a word ordinary (nor two, of a name)


def texts():
    from reportgen.library.folder import Library
    from reportgen.library.indexing.read import EvidenceIndex
    index = EvidenceIndex.open(Library(REPO / "evidence"))
    try:
        yield from (t for t, in index.conn.execute("SELECT text FROM paragraphs"))
    finally:
        index.close()
    if CORPUS.is_dir():
        from reportgen.library.reading.readers import SOURCE_SUFFIXES, read_structured
        for path in sorted(CORPUS.iterdir()):
            if path.suffix.lower() in SOURCE_SUFFIXES:
                try:
                    yield from (b.text for b in read_structured(path).blocks)
                except Exception as exc:  # a file this version cannot read: the others still count
                    print(f"{path.name}: {exc}", file=sys.stderr)


def main() -> None:
    from reportgen.report.pinyin import SYLLABLES
    lower, capital = Counter(), Counter()
    for text in texts():
        lower.update(re.findall(r"(?<![\w.'’-])[a-z]{2,}\b", text))
        # capitalised after a word in lower case: a name's word ("Carrie Lam"), not a sentence's first
        capital.update(w.lower() for w in re.findall(r"(?<=[a-z,] )[A-Z][a-z]+\b", text))
    words = sorted(w for w, n in lower.items() if (n > LEAST or n == LEAST and n > capital[w]) and w not in SYLLABLES)
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text("# written by tools/ordinary_words.py: words country reports write in lower case (see there)\n"
                   + "\n".join(words) + "\n", encoding="utf-8")
    print(f"{OUT}: {len(words)} words")


if __name__ == "__main__":
    main()
