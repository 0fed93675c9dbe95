"""Applying to a job: the candidate, the application and the resume file, stored in one transaction."""
from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.views.decorators.debug import sensitive_variables

from screening import documents
from screening.models import Application, Candidate, HeldSubmission, Job, Resume, StageChange

from .audit import audit_record
from .identity import address_is_owned, status_link_issue, status_links_revoke
from .notifications import candidate_email_enqueue, held_email_enqueue
from .resumes import resume_enqueue
from .webhooks import webhook_event_emit

logger = logging.getLogger(__name__)

ALLOWED_KINDS = ("pdf", "docx", "txt")


def display_filename(name: str) -> str:
    """A safe, short version of the user's file name, for display only (storage names are generated)."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    # Drop control characters and bidi overrides that could disguise an extension ("cv\u202efdp.exe").
    base = "".join(ch for ch in base if ch.isprintable() and not 0x202A <= ord(ch) <= 0x202E and not 0x2066 <= ord(ch) <= 0x2069)
    try:
        cleaned = get_valid_filename(base)
    except Exception:  # SuspiciousFileOperation for names like "." or ".."
        cleaned = ""
    cleaned = cleaned.lstrip(".")[:100]
    return cleaned or "resume"


def resume_size_check(size: int) -> None:
    """ValidationError for an empty file or one over the upload limit (checked before reading it)."""
    limit = settings.SCREENING["MAX_UPLOAD_BYTES"]
    if size == 0:
        raise ValidationError("The file is empty.", code="empty")
    if size > limit:
        raise ValidationError(
            f"The file is over the {limit / 1_048_576:g} MB limit. Please upload a smaller version "
            "(a PDF without large images, or a Word or plain-text file).",
            code="too_large",
        )


def resume_check(*, data: bytes, filename: str = "") -> str:
    """The file's kind if we accept it, else ValidationError with a message for the form field."""
    resume_size_check(len(data))
    try:
        kind = documents.inspect(data, filename)
    except documents.DocumentError as exc:
        raise ValidationError(str(exc), code=exc.code) from None
    if kind not in ALLOWED_KINDS:
        raise ValidationError("Please upload a PDF, Word (.docx) or plain-text file.", code="unsupported_type")
    return kind


@sensitive_variables()  # error reports show no local values: names, addresses, resume bytes
@transaction.atomic
def application_submit(
    *,
    job: Job,
    name: str,
    email: str,
    resume_name: str,
    resume_data: bytes,
    phone: str = "",
    consent: bool = False,
    source: str = Application.Source.WEB,
    trusted: bool | None = None,
    request: HttpRequest | None = None,
    human_review: bool = False,
    legal_basis: str = "",
    consent_version: str = "",
    actor: User | None = None,
) -> Application | HeldSubmission:
    """Store an application and its resume (processing starts on commit), or hold it for the address's owner.

    `trusted`: the source vouches for the address (an operator import, an API client with a key);
    by default imports and API submissions are trusted. An untrusted submission (the careers page) under an address
    already on file is held, changes nothing of that candidate, and returns a HeldSubmission: the
    address's owner is emailed a link to confirm it (services.identity). Otherwise the returned
    application carries `status_token`, the only copy of its first status link (stored hashed).
    A trusted submission under a known address adds to that candidate (a new resume version if it is
    the same job, reopening a withdrawn application); if the candidate's address was not confirmed,
    its earlier status links are revoked first, since whoever holds them may not be the address's owner.
    Addresses match with surrounding spaces ignored and case-insensitively.
    `request` is accepted for the interface's sake, but no IP address is stored for a candidate's
    action: audit events outlive erasure and must hold no personal data.
    `human_review`: the candidate asked for a person to review the application without the automatic
    ranking (services.human_review); asking again later never undoes it. Applications from the careers
    page record the version of the automated-ranking notice shown (like the consent text version).
    `source=API`: an authenticated system (`actor` is its key's user) sent the application and states the
    `legal_basis` (with `consent_version` for consent it collected); it answers for it, as an operator does
    for an import. No email is sent: the sending system talks to its candidates.
    """
    if trusted is None:
        trusted = source in (Application.Source.IMPORT, Application.Source.API)
    if not job.is_open:
        raise ValidationError("This job is no longer accepting applications.", code="closed")
    if source == Application.Source.WEB and not consent:
        raise ValidationError({"consent": "Please confirm you agree to how your data is processed."})
    if source == Application.Source.API and legal_basis not in Candidate.LegalBasis.values:
        raise ValidationError({"legal_basis": "State the legal basis for sending this person's data."})
    kind = _checked_kind(resume_data, resume_name)

    now = timezone.now()
    email = email.strip()
    candidate = Candidate.objects.select_for_update().filter(email__iexact=email).first() if email else None
    if candidate is not None and not trusted:
        return _held_submission_create(
            candidate=candidate, job=job, name=name, phone=phone, resume_name=resume_name,
            resume_data=resume_data, kind=kind, human_review=human_review,
        )
    if candidate is None:
        candidate = Candidate(email=email)
    elif not address_is_owned(candidate):
        status_links_revoke(applications=candidate.applications.all())
    if trusted and email and candidate.email_confirmed_at is None:
        candidate.email_confirmed_at = now
    candidate.name = name.strip()[:200]
    if phone:
        candidate.phone = phone.strip()[:40]
    if source == Application.Source.WEB:
        candidate.legal_basis = Candidate.LegalBasis.CONSENT
        candidate.consent_version = settings.SCREENING["CONSENT_VERSION"]
        candidate.consent_at = now
        candidate.name_from_form = True
    elif source == Application.Source.API:
        candidate.legal_basis = legal_basis
        consented = legal_basis == Candidate.LegalBasis.CONSENT
        candidate.consent_version = consent_version.strip()[:40] if consented else ""
        candidate.consent_at = now if consented else None
        candidate.name_from_form = True
    elif candidate.pk is None:
        candidate.legal_basis = Candidate.LegalBasis.OPERATOR_IMPORT
        candidate.name_from_form = False
    candidate.full_clean()
    candidate.save()

    application, created = Application.objects.select_for_update().get_or_create(
        candidate=candidate, job=job, defaults={"source": source}
    )
    if not created and application.stage == Application.Stage.WITHDRAWN:
        StageChange.objects.create(
            application=application,
            from_stage=application.stage,
            to_stage=Application.Stage.NEW,
            by_candidate=source == Application.Source.WEB,
        )
        application.stage = Application.Stage.NEW
        application.stage_changed_at = now
        application.save(update_fields=["stage", "stage_changed_at", "updated_at"])

    _record_notice_and_choice(application, source=source, human_review=human_review)

    previous_resume_id = application.current_resume_id
    resume = resume_add(application=application, resume_name=resume_name, resume_data=resume_data, kind=kind)
    same_file = resume.pk == previous_resume_id  # sent again unchanged: no new version was made
    try:
        audit_record(
            action="application.submitted" if created else "application.resubmitted",
            object_type="application",
            object_id=application.public_id,
            actor=actor,
            actor_kind="candidate" if source == Application.Source.WEB else ("user" if actor else "system"),
            data={
                "resume_version": resume.version,
                "source": source,
                "human_review": application.human_review,
                **({"same_file": True} if same_file else {}),
            },
        )
    except BaseException:
        if not same_file:
            resume.file.delete(save=False)  # the rows will not be stored, so neither is the file
        raise
    if source == Application.Source.WEB and created:
        candidate_email_enqueue(application=application, kind="received")
    application.status_token = status_link_issue(application=application)
    webhook_event_emit(
        event="application.received",
        data={
            "application": str(application.public_id),
            "job": job.slug,
            "stage": application.stage,
            "resume_version": resume.version,
            "source": source,
        },
    )
    return application


def _held_submission_create(
    *,
    candidate: Candidate,
    job: Job,
    name: str,
    phone: str,
    resume_name: str,
    resume_data: bytes,
    kind: str,
    human_review: bool,
) -> HeldSubmission:
    """Keep a submission under a known address apart, and email the address on file a link to confirm it."""
    from screening.selectors.notices import current_notice

    held = HeldSubmission(
        candidate=candidate,
        job=job,
        name=name.strip()[:200],
        phone=phone.strip()[:40],
        human_review=human_review,
        notice_version=current_notice(job=job).version,
        consent_version=settings.SCREENING["CONSENT_VERSION"],
        original_name=display_filename(resume_name),
        kind=kind,
    )
    held.file.save("resume", ContentFile(resume_data), save=False)
    try:
        held.full_clean(exclude=["file"])
        held.save()
        # Ids only: what was typed stays out of the audit log, which outlives erasure.
        audit_record(
            action="application.held", object_type="held_submission", object_id=held.public_id,
            actor_kind="candidate", data={"job": job.pk},
        )
    except BaseException:
        held.file.delete(save=False)  # the row will not be stored, so neither is the file
        raise
    held_email_enqueue(held=held)
    return held


def _record_notice_and_choice(application: Application, *, source: str, human_review: bool) -> None:
    from screening.selectors.notices import current_notice

    from .human_review import _take_out_of_ranking

    if source == Application.Source.WEB:
        application.notice_version = current_notice(job=application.job).version
        application.save(update_fields=["notice_version", "updated_at"])
    if human_review and not application.human_review:
        _take_out_of_ranking(application)


def _checked_kind(data: bytes, filename: str) -> str:
    try:
        return resume_check(data=data, filename=filename)
    except ValidationError as exc:
        raise ValidationError({"resume": exc.messages}) from None


@sensitive_variables()
def resume_add(
    *,
    application: Application,
    resume_name: str,
    resume_data: bytes,
    kind: str | None = None,
    same_file_error: bool = False,
) -> Resume:
    """Store a new resume version for an application, make it current, and queue it for reading.

    Runs inside the caller's transaction (which should hold the application row locked, as
    application_submit and resume_replace do); the file is checked first unless `kind` says the
    caller already did. The same file as the current version makes no new version: the current one is
    returned, or with `same_file_error` a ValidationError tells the person who sent it.
    """
    if kind is None:
        kind = _checked_kind(resume_data, resume_name)
    sha256 = hashlib.sha256(resume_data).hexdigest()
    current = application.current_resume if application.current_resume_id else None
    if current is not None and current.sha256 == sha256:
        # The very file that is current already: another identical version would be read and scored again
        # for nothing, and would look like a change in the application's history.
        if same_file_error:
            raise ValidationError(
                {"resume": f"This is the same file as version {current.version}, which we already have; nothing changed."},
                code="same_file",
            )
        return current
    last = application.resumes.order_by("-version").values_list("version", flat=True).first() or 0
    resume = Resume(
        application=application,
        version=last + 1,
        original_name=display_filename(resume_name),
        sha256=sha256,
        size=len(resume_data),
        kind=kind,
    )
    resume.file.save("resume", ContentFile(resume_data), save=False)
    try:
        resume.full_clean(exclude=["file"])
        resume.save()
        application.current_resume = resume
        application.save(update_fields=["current_resume", "updated_at"])
    except BaseException:
        resume.file.delete(save=False)  # the rows will not be stored, so neither is the file
        raise
    resume_enqueue(resume_id=resume.pk)
    return resume
