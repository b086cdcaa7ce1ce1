"""Precision and recall of factor tagging and of `match`, against relevance judgements made by
reading the five shipped sources (bench/relevance/CN.yaml), next to a plain BM25 baseline.

    python bench/match_quality.py [--k 4] [--verbose]

Three views, macro-averaged over the 18 China factors:
  tagging   every paragraph the index tags with the factor (the pool match draws from)
  match@k   the k paragraphs `match` chooses for a case naming the factor (no instructed facts)
  bm25@k    FTS5 rank only: the factor's label words OR-ed, top k (the baseline)
Recall@k is taken against min(k, relevant), so a perfect top-k list scores 1.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from reportgen.library.folder import Library  # noqa: E402
from reportgen.library.indexing.read import EvidenceIndex  # noqa: E402
from reportgen.library.indexing.taxonomy import load_taxonomy  # noqa: E402
from reportgen.matching.match import MatchSettings, match_case  # noqa: E402
from reportgen.models import Applicant, Case, Expert, InstructedFactor  # noqa: E402


def judgements():
    rel = yaml.safe_load((REPO / "bench" / "relevance" / "CN.yaml").read_text())
    name = rel["sources"]
    gold = {f: {(name[s], n) for s, ns in by.items() for n in ns} for f, by in rel["factors"].items()}
    contrary = {(name[s], n) for s, ns in rel["contrary"].items() for n in ns}
    return gold, contrary


def pr(got: set, gold: set, k: int | None = None) -> tuple[float, float]:
    tp = len(got & gold)
    p = tp / len(got) if got else 0.0
    r = tp / (min(k, len(gold)) if k else len(gold)) if gold else 0.0
    return p, min(r, 1.0)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--k", type=int, default=4)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    gold, contrary_gold = judgements()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "evidence"
        shutil.copytree(REPO / "evidence", root, ignore=shutil.ignore_patterns(".reportgen-index*", "__*"))
        seeds = set(yaml.safe_load((REPO / "bench" / "relevance" / "CN.yaml").read_text())["sources"].values())
        for f in (root / "sources").iterdir():  # the judgements cover the five seed pages only
            if f.name.split(".")[0] not in seeds:
                f.unlink()
        index = EvidenceIndex.open(Library(root))
        taxonomy = load_taxonomy(root / "taxonomies" / "CN.yaml")
        key = lambda p: (p.source_id, p.number)  # noqa: E731
        rows = {"tagging": [], f"match@{args.k}": [], f"bm25@{args.k}": []}
        for factor in taxonomy.factors:
            g = gold[factor.id]
            tagged = {key(h.paragraph) for h in index.tagged(factor.id, "CN") if h.paragraph.stance != "contrary"}
            case = Case("bench", "uk-tribunal", "bench", "2026-01-01", "2026-01-02", ("q",),
                        Applicant("A", True, "CN"), Expert("E"), (InstructedFactor(factor.id, ""),))
            result = match_case(case, taxonomy, index, MatchSettings(per_factor=args.k))
            chosen = {key(c.paragraph) for c in result.factors[0].evidence}
            bm25 = {key(h.paragraph) for h in index.search(factor.label, country="CN", limit=args.k, any_word=True)}
            rows["tagging"].append(pr(tagged, g))
            rows[f"match@{args.k}"].append(pr(chosen, g, args.k))
            rows[f"bm25@{args.k}"].append(pr(bm25, g, args.k))
            if args.verbose:
                print(f"{factor.id:28} tag P/R {pr(tagged, g)[0]:.2f}/{pr(tagged, g)[1]:.2f}  "
                      f"FP {sorted(tagged - g)}  FN {sorted(g - tagged)}")
        print(f"{'view':10} {'precision':>9} {'recall':>7}   (macro over {len(taxonomy.factors)} factors)")
        for view, values in rows.items():
            p = statistics.mean(v[0] for v in values)
            r = statistics.mean(v[1] for v in values)
            print(f"{view:10} {p:9.3f} {r:7.3f}")
        got = {key(p) for m, _ in index.sources() for p in index.paragraphs(m.id) if p.stance == "contrary"}
        cp, cr = pr(got, contrary_gold)
        print(f"contrary   {cp:9.3f} {cr:7.3f}   (state position, denials, counter-views)")


if __name__ == "__main__":
    main()
