"""Read the text of a Word (.docx) resume safely: a zip precheck, then paragraphs, tables and text boxes in order."""
from __future__ import annotations

import datetime
import io
import re
import zipfile
from collections.abc import Iterator

from screening.documents.errors import CorruptFile, EncryptedFile, UnsafeFile
from screening.documents.schema import Deadline
from screening.documents.sniffing import DOCX_MAIN_PART, ZIP_ERRORS

MAX_ENTRIES = 500
MAX_TOTAL_UNCOMPRESSED = 50 * 1024 * 1024
MAX_RATIO = 100
# Deflate reaches far beyond 100:1 on a few kilobytes of repeated markup, so the ratio only matters for
# entries large enough to hurt.
RATIO_MIN_SIZE = 64 * 1024

_S_IFMT, _S_IFLNK = 0o170000, 0o120000
_DTD = re.compile(rb"<!\s*(?:doctype|entity)", re.I)
_MACRO_CONTENT_TYPE = re.compile(rb"macroEnabled", re.I)
_XML_ENCODING = re.compile(rb"\s*<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")
_XML_ENCODINGS = {b"utf-8", b"utf8", b"utf-16", b"utf-16le", b"utf-16be", b"utf-32", b"us-ascii", b"ascii"}
# Longest first: a UTF-32 BOM begins with the UTF-16 one.
_WIDE_PREFIXES = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"<\x00\x00\x00", "utf-32-le"),
    (b"\x00\x00\x00<", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"<\x00", "utf-16-le"),
    (b"\x00<", "utf-16-be"),
)
# A row whose cells are all single lines reads as one line, cells split by this so words never glue.
CELL_SEPARATOR = " | "

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
W_P, W_TBL, W_TR, W_TC, W_SDT, W_SDT_CONTENT = (_W + t for t in ("p", "tbl", "tr", "tc", "sdt", "sdtContent"))
W_CUSTOM_XML, W_TXBX, W_T = _W + "customXml", _W + "txbxContent", _W + "t"
W_SECT_PR, W_HEADER_REF, W_FOOTER_REF = _W + "sectPr", _W + "headerReference", _W + "footerReference"
_TABS = {_W + "tab", _W + "ptab"}
_BREAKS = {_W + "br", _W + "cr"}
# Property elements never hold document text; skipping them keeps the walk short.
_NO_TEXT = {_W + "pPr", _W + "rPr", _W + "tblPr", _W + "trPr", _W + "tcPr", _W + "sdtPr", W_SECT_PR, _MC_FALLBACK}


def check_archive(data: bytes) -> None:
    """Refuse a DOCX before any part is decompressed into memory beyond what its directory declares.

    Limits: at most 500 entries, 50 MB declared in total, 100:1 per large entry; no "..", absolute,
    backslash or drive names, no symlinks or duplicate names; [Content_Types].xml and word/document.xml
    present; no macros (vbaProject.bin, macro-enabled content type); no XML part with a DTD or entity,
    in whatever UTF the part is written, and none in an encoding Word never writes (UTF-7 hides markup).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except ZIP_ERRORS as error:
        raise CorruptFile("The Word document is damaged or incomplete (its zip directory cannot be read).") from error
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_ENTRIES:
            raise UnsafeFile(f"The Word document has {len(infos)} parts; the limit is {MAX_ENTRIES}.")
        if sum(info.file_size for info in infos) > MAX_TOTAL_UNCOMPRESSED:
            raise UnsafeFile("The Word document would expand to more than 50 MB.")
        names: set[str] = set()
        for info in infos:
            _check_entry(info, names)
        lowered = {name.lower() for name in names}
        if "[content_types].xml" not in lowered or DOCX_MAIN_PART not in names:
            raise CorruptFile("The Word document is missing required parts.")
        if any(name.rsplit("/", 1)[-1] == "vbaproject.bin" for name in lowered):
            raise UnsafeFile("The Word document contains macros; please upload a .docx without macros.")
        for info in infos:
            # By content, not by name: [Content_Types].xml can declare any part name XML (an override for
            # "word/evil.bin"), and the XML parser reads whatever it is handed.
            if info.filename.lower().endswith((".xml", ".rels")) or _starts_as_xml(archive, info):
                _check_xml_part(archive, info)


def _check_entry(info: zipfile.ZipInfo, names: set[str]) -> None:
    name = info.filename
    parts = name.split("/")
    if name.startswith("/") or "\\" in name or ".." in parts or ":" in parts[0] or "\x00" in name:
        raise UnsafeFile("The Word document contains an entry with an unsafe path.")
    if (info.external_attr >> 16) & _S_IFMT == _S_IFLNK:
        raise UnsafeFile("The Word document contains a symbolic link.")
    if name in names:
        raise UnsafeFile("The Word document contains two entries with the same name.")
    names.add(name)
    if info.flag_bits & 0x1:
        raise EncryptedFile("The Word document's parts are encrypted.")
    if info.file_size >= RATIO_MIN_SIZE and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise UnsafeFile("The Word document contains a part that expands more than 100 times (a zip bomb).")


def _check_xml_part(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    try:
        raw = archive.read(info)
    except ZIP_ERRORS as error:
        raise CorruptFile("The Word document is damaged (a part cannot be decompressed).") from error
    # UTF-16/32 XML: look at the characters, not the bytes, or "<\0!\0D\0" would slip through.
    encoding = _wide_encoding(raw[:4])
    if encoding:
        raw = raw.decode(encoding, errors="ignore").encode("utf-8", "ignore")
    declared = _XML_ENCODING.match(raw)
    if declared and declared.group(1).lower().replace(b"_", b"-") not in _XML_ENCODINGS:
        # An encoding such as UTF-7 would hide markup from the checks below; Word never writes one.
        raise UnsafeFile("The Word document has a part in an unexpected text encoding.")
    if _DTD.search(raw):
        raise UnsafeFile("The Word document declares a DTD or entities, which we do not process.")
    if info.filename == "[Content_Types].xml" and _MACRO_CONTENT_TYPE.search(raw):
        raise UnsafeFile("The Word document is macro-enabled; please upload a .docx without macros.")


# What may open an XML document: a byte-order mark, whitespace, then "<" (in UTF-8, 16 or 32).
_XML_START = re.compile(rb"(?:\xef\xbb\xbf)?[ \t\r\n]*<")


def _starts_as_xml(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether the part's first bytes could begin an XML document (read without inflating the rest)."""
    if info.is_dir():
        return False
    try:
        with archive.open(info) as part:
            head = part.read(64)
    except ZIP_ERRORS as error:
        raise CorruptFile("The Word document is damaged (a part cannot be decompressed).") from error
    encoding = _wide_encoding(head[:4])
    if encoding:
        head = head.decode(encoding, errors="ignore").encode("utf-8", "ignore")
    return _XML_START.match(head.lstrip(b"\x00")) is not None


def _wide_encoding(head: bytes) -> str | None:
    """The UTF-16/32 variant an XML part starts in (by BOM or by the zero bytes around "<"), if any."""
    for prefix, encoding in _WIDE_PREFIXES:
        if head.startswith(prefix):
            return encoding
    return None


def docx_text(data: bytes, deadline: Deadline) -> str:
    """The document's text: headers, then the body (paragraphs, tables, text boxes in order), then footers."""
    check_archive(data)
    # Imported here: python-docx (and lxml) are only loaded by processes that actually read DOCX files.
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        body = document.element.body
        headers, footers = _header_footer_parts(document, body)
    except Exception as error:  # noqa: BLE001 - python-docx raises many types on malformed packages
        raise CorruptFile("The Word document is damaged and cannot be read.") from error
    lines: list[str] = []
    for root in (*headers, body, *footers):
        deadline.check()
        lines.extend(_blocks(root))
    return "\n".join(lines)


_CORE_DATE_RX = re.compile(rb"<dcterms:(modified|created)\b[^>]*>\s*(\d{4})-(\d{2})-(\d{2})")


def docx_written(data: bytes) -> str | None:
    """The (already checked) package's date from docProps/core.xml: modified, else created, as an ISO date."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "docProps/core.xml" not in archive.NameToInfo:
                return None
            core = archive.read("docProps/core.xml")[:100_000]
    except (zipfile.BadZipFile, KeyError, OSError):
        return None
    found = {m.group(1): m.groups()[1:] for m in _CORE_DATE_RX.finditer(core)}
    for key in (b"modified", b"created"):
        if key in found:
            year, month, day = (int(v) for v in found[key])
            try:
                return datetime.date(year, month, day).isoformat()
            except ValueError:
                continue
    return None


def has_images(data: bytes) -> bool:
    """Whether the (already checked) package holds pictures: a DOCX without text but with them is a scan."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return any(name.startswith("word/media/") for name in archive.NameToInfo)


def _header_footer_parts(document, body) -> tuple[list, list]:
    """Header and footer roots in section order, each once (sections usually share them)."""
    related = document.part.related_parts
    seen: set[str] = set()
    headers: list = []
    footers: list = []
    for sect_pr in body.iter(W_SECT_PR):
        for ref in sect_pr:
            if ref.tag not in (W_HEADER_REF, W_FOOTER_REF):
                continue
            rel_id = ref.get(_R_ID)
            if not rel_id or rel_id in seen or rel_id not in related:
                continue
            seen.add(rel_id)
            (headers if ref.tag == W_HEADER_REF else footers).append(related[rel_id].element)
    return headers, footers


def _blocks(container) -> Iterator[str]:
    """Lines of the paragraphs and tables directly inside a body, cell, text box, header or footer."""
    for child in container:
        tag = child.tag
        if tag == W_P:
            text, boxes = _paragraph(child)
            yield text
            for box in boxes:
                yield from _blocks(box)
        elif tag == W_TBL:
            yield from _table(child)
        elif tag in (W_SDT, W_SDT_CONTENT, W_CUSTOM_XML):
            yield from _blocks(child)


def _paragraph(paragraph) -> tuple[str, list]:
    pieces: list[str] = []
    boxes: list = []
    _inline(paragraph, pieces, boxes)
    return "".join(pieces), boxes


def _inline(element, pieces: list[str], boxes: list) -> None:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str) or tag in _NO_TEXT:
            continue  # comments and processing instructions, properties, duplicated fallback content
        if tag == W_T:
            pieces.append(child.text or "")
        elif tag in _TABS:
            pieces.append("\t")
        elif tag in _BREAKS:
            pieces.append("\n")
        elif tag == _W + "noBreakHyphen":
            pieces.append("-")
        elif tag == W_TXBX:
            boxes.append(child)
        else:
            _inline(child, pieces, boxes)


def _table(table) -> Iterator[str]:
    for row in _rows(table):
        cells = [[line for line in _blocks(cell) if line.strip()] for cell in _cells(row)]
        cells = [cell for cell in cells if cell]
        if all(len(cell) == 1 for cell in cells):
            if cells:
                yield CELL_SEPARATOR.join(cell[0] for cell in cells)
        else:
            for cell in cells:
                yield from cell


def _rows(table) -> Iterator:
    for child in table:
        if child.tag == W_TR:
            yield child
        elif child.tag in (W_SDT, W_SDT_CONTENT, W_CUSTOM_XML):
            yield from _rows(child)


def _cells(row) -> Iterator:
    for child in row:
        if child.tag == W_TC:
            yield child
        elif child.tag in (W_SDT, W_SDT_CONTENT, W_CUSTOM_XML):
            yield from _cells(child)
