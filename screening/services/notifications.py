"""Emails to candidates: on receipt (with the private status link), on a new resume version, on stage changes.

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
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from screening.models import Application
from screening.status import STAGE_WORDS

logger = logging.getLogger(__name__)

KINDS = ("received", "resume_updated", "stage_changed")


class EmailDeliveryError(ConnectionError):
    """Sending failed; a ConnectionError so the task retries it. Its message holds ids only."""


def candidate_email_enqueue(*, application: Application, kind: str) -> None:
    """Send `kind` to the candidate once the current transaction commits."""
    from screening.tasks import candidate_email

    if kind not in KINDS:
        raise ValueError(f"unknown email kind {kind!r}")
    transaction.on_commit(lambda: _send_later(application.pk, kind, candidate_email))


def _send_later(application_id: int, kind: str, task) -> None:
    try:
        task.apply_async(args=[application_id, kind], retry=False)
    except Exception:  # the broker is down: an email is not worth failing the request for
        logger.exception("Could not queue %s email for application %s", kind, application_id)


def candidate_email_send(*, application_id: int, kind: str) -> bool:
    """Render and send one email; False when there is nobody to send to (erased, no address)."""
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
        "candidate": candidate,
        "stage_words": STAGE_WORDS[application.stage],
        "closed": application.stage in (Application.Stage.REJECTED, Application.Stage.WITHDRAWN),
        "status_url": settings.SITE_URL.rstrip("/") + reverse("candidate:status", args=[application.token]),
    }
    subject = " ".join(render_to_string(f"emails/{kind}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"emails/{kind}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[application.candidate.email],
    )
    message.attach_alternative(render_to_string(f"emails/{kind}.html", context), "text/html")
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused:
        # The address itself is refused (mistyped, closed): retrying will not help.
        logger.warning("%s email for application %s: recipient refused", kind, application_id)
        return False
    except (smtplib.SMTPException, OSError) as exc:
        # SMTP errors quote the recipient's address; keep only the error's type.
        raise EmailDeliveryError(
            f"{kind} email for application {application_id} not sent: {type(exc).__name__}"
        ) from None
    return True
