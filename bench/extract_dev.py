"""Run the resume reader over files and print one JSON line per file (for fieldeval.py), plus timing.

usage: python bench/extract_dev.py [--taxonomy PATH] [--today YYYY-MM-DD] [--profile] FILES... > out.jsonl

Each line: {"file", "status": "processed"|"failed"|"skipped", "error", "text", "facts"}. TXT files are read as
UTF-8; PDF and DOCX go through `screening.documents.to_text` when that module is present (else skipped).
Timing of `extract()` alone (text already read) goes to stderr: ms per resume, mean and p95.
"""
from __future__ import annotations

import argparse
import cProfile
import datetime
import json
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from screening.nlp import build_pipeline, extract  # noqa: E402


def read_text(path: Path) -> str | None:
    if path.suffix.lower() == ".txt":
        return path.read_text(encoding="utf-8", errors="replace")
    try:
        from screening.documents import to_text
    except ImportError:
        return None
    return to_text(path.read_bytes(), path.name).text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+")
    parser.add_argument("--taxonomy", help="skills JSONL (default: screening/nlp/data/skills.jsonl)")
    parser.add_argument("--today", help="reference date for 'Present' (default: today)")
    parser.add_argument("--profile", action="store_true", help="print a cProfile summary of extract() to stderr")
    args = parser.parse_args(argv)
    today = datetime.date.fromisoformat(args.today) if args.today else datetime.date.today()
    nlp = build_pipeline(taxonomy_path=args.taxonomy)

    texts: list[tuple[str, str | None, str | None]] = []
    for name in args.files:
        path = Path(name)
        if path.name.endswith(".jsonl") or path.name.endswith(".csv"):
            continue
        try:
            texts.append((name, read_text(path), None))
        except Exception as exc:  # a bad file is a result line, not a crash of the whole run
            texts.append((name, None, f"{type(exc).__name__}: {exc}"))

    # warm the caches (rules, tokenizer) so timing measures the steady state of a worker
    extract("Jane Doe\nSKILLS\nPython", today=today, pipeline=nlp)
    profiler = cProfile.Profile() if args.profile else None
    timings = []
    for name, text, error in texts:
        if text is None:
            status = "failed" if error else "skipped"
            print(json.dumps({"file": name, "status": status, "error": error, "text": None, "facts": None}))
            continue
        if profiler:
            profiler.enable()
        t0 = time.perf_counter()
        try:
            facts = extract(text, today=today, pipeline=nlp)
        except Exception as exc:
            print(json.dumps({"file": name, "status": "failed", "error": repr(exc), "text": text, "facts": None}))
            continue
        finally:
            if profiler:
                profiler.disable()
        timings.append(time.perf_counter() - t0)
        print(json.dumps({"file": name, "status": "processed", "error": None, "text": text, "facts": facts.to_dict()}, ensure_ascii=False))
    if timings:
        ordered = sorted(timings)
        mean = sum(timings) / len(timings) * 1000
        p95 = ordered[int(0.95 * (len(ordered) - 1))] * 1000
        print(f"extract(), first pass: {len(timings)} resumes, mean {mean:.2f} ms, p95 {p95:.2f} ms", file=sys.stderr)
        _steady_state(nlp, [t for _, t, _ in texts if t is not None], today)
    if profiler:
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(30)
    return 0


def _steady_state(nlp, texts: list[str], today: datetime.date, rounds: int = 3) -> None:
    """Best of a few warm passes of extract() against the floor: spacy.blank("en") tokenising the same texts."""
    import spacy

    blank = spacy.blank("en")
    for text in texts:
        blank.make_doc(text)  # warm the blank tokenizer's cache as extract()'s was warmed above
    best_extract = best_floor = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for text in texts:
            blank.make_doc(text)
        t1 = time.perf_counter()
        for text in texts:
            extract(text, today=today, pipeline=nlp)
        t2 = time.perf_counter()
        best_floor = min(best_floor, (t1 - t0) / len(texts))
        best_extract = min(best_extract, (t2 - t1) / len(texts))
    print(
        f"steady state: extract() {best_extract * 1000:.2f} ms/resume, blank tokenizer floor "
        f"{best_floor * 1000:.2f} ms/resume, ratio {best_extract / best_floor:.2f}x",
        file=sys.stderr,
    )


if __name__ == "__main__":
    raise SystemExit(main())
