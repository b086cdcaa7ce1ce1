"""An independent audit of the final picks: the paragraphs `match` and plain BM25 choose at k=4,
shuffled together without the method, for a judge who has seen neither the code nor any earlier
judgement; then the precision of each method under that judge alone.

    python bench/relevance/audit.py pool --country CN > /tmp/audit-CN.yaml   # for the judge
    python bench/relevance/audit.py score /tmp/audit-CN-judged.yaml          # after judging (keys beside it)

The relevance sets were used while tuning, so the figures bench/match_corpus.py prints are
development figures; this audit is not: its judge decides on the picks after tuning ended. The
pool records, per item, which methods picked it, in a separate key file (`--keys`), which the
judge is not given.

bench/relevance/audit/ holds the audit made when matching was last reworked (the picks of
commit "Contrary evidence by who asserts what" and its successors, December 2026), one judge per
country:

    python bench/relevance/audit.py score bench/relevance/audit/CN-judged.yaml

A later change to matching needs a new pool and a new judge: these verdicts are for those picks.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent.parent / "src"))

from match_corpus import build_library  # noqa: E402

from reportgen.library.folder import Library  # noqa: E402
from reportgen.library.indexing.read import EvidenceIndex  # noqa: E402
from reportgen.library.indexing.taxonomy import load_taxonomy  # noqa: E402
from reportgen.matching.match import MatchSettings, match_case  # noqa: E402
from reportgen.models import Applicant, Case, Expert, InstructedFactor  # noqa: E402


def pool(country: str, k: int, keys: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "evidence"
        build_library(root)
        index = EvidenceIndex.open(Library(root))
        taxonomy = load_taxonomy(root / "taxonomies" / f"{country}.yaml")
        files = {m.id: m.path for m, _ in index.sources()}
        out, methods = {}, {}
        for factor in taxonomy.factors:
            case = Case("audit", "uk-tribunal", "audit", "2026-01-01", "2026-01-02", ("q",),
                        Applicant("A", True, country), Expert("E"), (InstructedFactor(factor.id, ""),))
            chosen = match_case(case, taxonomy, index, MatchSettings(per_factor=k)).factors[0].evidence
            picks = {"match": [c.paragraph for c in chosen],
                     "bm25": [h.paragraph for h in index.search(factor.label, country=country, limit=k, any_word=True)]}
            by_id, picked_by = {}, {}
            for method, paragraphs in picks.items():
                for p in paragraphs:
                    by_id[p.id] = {"file": files[p.source_id], "snippet": " ".join(p.text.split()[:14]),
                                   "text": p.text, "relevant": None}
                    picked_by.setdefault(p.id, []).append(method)
            order = sorted(by_id)
            random.Random(f"audit-{factor.id}").shuffle(order)
            items = []
            for n, pid in enumerate(order, 1):  # numbered after shuffling: the number says nothing of the method
                items.append({"item": f"{factor.id}-{n}", **by_id[pid]})
                methods[f"{factor.id}-{n}"] = picked_by[pid]
            out[factor.id] = {"label": factor.label, "description": factor.description, "items": items}
    keys.write_text(yaml.safe_dump({"k": k, "methods": methods}, sort_keys=True))
    yaml.safe_dump({"factors": out}, sys.stdout, allow_unicode=True, sort_keys=False, width=100)


def score(judged: Path, keys: Path) -> None:
    key = yaml.safe_load(keys.read_text())
    verdicts = {it["item"]: it["relevant"] for f in yaml.safe_load(judged.read_text())["factors"].values()
                for it in f["items"]}
    unjudged = sorted(item for item, v in verdicts.items() if not isinstance(v, bool))
    if unjudged:  # never counted as not relevant by default
        sys.exit(f"{judged}: {len(unjudged)} items have no verdict (relevant: true or false), e.g. {unjudged[0]}")
    per = {"match": {}, "bm25": {}}
    for item, methods in key["methods"].items():
        factor = item.rsplit("-", 1)[0]
        for m in methods:
            per[m].setdefault(factor, []).append(verdicts[item])
    for m, factors in per.items():
        precision = statistics.mean(sum(v) / len(v) for v in factors.values())
        print(f"{m:6} precision@{key['k']} {precision:.3f}  (macro over {len(factors)} factors, "
              f"{sum(len(v) for v in factors.values())} picks, one independent judge)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("action", choices=("pool", "score"))
    ap.add_argument("judged", nargs="?", type=Path)
    ap.add_argument("--country", default="CN")
    ap.add_argument("--k", type=int, default=4)
    ap.add_argument("--keys", type=Path, help="the method key file (default: for `pool`, TMP/audit-COUNTRY-keys.yaml; "
                                              "for `score`, beside the judged file: X-judged.yaml -> X-keys.yaml)")
    args = ap.parse_args()
    if args.keys:
        keys = args.keys
    elif args.action == "score":
        keys = args.judged.with_name(args.judged.name.replace("-judged", "-keys"))
    else:
        keys = Path(tempfile.gettempdir()) / f"audit-{args.country}-keys.yaml"
    if args.action == "pool":
        pool(args.country, args.k, keys)
    else:
        score(args.judged, keys)


if __name__ == "__main__":
    main()
