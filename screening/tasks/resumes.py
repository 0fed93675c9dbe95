"""Tasks that process resumes and re-score applications."""
from __future__ import annotations

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from screening import services

logger = logging.getLogger(__name__)

# Only infrastructure hiccups are retried (database restarting, storage timeouts); a bad file is a
# final `failed` state recorded by the service, never an exception here.
TRANSIENT = (OperationalError, InterfaceError, ConnectionError, TimeoutError, OSError)


def _lease_names(request) -> tuple[str, str]:
    """(this try's lease name, its predecessor's). A try is named by the task id and its retry count.
    Celery's retries keep the id and count up, so a retry knows its predecessor's name and resumes that
    lease; a message redelivered because its worker died keeps both, so it cannot mistake the dead try's
    lease for a predecessor's."""
    task_id, retries = request.id or "", request.retries or 0
    owner = f"{task_id}:{retries}" if task_id else ""
    return owner, f"{task_id}:{retries - 1}" if task_id and retries else ""


@shared_task(
    bind=True,
    name="screening.tasks.resume_process",
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=10,
)
def resume_process(self, resume_id: int) -> str:
    owner, resumed_from = _lease_names(self.request)
    outcome = services.resume_process(resume_id=resume_id, owner=owner, resumed_from=resumed_from)
    logger.info("resume %s: %s", resume_id, outcome)
    return outcome


@shared_task(name="screening.tasks.resumes_sweep", autoretry_for=(OperationalError,), max_retries=3)
def resumes_sweep() -> int:
    ids = services.resumes_sweep()
    for resume_id in ids:
        resume_process.apply_async(args=[resume_id])
    if ids:
        logger.info("sweep re-enqueued %d resumes", len(ids))
    return len(ids)


@shared_task(
    bind=True,
    name="screening.tasks.rescore_run_execute",
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    retry_backoff_max=60,
    retry_jitter=True,
    max_retries=10,
)
def rescore_run_execute(self, run_id: int) -> str:
    owner, resumed_from = _lease_names(self.request)
    outcome = services.rescore_run_execute(run_id=run_id, owner=owner, resumed_from=resumed_from)
    logger.info("re-score run %s: %s", run_id, outcome)
    return outcome


@shared_task(name="screening.tasks.rescore_runs_sweep", autoretry_for=(OperationalError,), max_retries=3)
def rescore_runs_sweep() -> int:
    ids = services.rescore_runs_sweep()
    for run_id in ids:
        rescore_run_execute.apply_async(args=[run_id])
    if ids:
        logger.info("sweep re-enqueued %d re-score runs", len(ids))
    return len(ids)
