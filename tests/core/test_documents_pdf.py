"""PDF text: words rebuilt from character boxes, column reading order, scanned pages, OCR, limits."""
from __future__ import annotations

import io
import os
import stat
import sys
import time

import numpy as np
import pypdfium2 as pdfium
import pytest
from reportlab.pdfgen import canvas

from screening.documents import CorruptFile, DocumentLimits, LimitExceeded, to_text
from screening.documents.pdf_layout import PageChars, page_text
from tests.filegen import (
    make_pdf,
    make_pdf_rows,
    make_pdf_words,
    make_scanned_pdf,
    make_two_column_pdf,
    sample_resume,
)

LINES = [
    "Committed and motivated office professional with exceptional customer service",
    "Strong work ethic of the staff and great initiative",
    "Python and machine learning",
]


def pdfium_plain_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_single_column_text_comes_out_line_for_line():
    resume = sample_resume()
    result = to_text(make_pdf(resume))
    assert result.kind == "pdf" and result.pages == 1 and result.needs_review is None
    assert result.text == "\n".join(line for line in resume.splitlines() if line.strip())
    assert result.notes == ()


@pytest.mark.parametrize(
    "options",
    [
        {"word_gap_em": 0.18},
        {"word_gap_em": 0.18, "per_char": True},
        {"word_gap_em": 0.25, "char_space": -0.6},  # tight tracking: boxes hide part of each gap
        {"word_gap_em": 0.25, "char_space": -0.6, "per_char": True},
    ],
)
def test_words_drawn_without_spaces_are_not_glued(options):
    data = make_pdf_words(LINES, **options)
    # The fixture reproduces the real-world failure: pdfium's own text glues these words.
    glued = pdfium_plain_text(data).split()
    assert "ethic" not in glued and "initiative" not in glued
    assert to_text(data).text == "\n".join(LINES)


@pytest.mark.parametrize("char_space", [1.0, 2.0, 3.0])
def test_letter_spaced_words_are_not_split_into_letters(char_space):
    # Designed resumes track headings out ("S K I L L S"); pdfium reads these right, and so must we.
    lines = ["SKILLS AND TOOLS", *LINES, "A B C"]
    data = make_pdf_words(lines, word_gap_em=0.35, char_space=char_space)
    assert pdfium_plain_text(data).split() == " ".join(lines).split()
    assert to_text(data).text == "\n".join(lines)


def test_two_columns_written_interleaved_are_read_column_by_column():
    left = ["Skills", "Python, PyTorch", "SQL and Spark", "Docker", "Languages", "English, French"]
    right = [
        "Experience",
        "Machine Learning Engineer at Northwind",
        "Built demand forecasting models",
        "Served real-time inference APIs",
        "Data Scientist at Contoso",
        "Designed feature pipelines",
        "Education",
        "M.Sc. Computer Science",
    ]
    data = make_two_column_pdf(left, right, header=["Ada Lovelace", "ada@example.com | +44 20 7946 0958"])
    # Reading the content stream in order interleaves the columns line by line.
    assert "Skills\r\nExperience" in pdfium_plain_text(data) or "Skills Experience" in pdfium_plain_text(data)
    result = to_text(data)
    lines = [line for line in result.text.split("\n") if line]
    assert lines == ["Ada Lovelace", "ada@example.com | +44 20 7946 0958", *left, *right]
    assert "two-column layout" in result.notes


def test_a_sidebar_column_of_different_length_is_read_whole():
    left = ["Contact", "ada@example.com", "Skills", "Python", "SQL", "Spark", "Docker", "Kubernetes", "Git"]
    right = ["Summary", "Engineer with eight years of experience in forecasting", "Experience", "Northwind 2019"]
    result = to_text(make_two_column_pdf(left, right, interleaved=False))
    assert [line for line in result.text.split("\n") if line] == left + right


def test_single_column_with_right_aligned_dates_is_not_split():
    rows = [
        "Ada Lovelace",
        ("Machine Learning Engineer, Northwind", "Jan 2019 - Present"),
        "Built and deployed deep learning models for demand forecasting with PyTorch and Docker",
        ("Data Scientist, Contoso", "2016 - 2018"),
        "Designed features",
        ("Analyst, Fabrikam", "2014 - 2016"),
        "Reports",
        ("Intern, Tailspin", "2013 - 2014"),
        "Dashboards",
    ]
    result = to_text(make_pdf_rows(rows))
    expected = [row if isinstance(row, str) else f"{row[0]} {row[1]}" for row in rows]
    assert result.text.split("\n") == expected
    assert "two-column layout" not in result.notes


def test_layout_keeps_every_character_of_made_up_boxes():
    # Two words on one line, a third on the next; the second word's boxes arrive first in content order.
    chars = np.array([ord(c) for c in "SQLPythonR"], dtype=np.uint32)
    boxes = []
    for word, x, y in (("SQL", 80.0, 700.0), ("Python", 40.0, 700.0), ("R", 40.0, 680.0)):
        for k, _ in enumerate(word):
            boxes.append((x + 6 * k, y + 10, x + 6 * k + 6, y))
    layout = page_text(PageChars(chars, np.array(boxes, dtype=np.float32), np.arange(len(chars))))
    assert sorted(layout.text.replace("\n", "").replace(" ", "")) == sorted("SQLPythonR")
    assert layout.text.split("\n")[-1] == "R"


def test_scanned_pdf_needs_review_and_invents_nothing():
    result = to_text(make_scanned_pdf(2))
    assert result.text == "" and result.pages == 2
    assert result.needs_review == "no text layer (scanned PDF?)"


def test_a_scanned_page_among_text_pages_is_flagged():
    result = to_text(make_scanned_pdf(3, text_pages={0: "Ada Lovelace", 2: "Python and SQL"}))
    assert result.text == "Ada Lovelace\n\nPython and SQL"
    assert result.needs_review == "no text layer on page 2 of 3 (scanned?)"


def test_a_blank_page_is_not_a_scan():
    result = to_text(make_pdf("Ada Lovelace\n" + "\n" * 70 + "Python"))
    assert result.needs_review is None and result.pages == 2


def test_ocr_requested_but_tesseract_missing_means_review(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty directory: no tesseract anywhere
    result = to_text(make_scanned_pdf(1), limits=DocumentLimits(ocr=True))
    assert result.needs_review == "no text layer (scanned PDF?)" and "ocr" not in result.notes


def test_ocr_runs_tesseract_on_pages_without_text(monkeypatch, tmp_path):
    # A stand-in tesseract with the real command line: it checks it was given a PGM image on stdin.
    fake = tmp_path / "tesseract"
    fake.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        "assert sys.argv[1:] == ['stdin', 'stdout'], sys.argv\n"
        "image = sys.stdin.buffer.read()\n"
        "assert image.startswith(b'P5 ') and len(image) > 100_000, image[:20]\n"
        "print('Ada Lovelace\\nMachine Learning Engineer')\n"
    )
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")
    result = to_text(make_scanned_pdf(1), limits=DocumentLimits(ocr=True))
    assert result.text == "Ada Lovelace\nMachine Learning Engineer"
    assert result.needs_review is None and "ocr" in result.notes
    # Without the flag the same file is left for a person.
    assert to_text(make_scanned_pdf(1)).needs_review is not None


def test_failing_ocr_leaves_the_page_for_review(monkeypatch, tmp_path):
    fake = tmp_path / "tesseract"
    fake.write_text("#!/bin/sh\nexit 3\n")
    fake.chmod(fake.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")
    result = to_text(make_scanned_pdf(1), limits=DocumentLimits(ocr=True))
    assert result.text == "" and result.needs_review == "no text layer (scanned PDF?)"


def test_page_limit_counts_pages():
    pdf = make_pdf("line\n" * 120)  # 3 pages
    assert to_text(pdf, limits=DocumentLimits(max_pages=3)).pages == 3
    with pytest.raises(LimitExceeded) as caught:
        to_text(pdf, limits=DocumentLimits(max_pages=2))
    assert caught.value.code == "too_many_pages"


@pytest.mark.parametrize("cut", [9, 200, 0.5, 0.9])
def test_truncated_pdf_is_corrupt(cut):
    pdf = make_pdf(sample_resume())
    end = cut if isinstance(cut, int) else int(len(pdf) * cut)
    with pytest.raises(CorruptFile):
        to_text(pdf[:end])


def test_mojibake_in_a_pdf_is_repaired():
    result = to_text(make_pdf("Skills\nâ€¢ Python â€“ SQL"))
    assert result.text == "Skills\n• Python – SQL"
    assert "repaired mojibake" in result.notes


def test_a_pdf_with_over_a_million_characters_is_refused_before_the_layout_work():
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    pdf.setFont("Helvetica", 1)
    for row in range(550):
        pdf.drawString(0, row * 1.5, "abcdefghij" * 200)  # 550 lines of 2,000 characters on one page
    pdf.showPage()
    pdf.save()
    started = time.monotonic()
    with pytest.raises(LimitExceeded) as caught:
        to_text(buf.getvalue())
    assert caught.value.code == "too_long"
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("angle", [90, 270])
def test_a_page_set_sideways_is_read_along_its_lines(angle):
    lines = ["Ada Lovelace", "Machine learning engineer with Python", "Skills: SQL, Spark"]
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    pdf.setFont("Helvetica", 10)
    pdf.translate(300, 400)
    pdf.rotate(angle)
    for row, line in enumerate(lines):
        pdf.drawString(0, -14 * row, line)
    pdf.showPage()
    pdf.save()
    # Line order follows pdfium's (it lists a page turned 270 degrees from the bottom line up).
    assert sorted(to_text(buf.getvalue()).text.split("\n")) == sorted(lines)


def test_right_to_left_runs_keep_words_on_one_line():
    # Logical order, each character drawn left of the one before (Hebrew, Arabic); no space characters.
    boxes, x = [], 300.0
    for char in "abc def":
        if char == " ":
            x -= 3.5  # a word space
            continue
        x -= 6.0
        boxes.append((x, 710.0, x + 6.0, 700.0))
    chars = np.array([ord(c) for c in "abcdef"], dtype=np.uint32)
    page = PageChars(chars, np.array(boxes, dtype=np.float32), np.arange(6))
    assert page_text(page).text == "abc def"


def _drawn(runs: list[tuple[str, float, float, str]]) -> bytes:
    """A one-page PDF with each (text, x, y, font) drawn in the order given, as a browser prints runs."""
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for text, x, y, font in runs:
        c.setFont(font, 10)
        c.drawString(x, y, text)
    c.save()
    return buf.getvalue()


def test_lines_drawn_out_of_order_are_read_top_to_bottom():
    # Chromium prints the plain runs first, then the bold titles, then the headings (JSON Resume's
    # stackoverflow theme): content order puts every bullet before its title and every heading at the end.
    runs = [
        ("Ada Lovelace", 50, 780, "Helvetica"),
        ("Led a team of five building recommendations.", 60, 690, "Helvetica"),
        ("Built churn models for a telecom client.", 60, 640, "Helvetica"),
        ("Lead ML Engineer at Kirana Commerce", 50, 705, "Helvetica-Bold"),
        ("Software Engineer at Tata Consultancy Services", 50, 655, "Helvetica-Bold"),
        ("B.Tech at Indian Institute of Technology Madras", 50, 590, "Helvetica-Bold"),
        ("WORK EXPERIENCE", 50, 725, "Helvetica-Bold"),
        ("EDUCATION", 50, 610, "Helvetica-Bold"),
    ]
    lines = [line for line in to_text(_drawn(runs)).text.split("\n") if line]
    assert lines == [
        "Ada Lovelace",
        "WORK EXPERIENCE",
        "Lead ML Engineer at Kirana Commerce",
        "Led a team of five building recommendations.",
        "Software Engineer at Tata Consultancy Services",
        "Built churn models for a telecom client.",
        "EDUCATION",
        "B.Tech at Indian Institute of Technology Madras",
    ]


def test_headings_in_a_left_margin_open_their_entries():
    # JSON Resume's onepage theme: section headings in a margin, each on the baseline of its first entry
    # line. That is not a sidebar column to read whole, nor part of the entry's first line.
    runs = [
        ("Kenji Watanabe", 50, 780, "Helvetica-Bold"),
        ("SUMMARY", 50, 740, "Helvetica-Bold"),
        ("Firmware for sensors and motor control.", 160, 740, "Helvetica"),
        ("EXPERIENCE", 50, 710, "Helvetica-Bold"),
        ("Embedded Software Engineer, Kansai Robotics", 160, 710, "Helvetica"),
        ("Wrote motor-control firmware in C.", 170, 696, "Helvetica"),
        ("Brought up an RTOS on new boards.", 170, 682, "Helvetica"),
        ("EDUCATION", 50, 650, "Helvetica-Bold"),
        ("Osaka University", 160, 650, "Helvetica"),
        ("Master of Engineering, 2015", 160, 636, "Helvetica"),
        ("SKILLS", 50, 606, "Helvetica-Bold"),
        ("C, C++, RTOS, ARM", 160, 606, "Helvetica"),
    ]
    result = to_text(_drawn(runs))
    assert [line for line in result.text.split("\n") if line] == [
        "Kenji Watanabe",
        "SUMMARY",
        "Firmware for sensors and motor control.",
        "EXPERIENCE",
        "Embedded Software Engineer, Kansai Robotics",
        "Wrote motor-control firmware in C.",
        "Brought up an RTOS on new boards.",
        "EDUCATION",
        "Osaka University",
        "Master of Engineering, 2015",
        "SKILLS",
        "C, C++, RTOS, ARM",
    ]
    assert "two-column layout" not in result.notes
