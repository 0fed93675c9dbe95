"""Education entries on layouts seen in real resumes: fields written without "in", school names without the
words around them, and lines near a degree that are not its school. The resumes are written for these tests."""
from __future__ import annotations

import pytest

from tests.core.test_nlp_support import read


def entries(text: str) -> list[tuple]:
    return [
        (
            e.degree.text if e.degree else None,
            e.field.text if e.field else None,
            e.institution.text if e.institution else None,
            e.year,
        )
        for e in read(text).education
    ]


@pytest.mark.parametrize(
    "line, expected",
    [
        # abbreviated degrees followed by their field without "in"
        ("B.E. Electronics Mumbai, Maharashtra University 2012", ("B.E. Electronics", "Electronics", "Maharashtra University", 2012)),
        ("B.Tech Mechanical, VIT University, 2015", ("B.Tech Mechanical", "Mechanical", "VIT University", 2015)),
        ("BSc Computer Science, St. Xavier's College, 2009", ("BSc Computer Science", "Computer Science", "St. Xavier's College", 2009)),
        ("BE IT, Mumbai University, 2011", ("BE IT", "IT", "Mumbai University", 2011)),
        ("MBA Finance from Pune University 2010", ("MBA Finance", "Finance", "Pune University", 2010)),
        # a subject word that opens the school's name is not the field
        ("B.Sc Science College Pune 2006", ("B.Sc", None, "Science College Pune", 2006)),
        # how the degree was taken is not its field
        ("B Tech Honors, College of Engineering, 2011", ("B Tech", None, "College of Engineering", 2011)),
        # an unknown word after the degree is not taken as a field
        ("MCA YMCAUST, Faridabad, 2014", ("MCA", None, None, 2014)),
    ],
)
def test_fields_written_right_after_the_degree(line, expected):
    assert entries(f"Priya Nair\n\nEDUCATION\n{line}\n") == [expected]


def test_anonymised_place_and_year_are_not_part_of_the_school_name():
    text = "EDUCATION\nBachelor of Science : Accounting 2009\nKaplan University City , State\n"
    assert entries(text) == [("Bachelor of Science : Accounting", "Accounting", "Kaplan University", 2009)]
    text = "Education\nBachelor of Commerce : Accounting and Finance March\n2001 Mumbai University City , State\n"
    assert entries(text) == [("Bachelor of Commerce : Accounting and Finance", "Accounting and Finance", "Mumbai University", 2001)]


def test_a_field_printed_before_the_school_is_not_part_of_its_name():
    text = "Education\nBachelor of Arts 2010\nSociology Stony Brook University City , State\n"
    assert entries(text) == [("Bachelor of Arts", None, "Stony Brook University", 2010)]


def test_words_of_a_school_name_are_kept():
    text = "EDUCATION\n\nSSC\n\nPublic Inter College -  Lucknow, Uttar Pradesh\n\n2005\n"
    assert entries(text) == [("SSC", None, "Public Inter College", 2005)]


def test_a_sentence_mentioning_a_college_is_not_a_school():
    text = "EDUCATION\nB.Com, Osmania University, 2014\nDid compering in college events\nIRU Academy in tie up with\n"
    assert entries(text) == [("B.Com", None, "Osmania University", 2014)]


KAGGLE_HEADLINE = """\
Education Details 
 MCA   YMCAUST,  Faridabad,  Haryana
Data Science internship 


Skill Details 
Python- Experience - Less than 1 year months
Company Details 
company - Itechpower
description -
"""


def test_the_headline_under_a_kaggle_education_block_is_not_the_school():
    assert entries(KAGGLE_HEADLINE) == [("MCA", None, None, None)]


def test_the_indeed_school_line_under_a_degree_is_still_its_school():
    text = "EDUCATION\n\n12th in Mathematics\n\nWoodbine modern school\n\nApril 2011 to March 2013\n"
    assert entries(text) == [("12th in Mathematics", "Mathematics", "Woodbine modern school", 2013)]


def test_a_degree_keeps_all_its_words():
    # the degree as written, with its subject: not "PGDM" alone, nor cut to "PGDM in Business"
    assert entries("EDUCATION\nPGDM Business Analytics, Acme School of Management, 2019\n")[0][0] == "PGDM Business Analytics"
    assert entries("EDUCATION\nB E in Production Engineering, Acme College of Engineering, 2010\n")[0][0] == (
        "B E in Production Engineering"
    )
    # a subject alone over the school's line is the degree the resume names
    text = "EDUCATION\n\nElectrical and Electronics Engineering\n\nAcme College of Engineering\n"
    assert entries(text) == [("Electrical and Electronics Engineering", "Electrical and Electronics Engineering",
                              "Acme College of Engineering", None)]


@pytest.mark.parametrize(
    "line, school",
    [
        ("Padmavani High School, 2006", "Padmavani High School"),
        ("MS University - Tirunelveli, Tamil Nadu", "MS University"),
        ("AG&SGS Intermediate College", "AG&SGS Intermediate College"),
        ("Sri Kanna Matriculation Higher Secondary School", "Sri Kanna Matriculation Higher Secondary School"),
    ],
)
def test_degree_words_inside_a_school_name_are_the_school(line, school):
    found = entries(f"EDUCATION\n\n{line}\n")
    assert [(degree, institution) for degree, _, institution, _ in found] == [(None, school)]


def test_dba_in_a_database_resume_is_not_a_doctorate():
    text = "Education Details \n BSc.   Mumbai University\nSkill Details \nMySQL DBA , Backup , Replication- Experience - 24 months\n"
    assert [e.level for e in read(text).education] == ["bachelor"]


def test_degree_at_institution_lines_name_the_school_after_at():
    # JSON Resume's stackoverflow theme prints "<degree> <area> at <institution>  <dates>"
    facts = read(
        "Mei Chen\nEDUCATION\nPhD Applied Mathematics at Columbia University Sep 2010 - May 2015\n"
        "BS Mathematics at National Taiwan University Sep 2006 - Jun 2010\n"
        "MS Physics, University of Texas at Austin, 2009\n"
    )
    assert [(e.institution and e.institution.text, e.year) for e in facts.education] == [
        ("Columbia University", 2015),
        ("National Taiwan University", 2010),
        ("University of Texas at Austin", 2009),
    ]
