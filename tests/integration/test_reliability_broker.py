"""Broker faults on the real stack: Redis restarted empty under a queue of 500, and Redis down while
candidates apply. PostgreSQL holds the state; the beat-driven sweep re-sends whatever Redis lost.

Redis here is a private redis-server with no persistence (`--save "" --appendonly no`), so a restart
really loses every queued message; workers and beat are real processes (see workers.py).
"""
from __future__ import annotations

import logging
import statistics
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from screening.models import Application, Candidate, Job, Resume
from screening.services.setup import defaults_load
from tests.filegen import make_docx, make_pdf, make_txt, sample_resume
from tests.integration.workers import (  # noqa: F401  (fixtures)
    fleet,
    forget_broker_connections,
    private_broker,
    report,
    resume_files,
    submit_resumes,
    tally,
    wait_for_all_final,
    wait_until,
)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(480),
]


def default_job() -> Job:
    defaults_load()
    return Job.objects.get(slug="machine-learning-engineer")


def test_broker_restarted_empty_with_500_queued_loses_nothing_and_duplicates_nothing(fleet, private_broker):
    job = default_job()
    ids = submit_resumes(job, resume_files(500, pdf_every=50, docx_every=50))
    queued = private_broker.queue_length()
    assert queued >= 500  # every resume's message (and its receipt email) is waiting in Redis

    fleet.worker(name="w1").start()
    fleet.worker(name="w2").start()
    beat = fleet.beat().start()
    wait_until(
        lambda: Resume.objects.filter(pk__in=ids, status__in=Resume.FINAL_STATUSES).count() >= 25,
        timeout=120,
        message="the first resumes processed",
    )
    # Mid-run: some finished, some being read, the rest only in Redis. Redis dies and comes back empty.
    before = Resume.objects.filter(pk__in=ids, status__in=Resume.FINAL_STATUSES).count()
    private_broker.kill()
    private_broker.restart()
    wiped_at = time.monotonic()
    left_in_queue = private_broker.queue_length()
    assert left_in_queue == 0
    unfinished = len(ids) - before

    wait_for_all_final(ids, timeout=360, message="all 500 resumes final after the wipe")
    recovery = time.monotonic() - wiped_at
    result = tally(ids)
    assert not result.exactly_once(processed=500), result.summary()
    assert max(result.attempts) <= 3, result.summary()
    # The workers reconnected by themselves; nothing was restarted but Redis.
    assert all(w.alive() for w in fleet.workers()) and beat.alive()
    report(
        "redis-wipe",
        resumes=500,
        queued_before=queued,
        final_before_wipe=before,
        unfinished_at_wipe=unfinished,
        recovery_seconds=round(recovery, 1),
        sweeps=beat.sweeps_sent(),
        attempts=dict(result.attempts),
    )


def test_candidates_apply_while_the_broker_is_down_and_their_work_completes_when_it_returns(
    fleet, private_broker, client, settings, caplog
):
    job = default_job()
    settings.SCREENING = {**settings.SCREENING, "APPLY_RATE": "1000/m"}
    workers = [fleet.worker(name="w1").start()]
    beat = fleet.beat().start()
    private_broker.stop()
    # As for a web process started during the outage: no connection to the broker is left open.
    forget_broker_connections()

    makers = [
        lambda text: ("resume.txt", make_txt(text)),
        lambda text: ("resume.pdf", make_pdf(text)),
        lambda text: ("resume.docx", make_docx(text.splitlines())),
    ]
    latencies = []
    with caplog.at_level(logging.ERROR, logger="screening.services.resumes"):
        for i in range(20):
            name, data = makers[i % 3](sample_resume(f"Outage Person{i:02d}", email=f"outage{i}@example.test"))
            started = time.monotonic()
            response = client.post(
                f"/careers/{job.slug}/apply/",
                {
                    "name": f"Outage Person{i:02d}",
                    "email": f"outage{i}@example.test",
                    "phone": "",
                    "consent": "on",
                    "resume": SimpleUploadedFile(name, data),
                },
            )
            latencies.append(time.monotonic() - started)
            assert response.status_code == 302, response.content[:2000]
            # The publisher tries the broker once (max_retries=0): no seconds of retrying inside a request.
            assert latencies[-1] < 2.0, latencies
            assert "/status/" in response["Location"] or "/applications/" in response["Location"], response["Location"]
    enqueue_errors = [r for r in caplog.records if "Could not enqueue resume" in r.getMessage()]
    assert len(enqueue_errors) == 20
    # The rows are saved and waiting; nothing reached the (dead) broker.
    assert Candidate.objects.count() == 20 and Application.objects.count() == 20
    ids = list(Resume.objects.values_list("pk", flat=True))
    assert len(ids) == 20
    assert Resume.objects.filter(status=Resume.Status.RECEIVED, enqueued_at__isnull=True).count() == 20

    private_broker.restart()
    back_at = time.monotonic()
    wait_for_all_final(ids, timeout=180, message="the 20 applications made during the outage processed")
    recovery = time.monotonic() - back_at
    result = tally(ids)
    assert not result.exactly_once(processed=20), result.summary()
    assert result.attempts == {1: 20}, result.summary()
    # No manual step: the same worker and beat processes reconnected and the sweep sent the work.
    assert all(w.alive() for w in workers) and beat.alive()
    report(
        "redis-down-at-apply",
        applications=20,
        apply_median_ms=round(statistics.median(latencies) * 1000),
        apply_max_ms=round(max(latencies) * 1000),
        enqueue_errors_logged=len(enqueue_errors),
        recovery_seconds=round(recovery, 1),
    )
