"""One application: its score, pipeline history, notes, ratings and the candidate's corrections."""

from __future__ import annotations

from typing import Iterable

from django.db.models import Avg, Count, QuerySet

from screening.models import Application, CorrectionRequest, Job, Note, Rating, Score, StageChange


def application_for_recruiter(*, job: Job, public_id) -> QuerySet[Application]:
    return Application.objects.filter(job=job, public_id=public_id).select_related(
        "candidate", "job__profile__published_version", "current_resume__parse"
    )


def application_by_public_id(*, public_id) -> QuerySet[Application]:
    """One application by its public id whatever its job (the API's URLs carry no job)."""
    return Application.objects.filter(public_id=public_id).select_related(
        "candidate", "job__profile__published_version", "current_resume__parse"
    )


def score_for(*, application: Application) -> Score | None:
    """The application's score under its job's published profile version, with the parse it was made from."""
    version_id = application.job.profile.published_version_id
    if version_id is None:
        return None
    return (
        Score.objects.filter(application=application, profile_version_id=version_id)
        .select_related("profile_version", "parse")
        .first()
    )


def scores_for(*, applications: Iterable[Application]) -> QuerySet[Score]:
    """Scores of several applications of one job under its published version (for the comparison)."""
    applications = list(applications)
    if not applications:
        return Score.objects.none()
    version_id = applications[0].job.profile.published_version_id
    return Score.objects.filter(application__in=applications, profile_version_id=version_id).select_related(
        "profile_version"
    )


def rating_summaries(*, application_ids: Iterable[int]) -> dict[int, tuple[float, int]]:
    """Average stars and number of ratings per application id (applications nobody rated are absent)."""
    rows = (
        Rating.objects.filter(application_id__in=list(application_ids))
        .order_by()
        .values_list("application_id")
        .annotate(average=Avg("stars"), count=Count("pk"))
    )
    return {app_id: (average, count) for app_id, average, count in rows}


def stage_history(*, application: Application) -> QuerySet[StageChange]:
    return application.stage_changes.select_related("actor").order_by("-at", "-id")


def notes_for(*, application: Application) -> QuerySet[Note]:
    return application.notes.select_related("author").order_by("-created_at", "-id")


def ratings_for(*, application: Application) -> QuerySet[Rating]:
    return application.ratings.select_related("author").order_by("author__username")


def corrections_for(*, application: Application) -> QuerySet[CorrectionRequest]:
    return application.corrections.order_by("-created_at")
