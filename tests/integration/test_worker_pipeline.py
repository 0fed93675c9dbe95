"""End to end on the real stack: 20 generated resumes through Redis and a Celery worker process, ranked."""
import pytest

from screening import services
from screening.models import Job, Resume, Score
from screening.selectors import ranked_applications
from screening.services.setup import defaults_load
from tests.filegen import make_docx, make_pdf, make_txt, sample_resume

from tests.integration.workers import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _files(n: int):
    """n resumes in turn PDF, DOCX and TXT; every third one is not an ML profile."""
    for i in range(n):
        ml = i % 3 != 2
        text = sample_resume(f"Test Person{i:02d} Example", ml=ml, email=f"person{i}@example.com")
        kind = ("pdf", "docx", "txt")[i % 3]
        if kind == "pdf":
            data = make_pdf(text)
        elif kind == "docx":
            data = make_docx(text.splitlines())
        else:
            data = make_txt(text)
        yield f"resume-{i:02d}.{kind}", data, ml


def test_twenty_resumes_processed_by_a_worker_and_ranked(worker):
    defaults_load()
    job = Job.objects.get(slug="machine-learning-engineer")
    ml_files = set()
    for name, data, ml in _files(20):
        services.application_submit(
            job=job, name=name, email=f"{name}@example.com", resume_name=name, resume_data=data, consent=True
        )
        if ml:
            ml_files.add(name)

    def all_final():
        return Resume.objects.filter(status__in=Resume.FINAL_STATUSES).count() == 20

    wait_until(all_final, timeout=180, message="20 resumes processed by the worker")
    assert Resume.objects.filter(status=Resume.Status.PROCESSED).count() == 20, worker.log()[-3000:]
    version = job.profile.published_version
    assert Score.objects.filter(profile_version=version).count() == 20

    ranking = list(ranked_applications(job=job))
    assert len(ranking) == 20
    assert all(app.score_total is not None for app in ranking)
    totals = [app.score_total for app in ranking]
    assert totals == sorted(totals, reverse=True)
    # Every ML resume outranks every non-ML one.
    top = {app.current_resume.original_name for app in ranking[: len(ml_files)]}
    assert top == ml_files
    # The work was done by the worker process, not in this process.
    assert "resume_process" in worker.log()
