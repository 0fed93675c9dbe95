"""Ranking quality on the judged dev pool beside TF-IDF and BM25, with the shared scorer's own functions.

usage: python bench/rank_report.py RANKING_CSV [--labels ../shared/data/dev/ranking_labels.csv]

Prints one table: the mixed pool first (as recruiters get it), its TUNE and CHECK halves (fixed by a hash
of the file name, bench/rank_tune.py), then each dev set (categorised, ranking_pdf, annotated). Columns per
ranker: NDCG@10, NDCG and how many of the first 6 are grade 3. Baselines are fitted on each group's own
texts, as `rankeval.py --baselines` does on a labels file of that group.
"""
from __future__ import annotations

import argparse
import csv
import importlib.util
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rank_tune import LABELS, SHARED, half, set_of  # noqa: E402


def _rankeval():
    spec = importlib.util.spec_from_file_location("rankeval", SHARED / "eval" / "rankeval.py")
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load {SHARED / 'eval' / 'rankeval.py'}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _figures(rankeval, order, labels):
    m = rankeval.metrics(order, labels)
    top6 = sum(1 for f in order[:6] if rankeval.file_grade(f, labels) == 3)
    return f"{m['ndcg@10']:.3f} / {m['ndcg']:.3f} / {top6}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("ranking")
    ap.add_argument("--labels", default=str(LABELS))
    a = ap.parse_args()
    rankeval = _rankeval()
    labels = rankeval.load_labels(a.labels)
    with open(a.labels) as fh:
        rows = list(csv.DictReader(fh))
    with open(a.ranking) as fh:
        ranked = [os.path.basename(r["file"]) for r in csv.DictReader(fh)]
    groups = {"mixed pool": [r["file"] for r in rows]}
    groups["mixed TUNE half"] = [r["file"] for r in rows if half(r["file"]) == "TUNE"]
    groups["mixed CHECK half"] = [r["file"] for r in rows if half(r["file"]) == "CHECK"]
    for name in ("categorised", "ranking_pdf", "annotated"):
        groups[name] = [r["file"] for r in rows if set_of(r["text"]) == name]
    textdir = str(Path(a.labels).parent)
    print("NDCG@10 / NDCG / grade-3 among the first 6")
    print("| set | n | grade 3 | this product | TF-IDF | BM25 |")
    print("|---|---|---|---|---|---|")
    for name, files in groups.items():
        subset = {f: labels[f] for f in files}
        present = set(ranked)
        order = [f for f in ranked if f in subset] + sorted(f for f in subset if f not in present)
        base = rankeval.baselines(subset, textdir)
        n3 = sum(1 for f in subset if rankeval.file_grade(f, subset) == 3)
        print(
            f"| {name} | {len(files)} | {n3} | {_figures(rankeval, order, subset)} | "
            f"{_figures(rankeval, base['tfidf-cosine'], subset)} | {_figures(rankeval, base['bm25'], subset)} |"
        )
    missing = [f for f in labels if f not in set(ranked)]
    if missing:
        print(f"{len(missing)} judged file(s) missing from the ranking (ranked last): {', '.join(missing[:5])}")


if __name__ == "__main__":
    main()
