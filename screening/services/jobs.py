"""Jobs: moving a job to another competency profile."""
from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest

from screening.models import CompetencyProfile, Job, RescoreRun

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
