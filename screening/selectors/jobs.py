"""Jobs as recruiters see them: with counts, stages and any re-scoring under way."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from screening.models import Application, CorrectionRequest, Job, RescoreRun, Resume

from .filters import PENDING_STATUSES


def jobs_with_counts(*, open_only: bool = False) -> QuerySet[Job]:
    """Jobs with their applications counted by processing state (one grouped pass, no DISTINCT: an
    application has one current resume, so the join cannot count anyone twice), and the candidates'
    corrections waiting for the team (a subquery each, so that join cannot multiply the counts).

    An application merged into another is in none of the counts (it is the same person, counted as the
    application they joined), so processed, in progress, need attention and erased add up to the total.
    """
    jobs = Job.objects.select_related("profile")
    if open_only:
        jobs = jobs.filter(is_open=True)
    status = "applications__current_resume__status"
    counted = Q(applications__merged_at__isnull=True)
    waiting = CorrectionRequest.objects.filter(
        application__job=OuterRef("pk"), state__in=CorrectionRequest.WAITING_STATES
    )
    return jobs.annotate(
        applications_count=Count("applications", filter=counted),
        processed_count=Count("applications", filter=counted & Q(**{status: Resume.Status.PROCESSED})),
        pending_count=Count("applications", filter=counted & Q(**{f"{status}__in": PENDING_STATUSES})),
        attention_count=Count(
            "applications",
            filter=counted & Q(**{f"{status}__in": [Resume.Status.NEEDS_REVIEW, Resume.Status.FAILED]}),
        ),
        # erased: the resume is gone with the candidate's data, so it is in none of the states above
        erased_count=Count("applications", filter=counted & Q(applications__current_resume__isnull=True)),
        human_review_waiting=Count(
            "applications",
            filter=counted & Q(applications__human_review=True, applications__stage=Application.Stage.NEW),
        ),
        merged_count=Count("applications", filter=Q(applications__merged_at__isnull=False)),
        corrections_waiting=Coalesce(
            Subquery(waiting.order_by().values("application__job").annotate(n=Count("*")).values("n")[:1]),
            0,
        ),
    ).order_by("-is_open", "title")


def job_for_recruiter(*, slug: str) -> QuerySet[Job]:
    return Job.objects.filter(slug=slug).select_related("profile__published_version", "ranked_version")


def stage_counts(*, job: Job, human_review: dict[str, int] | None = None) -> dict[str, int]:
    """Ranked applications per pipeline stage (every stage present, zeros included); served by (job, stage) index.

    Applications left to human review are not in the ranked list, so not in its counts: they are counted
    from their own small partial index and subtracted, which keeps the big count index-only (a caller that
    has already counted them, as `human_review_stage_counts`, passes them in).
    """
    counts = dict.fromkeys(Application.Stage.values, 0)
    # COUNT(*), not COUNT(id): PostgreSQL can then answer from the (job, stage) index alone.
    rows = (
        Application.objects.filter(job=job, merged_at__isnull=True).order_by().values_list("stage").annotate(n=Count("*"))
    )
    counts.update({stage: n for stage, n in rows})
    if human_review is None:
        human_review = human_review_stage_counts(job=job)
    for stage, n in human_review.items():
        counts[stage] -= n
    return counts


def human_review_stage_counts(*, job: Job) -> dict[str, int]:
    """Applications waiting for or given a human review without the ranking, per stage (stages with any)."""
    rows = (
        Application.objects.filter(job=job, human_review=True, merged_at__isnull=True)
        .order_by()
        .values_list("stage")
        .annotate(n=Count("*"))
    )
    return dict(rows)


def rescore_in_progress(*, job: Job) -> RescoreRun | None:
    """A re-scoring run that will move the job's list to another version and has not finished (the list
    shows the previous version's scores meanwhile): a publish of its profile, or its move to this profile."""
    return (
        RescoreRun.objects.filter(
            Q(job=job) | Q(job__isnull=True, profile_version__profile_id=job.profile_id),
            status__in=[RescoreRun.Status.QUEUED, RescoreRun.Status.RUNNING],
        )
        .order_by("-created_at")
        .first()
    )
