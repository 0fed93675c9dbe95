"""Proof of address: status links, emailed confirmation links, and confirming what was held.

The rule: nothing one careers-page submitter can reach (a page, an export, an erasure, an email) ever
shows or changes what another submitter sent, even when both typed the same address. So:

- the first submission under an address creates the candidate, unconfirmed, and its submitter gets a
  status link to that one application (nothing of anyone else is behind it);
- any later careers-page submission under an address on file is held (HeldSubmission) and joins the
  candidate only when the address's owner confirms it from a link emailed to the address on file;
- when a candidate becomes confirmed, every status link of theirs is revoked: whoever held the first
  link (possibly not the owner) loses it, and the owner gets fresh ones by email or by confirming;
- candidate-wide export and erasure need a fresh link emailed to the address on file;
- trusted sources (operator imports, API keys) vouch for the address: never held; joining an
  unconfirmed candidate revokes that candidate's links for the same reason as above.

What someone sends under an address they do not own goes to that address's owner once they confirm:
that is the only way data crosses between submitters, and it is the sender's own choice.
"""
from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from screening.models import AddressConfirmation, Application, Candidate, HeldSubmission, StageChange, StatusLink
from screening.models.identity import new_secret, secret_digest

from screening.selectors.identity import confirmation_for_token

from .audit import audit_record

Purpose = AddressConfirmation.Purpose

# How long each emailed link works. Export and erasure act on everything at once: short, like a bank's
# confirmation codes. Confirming an application can wait for the person to find the email.
LINK_LIFETIME = {
    Purpose.ADDRESS: datetime.timedelta(days=7),
    Purpose.SUBMISSION: datetime.timedelta(days=2),
    Purpose.EXPORT: datetime.timedelta(hours=1),
    Purpose.ERASE: datetime.timedelta(hours=1),
}
# Held submissions nobody confirmed are deleted (file and all) after this long.
HELD_RETENTION = datetime.timedelta(days=7)


class LinkRefused(ValidationError):
    """The link is unknown, used, expired, or for something else; the message never says which."""


def _link_lifetime(purpose: str) -> datetime.timedelta:
    hours = settings.SCREENING.get("CONFIRM_LINK_HOURS", {}).get(purpose)
    return datetime.timedelta(hours=hours) if hours else LINK_LIFETIME[Purpose(purpose)]


def address_is_owned(candidate: Candidate) -> bool:
    """Whether the address was proved by its owner or vouched for by a trusted source."""
    return candidate.email_confirmed_at is not None


# --- Status links ------------------------------------------------------------------------------


def status_link_issue(*, application: Application) -> str:
    """A new key to the application's status page; only its hash is stored, the value is returned once."""
    token = new_secret()
    StatusLink.objects.create(application=application, token_hash=secret_digest(token))
    return token


def status_links_revoke(*, applications) -> int:
    """Revoke every live status link of these applications (a QuerySet or list); returns how many."""
    return StatusLink.objects.filter(application__in=applications, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )


# --- Emailed confirmation links --------------------------------------------------------------


def address_confirmation_issue(
    *,
    candidate: Candidate,
    purpose: str,
    application: Application | None = None,
    held: HeldSubmission | None = None,
) -> str:
    """A single-use link for `purpose`, expiring; only its hash is stored. Called when the email is sent."""
    token = new_secret()
    AddressConfirmation.objects.create(
        token_hash=secret_digest(token),
        purpose=purpose,
        candidate=candidate,
        application=application,
        held=held,
        expires_at=timezone.now() + _link_lifetime(purpose),
    )
    return token


def _redeem(token: str, *, purposes: tuple[str, ...]) -> AddressConfirmation:
    """Use the link once (inside the caller's transaction): a conditional UPDATE, so two clicks use it once."""
    confirmation = confirmation_for_token(token)
    if confirmation is None or confirmation.purpose not in purposes:
        raise LinkRefused("This link has expired or was already used.", code="link_refused")
    used = AddressConfirmation.objects.filter(pk=confirmation.pk, used_at__isnull=True).update(used_at=timezone.now())
    if not used:
        raise LinkRefused("This link has expired or was already used.", code="link_refused")
    return confirmation


def _locked_candidate(candidate_id: int) -> Candidate:
    candidate = Candidate.objects.select_for_update().get(pk=candidate_id)
    if candidate.erased_at or candidate.anonymised_at:
        raise LinkRefused("This link has expired or was already used.", code="link_refused")
    return candidate


def _take_ownership(candidate: Candidate) -> None:
    """The (locked) candidate's address is now owned: whoever held its earlier links loses them."""
    if address_is_owned(candidate):
        return
    status_links_revoke(applications=candidate.applications.all())
    candidate.email_confirmed_at = timezone.now()
    candidate.save(update_fields=["email_confirmed_at", "updated_at"])


@transaction.atomic
def address_confirm(*, token: str) -> tuple[Application, str]:
    """The owner confirms the address of an application from an emailed link; returns it and a new status link.

    Every earlier status link of the candidate stops working (they were shown to a browser that may
    not have been the owner's), and the application's own links rotate even when it was confirmed before.
    """
    confirmation = _redeem(token, purposes=(Purpose.ADDRESS,))
    candidate = _locked_candidate(confirmation.candidate_id)
    _take_ownership(candidate)
    if confirmation.application_id is None:  # an address link names the application it was sent for
        raise LinkRefused("This link has expired or was already used.", code="link_refused")
    application = Application.objects.select_for_update().get(pk=confirmation.application_id)
    status_links_revoke(applications=[application])
    audit_record(
        action="candidate.address_confirmed", object_type="candidate", object_id=candidate.public_id,
        actor_kind="candidate",
    )
    return application, status_link_issue(application=application)


@sensitive_variables()
@transaction.atomic
def held_submission_confirm(*, token: str) -> tuple[Application, str]:
    """The owner confirms a held submission: it joins the candidate now, as an application to its job.

    It then does what a submission by the owner does: the name and phone become current, the resume
    becomes a new current version (read and scored as usual), a withdrawn application reopens.
    Returns the application and a new status link (its earlier links are revoked).
    """
    from .applications import resume_add
    from .human_review import _take_out_of_ranking

    confirmation = _redeem(token, purposes=(Purpose.SUBMISSION,))
    candidate = _locked_candidate(confirmation.candidate_id)
    if confirmation.held_id is None:  # a submission link names the held submission it was sent for
        raise LinkRefused("This link has expired or was already used.", code="link_refused")
    held = HeldSubmission.objects.select_for_update().get(pk=confirmation.held_id)
    if held.confirmed_at is not None:
        raise LinkRefused("This link has expired or was already used.", code="link_refused")
    if not held.job.is_open:  # closed since it was sent: as the apply form would answer now
        raise ValidationError("This job is no longer accepting applications.", code="closed")
    _take_ownership(candidate)
    now = timezone.now()
    candidate.name = held.name
    if held.phone:
        candidate.phone = held.phone
    candidate.legal_basis = Candidate.LegalBasis.CONSENT
    candidate.consent_version = held.consent_version
    candidate.consent_at = now
    candidate.name_from_form = True
    candidate.full_clean()
    candidate.save()

    application, created = Application.objects.select_for_update().get_or_create(
        candidate=candidate, job=held.job, defaults={"source": Application.Source.WEB}
    )
    if not created and application.stage == Application.Stage.WITHDRAWN:
        StageChange.objects.create(
            application=application, from_stage=application.stage, to_stage=Application.Stage.NEW, by_candidate=True
        )
        application.stage = Application.Stage.NEW
        application.stage_changed_at = now
        application.save(update_fields=["stage", "stage_changed_at", "updated_at"])
    # The notice the person was shown when they submitted, not whatever is current when they confirm.
    application.notice_version = held.notice_version
    application.save(update_fields=["notice_version", "updated_at"])
    if held.human_review and not application.human_review:
        _take_out_of_ranking(application)

    with held.file.open("rb") as stored:
        data = stored.read()
    resume = resume_add(application=application, resume_name=held.original_name, resume_data=data, kind=held.kind)
    _held_forget(held, confirmed_at=now)
    status_links_revoke(applications=[application])
    audit_record(
        action="application.submitted" if created else "application.resubmitted",
        object_type="application",
        object_id=application.public_id,
        actor_kind="candidate",
        data={"resume_version": resume.version, "source": Application.Source.WEB, "confirmed": True},
    )
    return application, status_link_issue(application=application)


def _held_forget(held: HeldSubmission, *, confirmed_at: datetime.datetime | None = None) -> None:
    """Drop the held copy's file and what was typed; the row stays as a record that it was confirmed."""
    if held.file and held.file.name:
        held.file.storage.delete(held.file.name)
    HeldSubmission.objects.filter(pk=held.pk).update(
        name="", phone="", file="", confirmed_at=confirmed_at, updated_at=timezone.now()
    )


def held_submissions_erase(*, candidate: Candidate) -> int:
    """Delete every held submission under a candidate, files first (erasure, anonymisation)."""
    held = list(HeldSubmission.objects.select_for_update().filter(candidate=candidate))
    for row in held:
        if row.file and row.file.name:
            row.file.storage.delete(row.file.name)
    HeldSubmission.objects.filter(pk__in=[row.pk for row in held]).delete()
    AddressConfirmation.objects.filter(candidate=candidate).delete()
    return len(held)


def held_submissions_purge(*, now: datetime.datetime | None = None) -> int:
    """Delete held submissions nobody confirmed within HELD_RETENTION (the daily retention task)."""
    cutoff = (now or timezone.now()) - HELD_RETENTION
    done = 0
    for pk in HeldSubmission.objects.filter(confirmed_at__isnull=True, created_at__lt=cutoff).values_list("pk", flat=True):
        with transaction.atomic():
            held = HeldSubmission.objects.select_for_update().filter(pk=pk, confirmed_at__isnull=True).first()
            if held is None:
                continue
            if held.file and held.file.name:
                held.file.storage.delete(held.file.name)
            held.delete()
            done += 1
    return done


# --- Candidate-wide export and erasure ------------------------------------------------------------


def candidate_data_request(*, application: Application, purpose: str) -> None:
    """Email the address on file a link to export or erase everything (asked from one status page)."""
    from .notifications import candidate_email_enqueue

    if purpose not in (Purpose.EXPORT, Purpose.ERASE):
        raise ValueError(f"not a candidate-wide request: {purpose!r}")
    candidate = application.candidate
    if candidate.erased_at or candidate.anonymised_at:
        raise ValidationError("This application's data has been erased.", code="erased")
    candidate_email_enqueue(application=application, kind=f"confirm_{purpose}")


@sensitive_variables()
@transaction.atomic
def candidate_export_confirm(*, token: str) -> dict[str, Any]:
    """Everything about the candidate, for whoever holds a fresh export link emailed to the address on file."""
    from .subject_access import candidate_export

    confirmation = _redeem(token, purposes=(Purpose.EXPORT,))
    candidate = _locked_candidate(confirmation.candidate_id)
    return candidate_export(candidate=candidate, actor_kind="candidate")


@transaction.atomic
def candidate_erase_confirm(*, token: str):
    """Erase the candidate, for whoever holds a fresh erasure link emailed to the address on file."""
    from .privacy import candidate_erase

    confirmation = _redeem(token, purposes=(Purpose.ERASE,))
    candidate = _locked_candidate(confirmation.candidate_id)
    return candidate_erase(candidate=candidate, actor_kind="candidate")
