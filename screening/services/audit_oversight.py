"""The record of human oversight (models.OversightRecord): who saw which ranking and decided which stage.

Callers pass users, jobs and applications; only their ids are stored. Search words are personal data
(a recruiter may type a name), so a ranking view records whether a search was made, never its words.
"""
from __future__ import annotations

import datetime
from dataclasses import asdict
from typing import Iterable

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from screening.models import Application, Job, OversightRecord


def _user(actor: User | None):
    return actor if actor is not None and actor.is_authenticated else None


def _filters_without_words(filters) -> dict:
    if filters is None:
        return {}
    values = asdict(filters) if hasattr(filters, "__dataclass_fields__") else dict(filters)
    # the skill family is derived from `skill` through the taxonomy: the skill chosen is the record
    kept = {k: v for k, v in values.items() if k not in ("q", "skill_family") and v not in (None, "", False, ())}
    if values.get("q"):
        kept["search"] = True
    return kept


def oversight_ranking_viewed(
    *, actor: User | None, job: Job, shown: Iterable, page: int = 1, filters=None
) -> OversightRecord:
    """A page of the job's ranked list was shown: the profile version ranking it, and the applications on
    the page in their order (public ids)."""
    return OversightRecord.objects.create(
        actor=_user(actor),
        action=OversightRecord.Action.RANKING_VIEWED,
        job=job,
        profile_version_id=job.ranking_version_id,
        data={"page": page, "shown": [str(i) for i in shown], "filters": _filters_without_words(filters)},
    )


def oversight_application_viewed(
    *, actor: User | None, application: Application, score_shown: bool
) -> OversightRecord:
    job = application.job
    return OversightRecord.objects.create(
        actor=_user(actor),
        action=OversightRecord.Action.APPLICATION_VIEWED,
        job=job,
        profile_version_id=job.ranking_version_id,
        application=application,
        data={"score_shown": score_shown, "human_review": application.human_review},
    )


def oversight_queue_viewed(*, actor: User | None, job: Job, shown: Iterable) -> OversightRecord:
    return OversightRecord.objects.create(
        actor=_user(actor),
        action=OversightRecord.Action.QUEUE_VIEWED,
        job=job,
        data={"shown": [str(i) for i in shown]},
    )


def oversight_stage_decided(
    *, actor: User | None, application: Application, from_stage: str, to_stage: str
) -> OversightRecord:
    """A stage move by the team (runs inside the move's transaction, so both are stored or neither)."""
    job = application.job
    return OversightRecord.objects.create(
        actor=_user(actor),
        action=OversightRecord.Action.STAGE_DECIDED,
        job=job,
        profile_version_id=job.ranking_version_id,
        application=application,
        from_stage=from_stage,
        to_stage=to_stage,
        data={"human_review": application.human_review},
    )


def oversight_retention_days() -> int:
    return settings.SCREENING.get("OVERSIGHT_RETENTION_DAYS", 730)


@transaction.atomic
def oversight_prune(*, now: datetime.datetime | None = None) -> int:
    """Delete records older than the audit period (the daily beat task); returns how many."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=oversight_retention_days())
    deleted, _ = OversightRecord.objects.filter(at__lt=cutoff).delete()
    return deleted
