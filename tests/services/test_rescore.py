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


def readme_points(values, spec):
    """README's "How a score is computed", written out plainly for one candidate: an oracle independent of
    the vectorised code (it reads the stored features only)."""
    ref_year, level_rank, field_match, _all_months, ml_months, related_months = (int(v) for v in values[:6])
    weights = [c.weight for c in spec.competencies] + [spec.education.weight, spec.experience.weight]
    possible = [100 * w / sum(weights) for w in weights]
    placement_factor = {0: 0.0, 1: 0.6, 2: 0.75, 3: 0.85, 4: 1.0, 5: 1.0}
    points, missing, short = [], [], []
    for j, comp in enumerate(spec.competencies):
        placement, months, last_used = (int(v) for v in values[6 + 3 * j: 9 + 3 * j])
        strength = placement_factor[placement] * (0.75 + 0.25 * min(1, months / 24))
        if last_used:
            strength *= min(1.0, max(0.5, 1 - 0.1 * (ref_year - last_used - 2)))
        if comp.min_months and placement and months < comp.min_months:
            strength *= 0.5 + 0.5 * months / comp.min_months
            short.append(comp.key)
        if comp.must_have and not placement:
            missing.append(comp.key)
        points.append(round(strength * possible[j], 2))
    levels = ["high_school", "diploma", "associate", "bachelor", "master", "doctorate"]
    education = spec.education.credit(levels[level_rank]) if level_rank >= 0 else 0.0
    if spec.education.fields:
        education *= 1.0 if field_match > 0 else 0.3 if field_match < 0 else 0.6
    points.append(round(education * possible[-2], 2))
    target = spec.experience.target_months
    other = min(1, max(0, related_months - ml_months) / target)
    points.append(round(min(1, ml_months / target + 0.25 * other) * possible[-1], 2))
    total = min(100, round(sum(points) * (spec.must_have_factor if missing else 1), 2))
    return total, points, missing, short


def test_bulk_rescore_follows_the_readme_formula(job, django_capture_on_commit_callbacks):
    Competency.objects.filter(profile=job.profile, key="python").update(weight=9, min_months=200)
    with django_capture_on_commit_callbacks(execute=True):
        version = services.profile_publish(profile=job.profile)
    run = RescoreRun.objects.get(profile_version=version)
    assert run.status == "done" and run.done == 6
    spec = version_spec(version)
    scores = list(Score.objects.filter(profile_version=version).select_related("parse"))
    assert len(scores) == 6
    for score in scores:
        values = scoring.features_matrix([bytes(evidence_for(score.parse, version).packed)], spec)[0]
        total, points, missing, short = readme_points(values, spec)
        assert score.total == pytest.approx(total)
        assert score.points == pytest.approx(points)
        assert score.missing_must_haves == missing
        assert score.must_haves_met == (not missing)
        assert [f.split(":", 1)[1] for f in score.flags if f.startswith("below_min_months:")] == short
        if values[6] > 0:  # Python found: far below the 200 months now asked
            assert "below_min_months:python" in score.flags
    assert any(s.total > 0 for s in scores) and any(s.must_haves_met for s in scores)


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
