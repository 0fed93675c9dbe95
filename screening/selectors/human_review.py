"""The human review queue: applications whose candidate chose a person without the automatic ranking."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.db.models import F, QuerySet

from screening.models import Application, Job

from .jobs import human_review_stage_counts


class QueueColumns(TypedDict):
    """The column `human_review_queue` adds to each application row."""

    processing_status: str | None


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    QueuedApplication = WithAnnotations[Application, QueueColumns]


def human_review_queue(*, job: Job, waiting: bool = True) -> QuerySet[QueuedApplication]:
    """Waiting (still in the first stage) in the order they arrived, first come first reviewed; or the
    ones already decided, most recent decision first. No score column: they have none."""
    qs = (
        Application.objects.filter(job=job, human_review=True, merged_at__isnull=True)
        .select_related("candidate", "current_resume")
        .annotate(processing_status=F("current_resume__status"))
    )
    if waiting:
        return qs.filter(stage=Application.Stage.NEW).order_by("created_at", "pk")
    return qs.exclude(stage=Application.Stage.NEW).order_by(F("stage_changed_at").desc(nulls_last=True), "-pk")


def human_review_counts(*, job: Job) -> tuple[int, int]:
    """(waiting, decided) applications of the job's human review queue."""
    counts = human_review_stage_counts(job=job)
    waiting = counts.get(Application.Stage.NEW, 0)
    return waiting, sum(counts.values()) - waiting
