"""Applicants made straight in the database for audit tests: scores, self-identification, selections.

Fast (bulk inserts, no resume reading): the audit reads stored scores only, whatever produced them.
"""
from __future__ import annotations

import datetime
import itertools
from typing import Iterable, Sequence

from django.utils import timezone

from screening.models import (
    Application,
    Candidate,
    CompetencyProfile,
    Job,
    ProfileVersion,
    Score,
    SelfIdentification,
    StageChange,
)

_serial = itertools.count()


def published_version(profile: CompetencyProfile, number: int | None = None) -> ProfileVersion:
    number = number or (profile.versions.count() + 1)
    version = ProfileVersion.objects.create(profile=profile, number=number, spec={}, match_signature=f"test-{number}")
    CompetencyProfile.objects.filter(pk=profile.pk).update(published_version=version)
    profile.refresh_from_db()
    return version


def add_applicants(
    job: Job,
    people: Iterable[Sequence],
    *,
    version: ProfileVersion | None = None,
    applied: datetime.datetime | None = None,
    human_review: bool = False,
) -> list[Application]:
    """One application per (sex, race_ethnicity, score, selected) tuple (the version's spec has no
    competencies, so the points are education and experience); sex/race None means no answers
    stored at all; score None means not scored; selected means moved to screening (history and stage)."""
    people = list(people)
    version = version or job.profile.published_version
    tag = next(_serial)
    candidates = Candidate.objects.bulk_create(
        [Candidate(name=f"Applicant {tag}-{i}", email=f"applicant{tag}-{i}@example.com") for i in range(len(people))]
    )
    applications = Application.objects.bulk_create(
        [
            Application(
                candidate=c,
                job=job,
                human_review=human_review,
                stage=Application.Stage.SCREENING if p[3] else Application.Stage.NEW,
            )
            for c, p in zip(candidates, people, strict=True)
        ]
    )
    applications = list(Application.objects.filter(candidate__in=candidates).order_by("pk"))
    if applied is not None:
        Application.objects.filter(pk__in=[a.pk for a in applications]).update(created_at=applied)
    Score.objects.bulk_create(
        [
            Score(application=a, profile_version=version, total=p[2], must_haves_met=True, points=[p[2], 0.0])
            for a, p in zip(applications, people, strict=True)
            if p[2] is not None and version is not None
        ]
    )
    SelfIdentification.objects.bulk_create(
        [
            SelfIdentification(application=a, sex=p[0] or "decline", race_ethnicity=p[1] or "decline")
            for a, p in zip(applications, people, strict=True)
            if p[0] is not None or p[1] is not None
        ]
    )
    StageChange.objects.bulk_create(
        [StageChange(application=a, from_stage="new", to_stage="screening") for a, p in zip(applications, people, strict=True) if p[3]]
    )
    return applications


def now_minus(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)
