"""Candidates' corrections as a queue: tied to a resume version and a field, answered by the team, counted."""
from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from screening import selectors, services
from screening.models import Application, AuditEvent, CorrectionRequest, Resume
from screening.selectors import RankingFilters
from screening.services.setup import defaults_load
from tests.factories import ApplicationFactory, JobFactory, recruiter
from tests.filegen import make_txt, sample_resume

pytestmark = pytest.mark.django_db


@pytest.fixture
def job():
    defaults_load()
    from screening.models import Job

    return Job.objects.get(slug="machine-learning-engineer")


def submit(job, name: str, *, email: str, text: str | None = None, source=Application.Source.WEB, phone: str = "") -> Application:
    application = services.application_submit(
        job=job,
        name=name,
        email=email,
        phone=phone,
        resume_name="cv.txt",
        resume_data=make_txt(text or sample_resume(name)),
        consent=True,
        source=source,
    )
    assert isinstance(application, Application)
    return application


@pytest.fixture
def ada(job, django_capture_on_commit_callbacks) -> Application:
    with django_capture_on_commit_callbacks(execute=True):
        application = submit(job, "Ada Lovelace", email="ada@example.com")
    application.refresh_from_db()
    assert application.current_resume.status == Resume.Status.PROCESSED
    return application


def test_a_correction_is_tied_to_the_resume_version_and_the_field(ada, django_capture_on_commit_callbacks):
    first_version = ada.current_resume
    correction = services.correction_request_create(
        application=ada, comment="It was the University of Edinburgh, not Edinburg.", field="education"
    )
    assert correction.state == CorrectionRequest.State.OPEN
    assert (correction.resume_id, correction.field) == (first_version.pk, "education")
    with django_capture_on_commit_callbacks(execute=True):
        services.resume_replace(
            application=ada, resume_name="v2.txt", resume_data=make_txt(sample_resume("Ada Lovelace") + "\nAwards\nNone\n")
        )
    correction.refresh_from_db()
    ada.refresh_from_db()
    assert ada.current_resume.version == 2
    assert correction.resume_id == first_version.pk  # still about the version the candidate saw
    event = AuditEvent.objects.get(action="correction.requested")
    assert event.data == {"correction_id": correction.pk, "field": "education", "resume_id": first_version.pk}


def test_the_team_moves_a_correction_through_its_states_with_a_reply(ada):
    rita = recruiter(username="rita")
    correction = services.correction_request_create(application=ada, comment="You missed PyTorch.", field="skills")

    services.correction_answer(correction=correction, actor=rita, state="in_progress", reply="Thanks, we are looking.")
    correction.refresh_from_db()
    assert correction.state == "in_progress" and correction.resolved_at is None
    assert (correction.reply, correction.replied_by) == ("Thanks, we are looking.", rita)

    services.correction_answer(correction=correction, actor=rita, state="resolved")
    correction.refresh_from_db()
    assert correction.state == "resolved" and correction.resolved_at is not None
    assert correction.reply == "Thanks, we are looking."  # an empty reply keeps the one given

    with pytest.raises(ValidationError) as closed:
        services.correction_answer(correction=correction, actor=rita, state="declined", reply="No.")
    assert closed.value.code == "closed"
    events = list(AuditEvent.objects.filter(action__startswith="correction.").order_by("id").values_list("action", "data"))
    assert [a for a, _ in events] == ["correction.requested", "correction.answered", "correction.resolved"]
    # ids and states only: the words stay out of the log
    assert events[1][1] == {"correction_id": correction.pk, "from": "open", "to": "in_progress", "replied": True}
    assert not any("PyTorch" in str(d) or "looking" in str(d) for _, d in events)


def test_declining_needs_a_reason_for_the_candidate(ada):
    correction = services.correction_request_create(application=ada, comment="Wrong dates.", field="roles")
    with pytest.raises(ValidationError) as refused:
        services.correction_answer(correction=correction, actor=recruiter(), state="declined")
    assert "reply" in refused.value.message_dict
    correction.refresh_from_db()
    assert correction.state == "open"


def test_an_unknown_state_is_refused(ada):
    correction = services.correction_request_create(application=ada, comment="Wrong dates.")
    with pytest.raises(ValidationError):
        services.correction_answer(correction=correction, actor=recruiter(), state="open")


def test_erasure_empties_the_reply_too(ada):
    correction = services.correction_request_create(application=ada, comment="My name is Ada.")
    services.correction_answer(correction=correction, actor=recruiter(), state="in_progress", reply="Noted, Ada.")
    services.candidate_erase(candidate=ada.candidate, actor_kind="candidate")
    correction.refresh_from_db()
    assert (correction.comment, correction.reply) == ("", "")


def test_waiting_corrections_are_counted_and_marked_in_the_list(job, ada, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        carl = submit(job, "Carl Friedrich", email="carl@example.com")
        bea = submit(job, "Bea Barista", email="bea@example.com")
    rita = recruiter()
    services.correction_request_create(application=ada, comment="one")
    taken = services.correction_request_create(application=carl, comment="two")
    services.correction_answer(correction=taken, actor=rita, state="in_progress", reply="On it.")
    done = services.correction_request_create(application=bea, comment="three")
    services.correction_answer(correction=done, actor=rita, state="resolved", reply="Fixed.")

    counted = selectors.jobs_with_counts().get(pk=job.pk)
    assert counted.corrections_waiting == 2  # open and in progress; resolved is done
    assert counted.applications_count == 3  # the corrections' join multiplies nothing
    assert selectors.correction_counts(job=job) == {"open": 1, "in_progress": 1, "resolved": 1, "declined": 0}
    assert [c.application_id for c in selectors.correction_queue(job=job)] == [ada.pk, carl.pk]  # oldest first
    assert [c.pk for c in selectors.correction_queue(job=job, state="resolved")] == [done.pk]
    marked = selectors.ranked_applications(job=job, filters=RankingFilters(corrections=True))
    assert {a.pk for a in marked} == {ada.pk, carl.pk}
    waiting, _ = selectors.list_markers(job=job, application_ids=[ada.pk, carl.pk, bea.pk])
    assert waiting == {ada.pk, carl.pk}


def _status_token(body: str) -> str | None:
    found = re.search(r"/applications/([\w-]{43})/", body)
    return found[1] if found else None


def test_the_candidate_is_emailed_a_notice_when_the_team_answers(mailoutbox, django_capture_on_commit_callbacks):
    application = ApplicationFactory(
        job=JobFactory(title="Data Engineer"), candidate__name="Grace Hopper", candidate__email="grace@example.org",
        candidate__email_confirmed_at=timezone.now(),
    )
    correction = services.correction_request_create(application=application, comment="You missed COBOL.", field="skills")
    rita = recruiter(username="rita")
    with django_capture_on_commit_callbacks(execute=True):
        services.correction_answer(correction=correction, actor=rita, state="in_progress", reply="Secret wording: we look.")
    [mail] = mailoutbox
    html = mail.alternatives[0][0]
    assert mail.to == ["grace@example.org"] and "Data Engineer" in mail.subject
    token = _status_token(mail.body)
    assert token and selectors.application_for_status_token(token) == application  # their status link
    for text in (mail.subject, mail.body, html):
        assert "Secret wording" not in text and "COBOL" not in text  # the reply is on the status page only
    assert "Hello Grace Hopper" in mail.body and token in html

    with django_capture_on_commit_callbacks(execute=True):
        services.correction_answer(correction=correction, actor=rita, state="resolved")  # closing is news too
    assert len(mailoutbox) == 2


def test_taking_a_correction_on_without_a_reply_sends_nothing(mailoutbox, django_capture_on_commit_callbacks):
    application = ApplicationFactory(candidate__email_confirmed_at=timezone.now())
    correction = services.correction_request_create(application=application, comment="Wrong dates.")
    with django_capture_on_commit_callbacks(execute=True):
        services.correction_answer(correction=correction, actor=recruiter(), state="in_progress")
    assert mailoutbox == []


def test_the_notice_to_an_unconfirmed_address_is_fixed_text(mailoutbox, django_capture_on_commit_callbacks):
    application = ApplicationFactory(job=JobFactory(title="Data Engineer"), candidate__name="Typed Name")
    correction = services.correction_request_create(application=application, comment="Typed comment.")
    with django_capture_on_commit_callbacks(execute=True):
        services.correction_answer(correction=correction, actor=recruiter(), state="declined", reply="Typed back.")
    [mail] = mailoutbox
    for text in (mail.subject, mail.body, mail.alternatives[0][0]):
        assert "Typed" not in text
    assert "Data Engineer" in mail.subject
    assert "/applications/confirm/" in mail.body and _status_token(mail.body) is None
