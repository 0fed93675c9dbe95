"""Proof of address in the services: hashed links, expiry, single use, rotation, trusted sources, emails."""
from __future__ import annotations

import datetime
import hashlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from screening import selectors, services
from screening.models import AddressConfirmation, Application, AuditEvent, Candidate, HeldSubmission, StatusLink
from screening.services.identity import LinkRefused, Purpose, address_confirmation_issue, held_submissions_purge
from tests.factories import JobFactory, status_link_count
from tests.filegen import make_txt, sample_resume

pytestmark = pytest.mark.django_db


def submit(job, *, name="Ada Lovelace", email="ada@example.com", phone="", **kwargs):
    return services.application_submit(
        job=job, name=name, email=email, phone=phone, resume_name="cv.txt",
        resume_data=make_txt(sample_resume(name)), consent=True, **kwargs,
    )


def test_status_links_are_stored_only_as_hashes():
    application = submit(JobFactory())
    token = application.status_token
    assert len(token) >= 43
    link = StatusLink.objects.get()
    assert link.token_hash == hashlib.sha256(token.encode()).hexdigest()
    with connection.cursor() as cursor:  # the value itself is nowhere in the database
        for table in ("screening_statuslink", "screening_application", "screening_auditevent"):
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            assert token not in repr(cursor.fetchall())
    assert selectors.application_for_status_token(token) == application
    assert selectors.application_for_status_token(token[:-1] + ("A" if token[-1] != "A" else "B")) is None
    assert selectors.application_for_status_token(link.token_hash) is None  # the hash is not a key


def test_a_second_submission_under_a_known_address_is_held_and_changes_nothing(django_capture_on_commit_callbacks):
    job = JobFactory()
    application = submit(job, phone="+44 1")
    resume_id = application.current_resume_id
    with django_capture_on_commit_callbacks(execute=True):
        held = submit(job, name="Someone Else", email=" ADA@example.COM ", phone="+1 900", human_review=True)
    assert isinstance(held, HeldSubmission) and held.candidate == application.candidate
    application.refresh_from_db()
    candidate = application.candidate
    assert (candidate.name, candidate.phone) == ("Ada Lovelace", "+44 1")
    assert application.current_resume_id == resume_id and application.resumes.count() == 1
    assert not application.human_review
    assert AuditEvent.objects.filter(action="application.held", object_id=str(held.public_id)).exists()
    assert "Someone" not in repr(list(AuditEvent.objects.values_list("data", flat=True)))


def test_confirming_a_held_submission_joins_it_and_rotates_the_links(mailoutbox, django_capture_on_commit_callbacks):
    job = JobFactory()
    application = submit(job)
    Application.objects.filter(pk=application.pk).update(stage=Application.Stage.WITHDRAWN)
    old = application.status_token
    with django_capture_on_commit_callbacks(execute=True):
        held = submit(job, name="Ada King", phone="+44 2", human_review=True)
    token = re.search(r"/applications/confirm/([\w-]+)/", mailoutbox[-1].body)[1]
    with django_capture_on_commit_callbacks(execute=True):
        joined, new = services.held_submission_confirm(token=token)
    assert joined == application
    application.refresh_from_db()
    assert application.candidate.name == "Ada King" and application.candidate.phone == "+44 2"
    assert application.stage == Application.Stage.NEW and application.human_review
    assert application.resumes.count() == 2 and application.current_resume.version == 2
    assert application.candidate.email_confirmed_at is not None
    assert selectors.application_for_status_token(old) is None
    assert selectors.application_for_status_token(new) == application
    assert status_link_count(application) == 1
    held.refresh_from_db()
    assert held.confirmed_at is not None and held.name == "" and not held.file
    with pytest.raises(LinkRefused):
        services.held_submission_confirm(token=token)  # single use


def test_links_expire_and_are_for_one_purpose_only():
    application = submit(JobFactory())
    candidate = application.candidate
    token = address_confirmation_issue(candidate=candidate, purpose=Purpose.EXPORT, application=application)
    with pytest.raises(LinkRefused):
        services.candidate_erase_confirm(token=token)  # an export link erases nothing
    with pytest.raises(LinkRefused):
        services.address_confirm(token=token)
    AddressConfirmation.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert selectors.confirmation_for_token(token) is None
    with pytest.raises(LinkRefused):
        services.candidate_export_confirm(token=token)
    candidate.refresh_from_db()
    assert candidate.erased_at is None
    assert AddressConfirmation.objects.get().token_hash == hashlib.sha256(token.encode()).hexdigest()


def test_export_and_erase_links_are_single_use():
    application = submit(JobFactory())
    candidate = application.candidate
    token = address_confirmation_issue(candidate=candidate, purpose=Purpose.EXPORT, application=application)
    assert services.candidate_export_confirm(token=token)["candidate"]["email"] == "ada@example.com"
    with pytest.raises(LinkRefused):
        services.candidate_export_confirm(token=token)
    token = address_confirmation_issue(candidate=candidate, purpose=Purpose.ERASE, application=application)
    services.candidate_erase_confirm(token=token)
    with pytest.raises(LinkRefused):
        services.candidate_erase_confirm(token=token)


def test_confirming_the_first_application_revokes_the_link_shown_to_the_browser():
    application = submit(JobFactory())
    shown = application.status_token
    token = address_confirmation_issue(candidate=application.candidate, purpose=Purpose.ADDRESS, application=application)
    confirmed, new = services.address_confirm(token=token)
    assert confirmed == application and new != shown
    assert selectors.application_for_status_token(shown) is None
    assert selectors.application_for_status_token(new) == application
    assert Candidate.objects.get().email_confirmed_at is not None


def test_trusted_sources_are_never_held_but_lock_out_unconfirmed_links(mailoutbox):
    job, other = JobFactory(), JobFactory()
    web = submit(job)
    api = submit(other, name="Ada L.", trusted=True)  # as the API with a key will call it
    assert isinstance(api, Application) and api.candidate == web.candidate
    assert Candidate.objects.get().email_confirmed_at is not None
    assert selectors.application_for_status_token(web.status_token) is None
    imported = services.application_submit(
        job=job, name="Grace Hopper", email="grace@example.com", resume_name="g.txt",
        resume_data=make_txt(sample_resume("Grace Hopper")), source=Application.Source.IMPORT,
    )
    assert imported.candidate.email_confirmed_at is not None  # an operator import is trusted by default
    assert isinstance(submit(other, name="Not Grace", email="GRACE@example.com"), HeldSubmission)


def test_emails_to_unconfirmed_addresses_carry_nothing_typed(mailoutbox, django_capture_on_commit_callbacks):
    job = JobFactory(title="Data Engineer")
    typed = "Visit evil.example now"
    with django_capture_on_commit_callbacks(execute=True):
        first = submit(job, name=typed, email="ada@example.com", phone="+1 900 555")
    with django_capture_on_commit_callbacks(execute=True):
        submit(job, name=typed, email="ada@example.com", phone="+1 900 555")
    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_data_request(application=first, purpose="export")
    assert [m.subject for m in mailoutbox] == [
        "Please confirm your application for Data Engineer",
        "Did you apply for Data Engineer?",
        "Your request to download your data",
    ]
    for message in mailoutbox:
        html = message.alternatives[0][0]
        for part in (message.body, html, message.subject):
            assert "evil" not in part and "900" not in part and "Visit" not in part
        assert "/applications/confirm/" in message.body and "/applications/confirm/" in html
        assert first.status_token not in message.body  # no status link to an unconfirmed address


def test_owned_addresses_get_status_links_minted_per_email(mailoutbox, django_capture_on_commit_callbacks):
    application = submit(JobFactory(), trusted=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.candidate_email_enqueue(application=application, kind="stage_changed")
        Application.objects.filter(pk=application.pk).update(stage=Application.Stage.INTERVIEW)
    token = re.search(r"/applications/([\w-]{43})/", mailoutbox[-1].body)[1]
    assert selectors.application_for_status_token(token) == application
    assert status_link_count(application) == 2  # the submitter's and the email's


def test_held_submissions_nobody_confirms_are_deleted_with_their_files():
    job = JobFactory()
    submit(job)
    held = submit(job, name="Someone Else")
    storage, name = held.file.storage, held.file.name
    assert storage.exists(name)
    assert held_submissions_purge() == 0
    assert held_submissions_purge(now=timezone.now() + datetime.timedelta(days=8)) == 1
    assert not HeldSubmission.objects.exists() and not storage.exists(name)


def test_erasure_removes_held_submissions_too():
    job = JobFactory()
    application = submit(job)
    held = submit(job, name="Someone Else")
    storage, name = held.file.storage, held.file.name
    services.candidate_erase(candidate=application.candidate, actor_kind="candidate")
    assert not HeldSubmission.objects.exists() and not storage.exists(name)


def test_a_request_for_an_erased_candidate_is_refused():
    application = submit(JobFactory())
    services.candidate_erase(candidate=application.candidate)
    application.refresh_from_db()
    with pytest.raises(ValidationError):
        services.candidate_data_request(application=application, purpose="erase")


def test_a_held_submission_for_a_job_closed_since_joins_nothing():
    job = JobFactory()
    submit(job)
    held = submit(job, name="Ada King")
    token = address_confirmation_issue(candidate=held.candidate, purpose=Purpose.SUBMISSION, held=held)
    job.is_open = False
    job.save()
    with pytest.raises(ValidationError):
        services.held_submission_confirm(token=token)
    assert Candidate.objects.get().name == "Ada Lovelace" and Application.objects.get().resumes.count() == 1
