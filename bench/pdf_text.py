"""Measure PDF text extraction: ms per page and word recall against pdfminer.six, ours vs plain pypdfium2.

usage: .venv/bin/python bench/pdf_text.py [PDF_DIR] [--worst N] [--repeat N] [--no-cache]

Word recall uses the metric of shared/eval/textfidelity.py: the multiset of lowercased [a-z0-9]+ words
pdfminer.six reads, and how many of them the other reader also produced. pdfminer.six is slow, so its
text is cached under /tmp (keyed by file size and mtime); pass --no-cache to re-read. Each file is
timed --repeat times for each reader, alternating, and the fastest run counts (the machine is shared).
"""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pypdfium2 as pdfium  # noqa: E402

from screening.documents import DocumentError, DocumentLimits, to_text  # noqa: E402

DEFAULT_DIR = "/work/shared/data/dev/pdf"
CACHE_DIR = Path(tempfile.gettempdir()) / "pdf_text_bench"


def words(text: str) -> collections.Counter:
    return collections.Counter(re.findall(r"[a-z0-9]+", text.lower()))


def recall(reference: collections.Counter, got: collections.Counter) -> tuple[int, int]:
    return sum(min(n, got[w]) for w, n in reference.items()), sum(reference.values())


def pdfminer_text(path: Path, use_cache: bool) -> str:
    stat = path.stat()
    key = hashlib.sha256(f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()[:24]
    cached = CACHE_DIR / f"{key}.json"
    if use_cache and cached.exists():
        return json.loads(cached.read_text(encoding="utf-8"))
    from pdfminer.high_level import extract_text

    text = extract_text(str(path))
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    cached.write_text(json.dumps(text), encoding="utf-8")
    return text


def plain_pdfium(data: bytes) -> tuple[str, int]:
    document = pdfium.PdfDocument(data)
    try:
        texts = []
        for page in document:
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(texts), len(texts)
    finally:
        document.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf_dir", nargs="?", default=DEFAULT_DIR)
    parser.add_argument("--worst", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-cache", action="store_true")
    args = parser.parse_args()

    files = sorted(p for p in Path(args.pdf_dir).iterdir() if p.suffix.lower() == ".pdf")
    limits = DocumentLimits(max_pages=1000, max_chars=10_000_000, max_seconds=600)
    totals = {"ours": [0, 0], "pdfium": [0, 0]}
    extra = {"ours": 0, "pdfium": 0}
    seconds = {"ours": 0.0, "pdfium": 0.0}
    pages = 0
    rows, errors, columns = [], [], 0
    for path in files:
        data = path.read_bytes()
        reference = words(pdfminer_text(path, not args.no_cache))
        best = {"ours": float("inf"), "pdfium": float("inf")}
        for _ in range(max(args.repeat, 1)):
            started = time.perf_counter()
            plain, count = plain_pdfium(data)
            best["pdfium"] = min(best["pdfium"], time.perf_counter() - started)
            started = time.perf_counter()
            try:
                result = to_text(data, path.name, limits=limits)
                ours, error_text = result.text, None
            except DocumentError as error:
                ours, result, error_text = "", None, f"{path.name}: {error.code}: {error}"
            best["ours"] = min(best["ours"], time.perf_counter() - started)
        for name in best:
            seconds[name] += best[name]
        if error_text:
            errors.append(error_text)
        columns += bool(result and "two-column layout" in result.notes)
        pages += count
        for name, text in (("ours", ours), ("pdfium", plain)):
            got = words(text)
            hit, total = recall(reference, got)
            extra[name] += sum((got - reference).values())
            totals[name][0] += hit
            totals[name][1] += total
            if name == "ours":
                rows.append((hit / total if total else 1.0, path.name))

    print(f"files {len(files)}  pages {pages}  two-column pages' files {columns}  errors {len(errors)}")
    for name in ("ours", "pdfium"):
        hit, total = totals[name]
        label = "ours (to_text)" if name == "ours" else "plain get_text_range"
        print(
            f"{label:22s} {1000 * seconds[name] / max(pages, 1):6.2f} ms/page   word recall {hit / max(total, 1):.4f}"
            f"   words not in pdfminer's text {extra[name] / max(total, 1):.4f}"
        )
    print(f"\n{args.worst} worst files (ours):")
    for score, name in sorted(rows)[: args.worst]:
        print(f"  {score:.3f} {name}")
    for line in errors:
        print("  error", line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
