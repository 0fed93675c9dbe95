"""Refuse PDFs that carry active content: scripts, launch and form-submission actions, embedded files.

The text reader never runs any of it, but recruiters download the original file and open it in their own
PDF viewer, where an /OpenAction script or an attached executable would run or be offered. A resume
needs none of it, so such files are refused at upload with a message, not stripped: rewriting a PDF
safely needs a full PDF writer, and a refusal tells the candidate to export a plain PDF again.

The check reads names as PDF readers do: with "#xx" escapes decoded ("/J#61vaScript" is /JavaScript),
and inside compressed object streams (/ObjStm), where PDF 1.5+ files keep most dictionaries, decompressed
within a fixed budget so that a bomb in one costs nothing.
"""

from __future__ import annotations

import re
import zlib

from screening.documents.errors import UnsafeFile

# Names that only appear in a PDF to run or carry something: scripts (document, page, field and
# annotation level), additional-action triggers, launching programs, posting form data, opening
# embedded or remote documents, attachments, Flash/3D media and XFA forms (which carry scripts).
_ACTIVE_NAMES = re.compile(
    rb"/(?:JavaScript|JS|AA|Launch|SubmitForm|ImportData|GoToE|GoToR|EmbeddedFiles?|FileAttachment|RichMedia"
    rb"|XFA|Sound|Movie|Rendition)(?![A-Za-z0-9])"
)
# An /OpenAction that is an action dictionary (not a destination array such as "[3 0 R /Fit]").
_OPEN_ACTION_DICT = re.compile(rb"/OpenAction\s*<<(?P<body>.{0,400}?)>>", re.S)
_OPEN_ACTION_REF = re.compile(rb"/OpenAction\s*(?P<num>\d{1,10})\s+(?P<gen>\d{1,5})\s+R")
_GOTO = re.compile(rb"/S\s*/GoTo(?![A-Za-z])")
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm\b")
_STREAM_START = re.compile(rb"stream\r?\n")
# Decompressed object streams read per file: dictionaries are small; a resume's fit in a few hundred KB.
OBJECT_STREAM_BUDGET = 8 * 1024 * 1024
_MAX_OBJECT_STREAMS = 500
# How much compressed input one object stream is read from: its direct /Length, at most this.
_UNDECLARED_WINDOW = 1024 * 1024
_DIRECT_LENGTH = re.compile(rb"/Length\s+(\d{1,9})(?!\s+\d+\s+R)")

REFUSAL = (
    "The PDF contains active content (scripts, actions that run when it opens, or attached files); "
    "please export or print it again as a plain PDF."
)


def check_active_content(data: bytes) -> None:
    """Raise UnsafeFile if the PDF holds scripts, automatic actions other than going to a page,
    launch or submit actions, or embedded files, in its plain objects or its object streams."""
    for chunk in _readable_objects(data):
        chunk = _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), chunk)
        if _ACTIVE_NAMES.search(chunk):
            raise UnsafeFile(REFUSAL)
        for found in _OPEN_ACTION_DICT.finditer(chunk):
            if not _GOTO.search(found.group("body")):
                raise UnsafeFile(REFUSAL)
        for found in _OPEN_ACTION_REF.finditer(chunk):
            if _action_object_runs_something(chunk, int(found.group("num")), int(found.group("gen"))):
                raise UnsafeFile(REFUSAL)


def _action_object_runs_something(data: bytes, number: int, generation: int) -> bool:
    """Whether the object an /OpenAction points to is an action other than "go to a page"."""
    target = re.search(rb"(?<!\d)%d\s+%d\s+obj\s*(?P<start><<|\[)" % (number, generation), data)
    if target is None or target.group("start") == b"[":
        # A destination array, or an object kept in an object stream, whose names are scanned anyway.
        return False
    body = data[target.end() : target.end() + 400]
    return b"/S" in body and not _GOTO.search(body)


def _readable_objects(data: bytes):
    """The file's bytes, then the decompressed content of each Flate-compressed object stream."""
    yield data
    view = memoryview(data)
    budget = OBJECT_STREAM_BUDGET
    for count, marker in enumerate(_OBJECT_STREAM.finditer(data)):
        if count >= _MAX_OBJECT_STREAMS or budget <= 0:
            # Far more than any resume has: what we cannot read within the budget we cannot vouch for.
            raise UnsafeFile("The PDF is too complex to check for active content; please export it again.")
        start = _STREAM_START.search(data, marker.end())
        if start is None:
            continue
        dictionary = data[max(0, marker.start() - 200) : start.start()]
        declared = _DIRECT_LENGTH.search(dictionary)
        length = int(declared.group(1)) if declared else _UNDECLARED_WINDOW
        inflater = zlib.decompressobj()
        try:
            content = inflater.decompress(view[start.end() : start.end() + min(length, _UNDECLARED_WINDOW)], budget)
        except zlib.error:
            continue  # not Flate (or damaged): pdfium decides whether the file opens at all
        budget -= len(content)
        yield content
