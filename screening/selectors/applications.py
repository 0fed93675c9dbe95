"""One application: its score, pipeline history, notes, ratings and the candidate's corrections."""

from __future__ import annotations

from typing import Iterable

from django.db.models import Avg, Count, QuerySet

from screening.models import (
    Application,
    CompetencyEvidence,
    CorrectionRequest,
    Job,
    Note,
    Rating,
    Score,
    StageChange,
)

# What a comparison column reads of a parse: its figures, not its text (read only to match a new signature).
PARSE_BULK_FIELDS = ("text", "facts", "blind_text", "search_vector", "blind_search_vector")


def application_for_recruiter(*, job: Job, public_id) -> QuerySet[Application]:
    return Application.objects.filter(job=job, public_id=public_id).select_related(
        "candidate", "job__profile__published_version", "job__ranked_version", "current_resume__parse"
    )


def application_by_public_id(*, public_id) -> QuerySet[Application]:
    """One application by its public id whatever its job (the API's URLs carry no job)."""
    return Application.objects.filter(public_id=public_id).select_related(
        "candidate", "job__profile__published_version", "current_resume__parse"
    )


def score_for(*, application: Application) -> Score | None:
    """The application's score under the version its job's list ranks by (Job.ranking_version_id), with its parse."""
    version_id = application.job.ranking_version_id
    if version_id is None:
        return None
    return (
        Score.objects.filter(application=application, profile_version_id=version_id)
        .select_related("profile_version", "parse")
        .first()
    )


def scores_for(*, applications: Iterable[Application]) -> QuerySet[Score]:
    """Scores of several applications of one job under the version its list ranks by (for the comparison)."""
    applications = list(applications)
    if not applications:
        return Score.objects.none()
    version_id = applications[0].job.ranking_version_id
    return (
        Score.objects.filter(application__in=applications, profile_version_id=version_id)
        .select_related("profile_version", "parse")
        .defer(*(f"parse__{name}" for name in PARSE_BULK_FIELDS))
    )


def stored_evidence(*, scores: Iterable[Score]) -> dict[int, CompetencyEvidence]:
    """The stored match of each score's parse under its version's signature, by parse id, in one query
    (a parse matched under no stored signature yet is absent: `breakdown_for` then matches it)."""
    pairs = {(s.parse_id, s.profile_version.match_signature) for s in scores if s.parse_id}
    if not pairs:
        return {}
    found = CompetencyEvidence.objects.filter(
        parse_id__in={p for p, _ in pairs}, signature__in={sig for _, sig in pairs}
    )
    return {e.parse_id: e for e in found if (e.parse_id, e.signature) in pairs}


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
    return application.corrections.select_related("resume").order_by("-created_at")
