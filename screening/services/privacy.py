"""The candidate's side of privacy: corrections, corrected resumes, withdrawal, erasure, retention.

The subject access export is in subject_access.py.

What erasure and anonymisation remove, and what they keep (and why):

- removed: every held (unconfirmed) submission under the address, with its file; every stored resume file (through the storage API, so S3 too), the Resume rows and with them
  the extracted text, facts, skills index and competency evidence (cascade), the scores, the voluntary
  self-identification answers, the candidate's name, email and phone, the bodies of recruiters' notes
  and the comments of correction requests;
- kept, because they identify nobody once the above is gone: the Candidate row (public id, legal basis,
  consent version, when it was erased), the Application rows (job, stage, source, dates) and their stage
  history, the note and correction rows with their bodies emptied, ratings. These are the counts a hiring
  team reports on (how many applied, how many reached interview) and they keep foreign keys valid;
- the audit log: events hold ids and non-personal details only (candidate actions store no IP address),
  and one `candidate.erased` / `candidate.anonymised` event is written with the candidate's public id.

Files are deleted inside the transaction, before it commits: if the commit then fails, the rows still
point at the (missing) files and running the erasure again finishes the job (it is idempotent), whereas
deleting after commit could leave an unreferenced file of personal data behind if the process died.
"""
from __future__ import annotations

import datetime
import logging
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from screening.models import (
    Application,
    Candidate,
    CorrectionRequest,
    Note,
    PrivacySettings,
    Resume,
    Score,
    StageChange,
)

from .applications import resume_add
from .audit import audit_record
from .audit_self_id import self_id_erase
from .identity import held_submissions_erase, held_submissions_purge
from .webhooks import webhook_stage_changed

logger = logging.getLogger(__name__)

# Stages after which the hiring process is over for the candidate; retention counts from here.
CLOSED_STAGES = (Application.Stage.REJECTED, Application.Stage.WITHDRAWN)
# Stages a candidate may withdraw from: anything still in progress.
WITHDRAWABLE_STAGES = (
    Application.Stage.NEW,
    Application.Stage.SCREENING,
    Application.Stage.INTERVIEW,
    Application.Stage.OFFER,
)
# What an erased note says in place of its body, so the team's timeline shows a note was there.
ERASED_NOTE = "(removed: the candidate's data was erased)"


@dataclass(frozen=True)
class ErasureReport:
    """Counts of what an erasure removed (no personal data: safe to log, audit and show)."""

    candidate: str  # public id
    applications: int
    resume_files: int
    resume_versions: int
    scores: int
    notes: int
    corrections: int
    already_erased: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _is_gone(candidate: Candidate) -> bool:
    return candidate.erased_at is not None or candidate.anonymised_at is not None


# --- Corrections, corrected resumes, withdrawal ---------------------------------------------


@sensitive_variables()
@transaction.atomic
def correction_request_create(
    *, application: Application, comment: str, field: str = CorrectionRequest.Field.OTHER
) -> CorrectionRequest:
    """The candidate tells us something was read wrongly from their resume; it waits in the job's corrections
    queue, tied to the resume version they were shown (the current one) and the part of it they mean."""
    if _is_gone(application.candidate):
        raise ValidationError("This application's data has been erased.", code="erased")
    correction = CorrectionRequest(
        application=application, resume_id=application.current_resume_id, field=field, comment=comment.strip()
    )
    correction.full_clean()
    correction.save()
    audit_record(
        action="correction.requested",
        object_type="application",
        object_id=application.public_id,
        actor_kind="candidate",
        data={"correction_id": correction.pk, "field": correction.field, "resume_id": correction.resume_id},
    )
    return correction


@sensitive_variables()
@transaction.atomic
def resume_replace(*, application: Application, resume_name: str, resume_data: bytes) -> Resume:
    """A corrected resume from the status page: a new version, checked exactly as on the apply form."""
    if _is_gone(application.candidate):
        raise ValidationError("This application's data has been erased.", code="erased")
    if application.stage == Application.Stage.WITHDRAWN:
        raise ValidationError("This application was withdrawn; apply again to send a new resume.", code="withdrawn")
    application = Application.objects.select_for_update().get(pk=application.pk)
    resume = resume_add(
        application=application, resume_name=resume_name, resume_data=resume_data, same_file_error=True
    )
    audit_record(
        action="resume.replaced",
        object_type="application",
        object_id=application.public_id,
        actor_kind="candidate",
        data={"resume_version": resume.version},
    )
    return resume


@transaction.atomic
def application_withdraw_by_candidate(*, application: Application) -> Application:
    """The candidate withdraws: the stage becomes `withdrawn`, recorded in the history as their own move."""
    application = Application.objects.select_for_update().select_related("candidate").get(pk=application.pk)
    if _is_gone(application.candidate):
        raise ValidationError("This application's data has been erased.", code="erased")
    if application.stage not in WITHDRAWABLE_STAGES:
        raise ValidationError("This application can no longer be withdrawn.", code="not_withdrawable")
    from_stage = application.stage
    _move_to_withdrawn(application, by_candidate=True)
    webhook_stage_changed(application=application, from_stage=from_stage)
    audit_record(
        action="application.withdrawn",
        object_type="application",
        object_id=application.public_id,
        actor_kind="candidate",
    )
    return application


def _move_to_withdrawn(application: Application, *, by_candidate: bool) -> None:
    now = timezone.now()
    StageChange.objects.create(
        application=application,
        from_stage=application.stage,
        to_stage=Application.Stage.WITHDRAWN,
        by_candidate=by_candidate,
    )
    application.stage = Application.Stage.WITHDRAWN
    application.stage_changed_at = now
    application.full_clean()
    application.save(update_fields=["stage", "stage_changed_at", "updated_at"])


# --- Erasure and anonymisation ----------------------------------------------------------------


def _strip_personal_data(candidate: Candidate, *, withdraw_by_candidate: bool) -> dict[str, int]:
    """Remove everything personal about a candidate (see the module docstring); returns counts."""
    applications = list(Application.objects.select_for_update().filter(candidate=candidate))
    # Locking the resume rows makes a worker that is reading one of them wait, then find the row gone
    # and record nothing (its final UPDATE matches no row, so it rolls back).
    resumes = list(Resume.objects.select_for_update().filter(application__candidate=candidate))
    files = 0
    for resume in resumes:
        if resume.file and resume.file.name:
            resume.file.storage.delete(resume.file.name)  # no error if it is already gone
            files += 1
    scores, _ = Score.objects.filter(application__candidate=candidate).delete()
    self_id_erase(candidate=candidate)  # the voluntary answers: never kept once the person is gone
    held_submissions_erase(candidate=candidate)  # what others sent under the address, unconfirmed: gone too
    # Parses go with their resume (cascade), and with them the skills index and the evidence.
    Resume.objects.filter(pk__in=[r.pk for r in resumes]).delete()
    notes = Note.objects.filter(application__candidate=candidate).exclude(body=ERASED_NOTE).update(body=ERASED_NOTE)
    # The team's replies go too: they may quote what the candidate wrote.
    corrections = CorrectionRequest.objects.filter(application__candidate=candidate).exclude(
        comment="", reply=""
    ).update(comment="", reply="")
    # Read again: current_resume now points at nothing (SET_NULL happened in the database).
    for application in Application.objects.filter(candidate=candidate):
        if application.stage in WITHDRAWABLE_STAGES:
            # Nobody can be progressed once their data is gone; the move stays in the stage history.
            _move_to_withdrawn(application, by_candidate=withdraw_by_candidate)
    # update(), not save(): the model requires a name, and an erased candidate has none (pages then
    # show the anonymous label). The email goes too, so the address can apply again as a new person.
    Candidate.objects.filter(pk=candidate.pk).update(name="", email="", phone="", updated_at=timezone.now())
    return {
        "applications": len(applications),
        "resume_files": files,
        "resume_versions": len(resumes),
        "scores": scores,
        "notes": notes,
        "corrections": corrections,
    }


@transaction.atomic
def candidate_erase(
    *,
    candidate: Candidate,
    actor: User | None = None,
    actor_kind: str | None = None,
    request: HttpRequest | None = None,
) -> ErasureReport:
    """Erase a candidate's personal data now (their request, an admin, or `manage.py erase_candidate`).

    Idempotent: erasing again removes anything that appeared since (nothing should) and writes no
    second audit event.
    """
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    already = candidate.erased_at is not None
    counts = _strip_personal_data(candidate, withdraw_by_candidate=actor_kind == "candidate")
    if not already:
        Candidate.objects.filter(pk=candidate.pk).update(erased_at=timezone.now())
        audit_record(
            action="candidate.erased",
            object_type="candidate",
            object_id=candidate.public_id,
            actor=actor,
            actor_kind=actor_kind,
            # A candidate's own request stores no IP address: it would be personal data kept after erasure.
            request=None if actor_kind == "candidate" else request,
            data={k: v for k, v in counts.items() if k in ("applications", "resume_versions")},
        )
    logger.info("candidate %s erased (%s)", candidate.public_id, "again" if already else "first time")
    return ErasureReport(candidate=str(candidate.public_id), already_erased=already, **counts)


@transaction.atomic
def candidate_anonymise(*, candidate: Candidate, retention_days: int) -> bool:
    """Anonymise a candidate whose hiring process ended long enough ago; False if already done."""
    candidate = Candidate.objects.select_for_update().get(pk=candidate.pk)
    if _is_gone(candidate):
        return False
    counts = _strip_personal_data(candidate, withdraw_by_candidate=False)
    Candidate.objects.filter(pk=candidate.pk).update(anonymised_at=timezone.now())
    audit_record(
        action="candidate.anonymised",
        object_type="candidate",
        object_id=candidate.public_id,
        actor_kind="system",
        data={"retention_days": retention_days, "applications": counts["applications"]},
    )
    return True


def retention_days() -> int:
    """The admin-set retention period, or the deployment's default until an admin has set one."""
    row = PrivacySettings.objects.filter(pk=1).first()
    return row.retention_days if row is not None else settings.SCREENING["RETENTION_DAYS"]


def candidates_past_retention(*, now: datetime.datetime | None = None, days: int | None = None):
    """Candidates whose every application was rejected or withdrawn more than `days` days ago."""
    now = now or timezone.now()
    days = retention_days() if days is None else days
    cutoff = now - datetime.timedelta(days=days)
    # When the stage was last changed; rows moved without a timestamp fall back to their last update.
    still_in_process = (
        Application.objects.filter(candidate=OuterRef("pk"))
        .annotate(closed_at=Coalesce("stage_changed_at", "updated_at"))
        .filter(~Q(stage__in=CLOSED_STAGES) | Q(closed_at__gt=cutoff))
    )
    return (
        Candidate.objects.filter(erased_at__isnull=True, anonymised_at__isnull=True)
        .filter(Exists(Application.objects.filter(candidate=OuterRef("pk"))))
        .filter(~Exists(still_in_process))
    )


def retention_apply(*, now: datetime.datetime | None = None) -> int:
    """Anonymise every candidate past the retention period (the daily beat task); returns how many.

    One transaction per candidate, so a failure part-way keeps the work already done.
    """
    held_submissions_purge(now=now)  # unconfirmed held submissions live days, not the retention period
    days = retention_days()
    done = 0
    for candidate in candidates_past_retention(now=now, days=days).only("pk").iterator():
        if candidate_anonymise(candidate=candidate, retention_days=days):
            done += 1
    if done:
        logger.info("retention: anonymised %d candidates (%d days)", done, days)
    return done


@transaction.atomic
def privacy_settings_update(
    *, retention_days: int, actor: User | None = None, request: HttpRequest | None = None
) -> PrivacySettings:
    """Change the retention period; the change is audited with its before and after values."""
    current = PrivacySettings.objects.select_for_update().filter(pk=1).first()
    before = current.retention_days if current is not None else settings.SCREENING["RETENTION_DAYS"]
    row = current or PrivacySettings(pk=1)
    row.retention_days = retention_days
    row.full_clean()
    row.save()
    if before != retention_days or current is None:
        audit_record(
            action="privacy.retention_changed",
            object_type="privacy_settings",
            object_id=row.pk,
            actor=actor,
            request=request,
            data={"retention_days": {"before": before, "after": retention_days}},
        )
    return row
