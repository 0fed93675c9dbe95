"""The job's corrections queue: what candidates said we read wrongly, and the team's answers to them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from screening import selectors, services
from screening.blind import candidate_label, is_blind
from screening.forms.recruiter import CorrectionAnswerForm
from screening.models import CorrectionRequest
from screening.permissions import AuthenticatedHttpRequest, recruiter_required

from .common import _job

QUEUE_LIMIT = 200


@recruiter_required
@require_GET
def correction_queue(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    job = _job(slug)
    state = request.GET.get("state", "")
    state = state if state in CorrectionRequest.State.values else ""
    corrections = list(selectors.correction_queue(job=job, state=state)[: QUEUE_LIMIT + 1])
    more = len(corrections) > QUEUE_LIMIT
    rows = []
    for correction in corrections[:QUEUE_LIMIT]:
        application = correction.application
        application.job = job
        rows.append(
            {
                "correction": correction,
                "application": application,
                "label": candidate_label(application),
                # The candidate's own words may say who they are: hidden while the review is blind.
                "blind": is_blind(application),
                "form": CorrectionAnswerForm(initial={"state": correction.state, "reply": correction.reply}),
            }
        )
    counts = selectors.correction_counts(job=job)
    tabs = [{"value": "", "label": "Waiting", "count": sum(counts[s] for s in CorrectionRequest.WAITING_STATES)}] + [
        {"value": value, "label": label, "count": counts[value]} for value, label in CorrectionRequest.State.choices
    ]
    return render(
        request,
        "recruiter/corrections.html",
        {"job": job, "rows": rows, "state": state, "tabs": tabs, "more": more, "corrections_waiting": tabs[0]["count"]},
    )


@recruiter_required
@require_POST
def correction_answer(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    job = _job(slug)
    pk = request.POST.get("correction", "")
    correction = get_object_or_404(CorrectionRequest, pk=int(pk) if pk.isdigit() else 0, application__job=job)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = ""
    back = back or reverse("recruiter:corrections", args=[job.slug])
    form = CorrectionAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, str(next(iter(form.errors.values()))[0]))
        return redirect(back)
    try:
        services.correction_answer(
            correction=correction,
            actor=request.user,
            state=form.cleaned_data["state"],
            reply=form.cleaned_data["reply"],
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        label = CorrectionRequest.State(form.cleaned_data["state"]).label.lower()
        told = " The candidate sees your reply on their status page." if form.cleaned_data["reply"] else ""
        messages.success(request, f"Correction marked {label}.{told}")
    return redirect(back)
