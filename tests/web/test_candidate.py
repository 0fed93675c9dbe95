"""The candidate's private pages: keyed by token, POST with CSRF for changes, confirmation for destructive ones."""
from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from screening import services
from screening.models import Application, AuditEvent, Candidate, CorrectionRequest, Resume
from screening.services.setup import defaults_load
from tests.factories import JobFactory
from tests.filegen import make_pdf, make_txt, sample_resume

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(django_capture_on_commit_callbacks):
    """An application whose resume has been read (processing runs in-process after commit)."""
    defaults_load()
    from screening.models import Job

    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_submit(
            job=Job.objects.get(slug="machine-learning-engineer"),
            name="Ada Lovelace",
            email="ada@example.com",
            resume_name="ada.pdf",
            resume_data=make_pdf(sample_resume()),
            consent=True,
        )
    application.refresh_from_db()
    assert application.current_resume.status == Resume.Status.PROCESSED
    return application


def url(name, application):
    return reverse(f"candidate:{name}", args=[application.status_token])


def test_status_page_in_plain_words_with_what_we_read(client, application):
    response = client.get(url("status", application))
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store, private" and response["Referrer-Policy"] == "same-origin"
    assert "Your resume has been read. A person on the hiring team decides." in page
    assert "Your application is with the hiring team." in page
    assert 'id="what-we-read"' in page
    assert "PyTorch" in page  # a skill
    assert "Computer Science" in page  # education
    assert "Machine Learning Engineer" in page and "Northwind Analytics" in page  # a role
    assert 'id="correction-form"' in page and 'id="upload-form"' in page
    assert "data-poll" not in page  # processing is over: the page stops polling


def test_unknown_tokens_are_404_everywhere(client):
    for name in ("status", "withdraw", "erase"):
        assert client.get(reverse(f"candidate:{name}", args=["not-a-real-token"])).status_code == 404
    for name in ("correction", "resume", "withdraw", "erase", "export"):
        assert client.post(reverse(f"candidate:{name}", args=["not-a-real-token"])).status_code == 404


def test_state_changes_are_post_only(client, application):
    for name in ("correction", "resume", "export"):
        assert client.get(url(name, application)).status_code == 405
    assert client.post(url("status", application)).status_code == 405


def test_state_changes_need_the_csrf_token(application):
    client = Client(enforce_csrf_checks=True)
    for name, data in (("correction", {"comment": "x"}), ("export", {}), ("erase", {"confirm": "yes"})):
        assert client.post(url(name, application), data).status_code == 403
    assert Candidate.objects.get(pk=application.candidate_id).erased_at is None


def test_polling_gets_the_panel_only(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        application = services.application_submit(
            job=JobFactory(), name="Ada", email="ada@example.com", resume_name="cv.txt",
            resume_data=make_txt(sample_resume()), consent=True,
        )
    response = client.get(url("status", application), HTTP_X_REQUESTED_WITH="fetch")
    panel = response.content.decode()
    assert panel.lstrip().startswith("<section") and "<html" not in panel
    assert "data-poll" in panel and "Received" in panel


def test_flagging_a_mistake(client, application):
    response = client.post(url("correction", application), {"comment": "I also know Rust"}, follow=True)
    assert response.status_code == 200
    assert CorrectionRequest.objects.get(application=application).comment == "I also know Rust"
    page = response.content.decode()
    assert "A person on the hiring team will look at your comment" in page
    assert "I also know Rust" in page and "Waiting for the team" in page
    empty = client.post(url("correction", application), {"comment": "  "})
    assert empty.status_code == 400 and "Please tell us what is wrong." in empty.content.decode()


def test_uploading_a_corrected_resume(client, application):
    bad = client.post(url("resume", application), {"resume": SimpleUploadedFile("cv.pdf", b"MZ\x90\x00" + b"\0" * 100)})
    assert bad.status_code == 400 and 'id="id_resume_error"' in bad.content.decode()
    assert application.resumes.count() == 1
    good = client.post(
        url("resume", application), {"resume": SimpleUploadedFile("cv-fixed.txt", make_txt(sample_resume()))}
    )
    assert good.status_code == 302
    application.refresh_from_db()
    assert application.current_resume.version == 2
    page = client.get(url("status", application)).content.decode()
    assert "Version 2 · cv-fixed.txt" in page and "Version 1 · ada.pdf" in page


def test_withdrawing_takes_a_confirmation_step(client, application):
    confirm = client.get(url("withdraw", application))
    assert confirm.status_code == 200 and "Yes, withdraw" in confirm.content.decode()
    assert client.post(url("withdraw", application), {}).status_code == 200  # no confirmation: nothing happens
    assert Application.objects.get(pk=application.pk).stage == "new"
    response = client.post(url("withdraw", application), {"confirm": "yes"}, follow=True)
    assert Application.objects.get(pk=application.pk).stage == "withdrawn"
    page = response.content.decode()
    assert "You withdrew this application." in page
    assert url("withdraw", application) not in page  # no second withdrawal offered
    assert 'id="upload-form"' not in page


def emailed_link(mailoutbox) -> str:
    [link] = re.findall(r"/applications/confirm/[\w-]+/", mailoutbox[-1].body)
    return link


def test_export_is_sent_as_a_link_to_the_address_then_downloads_json_and_is_audited(
    client, application, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        asked = client.post(url("export", application))
    assert asked.status_code == 302 and asked["Location"] == url("status", application)
    assert "We have emailed a link" in client.get(asked["Location"]).content.decode()
    assert mailoutbox[-1].to == ["ada@example.com"] and not AuditEvent.objects.filter(action="candidate.exported")
    link = emailed_link(mailoutbox)
    response = client.post(link, {"confirm": "yes"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    assert response["Cache-Control"] == "no-store, private"
    data = json.loads(response.content)
    assert data["candidate"]["email"] == "ada@example.com"
    assert "PyTorch" in data["applications"][0]["resume_versions"][0]["readings"][0]["text"]
    assert AuditEvent.objects.filter(action="candidate.exported", actor_kind="candidate").count() == 1


def test_erasing_takes_a_confirmation_step_and_an_emailed_link_then_the_link_says_it_is_gone(
    client, application, mailoutbox, django_capture_on_commit_callbacks
):
    sent = len(mailoutbox)
    confirm = client.get(url("erase", application))
    assert confirm.status_code == 200 and "Email me the erasure link" in confirm.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url("erase", application), {"confirm": "no"}).status_code == 200
    assert len(mailoutbox) == sent

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("erase", application), {"confirm": "yes"})
    assert response.status_code == 302 and response["Location"] == url("status", application)
    assert Candidate.objects.get(pk=application.candidate_id).erased_at is None  # asking erases nothing
    link = emailed_link(mailoutbox)
    assert "Yes, erase everything" in client.get(link).content.decode()
    assert client.post(link, {"confirm": "yes"}).status_code == 200
    gone = client.get(url("status", application))
    page = gone.content.decode()
    assert gone.status_code == 410
    assert "has been erased" in page
    assert "Ada" not in page and "PyTorch" not in page
    for name in ("withdraw", "erase"):
        assert client.get(url(name, application)).status_code == 410
    for name in ("correction", "resume", "export", "erase"):
        assert client.post(url(name, application), {"confirm": "yes", "comment": "x"}).status_code == 410
    assert AuditEvent.objects.filter(action="candidate.erased").count() == 1


def test_pages_say_nothing_of_other_submissions_under_the_address(client, application):
    held = services.application_submit(
        job=JobFactory(title="Secret Role"), name="Ada", email="ada@example.com", resume_name="cv.txt",
        resume_data=make_txt(sample_resume()), consent=True,
    )
    assert type(held).__name__ == "HeldSubmission"
    for name in ("status", "erase", "withdraw"):
        page = client.get(url(name, application)).content.decode()
        assert "Secret Role" not in page and "other application" not in page


def test_status_page_shows_names_and_comments_as_text(client, application):
    Candidate.objects.filter(pk=application.candidate_id).update(name="<script>alert(1)</script>")
    services.correction_request_create(application=application, comment="<img src=x onerror=alert(2)>")
    page = client.get(url("status", application)).content.decode()
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "<script>alert(1)" not in page
