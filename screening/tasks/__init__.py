"""Celery tasks: thin, idempotent, ids in, one service call each. State lives in the database.

A package so each subdomain keeps its own module; names are re-exported for `screening.tasks.<name>`.
"""
from .audit import oversight_prune
from .notifications import candidate_email, held_submission_email, rejection_email, rejection_emails_sweep
from .privacy import kept_resumes_sweep, retention_apply
from .resumes import rescore_run_execute, rescore_runs_sweep, resume_process, resumes_sweep
from .webhooks import webhook_deliver, webhook_deliveries_sweep

__all__ = [
    "candidate_email",
    "held_submission_email",
    "kept_resumes_sweep",
    "oversight_prune",
    "rejection_email",
    "rejection_emails_sweep",
    "rescore_run_execute",
    "rescore_runs_sweep",
    "resume_process",
    "resumes_sweep",
    "retention_apply",
    "webhook_deliver",
    "webhook_deliveries_sweep",
]
