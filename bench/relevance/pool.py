"""Write the pool of paragraphs to be judged for the corpus relevance set (TREC-style pooling).

    python bench/relevance/pool.py [--country CN] [--depth 8] > /tmp/pool.yaml

The blind core set (CN-corpus.yaml) names a few paragraphs per factor; a library of several
thousand paragraphs holds many more relevant ones, so precision measured against the core set
alone is only a lower bound. The pool is the union of the top paragraphs of every method
(`match`, tags, plain BM25 on the label, BM25 on the label and description), minus what the
core set already names, shuffled, with no word of which method proposed which: a judge marks
each relevant or not from its text and the factor's description alone. The judgements go to
CN-corpus-pooled.yaml and the benchmark counts them with the core set.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent.parent / "src"))

from match_corpus import build_library, norm  # noqa: E402

from reportgen.library.folder import Library  # noqa: E402
from reportgen.library.indexing.read import EvidenceIndex  # noqa: E402
from reportgen.library.indexing.taxonomy import load_taxonomy  # noqa: E402
from reportgen.matching.match import MatchSettings, match_case  # noqa: E402
from reportgen.models import Applicant, Case, Expert, InstructedFactor  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--country", default="CN")
    ap.add_argument("--depth", type=int, default=8)
    args = ap.parse_args()
    core = yaml.safe_load((HERE / f"{args.country}-corpus.yaml").read_text())
    pooled_file = HERE / f"{args.country}-corpus-pooled.yaml"
    judged = yaml.safe_load(pooled_file.read_text()) if pooled_file.is_file() else {"factors": {}}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "evidence"
        build_library(root)
        index = EvidenceIndex.open(Library(root))
        taxonomy = load_taxonomy(root / "taxonomies" / f"{args.country}.yaml")
        out = {}
        for factor in taxonomy.factors:
            known = [norm(e["snippet"]) for e in core["factors"].get(factor.id, []) + (core.get("contrary") or {}).get(factor.id, [])]
            known += [norm(e["snippet"]) for e in judged["factors"].get(factor.id, [])]
            case = Case("pool", "uk-tribunal", "pool", "2026-01-01", "2026-01-02", ("q",),
                        Applicant("A", True, args.country), Expert("E"), (InstructedFactor(factor.id, ""),))
            result = match_case(case, taxonomy, index, MatchSettings(per_factor=args.depth))
            hits = [c.paragraph for c in (*result.factors[0].evidence, *result.factors[0].contrary)]
            hits += [h.paragraph for h in index.top_tagged(factor.id, args.country, args.depth)]
            for query in (factor.label, f"{factor.label} {factor.description}"):
                hits += [h.paragraph for h in index.search(query, country=args.country, limit=args.depth, any_word=True)]
            seen, items = set(), []
            for p in hits:
                if p.id in seen or any(k in norm(p.text) for k in known):
                    continue
                seen.add(p.id)
                items.append({"file": next(m.path for m, _ in index.sources() if m.id == p.source_id),
                              "snippet": " ".join(p.text.split()[:14]), "text": p.text, "relevant": None})
            random.Random(factor.id).shuffle(items)
            out[factor.id] = {"label": factor.label, "description": factor.description, "items": items}
    yaml.safe_dump({"factors": out}, sys.stdout, allow_unicode=True, sort_keys=False, width=100)


if __name__ == "__main__":
    main()
