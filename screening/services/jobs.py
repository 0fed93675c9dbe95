"""Jobs: moving a job to another competency profile, switching blind review."""
from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest

from screening.models import CompetencyProfile, Job, RescoreRun
from screening.permissions import can_change_blind_review

from .audit import audit_record
from .scores import lock_profile_scores, rescore_run_enqueue


@transaction.atomic
def job_profile_change(
    *, job: Job, profile: CompetencyProfile, actor: User | None = None, request: HttpRequest | None = None
) -> RescoreRun | None:
    """Rank the job against another profile from now on, re-scoring its applications in the background.

    The list keeps the old profile's scores until that run has finished (Job.ranked_version), and resumes
    read meanwhile are scored under both. None when the profile is the same or has no published version
    yet (its first publish scores the job).
    """
    job = Job.objects.select_for_update().select_related("profile").get(pk=job.pk)
    if job.profile_id == profile.pk:
        return None
    for profile_id in sorted({job.profile_id, profile.pk}):
        lock_profile_scores(profile_id)  # see services.scores.application_score_current
    old_profile = job.profile
    job.profile = profile
    job.save(update_fields=["profile", "updated_at"])
    audit_record(
        action="job.profile_changed",
        object_type="job",
        object_id=job.public_id,
        actor=actor,
        request=request,
        data={"from_profile": str(old_profile.public_id), "to_profile": str(profile.public_id)},
    )
    version = CompetencyProfile.objects.filter(pk=profile.pk).values_list("published_version", flat=True).first()
    if version is None:
        return None
    run = RescoreRun.objects.create(profile_version_id=version, job=job)
    rescore_run_enqueue(run_id=run.pk)
    return run


@transaction.atomic
def job_blind_review_set(*, job: Job, blind_review: bool, actor: User, request: HttpRequest | None = None) -> bool:
    """Switch blind review on or off for the job (screening.blind says what it hides); audited.

    False when it already was so. Only someone who may change jobs may switch it: whether names are
    shown is the team's decision for the whole job, not one reviewer's.
    """
    if not can_change_blind_review(actor):
        raise PermissionDenied("Only someone who may change jobs can switch blind review.")
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.blind_review == blind_review:
        return False
    job.blind_review = blind_review
    job.full_clean()
    job.save(update_fields=["blind_review", "updated_at"])
    audit_record(
        action="job.blind_review_changed",
        object_type="job",
        object_id=job.public_id,
        actor=actor,
        request=request,
        data={"blind_review": blind_review},
    )
    return True
