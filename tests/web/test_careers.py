"""The public careers pages and the apply form, through the HTTP interface."""
from __future__ import annotations

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from screening.models import Application, Candidate, HeldSubmission, Resume
from tests.factories import JobFactory, status_link_count
from tests.filegen import make_pdf, make_txt, sample_resume

pytestmark = pytest.mark.django_db


def form(**overrides):
    data = {
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "phone": "",
        "consent": "on",
        "resume": SimpleUploadedFile("ada.pdf", make_pdf(sample_resume()), content_type="application/pdf"),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_job_list_shows_open_jobs_only(client):
    JobFactory(title="Data Engineer", location="Leeds")
    JobFactory(title="Closed Role", is_open=False)
    page = client.get(reverse("careers:jobs")).content.decode()
    assert "Data Engineer" in page and "Leeds" in page
    assert "Closed Role" not in page
    assert 'name="viewport"' in page  # phone layout


def test_job_detail_and_closed_jobs(client):
    job = JobFactory(description="Build models.\n\nShip them.")
    closed = JobFactory(is_open=False)
    page = client.get(reverse("careers:job", args=[job.slug]))
    assert page.status_code == 200 and "<p>Ship them.</p>" in page.content.decode()
    assert client.get(reverse("careers:job", args=[closed.slug])).status_code == 404
    assert client.get(reverse("careers:apply", args=[closed.slug])).status_code == 404


def test_apply_form_explains_processing_and_shows_the_versioned_consent_text(client):
    page = client.get(reverse("careers:apply", args=[JobFactory().slug])).content.decode()
    assert 'id="processing-note"' in page
    assert "a person reviews every application and makes every decision" in page
    assert f"consent text version {settings.SCREENING['CONSENT_VERSION']}" in page
    assert 'id="consent-text"' in page
    assert 'enctype="multipart/form-data"' in page


def test_clear_errors_next_to_each_field(client):
    job = JobFactory()
    response = client.post(
        reverse("careers:apply", args=[job.slug]), form(name=" ", email="not-an-email", consent=None, resume=None)
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="form-errors"' in page
    for field in ("name", "email", "resume", "consent"):
        assert f'id="id_{field}_error"' in page
    assert "Please choose your resume file." in page
    assert "Please enter your name." in page and "Please enter a valid email address" in page
    assert "Please confirm you agree" in page
    assert Candidate.objects.count() == 0


def test_a_bad_file_is_explained_and_nothing_stored(client):
    job = JobFactory()
    fake = SimpleUploadedFile("cv.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = client.post(reverse("careers:apply", args=[job.slug]), form(resume=fake))
    assert response.status_code == 400
    assert 'id="id_resume_error"' in response.content.decode()
    assert Resume.objects.count() == Application.objects.count() == 0


def test_first_application_goes_to_its_status_page_with_consent_recorded(client):
    job = JobFactory()
    response = client.post(reverse("careers:apply", args=[job.slug]), form())
    application = Application.objects.get()
    assert response.status_code == 302
    status_page = client.get(response["Location"])
    assert status_page.status_code == 200 and job.title in status_page.content.decode()
    assert status_link_count(application) == 1  # the link shown to this browser, stored as a hash
    candidate = application.candidate
    assert candidate.consent_version == settings.SCREENING["CONSENT_VERSION"]
    assert candidate.consent_at is not None
    assert candidate.email_confirmed_at is None  # nobody has proved the address yet


def test_applying_again_is_held_and_never_shows_the_existing_application(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    job = JobFactory()
    first = client.post(reverse("careers:apply", args=[job.slug]), form())
    application = Application.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(
            reverse("careers:apply", args=[job.slug]),
            form(email="ADA@example.com ", resume=SimpleUploadedFile("v2.txt", make_txt(sample_resume()))),
        )
    assert again.status_code == 302 and again["Location"] == reverse("careers:applied", args=[job.slug])
    page = client.get(again["Location"]).content.decode()
    assert first["Location"] not in page and "emailed a link to that address" in page
    assert Application.objects.count() == 1 and HeldSubmission.objects.count() == 1
    assert list(application.resumes.values_list("version", flat=True)) == [1]  # nothing joined yet
    held = [m for m in mailoutbox if "Did you apply" in m.subject]
    assert len(held) == 1 and held[0].to == ["ada@example.com"]  # the address on file
    assert "/applications/confirm/" in held[0].body


def test_a_known_email_applying_to_another_job_is_held_until_confirmed(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    first, second = JobFactory(), JobFactory()
    client.post(reverse("careers:apply", args=[first.slug]), form())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("careers:apply", args=[second.slug]), form())
    assert response["Location"] == reverse("careers:applied", args=[second.slug])
    assert not Application.objects.filter(job=second).exists()
    assert HeldSubmission.objects.get().job == second


def test_one_file_per_application(client):
    job = JobFactory()
    data = form()
    data["extra"] = SimpleUploadedFile("b.txt", make_txt(sample_resume()))
    assert client.post(reverse("careers:apply", args=[job.slug]), data).status_code == 400
    assert Resume.objects.count() == 0


def test_error_reports_hide_what_the_candidate_typed(rf, monkeypatch):
    """If applying crashes, Django's error report masks the personal fields (sensitive_post_parameters)."""
    from django.views.debug import SafeExceptionReporterFilter

    from screening.views.careers import apply

    def crash(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr("screening.services.application_submit", crash)
    job = JobFactory()
    request = rf.post(reverse("careers:apply", args=[job.slug]), form())
    with pytest.raises(RuntimeError):
        try:
            apply(request, slug=job.slug)
        except RuntimeError:
            import sys

            from django.views.debug import ExceptionReporter

            frames = ExceptionReporter(request, *sys.exc_info()).get_traceback_data()["frames"]
            assert "ada@example.com" not in repr([f["vars"] for f in frames])
            raise
    cleaned = SafeExceptionReporterFilter().get_post_parameters(request)
    assert cleaned["email"] != "ada@example.com" and cleaned["name"] != "Ada Lovelace"
    assert cleaned["consent"] == "on"  # only the personal fields are masked


def test_error_reports_show_no_local_values_from_the_services(rf, monkeypatch):
    """A crash deep in application_submit: the traceback's frames keep the names, not the values."""
    import sys

    from django.views.debug import ExceptionReporter

    from screening import services

    def crash(**kwargs):
        raise RuntimeError("storage down")

    monkeypatch.setattr("screening.services.applications.resume_add", crash)
    request = rf.post("/")
    try:
        services.application_submit(
            job=JobFactory(), name="Ada Lovelace", email="ada.private@example.com", resume_name="cv.txt",
            resume_data=make_txt(sample_resume()), consent=True,
        )
    except RuntimeError:
        frames = ExceptionReporter(request, *sys.exc_info()).get_traceback_data()["frames"]
    submit = [f for f in frames if f["function"] == "application_submit"]
    assert submit and "*****" in dict(submit[0]["vars"])["email"]
    local_values = repr([f["vars"] for f in frames])
    assert "ada.private@example.com" not in local_values and "Ada Lovelace" not in local_values
