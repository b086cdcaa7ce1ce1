"""Match quality on the real corpus (../shared/corpus), against relevance sets written blind
before tuning (bench/relevance/CN-corpus.yaml, RU-corpus.yaml) and pooled judgements made blind
(CN-corpus-pooled.yaml, see relevance/pool.py), next to a plain BM25 baseline.

    python bench/match_corpus.py [--country CN|RU] [--k 4] [--core-only] [--verbose]

A library is built in a temporary folder from the corpus files with the metadata a librarian
would give them. Relevance entries name a file and a verbatim snippet, so they survive changes
to segmentation: an entry maps to the indexed paragraph that contains the snippet (entries whose
snippet no paragraph holds whole are counted as misses, and counted). Editions repeat text, so a
pick from another edition of the same series whose text is the same (word Jaccard >= 0.6) as a
relevant paragraph counts as that paragraph.

Views, macro-averaged over the country's factors:
  tagging   every paragraph the index tags with the factor (precision, recall against all)
  match@k   the k paragraphs `match` chooses for a case naming the factor, no instructed facts
  bm25@k    FTS5 rank only: the factor's label words OR-ed, top k (the baseline)
  contrary  the contrary picks of `match` against the set's contrary entries
Recall@k is taken against min(k, relevant), so a perfect top-k list scores 1.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus"
sys.path.insert(0, str(REPO / "src"))

from reportgen.library.folder import Library  # noqa: E402
from reportgen.library.indexing.read import EvidenceIndex  # noqa: E402
from reportgen.library.indexing.taxonomy import load_taxonomy  # noqa: E402
from reportgen.matching.match import MatchSettings, match_case  # noqa: E402
from reportgen.models import Applicant, Case, Expert, InstructedFactor  # noqa: E402

# what a librarian records for each corpus file (from the documents and SOURCES.md)
GOV, NGO = "government", "ngo-report"
CORPUS_META = {
    **{f"usdos-china-{y}.html": dict(country=["CN", "HK", "MO"], source_type=GOV, series="usdos-china", edition=str(y))
       for y in range(2016, 2025)},
    "usdos-russia-2023.html": dict(country=["RU"], source_type=GOV, series="usdos-russia", edition="2023"),
    "ukho-cpin-china-hong-kong-national-security-law-v3-2022.html": dict(
        country=["HK", "CN"], source_type=GOV, title="CPIN China: Hong Kong national security law", publisher="UK Home Office"),
    "ohchr-xinjiang-assessment-2022.pdf": dict(country=["CN"], source_type=GOV, title="OHCHR Xinjiang assessment"),
    "crs-IF10281.pdf": dict(country=["CN"], source_type=GOV, title="China Primer: Uyghurs"),
    "sft-tnr-apec-sf-2024.md": dict(country=["CN", "US"], source_type=NGO, title="Exporting Repression"),
}


def build_library(root: Path) -> None:
    """The corpus as a library, every file checked against the sha256 SOURCES.md gives: a figure
    is for the documents the relevance sets were judged on, never a partial or changed copy."""
    (root / "sources").mkdir(parents=True)
    shutil.copytree(REPO / "evidence" / "taxonomies", root / "taxonomies")
    listed = {cells[1]: cells[-2].rstrip("…") for line in (CORPUS / "SOURCES.md").read_text(encoding="utf-8").splitlines()
              if line.startswith("| ") and len(cells := [c.strip() for c in line.split("|")]) > 3}
    for name, extra in CORPUS_META.items():
        src = CORPUS / name
        if not src.is_file():
            sys.exit(f"{src}: missing from the corpus")
        if not hashlib.sha256(src.read_bytes()).hexdigest().startswith(listed.get(name) or "?"):
            sys.exit(f"{src}: not the file SOURCES.md describes (sha256 differs)")
        stem = Path(name).stem
        shutil.copyfile(src, root / "sources" / name)
        meta = {"id": stem, "title": stem, "author": "unknown", "publisher": "unknown", "published": "unknown",
                "url": "unknown", "accessed": "unknown", "language": "en", **extra}
        (root / "sources" / f"{stem}.meta.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True))


def norm(text: str) -> str:
    return " ".join(re.sub(r"[“”\"‘’']", "'", text).split()).lower()


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z]{3,}", text.lower()))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--country", default="CN")
    ap.add_argument("--k", type=int, default=4)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--core-only", action="store_true", help="judge against the blind core set alone")
    args = ap.parse_args()
    if not CORPUS.is_dir():
        sys.exit(f"{CORPUS}: the corpus is not there")
    rel = yaml.safe_load((REPO / "bench" / "relevance" / f"{args.country}-corpus.yaml").read_text())
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "evidence"
        build_library(root)
        index = EvidenceIndex.open(Library(root))
        taxonomy = load_taxonomy(root / "taxonomies" / f"{args.country}.yaml")
        paragraphs = [p for m, _ in index.sources() for p in index.paragraphs(m.id)]
        by_source = {}
        for p in paragraphs:
            by_source.setdefault(p.source_id, []).append(p)
        series = {m.id: m.series for m, _ in index.sources()}
        unmapped = 0

        def resolve(entries, count=True):
            nonlocal unmapped
            out = set()
            for e in entries or []:
                sid, snippet = Path(e["file"]).stem, norm(e["snippet"])
                hit = next((p for p in by_source.get(sid, []) if snippet in norm(p.text)), None)
                if hit is None:
                    unmapped += count
                else:
                    out.add(hit.id)
            return out

        core = {f: resolve(es) for f, es in rel["factors"].items()}
        contrary_gold = {f: resolve(es) for f, es in (rel.get("contrary") or {}).items()}
        pooled_file = REPO / "bench" / "relevance" / f"{args.country}-corpus-pooled.yaml"
        pooled = yaml.safe_load(pooled_file.read_text())["factors"] if pooled_file.is_file() else {}
        judged = {f: resolve([e for e in es if e.get("relevant")]) for f, es in pooled.items()}
        seen = {f: resolve(es, count=False) for f, es in pooled.items()}  # judged either way
        for f, es in pooled.items():
            contrary_gold.setdefault(f, set()).update(resolve([e for e in es if e.get("contrary")]))
        gold = core if args.core_only else {f: core.get(f, set()) | judged.get(f, set()) for f in core}
        text = {p.id: p for p in paragraphs}

        def credit(got: set, g: set) -> dict:
            """{pick: the relevant paragraph it counts as}: itself, or the same text in another
            edition of the series. Several picks crediting one relevant paragraph count once; a
            pick credits a relevant paragraph no other pick has credited where it can (picks in id
            order: the figure must not depend on the order a set happens to iterate in)."""
            hits = {pid: pid for pid in got if pid in g}
            for pid in sorted(got - g):
                p = text[pid]
                same = [gid for gid in sorted(g) if series.get(p.source_id)
                        and series.get(p.source_id) == series.get(text[gid].source_id)
                        and (a := words(p.text)) and (b := words(text[gid].text)) and len(a & b) / len(a | b) >= 0.6]
                if same:
                    credited = set(hits.values())
                    hits[pid] = next((gid for gid in same if gid not in credited), same[0])
            return hits

        def pr(got: set, g: set, k: int | None = None):
            tp = len(set(credit(got, g).values()))
            p = tp / len(got) if got else 0.0
            r = tp / (min(k, len(g)) if k else len(g)) if g else 0.0
            return p, min(r, 1.0)

        unjudged = [0, 0]  # match picks no judge has seen (counted as not relevant), of all picks

        def is_seen(pid: str, factor: str) -> bool:
            known = core.get(factor, set()) | seen.get(factor, set())
            return pid in known or bool(credit({pid}, known))
        rows = {"tagging": [], f"match@{args.k}": [], f"bm25@{args.k}": [], "contrary": []}
        for factor in taxonomy.factors:
            g = gold.get(factor.id, set())
            if not g:
                continue
            tagged = {h.paragraph.id for h in index.tagged(factor.id, args.country)}
            case = Case("bench", "uk-tribunal", "bench", "2026-01-01", "2026-01-02", ("q",),
                        Applicant("A", True, args.country), Expert("E"), (InstructedFactor(factor.id, ""),))
            result = match_case(case, taxonomy, index, MatchSettings(per_factor=args.k))
            chosen = {c.paragraph.id for c in result.factors[0].evidence}
            contra = {c.paragraph.id for c in result.factors[0].contrary}
            bm25 = {h.paragraph.id for h in index.search(factor.label, country=args.country, limit=args.k, any_word=True)}
            rows["tagging"].append(pr(tagged, g))
            rows[f"match@{args.k}"].append(pr(chosen, g, args.k))
            unjudged[0] += sum(not is_seen(pid, factor.id) for pid in chosen)
            unjudged[1] += len(chosen)
            rows[f"bm25@{args.k}"].append(pr(bm25, g, args.k))
            if contrary_gold.get(factor.id):
                rows["contrary"].append(pr(contra, contrary_gold[factor.id], 2))
            if args.verbose:
                mp, mr = pr(chosen, g, args.k)
                print(f"{factor.id:28} match P/R {mp:.2f}/{mr:.2f}  tagged {len(tagged):4}  bm25 P {pr(bm25, g, args.k)[0]:.2f}")
                for pid in sorted(chosen - set(credit(chosen, g))):
                    label = "miss-pick" if is_seen(pid, factor.id) else "unjudged "
                    print(f"      {label} {pid}: {text[pid].text[:110]}")
                if contrary_gold.get(factor.id):
                    cg = contrary_gold[factor.id]
                    hit = credit(contra, cg)
                    print(f"      contrary P/R {pr(contra, cg, 2)[0]:.2f}/{pr(contra, cg, 2)[1]:.2f}")
                    for pid in sorted(contra - set(hit)):
                        print(f"      contrary miss-pick {pid}: {text[pid].text[:100]}")
                    for gid in sorted(cg - set(hit.values())):
                        print(f"      contrary missed {gid} ({text[gid].stance}): {text[gid].text[:100]}")
        print(f"library: {len(index.sources())} sources, {len(paragraphs)} paragraphs; relevance: "
              f"{'core set only' if args.core_only else 'core set + pooled judgements'}; "
              f"entries not found whole in any paragraph: {unmapped}; match picks no one has judged "
              f"(counted as not relevant): {unjudged[0]} of {unjudged[1]}")
        print(f"{'view':10} {'precision':>9} {'recall':>7}   (macro over {len(rows['tagging'])} factors)")
        for view, values in rows.items():
            if values:
                print(f"{view:10} {statistics.mean(v[0] for v in values):9.3f} {statistics.mean(v[1] for v in values):7.3f}")


if __name__ == "__main__":
    main()
