"""Reads one resume file into text and facts: the path shared by `parse_resume` and the worker.

Pure core: bytes in, a JSON-able outcome out. The worker runs it inside screening.sandbox; the
command line reads each file's text in the same sandbox (`read_document_isolated`), with the same
limits, and extracts facts from the texts in batches (the text is bounded by then).
"""
from __future__ import annotations

import dataclasses
import datetime
import functools
from dataclasses import dataclass, field
from typing import Any, cast

from screening import documents, nlp
from screening.nlp.dates import find_dates
from screening.nlp.facts import ResumeFacts
from spacy.language import Language
from screening.sandbox import SandboxError, SandboxLimits, run_isolated

DEFAULT_LIMITS = documents.DocumentLimits()  # frozen: one shared default instead of a call in each signature


class Outcome:
    PROCESSED = "processed"
    NEEDS_REVIEW = "needs_review"
    FAILED = "failed"


@dataclass(frozen=True)
class ReadResult:
    status: str  # Outcome.*
    text: str = ""
    facts: ResumeFacts | None = None
    kind: str = ""
    pages: int = 0
    notes: tuple[str, ...] = ()
    error_code: str = ""
    error: str = ""  # a human-readable reason for failed / needs_review
    parser_version: str = field(default_factory=lambda: nlp.PARSER_VERSION)

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "text": self.text,
            "facts": self.facts.to_dict() if self.facts is not None else None,
            "kind": self.kind,
            "pages": self.pages,
            "notes": list(self.notes),
            "error_code": self.error_code,
            "error": self.error,
            "parser_version": self.parser_version,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ReadResult":
        facts = data.get("facts")
        return cls(
            status=data["status"],
            text=data.get("text", ""),
            facts=ResumeFacts.from_dict(facts) if facts is not None else None,
            kind=data.get("kind", ""),
            pages=data.get("pages", 0),
            notes=tuple(data.get("notes", ())),
            error_code=data.get("error_code", ""),
            error=data.get("error", ""),
            parser_version=data.get("parser_version", nlp.PARSER_VERSION),
        )


def read_document(
    data: bytes, filename: str = "", *, limits: documents.DocumentLimits = DEFAULT_LIMITS
) -> tuple[documents.DocumentText | None, ReadResult | None]:
    """Turn bytes into text; on a bad file, the failed ReadResult instead."""
    try:
        return documents.to_text(data, filename, limits=limits), None
    except documents.DocumentError as exc:
        return None, ReadResult(status=Outcome.FAILED, error_code=exc.code, error=str(exc))


def read_document_isolated(
    data: bytes, filename: str, *, limits: documents.DocumentLimits, sandbox: SandboxLimits | None
) -> tuple[documents.DocumentText | None, ReadResult | None]:
    """`read_document` in a forked child with `sandbox`'s CPU, memory and time limits (None: in this
    process). A file that exhausts them fails with the sandbox's reason, as it does in the worker."""
    if sandbox is None:
        return read_document(data, filename, limits=limits)
    try:
        payload = run_isolated(_read_document_payload, data, filename, limits, limits=sandbox)
    except SandboxError as exc:
        return None, ReadResult(status=Outcome.FAILED, error_code=exc.code, error=str(exc))
    if payload["failed"] is not None:
        return None, ReadResult.from_dict(payload["failed"])
    doc = payload["document"]
    return documents.DocumentText(**{**doc, "notes": tuple(doc["notes"])}), None


def _read_document_payload(data: bytes, filename: str, limits: documents.DocumentLimits) -> dict:
    doc, failed = read_document(data, filename, limits=limits)
    return {
        "document": doc.to_dict() if doc is not None else None,
        "failed": failed.to_dict() if failed is not None else None,
    }


# A made-up resume (no real person) with a line for each part of the reader: contact details, headings,
# a role with dates, a degree, skills.
WARM_UP_RESUME = (
    "Ada Example\nada.example@example.com | +44 20 7946 0958 | github.com/adaexample\n\n"
    "Summary\nMachine learning engineer with five years of experience.\n\n"
    "Skills\nPython, PyTorch, scikit-learn, pandas, SQL, Docker\n\n"
    "Experience\nMachine Learning Engineer\nNorthwind Analytics, London\nJan 2019 - Present\n"
    "Built and deployed deep learning models for demand forecasting.\n\n"
    "Education\nM.Sc. in Computer Science, University of Edinburgh, 2018\n\n"
    "Certifications\nAWS Certified Machine Learning - Specialty\n"
)


def _warm_up_pdf(text: str) -> bytes:
    """A one-page PDF of `text` in Helvetica, written by hand (the core has no PDF writer)."""
    lines = " ".join(
        f"({line.replace(chr(92), '').replace('(', '').replace(')', '')}) Tj 0 -13 Td" for line in text.splitlines()
    )
    stream = f"BT /F1 10 Tf 50 780 Td {lines} ET".encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@functools.lru_cache(maxsize=4)
def warm_pipeline(model: str | None = None, taxonomy_path: str | None = None) -> Language:
    """The pipeline, built and already run once in this process on a made-up resume, as text and as a PDF.

    The reader compiles its rule tables and regular expressions on first use. A forked reader
    (screening.sandbox) that compiled them would throw them away when it exits, so every resume would
    pay that again (about half a second, most of a resume's time); compiled here, before the fork,
    every child inherits them.
    """
    pipeline = nlp.build_pipeline(model, taxonomy_path)
    today = datetime.date(2026, 1, 1)
    for data, name in ((WARM_UP_RESUME.encode(), "warm-up.txt"), (_warm_up_pdf(WARM_UP_RESUME), "warm-up.pdf")):
        doc, _ = read_document(data, name)
        if doc is not None and not doc.needs_review:
            reference_date(doc, today)
            nlp.extract(doc.text, today=today, pipeline=pipeline)
    return pipeline


def outcome_for(doc: documents.DocumentText, facts: ResumeFacts | None) -> ReadResult:
    if doc.needs_review:
        # No text to read (a scan, an empty file): never scored as a weak resume, never invented.
        return ReadResult(
            status=Outcome.NEEDS_REVIEW,
            text=doc.text,
            facts=None,
            kind=doc.kind,
            pages=doc.pages,
            notes=doc.notes,
            error_code="no_text",
            error=doc.needs_review,
        )
    return ReadResult(
        status=Outcome.PROCESSED, text=doc.text, facts=facts, kind=doc.kind, pages=doc.pages, notes=doc.notes
    )


def reference_date(doc: documents.DocumentText, uploaded: datetime.date) -> datetime.date:
    """The date "Present" in this resume stands for: the file's own date when its metadata gives one
    earlier than the upload (a resume written in 2018 and sent today does not vouch for the years since),
    else the upload date.

    A metadata date is believed only when it is no earlier than the latest date written in the text: a
    file cannot be older than what it says, and templates carry stale dates (python-docx's default is
    2013). A date later than the upload is a wrong clock. Both fall back to the upload date."""
    if not doc.written:
        return uploaded
    try:
        written = datetime.date.fromisoformat(doc.written)
    except ValueError:
        return uploaded
    if written >= uploaded:
        return uploaded
    latest = max(((d.year, d.month or 1) for d in find_dates(doc.text, uploaded) if d.year), default=None)
    if latest is not None and latest > (written.year, written.month):
        return uploaded
    return written


def read_resume(
    data: bytes,
    filename: str = "",
    *,
    limits: documents.DocumentLimits = DEFAULT_LIMITS,
    today: datetime.date | None = None,
    model: str | None = None,
    taxonomy_path: str | None = None,
    parser_version: str | None = None,
) -> ReadResult:
    """Read one file. `model` names an installed spaCy pipeline to start from and `taxonomy_path` a
    skills file other than the packaged one; `parser_version` records what they make of the output."""
    doc, failed = read_document(data, filename, limits=limits)
    if failed is not None:
        return failed
    doc = cast(documents.DocumentText, doc)  # read_document gives the text whenever it gives no failure
    pipeline = nlp.build_pipeline(model, taxonomy_path)
    reference = reference_date(doc, today or datetime.date.today())
    facts = None if doc.needs_review else nlp.extract(doc.text, today=reference, pipeline=pipeline)
    result = outcome_for(doc, facts)
    if parser_version:
        result = dataclasses.replace(result, parser_version=parser_version)
    return result
