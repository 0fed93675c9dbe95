"""Coverage-guided fuzzing of to_text with atheris: any exception other than DocumentError is a crash.

usage: .venv/bin/python tests/core/fuzz_documents.py [CORPUS_DIR ...] -atheris_runs=20000 [libFuzzer flags]
       .venv/bin/python tests/core/fuzz_documents.py --write-seeds DIR   (valid PDF/DOCX/TXT files to start from)

With no corpus the fuzzer starts from nothing and finds the PDF and zip headers by itself; seeds reach the
parsers' depths much sooner. A crash leaves its input as crash-<sha1> in the working directory: minimise it
and add it to the tests as a regression case.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import atheris  # noqa: E402

with atheris.instrument_imports(include=["screening.documents"]):
    # The readers are imported lazily by to_text; import them here so they are instrumented too.
    import screening.documents.docx_text  # noqa: F401
    import screening.documents.pdf_text  # noqa: F401
    import screening.documents.plain_text  # noqa: F401
    from screening.documents import DocumentError, DocumentLimits, to_text

LIMITS = DocumentLimits(max_pages=5, max_chars=20_000, max_seconds=5)


def test_one_input(data: bytes) -> None:
    try:
        result = to_text(data, limits=LIMITS)
    except DocumentError:
        return
    if "\x00" in result.text or len(result.text) > LIMITS.max_chars:
        raise AssertionError("to_text returned text that breaks its contract")


def write_seeds(directory: Path) -> None:
    sys.path.insert(0, str(ROOT))
    from tests.filegen import make_docx_layout, make_pdf, make_pdf_words, make_two_column_pdf, sample_resume

    directory.mkdir(parents=True, exist_ok=True)
    seeds = {
        "resume.pdf": make_pdf(sample_resume()),
        "glued.pdf": make_pdf_words(["Strong work ethic", "Python"], per_char=True),
        "columns.pdf": make_two_column_pdf(["Skills", "Python", "SQL"], ["Experience", "Northwind", "Contoso"]),
        "layout.docx": make_docx_layout(header="Ada", before=["Summary"], table=[["a", "b"]], text_box=["Box"]),
        "resume.txt": sample_resume().encode(),
        "resume-utf16.txt": sample_resume().encode("utf-16"),
    }
    for name, data in seeds.items():
        (directory / name).write_bytes(data)


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--write-seeds":
        write_seeds(Path(sys.argv[2]))
        return
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
