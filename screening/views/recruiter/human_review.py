"""The human review queue: applications whose candidate asked for a person without the automatic ranking.

They have no score and no rank; the queue lists them in the order they arrived (first come, first
reviewed) until someone decides their stage, then under "Decided".
"""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from screening import selectors, services
from screening.blind import candidate_label, is_blind
from screening.forms.recruiter import STATUS_LABELS
from screening.models import Resume
from screening.permissions import AuthenticatedHttpRequest, recruiter_required

from .common import _job

QUEUE_LIMIT = 200


@recruiter_required
@require_GET
def human_review_queue(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    job = _job(slug)
    decided = request.GET.get("show") == "decided"
    apps = list(selectors.human_review_queue(job=job, waiting=not decided)[: QUEUE_LIMIT + 1])
    more = len(apps) > QUEUE_LIMIT
    apps = apps[:QUEUE_LIMIT]
    for app in apps:
        app.job = job
    waiting, decided_count = selectors.human_review_counts(job=job)
    services.oversight_queue_viewed(actor=request.user, job=job, shown=[a.public_id for a in apps])
    rows = [
        {
            "application": app,
            "label": candidate_label(app),
            "blind": is_blind(app),
            "status": app.processing_status or Resume.Status.RECEIVED,
            "status_label": STATUS_LABELS.get(app.processing_status or Resume.Status.RECEIVED),
        }
        for app in apps
    ]
    return render(
        request,
        "recruiter/human_review.html",
        {"job": job, "rows": rows, "decided": decided, "waiting": waiting, "decided_count": decided_count, "more": more},
    )
