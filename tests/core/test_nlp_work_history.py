"""Work history on layouts seen in real resumes: one role per job, titles and employers where each layout puts
them, and dates told in sentences kept out of role headers. The resumes are written for these tests."""
from __future__ import annotations

from tests.core.test_nlp_support import read


def roles(text: str) -> list[tuple]:
    facts = read(text)
    return [
        (
            r.title.text if r.title else None,
            r.employer.text if r.employer else None,
            r.start.text if r.start else None,
            r.end.text if r.end else None,
        )
        for r in facts.experience
    ]


KAGGLE_PROJECTS = """\
Skills: Python, SQL Education Details 
 M.C.A  Pune, MAHARASHTRA, IN Pune University
Hadoop Developer 

Hadoop Developer - Vertex Data Systems Pvt Ltd
Skill Details 
Python- Experience - 24 months
Company Details 
company - Vertex Data Systems Pvt Ltd
description - Team Size: 10
Environment: Hive, Spark, Sqoop.
Project 2
company - Vertex Data Systems Pvt Ltd
description - 
company - Vertex Data Systems Pvt Ltd
description - Team Size: 12
Environment: Hadoop, HDFS, Hive, MySQL
"""


def test_a_kaggle_export_printing_the_employer_once_per_project_is_one_job():
    assert roles(KAGGLE_PROJECTS) == [("Hadoop Developer", "Vertex Data Systems Pvt Ltd", None, None)]
    facts = read(KAGGLE_PROJECTS)
    role = facts.experience[0]
    # the one role holds the text of every project block
    assert role.span_end >= KAGGLE_PROJECTS.rindex("MySQL")


UMBRELLA_AND_CLIENT = """\
Asha Rao

WORK EXPERIENCE

Engineering Director

Globex Inc -

April 2015 to Present

Globex Inc -

January 2008 to Present

Growth path at Globex:

Senior Engineering Manager

Globex Inc -

January 2008 to March 2015

Led the platform team.

Database Engineer

Initech Solutions -  Austin, TX -

June 2005 to December 2007

Initech Solutions -

June 2005 to December 2007

Client Description:
A bank with branches in three states.
"""


def test_an_umbrella_line_over_promotions_and_a_repeated_client_block_are_not_jobs_of_their_own():
    assert roles(UMBRELLA_AND_CLIENT) == [
        ("Engineering Director", "Globex Inc", "April 2015", "Present"),
        ("Senior Engineering Manager", "Globex Inc", "January 2008", "March 2015"),
        ("Database Engineer", "Initech Solutions", "June 2005", "December 2007"),
    ]
    facts = read(UMBRELLA_AND_CLIENT)
    # Jun 2005 .. Nov 2026 without a gap
    assert facts.total_experience_months == 258


INDEED_MIXED = """\
Meera Iyer
QA Analyst - Globex

Chennai, Tamil Nadu - Email me on Indeed: indeed.com/r/Meera-Iyer/1a2b3c4d5e6f7a8b

WORK EXPERIENCE

QA Analyst

Globex

Testing web and mobile releases for retail clients across three countries.

Sales Associate in Convergys

AT&T -

January 2014 to May 2015

Handled customer calls for wireless plans.

Test Engineer at Initech

Acme Technologies Pvt Ltd -  Pune, Maharashtra -

June 2011 to December 2013

Worked in Acme Technologies Pvt Ltd as Test Engineer from June 2011 to Dec 2013.
since May 2012 as a Subject Matter Expert to Jan 2013 and as Lead Tester since Feb
2013 at the Pune office
"""


def test_indeed_undated_first_job_titles_naming_the_employer_and_dates_told_in_sentences():
    assert roles(INDEED_MIXED) == [
        # an undated job: "Title" and "Company" lines at the top of the section
        ("QA Analyst", "Globex", None, None),
        # the title line names the employer; the dash line under it ("AT&T -") is the client
        ("Sales Associate", "Convergys", "January 2014", "May 2015"),
        # ... unless the dash line is a company ("Pvt Ltd"): then the "at Initech" is a client
        ("Test Engineer", "Acme Technologies Pvt Ltd", "June 2011", "December 2013"),
        # "Worked in … from June 2011 to Dec 2013" and the "since May 2012 as …" sentence are not roles
    ]
    facts = read(INDEED_MIXED)
    assert facts.experience[2].location.text == "Pune, Maharashtra"


ANONYMISED_PDF = """\
Experience
Company Name City , State Chemist II 05/1990 to 05/1992
Ran assays on incoming samples and kept the lab log.
Instructional Designer Feb 2015 to Current
Company Name - City , State
Designed online courses.
Agricultural Officer July
January 2004 to February 2006 Company Name
Advised farmers on soil tests.
"""


def test_pdf_text_of_an_anonymised_resume_runs_employer_place_and_title_together():
    assert roles(ANONYMISED_PDF) == [
        ("Chemist II", "Company Name", "05/1990", "05/1992"),
        # the employer line under a "Title  dates" line
        ("Instructional Designer", "Company Name", "Feb 2015", "Current"),
        # a month left behind by dates split over two lines ends no title
        ("Agricultural Officer", "Company Name", "January 2004", "February 2006"),
    ]
    facts = read(ANONYMISED_PDF)
    assert [r.location.text if r.location else None for r in facts.experience] == ["City , State", "City , State", None]


CONSECUTIVE = """\
Experience
02/2009 to 02/2016
Teen Parent Teacher Company Name City , State
Taught parenting classes.
02/1996 to 02/2009
Company Name City , State
Taught consumer science.
Sales Associate | Globex | Jul 2014 - Jan 2015
Sales Lead | Globex | Jan 2015 - Sep 2015
"""


def test_jobs_at_one_employer_that_follow_each_other_stay_apart():
    # they share only the month one ends and the next starts: neither is a repeat of the other
    assert roles(CONSECUTIVE) == [
        ("Teen Parent Teacher", "Company Name", "02/2009", "02/2016"),
        (None, "Company Name", "02/1996", "02/2009"),
        ("Sales Associate", "Globex", "Jul 2014", "Jan 2015"),
        ("Sales Lead", "Globex", "Jan 2015", "Sep 2015"),
    ]


UNDATED_WITH_DUTIES = """\
Experience
ARCHITECTURAL DESIGNER Company Name City , State
Organized projects in accordance to BIM standards
Reviewed completed reports, plans, and project designs
Created oral and written presentations for project designs and proposals
BIM SPECIALIST Company Name City , State
Drafted detailed drawings of structures, specifying dimensions and materials
"""


def test_undated_jobs_are_the_lines_naming_title_and_employer_not_pairs_of_duty_sentences():
    assert roles(UNDATED_WITH_DUTIES) == [
        ("ARCHITECTURAL DESIGNER", "Company Name", None, None),
        ("BIM SPECIALIST", "Company Name", None, None),
    ]


def test_fragments_and_list_numbers_are_not_titles():
    text = """\
WORK EXPERIENCE

4 Store Executive

Initech Pvt Ltd -

October 2015 to October 2017

Have worked as a Support Engineer

Globex Corporation -  Pune, Maharashtra -

October 2013 to April 2015
"""
    assert roles(text) == [
        ("Store Executive", "Initech Pvt Ltd", "October 2015", "October 2017"),
        ("Support Engineer", "Globex Corporation", "October 2013", "April 2015"),
    ]


def test_a_project_or_product_version_is_not_an_employer():
    text = """\
WORK EXPERIENCE

L1 Analyst in Microsoft project

HCL Technologies -

September 2016 to Present

Monitored the Exchange servers of the client.

5. CRM Sales ( CRM 7.01, CRM 7.02 ) -Feb '2011-June 2014
"""
    # the dated project line names no employer ("CRM 7.02" is a version), so it is part of the job above
    assert roles(text) == [("L1 Analyst", "HCL Technologies", "September 2016", "Present")]


INDEED_SUBHEADING = """\
Pankaj Rao
Developer

Dhule, Maharashtra - Email me on Indeed: indeed.com/r/Pankaj-Rao/2d6f2e970b9a7ff6

WORK EXPERIENCE

Technical Expertise:-
Languages C, C++, C#.NET.
Databases SQL Server 2005, MySql.

Jr. Developer

Softzel Technologies Pvt. Ltd -  Pune, Maharashtra

Database designing and user side coding.

EDUCATION

MCA

Jalgaon College of Engineering -  Jalgaon, Maharashtra

2014
"""


def test_a_sub_heading_inside_an_indeed_job_does_not_end_the_work_history():
    assert roles(INDEED_SUBHEADING) == [("Jr. Developer", "Softzel Technologies Pvt. Ltd", None, None)]
    facts = read(INDEED_SUBHEADING)
    # the sub-heading still opens a skills list, and the education after the capital heading is still education
    assert [s.name for s in facts.sections] == ["header", "experience", "skills", "education"]
    assert [e.institution.text for e in facts.education] == ["Jalgaon College of Engineering"]


def test_a_committee_membership_is_not_a_job():
    text = (
        "Ravi Kumar\n\nWORK EXPERIENCE\n\nActive member of the Student Robotics Committee\n\n"
        "Robotics Club - Pune, Maharashtra\n\nData Analyst\n\nNorthwind Traders - Pune, Maharashtra\n\n"
        "June 2019 to Present\n\nReports in SQL.\n"
    )
    titles = [r.title.text for r in read(text).experience if r.title]
    assert titles == ["Data Analyst"]


def test_employer_and_dates_over_the_title_as_json_resume_themes_print_them():
    # JSON Resume's flat theme: "Work", then "Employer  <ISO dates>" over the title, a "Highlights" label
    # over each role's bullets; the employer carries no company word, the current role no "Present".
    facts = read(
        "Ingrid Solberg\nSenior Data Engineer\nWork\n"
        "Fjordline Analytics AS 2021-04-01 —\nSenior Data Engineer\nHighlights\n"
        "Moved nightly batch loads to Kafka streams.\n"
        "Nordvik Shipping 2017-09-01 — 2021-03-31\nData Engineer\nHighlights\n"
        "Built Airflow pipelines for vessel telemetry.\n\n"
        "Education\nUniversity of Bergen 2012-08-01 — 2015-06-01\n"
    )
    assert [(r.title.text, r.employer.text) for r in facts.experience if r.title and r.employer] == [
        ("Senior Data Engineer", "Fjordline Analytics AS"),
        ("Data Engineer", "Nordvik Shipping"),
    ]
    assert facts.experience[0].end is not None and facts.experience[0].end.present


def test_a_line_of_dates_between_the_employer_and_the_title():
    # JSON Resume's spartan theme: employer, then the dates alone, then the title; a field-named title
    # ("Systems Administrator") is still a title.
    facts = read(
        "Thabo Nkosi\nExperience\nUbuntu Payments (Pty) Ltd\nJune 2020 - Present\nSite Reliability Engineer\n"
        "Ran Kubernetes clusters on AWS.\nKaroo Telecom\nJanuary 2016 - May 2020\nSystems Administrator\n"
        "Automated Linux server builds.\n\nEducation\nUniversity of the Witwatersrand\n2012 - 2015\nBSc\n"
    )
    assert [(r.title and r.title.text, r.employer and r.employer.text) for r in facts.experience] == [
        ("Site Reliability Engineer", "Ubuntu Payments (Pty) Ltd"),
        ("Systems Administrator", "Karoo Telecom"),
    ]
