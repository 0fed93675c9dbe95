"""Two to four candidates side by side, competency by competency."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from screening import selectors, services
from screening.blind import candidate_label, is_blind
from screening.forms.recruiter import STATUS_LABELS, CompareForm
from screening.permissions import AuthenticatedHttpRequest, recruiter_required
from screening.presenters import compare_rows, competency_names, level_label, standing

from .common import _job, _spec


@recruiter_required
@require_GET
def applications_compare(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    job = _job(slug)
    form = CompareForm({"ids": request.GET.getlist("ids")})
    back = reverse("recruiter:ranking", args=[job.slug])
    if not form.is_valid():
        return render(
            request,
            "recruiter/compare.html",
            {"job": job, "error": form.errors["ids"][0], "back": back},
            status=400,
        )
    applications = list(selectors.applications_for_comparison(job=job, public_ids=form.cleaned_data["ids"]))
    if len(applications) < 2:
        raise Http404("These candidates are not in this job.")
    for app in applications:
        app.job = job
    scores = {s.application_id: s for s in selectors.scores_for(applications=applications)}
    evidence = selectors.stored_evidence(scores=scores.values())
    ratings = selectors.rating_summaries(application_ids=[a.pk for a in applications])
    distribution = selectors.score_distribution(job=job, totals=[s.total for s in scores.values()])
    columns, breakdowns = [], []
    for app in applications:
        score = scores.get(app.pk)
        stored = evidence.get(score.parse_id) if score and score.parse_id else None
        breakdown = services.breakdown_for(score, evidence=stored) if score else None
        breakdowns.append(breakdown)
        parse = app.current_resume.parse if app.current_resume and app.current_resume.parse_id else None
        columns.append(
            {
                "app": app,
                "label": candidate_label(app),
                "blind": is_blind(app),
                "score": score,
                "standing": standing(
                    total=score.total,
                    must_haves_met=score.must_haves_met,
                    higher=distribution.higher.get(score.total, 0),
                    scored=distribution.scored,
                    top=distribution.top,
                )
                if score
                else None,
                "missing": competency_names(score.missing_must_haves, _spec(job)) if score else [],
                "status_label": STATUS_LABELS.get(app.processing_status or "received"),
                "experience_months": parse.experience_months if parse else None,
                "education": level_label(parse.education_level) if parse else "",
                "rating": ratings.get(app.pk),
            }
        )
    services.audit_record(
        action="applications.compared",
        object_type="job",
        object_id=job.public_id,
        actor=request.user,
        request=request,
        data={"application_ids": [str(a.public_id) for a in applications]},
    )
    rows = compare_rows(breakdowns)
    return render(
        request,
        "recruiter/compare.html",
        {
            "job": job,
            "columns": columns,
            "rows": rows,
            "nobody": [r for r in rows if not r.is_category and not r.anyone],
            "back": back,
        },
    )
