"""The candidates' corrections as the team works through them: a job's queue, its counts, the list's markers."""

from __future__ import annotations

from typing import Iterable

from django.db.models import Count, Exists, OuterRef, QuerySet

from screening.models import Application, CorrectionRequest, Job

from .duplicates import has_duplicate


def correction_waiting() -> Exists:
    """For rows of applications: a correction of theirs is waiting for the team (open or in progress)."""
    return Exists(
        CorrectionRequest.objects.filter(application_id=OuterRef("pk"), state__in=CorrectionRequest.WAITING_STATES)
    )


def correction_queue(*, job: Job, state: str = "") -> QuerySet[CorrectionRequest]:
    """The job's corrections: those waiting (open, then in progress), oldest first, so the longest
    waiting is answered first; or those in one state, most recent first."""
    qs = CorrectionRequest.objects.filter(application__job=job).select_related(
        "application__candidate", "application__job", "application__merged_into", "resume", "replied_by"
    )
    if state in CorrectionRequest.State.values:
        return qs.filter(state=state).order_by("-updated_at", "-pk")
    return qs.filter(state__in=CorrectionRequest.WAITING_STATES).order_by("created_at", "pk")


def correction_counts(*, job: Job) -> dict[str, int]:
    """The job's corrections per state (every state present, zeros included)."""
    counts = dict.fromkeys(CorrectionRequest.State.values, 0)
    rows = CorrectionRequest.objects.filter(application__job=job).order_by().values_list("state").annotate(n=Count("*"))
    counts.update(dict(rows))
    return counts


def list_markers(*, job: Job, application_ids: Iterable[int]) -> tuple[set[int], set[int]]:
    """Of these applications of the job: (those with a correction waiting, those that are possible duplicates)."""
    ids = list(application_ids)
    if not ids:
        return set(), set()
    rows = list(
        Application.objects.filter(job=job, pk__in=ids)
        .annotate(waiting=correction_waiting(), duplicate=has_duplicate())
        .values_list("pk", "waiting", "duplicate")
    )
    waiting = {pk for pk, w, _ in rows if w}
    duplicates = {pk for pk, _, d in rows if d}
    return waiting, duplicates
