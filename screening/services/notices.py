"""Admins' wording of a job's automated-ranking notice: each change is a new, numbered version."""
from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest

from screening.models import Job, JobNotice

from .audit import audit_record


@transaction.atomic
def job_notice_publish(
    *, job: Job, text: str, actor: User | None = None, request: HttpRequest | None = None
) -> JobNotice:
    """A new version of the job's notice; applications made from now on record its version."""
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": "The notice cannot be empty."})
    Job.objects.select_for_update().get(pk=job.pk)  # two admins saving at once get consecutive numbers
    number = (JobNotice.objects.filter(job=job).aggregate(last=Max("number"))["last"] or 0) + 1
    notice = JobNotice(job=job, number=number, text=text, created_by=actor if actor and actor.is_authenticated else None)
    notice.full_clean()
    notice.save()
    audit_record(
        action="job.notice_published",
        object_type="job",
        object_id=job.public_id,
        actor=actor,
        request=request,
        data={"notice_version": notice.version},
    )
    return notice
