"""PDFs with active content (scripts, automatic actions, embedded files) or markup before their header are
refused, at upload (`inspect`) and when read (`to_text`); plain PDFs and go-to-page actions still read."""

from __future__ import annotations

import re
import zlib

import pytest

from screening.documents import UnsafeFile, UnsupportedFileType, inspect, to_text
from tests.filegen import make_pdf

TEXT = "Ada Lovelace\nMachine learning engineer, PyTorch"


def with_catalog_entries(entries: bytes, *, extra_objects: bytes = b"") -> bytes:
    """A real PDF with `entries` added to its document catalog and `extra_objects` before the xref.
    (Offsets in the xref go stale; readers rebuild it, and the check runs before any reader.)"""
    pdf = make_pdf(TEXT)
    pdf, count = re.subn(rb"/Type\s*/Catalog", b"/Type /Catalog " + entries, pdf, count=1)
    assert count == 1
    if extra_objects:
        at = pdf.rindex(b"xref")
        pdf = pdf[:at] + extra_objects + b"\n" + pdf[at:]
    return pdf


def object_stream(content: bytes) -> bytes:
    packed = zlib.compress(content)
    return (
        b"50 0 obj\n<< /Type /ObjStm /N 1 /First 5 /Filter /FlateDecode /Length %d >>\nstream\n" % len(packed)
        + packed
        + b"\nendstream\nendobj\n"
    )


ACTIVE = {
    "open-action-script": with_catalog_entries(b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
    "escaped-name": with_catalog_entries(b"/OpenAction << /S /J#61vaScript /JS (app.alert(1)) >>"),
    "document-script": with_catalog_entries(b"/Names << /JavaScript 60 0 R >>"),
    "launch": with_catalog_entries(b"/OpenAction << /S /Launch /F (cmd.exe) >>"),
    "open-action-uri": with_catalog_entries(b"/OpenAction << /S /URI /URI (https://tracker.example/) >>"),
    "open-action-indirect": with_catalog_entries(
        b"/OpenAction 99 0 R", extra_objects=b"99 0 obj\n<< /S /URI /URI (https://tracker.example/) >>\nendobj"
    ),
    "embedded-file": with_catalog_entries(b"/Names << /EmbeddedFiles << /Names [(cv.exe) 61 0 R] >> >>"),
    "page-additional-action": with_catalog_entries(b"/AA << /O 62 0 R >>"),
    "xfa-form": with_catalog_entries(b"/AcroForm << /XFA 63 0 R >>"),
    "script-in-object-stream": with_catalog_entries(
        b"/OpenAction 51 0 R", extra_objects=object_stream(b"51 0 << /S /JavaScript /JS (app.alert(1)) >>")
    ),
}


@pytest.mark.parametrize("name", sorted(ACTIVE))
def test_active_content_is_refused_at_upload_and_when_read(name):
    with pytest.raises(UnsafeFile, match="active content"):
        inspect(ACTIVE[name])
    with pytest.raises(UnsafeFile, match="active content"):
        to_text(ACTIVE[name])


@pytest.mark.parametrize(
    "entries, extra",
    [
        (b"/OpenAction [3 0 R /Fit]", b""),  # open at a page (LaTeX's hyperref writes this)
        (b"/OpenAction << /S /GoTo /D [3 0 R /Fit] >>", b""),
        (b"/OpenAction 98 0 R", b"98 0 obj\n[3 0 R /XYZ 0 792 0]\nendobj"),
        (b"", object_stream(b"52 0 << /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")),
    ],
)
def test_plain_pdfs_and_go_to_page_actions_still_read(entries, extra):
    pdf = with_catalog_entries(entries, extra_objects=extra) if entries or extra else make_pdf(TEXT)
    assert inspect(pdf) == "pdf"
    assert "PyTorch" in to_text(pdf).text


@pytest.mark.parametrize(
    "lead", [b"<p>Hello</p>\n", b"<a href='https://x.example'>x</a>", b"<!-- x -->\n", b"</b>\n", b"<?php echo 1; ?>"]
)
def test_markup_before_the_pdf_header_is_refused(lead):
    with pytest.raises(UnsupportedFileType):
        inspect(lead + make_pdf(TEXT))
    with pytest.raises(UnsupportedFileType):
        to_text(lead + make_pdf(TEXT))


def test_a_bomb_in_an_object_stream_costs_only_the_budget():
    bomb = zlib.compress(b" " * (64 * 1024 * 1024), 9)  # 64 MB of spaces in ~64 KB
    pdf = with_catalog_entries(
        b"",
        extra_objects=b"50 0 obj\n<< /Type /ObjStm /N 1 /First 5 /Filter /FlateDecode /Length %d >>\nstream\n"
        % len(bomb) + bomb + b"\nendstream\nendobj\n",
    )
    assert inspect(pdf) == "pdf"  # read within the budget, nothing active found
