"""Processing a resume: claimed once, read in a sandbox, saved and scored; idempotent; bounded retries."""
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from screening import services
from screening.models import AuditEvent, ParseResult, Resume, Score
from screening.services.setup import defaults_load
from tests.filegen import make_pdf, make_txt, sample_resume

pytestmark = pytest.mark.django_db


@pytest.fixture
def job():
    defaults_load()
    from screening.models import Job

    return Job.objects.get(slug="machine-learning-engineer")


def submit(job, data, name="cv.txt", email="ada@example.com"):
    return services.application_submit(
        job=job, name="Ada", email=email, resume_name=name, resume_data=data, consent=True
    )


def test_processes_scores_and_records(job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        app = submit(job, make_pdf(sample_resume()), name="cv.pdf")
    resume = Resume.objects.get(pk=app.current_resume_id)
    assert resume.status == Resume.Status.PROCESSED
    assert resume.attempts == 1 and resume.lease_until is None
    parse = resume.parse
    assert "Machine Learning Engineer" in parse.text
    assert any(s["id"] == "python" for s in parse.facts["skills"])
    assert parse.skills.filter(skill_id="python").exists()
    score = Score.objects.get(application=app)
    assert 0 < score.total <= 100 and score.must_haves_met
    assert AuditEvent.objects.filter(action="resume.processed", object_id=str(resume.public_id)).count() == 1


def test_a_second_delivery_changes_nothing(job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        app = submit(job, make_txt(sample_resume()))
    resume_id = app.current_resume_id
    before = Score.objects.get(application=app).scored_at
    assert services.resume_process(resume_id=resume_id) == "skipped"
    assert ParseResult.objects.filter(resume_id=resume_id).count() == 1
    assert Score.objects.filter(application=app).count() == 1
    assert Score.objects.get(application=app).scored_at == before
    assert Resume.objects.get(pk=resume_id).attempts == 1


def test_an_unreadable_file_fails_with_a_reason_for_recruiters(job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        app = submit(job, make_txt(sample_resume()))
    resume = app.current_resume
    # Replace the stored bytes with a truncated PDF (as if the upload was cut off on disk).
    resume.file.save("broken", ContentFile(make_pdf(sample_resume())[:300]), save=True)
    assert services.resume_process(resume_id=resume.pk) == "failed"
    resume.refresh_from_db()
    assert resume.status == Resume.Status.FAILED
    assert resume.error_message and resume.error_code
    assert not Score.objects.filter(application=app).exists()


def test_a_resume_without_text_needs_review_and_is_not_scored(job, django_capture_on_commit_callbacks):
    from reportlab.pdfgen import canvas
    import io

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf)
    pdf.rect(50, 50, 400, 600, fill=1)  # a "scan": no text layer at all
    pdf.showPage()
    pdf.save()
    with django_capture_on_commit_callbacks(execute=True):
        app = submit(job, buf.getvalue(), name="scan.pdf")
    resume = Resume.objects.get(pk=app.current_resume_id)
    assert resume.status == Resume.Status.NEEDS_REVIEW
    assert resume.error_message
    assert not Score.objects.filter(application=app).exists()


def test_a_file_that_keeps_killing_workers_fails_after_max_attempts(job, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        app = submit(job, make_txt(sample_resume()))
    resume = app.current_resume
    # Three claims whose workers died: status processing, lease expired, attempts counted.
    Resume.objects.filter(pk=resume.pk).update(
        status=Resume.Status.PROCESSING, attempts=settings.SCREENING["MAX_ATTEMPTS"], lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert services.resume_process(resume_id=resume.pk) == "failed"
    resume.refresh_from_db()
    assert resume.status == Resume.Status.FAILED and resume.error_code == "worker_lost"


def test_a_live_lease_is_not_taken_over(job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        app = submit(job, make_txt(sample_resume()))
    Resume.objects.filter(pk=app.current_resume_id).update(
        status=Resume.Status.PROCESSING, attempts=1, lease_until=timezone.now() + timedelta(minutes=5)
    )
    assert services.resume_process(resume_id=app.current_resume_id) == "skipped"


def test_sweep_finds_lost_and_expired_work(job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        lost = submit(job, make_txt(sample_resume()), email="a@example.com").current_resume
        expired = submit(job, make_txt(sample_resume("Bo Lee")), email="b@example.com").current_resume
        fresh = submit(job, make_txt(sample_resume("Cy Ng")), email="c@example.com").current_resume
    long_ago = timezone.now() - timedelta(hours=1)
    Resume.objects.filter(pk=lost.pk).update(created_at=long_ago)
    Resume.objects.filter(pk=expired.pk).update(
        created_at=long_ago, status=Resume.Status.PROCESSING, lease_until=timezone.now() - timedelta(seconds=5)
    )
    ids = services.resumes_sweep()
    assert set(ids) == {lost.pk, expired.pk}
    assert fresh.pk not in ids
    # Enqueued rows are not enqueued again on the next sweep until they are stale again.
    assert services.resumes_sweep() == [expired.pk]


def test_a_retry_of_the_same_delivery_resumes_its_own_lease(job, django_capture_on_commit_callbacks):
    from screening.services import resumes as resume_service

    with django_capture_on_commit_callbacks(execute=False):
        app = submit(job, make_txt(sample_resume()))
    resume_id = app.current_resume_id
    # Delivery "task-1" claimed the row on its first try, then the database went away before it could finish.
    assert resume_service._claim(resume_id, "task-1:0") is not None
    # Another delivery must wait for the lease; the retry of task-1 takes it back straight away...
    assert services.resume_process(resume_id=resume_id, owner="task-2:0") == "skipped"
    assert services.resume_process(resume_id=resume_id, owner="task-1:1", resumed_from="task-1:0") == "processed"
    resume = Resume.objects.get(pk=resume_id)
    # ...without counting the retry as another read of the file.
    assert resume.attempts == 1 and resume.lease_owner == "" and resume.status == Resume.Status.PROCESSED


def test_a_redelivery_of_a_try_that_died_waits_for_the_lease_and_counts_an_attempt(
    job, django_capture_on_commit_callbacks
):
    """A worker killed mid-read: Celery redelivers the same message (same task id, same retry count).

    If that redelivery resumed the dead try's lease, a file that kills its reader would be read again
    and again without ever using up its attempts."""
    from screening.services import resumes as resume_service

    with django_capture_on_commit_callbacks(execute=False):
        app = submit(job, make_txt(sample_resume()))
    resume_id = app.current_resume_id
    assert resume_service._claim(resume_id, "task-1:0") is not None  # ...and then the worker died
    assert services.resume_process(resume_id=resume_id, owner="task-1:0") == "skipped"
    Resume.objects.filter(pk=resume_id).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert services.resume_process(resume_id=resume_id, owner="task-1:0") == "processed"
    assert Resume.objects.get(pk=resume_id).attempts == 2


def test_a_retry_does_not_resume_a_lease_its_predecessor_never_held(job, django_capture_on_commit_callbacks):
    from screening.services import resumes as resume_service

    with django_capture_on_commit_callbacks(execute=False):
        app = submit(job, make_txt(sample_resume()))
    resume_id = app.current_resume_id
    assert resume_service._claim(resume_id, "task-9:0") is not None
    assert services.resume_process(resume_id=resume_id, owner="task-1:1", resumed_from="task-1:0") == "skipped"
    assert Resume.objects.get(pk=resume_id).lease_owner == "task-9:0"


def test_resumes_read_one_after_another_share_one_sandboxed_reader(job, django_capture_on_commit_callbacks, monkeypatch):
    """Forking the worker (with its pipeline) for every file cost as much CPU as reading the file: the worker
    keeps one sandboxed reader for file after file."""
    import os

    from screening import sandbox

    for reader in sandbox._readers.values():
        reader.close()
    sandbox._readers.clear()
    forked = []
    real_fork = os.fork

    def recording_fork():
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recording_fork)
    with django_capture_on_commit_callbacks(execute=False):
        apps = [submit(job, make_txt(sample_resume(f"Ada{i} Example")), email=f"ada{i}@example.com") for i in range(3)]
    outcomes = [services.resume_process(resume_id=app.current_resume_id) for app in apps]
    assert outcomes == ["processed"] * 3
    assert len(forked) == 1
    assert ParseResult.objects.filter(resume__application__in=apps).count() == 3
