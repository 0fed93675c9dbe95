"""Bulk re-scoring writes exactly what scoring one application at a time would (COPY path on PostgreSQL)."""
from datetime import timedelta

import pytest
from django.utils import timezone

from screening import scoring, services
from screening.models import Competency, Job, RescoreRun, Score
from screening.services.scores import evidence_for, version_spec
from screening.services.setup import defaults_load
from tests.filegen import make_txt, sample_resume

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        defaults_load()
        job = Job.objects.get(slug="machine-learning-engineer")
        for i in range(6):
            services.application_submit(
                job=job, name=f"P{i}", email=f"p{i}@example.com", resume_name=f"cv{i}.txt",
                resume_data=make_txt(sample_resume(f"Person Number{i}", ml=i % 2 == 0)), consent=True,
            )
    return job


def test_bulk_rescore_equals_one_by_one(job, django_capture_on_commit_callbacks):
    Competency.objects.filter(profile=job.profile, key="python").update(weight=9, min_months=200)
    with django_capture_on_commit_callbacks(execute=True):
        version = services.profile_publish(profile=job.profile)
    run = RescoreRun.objects.get(profile_version=version)
    assert run.status == "done" and run.done == 6
    spec = version_spec(version)
    for score in Score.objects.filter(profile_version=version).select_related("parse"):
        expected = scoring.score_many([bytes(evidence_for(score.parse, version).packed)], spec)[0]
        assert score.total == pytest.approx(expected.total)
        assert score.points == pytest.approx(list(expected.points))
        assert score.must_haves_met == expected.must_haves_met
        assert score.missing_must_haves == list(expected.missing_must_haves)
        assert score.flags == list(expected.flags)
        if score.must_haves_met:
            assert "below_min_months:python" in score.flags


def test_rerunning_a_run_rewrites_without_duplicates(job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        version = services.profile_publish(profile=job.profile)
    run = RescoreRun.objects.get(profile_version=version)
    # As if a worker died mid-run, its lease expired.
    RescoreRun.objects.filter(pk=run.pk).update(
        status=RescoreRun.Status.RUNNING, lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert services.rescore_run_execute(run_id=run.pk) == "done"
    assert Score.objects.filter(profile_version=version).count() == 6


def test_points_round_trip_through_the_packed_field(job):
    score = Score.objects.first()
    score.points = [1.25, 0.0, 99.99]
    score.save()
    score.refresh_from_db()
    assert score.points == [1.25, 0.0, 99.99]


def test_only_the_current_and_previous_versions_keep_scores(job, django_capture_on_commit_callbacks):
    for weight in (7, 8, 9):
        Competency.objects.filter(profile=job.profile, key="python").update(weight=weight)
        with django_capture_on_commit_callbacks(execute=True):
            latest = services.profile_publish(profile=job.profile)
    kept = set(Score.objects.values_list("profile_version__number", flat=True))
    assert kept == {latest.number, latest.number - 1}
