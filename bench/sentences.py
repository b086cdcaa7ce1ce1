"""reportgen's sentence boundaries against pysbd's on real paragraphs: how often they differ,
which ends each finds that the other does not (printed for reading), and the time each takes.

    pip install pysbd; python bench/sentences.py [--show 20]

The paragraphs are the shipped library's and the English documents of ../shared/corpus (where it
is there), segmented as the index segments them. pysbd is a measuring stick here, not a dependency.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
ENGLISH = ("usdos-china-2024.html", "usdos-china-2020.html", "usdos-afghanistan-2023.html",
           "usdos-sudan-2023.html", "ukho-cpin-china-hong-kong-national-security-law-v3-2022.html",
           "sft-tnr-apec-sf-2024.md", "crs-IF10281.pdf", "ohchr-xinjiang-assessment-2022.pdf")


def paragraphs() -> list[str]:
    from reportgen.library.folder import Library
    from reportgen.library.indexing.read import EvidenceIndex
    from reportgen.library.reading.readers import read_structured
    from reportgen.library.segmenting.paragraphs import segment
    from reportgen.models import SourceDocument, SourceMeta
    index = EvidenceIndex.open(Library(REPO / "evidence"))
    out = [p.text for meta, _ in index.sources() for p in index.paragraphs(meta.id)]
    index.close()
    meta = SourceMeta(id="x", title="x", author="unknown", publisher="unknown", published="unknown",
                      url="unknown", accessed="unknown", country=("CN",), source_type="other", language="en")
    for name in ENGLISH:
        if (CORPUS / name).is_file():
            found, _ = segment(SourceDocument(meta=meta, blocks=read_structured(CORPUS / name).blocks))
            out += [p.text for p in found]
    return [p for p in out if re.search("[a-z]{3}", p)]  # English prose: pysbd is set for English


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", type=int, default=12)
    args = ap.parse_args()
    try:
        import pysbd
    except ImportError:
        sys.exit("pysbd is not installed: pip install pysbd (a measuring stick only)")
    from reportgen.text import sentences
    texts = paragraphs()
    seg = pysbd.Segmenter(language="en", clean=False)
    t = time.perf_counter()
    ours = [sentences(p) for p in texts]
    t_ours = time.perf_counter() - t
    t = time.perf_counter()
    theirs = [[s.strip() for s in seg.segment(p) if s.strip()] for p in texts]
    t_theirs = time.perf_counter() - t
    differ = [(o, th) for o, th in zip(ours, theirs) if o != th]
    print(f"{len(texts)} paragraphs; boundaries differ in {len(differ)} ({100 * len(differ) / len(texts):.1f}%)")
    print(f"time: reportgen {t_ours:.2f} s, pysbd {t_theirs:.2f} s ({t_theirs / t_ours:.0f}x)")
    random.seed(1)
    for o, th in random.sample(differ, min(args.show, len(differ))):
        print("\n  reportgen:", " | ".join(s[-45:] for s in o if s not in th)[:300])
        print("  pysbd:    ", " | ".join(s[-45:] for s in th if s not in o)[:300])


if __name__ == "__main__":
    main()
