"""What the documents API takes (limits) and returns (the text), as frozen JSON-able dataclasses; the time budget."""
from __future__ import annotations

import time
from dataclasses import asdict, dataclass
from typing import Any

from screening.documents.errors import LimitExceeded

# spaCy refuses texts longer than its default nlp.max_length; above this we refuse rather than truncate.
HARD_MAX_CHARS = 1_000_000


@dataclass(frozen=True, slots=True)
class DocumentLimits:
    """How much work one document may cost.

    `max_chars`: text longer than this (after normalisation) is truncated at a line boundary and noted
    ("truncated to N characters"); text longer than 1,000,000 characters (spaCy's limit) is refused
    with LimitExceeded(code="too_long") instead, since such a file is not a resume.
    `max_seconds` is wall time, checked between pages and parts (a single hostile page is bounded by the
    caller's process limits, not here). `ocr` runs tesseract, when installed, on PDF pages without text.
    """

    max_bytes: int = 10 * 1024 * 1024
    max_pages: int = 40
    max_chars: int = 200_000
    max_seconds: float = 30.0
    ocr: bool = False

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_pages", "max_chars"):
            if getattr(self, name) < 1:
                raise ValueError(f"DocumentLimits.{name} must be at least 1")
        if not self.max_seconds > 0:
            raise ValueError("DocumentLimits.max_seconds must be positive")


@dataclass(frozen=True, slots=True)
class DocumentText:
    """The text of one resume file and how it was obtained.

    `needs_review` is None when the text can be used as is, else a reason for a person to look at the
    file ("no text layer (scanned PDF?)", "document is empty"); the text is then whatever could be read.
    """

    text: str
    kind: str  # "pdf" | "docx" | "txt"
    pages: int
    needs_review: str | None
    notes: tuple[str, ...] = ()
    # The file's own date (ISO "YYYY-MM-DD") from its metadata: a PDF's ModDate or CreationDate, a DOCX's
    # core properties (modified, else created); None for plain text or when absent or unreadable.
    # The resume was written by then, so "Present" in it cannot run later than this.
    written: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["notes"] = list(self.notes)
        return data


class Deadline:
    """Wall-clock budget for one document, checked at safe points between pages and parts."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def remaining(self) -> float:
        return self._end - time.monotonic()

    def check(self) -> None:
        if time.monotonic() > self._end:
            raise LimitExceeded(
                f"Reading the document took longer than the limit of {self.seconds:g} seconds.", code="timeout"
            )
