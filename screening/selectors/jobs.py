"""Jobs as recruiters see them: with counts, stages and any re-scoring under way."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from screening.models import Application, Job, RescoreRun, Resume

from .filters import PENDING_STATUSES


def jobs_with_counts(*, open_only: bool = False) -> QuerySet[Job]:
    """Jobs with their applications counted by processing state (one grouped pass, no DISTINCT: an
    application has one current resume, so the join cannot count anyone twice)."""
    jobs = Job.objects.select_related("profile")
    if open_only:
        jobs = jobs.filter(is_open=True)
    status = "applications__current_resume__status"
    return jobs.annotate(
        applications_count=Count("applications"),
        processed_count=Count("applications", filter=Q(**{status: Resume.Status.PROCESSED})),
        pending_count=Count("applications", filter=Q(**{f"{status}__in": PENDING_STATUSES})),
        attention_count=Count(
            "applications", filter=Q(**{f"{status}__in": [Resume.Status.NEEDS_REVIEW, Resume.Status.FAILED]})
        ),
    ).order_by("-is_open", "title")


def job_for_recruiter(*, slug: str) -> QuerySet[Job]:
    return Job.objects.filter(slug=slug).select_related("profile__published_version")


def stage_counts(*, job: Job) -> dict[str, int]:
    """Applications per pipeline stage (every stage present, zeros included); served by (job, stage) index."""
    counts = dict.fromkeys(Application.Stage.values, 0)
    # COUNT(*), not COUNT(id): PostgreSQL can then answer from the (job, stage) index alone.
    rows = Application.objects.filter(job=job).order_by().values_list("stage").annotate(n=Count("*"))
    counts.update({stage: n for stage, n in rows})
    return counts


def rescore_in_progress(*, job: Job) -> RescoreRun | None:
    """A re-scoring run of the job's published version that has not finished (the ranking is moving)."""
    version_id = job.profile.published_version_id
    if version_id is None:
        return None
    return (
        RescoreRun.objects.filter(
            profile_version_id=version_id, status__in=[RescoreRun.Status.QUEUED, RescoreRun.Status.RUNNING]
        )
        .order_by("-created_at")
        .first()
    )
