"""Turn resume files (PDF, DOCX, TXT) into faithful, normalised text, or a typed error saying why not.

    to_text(data, filename="", *, limits=DocumentLimits()) -> DocumentText
    sniff(data) -> "pdf" | "docx" | "txt"
    inspect(data, filename="", *, limits=DocumentLimits()) -> "pdf" | "docx" | "txt"   (upload-time check)
    normalise_text(text) -> str

Only DocumentError subclasses leave `to_text`, whatever the bytes. The type is decided from the bytes;
the filename is only a hint (kept out of decisions, so "cv.pdf" holding HTML is still refused).
Pure core: no Django, no settings; limits come in as arguments.
"""
from __future__ import annotations

from screening.documents.errors import (
    CorruptFile,
    DocumentError,
    EmptyFile,
    EncryptedFile,
    FileTooLarge,
    LimitExceeded,
    UnsafeFile,
    UnsupportedFileType,
)
from screening.documents.normalise import MAX_LINE_CHARS, clean_text, normalise_text
from screening.documents.schema import HARD_MAX_CHARS, Deadline, DocumentLimits, DocumentText
from screening.documents.sniffing import sniff

__all__ = [
    "CorruptFile",
    "DocumentError",
    "DocumentLimits",
    "DocumentText",
    "EmptyFile",
    "EncryptedFile",
    "FileTooLarge",
    "LimitExceeded",
    "UnsafeFile",
    "UnsupportedFileType",
    "inspect",
    "normalise_text",
    "sniff",
    "to_text",
]

REVIEW_EMPTY = "document is empty"
REVIEW_IMAGES_ONLY = "no text, only pictures (a scanned resume?)"
# How much more raw text than max_chars (in proportion) is cleaned before truncating.
_HEAD_MARGIN = 1.25
_DEFAULT_LIMITS = DocumentLimits()


def inspect(data: bytes, filename: str = "", *, limits: DocumentLimits = _DEFAULT_LIMITS) -> str:
    """The kind `to_text` would read the bytes as, checked cheaply enough to run while an upload waits.

    Raises what `to_text` would raise for the file's size, type and structure (EmptyFile, FileTooLarge,
    UnsupportedFileType; for DOCX the whole package precheck; for PDF CorruptFile, EncryptedFile or
    LimitExceeded("too_many_pages")) without extracting any text.
    """
    kind = _check_size_and_sniff(data, limits)
    data = bytes(data)
    if kind == "docx":
        from screening.documents.docx_text import check_archive

        check_archive(data)
    elif kind == "pdf":
        from screening.documents.pdf_safety import check_active_content
        from screening.documents.pdf_text import pdf_page_count

        check_active_content(data)
        pdf_page_count(data, max_pages=limits.max_pages)
    return kind


def to_text(data: bytes, filename: str = "", *, limits: DocumentLimits = _DEFAULT_LIMITS) -> DocumentText:
    """Extract and normalise the text of a resume file.

    Raises EmptyFile (0 bytes), FileTooLarge (over limits.max_bytes), UnsupportedFileType (not PDF,
    DOCX or plain text, polyglots included), CorruptFile, EncryptedFile, UnsafeFile (macros, zip bombs,
    unsafe zip entries, DTDs, PDF scripts, automatic actions and embedded files) or LimitExceeded (code "too_many_pages", "too_long" or "timeout").

    A file without extractable text (a scanned PDF, an empty DOCX, whitespace-only TXT) is not an error:
    the result has `needs_review` set and whatever text there was. Text longer than limits.max_chars is
    cut at a line boundary with the note "truncated to N characters"; text longer than 1,000,000
    characters once runs of whitespace are collapsed (spaCy's limit, far beyond any resume) raises
    LimitExceeded("too_long") instead.
    `filename` is accepted for the caller's logs and symmetry with upload handlers; it never decides the type.
    """
    deadline = Deadline(limits.max_seconds)
    kind = _check_size_and_sniff(data, limits)
    data = bytes(data)
    pages, needs_review, notes, written = 1, None, [], None
    if kind == "pdf":
        from screening.documents.pdf_safety import check_active_content
        from screening.documents.pdf_text import pdf_text  # pypdfium2 loads only where PDFs are read

        check_active_content(data)
        pdf = pdf_text(data, max_pages=limits.max_pages, ocr=limits.ocr, deadline=deadline)
        raw, pages, needs_review, notes = pdf.text, pdf.pages, pdf.needs_review, list(pdf.notes)
        written = pdf.written
    elif kind == "docx":
        from screening.documents.docx_text import docx_text, docx_written

        raw = docx_text(data, deadline)
        written = docx_written(data)
    else:
        from screening.documents.plain_text import decode_text

        raw, decoding_notes = decode_text(data)
        notes.extend(decoding_notes)
    deadline.check()
    text, cleaning_notes = _clean_within_limits(raw, limits.max_chars)
    notes.extend(cleaning_notes)
    if len(text) > limits.max_chars:
        text = _truncate(text, limits.max_chars)
        notes.append(f"truncated to {len(text)} characters")
    if not text and needs_review is None:
        needs_review = _why_empty(kind, data)
    return DocumentText(
        text=text, kind=kind, pages=pages, needs_review=needs_review, notes=tuple(notes), written=written
    )


def _why_empty(kind: str, data: bytes) -> str:
    if kind == "docx":
        from screening.documents.docx_text import has_images

        if has_images(data):
            return REVIEW_IMAGES_ONLY
    return REVIEW_EMPTY


def _check_size_and_sniff(data: bytes, limits: DocumentLimits) -> str:
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError("expected the file's bytes")
    data = bytes(data)
    if not data:
        raise EmptyFile()
    if len(data) > limits.max_bytes:
        raise FileTooLarge(f"The file is {_megabytes(len(data))}; the limit is {_megabytes(limits.max_bytes)}.")
    return sniff(data)


def _clean_within_limits(raw: str, max_chars: int) -> tuple[str, tuple[str, ...]]:
    """Normalise the text, refusing it when too long and cleaning only as much as will be kept.

    The length that counts is the text's with runs of whitespace collapsed: what normalisation leaves,
    near enough, known before the expensive repairs run. Past max_chars only a prefix worth a little more
    than max_chars is cleaned, since the rest would be cut anyway.
    """
    length = len(" ".join(raw.split()))
    if length > HARD_MAX_CHARS:
        raise LimitExceeded(
            f"The document has {length:,} characters of text; the limit is {HARD_MAX_CHARS:,}.", code="too_long"
        )
    if length <= max_chars:
        return clean_text(raw)
    enough = int(max_chars * _HEAD_MARGIN * len(raw) / length) + MAX_LINE_CHARS
    end = raw.find("\n", enough)
    head = raw[: end if end >= 0 else enough]
    text, notes = clean_text(head)
    if len(text) < max_chars and len(head) < len(raw):
        text, notes = clean_text(raw)  # the prefix shrank more than the whole did: clean it all
    return text, notes


def _truncate(text: str, max_chars: int) -> str:
    """Cut at the last line break within the limit (or hard at the limit when the first line is longer)."""
    cut = text.rfind("\n", 0, max_chars + 1)
    return text[: cut if cut > 0 else max_chars].rstrip()


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"
