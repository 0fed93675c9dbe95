"""The daily retention task (Celery beat): anonymise candidates whose hiring process ended long enough ago."""
from __future__ import annotations

from celery import shared_task
from django.db import InterfaceError, OperationalError

from screening import services
from screening.services import privacy


@shared_task(
    name="screening.tasks.retention_apply",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=60,
    max_retries=5,
)
def retention_apply() -> int:
    # Returns a count only: results are ignored anyway, and nothing personal ever goes back to the broker.
    return privacy.retention_apply()


@shared_task(name="screening.tasks.kept_resumes_sweep")
def kept_resumes_sweep() -> int:
    # Resume files kept for an apply form that was never sent again: personal data with no use left.
    return services.kept_resumes_sweep()
