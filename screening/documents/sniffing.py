"""Decide a file's kind (pdf, docx, txt) from its bytes alone; names and client content types are only hints."""
from __future__ import annotations

import io
import re
import zipfile
import zlib

from screening.documents.errors import UnsupportedFileType

PDF_MAGIC = b"%PDF-"
ZIP_MAGIC = b"PK\x03\x04"
DOCX_MAIN_PART = "word/document.xml"

# How far into the file a PDF header may sit (Acrobat accepts junk before it; so do we, up to 1 KB).
_PDF_HEADER_WINDOW = 1024
# Markup or executable content before a PDF header makes the file a polyglot that a browser or an OS
# would treat as something else.
_POLYGLOT_MARKUP = re.compile(rb"<\s*(?:!doctype|html|head|body|script|svg|iframe|object|embed|\?xml)", re.I)
_MARKUP_START = re.compile(rb"\s*<\s*(?:!doctype|html|head|body|script|svg|\?xml|!--|style|iframe|meta|div|a\s)", re.I)
# Any tag, comment or declaration before the PDF header ("<p>", "<a href=...>", "<!-- -->", "</x>"): a
# browser sniffing the file would render it as HTML; a PDF writer never puts markup there.
_ANY_TAG = re.compile(rb"<\s*[A-Za-z!?/]")
_SCRIPT_NEAR_START = re.compile(rb"<\s*(?:script|html|!doctype\s+html|svg|iframe)", re.I)
# Signatures of binary formats whose bytes could otherwise pass for (odd) text.
_BINARY_SIGNATURES = (
    b"MZ",  # Windows executables
    b"\x7fELF",
    b"\xca\xfe\xba\xbe",  # Mach-O universal / Java class
    b"\xcf\xfa\xed\xfe",
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF8",
    b"II*\x00",
    b"MM\x00*",  # TIFF
    b"%!PS",
    b"{\\rtf",
    b"\xd0\xcf\x11\xe0",  # OLE: legacy .doc/.xls
    b"PK\x05\x06",  # empty zip
    b"PK\x07\x08",
    b"\x1f\x8b",  # gzip
    b"7z\xbc\xaf",
    b"Rar!",
    b"#!",  # scripts
)
# Everything zipfile raises on a damaged or unusual archive (versions, methods and encryption it lacks
# included); RuntimeError covers NotImplementedError and "password required".
ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, ValueError, EOFError, RuntimeError)
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_TEXT_SAMPLE = 8192
_POLYGLOT_SCAN = 65536
# A zip whose directory is damaged is judged by the names in its local headers, searched this far.
_LOCAL_HEADER_SCAN = 1 << 20
# C0 controls other than tab, line feed, form feed, carriage return and escape, plus DEL (and NUL).
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0e-\x1a\x1c-\x1f\x7f]")
_UTF32_BOMS = (b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")


def sniff(data: bytes) -> str:
    """Return "pdf", "docx" or "txt" for the bytes, or raise UnsupportedFileType.

    PDF: "%PDF-" within the first 1024 bytes, with no markup, zip or executable header before it.
    DOCX: a zip archive holding word/document.xml (a zip too damaged to list is still judged by its
    local headers, so a truncated DOCX is reported as corrupt later rather than as the wrong type).
    TXT: no NUL bytes (unless UTF-16/32 with a BOM), not markup (HTML, SVG, XML), not a known binary format.
    """
    head = data[:_PDF_HEADER_WINDOW]
    pdf_at = head.find(PDF_MAGIC)
    if data.startswith(ZIP_MAGIC):
        if pdf_at >= 0:
            raise UnsupportedFileType("The file is both a zip archive and a PDF; such files are not accepted.")
        if _is_docx_zip(data):
            return "docx"
        raise UnsupportedFileType("The file is a zip archive but not a Word (.docx) document.")
    if pdf_at >= 0:
        if (
            _POLYGLOT_MARKUP.search(head[:pdf_at])
            or _ANY_TAG.search(head[:pdf_at])
            or head.startswith((b"MZ", b"\x7fELF"))
        ):
            raise UnsupportedFileType(
                "The file carries other content before its PDF header; such files are not accepted."
            )
        return "pdf"
    if looks_like_text(data):
        return "txt"
    raise UnsupportedFileType()


def looks_like_text(data: bytes) -> bool:
    """True when the bytes are plain text as a resume would be (the TXT sniffing rule)."""
    if data.startswith(_UTF32_BOMS) or data.startswith(_UTF16_BOMS):
        encoding = "utf-32" if data.startswith(_UTF32_BOMS) else "utf-16"
        head = data[: _TEXT_SAMPLE * 4].decode(encoding, errors="replace").encode("utf-8", errors="replace")
    elif b"\x00" in data or data.startswith(_BINARY_SIGNATURES) or _is_bitmap(data):
        return False
    elif PDF_MAGIC in data[:_POLYGLOT_SCAN]:
        return False  # a PDF header past the first KB: some readers still open it as a PDF
    else:
        head = data[:_TEXT_SAMPLE].removeprefix(b"\xef\xbb\xbf")
    if len(_CONTROL_BYTES.findall(head)) > 8 + len(head) // 50:
        return False  # text has (almost) no control characters; binary formats are full of them
    return not (_MARKUP_START.match(head) or _SCRIPT_NEAR_START.search(head[:_PDF_HEADER_WINDOW]))


def _is_bitmap(data: bytes) -> bool:
    # "BM" then a little-endian file size equal to the length: a Windows bitmap, not the word "BMW".
    return data.startswith(b"BM") and len(data) >= 6 and int.from_bytes(data[2:6], "little") == len(data)


def _is_docx_zip(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return DOCX_MAIN_PART in archive.NameToInfo
    except ZIP_ERRORS:
        # A damaged central directory: fall back to the local file headers at the front of the file.
        return DOCX_MAIN_PART.encode() in data[:_LOCAL_HEADER_SCAN]

