"""Regression: small resumes written for these tests, in the layouts the reader must handle, with exact facts."""
from __future__ import annotations

import pytest

from screening.nlp import extract
from screening.nlp.facts import ResumeFacts
from tests.core.test_nlp_support import TODAY, pipeline, read

US_CHRONOLOGICAL = """\
Jane Q. Doe
San Francisco, CA | jane.doe@example.com | (415) 555-0132 | linkedin.com/in/janedoe | github.com/janedoe

SUMMARY
Machine learning engineer with 6+ years of experience building recommender systems.

EXPERIENCE
Senior Machine Learning Engineer, Acme Analytics Inc. (2019 – Present)
- Built a PyTorch ranking model for 10M users; deployed with Docker and Kubernetes.
- Led a team of 4 engineers; Go to market planning with product.
Freelance Data Consultant | Self-employed | Jun 2018 - Mar 2020
- Built forecasting models in R and Python for retail clients.
Data Analyst | Globex Corporation | Jan 2016 - Dec 2018
- Wrote SQL and Python reports; automated Excel dashboards for R&D.

EDUCATION
M.S. in Computer Science, Stanford University, 2016
B.S. in Mathematics, University of Texas at Austin, 2014

SKILLS
Languages: Python, Go, R, SQL, C++, C#
Frameworks: PyTorch, scikit-learn, Node.js, .NET
Tools: Docker, Kubernetes, Git

CERTIFICATIONS
AWS Certified Machine Learning - Specialty (2021)

PUBLICATIONS
Doe, J. "Fast ranking at scale." Proceedings of KDD 2020.

AWARDS
Winner, Acme Internal Hackathon 2020
"""

INDEED = """\
Rahul Verma
Data Scientist - Infoway Analytics

Pune, Maharashtra - Email me on Indeed: indeed.com/r/Rahul-Verma/
0a1b2c3d4e5f6a7b

WORK EXPERIENCE

Data Scientist

Infoway Analytics -  Pune, Maharashtra

June 2019 to Present

Built churn prediction models with scikit-learn and XGBoost.

Software Engineer

Tata Consultancy Services -

July 2016 to May 2019

Developed Java services for banking clients.

EDUCATION

B.Tech in Computer Science

College of Engineering Pune -  Pune, Maharashtra

2012 to 2016

SKILLS

Python (3 years), Java (4 years), SQL (Less than 1 year)

https://www.indeed.com/r/Rahul-Verma/0a1b2c3d4e5f6a7b?isid=rex-download&ikw=download-top&co=IN
"""

# One run-on first line with an ALL-CAPS heading, headings glued to the text before them.
KAGGLE_BLOB = (
    "TECHNICAL SKILLS Programming: Python, R, SQL. Tools: Tableau, Excel. Worked on forecasting and regression "
    "models for retail demand.Education Details \n"
    "January 2017 B.Sc Statistics  Mumbai, Maharashtra University of Mumbai\n"
    "Data Science \n"
    "\n"
    "Data Analyst - Quantix Labs\n"
    "Skill Details \n"
    "Python- Experience - 24 months\n"
    "SQL- Experience - 18 monthsCompany Details \n"
    "company - Quantix Labs\n"
    "description - Built dashboards in Tableau and forecasting models in Python.\n"
)

EUROPEAN_CV = """\
Curriculum Vitae

MARIA GARCIA LOPEZ
Calle Mayor 12, 28013 Madrid, Spain
+34 612 345 678 · maria.garcia@example.es

PROFESSIONAL EXPERIENCE
07/2020 – present   Computer Vision Engineer at Visiona Tecnologias S.L.
03/2018 – 06/2020   Research Assistant, Universidad Politecnica de Madrid

EDUCATION
2016 – 2018   Master's degree in Artificial Intelligence, Universidad Politecnica de Madrid
2012 – 2016   Bachelor's degree in Computer Engineering, Universidad de Granada

LANGUAGES
Spanish (native), English (C1, fluent), French (basic)
"""


def roles(facts):
    return [
        (
            r.title.text if r.title else None,
            r.employer.text if r.employer else None,
            (r.start.year, r.start.month) if r.start else None,
            ("present" if r.end.present else (r.end.year, r.end.month)) if r.end else None,
            r.months,
            r.ml_relevant,
        )
        for r in facts.experience
    ]


def schools(facts):
    return [
        (
            e.degree.text if e.degree else None,
            e.level,
            e.field.text if e.field else None,
            e.institution.text if e.institution else None,
            e.year,
        )
        for e in facts.education
    ]


def skills(facts):
    return {s.id: (len(s.mentions), s.months, s.last_used) for s in facts.skills}


def test_us_chronological_resume():
    facts = read(US_CHRONOLOGICAL)
    assert facts.name.text == "Jane Q. Doe"
    assert facts.location.text == "San Francisco, CA"
    assert [e.text for e in facts.emails] == ["jane.doe@example.com"]
    assert [(p.text, p.e164) for p in facts.phones] == [("(415) 555-0132", "+14155550132")]
    assert [(link.kind, link.url) for link in facts.links] == [
        ("linkedin", "https://www.linkedin.com/in/janedoe"),
        ("github", "https://github.com/janedoe"),
    ]
    assert [s.name for s in facts.sections] == [
        "header", "summary", "experience", "education", "skills", "certifications", "publications", "awards",
    ]
    assert roles(facts) == [
        ("Senior Machine Learning Engineer", "Acme Analytics Inc.", (2019, None), "present", 89, True),
        ("Freelance Data Consultant", "Self-employed", (2018, 6), (2020, 3), 22, False),
        ("Data Analyst", "Globex Corporation", (2016, 1), (2018, 12), 36, False),
    ]
    # Jan 2016 to Nov 2026 with the overlaps counted once; the ML role from mid-2019
    assert facts.total_experience_months == 131
    assert facts.ml_experience_months == 89
    assert facts.stated_experience_months == 72
    assert schools(facts) == [
        ("M.S. in Computer Science", "master", "Computer Science", "Stanford University", 2016),
        ("B.S. in Mathematics", "bachelor", "Mathematics", "University of Texas at Austin", 2014),
    ]
    assert skills(facts) == {
        "machine_learning": (3, 89, 2026),  # summary, role title, certification
        "pytorch": (2, 89, 2026),
        "docker": (2, 89, 2026),
        "kubernetes": (2, 89, 2026),
        "r_lang": (2, 22, 2020),  # "in R and Python" and the skills list; not "R&D"
        "python": (3, 51, 2020),
        "sql": (2, 36, 2018),
        "go_lang": (1, 0, None),  # the skills list only; "Go to market" is not Go
        "cpp": (1, 0, None),
        "csharp": (1, 0, None),
        "scikit_learn": (1, 0, None),
        "nodejs": (1, 0, None),
        "dotnet": (1, 0, None),
        "git": (1, 0, None),
    }
    assert [(c.text, c.kind, c.year) for c in facts.certifications] == [
        ("AWS Certified Machine Learning - Specialty (2021)", "aws", 2021)
    ]
    assert [(p.text, p.year) for p in facts.publications] == [
        ('Doe, J. "Fast ranking at scale." Proceedings of KDD 2020.', 2020)
    ]
    assert [(a.text, a.year) for a in facts.awards] == [("Winner, Acme Internal Hackathon 2020", 2020)]
    assert facts.languages == ()


def test_skill_mentions_know_their_section_and_role():
    facts = read(US_CHRONOLOGICAL)
    python = next(s for s in facts.skills if s.id == "python")
    assert [(m.section, m.role) for m in python.mentions] == [("experience", 1), ("experience", 2), ("skills", None)]
    assert all(US_CHRONOLOGICAL[m.start:m.end] == "Python" for m in python.mentions)


def test_indeed_export():
    facts = read(INDEED)
    assert facts.name.text == "Rahul Verma"
    assert facts.location.text == "Pune, Maharashtra"
    # the profile link wrapped onto the next line and the tracking copy at the end are one link
    assert [(link.kind, link.url) for link in facts.links] == [
        ("indeed", "https://www.indeed.com/r/Rahul-Verma/0a1b2c3d4e5f6a7b")
    ]
    assert facts.links[0].text == "indeed.com/r/Rahul-Verma/\n0a1b2c3d4e5f6a7b"
    assert roles(facts) == [
        ("Data Scientist", "Infoway Analytics", (2019, 6), "present", 90, True),
        ("Software Engineer", "Tata Consultancy Services", (2016, 7), (2019, 5), 35, False),
    ]
    assert facts.experience[0].location.text == "Pune, Maharashtra"
    assert facts.total_experience_months == 125
    assert schools(facts) == [("B.Tech in Computer Science", "bachelor", "Computer Science", "College of Engineering Pune", 2016)]
    found = skills(facts)
    assert found["python"] == (1, 36, None)  # "Python (3 years)"
    assert found["java"] == (2, 48, 2019)  # stated 4 years beats the 35 months of its role
    assert found["sql"] == (1, 0, None)  # "Less than 1 year" states no number
    assert found["scikit_learn"] == (1, 90, 2026)


def test_kaggle_style_blob_with_glued_headings():
    facts = read(KAGGLE_BLOB)
    assert facts.name is None  # the export has no name: none is invented
    assert [(s.name, s.heading.text) for s in facts.sections] == [
        ("skills", "TECHNICAL SKILLS"),
        ("education", "Education Details"),
        ("skills", "Skill Details"),
        ("experience", "Company Details"),
    ]
    assert schools(facts) == [("B.Sc Statistics", "bachelor", "Statistics", "University of Mumbai", 2017)]
    # the title comes from the "Data Analyst - Quantix Labs" headline the export prints above
    assert roles(facts) == [("Data Analyst", "Quantix Labs", None, None, None, False)]
    found = skills(facts)
    assert found["python"] == (3, 24, None)
    assert found["sql"] == (2, 18, None)
    assert found["r_lang"] == (1, 0, None)
    assert found["excel"] == (1, 0, None)  # ambiguous, but a list item in a skills section
    assert found["tableau"] == (2, 0, None)


def test_european_cv_with_title_line_and_all_caps_name():
    facts = read(EUROPEAN_CV)
    assert facts.name.text == "MARIA GARCIA LOPEZ"
    assert (facts.name.start, facts.name.end) == (18, 36)
    assert [(p.text, p.e164) for p in facts.phones] == [("+34 612 345 678", "+34612345678")]
    assert [e.text for e in facts.emails] == ["maria.garcia@example.es"]
    assert roles(facts) == [
        ("Computer Vision Engineer", "Visiona Tecnologias S.L.", (2020, 7), "present", 77, True),
        ("Research Assistant", "Universidad Politecnica de Madrid", (2018, 3), (2020, 6), 28, False),
    ]
    assert facts.total_experience_months == 105
    assert schools(facts) == [
        ("Master's degree in Artificial Intelligence", "master", "Artificial Intelligence", "Universidad Politecnica de Madrid", 2018),
        ("Bachelor's degree in Computer Engineering", "bachelor", "Computer Engineering", "Universidad de Granada", 2016),
    ]
    assert [(lang.text, lang.name, lang.level) for lang in facts.languages] == [
        ("Spanish (native)", "Spanish", "native"),
        ("English (C1, fluent)", "English", "fluent"),
        ("French (basic)", "French", "basic"),
    ]


def test_two_date_formats_and_overlapping_roles_count_once():
    text = (
        "Sam Lee\n\nEXPERIENCE\n"
        "Data Engineer, Northwind Traders Ltd (2017-2019)\n"
        "Built ETL jobs.\n\n"
        "ML Engineer at Contoso Labs\nMarch 2018 to April 2016\n\n"  # ends before it starts: not a range
        "Analyst, Fabrikam Inc (Jan 2019 - Jun 2019)\n"
        "Reporting.\n"
    )
    facts = read(text)
    assert [(r.title.text, r.employer.text, r.months) for r in facts.experience] == [
        ("Data Engineer", "Northwind Traders Ltd", 24),
        ("Analyst", "Fabrikam Inc", 6),
    ]
    # mid-2017 to mid-2019 contains Jan-Jun 2019
    assert facts.total_experience_months == 24


# Text read from a two-column PDF: the columns' gaps are gone, title, employer and city run together.
PDF_TEXT = """\
ACCOUNTANT
Summary
Detail-oriented accountant with strong bookkeeping.
Experience
03/2010 to Current
Accountant Acme Holdings Austin , TX
Reconciled accounts and prepared month-end reports.
05/2007 to 03/2010
Customer Service Rep Globex Retail Dallas , TX
Resolved customer complaints.
Education and Training
2009
Bachelor of Science : Accounting Kaplan University
"""


def test_text_from_a_pdf_with_title_employer_and_city_run_together():
    facts = read(PDF_TEXT)
    assert facts.name is None  # "ACCOUNTANT" is a job title, not a name
    assert roles(facts) == [
        ("Accountant", "Acme Holdings", (2010, 3), "present", 201, False),
        ("Customer Service Rep", "Globex Retail", (2007, 5), (2010, 3), 35, False),
    ]
    assert [r.location.text for r in facts.experience] == ["Austin , TX", "Dallas , TX"]
    assert schools(facts) == [("Bachelor of Science : Accounting", "bachelor", "Accounting", "Kaplan University", 2009)]


def test_a_title_that_names_its_employer_is_split():
    facts = read("Jo Bloggs\n\nEXPERIENCE\nSales Associate in Convergys\nJan 2015 - Dec 2016\nSold plans.\n")
    assert roles(facts) == [("Sales Associate", "Convergys", (2015, 1), (2016, 12), 24, False)]


@pytest.mark.parametrize("blank", ["", "   \n\n\t ", "\x0c\x0c\n\x0c", "\u00a0\n"])
def test_scanned_or_empty_text_gives_empty_facts_without_invented_data(blank):
    assert extract(blank, today=TODAY, pipeline=pipeline()) == ResumeFacts()


def test_a_page_of_symbols_gives_nothing_invented():
    facts = read("• • •\n---\n|  |  |\n12 34\n")
    assert facts.name is None and facts.experience == () and facts.education == () and facts.skills == ()
    assert facts.phones == () and facts.emails == ()


def test_extract_refuses_bytes():
    with pytest.raises(TypeError):
        extract(b"Jane Doe")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "entry",
    [
        "Data Analyst, Globex Corporation (2015–2018)",
        "Globex Corporation | Data Analyst | 2015 - 2018",
        "Data Analyst at Globex Corporation, 2015 - 2018",
        "Data Analyst\nGlobex Corporation -  Austin, TX\n2015 to 2018",
        "2015 - 2018\nData Analyst, Globex Corporation",
        "Globex Corporation\nData Analyst    2015 - 2018",
    ],
)
def test_role_header_layouts(entry):
    facts = read(f"Jo Bloggs\n\nWORK EXPERIENCE\n{entry}\nBuilt weekly sales reports for the leadership team.\n")
    assert [(r.title.text, r.employer.text, r.start.year, r.end.year, r.months) for r in facts.experience] == [
        ("Data Analyst", "Globex Corporation", 2015, 2018, 36)
    ]
