"""Section headings: variants, casing, colons, glued to the previous sentence, inside one-line blobs."""
from __future__ import annotations

import pytest

from screening.nlp.facts import SECTION_NAMES
from screening.nlp.layout import read_layout, split_lines


def sections(text: str) -> list[tuple[str, str | None]]:
    layout = read_layout(text)
    for s in layout.sections:
        assert s.name in SECTION_NAMES
        if s.heading:
            assert text[s.heading.start:s.heading.end] == s.heading.text
    return [(s.name, s.heading.text if s.heading else None) for s in layout.sections]


@pytest.mark.parametrize(
    "heading, name",
    [
        ("WORK EXPERIENCE", "experience"),
        ("Professional Experience", "experience"),
        ("Employment History:", "experience"),
        ("ProfessionalExperience", "experience"),  # words run together by a PDF reader
        ("EDUCATION AND TRAINING", "education"),
        ("Academic Qualifications", "education"),
        ("Technical Skills", "skills"),
        ("CORE COMPETENCIES", "skills"),
        ("Career Objective", "summary"),
        ("PROFILE", "summary"),
        ("Academic Projects", "projects"),
        ("Certifications/Licenses", "certifications"),
        ("PUBLICATIONS", "publications"),
        ("Honors & Awards", "awards"),
        ("Languages Known", "languages"),
        ("Open Source Contributions", "open_source"),
        ("Hackathons", "competitions"),
        ("Hobbies and Interests", "interests"),
        ("REFERENCES", "references"),
        ("Personal Details", "other"),
        ("1. Education", "education"),
        ("• SKILLS •", "skills"),
    ],
)
def test_heading_variants(heading, name):
    text = f"Jo Bloggs\nLondon\n\n{heading}\nSomething under it\n"
    assert sections(text) == [("header", None), (name, heading)]


def test_text_before_the_first_heading_is_the_header():
    text = "Jo Bloggs\njo@example.com\nSKILLS\nPython\nEXPERIENCE\nDeveloper at X\n"
    layout = read_layout(text)
    assert [(s.name, s.start, s.end) for s in layout.sections] == [
        ("header", 0, 25),
        ("skills", 25, 39),
        ("experience", 39, len(text)),
    ]
    assert layout.section_at(text.index("Python")) == "skills"
    assert layout.section_at(0) == "header"


def test_headings_glued_to_the_sentence_before():
    text = "Built models with deep learning.Education Details \nB.Tech Pune University\nExperience - 24 monthsCompany Details \ncompany - X\n"
    assert sections(text) == [("header", None), ("education", "Education Details"), ("experience", "Company Details")]


def test_all_caps_headings_inside_a_one_line_blob():
    blob = (
        "SKILLS C Basics, IOT, Python, MATLAB, Data Science, Machine Learning, HTML, Microsoft Word, Microsoft Excel "
        "RECOGNITION Academic topper. PROJECTS Built a line-following robot with an Arduino board and sensors.\n"
    )
    assert sections(blob) == [("skills", "SKILLS"), ("awards", "RECOGNITION"), ("projects", "PROJECTS")]


def test_heading_with_its_content_on_the_same_line():
    text = "Jo Bloggs\n\nTECHNICAL SKILLS: Python, SQL\nEDUCATION: B.Sc, 2019\n"
    assert sections(text) == [("header", None), ("skills", "TECHNICAL SKILLS:"), ("education", "EDUCATION:")]


def test_programming_languages_line_is_not_a_spoken_languages_section():
    text = "Jo Bloggs\n\nSKILLS\nLanguages: Python, Go\nLanguages: English, Hindi\n"
    assert sections(text) == [("header", None), ("skills", "SKILLS"), ("languages", "Languages:")]


def test_a_list_item_that_reads_like_a_weak_heading_stays_content():
    text = "Jo Bloggs\n\nHIGHLIGHTS\nCustomer service\nLeadership\nBudgeting\n"
    assert sections(text) == [("header", None), ("skills", "HIGHLIGHTS")]
    # the same word alone in capitals is a heading
    assert sections("Jo Bloggs\n\nLEADERSHIP\nCaptain of the chess club\n")[-1] == ("other", "LEADERSHIP")


def test_prose_mentioning_a_section_word_is_not_a_heading():
    text = "Jo Bloggs\n\nSUMMARY\nmy experience\nI have experience in education and skills in teaching.\n"
    assert sections(text) == [("header", None), ("summary", "SUMMARY")]


def test_lines_keep_offsets_through_crlf_and_blank_lines():
    text = "Jo Bloggs\r\n\r\n  SKILLS  \r\nPython\n"
    lines = split_lines(text)
    assert [(ln.text, text[ln.start:ln.end], ln.blank_before) for ln in lines] == [
        ("Jo Bloggs", "Jo Bloggs", True),
        ("SKILLS", "SKILLS", True),
        ("Python", "Python", False),
    ]


def test_no_heading_means_one_header_section_and_empty_text_none():
    assert sections("Jo Bloggs\nPython developer\n") == [("header", None)]
    assert sections("") == []
