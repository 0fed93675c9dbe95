"""Tasks that email candidates."""
from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from screening.services import notifications, pipeline


@shared_task(
    name="screening.tasks.candidate_email",
    autoretry_for=(OperationalError, InterfaceError, ConnectionError, TimeoutError),
    retry_backoff=5,
    max_retries=8,
)
def candidate_email(application_id: int, kind: str) -> bool:
    return notifications.candidate_email_send(application_id=application_id, kind=kind)


@shared_task(
    name="screening.tasks.held_submission_email",
    autoretry_for=(OperationalError, InterfaceError, ConnectionError, TimeoutError),
    retry_backoff=5,
    max_retries=8,
)
def held_submission_email(held_id: int) -> bool:
    return notifications.held_email_send(held_id=held_id)


@shared_task(
    name="screening.tasks.rejection_email",
    autoretry_for=(OperationalError, InterfaceError, ConnectionError, TimeoutError),
    retry_backoff=5,
    max_retries=8,
)
def rejection_email(stage_change_id: int) -> bool:
    """Sent only once the rejection's undo window has passed and if it was not undone (the row says)."""
    return pipeline.rejection_email_send(stage_change_id=stage_change_id)


@shared_task(name="screening.tasks.rejection_emails_sweep", autoretry_for=(OperationalError,), max_retries=3)
def rejection_emails_sweep() -> int:
    return len(pipeline.rejection_emails_sweep())
