"""The errors that reading a resume file can raise: one family, each with a short `code` and a human message."""
from __future__ import annotations


class DocumentError(Exception):
    """Base of every error `to_text` raises; `code` is a stable slug, `str(error)` a message for people."""

    code: str = "document_error"
    default_message: str = "The file could not be read."

    def __init__(self, message: str | None = None, *, code: str | None = None) -> None:
        super().__init__(message or self.default_message)
        if code is not None:
            # An instance attribute, so the default pickling (type, args, __dict__) carries it across processes.
            self.code = code

    @property
    def message(self) -> str:
        return str(self)


class UnsupportedFileType(DocumentError):
    code = "unsupported_type"
    default_message = "The file is not a PDF, Word (.docx) or plain-text document."


class FileTooLarge(DocumentError):
    code = "too_large"
    default_message = "The file is too large."


class EmptyFile(DocumentError):
    code = "empty"
    default_message = "The file is empty."


class CorruptFile(DocumentError):
    code = "corrupt"
    default_message = "The file is damaged or incomplete and cannot be read."


class EncryptedFile(DocumentError):
    code = "encrypted"
    default_message = "The PDF is password-protected; please upload a copy without a password."


class UnsafeFile(DocumentError):
    code = "unsafe"
    default_message = "The file contains content we do not open (macros, entities or a compressed bomb)."


class LimitExceeded(DocumentError):
    """A size, page or time limit was reached; `code` says which: too_many_pages, too_long or timeout."""

    code = "limit_exceeded"
    default_message = "The document is over a processing limit."
