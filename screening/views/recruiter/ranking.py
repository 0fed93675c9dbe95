"""The recruiter's jobs and each job's ranked list, with live status rows and bulk actions."""

from __future__ import annotations

import uuid
from datetime import date
from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from screening import selectors, services, stages
from screening.blind import HIDDEN_DESCRIPTION, candidate_label, is_blind
from screening.forms.recruiter import SORT_LABELS, STATUS_LABELS, BlindReviewForm, BulkActionForm, RankingFilterForm
from screening.models import Application, CorrectionRequest, Job, RejectionReason, Resume
from screening.permissions import AuthenticatedHttpRequest, can_change_blind_review, recruiter_required
from screening.presenters import (
    RankingRow,
    Standing,
    bars_svg,
    category_bars,
    competency_names,
    standing,
    strongest_evidence,
)

from . import common
from .common import _job, _page_number, _query, _filters, _skill_problem, _spec

if TYPE_CHECKING:
    from screening.selectors.filters import ScoredApplication

# Counting every match of a broad filter on a big job is the slow part of the list; past this budget
# the page shows without the total and the browser asks for it separately (ranking_count).
COUNT_BUDGET_MS = 40
COUNT_LIMIT_MS = 10_000
LIVE_ROWS_MAX = 100


@recruiter_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "recruiter/home.html", {"jobs": selectors.jobs_with_counts()})


# --- The ranked list -----------------------------------------------------------------------------


def _skill_options(spec) -> list[str]:
    """Names of the skills the job's profile looks for: suggestions for the "has skill" box."""
    if spec is None:
        return []
    taxonomy = services.current_taxonomy()
    names = {taxonomy[s].name for c in spec.competencies for s in c.skills if s in taxonomy}
    return sorted(names, key=str.lower)


def _standing(app: ScoredApplication, distribution: selectors.ScoreDistribution) -> Standing | None:
    if app.score_total is None:
        return None
    return standing(
        total=app.score_total,
        must_haves_met=bool(app.score_must_haves_met),
        higher=distribution.higher.get(app.score_total, 0),
        scored=distribution.scored,
        top=distribution.top,
    )


def _row(
    app: ScoredApplication,
    spec,
    rank: int | None,
    rating: tuple[float, int] | None,
    url: str,
    distribution: selectors.ScoreDistribution,
    evidence: dict[int, dict],
    markers: tuple[set[int], set[int]] = (set(), set()),
) -> RankingRow:
    scored = app.score_total is not None
    status = app.processing_status or Resume.Status.RECEIVED
    blind = is_blind(app)
    return RankingRow(
        public_id=str(app.public_id),
        rank=rank,
        label=candidate_label(app),
        url=url,
        applied=app.created_at,
        blind=blind,
        erased=app.candidate.erased_at is not None or app.candidate.anonymised_at is not None,
        score=app.score_total,
        must_haves_met=app.score_must_haves_met if scored else None,
        missing=tuple(competency_names(app.score_missing or [], spec)) if scored else (),
        evidence=tuple(
            strongest_evidence(app.score_points, spec, evidence.get(app.score_parse_id or 0), quotes=not blind)
        )
        if scored
        else (),
        bars=bars_svg(category_bars(app.score_points, spec)) if spec and scored else mark_safe(""),
        rating=rating,
        stage=app.stage,
        stage_label=app.get_stage_display(),
        status=status,
        status_label=STATUS_LABELS.get(status, status),
        pending=status in selectors.PENDING_STATUSES,
        correction_waiting=app.pk in markers[0],
        possible_duplicate=app.pk in markers[1],
        standing=_standing(app, distribution),
    )


def _rows(job: Job, apps: list[ScoredApplication], first_rank: int | None, query: str) -> list[RankingRow]:
    """The list's rows (data and their HTML); with ranks, each links to the candidate in the list's context."""
    spec = _spec(job)
    ratings = selectors.rating_summaries(application_ids=[a.pk for a in apps])
    markers = selectors.list_markers(job=job, application_ids=[a.pk for a in apps])
    # Each score read against the whole job (one query), and the sentences behind the strongest points (one more).
    distribution = selectors.score_distribution(job=job, totals=[a.score_total for a in apps])
    evidence = selectors.evidence_by_parse(job=job, parse_ids=[a.score_parse_id for a in apps])
    # One reverse() for the whole page: the public id is the only part that changes.
    pattern = reverse("recruiter:application", args=[job.slug, _PLACEHOLDER])
    rows = []
    for i, app in enumerate(apps):
        rank = first_rank + i if first_rank is not None else None
        url = pattern.replace(str(_PLACEHOLDER), str(app.public_id))
        if rank is not None:
            url += "?" + (f"{query}&" if query else "") + f"pos={rank}"
        rows.append(_row(app, spec, rank, ratings.get(app.pk), url, distribution, evidence, markers))
    return rows


_PLACEHOLDER = uuid.UUID(int=0)


@recruiter_required
@require_GET
def job_ranking(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    job = _job(slug)
    form = RankingFilterForm(request.GET or None)
    filters = _filters(form, request.GET.get("skill", ""))
    # Only the human review queue's counts (a small partial index) are read here: the stage tabs'
    # counts read every application of the job, so they arrive by a follow-up request (ranking_stage_counts).
    in_review = selectors.human_review_stage_counts(job=job)
    page = selectors.ranking_page(
        job=job,
        filters=filters,
        number=_page_number(request.GET.get("page")),
        per_page=common.PAGE_SIZE,
        count_budget_ms=COUNT_BUDGET_MS,
    )
    rows = _rows(job, page.rows, page.start_index, _query(request.GET, page=None))
    services.oversight_ranking_viewed(
        actor=request.user, job=job, shown=[r.public_id for r in rows], page=page.number, filters=filters
    )
    stage_tabs = [{"value": "", "label": "All", "query": _query(request.GET, stage=None, page=None)}] + [
        {"value": value, "label": label, "query": _query(request.GET, stage=value, page=None)}
        for value, label in Application.Stage.choices
    ]
    active = [
        {"label": label, "query": _query(request.GET, **{name: None, "page": None})} for name, label in form.active()
    ]
    return render(
        request,
        "recruiter/job_ranking.html",
        {
            "job": job,
            "form": form,
            "filters": filters,
            "page": page,
            "rows": rows,
            "any_pending": any(r.pending for r in rows),
            "stage_tabs": stage_tabs,
            "active_filters": active,
            "skill_options": _skill_options(_spec(job)),
            "skill_problem": _skill_problem(request.GET.get("skill", "")),
            "rescore": selectors.rescore_in_progress(job=job),
            "bulk_form": BulkActionForm(initial={"query": _query(request.GET)}),
            "query": _query(request.GET, page=None),
            "count_query": _query(request.GET, page=None, sort=None),
            # A total left to the browser that is a stage tab's count comes with the tabs' counts.
            "count_is_stage_tab": not filters.narrows_within_stage,
            "hidden_description": HIDDEN_DESCRIPTION,
            "sort_label": SORT_LABELS.get(filters.sort, "").lower(),
            "waiting_batches": common.waiting_batches(job, request.user),
            "reason_counts": _reason_counts(job) if filters.stage == Application.Stage.REJECTED else [],
            "human_review_waiting": in_review.get(Application.Stage.NEW, 0),
            "human_review_total": sum(in_review.values()),
            "corrections_waiting": _corrections_waiting(job),
            "can_change_blind_review": can_change_blind_review(request.user),
        },
    )


def _corrections_waiting(job: Job) -> int:
    counts = selectors.correction_counts(job=job)
    return sum(counts[state] for state in CorrectionRequest.WAITING_STATES)


@recruiter_required
@require_POST
def job_blind_review(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Switch the job's blind review on or off, for those who may change jobs (audited)."""
    job = _job(slug)
    if not can_change_blind_review(request.user):
        raise PermissionDenied("Only someone who may change jobs can switch blind review.")
    form = BlindReviewForm(request.POST)
    back = reverse("recruiter:ranking", args=[job.slug])
    query = _query(QueryDict(request.POST.get("query", "")))
    back = f"{back}?{query}" if query else back
    if not form.is_valid():
        messages.error(request, "Choose whether blind review is on or off.")
        return redirect(back)
    changed = services.job_blind_review_set(
        job=job, blind_review=form.switched_on, actor=request.user, request=request
    )
    if changed and form.switched_on:
        messages.success(
            request, f"Blind review is on: {HIDDEN_DESCRIPTION} are hidden until the interview stage. Recorded in the audit log."
        )
    elif changed:
        messages.success(request, "Blind review is off: names and contact details are shown. Recorded in the audit log.")
    else:
        messages.info(request, f"Blind review was already {'on' if form.switched_on else 'off'}.")
    return redirect(back)


def _reason_counts(job: Job) -> list[tuple[str, int]]:
    """(reason, how many) of the job's rejections, most frequent first, for the Rejected tab."""
    counts = selectors.rejection_reason_counts(job=job)
    labels = dict(RejectionReason.choices)
    rows = [(labels.get(reason, "No reason recorded"), n) for reason, n in counts.items()]
    return sorted(rows, key=lambda row: (-row[1], row[0]))


@recruiter_required
@require_GET
def ranking_count(request: HttpRequest, slug: str) -> JsonResponse:
    """The exact number of matches, for a list page that was shown before counting finished."""
    job = _job(slug)
    form = RankingFilterForm(request.GET or None)
    filters = _filters(form, request.GET.get("skill", ""))
    count = selectors.ranking_count(job=job, filters=filters, budget_ms=COUNT_LIMIT_MS)
    return JsonResponse({"count": count})


@recruiter_required
@require_GET
def ranking_stage_counts(request: HttpRequest, slug: str) -> JsonResponse:
    """The stage tabs' counts of the ranked list ("" for All), fetched after the page so it never waits for them."""
    job = _job(slug)
    counts = selectors.stage_counts(job=job)
    return JsonResponse({"counts": {"": sum(counts.values()), **counts}})


@recruiter_required
@require_GET
def ranking_rows(request: HttpRequest, slug: str) -> JsonResponse:
    """Fresh rows of the list for applications whose resumes were still being read (live status)."""
    job = _job(slug)
    public_ids = []
    for raw in request.GET.getlist("ids")[:LIVE_ROWS_MAX]:
        try:
            public_ids.append(uuid.UUID(raw))
        except ValueError:
            continue
    rows = _rows(job, selectors.pending_rows(job=job, public_ids=public_ids), None, "")
    return JsonResponse(
        {
            "rows": {r.public_id: str(r.html) for r in rows},
            "pending": [r.public_id for r in rows if r.pending],
        }
    )


@recruiter_required
@require_POST
def applications_bulk(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Move, reject, export or compare the candidates ticked in the list."""
    job = _job(slug)
    form = BulkActionForm(request.POST)
    back = reverse("recruiter:ranking", args=[job.slug])
    query = _query(QueryDict(request.POST.get("query", "")))
    back = f"{back}?{query}" if query else back
    if not form.is_valid():
        if set(form.errors) == {"reason"}:  # confirmed without a reason: ask again, same candidates
            return _confirm(request, job, form, form.cleaned_data["ids"], back)
        for errors in form.errors.values():
            messages.error(request, str(errors[0]))
            break
        return redirect(back)
    action, ids = form.cleaned_data["action"], form.cleaned_data["ids"]
    if action == "compare":
        return redirect(reverse("recruiter:compare", args=[job.slug]) + "?" + urlencode([("ids", str(i)) for i in ids]))
    try:
        if action == "export":
            content = services.applications_export(
                job=job,
                applications=selectors.applications_by_public_ids(job=job, public_ids=ids),
                actor=request.user,
                request=request,
            )
            response = HttpResponse(content, content_type="text/csv; charset=utf-8")
            response["Content-Disposition"] = (
                f'attachment; filename="{job.slug}-candidates-{date.today():%Y-%m-%d}.csv"'
            )
            response["Cache-Control"] = "no-store"
            return response
        if action in ("move", "reject") and not form.cleaned_data["confirmed"]:
            return _confirm(request, job, form, ids, back)
        if action == "reject":
            moved = services.applications_reject(
                job=job,
                public_ids=ids,
                reason=form.cleaned_data["reason"],
                email_template=form.cleaned_data["email_template"],
                actor=request.user,
                request=request,
            )
            stage_label = Application.Stage.REJECTED.label
        else:
            to_stage = form.cleaned_data["to_stage"]
            moved = services.applications_move(
                job=job, public_ids=ids, to_stage=to_stage, actor=request.user, request=request
            )
            stage_label = Application.Stage(to_stage).label
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(back)
    unchanged = len(ids) - moved
    if action == "reject":
        minutes = round(services.rejection_email_delay().total_seconds() / 60)
        text = f"Rejected {moved} candidate{'s' if moved != 1 else ''}."
        if moved:
            text += f" Their emails wait {minutes} minute{'s' if minutes != 1 else ''}; until then you can undo it from the bar below."
    else:
        text = f"Moved {moved} candidate{'s' if moved != 1 else ''} to {stage_label}."
    if unchanged:
        text += (
            f" {unchanged} left as {'they were' if unchanged != 1 else 'it was'}: already there, erased, "
            "or the stage rules do not allow that move from their stage."
        )
    messages.success(request, text)
    return redirect(back)


def _confirm(
    request: AuthenticatedHttpRequest, job: Job, form: BulkActionForm, ids: list, back: str
) -> HttpResponse:
    """Ask before moving or rejecting several candidates at once (each is emailed): how many, who, and,
    for a rejection, why. Only those the stage rules let move there are counted and sent on."""
    rejecting = form.cleaned_data["action"] == "reject"
    to_stage = Application.Stage.REJECTED if rejecting else form.cleaned_data["to_stage"]
    selected = list(selectors.applications_by_public_ids(job=job, public_ids=ids).select_related("candidate"))
    movable = [a for a in selected if stages.team_may_move(a.stage, to_stage)]
    if not movable:
        messages.info(
            request,
            "None of them can be rejected: they are hired, withdrawn or rejected already."
            if rejecting
            else f"None of them can move to {Application.Stage(to_stage).label} from their stage.",
        )
        return redirect(back)
    for application in movable:
        application.job = job
    shown = 10
    minutes = round(services.rejection_email_delay().total_seconds() / 60)
    return render(
        request,
        "recruiter/confirm_bulk.html",
        {
            "job": job,
            "form": form,
            "rejecting": rejecting,
            "to_stage": to_stage,
            "to_stage_label": Application.Stage(to_stage).label,
            "count": len(movable),
            "labels": [candidate_label(a) for a in movable[:shown]],
            "more": max(0, len(movable) - shown),
            "left_out": len(selected) - len(movable),
            "ids": [str(a.public_id) for a in movable],
            "query": form.cleaned_data.get("query", ""),
            "back": back,
            "delay_minutes": minutes,
        },
        status=400 if form.cleaned_data["confirmed"] else 200,
    )


SUGGESTIONS = 12


@recruiter_required
@require_GET
def skill_suggestions(request: HttpRequest) -> JsonResponse:
    """Skills whose name or alias starts with (or holds) what was typed in the "has skill" box."""
    typed = request.GET.get("q", "")[:80]
    found = services.current_taxonomy().suggest(typed, limit=SUGGESTIONS)
    return JsonResponse({"skills": [{"id": s.id, "name": s.name} for s in found]})
