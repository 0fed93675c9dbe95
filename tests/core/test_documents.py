"""Documents core: sniffing, the error family, TXT decoding, text normalisation and limits."""
from __future__ import annotations

import io
import json
import pickle
import time
import zipfile

import pytest

from screening.documents import (
    CorruptFile,
    DocumentError,
    DocumentLimits,
    DocumentText,
    EmptyFile,
    EncryptedFile,
    FileTooLarge,
    LimitExceeded,
    UnsafeFile,
    UnsupportedFileType,
    inspect,
    normalise_text,
    sniff,
    to_text,
)
from screening.documents.normalise import MAX_LINE_CHARS
from tests.filegen import make_docx, make_encrypted_pdf, make_pdf, make_txt, rezip, sample_resume

PDF = make_pdf("Ada Lovelace\nMachine Learning Engineer")
DOCX = make_docx(["Ada Lovelace", "Machine Learning Engineer"])


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, body in entries.items():
            archive.writestr(name, body)
    return buf.getvalue()


# --- sniffing ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, kind",
    [
        (PDF, "pdf"),
        (b"%%junk before the header\n" + PDF, "pdf"),  # readers accept bytes before %PDF- within 1 KB
        (DOCX, "docx"),
        (b"Ada Lovelace\nPython, SQL\n", "txt"),
        ("Zoë – naïve".encode("cp1252"), "txt"),
        ("Ada\nEngineer".encode("utf-16"), "txt"),
        (b"\xef\xbb\xbfAda with a BOM", "txt"),
        (b"Ada\x07 with one stray control character", "txt"),
    ],
)
def test_sniff_accepts_resume_kinds(data, kind):
    assert sniff(data) == kind


@pytest.mark.parametrize(
    "data",
    [
        b"<!DOCTYPE html><html><body>cv</body></html>",
        b"  <html><body>Ada Lovelace</body></html>",
        b"Ada Lovelace <script>alert(1)</script>",
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>Ada</text></svg>',
        b'<?xml version="1.0"?><resume/>',
        b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"This program cannot be run in DOS mode",
        b"\x7fELF\x02\x01\x01" + b"\x00" * 20,
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 20,
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b"{\\rtf1\\ansi Ada Lovelace}",
        b"Ada Lovelace\x00\x00 binary",  # NUL without a UTF-16 BOM
        bytes(range(256)) * 8,  # binary noise
        _zip({"notes.txt": b"Ada"}),  # a zip that is not a Word document
        _zip({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}),  # a spreadsheet
        b"<html><body>" + PDF,  # HTML/PDF polyglot
        b"MZ" + b"\x00" * 30 + PDF,  # executable/PDF polyglot
        b"x" * 2000 + PDF,  # a PDF header past the first 1024 bytes
    ],
)
def test_sniff_refuses_other_types_and_polyglots(data):
    with pytest.raises(UnsupportedFileType) as caught:
        sniff(data)
    assert caught.value.code == "unsupported_type"


def test_sniff_refuses_a_docx_that_is_also_a_pdf():
    polyglot = rezip(DOCX, add={"%PDF-1.7 trick.txt": b"x"})
    # Entries are written in order, so move the trick to the front where a PDF reader looks.
    buf = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(polyglot)) as source, zipfile.ZipFile(buf, "w") as target:
        infos = sorted(source.infolist(), key=lambda info: not info.filename.startswith("%PDF"))
        for info in infos:
            target.writestr(info.filename, source.read(info))
    with pytest.raises(UnsupportedFileType):
        sniff(buf.getvalue())


def test_type_comes_from_the_bytes_not_the_filename():
    assert to_text(PDF, "resume.txt").kind == "pdf"
    assert to_text(b"Ada Lovelace", "resume.pdf").kind == "txt"
    with pytest.raises(UnsupportedFileType):
        to_text(b"<html><body>Ada</body></html>", "resume.pdf")


# --- the error family ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, limits, error, code",
    [
        (b"", DocumentLimits(), EmptyFile, "empty"),
        (b"A" * 101, DocumentLimits(max_bytes=100), FileTooLarge, "too_large"),
        (b"<html></html>", DocumentLimits(), UnsupportedFileType, "unsupported_type"),
        (PDF[: len(PDF) // 2], DocumentLimits(), CorruptFile, "corrupt"),
        (b"%PDF-1.7\n" + bytes(range(256)) * 4, DocumentLimits(), CorruptFile, "corrupt"),
        (DOCX[: len(DOCX) // 3], DocumentLimits(), CorruptFile, "corrupt"),
        (make_encrypted_pdf("Ada Lovelace"), DocumentLimits(), EncryptedFile, "encrypted"),
        (rezip(DOCX, add={"word/vbaProject.bin": b"\x00macro"}), DocumentLimits(), UnsafeFile, "unsafe"),
        (make_pdf("one\n" * 200), DocumentLimits(max_pages=2), LimitExceeded, "too_many_pages"),
        (make_pdf("Ada"), DocumentLimits(max_seconds=1e-9), LimitExceeded, "timeout"),
        (DOCX, DocumentLimits(max_seconds=1e-9), LimitExceeded, "timeout"),
    ],
)
def test_each_failure_is_a_typed_document_error(data, limits, error, code):
    with pytest.raises(error) as caught:
        to_text(data, limits=limits)
    assert isinstance(caught.value, DocumentError)
    assert caught.value.code == code
    assert str(caught.value)  # a message a person can read


def test_limit_messages_say_what_and_how_much():
    pdf = make_pdf("line\n" * 200)  # 200 lines at 13 pt leading: 4 pages
    with pytest.raises(LimitExceeded, match=r"^The PDF has 4 pages; the limit is 2\.$"):
        to_text(pdf, limits=DocumentLimits(max_pages=2))
    with pytest.raises(FileTooLarge, match=r"the limit is 0\.0 MB"):
        to_text(b"Ada" * 100, limits=DocumentLimits(max_bytes=10))


def test_errors_survive_pickling_with_their_code():
    error = LimitExceeded("The PDF has 250 pages; the limit is 40.", code="too_many_pages")
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is LimitExceeded and copy.code == "too_many_pages" and str(copy) == str(error)
    assert pickle.loads(pickle.dumps(CorruptFile())).code == "corrupt"


def test_inspect_checks_structure_without_reading_text():
    assert inspect(PDF) == "pdf" and inspect(DOCX) == "docx" and inspect(b"Ada") == "txt"
    with pytest.raises(EncryptedFile):
        inspect(make_encrypted_pdf("Ada"))
    with pytest.raises(UnsafeFile):
        inspect(rezip(DOCX, add={"word/vbaProject.bin": b"macro"}))
    with pytest.raises(LimitExceeded):
        inspect(make_pdf("x\n" * 200), limits=DocumentLimits(max_pages=1))
    with pytest.raises(EmptyFile):
        inspect(b"")


def test_limits_are_validated():
    with pytest.raises(ValueError):
        DocumentLimits(max_pages=0)
    with pytest.raises(ValueError):
        DocumentLimits(max_seconds=0)


# --- TXT ------------------------------------------------------------------------------------------------------

RESUME = "José Núñez – Senior “ML” engineer\nSkills: Python, naïve Bayes, café ops"


@pytest.mark.parametrize(
    "data, note",
    [
        (make_txt(RESUME), None),
        (b"\xef\xbb\xbf" + make_txt(RESUME), None),
        (make_txt(RESUME, encoding="utf-16"), "decoded as utf-16"),
        (b"\xff\xfe" + RESUME.encode("utf-16-le"), "decoded as utf-16"),
        (b"\xfe\xff" + RESUME.encode("utf-16-be"), "decoded as utf-16"),
        (make_txt(RESUME, encoding="cp1252"), "decoded as cp1252"),
    ],
)
def test_txt_encodings(data, note):
    result = to_text(data)
    # Curly quotes are straightened by the clean-up; every letter survives.
    assert result.text == RESUME.replace("“", '"').replace("”", '"')
    assert result.kind == "txt" and result.pages == 1 and result.needs_review is None
    assert (note in result.notes) if note else not any(n.startswith("decoded") for n in result.notes)


def test_txt_latin1_and_short_cp1252():
    assert to_text("Zoë Müller\nGeschäftsführer".encode("latin-1")).text == "Zoë Müller\nGeschäftsführer"
    assert to_text("café – naïve".encode("cp1252")).text == "café – naïve"


def test_txt_other_legacy_encodings_are_detected():
    text = "Инженер-программист, опыт работы с Python и машинным обучением"
    result = to_text(text.encode("cp1251"))
    assert result.text == text and result.notes == ("decoded as cp1251",)


def test_txt_invalid_utf8_is_decoded_not_refused():
    result = to_text(b"Ada Lovelace\ncaf\xe9 \x81 engineer\n")
    assert result.kind == "txt"
    assert result.text.startswith("Ada Lovelace\ncaf")
    assert "engineer" in result.text


def test_whitespace_txt_needs_review_not_an_error():
    result = to_text(b" \n\t\r\n   \n")
    assert result.text == "" and result.needs_review == "document is empty"


def test_result_serialises_to_json():
    result = to_text(make_txt(sample_resume()))
    data = json.loads(json.dumps(result.to_dict()))
    assert data["kind"] == "txt" and data["text"] == result.text and isinstance(data["notes"], list)
    assert DocumentText(**{**data, "notes": tuple(data["notes"])}) == result


# --- normalisation ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("Ada\r\nLovelace\rEngineer", "Ada\nLovelace\nEngineer"),
        ("Ada\x00 Love\x01lace\x1b", "Ada Lovelace"),
        ("Python   and\u00a0\u2003SQL", "Python and SQL"),
        ("  indented line   \n\ttabbed\t\tcells  ", "indented line\ntabbed\tcells"),
        ("one\n\n\n\n\ntwo", "one\n\ntwo"),
        ("Cafe\u0301", "Café"),  # NFC
        ("â€¢ Python â€“ SQL", "• Python – SQL"),  # mojibake
        ("Company Name ï¼\u200b City", "Company Name City"),  # orphaned fullwidth mojibake
        ("SkillsÂ Python", "Skills Python"),
        ("detail\ufffeoriented", "detail-oriented"),  # pdfium's hyphen artefact
        ("Py\u200bthon\u2060 \ufeffSQL", "Python SQL"),  # zero-width characters
        ("evil\u202etxt.exe\u202c", "eviltxt.exe"),  # bidi controls
        ("\uf0b7 Python\n\uf0a7 SQL", "• Python\n• SQL"),  # Symbol/Wingdings bullets
        ("\uf095 +44 20 7946 0958", "+44 20 7946 0958"),  # icon-font glyph
        ("\ufb01nance o\ufb03ce", "finance office"),  # ligatures
        ("AT&amp;T", "AT&T"),
        ("lone \ud800 surrogate", "lone \ufffd surrogate"),
    ],
)
def test_normalise_text(raw, clean):
    assert normalise_text(raw) == clean


def test_normalise_notes_what_it_repaired():
    result = to_text("â€¢ Python\nevil\u202eexe".encode())
    assert "repaired mojibake" in result.notes
    assert "removed bidirectional control characters" in result.notes
    assert to_text(b"plain ascii").notes == ()


def test_long_lines_are_wrapped_without_losing_words():
    words = [f"w{i}" for i in range(3000)]
    text = normalise_text(" ".join(words))
    lines = text.split("\n")
    assert len(lines) > 1 and max(map(len, lines)) <= MAX_LINE_CHARS
    assert text.split() == words


def test_a_long_line_without_spaces_is_cut_hard():
    text = normalise_text("x" * (MAX_LINE_CHARS * 2 + 5))
    assert [len(line) for line in text.split("\n")] == [MAX_LINE_CHARS, MAX_LINE_CHARS, 5]


# --- characters: truncation and refusal -----------------------------------------------------------------------


def test_text_over_max_chars_is_truncated_at_a_line_boundary():
    lines = [f"Line {i}: built pipelines in Python and SQL" for i in range(100)]
    full = "\n".join(lines)
    result = to_text(full.encode(), limits=DocumentLimits(max_chars=1000))
    assert len(result.text) <= 1000
    assert full.startswith(result.text) and full[len(result.text)] == "\n"
    assert f"truncated to {len(result.text)} characters" in result.notes


def test_a_five_megabyte_single_line_is_refused_quickly():
    data = b"python " * (5 * 1024 * 1024 // 7)
    started = time.monotonic()
    with pytest.raises(LimitExceeded) as caught:
        to_text(data)
    assert caught.value.code == "too_long"
    assert time.monotonic() - started < 5


def test_over_a_million_characters_is_refused():
    data = ("Experience with Python and SQL\n" * 40_000).encode()  # 1.2 million characters
    with pytest.raises(LimitExceeded) as caught:
        to_text(data)
    assert caught.value.code == "too_long" and "1,000,000" in str(caught.value)


def test_a_long_single_line_under_the_hard_limit_is_wrapped_and_truncated():
    data = ("machine learning " * 50_000).encode()  # 850,000 characters on one line
    result = to_text(data)
    assert len(result.text) <= DocumentLimits().max_chars
    assert max(len(line) for line in result.text.split("\n")) <= MAX_LINE_CHARS
    assert "wrapped long lines" in result.notes
    assert any(note.startswith("truncated to ") for note in result.notes)


@pytest.mark.parametrize(
    "text",
    [
        "".join(f"Line {i}: JosÃ© built â€œpipelinesâ€\x9d in Python & SQL\n" for i in range(2000)),
        # Whitespace-heavy at the front: the cleaned prefix is shorter than the limit, so all is cleaned.
        "Ada" + " " * 30_000 + "\n" + "\n\n\n" * 5_000 + "".join(f"Skill {i}: Python\n" for i in range(2000)),
    ],
)
def test_truncation_keeps_exactly_the_start_of_the_whole_clean_text(text):
    result = to_text(text.encode(), limits=DocumentLimits(max_chars=5_000))
    whole = normalise_text(text)
    assert len(whole) > 5_000 and len(result.text) <= 5_000
    assert whole.startswith(result.text) and whole[len(result.text)] == "\n"
    assert "repaired mojibake" in result.notes or "Ada" in result.text


@pytest.mark.parametrize(
    "raw, clean",
    [
        ("Reduced costs by 20%. \u00c2\n* Led audits", "Reduced costs by 20%.\n* Led audits"),
        ("Built an in\u00c2house tool", "Built an in house tool"),
        ("Total 50\u00c2 seconds", "Total 50 seconds"),
        ("\u00c2ge: 30 \u2014 CAPIT\u00c2NIA", "\u00c2ge: 30 \u2014 CAPIT\u00c2NIA"),  # a real capital stays
    ],
)
def test_a_stray_no_break_space_lead_byte_is_not_left_for_recruiters(raw, clean):
    assert normalise_text(raw) == clean
    assert normalise_text(clean) == clean
