"""Candidates' corrections as a queue: tied to a resume version and a field, answered by the team, counted."""
from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from screening import selectors, services
from screening.models import Application, AuditEvent, CorrectionRequest, Resume
from screening.selectors import RankingFilters
from screening.services.setup import defaults_load
from tests.factories import recruiter
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
