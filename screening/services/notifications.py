"""Emails to candidates: on receipt, on stage changes, when the team answers a correction, and the links
that confirm an address or a request.

Queued after commit as a task carrying ids only; the task renders plain-text and HTML templates
and sends through Django's email framework (console by default, SMTP from EMAIL_URL). Emails never
contain anything read from the resume. A delivery error is re-raised without the address in it,
so task logs and error reports carry ids only.
"""
from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template import TemplateDoesNotExist
from django.template.loader import get_template, render_to_string
from django.urls import reverse

from screening.models import Application, HeldSubmission, RejectionEmail
from screening.status import STAGE_WORDS

from . import identity
from .queueing import send_after_commit

logger = logging.getLogger(__name__)

# Kinds sent about an application. "received", "stage_changed" and "correction_answered" carry a status
# link when the candidate's address is owned (confirmed, or vouched for by a trusted source), else a link
# to confirm it and nothing the submitter typed; "confirm_export" and "confirm_erase" carry a single-use
# link. "correction_answered" only says that the team answered: the reply itself is on the status page.
KINDS = ("received", "stage_changed", "correction_answered", "confirm_export", "confirm_erase")


class EmailDeliveryError(ConnectionError):
    """Sending failed; a ConnectionError so the task retries it. Its message holds ids only."""


def candidate_email_enqueue(*, application: Application, kind: str) -> None:
    """Send `kind` to the candidate once the current transaction commits."""
    from screening.tasks import candidate_email

    if kind not in KINDS:
        raise ValueError(f"unknown email kind {kind!r}")
    send_after_commit(candidate_email, application.pk, args=(kind,), what=f"{kind} email for application", then="not sent")


def held_email_enqueue(*, held: HeldSubmission) -> None:
    """Ask the address on file to confirm a held submission, once the current transaction commits."""
    from screening.tasks import held_submission_email

    send_after_commit(held_submission_email, held.pk, what="email for held submission", then="not sent")


def _url(name: str, token: str) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=[token])


def candidate_email_send(*, application_id: int, kind: str, rejection_email: str = RejectionEmail.STANDARD) -> bool:
    """Render and send one email; False when there is nobody to send to (erased, no address).

    A rejection says it with the `rejection_email` message the team chose (RejectionEmail), one of the
    fixed texts in templates/emails/rejection/. An unowned address gets the one neutral unconfirmed text
    whatever was chosen: until the reader proves the address is theirs, they may not be the applicant,
    and "after your interview" or "keep in touch" would tell a stranger more about someone's application.

    Links are minted here, when the email is written: only their hashes are stored, so this is the
    one moment their values exist (a retried send mints another; the unused one expires).
    """
    application = (
        Application.objects.select_related("candidate", "job").filter(pk=application_id).first()
    )
    if application is None:
        return False
    candidate = application.candidate
    if not candidate.email or candidate.erased_at or candidate.anonymised_at:
        return False
    if kind == "stage_changed" and application.stage == Application.Stage.NEW:
        return False  # a reopened application: the candidate already had a receipt for it
    context = {
        "application": application,
        "job": application.job,
        "stage_words": STAGE_WORDS[application.stage],
        "closed": application.stage in (Application.Stage.REJECTED, Application.Stage.WITHDRAWN),
    }
    template = kind
    if kind in ("confirm_export", "confirm_erase"):
        purpose = kind.removeprefix("confirm_")
        token = identity.address_confirmation_issue(candidate=candidate, purpose=purpose, application=application)
        context.update(confirm_url=_url("candidate:confirm", token), hours=_hours(purpose))
    elif identity.address_is_owned(candidate):
        message = RejectionEmail(rejection_email)  # a fixed list: a template name never comes from input
        context.update(
            rejection_txt=f"emails/rejection/{message.value}.txt",
            rejection_html=f"emails/rejection/{message.value}.html",
            candidate=candidate,
            status_url=_url("candidate:status", identity.status_link_issue(application=application)),
        )
    else:
        # Whoever typed this address may not own it: a fixed text, nothing they typed, and no way in
        # to their application for the reader but by confirming (which locks the typist's link out).
        template = f"{kind}_unconfirmed"
        purpose = identity.Purpose.ADDRESS
        token = identity.address_confirmation_issue(candidate=candidate, purpose=purpose, application=application)
        context.update(confirm_url=_url("candidate:confirm", token), hours=_hours(purpose))
    return _send(template, context, to=candidate.email, what=f"{kind} email for application {application_id}")


def held_email_send(*, held_id: int) -> bool:
    """Ask the address on file to confirm a held submission; a fixed text with a single-use link."""
    held = HeldSubmission.objects.select_related("candidate", "job").filter(pk=held_id, confirmed_at__isnull=True).first()
    if held is None:
        return False
    candidate = held.candidate
    if not candidate.email or candidate.erased_at or candidate.anonymised_at:
        return False
    purpose = identity.Purpose.SUBMISSION
    token = identity.address_confirmation_issue(candidate=candidate, purpose=purpose, held=held)
    context = {"job": held.job, "confirm_url": _url("candidate:confirm", token), "hours": _hours(purpose)}
    return _send("held", context, to=candidate.email, what=f"held submission {held_id} email")


def _hours(purpose: str) -> int:
    return int(identity._link_lifetime(purpose).total_seconds() // 3600)


def _send(template: str, context: dict, *, to: str, what: str) -> bool:
    subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
    body = render_to_string(f"emails/{template}.txt", context)
    message = EmailMultiAlternatives(subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=[to])
    html = f"emails/{template}.html"
    try:
        get_template(html)
    except TemplateDoesNotExist:
        html = "emails/_plain.html"  # the fixed texts: their plain version, escaped, as HTML
    message.attach_alternative(render_to_string(html, {**context, "body": body}), "text/html")
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused:
        # The address itself is refused (mistyped, closed): retrying will not help.
        logger.warning("%s: recipient refused", what)
        return False
    except (smtplib.SMTPException, OSError) as exc:
        # SMTP errors quote the recipient's address; keep only the error's type.
        raise EmailDeliveryError(f"{what} not sent: {type(exc).__name__}") from None
    return True
