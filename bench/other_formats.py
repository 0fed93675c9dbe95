"""Fields read from resumes of other origins: the generated check set of `tests/resume_formats.py`.

usage: .venv/bin/python bench/other_formats.py [--show]

Builds the check set (LaTeX-like and two-column designer PDFs, Word tables, Europass-like and text-box DOCX,
Google Docs text; every person invented), reads each file as the worker does (`screening.reading.read_resume`)
and prints recall and precision of name, employer, title, institution and graduation year, per layout and
overall. --show lists each miss and each extra value.
"""
from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from screening.reading import read_resume  # noqa: E402
from tests.resume_formats import check_set, predicted, same, score  # noqa: E402

FIELDS = ("name", "employer", "title", "institution", "year")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", action="store_true")
    args = ap.parse_args(argv)
    by_layout: dict[str, list] = {}
    for sample in check_set():
        result = read_resume(sample.data, sample.name, today=datetime.date(2026, 11, 15))
        pred = predicted(result.facts) if result.facts is not None else {f: [] for f in FIELDS}
        layout = sample.name.rsplit("-", 1)[1].split(".")[0]
        by_layout.setdefault(layout, []).append((sample.gold, pred))
        if args.show:
            for field in FIELDS:
                match = (lambda a, b: a == b) if field == "year" else same
                missed = [g for g in sample.gold[field] if not any(match(g, v) for v in pred[field])]
                extra = [v for v in pred[field] if not any(match(g, v) for g in sample.gold[field])]
                if missed or extra:
                    print(f"  {sample.name} {field}: missed {missed} extra {extra}")
    print(f"{'layout':12s}" + "".join(f"{f:>22s}" for f in FIELDS))
    rows = [(name, pairs) for name, pairs in sorted(by_layout.items())]
    rows.append(("all", [p for _, pairs in rows for p in pairs]))
    for name, pairs in rows:
        figures = score(pairs)
        print(f"{name:12s}" + "".join(f"   R {figures[f][0]:.2f}  P {figures[f][1]:.2f}    " for f in FIELDS))
    print("(R = recall, P = precision; goal on resumes of other origins: R >= 0.90 and P >= 0.85 for each field)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
