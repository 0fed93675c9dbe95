"""The job audit read from the database: stored scores, self-identification, selections by the team."""
from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from screening import fairness, selectors
from screening.models import Application, StageChange
from tests.audit_data import add_applicants, now_minus, published_version
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def job():
    job = JobFactory(slug="data-engineer")
    published_version(job.profile)
    return job


def balanced(shift: float = 0.0, female_selected_every: int = 2):
    """Twenty people per intersection with scores 20..39; women's shifted; selections every 2nd (women: nth)."""
    people = []
    for sex in fairness.SEXES:
        for race in fairness.RACE_ETHNICITIES:
            for i in range(20):
                every = female_selected_every if sex == "female" else 2
                people.append((sex, race, 20.0 + i + (shift if sex == "female" else 0.0), i % every == 0))
    return people


def test_a_job_without_disparity_is_not_flagged(job):
    add_applicants(job, balanced())
    audit = selectors.job_bias_audit(job=job)
    assert audit.result.applicants == 280
    assert audit.result.flagged == ()


def test_a_job_with_a_known_disparity_is_flagged(job):
    add_applicants(job, balanced(shift=-10.0, female_selected_every=5))
    result = selectors.job_bias_audit(job=job).result
    rows = {(r.dimension, r.category): r for r in result.rows}
    female = rows[("sex", "female")]
    assert female.flag == "scoring:adverse_impact;selection:adverse_impact"
    assert rows[("sex", "male")].flag is None
    assert not any(r.flag for r in result.dimension("race_ethnicity"))
    # The same numbers as the pure arithmetic on the same people.
    people = balanced(shift=-10.0, female_selected_every=5)
    expected = fairness.bias_audit(
        sexes=[p[0] for p in people], races=[p[1] for p in people], scores=[p[2] for p in people], selected=[p[3] for p in people]
    )
    assert result.to_dict(job="x") == expected.to_dict(job="x")


def test_unknowns_declines_and_people_who_never_answered(job):
    add_applicants(
        job,
        [
            ("female", "asian", 80.0, False),
            ("male", "decline", 60.0, False),  # race declined
            ("decline", "decline", 50.0, True),
            (None, None, 40.0, False),  # never answered: no row at all
        ],
    )
    result = selectors.job_bias_audit(job=job).result
    assert result.applicants == 4
    assert result.unknown == 3
    assert result.unknown_by_dimension == {"sex": 2, "race_ethnicity": 3, "intersectional": 3}
    assert result.median_score == 55.0


def test_selection_counts_anyone_ever_moved_past_the_first_stage(job):
    rejected_later, never, still_screening = add_applicants(
        job, [("female", "white", 50.0, True), ("female", "white", 50.0, False), ("male", "white", 50.0, True)]
    )
    # Screened, then rejected: was selected for screening all the same.
    Application.objects.filter(pk=rejected_later.pk).update(stage=Application.Stage.REJECTED)
    StageChange.objects.create(application=rejected_later, from_stage="screening", to_stage="rejected")
    # Rejected straight from new: not selected.
    Application.objects.filter(pk=never.pk).update(stage=Application.Stage.REJECTED)
    StageChange.objects.create(application=never, from_stage="new", to_stage="rejected")
    rows = {r.category: r for r in selectors.job_bias_audit(job=job).result.dimension("sex")}
    assert (rows["female"].count, rows["female"].selection.hits) == (2, 1)
    assert rows["male"].selection.rate == 1.0


def test_date_range_version_and_who_is_left_out(job):
    v1 = job.profile.published_version
    add_applicants(job, [("female", "asian", 10.0, False)] * 3, applied=now_minus(40))
    add_applicants(job, [("male", "asian", 90.0, False)] * 2, applied=now_minus(5))
    add_applicants(job, [("female", "black", None, False)], applied=now_minus(5))  # not scored (say, unreadable)
    add_applicants(job, [("male", "black", None, False)], applied=now_minus(5), human_review=True)
    today = timezone.localdate()
    recent = selectors.job_bias_audit(job=job, since=today - datetime.timedelta(days=10), until=today)
    assert recent.result.applicants == 2
    assert (recent.applications, recent.human_review, recent.not_scored) == (4, 1, 1)
    older = selectors.job_bias_audit(job=job, until=today - datetime.timedelta(days=30))
    assert older.result.applicants == 3 and older.applications == 3
    # A newer version with scores for two people only; the old one can still be audited by number.
    v2 = published_version(job.profile)
    add_applicants(job, [("female", "white", 70.0, False)] * 2, version=v2)
    job.refresh_from_db()
    assert selectors.job_bias_audit(job=job).result.applicants == 2
    assert selectors.job_bias_audit(job=job, version=v1).result.applicants == 5
    versions = {v.number: v.scored for v in selectors.audit_versions(job=job)}
    assert versions == {2: 2, 1: 5}


def test_another_jobs_applicants_are_not_counted(job):
    other = JobFactory(profile=job.profile)
    add_applicants(job, [("female", "asian", 10.0, False)])
    add_applicants(other, [("male", "asian", 10.0, False)] * 5)
    assert selectors.job_bias_audit(job=job).result.applicants == 1


def test_no_published_version_means_nothing_to_audit():
    job = JobFactory()
    audit = selectors.job_bias_audit(job=job)
    assert audit.version is None and audit.result.applicants == 0 and audit.result.median_score is None


def test_while_a_re_score_runs_the_audit_reads_the_scores_the_list_shows(job):
    """A newly published version has no scores until its run finishes: the audit stays on the ranked one."""
    from screening.models import Job

    ranked = job.profile.published_version
    add_applicants(job, balanced(), version=ranked)
    Job.objects.filter(pk=job.pk).update(ranked_version=ranked)
    published_version(job.profile)  # published, its run not finished: no scores under it yet
    job = Job.objects.select_related("profile__published_version", "ranked_version").get(pk=job.pk)
    audit = selectors.job_bias_audit(job=job)
    assert audit.version == ranked and audit.result.applicants == 280
