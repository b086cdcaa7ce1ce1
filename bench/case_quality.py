"""Evidence quality per case, against the blind case relevance set (bench/relevance/cases-judged/).

    python bench/case_quality.py [--k 3] [--verbose]

For each case of bench/relevance/cases/ and each factor it instructs, the picks of `match` (at
most k a factor, as drafted) and plain BM25's top k (the factor's label OR-ed, the old baseline)
are read against the judges' grades:
  lead share   the share of factors whose lead-worthy paragraph (graded `lead`) is among the picks
               (factors with no lead-worthy paragraph in the library are left out, and counted)
  precision    the share of picks graded `lead` or `relevant`
  contrary     the share of `match`'s contrary picks graded `yes` (the state's or respondent's own
               position on the factor's subject)
A pick from another edition of the same series whose text is the same as a graded paragraph
(word Jaccard >= 0.6) takes that paragraph's grade. Picks no judge has seen count as not
relevant, and are counted: when they are many the pools need judging again (case_pool.py).
Goals (issue 20): lead share >= 0.7, precision >= 0.9, contrary precision >= 0.8.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "relevance"))
from caselib import build_case_library, judgements, norm  # noqa: E402

from reportgen.library.folder import Library  # noqa: E402
from reportgen.library.indexing.read import EvidenceIndex  # noqa: E402
from reportgen.matching.match import MatchSettings, match_case  # noqa: E402
from reportgen.workspace import Workspace  # noqa: E402

GOOD = {"lead", "relevant"}


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]{3,}", text.lower()))


class Grades:
    """One factor's judgements, looked up by paragraph (or its twin in another edition)."""

    def __init__(self, index, judged: dict, series: dict[str, str]):
        self.index, self.series = index, series
        self.support: dict[str, str] = {}
        self.contrary: dict[str, str] = {}
        self.missing = 0
        for key, into in (("items", self.support), ("found", self.support), ("contrary", self.contrary)):
            for e in judged.get(key) or []:
                p = self._find(e["source"], e["snippet"])
                if p is None:
                    self.missing += 1
                    continue
                into[p.id] = "lead" if into.get(p.id) == "lead" else e["grade"]

    def _find(self, source: str, snip: str):
        want = norm(snip)
        return next((p for p in self.index.paragraphs(source) if want in norm(p.text)), None)

    def grade(self, paragraph, table: dict[str, str]) -> str | None:
        if paragraph.id in table:
            return table[paragraph.id]
        s = self.series.get(paragraph.source_id)
        if not s:
            return None
        mine = words(paragraph.text)
        twins = [g for pid, g in table.items() if self.series.get(pid.split(":")[0]) == s
                 and (theirs := words(self.index.paragraph(pid).text)) and len(mine & theirs) / len(mine | theirs) >= 0.6]
        return "lead" if "lead" in twins else (twins[0] if twins else None)

    @property
    def has_lead(self) -> bool:
        return "lead" in self.support.values()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--k", type=int, default=3)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    judged_dir = HERE / "relevance" / "cases-judged"
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "evidence"
        absent = build_case_library(root)
        if absent:
            print(f"absent from ../shared/corpus (judged paragraphs there count as not found): {', '.join(absent)}")
        ws = Workspace(evidence=str(root))
        index = EvidenceIndex.open(Library(root))
        series = {m.id: m.series for m, _ in index.sources()}
        stats = {m: {"lead": [0, 0], "prec": [0, 0], "unjudged": 0} for m in ("match", "bm25")}
        contrary, missing, no_lead = [0, 0, 0], 0, 0
        for case_file in sorted((HERE / "relevance" / "cases").glob("*.yaml")):
            judged = judgements(judged_dir, case_file.stem)
            case = ws.load_case(case_file)
            result = match_case(case, ws.taxonomy(case.applicant.country), index, MatchSettings(per_factor=args.k))
            for fe in result.factors:
                g = Grades(index, judged.get(fe.factor.id, {}), series)
                missing += g.missing
                picks = {"match": [c.paragraph for c in fe.evidence],
                         "bm25": [h.paragraph for h in index.search(fe.factor.label, country=case.applicant.country,
                                                                    limit=args.k, any_word=True)]}
                if args.verbose:
                    print(f"\n{case_file.stem} / {fe.factor.id}")
                for method, got in picks.items():
                    grades = [g.grade(p, g.support) for p in got]
                    st = stats[method]
                    st["prec"][0] += sum(x in GOOD for x in grades)
                    st["prec"][1] += len(grades)
                    st["unjudged"] += sum(x is None for x in grades)
                    if g.has_lead:
                        st["lead"][0] += "lead" in grades
                        st["lead"][1] += 1
                    if args.verbose:
                        for p, x in zip(got, grades):
                            print(f"  {method:5} {x or 'UNJUDGED':9} {p.id} {p.text[:90]}")
                no_lead += not g.has_lead
                cgrades = [g.grade(c.paragraph, g.contrary) for c in fe.contrary]
                contrary[0] += sum(x == "yes" for x in cgrades)
                contrary[1] += len(cgrades)
                contrary[2] += sum(x is None for x in cgrades)
                if args.verbose:
                    for c, x in zip(fe.contrary, cgrades):
                        print(f"  contra {x or 'UNJUDGED':8} {c.paragraph.id} {c.paragraph.text[:90]}")
        print(f"cases: {len(list((HERE / 'relevance' / 'cases').glob('*.yaml')))}; judged entries not found in the "
              f"library: {missing}; factors with no lead-worthy paragraph judged: {no_lead}")
        print(f"{'method':8} {'lead share':>10} {'precision':>10} {'unjudged picks':>15}   (goals 0.7, 0.9)")
        for method, st in stats.items():
            lead = st["lead"][0] / st["lead"][1] if st["lead"][1] else 0.0
            prec = st["prec"][0] / st["prec"][1] if st["prec"][1] else 0.0
            print(f"{method + '@' + str(args.k):8} {lead:10.3f} {prec:10.3f} {st['unjudged']:>6} of {st['prec'][1]:<5}"
                  f"   ({st['lead'][0]}/{st['lead'][1]} factors; {st['prec'][0]}/{st['prec'][1]} picks)")
        cp = contrary[0] / contrary[1] if contrary[1] else 0.0
        print(f"contrary precision (match): {cp:.3f} ({contrary[0]}/{contrary[1]} picks; {contrary[2]} unjudged)   (goal 0.8)")


if __name__ == "__main__":
    main()
