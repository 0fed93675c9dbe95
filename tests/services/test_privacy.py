"""Privacy lifecycle: erasure leaves no trace of the person, retention anonymises on time, exports are complete."""
from __future__ import annotations

import datetime
import json
import logging
import os
import secrets
import stat
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection

from screening import services
from screening.models import (
    Application,
    AuditEvent,
    Candidate,
    CompetencyEvidence,
    CorrectionRequest,
    Note,
    ParseResult,
    PrivacySettings,
    Resume,
    ResumeSkill,
    Score,
    StageChange,
)
from screening.services.privacy import ERASED_NOTE, candidates_past_retention
from screening.services.setup import defaults_load
from tests.factories import JobFactory, recruiter
from tests.filegen import make_docx, make_pdf, make_txt, sample_resume

pytestmark = pytest.mark.django_db


# --- Canary search helpers (also used by the integration test with a real worker) ----------------


def tables_containing(marker: str) -> dict[str, int]:
    """Every table of the database (not only our models) whose rows mention `marker`, with a count.

    Reads each table whole and looks at every column's value as text or bytes, so JSON, text,
    binary and columns no model declares are all covered.
    """
    needle = marker.lower()
    found: dict[str, int] = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            # the table names are the database's own, quoted: nothing from a user reaches this query
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            hits = 0
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, memoryview):
                        value = value.tobytes()
                    if isinstance(value, bytes):
                        if needle.encode() in value.lower():
                            hits += 1
                    elif value is not None and needle in str(value).lower():
                        hits += 1
            if hits:
                found[table] = hits
    return found


def files_containing(root: Path, marker: str) -> list[Path]:
    """Files under `root` whose bytes contain the marker (as UTF-8 or UTF-16, the encodings resumes use)."""
    needles = [marker.encode("utf-8"), marker.encode("utf-16-le")]
    hits = []
    for path in Path(root).rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if any(n in data for n in needles):
                hits.append(path)
    return hits


def cache_contains(marker: str) -> bool:
    """Whether the local-memory cache (rate-limit counters) holds the marker in a key or a value."""
    store = getattr(cache, "_cache", {})
    return any(
        marker in str(key) or marker.encode() in (value if isinstance(value, bytes) else b"")
        for key, value in store.items()
    )


def new_marker() -> str:
    # Letters only, so no tokenizer or normaliser splits it; unique per test run.
    return "zqcanary" + "".join(secrets.choice("abcdefghijklmnopqrstuvwxy") for _ in range(12))


def canary_resume(marker: str) -> str:
    text = sample_resume("Ada Canary", email=f"{marker}@example.com")
    return text.replace("Summary\n", f"Summary\nKnown on the forum as {marker}, and I write Python daily.\n")


# --- Fixtures ----------------------------------------------------------------------------------


@pytest.fixture
def job():
    defaults_load()
    from screening.models import Job

    return Job.objects.get(slug="machine-learning-engineer")


def apply(job, *, email="ada@example.com", text=None, name="Ada Canary", resume_name="cv.pdf", data=None):
    return services.application_submit(
        job=job,
        name=name,
        email=email,
        phone="+44 20 7946 0958",
        resume_name=resume_name,
        resume_data=data if data is not None else make_pdf(text or sample_resume(name)),
        consent=True,
    )


def apply_confirmed(job, **kwargs) -> Application:
    """Apply, and when the address is known, confirm it as its owner would from the emailed link."""
    from screening.services.identity import Purpose, address_confirmation_issue

    submitted = apply(job, **kwargs)
    if isinstance(submitted, Application):
        return submitted
    token = address_confirmation_issue(candidate=submitted.candidate, purpose=Purpose.SUBMISSION, held=submitted)
    application, _ = services.held_submission_confirm(token=token)
    return application


def processed(django_capture_on_commit_callbacks, job, **kwargs) -> Application:
    """Apply and run the processing task in-process (tasks are eager in tests) once the transaction commits."""
    with django_capture_on_commit_callbacks(execute=True):
        application = apply(job, **kwargs)
    application.refresh_from_db()
    assert application.current_resume.status == Resume.Status.PROCESSED, application.current_resume.error_message
    return application


# --- Erasure -------------------------------------------------------------------------------------


def test_erasure_leaves_no_trace_of_the_marker_anywhere(job, django_capture_on_commit_callbacks, caplog, mailoutbox):
    caplog.set_level(logging.DEBUG)
    marker = new_marker()
    first = processed(
        django_capture_on_commit_callbacks,
        job,
        email=f"{marker}@example.com",
        text=canary_resume(marker),
        resume_name=f"{marker}-resume.pdf",
    )
    # A second version (DOCX) and a second job, so every version and every application is covered.
    with django_capture_on_commit_callbacks(execute=True):
        email = f"{marker}@example.com"
        apply_confirmed(job, email=email, data=make_docx(canary_resume(marker).splitlines()), resume_name="v2.docx")
        other = apply_confirmed(JobFactory(profile=job.profile), email=email, data=make_txt(canary_resume(marker)))
        apply(job, email=email, data=make_txt(canary_resume(marker)))  # held, never confirmed: erased all the same
    Note.objects.create(application=first, author=recruiter(), body=f"Spoke to {marker} on the phone")
    services.correction_request_create(application=other, comment=f"My handle is {marker}, not that")

    assert tables_containing(marker), "the canary must be planted for the test to mean anything"
    assert files_containing(settings.MEDIA_ROOT, marker)
    assert Resume.objects.filter(application__candidate=first.candidate).count() == 3
    assert ParseResult.objects.filter(resume__application__candidate=first.candidate).count() == 3
    assert Score.objects.filter(application__candidate=first.candidate).exists()
    stored = [r.file.name for r in Resume.objects.filter(application__candidate=first.candidate)]

    report = services.candidate_erase(candidate=first.candidate, actor_kind="candidate")

    assert tables_containing(marker) == {}
    assert files_containing(settings.MEDIA_ROOT, marker) == []
    assert not any(Path(settings.MEDIA_ROOT, name).exists() for name in stored)
    assert not cache_contains(marker)
    assert marker not in caplog.text
    # What is kept: the rows that make the counts, with nothing personal in them.
    candidate = Candidate.objects.get(pk=first.candidate.pk)
    assert (candidate.name, candidate.email, candidate.phone) == ("", "", "")
    assert candidate.erased_at is not None
    assert Application.objects.filter(candidate=candidate).count() == 2
    assert not Resume.objects.filter(application__candidate=candidate).exists()
    assert not ParseResult.objects.filter(resume__application__candidate=candidate).exists()
    assert ResumeSkill.objects.count() == CompetencyEvidence.objects.count() == 0
    assert not Score.objects.filter(application__candidate=candidate).exists()
    assert list(Note.objects.filter(application=first).values_list("body", flat=True)) == [ERASED_NOTE]
    assert list(CorrectionRequest.objects.filter(application=other).values_list("comment", flat=True)) == [""]
    assert set(Application.objects.filter(candidate=candidate).values_list("stage", flat=True)) == {"withdrawn"}
    assert report.resume_versions == 3 and report.resume_files == 3 and report.applications == 2
    event = AuditEvent.objects.get(action="candidate.erased")
    assert event.object_id == str(candidate.public_id)
    assert event.ip is None and event.actor_kind == "candidate"
    assert set(event.data) <= {"applications", "resume_versions"}


def test_erasure_is_idempotent_and_audited_once(job, django_capture_on_commit_callbacks):
    application = processed(django_capture_on_commit_callbacks, job)
    first = services.candidate_erase(candidate=application.candidate)
    second = services.candidate_erase(candidate=application.candidate)
    assert not first.already_erased and second.already_erased
    assert second.resume_versions == 0 and second.scores == 0
    assert AuditEvent.objects.filter(action="candidate.erased").count() == 1


def test_erased_address_can_apply_again_as_a_new_person(job, django_capture_on_commit_callbacks):
    old = processed(django_capture_on_commit_callbacks, job)
    services.candidate_erase(candidate=old.candidate)
    new = apply(job)
    assert new.candidate_id != old.candidate_id
    assert new.pk != old.pk


def test_a_worker_finishing_after_erasure_stores_nothing(job, django_capture_on_commit_callbacks):
    """The worker read the file, then the candidate erased everything: its result must not reappear."""
    from screening.reading import read_resume
    from screening.services import resumes as resume_service

    with django_capture_on_commit_callbacks(execute=False):
        application = apply(job)
    resume = application.current_resume
    claimed = resume_service._claim(resume.pk)
    result = read_resume(claimed.file.open("rb").read(), claimed.original_name)
    services.candidate_erase(candidate=application.candidate)
    assert resume_service._finish(claimed, result) == "superseded"
    assert ParseResult.objects.count() == 0 and Score.objects.count() == 0


def test_candidate_actions_store_no_ip_address(job, rf):
    request = rf.post("/", REMOTE_ADDR="203.0.113.7")
    services.application_submit(
        job=job, name="Ada", email="ada@example.com", resume_name="cv.txt",
        resume_data=make_txt(sample_resume()), consent=True, request=request,
    )
    assert AuditEvent.objects.filter(actor_kind="candidate").exists()
    assert not AuditEvent.objects.filter(actor_kind="candidate", ip__isnull=False).exists()


def test_erase_command_finds_by_email_and_does_not_echo_it(job, django_capture_on_commit_callbacks, capsys):
    application = processed(django_capture_on_commit_callbacks, job, email="grace@example.com")
    call_command("erase_candidate", "GRACE@example.com", "--yes")
    out = capsys.readouterr().out
    assert str(application.candidate.public_id) in out and "grace@" not in out
    assert Candidate.objects.get(pk=application.candidate_id).erased_at is not None
    with pytest.raises(CommandError) as err:
        call_command("erase_candidate", "nobody@example.com", "--yes")
    assert "nobody" not in str(err.value)


def test_erase_command_asks_before_erasing(job, monkeypatch):
    application = apply(job)
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError):
        call_command("erase_candidate", str(application.public_id))
    assert Candidate.objects.get(pk=application.candidate_id).erased_at is None


# --- Retention -----------------------------------------------------------------------------------

T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.timezone.utc)


def reject(application: Application) -> None:
    StageChange.objects.create(application=application, from_stage=application.stage, to_stage="rejected")
    Application.objects.filter(pk=application.pk).update(stage="rejected", stage_changed_at=T0)


def test_retention_anonymises_after_the_admin_set_days_and_not_before(job, django_capture_on_commit_callbacks):
    services.privacy_settings_update(retention_days=30)
    with time_machine.travel(T0 - datetime.timedelta(days=10), tick=False):
        rejected = processed(django_capture_on_commit_callbacks, job, email="rejected@example.com")
        withdrawn = processed(django_capture_on_commit_callbacks, job, email="withdrawn@example.com")
        active = processed(django_capture_on_commit_callbacks, job, email="active@example.com")
    with time_machine.travel(T0, tick=False):
        reject(rejected)
        services.application_withdraw_by_candidate(application=withdrawn)
    files = [r.file.name for r in Resume.objects.filter(application__in=[rejected, withdrawn])]

    with time_machine.travel(T0 + datetime.timedelta(days=29), tick=False):
        assert services.retention_apply() == 0
    assert not Candidate.objects.filter(anonymised_at__isnull=False).exists()

    with time_machine.travel(T0 + datetime.timedelta(days=31), tick=False):
        assert services.retention_apply() == 2
        assert services.retention_apply() == 0  # already done
    gone = Candidate.objects.filter(anonymised_at__isnull=False)
    assert set(gone.values_list("pk", flat=True)) == {rejected.candidate_id, withdrawn.candidate_id}
    assert set(gone.values_list("email", flat=True)) == {""}
    assert not Resume.objects.filter(application__in=[rejected, withdrawn]).exists()
    assert not any(Path(settings.MEDIA_ROOT, name).exists() for name in files)
    still = Candidate.objects.get(pk=active.candidate_id)
    assert still.email == "active@example.com" and still.anonymised_at is None
    assert Resume.objects.filter(application=active).exists()
    events = AuditEvent.objects.filter(action="candidate.anonymised")
    assert events.count() == 2 and all(e.data["retention_days"] == 30 for e in events)


def test_one_open_application_keeps_the_candidate(job):
    with time_machine.travel(T0 - datetime.timedelta(days=400), tick=False):
        old = apply(job)
        other = apply_confirmed(JobFactory(profile=job.profile))  # same email: same candidate, second job
    with time_machine.travel(T0 - datetime.timedelta(days=399), tick=False):
        reject(old)
        Application.objects.filter(pk=old.pk).update(stage_changed_at=T0 - datetime.timedelta(days=399))
    assert other.candidate_id == old.candidate_id
    with time_machine.travel(T0, tick=False):
        assert services.retention_apply() == 0
        reject(other)
    with time_machine.travel(T0 + datetime.timedelta(days=366), tick=False):
        assert services.retention_apply() == 1


def test_retention_defaults_to_the_setting_until_an_admin_sets_it(job, settings):
    settings.SCREENING = {**settings.SCREENING, "RETENTION_DAYS": 10}
    with time_machine.travel(T0, tick=False):
        application = apply(job)
        reject(application)
    assert not PrivacySettings.objects.exists()
    with time_machine.travel(T0 + datetime.timedelta(days=9), tick=False):
        assert candidates_past_retention().count() == 0
    with time_machine.travel(T0 + datetime.timedelta(days=11), tick=False):
        assert list(candidates_past_retention()) == [application.candidate]


def test_retention_task_is_the_one_beat_runs():
    from hiring.celery import app

    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "screening.tasks.retention_apply" in scheduled
    assert "screening.tasks.retention_apply" in app.tasks


def test_retention_task_runs_the_service(job):
    from screening.tasks import retention_apply

    services.privacy_settings_update(retention_days=1)
    with time_machine.travel(T0, tick=False):
        reject(apply(job))
    with time_machine.travel(T0 + datetime.timedelta(days=2), tick=False):
        assert retention_apply.apply().get() == 1


def test_retention_changes_are_audited_with_before_and_after(settings):
    settings.SCREENING = {**settings.SCREENING, "RETENTION_DAYS": 365}
    admin = recruiter(username="dpo")
    services.privacy_settings_update(retention_days=180, actor=admin)
    services.privacy_settings_update(retention_days=90, actor=admin)
    services.privacy_settings_update(retention_days=90, actor=admin)  # no change, no event
    events = list(AuditEvent.objects.filter(action="privacy.retention_changed").order_by("id"))
    assert [e.data["retention_days"] for e in events] == [{"before": 365, "after": 180}, {"before": 180, "after": 90}]
    assert all(e.actor == admin for e in events)
    assert PrivacySettings.current().retention_days == 90


# --- Subject access export -------------------------------------------------------------------------


def test_export_holds_everything_and_is_audited(job, django_capture_on_commit_callbacks):
    application = processed(django_capture_on_commit_callbacks, job, email="ada@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        services.resume_replace(application=application, resume_name="v2.txt", resume_data=make_txt(sample_resume()))
    Note.objects.create(application=application, author=recruiter(username="rita"), body="Strong PyTorch work")
    services.correction_request_create(application=application, comment="I also know Rust")

    data = services.candidate_export(candidate=application.candidate, actor_kind="candidate")

    json.dumps(data)  # plain JSON types only
    assert data["candidate"]["email"] == "ada@example.com"
    assert data["candidate"]["consent_version"] == settings.SCREENING["CONSENT_VERSION"]
    [app] = data["applications"]
    assert app["job"] == job.title
    assert [r["version"] for r in app["resume_versions"]] == [1, 2]
    reading = app["resume_versions"][0]["readings"][0]
    assert "PyTorch" in reading["text"]
    assert any(s["name"] == "PyTorch" for s in reading["facts"]["skills"])
    assert app["scores"] and 0 <= app["scores"][0]["total"] <= 100
    assert app["notes"] == [{"at": app["notes"][0]["at"], "text": "Strong PyTorch work"}]
    assert "rita" not in json.dumps(data)  # recruiters' identities are theirs, not the candidate's
    assert app["corrections"][0]["comment"] == "I also know Rust"
    assert any(e["action"] == "application.submitted" for e in data["activity"])
    event = AuditEvent.objects.get(action="candidate.exported")
    assert event.object_id == str(application.candidate.public_id) and event.ip is None


def test_export_command_writes_a_private_file(job, tmp_path):
    application = apply(job, email="ada@example.com")
    target = tmp_path / "export.json"
    call_command("export_candidate", "ada@example.com", "-o", str(target))
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert json.loads(target.read_text())["candidate"]["id"] == str(application.candidate.public_id)
    assert AuditEvent.objects.filter(action="candidate.exported", actor_kind="system").count() == 1


# --- Corrections, corrected resumes, withdrawal ----------------------------------------------------


def test_correction_is_stored_and_audited_without_its_text(job):
    application = apply(job)
    correction = services.correction_request_create(application=application, comment="  Wrong degree year  ")
    assert correction.comment == "Wrong degree year"
    event = AuditEvent.objects.get(action="correction.requested")
    assert "Wrong" not in json.dumps(event.data)
    with pytest.raises(ValidationError):
        services.correction_request_create(application=application, comment="   ")


def test_corrected_resume_is_a_new_version_checked_like_the_form(job, django_capture_on_commit_callbacks, monkeypatch):
    sent = []
    monkeypatch.setattr("screening.tasks.resume_process.apply_async", lambda args, **kw: sent.append(args))
    application = apply(job)
    with pytest.raises(ValidationError) as err:
        services.resume_replace(application=application, resume_name="cv.pdf", resume_data=b"<html>not a pdf</html>")
    assert "resume" in err.value.message_dict
    assert application.resumes.count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        resume = services.resume_replace(
            application=application, resume_name="cv2.txt", resume_data=make_txt(sample_resume())
        )
    application.refresh_from_db()
    assert resume.version == 2 and application.current_resume == resume
    assert sent == [[resume.pk]]
    assert AuditEvent.objects.filter(action="resume.replaced", data__resume_version=2).exists()


def test_withdrawal_is_recorded_as_the_candidates_move(job):
    application = apply(job)
    services.application_withdraw_by_candidate(application=application)
    application.refresh_from_db()
    assert application.stage == "withdrawn" and application.stage_changed_at is not None
    change = StageChange.objects.get(application=application)
    assert (change.from_stage, change.to_stage, change.by_candidate) == ("new", "withdrawn", True)
    assert AuditEvent.objects.filter(action="application.withdrawn", actor_kind="candidate").exists()
    with pytest.raises(ValidationError):
        services.application_withdraw_by_candidate(application=application)
    with pytest.raises(ValidationError):
        services.resume_replace(application=application, resume_name="cv.txt", resume_data=make_txt(sample_resume()))


def test_applying_again_after_withdrawing_reopens_with_history(job):
    application = apply(job)
    services.application_withdraw_by_candidate(application=application)
    held = apply(job, resume_name="new.txt", data=make_txt(sample_resume()))
    application.refresh_from_db()
    assert application.stage == "withdrawn"  # held: nothing reopens until the owner confirms
    again = apply_confirmed(job, resume_name="new.txt", data=make_txt(sample_resume()))
    assert type(held).__name__ == "HeldSubmission"
    assert again.pk == application.pk and again.stage == "new"
    assert list(StageChange.objects.filter(application=application).values_list("to_stage", flat=True)) == [
        "withdrawn",
        "new",
    ]


def test_nothing_can_be_done_to_an_erased_application(job):
    application = apply(job)
    services.candidate_erase(candidate=application.candidate)
    application.refresh_from_db()
    for call in (
        lambda: services.correction_request_create(application=application, comment="hello"),
        lambda: services.resume_replace(application=application, resume_name="a.txt", resume_data=b"Ada\nPython"),
        lambda: services.application_withdraw_by_candidate(application=application),
    ):
        with pytest.raises(ValidationError):
            call()
