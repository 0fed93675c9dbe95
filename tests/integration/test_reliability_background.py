"""Background work with the broker down, on real workers: a profile published, a job moved to another
profile, candidates applying and a resume sent to be read again, all while Redis is stopped. Nothing
answers 500, no run stays queued, no list is shown unscored, and everything completes when Redis returns,
through the beat-driven sweeps alone.
"""
from __future__ import annotations

import logging
import time

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from screening import selectors, services
from screening.models import Application, Competency, Job, RescoreRun, Resume, Score
from screening.services.setup import defaults_load
from tests.factories import hiring_admin
from tests.filegen import make_scanned_pdf, make_txt, sample_resume
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

PENDING = [RescoreRun.Status.QUEUED, RescoreRun.Status.RUNNING]


def ranked(job: Job) -> list:
    job = Job.objects.select_related("profile__published_version", "ranked_version").get(pk=job.pk)
    return [(a.pk, a.score_total, a.processing_status) for a in selectors.ranked_applications(job=job)]


def unscored_processed(job: Job) -> list[int]:
    """Processed applications the job's list shows without a score (the bug: an unscored list)."""
    return [pk for pk, total, status in ranked(job) if status == Resume.Status.PROCESSED and total is None]


def test_publish_move_apply_and_process_again_while_the_broker_is_down_complete_when_it_returns(
    fleet, private_broker, client, caplog
):
    defaults_load()
    ml_job = Job.objects.get(slug="machine-learning-engineer")
    profile = ml_job.profile
    other = services.profile_clone(profile=profile, name="Data Engineer", slug="data-engineer")
    Competency.objects.filter(profile=other, key="python").update(weight=30)
    other_first = services.profile_publish(profile=other)  # its run is sent now, while the broker is up
    moved_job = Job.objects.create(title="Analytics Engineer", slug="analytics-engineer", profile=profile)

    worker = fleet.worker(name="w1").start()
    beat = fleet.beat().start()
    ids = submit_resumes(ml_job, resume_files(12, pdf_every=6, docx_every=6))
    ids += submit_resumes(moved_job, resume_files(6, pdf_every=0, docx_every=0, tag="m"), tag="m")
    scan = services.application_submit(
        job=ml_job, name="Scan Person", email="scan@example.test", resume_name="scan.pdf",
        resume_data=make_scanned_pdf(), consent=True,
    ).current_resume_id
    wait_for_all_final(ids + [scan], timeout=180, message="the first 19 resumes read")
    wait_until(lambda: not RescoreRun.objects.filter(status__in=PENDING).exists(), timeout=60, message="first runs")
    assert Resume.objects.get(pk=scan).status == Resume.Status.NEEDS_REVIEW
    v1 = profile.versions.get().pk
    before = {job.pk: ranked(job) for job in (ml_job, moved_job)}
    assert not unscored_processed(ml_job) and not unscored_processed(moved_job)

    private_broker.stop()
    forget_broker_connections()  # as for a web process started during the outage

    client.force_login(hiring_admin(username="hana"))
    Competency.objects.filter(profile=profile, key="python").update(weight=0)
    with caplog.at_level(logging.ERROR):
        started = time.monotonic()
        response = client.post(reverse("profiles:publish", args=[profile.slug]))
        publish_seconds = time.monotonic() - started
        assert response.status_code == 302  # was a 500 after the version was already published
        move = services.job_profile_change(job=moved_job, profile=other)
        late = submit_resumes(ml_job, resume_files(4, pdf_every=0, docx_every=0, tag="late"), tag="late")
        Resume.objects.get(pk=scan).file.save(
            "readable", ContentFile(make_txt(sample_resume("Scan Person", ml=True))), save=True
        )
        assert services.resumes_reprocess(resume_ids=[scan]) == 1
    enqueue_errors = [r.getMessage() for r in caplog.records if "Could not enqueue" in r.getMessage()]
    assert sum("re-score run" in m for m in enqueue_errors) == 2, enqueue_errors
    profile.refresh_from_db()
    v2 = profile.published_version_id
    assert v2 != v1 and move.profile_version_id == other_first.pk
    assert set(RescoreRun.objects.filter(status__in=PENDING).values_list("status", flat=True)) == {"queued"}
    # During the outage both lists keep the scores they had: nothing shown unscored.
    for job in (ml_job, moved_job):
        assert Job.objects.select_related("profile").get(pk=job.pk).ranking_version_id == v1
        assert not unscored_processed(job)
        shown = {pk: total for pk, total, _ in ranked(job)}
        assert all(shown[pk] == total for pk, total, _ in before[job.pk])

    private_broker.restart()
    back = time.monotonic()
    wait_for_all_final(ids + late + [scan], timeout=240, message="every resume final after the outage")
    wait_until(
        lambda: not RescoreRun.objects.filter(status__in=PENDING).exists(), timeout=240, message="every run finished"
    )
    recovery = time.monotonic() - back

    assert set(RescoreRun.objects.values_list("status", flat=True)) == {RescoreRun.Status.DONE}
    ml_job = Job.objects.get(pk=ml_job.pk)
    moved_job = Job.objects.get(pk=moved_job.pk)
    assert ml_job.ranking_version_id == v2
    assert moved_job.profile_id == other.pk and moved_job.ranking_version_id == other_first.pk
    for job in (ml_job, moved_job):
        assert not unscored_processed(job)
        processed = Application.objects.filter(job=job, current_resume__status=Resume.Status.PROCESSED)
        scored = Score.objects.filter(application__in=processed, profile_version_id=job.ranking_version_id)
        assert scored.count() == processed.count()
    again = Resume.objects.select_related("parse").get(pk=scan)
    assert again.status == Resume.Status.PROCESSED and "Machine Learning" in again.parse.text
    assert Score.objects.get(application_id=again.application_id, profile_version_id=v2).total > 0
    result = tally(ids + late)  # (the resume read again has two final events, one per read)
    assert not result.exactly_once(processed=len(ids + late)), result.summary()
    assert again.parses.count() == 1 and again.attempts == 1
    assert worker.alive() and beat.alive()
    report(
        "background-broker-down",
        publish_ms=round(publish_seconds * 1000),
        runs_enqueue_errors=2,
        recovery_seconds=round(recovery, 1),
        runs=RescoreRun.objects.count(),
    )
