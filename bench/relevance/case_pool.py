"""Pool the candidates a judge grades for the case relevance sets (TREC-style pooling).

    python bench/relevance/case_pool.py [--depth 8] [CASE ...]   # writes bench/relevance/cases-pool/

For each case in bench/relevance/cases/ and each factor it instructs, the pool is the union of
the top paragraphs of several methods (`match` asked for many picks, the factor's tags, plain BM25
on the label, on label and description, on the instructed facts), shuffled, with no word of which
method proposed which. Contrary candidates (what `match` offers as the state's or respondent's
position, and BM25 on the factor's subject with words of official speech) are pooled apart.
A judge grades each supporting item `lead` (what a country researcher would quote first),
`relevant` or `no`, and each contrary item `yes`/`no` (does it state the state's or respondent's
own position on the factor's subject?), from the text and the source's description alone.
Items the judge already graded for that case and factor (by source and snippet) are left out.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from caselib import build_case_library, judgements, norm, snippet  # noqa: E402

from reportgen.library.folder import Library  # noqa: E402
from reportgen.library.indexing.read import EvidenceIndex  # noqa: E402
from reportgen.matching.match import MatchSettings, match_case  # noqa: E402
from reportgen.workspace import Workspace  # noqa: E402

OFFICIAL = "government officials authorities denied said stated claimed ministry spokesperson"


def item(hit) -> dict:
    p, s = hit.paragraph, hit.source
    return {"source": p.source_id, "snippet": snippet(p.text),
            "about_source": f"{s.title} ({s.publisher}, {s.published}; {s.source_type})",
            "heading": p.heading, "text": p.text}


def pool_case(ws: Workspace, index: EvidenceIndex, case_path: Path, depth: int, judged: dict) -> dict:
    case = ws.load_case(case_path)
    taxonomy = ws.taxonomy(case.applicant.country)
    country = case.applicant.country
    result = match_case(case, taxonomy, index, MatchSettings(per_factor=depth, contrary_per_factor=depth))
    out = {}
    for fe in result.factors:
        factor = fe.factor
        done = judged.get(factor.id, {})
        known = {(e["source"], norm(e["snippet"])) for k in ("items", "contrary", "found") for e in done.get(k) or []}
        hits = [*fe.evidence]
        hits += index.top_tagged(factor.id, country, depth)
        for query in (factor.label, f"{factor.label} {factor.description}", fe.facts):
            if query.strip():
                hits += index.search(query, country=country, limit=depth, any_word=True)
        contra = [*fe.contrary]
        contra += [h for h in index.search(f"{factor.label} {OFFICIAL}", country=country, limit=depth * 3, any_word=True)
                   if h.paragraph.stance == "contrary"][:depth]
        out[factor.id] = {"label": factor.label, "description": factor.description, "facts": fe.facts,
                          "items": _fresh(hits, known), "contrary": _fresh(contra, known)}
        for key in ("items", "contrary"):
            random.Random(f"{case_path.stem}/{factor.id}/{key}").shuffle(out[factor.id][key])
    return out


def _fresh(hits, known) -> list[dict]:
    seen, items = set(), []
    for h in hits:
        it = item(h)
        key = (it["source"], norm(it["snippet"]))
        if h.paragraph.id in seen or key in known:
            continue
        seen.add(h.paragraph.id)
        items.append(it | {"grade": None})
    return items


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--depth", type=int, default=8)
    ap.add_argument("cases", nargs="*")
    args = ap.parse_args()
    cases = [Path(c) for c in args.cases] or sorted((HERE / "cases").glob("*.yaml"))
    (HERE / "cases-pool").mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "evidence"
        absent = build_case_library(root)
        if absent:
            print(f"absent from ../shared/corpus (pooled without them): {', '.join(absent)}", file=sys.stderr)
        ws = Workspace(evidence=str(root))
        index = EvidenceIndex.open(Library(root))
        for path in cases:
            judged = judgements(HERE / "cases-judged", path.stem)
            pooled = pool_case(ws, index, path, args.depth, judged)
            target = HERE / "cases-pool" / path.name
            target.write_text(yaml.safe_dump({"case": path.name, "factors": pooled}, allow_unicode=True,
                                             sort_keys=False, width=110), encoding="utf-8")
            n = sum(len(f["items"]) + len(f["contrary"]) for f in pooled.values())
            print(f"{target}: {n} items to grade")


if __name__ == "__main__":
    main()
