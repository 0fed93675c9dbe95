"""`manage.py parse_resume` reads each file in the worker's sandbox, under the worker's memory and time
limits: a 1.5 MB PDF whose page content inflates to 1.5 GB fails that file, and the command's own process
never holds the inflated stream (it took 2.7 GB when the command read files in-process)."""

from __future__ import annotations

import io
import json
import resource
import struct
import zlib

from django.core.management import call_command

from screening import reading
from screening.services.resumes import document_limits, sandbox_limits

INFLATED = 1536 * 1024 * 1024  # 1.5 GB of page content


def flate_bomb(size: int = INFLATED, chunk: int = 16 * 1024 * 1024) -> bytes:
    """A valid zlib stream of `size` spaces in about 1.5 MB, built in a second or two: segments ended
    with a full flush are independent, so one compressed chunk is repeated and the checksum recomputed."""
    block = b" " * chunk
    count = size // chunk
    compressor = zlib.compressobj(9)
    first = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeated = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    last = compressor.flush(zlib.Z_FINISH)[:-4]  # the final block, without this compressor's checksum
    checksum = 1
    for _ in range(count):
        checksum = zlib.adler32(block, checksum)
    return first + repeated * (count - 1) + last + struct.pack(">I", checksum)


def pdf_with_content(stream: bytes) -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << >> /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def test_the_command_reads_in_the_sandbox_with_the_workers_limits(settings, monkeypatch, tmp_path):
    settings.SCREENING = {**settings.SCREENING, "SANDBOX": True, "PARSE_MEMORY_MB": 512}
    seen = []
    real = reading.run_isolated
    monkeypatch.setattr(reading, "run_isolated", lambda *a, limits: seen.append(limits) or real(*a, limits=limits))
    path = tmp_path / "cv.txt"
    path.write_text("Ada Lovelace\nSkills\nPython, PyTorch\n")
    out = io.StringIO()
    call_command("parse_resume", str(path), "--json", stdout=out)
    assert json.loads(out.getvalue())["status"] == "processed"
    assert seen == [sandbox_limits(document_limits())]
    assert seen[0].memory_mb == 512


def test_a_pdf_whose_content_inflates_to_gigabytes_fails_in_the_sandbox(settings, tmp_path):
    settings.SCREENING = {**settings.SCREENING, "SANDBOX": True, "PARSE_MEMORY_MB": 256}
    pdf = pdf_with_content(flate_bomb())
    assert len(pdf) < 2 * 1024 * 1024
    path = tmp_path / "bomb.pdf"
    path.write_bytes(pdf)
    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    out = io.StringIO()
    call_command("parse_resume", str(path), "--json", stdout=out)
    line = json.loads(out.getvalue())
    assert line["status"] == "failed", line
    assert "memory" in line["error"] or "crashed" in line["error"], line["error"]
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak_before) / 1024
    assert grown_mb < 200, f"the command's own process grew by {grown_mb:.0f} MB"
