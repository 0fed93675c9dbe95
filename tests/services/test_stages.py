"""The stage rules (screening.stages) as the pipeline services enforce them, rejections with a reason, and
the rejection email's undo window: undone, it never goes; once due, the sweep sends it exactly once."""

from __future__ import annotations

import datetime
import itertools

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from screening import services, stages
from screening.models import Application, AuditEvent, RejectionEmail, StageChange
from screening.status import candidate_status
from tests.factories import ApplicationFactory, JobFactory, recruiter

pytestmark = pytest.mark.django_db

Stage = Application.Stage
ALLOWED = {
    ("new", "screening"),
    ("new", "interview"),
    ("new", "rejected"),
    ("screening", "interview"),
    ("screening", "rejected"),
    ("interview", "offer"),
    ("interview", "screening"),
    ("interview", "rejected"),
    ("offer", "hired"),
    ("offer", "interview"),
    ("offer", "rejected"),
}
PAIRS = [(a, b) for a, b in itertools.product(Stage.values, Stage.values) if a != b]


@pytest.fixture
def rita():
    return recruiter(username="rita")


def test_the_table_is_the_one_written_here():
    assert {(a, b) for a, b in PAIRS if stages.team_may_move(a, b)} == ALLOWED


@pytest.mark.parametrize(("from_stage", "to_stage"), sorted(ALLOWED))
def test_allowed_moves_go_through(rita, from_stage, to_stage):
    app = ApplicationFactory(stage=from_stage)
    reason = "experience" if to_stage == "rejected" else ""
    assert services.application_move(application=app, to_stage=to_stage, actor=rita, reason=reason)
    app.refresh_from_db()
    assert app.stage == to_stage
    assert StageChange.objects.get(application=app).from_stage == from_stage


@pytest.mark.parametrize(("from_stage", "to_stage"), sorted(set(PAIRS) - ALLOWED))
def test_forbidden_moves_are_refused_and_name_the_allowed_ones(rita, from_stage, to_stage):
    app = ApplicationFactory(stage=from_stage)
    with pytest.raises(ValidationError) as refused:
        services.application_move(application=app, to_stage=to_stage, actor=rita, reason="other")
    assert refused.value.code == "stage_not_allowed"
    assert refused.value.params == {"allowed": list(stages.team_moves(from_stage))}
    app.refresh_from_db()
    assert app.stage == from_stage and not StageChange.objects.exists() and not AuditEvent.objects.exists()


def test_only_the_candidate_withdraws_and_a_recruiter_cannot_undo_it(rita):
    app = ApplicationFactory(stage="interview")
    with pytest.raises(ValidationError, match="Only the candidate can withdraw"):
        services.application_move(application=app, to_stage="withdrawn", actor=rita)
    services.application_withdraw_by_candidate(application=app)
    app.refresh_from_db()
    assert app.stage == "withdrawn"
    with pytest.raises(ValidationError, match="process is over"):
        services.application_move(application=app, to_stage="interview", actor=rita)
    assert services.applications_move(job=app.job, public_ids=[app.public_id], to_stage="interview", actor=rita) == 0
    app.refresh_from_db()
    assert app.stage == "withdrawn"


def test_bulk_moves_skip_the_applications_the_rules_refuse(rita):
    job = JobFactory()
    fresh, hired, rejected = (ApplicationFactory(job=job, stage=s) for s in ("new", "hired", "rejected"))
    ids = [a.public_id for a in (fresh, hired, rejected)]
    assert services.applications_move(job=job, public_ids=ids, to_stage="interview", actor=rita) == 1
    assert dict(Application.objects.filter(job=job).values_list("stage", "pk")) == {
        "interview": fresh.pk, "hired": hired.pk, "rejected": rejected.pk
    }


def test_a_rejection_needs_a_reason_from_the_list(rita):
    app = ApplicationFactory()
    for reason in ("", "did not like them"):
        with pytest.raises(ValidationError) as refused:
            services.application_move(application=app, to_stage="rejected", actor=rita, reason=reason)
        assert "reason" in refused.value.message_dict
    assert services.applications_reject(job=app.job, public_ids=[app.public_id], reason="role_closed", actor=rita) == 1
    change = StageChange.objects.get(application=app)
    assert change.reason == "role_closed"
    assert AuditEvent.objects.get(action="application.stage_changed").data == {
        "from": "new", "to": "rejected", "reason": "role_closed"
    }


def _reject(rita, apps, django_capture_on_commit_callbacks, reason="experience"):
    with django_capture_on_commit_callbacks(execute=True):
        services.applications_reject(job=apps[0].job, public_ids=[a.public_id for a in apps], reason=reason, actor=rita)
    return StageChange.objects.filter(to_stage="rejected", application__in=apps).order_by("pk")


def test_the_rejection_email_waits_out_the_window_then_goes_once(rita, django_capture_on_commit_callbacks, settings):
    app = ApplicationFactory(candidate__email="ada@example.org", candidate__email_confirmed_at=timezone.now(), stage="screening")
    (change,) = _reject(rita, [app], django_capture_on_commit_callbacks)
    # The queued message ran at once (in-process Celery ignores its countdown): too early, nothing sent.
    assert settings.SCREENING["REJECTION_EMAIL_DELAY_SECONDS"] == 600
    assert datetime.timedelta(seconds=599) < change.email_due_at - change.at < datetime.timedelta(seconds=601)
    assert mail.outbox == []
    assert services.rejection_emails_sweep() == []
    # Meanwhile the candidate's page still shows the stage they were in: the rejection is not news yet.
    app.refresh_from_db()
    assert app.stage == "rejected" and candidate_status(app).stage == "screening"
    with time_machine.travel(change.email_due_at + datetime.timedelta(seconds=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.rejection_emails_sweep() == [change.pk]
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ada@example.org"]
        assert "not to move forward" in mail.outbox[0].body
        assert not services.rejection_email_send(stage_change_id=change.pk)  # a second delivery: no-op
        assert services.rejection_emails_sweep() == []
        assert not services.rejections_undo(job=app.job, batch=change.batch, actor=rita)  # too late
    assert len(mail.outbox) == 1
    change.refresh_from_db()
    assert change.email_sent_at is not None
    assert candidate_status(app).stage == "rejected"


# A phrase only that message has, in its plain text and in its HTML.
REJECTION_PHRASES = {
    RejectionEmail.STANDARD: "We know this is not the news you hoped for.",
    RejectionEmail.AFTER_INTERVIEW: "for the time you gave to the interview",
    RejectionEmail.ROLE_CLOSED: "The position has now been filled or closed",
    RejectionEmail.KEEP_IN_TOUCH: "would like to hear from you again",
}


@pytest.mark.parametrize("email_template", RejectionEmail.values)
def test_the_rejection_email_carries_the_message_the_team_chose(rita, django_capture_on_commit_callbacks, email_template):
    app = ApplicationFactory(
        candidate__email="ada@example.org", candidate__email_confirmed_at=timezone.now(), job__title="Data <Engineer>"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.applications_reject(
            job=app.job, public_ids=[app.public_id], reason="experience", email_template=email_template, actor=rita
        )
    change = StageChange.objects.get(application=app, to_stage="rejected")
    assert change.email_template == email_template
    assert mail.outbox == []  # chosen now, sent when the undo window is over
    with time_machine.travel(change.email_due_at + datetime.timedelta(seconds=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.rejection_emails_sweep()
    (sent,) = mail.outbox
    html = sent.alternatives[0][0]
    for chosen, phrase in REJECTION_PHRASES.items():
        assert (phrase in sent.body) == (chosen == email_template)
        assert (phrase in html) == (chosen == email_template)
    assert "the Data <Engineer> role" in sent.body and "Data &lt;Engineer&gt;" in html
    assert "it was not made by software alone" in sent.body


def test_a_rejection_emails_the_standard_message_unless_told_otherwise(rita, django_capture_on_commit_callbacks):
    app = ApplicationFactory(candidate__email="ada@example.org", candidate__email_confirmed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        services.application_move(application=app, to_stage="rejected", reason="experience", actor=rita)
    change = StageChange.objects.get(application=app, to_stage="rejected")
    assert change.email_template == RejectionEmail.STANDARD
    with pytest.raises(ValidationError) as refused:
        services.applications_reject(
            job=app.job, public_ids=[app.public_id], reason="experience", email_template="harsh", actor=rita
        )
    assert "email_template" in refused.value.message_dict


def test_an_unconfirmed_address_gets_the_neutral_text_whatever_was_chosen(rita, django_capture_on_commit_callbacks):
    app = ApplicationFactory(candidate__email="ada@example.org", candidate__email_confirmed_at=None)
    (change,) = _reject(rita, [app], django_capture_on_commit_callbacks)
    StageChange.objects.filter(pk=change.pk).update(email_template=RejectionEmail.AFTER_INTERVIEW)
    with time_machine.travel(change.email_due_at + datetime.timedelta(seconds=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.rejection_emails_sweep()
    (sent,) = mail.outbox
    assert "There is news about an application" in sent.body
    assert not any(phrase in sent.body for phrase in REJECTION_PHRASES.values())


def test_undo_within_the_window_restores_the_stages_and_no_email_goes(rita, django_capture_on_commit_callbacks):
    job = JobFactory()
    apps = [ApplicationFactory(job=job, stage=s, candidate__email=f"c{i}@example.org") for i, s in enumerate(("new", "interview"))]
    changes = list(_reject(rita, apps, django_capture_on_commit_callbacks))
    assert len({c.batch for c in changes}) == 1
    assert services.rejections_undo(job=job, batch=changes[0].batch, actor=rita) == 2
    assert [a.stage for a in Application.objects.filter(pk__in=[a.pk for a in apps]).order_by("pk")] == ["new", "interview"]
    back = StageChange.objects.filter(from_stage="rejected").order_by("pk")
    assert [(c.to_stage, c.actor) for c in back] == [("new", rita), ("interview", rita)]
    assert AuditEvent.objects.filter(action="application.rejection_undone").count() == 2
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=1), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.rejection_emails_sweep() == []
        for change in changes:
            assert not services.rejection_email_send(stage_change_id=change.pk)
    assert mail.outbox == []
    # Undoing twice changes nothing more.
    assert services.rejections_undo(job=job, batch=changes[0].batch, actor=rita) == 0


def test_undo_only_reaches_its_own_jobs_batch(rita, django_capture_on_commit_callbacks):
    app = ApplicationFactory()
    (change,) = _reject(rita, [app], django_capture_on_commit_callbacks)
    assert services.rejections_undo(job=JobFactory(), batch=change.batch, actor=rita) == 0
    app.refresh_from_db()
    assert app.stage == "rejected"


def test_moves_other_than_rejection_email_at_once(rita, django_capture_on_commit_callbacks):
    app = ApplicationFactory(candidate__email="grace@example.org", candidate__email_confirmed_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        services.application_move(application=app, to_stage="interview", actor=rita)
    assert len(mail.outbox) == 1 and "interview" in mail.outbox[0].body


def test_rejections_are_counted_per_reason_and_exported_with_it(rita):
    from screening import selectors
    import csv
    import io

    job = JobFactory()
    apps = [ApplicationFactory(job=job) for _ in range(4)]
    for app, reason in zip(apps, ("experience", "experience", "role_closed"), strict=False):
        services.application_move(application=app, to_stage="rejected", reason=reason, actor=rita)
    assert selectors.rejection_reason_counts(job=job) == {"experience": 2, "role_closed": 1}
    content = services.applications_export(
        job=job, applications=selectors.applications_by_public_ids(job=job, public_ids=[a.public_id for a in apps]), actor=rita
    )
    rows = {r["application_id"]: r for r in csv.DictReader(io.StringIO(content.lstrip("\ufeff")))}
    assert rows[str(apps[0].public_id)]["rejection_reason"] == "Not enough relevant experience"
    assert rows[str(apps[3].public_id)]["rejection_reason"] == ""


def test_a_rejections_webhook_goes_with_its_email_and_never_for_an_undone_one(
    rita, monkeypatch, django_capture_on_commit_callbacks
):
    from screening.models import WebhookDelivery, WebhookEndpoint

    monkeypatch.setattr("screening.tasks.webhook_deliver.apply_async", lambda *a, **kw: None)
    WebhookEndpoint.objects.create(url="https://hooks.example.org/x", events=["application.stage_changed"], secret="s")

    def told() -> list[tuple]:
        data = [d.payload["data"] for d in WebhookDelivery.objects.order_by("pk")]
        return [(d["application"], d["from"], d["to"], d.get("reason")) for d in data]

    undone = ApplicationFactory(stage="screening")
    services.application_move(application=undone, to_stage="rejected", reason="location", actor=rita)
    assert told() == []  # not while it can be undone
    services.rejections_undo(job=undone.job, batch=StageChange.objects.get(application=undone).batch, actor=rita)
    assert told() == []  # undone: receivers never hear of it, nor of its undo

    kept = ApplicationFactory(stage="interview", candidate__email="kim@example.org", candidate__email_confirmed_at=timezone.now())
    services.application_move(application=kept, to_stage="rejected", reason="other", actor=rita)
    services.application_move(application=ApplicationFactory(stage="new"), to_stage="screening", actor=rita)
    nobody = ApplicationFactory(stage="new", candidate__email="")  # nobody to email: told when the window passes
    services.application_move(application=nobody, to_stage="rejected", reason="location", actor=rita)
    assert [t[2] for t in told()] == ["screening"]  # other moves are told at once
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            services.rejection_emails_sweep()
        assert len(mail.outbox) == 1
        services.rejection_emails_sweep()  # a second sweep tells nobody twice
    assert sorted(told()[1:]) == sorted([
        (str(kept.public_id), "interview", "rejected", "other"),
        (str(nobody.public_id), "new", "rejected", "location"),
    ])


def test_the_command_sends_what_is_due_for_the_embedded_mode(rita, django_capture_on_commit_callbacks):
    from django.core.management import call_command

    app = ApplicationFactory(candidate__email="lin@example.org", candidate__email_confirmed_at=timezone.now())
    services.application_move(application=app, to_stage="rejected", reason="other", actor=rita)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_rejection_emails")
    assert mail.outbox == []
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_rejection_emails")
    assert len(mail.outbox) == 1
