"""The daily task (Celery beat) that deletes the oversight record older than the audit period."""
from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from screening.services import audit_oversight


@shared_task(
    name="screening.tasks.oversight_prune",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=60,
    max_retries=5,
)
def oversight_prune() -> int:
    return audit_oversight.oversight_prune()
