"""Skill precision on the judged mentions, overall and on a tune half and a check half split by file.

usage: .venv/bin/python bench/skill_precision.py [--judged CSV] [--parse PARSE.jsonl] [--show]

Reads every judged file the way `manage.py parse_resume --json` does (documents.to_text, then nlp.extract_many),
unless --parse gives that command's output already. Then runs the shared scorer (`eval/skillprec.py`) three times:
on all judged rows, on the tune half and on the check half. A row's half is decided by its file name alone (the
first byte of its SHA-1, even: tune; odd: check), so every mention of one resume falls in the same half and the
split never changes when the parser does. Rules are tuned on the tune half; the check half says whether they
hold on resumes they were not made for.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

SHARED = Path(__file__).resolve().parents[2] / "shared"
if not SHARED.is_dir():
    SHARED = Path("/work/shared")  # a worktree sits one level deeper than the main checkout


def half_of(file_name: str) -> str:
    return "tune" if hashlib.sha1(file_name.encode(), usedforsecurity=False).digest()[0] % 2 == 0 else "check"


def parse(paths: list[Path]) -> list[dict]:
    from screening import nlp
    from screening.reading import outcome_for, read_document

    docs = [(path, *read_document(path.read_bytes(), path.name)) for path in paths]
    readable = [doc.text for _, doc, _ in docs if doc is not None and not doc.needs_review]
    facts = iter(nlp.extract_many(readable))
    rows = []
    for path, doc, failed in docs:
        if failed is not None:
            result = failed
        else:
            assert doc is not None  # read_document gives the text whenever it gives no failure
            result = outcome_for(doc, None if doc.needs_review else next(facts))
        rows.append(
            {"file": str(path), "status": result.status, "text": result.text,
             "facts": result.facts.to_dict() if result.facts is not None else None}
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--judged", default=str(SHARED / "data" / "dev" / "skills_judged.csv"))
    ap.add_argument("--parse", help="parse_resume --json output for the judged files (default: read them now)")
    ap.add_argument("--show", action="store_true", help="list the false matches still reported")
    args = ap.parse_args(argv)
    scorer = SHARED / "eval" / "skillprec.py"
    with open(args.judged, encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = list(reader.fieldnames or ()), list(reader)
    with tempfile.TemporaryDirectory() as tmp:
        parse_path = args.parse
        if not parse_path:
            data_dir = Path(args.judged).parent
            paths = []
            for name in sorted({r["file"] for r in rows}):
                found = sorted(data_dir.glob(f"*/{name}"))
                if found:
                    paths.append(found[0])
            parse_path = str(Path(tmp) / "parse.jsonl")
            with open(parse_path, "w", encoding="utf-8") as out:
                for row in parse(paths):
                    out.write(json.dumps(row, ensure_ascii=False) + "\n")
        for label, keep in (("all", lambda r: True), ("tune", lambda r: half_of(r["file"]) == "tune"),
                            ("check", lambda r: half_of(r["file"]) == "check")):
            part = Path(tmp) / f"{label}.csv"
            with open(part, "w", encoding="utf-8", newline="") as out:
                writer = csv.DictWriter(out, fieldnames=fields)
                writer.writeheader()
                writer.writerows(r for r in rows if keep(r))
            command = [sys.executable, str(scorer), str(part), parse_path] + (["--show"] if args.show else [])
            # the shared scorer run by this interpreter on files written just above: no untrusted input
            report = subprocess.run(command, check=True, capture_output=True, text=True).stdout  # noqa: S603
            print(f"== {label} ({sum(1 for r in rows if keep(r))} judged mentions)")
            print(report.rstrip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
