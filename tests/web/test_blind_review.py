"""Blind review holds: what the reader did not classify is masked by where it stands (every education
line outside the degree and field, a personal details block, places), the candidate's own comments are
hidden, ordinary words are never masked because an import's placeholder name holds them, and searching
anything masked finds no one, on SQLite's search path and on PostgreSQL's full-text vectors."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from screening import services
from screening.blind import MASK, identity_spans, mask_text
from screening.models import Application, Resume
from screening.nlp.facts import ResumeFacts, Section
from screening.services.imports import resumes_import
from tests.web.test_recruiter import anonymous_label, apply, job, labels, pool, ranking, rita  # noqa: F401 (fixtures)
from tests.web.test_recruiter_candidate import detail_url

pytestmark = pytest.mark.django_db

PRIYA = """Priya Raghunathan
priya.r@example.com

Summary
Machine learning engineer with 6 years of PyTorch and data analysis. Relocating to Bengaluru from Nagpur.

Skills
Python, PyTorch, SQL, data analysis, Kubernetes

Experience
Machine Learning Engineer
Northwind Analytics
Jan 2020 - Present
Built demand forecasting models in PyTorch and served them on Kubernetes.

Education
PhD Computer Science, MIT
2012 - 2017
St. Xavier's High School

Personal Details
Date of Birth: 12/03/1990
Gender: Female
Marital Status: Married
Nationality: Indian
Religion: Hindu
Father's Name: Raghavan Iyer
Passport No: K1234567
"""

# Everything here tells who Priya is or a protected attribute of hers; none of it may show or be found.
HIDDEN = (
    "Priya", "Raghunathan", "MIT", "Xavier", "Bengaluru", "Nagpur", "12/03/1990", "Female", "Married",
    "Indian", "Hindu", "Raghavan", "Iyer", "K1234567",
)
KEPT = ("PhD Computer Science", "PyTorch", "data analysis", "Northwind Analytics", "Machine Learning Engineer")


@pytest.fixture
def priya(job, django_capture_on_commit_callbacks) -> Application:
    job.blind_review = True
    job.save()
    with django_capture_on_commit_callbacks(execute=True):
        application = apply(job, "Priya Raghunathan", PRIYA, email="priya.r@example.com")
    application.refresh_from_db()
    assert application.current_resume.status == Resume.Status.PROCESSED
    return application


def shown(html: str, word: str) -> bool:
    return re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", html) is not None


def test_unread_schools_places_and_personal_details_are_masked_on_the_candidate_page(client, rita, job, priya):
    html = client.get(detail_url(job, priya)).content.decode()
    for secret in HIDDEN:
        assert not shown(html, secret), secret
    for kept in KEPT:
        assert kept in html, kept
    assert MASK in html


def test_searching_anything_masked_finds_no_one_under_blind_review(client, rita, job, priya):
    # Runs on whichever database is configured: SQLite reads the masked text, PostgreSQL its own vector.
    assert labels(ranking(client, job, q="PyTorch")) == [anonymous_label(priya)]
    assert labels(ranking(client, job, q="Kubernetes")) == [anonymous_label(priya)]
    for secret in HIDDEN:
        assert labels(ranking(client, job, q=secret)) == [], secret
    # Shown by name past screening, she is found by all of it again.
    services.application_move(application=priya, to_stage="interview", actor=rita)
    assert labels(ranking(client, job, q="MIT")) == ["Priya Raghunathan"]
    assert labels(ranking(client, job, q="Nagpur")) == ["Priya Raghunathan"]


def test_the_candidates_correction_comments_are_hidden_until_they_are_shown(client, rita, job, priya):
    services.correction_request_create(application=priya, comment="I am Priya; my school MIT was missed.")
    html = client.get(detail_url(job, priya)).content.decode()
    assert "Corrections from the candidate" in html  # the team knows there is one
    assert "MIT was missed" not in html and not shown(html, "Priya")
    services.application_reveal(application=priya, actor=rita)
    assert "MIT was missed" in client.get(detail_url(job, priya)).content.decode()


def test_an_imports_placeholder_name_does_not_mask_ordinary_words(client, rita, job, tmp_path, django_capture_on_commit_callbacks):
    """`import_resumes` names a candidate after the file ("data.txt" -> "Data") until the resume is read:
    that is no name, and the resume's "Data" must not be blacked out, nor its skills line hidden."""
    job.blind_review = True
    job.save()
    resume = tmp_path / "data.txt"
    resume.write_text(
        "Data Engineer\n\nSkills\nData pipelines, Python, SQL, Kubernetes\n\n"
        "Experience\nData Engineer\nNorthwind Analytics\nJan 2020 - Present\nData pipelines in Python on Kubernetes.\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = resumes_import(job=job, files=[resume])
    (_, application), = report.accepted
    application.refresh_from_db()
    parse = application.current_resume.parse
    assert "Data pipelines, Python, SQL, Kubernetes" in parse.blind_text
    html = client.get(detail_url(job, application)).content.decode()
    assert "Data pipelines, Python, SQL, Kubernetes" in html
    assert labels(ranking(client, job, q="Data pipelines")) == [anonymous_label(application)]


def test_a_typed_name_that_is_also_an_everyday_word_masks_the_name_not_the_word():
    text = "Will Turner\n\nSummary\nI will build data tools. Will Turner led the team; Turner wrote the tests.\n"
    facts = ResumeFacts(sections=(Section("header", 0, 12), Section("summary", 13, len(text))))
    masked = mask_text(text, identity_spans(text, facts, names=["Will Turner"]))
    assert "Turner" not in masked and "Will Turner" not in masked
    assert "I will build data tools." in masked


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's vector only")
def test_the_blind_vector_holds_none_of_the_masked_words(priya):
    from screening.models import ParseResult

    parse = ParseResult.objects.filter(resume__application=priya)
    assert parse.filter(blind_search_vector="pytorch").count() == 1
    for secret in ("mit", "nagpur", "bengaluru", "hindu", "female", "xavier"):
        assert parse.filter(blind_search_vector=secret).count() == 0, secret


def test_a_name_written_into_an_email_address_is_still_masked_on_its_own():
    text = "Priya Raghunathan\npriya.r@example.com\n\nSummary\nPriya led the forecasting team.\n"
    facts = ResumeFacts(sections=(Section("header", 0, 38), Section("summary", 39, len(text))))
    masked = mask_text(text, identity_spans(text, facts, names=["Priya Raghunathan"]))
    assert "Priya" not in masked and "led the forecasting team" in masked


def test_skills_on_an_education_line_are_not_masked_all_through_the_resume(client, rita, job, django_capture_on_commit_callbacks):
    job.blind_review = True
    job.save()
    text = PRIYA.replace("St. Xavier's High School", "Coursework: Statistics, Python, Kubernetes")
    with django_capture_on_commit_callbacks(execute=True):
        application = apply(job, "Priya Raghunathan", text, email="priya.r@example.com")
    application.refresh_from_db()
    blind = application.current_resume.parse.blind_text
    assert "Python, PyTorch, SQL, data analysis, Kubernetes" in blind  # the skills section is intact
    assert not shown(blind, "MIT")
