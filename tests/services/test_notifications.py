"""Candidate emails: text and HTML from templates, friendly per stage, nothing from the resume, ids-only errors."""
from __future__ import annotations

import logging
import re
import smtplib

import pytest
from django.utils import timezone

from screening import selectors, services
from screening.models import Application, ParseResult
from screening.services.notifications import EmailDeliveryError, candidate_email_send
from screening.status import STAGE_WORDS
from tests.factories import ApplicationFactory, JobFactory
from tests.filegen import make_txt, sample_resume

pytestmark = pytest.mark.django_db


def test_enqueue_sends_ids_only_after_commit(django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr("screening.tasks.candidate_email.apply_async", lambda args, **kw: sent.append(args))
    application = ApplicationFactory()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.candidate_email_enqueue(application=application, kind="stage_changed")
    assert sent == []
    for callback in callbacks:
        callback()
    assert sent == [[application.pk, "stage_changed"]]


def test_unknown_kinds_are_refused():
    with pytest.raises(ValueError):
        services.candidate_email_enqueue(application=ApplicationFactory(), kind="marketing")


@pytest.mark.parametrize("stage", ["screening", "interview", "offer", "hired", "rejected", "withdrawn"])
def test_stage_change_email_is_friendly_plain_and_html(stage, mailoutbox):
    application = ApplicationFactory(
        stage=stage, job=JobFactory(title="Data Engineer"), candidate__name="Grace Hopper",
        candidate__email_confirmed_at=timezone.now(),
    )
    assert candidate_email_send(application_id=application.pk, kind="stage_changed")
    [mail] = mailoutbox
    html = mail.alternatives[0][0]
    assert mail.to == [application.candidate.email]
    assert "Data Engineer" in mail.subject
    token = re.search(r"/applications/([\w-]{43})/", mail.body)[1]
    assert selectors.application_for_status_token(token) == application  # minted for this email
    for body in (mail.body, html):
        assert "Hello Grace Hopper" in body
        assert token in body
        assert (STAGE_WORDS[stage] if stage != "withdrawn" else "marked as withdrawn") in body
    if stage == "rejected":
        assert "A person on our team made this decision" in mail.body
        assert "erase" in mail.body  # a closed process: tell them what they can do with their data


def test_stage_change_email_to_an_unconfirmed_address_is_fixed_text_with_a_confirmation_link(mailoutbox):
    application = ApplicationFactory(stage="interview", job=JobFactory(title="Data Engineer"), candidate__name="Typed Name")
    assert candidate_email_send(application_id=application.pk, kind="stage_changed")
    [mail] = mailoutbox
    for body in (mail.body, mail.alternatives[0][0], mail.subject):
        assert "Typed" not in body
    assert "Data Engineer" in mail.subject and STAGE_WORDS["interview"] in mail.body
    assert "/applications/confirm/" in mail.body and not re.search(r"/applications/[\w-]{43}/", mail.body)


def test_html_email_escapes_what_people_typed(mailoutbox):
    application = ApplicationFactory(
        stage="interview", candidate__name="<b>Eve</b>", candidate__email_confirmed_at=timezone.now()
    )
    candidate_email_send(application_id=application.pk, kind="stage_changed")
    html = mailoutbox[0].alternatives[0][0]
    assert "<b>Eve</b>" not in html and "&lt;b&gt;Eve&lt;/b&gt;" in html
    assert "Hello <b>Eve</b>" in mailoutbox[0].body  # plain text is plain


def test_emails_never_carry_resume_content(mailoutbox, django_capture_on_commit_callbacks):
    secret = "zqresumeonlyphrase"
    text = sample_resume("Ada Lovelace").replace("Summary\n", f"Summary\n{secret} is my motto.\n")
    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_submit(
            job=JobFactory(), name="Ada Lovelace", email="ada@example.com",
            resume_name="cv.txt", resume_data=make_txt(text), consent=True,
        )
    assert ParseResult.objects.filter(text__contains=secret).exists()
    for stage in ("screening", "interview", "rejected"):
        Application.objects.filter(pk=application.pk).update(stage=stage)
        candidate_email_send(application_id=application.pk, kind="stage_changed")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_submit(
            job=application.job, name="Ada Lovelace", email="ada@example.com",
            resume_name="cv2.txt", resume_data=make_txt(text), consent=True,
        )
    assert len(mailoutbox) == 5
    for mail in mailoutbox:
        for body in (mail.subject, mail.body, mail.alternatives[0][0]):
            assert secret not in body and "PyTorch" not in body


def test_nobody_to_write_to(mailoutbox):
    no_address = ApplicationFactory(candidate__email="")
    assert candidate_email_send(application_id=no_address.pk, kind="received") is False
    erased = ApplicationFactory()
    services.candidate_erase(candidate=erased.candidate)
    assert candidate_email_send(application_id=erased.pk, kind="stage_changed") is False
    assert candidate_email_send(application_id=10**9, kind="received") is False
    assert mailoutbox == []


def test_a_reopened_application_gets_no_stage_email(mailoutbox):
    application = ApplicationFactory(stage="new")
    assert candidate_email_send(application_id=application.pk, kind="stage_changed") is False
    assert mailoutbox == []


def test_smtp_errors_carry_ids_not_addresses(monkeypatch, caplog):
    application = ApplicationFactory(candidate__email="private.person@example.com", stage="interview")

    def refused(self, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"private.person@example.com": (550, b"no such user")})

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refused)
    caplog.set_level(logging.DEBUG)
    assert candidate_email_send(application_id=application.pk, kind="stage_changed") is False
    assert "private.person" not in caplog.text and str(application.pk) in caplog.text

    def down(self, *args, **kwargs):
        raise smtplib.SMTPSenderRefused(451, b"try later", "private.person@example.com")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", down)
    with pytest.raises(EmailDeliveryError) as err:
        candidate_email_send(application_id=application.pk, kind="stage_changed")
    assert "private.person" not in str(err.value) and str(application.pk) in str(err.value)
    assert err.value.__suppress_context__
    assert isinstance(err.value, ConnectionError)  # the task retries it
