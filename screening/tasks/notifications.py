"""Tasks that email candidates."""
from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from screening.services import notifications


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
