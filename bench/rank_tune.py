"""A fast loop for ranking quality on the judged dev pool, without Django.

    python bench/rank_tune.py extract [--cache /tmp/rank_cache.json]   # read every judged file once
    python bench/rank_tune.py score   [--cache ...] [--profile JSON]   # match + score + NDCG per set

`extract` reads the 368 files of ../shared/data/dev/ranking_labels.csv with the pure core (PDFs through
`screening.reading.read_resume`, as the worker does) and caches text and facts. `score` matches the cached
facts against a profile, scores with `screening.scoring` and prints NDCG@10, NDCG and grade-3 among the
first 6 for the mixed pool, its TUNE and CHECK halves, and each set. The halves are fixed by a hash of
the file name, so anyone can reproduce them; tune on TUNE, report CHECK.
Final figures come from the real CLI in `make eval` (bench/quality.sh).
"""
from __future__ import annotations

import argparse
import csv
import datetime
import hashlib
import json
import math
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SHARED = Path(os.environ.get("SHARED", ROOT.parent / "shared")).resolve()
if not SHARED.exists():
    SHARED = (ROOT.parent.parent / "shared").resolve()  # a git worktree beside the main checkout
DEV = SHARED / "data" / "dev"
LABELS = DEV / "ranking_labels.csv"
TODAY = datetime.date(2026, 1, 1)  # fixed so cached facts do not drift with the calendar


def half(name: str) -> str:
    """TUNE or CHECK, from the file name alone (stable across machines and runs)."""
    return "TUNE" if hashlib.sha256(name.encode()).digest()[0] % 2 == 0 else "CHECK"


def set_of(text_path: str) -> str:
    first = text_path.split("/", 1)[0]
    return {"ranking_pdf_text": "ranking_pdf"}.get(first, first)


def source_file(row: dict) -> Path:
    s = set_of(row["text"])
    return DEV / s / row["file"]


def load_labels() -> list[dict]:
    with open(LABELS) as fh:
        return list(csv.DictReader(fh))


def ndcg(rels: list[int], k: int | None = None) -> float:
    top = rels[:k] if k else rels
    dcg = sum((2**r - 1) / math.log2(i + 2) for i, r in enumerate(top))
    ideal = sorted(rels, reverse=True)[:k] if k else sorted(rels, reverse=True)
    idcg = sum((2**r - 1) / math.log2(i + 2) for i, r in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def metrics(order: list[str], grades: dict[str, int]) -> dict[str, float]:
    rels = [grades[f] for f in order]
    return {
        "ndcg@10": round(ndcg(rels, 10), 3),
        "ndcg": round(ndcg(rels), 3),
        "top6_grade3": sum(1 for r in rels[:6] if r == 3),
    }


def extract(cache: Path) -> None:
    from screening import reading

    rows = load_labels()
    out = {}
    for i, row in enumerate(rows):
        path = source_file(row)
        result = reading.read_resume(path.read_bytes(), path.name, today=TODAY)
        out[row["file"]] = result.to_dict()
        if i % 50 == 0:
            print(i, row["file"], result.status, file=sys.stderr)
    cache.write_text(json.dumps(out))


def score(cache: Path, profile: Path, show: int = 0) -> dict[str, dict]:
    from screening import scoring
    from screening.nlp import matching
    from screening.nlp.facts import ResumeFacts

    data = json.loads(cache.read_text())
    spec = scoring.ProfileSpec.from_dict(json.loads(profile.read_text()))
    rows = load_labels()
    grades = {r["file"]: int(r["grade"]) for r in rows}
    totals: dict[str, float] = {}
    for r in rows:
        d = data[r["file"]]
        if d.get("facts") is None:
            totals[r["file"]] = 0.0
            continue
        feats = matching.match(d["text"], ResumeFacts.from_dict(d["facts"]), spec, today=TODAY)
        totals[r["file"]] = scoring.score_many([feats.pack()], spec)[0].total
    groups = {"mixed": [r["file"] for r in rows]}
    for r in rows:
        groups.setdefault("mixed " + half(r["file"]), []).append(r["file"])
    for r in rows:
        groups.setdefault(set_of(r["text"]), []).append(r["file"])
    results = {}
    for name, files in groups.items():
        order = sorted(files, key=lambda f: (-totals[f], f))
        results[name] = metrics(order, grades)
        print(f"{name:14s} n={len(files):3d}", results[name])
    if show:
        order = sorted(grades, key=lambda f: (-totals[f], f))
        for f in order[:show]:
            print(f"  {totals[f]:6.2f} g{grades[f]} {f}")
    return results


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("mode", choices=("extract", "score"))
    ap.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "rank_cache.json"))
    ap.add_argument("--profile", default=str(ROOT / "screening/data/profiles/machine-learning-engineer.json"))
    ap.add_argument("--show", type=int, default=0, help="print the first N of the mixed pool")
    a = ap.parse_args()
    if a.mode == "extract":
        extract(Path(a.cache))
    else:
        score(Path(a.cache), Path(a.profile), a.show)


if __name__ == "__main__":
    main()
