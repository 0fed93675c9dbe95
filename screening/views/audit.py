"""The bias audit for auditors and hiring admins: per job, the tables with charts, a printable report,
CSV of the audit and of the oversight record. Counts only: no page here shows anyone's answers."""
from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from screening import fairness, selectors, services
from screening.exports import csv_text
from screening.forms.audit import AuditScopeForm
from screening.models import Job
from screening.permissions import AuthenticatedHttpRequest, auditor_required
from screening.presenters.audit import CSV_COLUMNS, audit_csv_rows, audit_tables
from screening.selectors.audit import OVERSIGHT_COLUMNS, oversight_rows


@auditor_required
@require_safe
def audit_jobs(request: AuthenticatedHttpRequest) -> HttpResponse:
    return render(request, "audit/jobs.html", {"jobs": selectors.jobs_for_audit()})


def _job(slug: str) -> Job:
    return get_object_or_404(Job.objects.select_related("profile__published_version"), slug=slug)


def _scope(request: AuthenticatedHttpRequest, job: Job) -> tuple[AuditScopeForm, dict]:
    form = AuditScopeForm(request.GET or None, job=job, versions=selectors.audit_versions(job=job))
    return form, form.scope()


def _query(scope: dict) -> str:
    params = {
        "version": scope["version"].number if scope["version"] else None,
        "since": scope["since"].isoformat() if scope["since"] else None,
        "until": scope["until"].isoformat() if scope["until"] else None,
    }
    return urlencode({k: v for k, v in params.items() if v is not None})


def _audited(request: AuthenticatedHttpRequest, job: Job, scope: dict, action: str) -> None:
    services.audit_record(
        action=action,
        object_type="job",
        object_id=job.public_id,
        actor=request.user,
        request=request,
        data={k: (v.number if k == "version" else v.isoformat()) for k, v in scope.items() if v is not None},
    )


def _context(request: AuthenticatedHttpRequest, slug: str, action: str) -> dict:
    job = _job(slug)
    form, scope = _scope(request, job)
    audit = selectors.job_bias_audit(job=job, **scope)
    _audited(request, job, scope, action)
    return {
        "job": job,
        "form": form,
        "audit": audit,
        "result": audit.result,
        "tables": audit_tables(audit.result),
        "oversight": selectors.oversight_summary(job=job, since=scope["since"], until=scope["until"]),
        "query": _query(scope),
        "four_fifths": fairness.FOUR_FIFTHS,
        "small_share_percent": round(100 * fairness.SMALL_SHARE),
        "alpha": fairness.ALPHA,
        "min_group": fairness.MIN_GROUP,
    }


@auditor_required
@require_safe
def job_audit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    return render(request, "audit/job.html", _context(request, slug, "bias_audit.viewed"))


@auditor_required
@require_safe
def audit_report(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """The same audit as a document to print or save as PDF: method, scope, tables, what it does not show."""
    return render(request, "audit/report.html", _context(request, slug, "bias_audit.report"))


def _csv_response(content: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@auditor_required
@require_safe
def audit_csv(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    job = _job(slug)
    _, scope = _scope(request, job)
    audit = selectors.job_bias_audit(job=job, **scope)
    _audited(request, job, scope, "bias_audit.exported")
    return _csv_response(
        csv_text(CSV_COLUMNS, audit_csv_rows(audit.result)),
        f"{job.slug}-bias-audit-{timezone.localdate():%Y-%m-%d}.csv",
    )


@auditor_required
@require_safe
def oversight_csv(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Who saw which ranking and decided which stage, as ids, for the date range."""
    job = _job(slug)
    _, scope = _scope(request, job)
    _audited(request, job, {**scope, "version": None}, "oversight.exported")
    rows = oversight_rows(job=job, since=scope["since"], until=scope["until"])
    return _csv_response(
        csv_text(OVERSIGHT_COLUMNS, rows), f"{job.slug}-oversight-{timezone.localdate():%Y-%m-%d}.csv"
    )
