"""An independent audit of the final picks on the case relevance set: for each case of
bench/relevance/cases/ and each factor, what `match` quotes (at most k) and plain BM25's top k,
shuffled together without the method, and `match`'s contrary picks apart, for a judge who has
seen neither the code nor any earlier judgement; then each method's figures under that judge.

    python bench/relevance/case_audit.py items [--k 3] [--round 2]   # audit/cases-items[-2].yaml and its keys
    python bench/relevance/case_audit.py score [--round 2]           # after judging: audit/cases-judged[-2].yaml

Round 1 audited the picks of commit "Factors about people abroad..." (December 2026); round 2 the
picks after the changes made on reading two drafted reports; round 3 the final picks of that
session; round 4 the picks after contrary evidence had to open with the state's position, the
Russia taxonomy got its words and a second relevance pooling (cases-judged/*.round3.yaml) was
judged; round 5 the picks after history and passing mentions weighed less, the Russia taxonomy
learnt the national republics' peoples and China's political dissent its words for protest;
round 6 the picks after passing mentions stopped filling slots and the China taxonomy's
'except' phrases and forced-return's abroad group; round 7 the picks after passing mentions became
gaps and the 709 crackdown's people a group; round 8 the picks after factors whose acts happen
abroad took only what speaks of people abroad, history left the issues, and the round-7 judge's
other kinds of miss were mended; round 9 the picks after a factor's `except` phrases kept a
paragraph out however it was found, the state's word below a factor's bar stopped counting as
evidence, hints that the index's stems confused were made phrases, and Muslims outside Xinjiang
became a group; round 10 the picks after groups of status (former political prisoners, party
members and officials, naturalised citizens) fitted only applicants instructed with them, and RSDL
was excepted from police surveillance; round 11 the final picks of that session (the status groups
narrowed after a practitioner's reading); round 12 the picks after a third practitioner's reading (extracts
that take the sentences naming their people, sur place's hints for views held abroad); round 13 the picks after former political prisoners became a
group of status whose evidence others share in part (others_weight). Each round has its own judge.

The judge grades each supporting item lead (what a researcher would quote first on it) /
relevant / no, and each contrary item yes / no (the state's or respondent's own position on the
factor's subject). The keys file (which method picked which item) is never given to the judge.
case_quality.py gives development figures (its judgements were read while tuning); these are not.
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
from caselib import build_case_library, snippet  # noqa: E402

from reportgen.library.folder import Library  # noqa: E402
from reportgen.library.indexing.read import EvidenceIndex  # noqa: E402
from reportgen.matching.match import MatchSettings, match_case  # noqa: E402
from reportgen.workspace import Workspace  # noqa: E402

AUDIT = HERE / "audit"


def items(k: int, suffix: str) -> None:
    out, keys = {}, {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "evidence"
        absent = build_case_library(root)
        if absent:
            sys.exit(f"the audit needs the whole case library; absent: {', '.join(absent)}")
        ws = Workspace(evidence=str(root))
        index = EvidenceIndex.open(Library(root))
        for case_file in sorted((HERE / "cases").glob("*.yaml")):
            case = ws.load_case(case_file)
            result = match_case(case, ws.taxonomy(case.applicant.country), index, MatchSettings(per_factor=k))
            for fe in result.factors:
                key = f"{case_file.stem}/{fe.factor.id}"
                methods: dict[str, list[str]] = {}
                found = {}
                for c in fe.evidence:
                    methods.setdefault(c.paragraph.id, []).append("match")
                    found[c.paragraph.id] = (c.paragraph, c.source)
                for h in index.search(fe.factor.label, country=case.applicant.country, limit=k, any_word=True):
                    methods.setdefault(h.paragraph.id, []).append("bm25")
                    found[h.paragraph.id] = (h.paragraph, h.source)
                entries = [_item(*found[pid]) for pid in methods]
                random.Random(key).shuffle(entries)
                out[key] = {"applicant": _applicant(case), "factor": fe.factor.label,
                            "description": fe.factor.description, "facts": fe.facts, "items": entries,
                            "contrary": [_item(c.paragraph, c.source) for c in fe.contrary]}
                keys[key] = {"methods": {f"{p.source_id}|{snippet(p.text)}": m
                                         for pid, m in methods.items() for p in [found[pid][0]]}}
    AUDIT.mkdir(exist_ok=True)
    (AUDIT / f"cases-items{suffix}.yaml").write_text(yaml.safe_dump(out, allow_unicode=True, sort_keys=False, width=110),
                                            encoding="utf-8")
    (AUDIT / f"cases-keys{suffix}.yaml").write_text(yaml.safe_dump(keys, allow_unicode=True, sort_keys=False, width=110),
                                           encoding="utf-8")
    print(f"{AUDIT / f'cases-items{suffix}.yaml'}: {sum(len(v['items']) + len(v['contrary']) for v in out.values())} "
          f"items in {len(out)} case factors")


def _applicant(case) -> str:
    a = case.applicant
    parts = [a.gender, a.ethnicity, f"from {a.home_area}" if a.home_area else "", f"religion: {a.religion}"
             if a.religion else "", f"country: {a.country}", f"now in {a.now_in}" if a.now_in else ""]
    return ", ".join(p for p in parts if p)


def _item(p, s) -> dict:
    return {"source": p.source_id, "snippet": snippet(p.text),
            "about_source": f"{s.title} ({s.publisher}, {s.published}; {s.source_type})",
            "text": p.text, "grade": None}


def score(suffix: str) -> None:
    judged = yaml.safe_load((AUDIT / f"cases-judged{suffix}.yaml").read_text(encoding="utf-8"))
    keys = yaml.safe_load((AUDIT / f"cases-keys{suffix}.yaml").read_text(encoding="utf-8"))
    stats = {m: {"lead": 0, "factors": 0, "good": 0, "picks": 0} for m in ("match", "bm25")}
    contrary = [0, 0]
    for key, entry in judged.items():
        methods = keys[key]["methods"]
        grades = {f"{e['source']}|{e['snippet']}": e.get("grade") for e in entry["items"]}
        if None in grades.values():
            sys.exit(f"{key}: an item has no grade")
        for method, st in stats.items():
            mine = [g for k, g in grades.items() if method in methods.get(k, [])]
            st["factors"] += 1
            st["lead"] += "lead" in mine
            st["good"] += sum(g in ("lead", "relevant") for g in mine)
            st["picks"] += len(mine)
        for e in entry.get("contrary") or []:
            contrary[0] += e.get("grade") == "yes"
            contrary[1] += 1
    print(f"{'method':8} {'lead share':>10} {'precision':>10}   (goals 0.7, 0.9; independent judge)")
    for method, st in stats.items():
        print(f"{method:8} {st['lead'] / st['factors']:10.3f} {st['good'] / max(st['picks'], 1):10.3f}   "
              f"({st['lead']}/{st['factors']} factors; {st['good']}/{st['picks']} picks)")
    print(f"contrary precision (match): {contrary[0] / max(contrary[1], 1):.3f} ({contrary[0]}/{contrary[1]})"
          f"   (goal 0.8)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=("items", "score"))
    ap.add_argument("--k", type=int, default=3)
    ap.add_argument("--round", type=int, default=1)
    args = ap.parse_args()
    suffix = "" if args.round == 1 else f"-{args.round}"
    items(args.k, suffix) if args.mode == "items" else score(suffix)


if __name__ == "__main__":
    main()
