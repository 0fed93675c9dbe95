"""The same resume or the same person sent twice: an identical re-upload, detection across sources, merging."""
from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from screening import selectors, services
from screening.models import Application, AuditEvent, Job, Note, Rating, Resume, StageChange
from screening.selectors import RankingFilters
from screening.selectors.duplicates import SAME_EMAIL, SAME_FILE, SAME_NAME, SAME_PHONE, SAME_TEXT
from screening.services.imports import resumes_import
from screening.services.setup import defaults_load
from tests.factories import JobFactory, recruiter
from tests.filegen import make_txt, sample_resume

pytestmark = pytest.mark.django_db

ADA = sample_resume("Ada Lovelace")  # holds ada.lovelace@example.com and +44 20 7946 0958


@pytest.fixture
def job() -> Job:
    defaults_load()
    return Job.objects.get(slug="machine-learning-engineer")


def web(job, name: str, *, email: str, data: bytes, phone: str = "") -> Application:
    application = services.application_submit(
        job=job, name=name, email=email, phone=phone, resume_name="cv.txt", resume_data=data, consent=True
    )
    assert isinstance(application, Application)
    return application


def imported(job, tmp_path: Path, data: bytes, name: str = "ada_lovelace.txt") -> Application:
    path = tmp_path / name
    path.write_bytes(data)
    report = resumes_import(job=job, files=[path])
    assert not report.rejected, report.rejected
    return report.accepted[0][1]


@pytest.fixture
def pair(job, tmp_path, django_capture_on_commit_callbacks) -> tuple[Application, Application]:
    """The issue's case: an operator imports a resume, then the same person sends it through the careers page
    (under another address than the one in the resume, so the identity rules do not hold it back)."""
    with django_capture_on_commit_callbacks(execute=True):
        first = imported(job, tmp_path, make_txt(ADA))
    with django_capture_on_commit_callbacks(execute=True):
        second = web(job, "Ada Lovelace", email="ada@home.example", data=make_txt(ADA))
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.candidate_id != second.candidate_id
    return first, second


# --- An identical re-upload --------------------------------------------------------------------------


def test_an_identical_reupload_by_the_candidate_makes_no_new_version_and_says_so(job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = web(job, "Ada Lovelace", email="ada@example.com", data=make_txt(ADA))
    with pytest.raises(ValidationError) as same:
        services.resume_replace(application=application, resume_name="again.txt", resume_data=make_txt(ADA))
    assert "same file as version 1" in same.value.message_dict["resume"][0]
    assert Resume.objects.filter(application=application).count() == 1
    assert not AuditEvent.objects.filter(action="resume.replaced").exists()
    # A changed file is a new version as before.
    services.resume_replace(application=application, resume_name="v2.txt", resume_data=make_txt(ADA + "\nAwards\n"))
    assert Resume.objects.filter(application=application).count() == 2


def test_a_trusted_resubmission_of_the_same_file_makes_no_new_version(job):
    kwargs = dict(job=job, name="Ada Lovelace", email="ada@example.com", resume_name="cv.txt", resume_data=make_txt(ADA))
    first = services.application_submit(source=Application.Source.IMPORT, **kwargs)
    again = services.application_submit(source=Application.Source.IMPORT, **kwargs)
    assert isinstance(first, Application) and isinstance(again, Application)
    assert again.pk == first.pk
    assert Resume.objects.filter(application=first).count() == 1
    assert AuditEvent.objects.get(action="application.resubmitted").data["same_file"] is True
    assert Path(Resume.objects.get(application=first).file.path).exists()  # the kept version's file stays


# --- Detection -----------------------------------------------------------------------------------------


def test_the_same_resume_imported_and_sent_through_the_web_is_found_both_ways(job, pair, django_capture_on_commit_callbacks):
    first, second = pair
    with django_capture_on_commit_callbacks(execute=True):
        other = web(job, "Bea Barista", email="bea@example.com", data=make_txt("Bea Barista\nCoffee and customers.\n"))

    found = {d.application.pk: d.reasons for d in selectors.duplicates_for(application=second)}
    assert set(found) == {first.pk}
    assert {SAME_FILE, SAME_TEXT, SAME_EMAIL, SAME_PHONE, SAME_NAME} <= set(found[first.pk])
    assert [d.application.pk for d in selectors.duplicates_for(application=first)] == [second.pk]
    assert selectors.duplicates_for(application=other) == []
    # The list marks them, and its filter finds them.
    _, duplicates = selectors.list_markers(job=job, application_ids=[first.pk, second.pk, other.pk])
    assert duplicates == {first.pk, second.pk}
    marked = selectors.ranked_applications(job=job, filters=RankingFilters(duplicates=True))
    assert {a.pk for a in marked} == {first.pk, second.pk}


def test_the_same_text_in_another_file_is_found(job, tmp_path, django_capture_on_commit_callbacks):
    text = "Grace Hopper\nCompilers, COBOL and Python.\nNavy, 1943 - 1986.\n"
    with django_capture_on_commit_callbacks(execute=True):
        first = imported(job, tmp_path, make_txt(text), name="grace.txt")
        # Another file: other line ends, spacing and case; it reads the same.
        second = web(job, "Grace Hopper", email="grace@example.com", data=make_txt(text.upper().replace("\n", "  \r\n")))
    reasons = {d.application.pk: d.reasons for d in selectors.duplicates_for(application=second)}[first.pk]
    assert SAME_TEXT in reasons and SAME_FILE not in reasons


def test_the_same_phone_in_another_form_is_a_likely_same_person(job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = web(job, "Alan Turing", email="alan@example.com", phone="+44 20 7946 0001",
                    data=make_txt("Alan Turing\nMathematics and cryptanalysis.\n"))
        second = web(job, "A. M. Turing", email="amt@example.org", phone="020 7946 0001",
                     data=make_txt("A. M. Turing\nComputable numbers, morphogenesis.\n"))
        web(job, "Someone Else", email="else@example.com", phone="020 7946 9999",
            data=make_txt("Someone Else\nGardening.\n"))
    assert [(d.application.pk, d.reasons) for d in selectors.duplicates_for(application=second)] == [
        (first.pk, (SAME_PHONE,))
    ]


def test_only_the_same_job_is_compared(job, tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        here = imported(job, tmp_path, make_txt(ADA))
        elsewhere = web(JobFactory(profile=job.profile), "Ada Lovelace", email="ada@home.example", data=make_txt(ADA))
    assert selectors.duplicates_for(application=here) == []
    assert selectors.duplicates_for(application=elsewhere) == []


# --- Merging -------------------------------------------------------------------------------------------


def test_merge_keeps_the_notes_ratings_and_history_of_both(job, pair):
    first, second = pair
    rita, sam = recruiter(username="rita"), recruiter(username="sam")
    services.application_move(application=first, to_stage="screening", actor=rita)
    services.application_move(application=first, to_stage="interview", actor=rita)
    services.note_add(application=first, author=rita, body="Strong phone screen.")
    services.note_add(application=second, author=sam, body="Applied again on the web.")
    services.rating_set(application=first, author=rita, stars=4)
    services.rating_set(application=second, author=sam, stars=3)
    services.rating_set(application=second, author=rita, stars=5)  # rita rated both: her newer rating stands

    survivor = services.applications_merge(first=first, second=second, actor=rita)

    # Same content: the one with the newest resume (the web one) survives, at the furthest stage.
    assert survivor.pk == second.pk
    survivor.refresh_from_db()
    first.refresh_from_db()
    assert survivor.stage == "interview"
    assert survivor.current_resume.application_id == second.pk
    assert sorted(Note.objects.filter(application=survivor).values_list("body", flat=True)) == [
        "Applied again on the web.", "Strong phone screen."
    ]
    assert dict(Rating.objects.filter(application=survivor).values_list("author__username", "stars")) == {
        "rita": 5, "sam": 3
    }
    moves = list(StageChange.objects.filter(application=survivor).values_list("from_stage", "to_stage"))
    assert moves == [("new", "screening"), ("screening", "interview"), ("new", "interview")]
    # The other is marked merged, not deleted, and keeps its own resume (nothing of one person moves to another).
    assert first.merged_into_id == survivor.pk and first.merged_at is not None
    assert Resume.objects.filter(application=first).count() == 1
    assert not Note.objects.filter(application=first).exists()
    event = AuditEvent.objects.get(action="application.merged")
    assert event.object_id == str(survivor.public_id) and event.actor == rita
    assert event.data["merged"] == str(first.public_id)
    assert (event.data["notes"], event.data["stage_changes"]) == (1, 2)
    with pytest.raises(ValidationError) as moved:  # the team works on the survivor from now on
        services.application_move(application=first, to_stage="offer", actor=rita)
    assert moved.value.code == "merged"


def test_a_merged_application_is_out_of_the_list_and_the_counts_and_they_add_up(job, pair):
    first, second = pair
    before = selectors.jobs_with_counts().get(pk=job.pk)
    assert before.applications_count == 2
    services.applications_merge(first=first, second=second, actor=recruiter())

    assert [a.pk for a in selectors.ranked_applications(job=job)] == [second.pk]
    assert sum(selectors.stage_counts(job=job).values()) == 1
    counted = selectors.jobs_with_counts().get(pk=job.pk)
    parts = counted.processed_count + counted.pending_count + counted.attention_count + counted.erased_count
    assert counted.applications_count == parts == 1
    assert counted.merged_count == 1
    assert selectors.duplicates_for(application=second) == []  # nothing left to merge


def test_the_survivor_keeps_the_newest_resume_when_they_differ(job, tmp_path, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        newer_text = ADA.replace("five years", "six years")
        web_first = web(job, "Ada Lovelace", email="ada@home.example", data=make_txt(ADA))
    with django_capture_on_commit_callbacks(execute=True):
        later_import = imported(job, tmp_path, make_txt(newer_text))
    survivor = services.applications_merge(first=web_first, second=later_import, actor=recruiter())
    assert survivor.pk == later_import.pk


def test_merging_is_for_two_unmerged_applications_to_one_job(job, pair, django_capture_on_commit_callbacks):
    first, second = pair
    rita = recruiter()
    with django_capture_on_commit_callbacks(execute=True):
        elsewhere = web(JobFactory(profile=job.profile), "Ada Lovelace", email="ada@elsewhere.example", data=make_txt(ADA))
    with pytest.raises(ValidationError) as other_job:
        services.applications_merge(first=first, second=elsewhere, actor=rita)
    assert other_job.value.code == "other_job"
    with pytest.raises(ValidationError):
        services.applications_merge(first=first, second=first, actor=rita)
    services.applications_merge(first=first, second=second, actor=rita)
    with pytest.raises(ValidationError) as twice:
        services.applications_merge(first=first, second=second, actor=rita)
    assert twice.value.code == "merged"
