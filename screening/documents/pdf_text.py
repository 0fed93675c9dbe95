"""Read the text of a PDF resume with pypdfium2: characters and boxes per page, words and columns rebuilt.

Optional OCR (tesseract, when installed and asked for) covers pages that have no text layer.
"""
from __future__ import annotations

import ctypes
import datetime
import math
import re
import shutil
import subprocess
import threading
from dataclasses import dataclass

import numpy as np
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from screening.documents.errors import CorruptFile, EncryptedFile, LimitExceeded
from screening.documents.pdf_layout import PageChars, document_text, visible_positions
from screening.documents.schema import HARD_MAX_CHARS, Deadline

NOTE_COLUMNS = "two-column layout"
NOTE_OCR = "ocr"
REVIEW_NO_TEXT = "no text layer (scanned PDF?)"

# pdfium is not thread-safe; a web process running tasks in threads must not enter it twice at once.
_PDFIUM_LOCK = threading.Lock()

# OCR renders at 300 dpi, but never more than this many pixels (a hostile page can be metres wide).
OCR_DPI = 300
OCR_MAX_PIXELS = 25_000_000
OCR_TIMEOUT_SECONDS = 60.0
_MAX_OBJECTS_INSPECTED = 5_000

# One call per character is unavoidable (pdfium has no bulk box API), so the call itself must be cheap:
# a prototype taking plain addresses skips pypdfium2's per-argument pointer conversion, and PYFUNCTYPE
# keeps the GIL across a call that lasts well under a microsecond instead of releasing and retaking it
# (a third faster; pdfium is only ever entered by one thread, under _PDFIUM_LOCK).
_VOID_P = ctypes.c_void_p
_get_loose_char_box = ctypes.PYFUNCTYPE(ctypes.c_int, _VOID_P, ctypes.c_int, _VOID_P)(
    ctypes.cast(pdfium_c.FPDFText_GetLooseCharBox, _VOID_P).value  # type: ignore[arg-type]  # an exported function is never NULL
)
_get_unicode = ctypes.PYFUNCTYPE(ctypes.c_uint, _VOID_P, ctypes.c_int)(
    ctypes.cast(pdfium_c.FPDFText_GetUnicode, _VOID_P).value  # type: ignore[arg-type]  # an exported function is never NULL
)
_BOX_BYTES = ctypes.sizeof(pdfium_c.FS_RECTF)
_NO_CHARACTERS = PageChars(np.zeros(0, np.uint32), np.zeros((0, 4), np.float32), np.zeros(0, np.intp))


@dataclass(frozen=True, slots=True)
class PdfText:
    text: str
    pages: int
    needs_review: str | None
    notes: tuple[str, ...]
    written: str | None = None


def pdf_text(data: bytes, *, max_pages: int, ocr: bool, deadline: Deadline) -> PdfText:
    """The text of every page, pages separated by a blank line; raises a DocumentError for bad files."""
    with _PDFIUM_LOCK:
        document = _open(data)
        try:
            read = _read(document, max_pages=max_pages, ocr=ocr, deadline=deadline)
            return PdfText(read.text, read.pages, read.needs_review, read.notes, _written(document))
        finally:
            document.close()


_PDF_DATE_RX = re.compile(r"(?:D:)?(\d{4})(\d{2})?(\d{2})?")


def _written(document: pdfium.PdfDocument) -> str | None:
    """The latest of the PDF's ModDate and CreationDate ("D:20210808155012+05'30'") as an ISO date."""
    try:
        info = document.get_metadata_dict()
    except Exception:  # noqa: BLE001 - a damaged info dictionary only loses the date
        return None
    return max(filter(None, (pdf_date(info.get(key, "")) for key in ("ModDate", "CreationDate"))), default=None)


def pdf_date(value: str) -> str | None:
    m = _PDF_DATE_RX.match(value.strip()) if value else None
    if not m:
        return None
    try:
        return datetime.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)).isoformat()
    except ValueError:
        return None


def pdf_page_count(data: bytes, *, max_pages: int) -> int:
    """Open the PDF only to count its pages: the upload-time check for damage, passwords and length."""
    with _PDFIUM_LOCK:
        document = _open(data)
        try:
            count = len(document)
        finally:
            document.close()
    _check_page_count(count, max_pages)
    return count


def _check_page_count(count: int, max_pages: int) -> None:
    if count > max_pages:
        raise LimitExceeded(f"The PDF has {count} pages; the limit is {max_pages}.", code="too_many_pages")


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if error.err_code in (pdfium_c.FPDF_ERR_PASSWORD, pdfium_c.FPDF_ERR_SECURITY):
            raise EncryptedFile() from error
        raise CorruptFile("The PDF is damaged or incomplete and cannot be read.") from error


def _read(document: pdfium.PdfDocument, *, max_pages: int, ocr: bool, deadline: Deadline) -> PdfText:
    count = len(document)
    _check_page_count(count, max_pages)
    if count == 0:
        return PdfText("", 0, "the PDF has no pages", ())
    pages: list[PageChars] = []
    ocr_texts: dict[int, str] = {}
    scanned: list[int] = []
    tesseract = shutil.which("tesseract") if ocr else None
    visible = 0
    for number in range(count):
        deadline.check()
        try:
            page = document[number]
        except pdfium.PdfiumError as error:
            raise CorruptFile(f"Page {number + 1} of the PDF is damaged and cannot be read.") from error
        try:
            characters = _page_characters(page, budget=HARD_MAX_CHARS - visible)
            visible += characters.chars.size
            if characters.chars.size == 0 and _has_graphics(page):
                text = _ocr_page(page, tesseract, deadline) if tesseract else ""
                if text.strip():
                    ocr_texts[number] = text
                else:
                    scanned.append(number + 1)
        finally:
            page.close()
        pages.append(characters)
    layouts = document_text(pages)
    texts = [ocr_texts.get(number, layout.text) for number, layout in enumerate(layouts)]
    notes = []
    if any(layout.columns for layout in layouts):
        notes.append(NOTE_COLUMNS)
    if ocr_texts:
        notes.append(NOTE_OCR)
    return PdfText("\n\n".join(texts), count, _review_reason(texts, scanned, count), tuple(notes))


def _review_reason(texts: list[str], scanned: list[int], count: int) -> str | None:
    if not any(text.strip() for text in texts):
        return REVIEW_NO_TEXT
    if scanned:
        pages = ", ".join(map(str, scanned))
        return f"no text layer on page{'s' if len(scanned) > 1 else ''} {pages} of {count} (scanned?)"
    return None


def _page_characters(page: pdfium.PdfPage, *, budget: int) -> PageChars:
    try:
        textpage = page.get_textpage()
    except pdfium.PdfiumError as error:
        raise CorruptFile("A page of the PDF is damaged and its text cannot be read.") from error
    try:
        count = pdfium_c.FPDFText_CountChars(textpage.raw)
        if count <= 0:
            return _NO_CHARACTERS
        handle = ctypes.cast(textpage.raw, _VOID_P).value
        codes = _codes(textpage, handle, count)
        positions = visible_positions(codes)
        if positions.size > budget:
            # Refused before the per-character work: the whole text could never be used anyway.
            raise LimitExceeded(
                f"The PDF has more than {HARD_MAX_CHARS:,} characters of text; the limit is {HARD_MAX_CHARS:,}.",
                code="too_long",
            )
        return PageChars(codes[positions], _boxes(handle, positions), positions)
    finally:
        textpage.close()


def _boxes(handle: int | None, positions: np.ndarray) -> np.ndarray:
    """Loose boxes (left, top, right, bottom) of the characters at `positions`."""
    count = positions.size
    boxes = (ctypes.c_float * (4 * count))()
    base = ctypes.addressof(boxes)
    # map() keeps the per-character loop in C; the boxes land straight in one array numpy can view.
    addresses = range(base, base + _BOX_BYTES * count, _BOX_BYTES)
    for _ in map(_get_loose_char_box, [handle] * count, positions.tolist(), addresses):
        pass
    return np.frombuffer(memoryview(boxes), dtype=np.float32).reshape(count, 4)


def _codes(textpage: pdfium.PdfTextPage, handle: int | None, count: int) -> np.ndarray:
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(textpage.raw, 0, count, buffer)
    raw = bytes(buffer)[: 2 * max(written - 1, 0)]
    text = raw.decode("utf-16-le", errors="replace")
    if len(text) != count:
        # Characters outside the BMP (surrogate pairs in UTF-16) break the index match: ask one by one.
        return np.fromiter(map(_get_unicode, [handle] * count, range(count)), dtype=np.uint32, count=count)
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _has_graphics(page: pdfium.PdfPage) -> bool:
    """Whether a page without text draws images or forms, i.e. looks scanned rather than blank."""
    raw = page.raw
    count = pdfium_c.FPDFPage_CountObjects(raw)
    for index in range(min(count, _MAX_OBJECTS_INSPECTED)):
        kind = pdfium_c.FPDFPageObj_GetType(pdfium_c.FPDFPage_GetObject(raw, index))
        if kind in (pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_FORM):
            return True
    # Thousands of drawing objects and no text: outlined lettering or art; either way a person should look.
    return count > _MAX_OBJECTS_INSPECTED


def _ocr_page(page: pdfium.PdfPage, tesseract: str, deadline: Deadline) -> str:
    """Rasterise one page and read it with the tesseract command line; "" when OCR fails or times out."""
    width, height = page.get_size()
    scale = OCR_DPI / 72
    if width * height * scale * scale > OCR_MAX_PIXELS:
        scale = math.sqrt(OCR_MAX_PIXELS / max(width * height, 1.0))
    try:
        bitmap = page.render(scale=scale, grayscale=True)
    except pdfium.PdfiumError:
        return ""  # pdfium could not rasterise the page (no memory for it, or an empty page box)
    try:
        image = _pgm(bitmap)
    finally:
        bitmap.close()
    timeout = max(0.1, min(OCR_TIMEOUT_SECONDS, deadline.remaining()))
    try:
        result = subprocess.run(
            [tesseract, "stdin", "stdout"], input=image, capture_output=True, timeout=timeout, check=False
        )
    except (subprocess.TimeoutExpired, OSError):
        return ""
    if result.returncode != 0:
        return ""
    return result.stdout.decode("utf-8", errors="replace")


def _pgm(bitmap: pdfium.PdfBitmap) -> bytes:
    """A binary PGM image (tesseract reads it from stdin) from a one-channel pdfium bitmap."""
    rows = np.frombuffer(bitmap.buffer, dtype=np.uint8).reshape(bitmap.height, bitmap.stride)[:, : bitmap.width]
    return f"P5 {bitmap.width} {bitmap.height} 255\n".encode() + rows.tobytes()
