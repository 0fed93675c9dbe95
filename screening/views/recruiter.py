"""The recruiter workspace: jobs, the ranked list with its bulk actions, the candidate page, and comparison."""

from __future__ import annotations

import uuid
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST

from screening import selectors, services
from screening.blind import HIDDEN_DESCRIPTION, candidate_label, identity_spans, is_blind
from screening.forms.recruiter import (
    FILTER_PARAMS,
    SORT_LABELS,
    STATUS_LABELS,
    BulkActionForm,
    CompareForm,
    NoteForm,
    RankingFilterForm,
    RatingForm,
    StageForm,
)
from screening.models import Application, Job, Resume
from screening.nlp.facts import ResumeFacts
from screening.permissions import recruiter_required
from screening.presenters import (
    RankingRow,
    bars_svg,
    breakdown_view,
    category_bars,
    compare_rows,
    competency_names,
    level_label,
    marked_text,
    skill_rows,
    top_matches,
)
from screening.services.scores import version_spec

PAGE_SIZE = 50
# Counting every match of a broad filter on a big job is the slow part of the list; past this budget
# the page shows without the total and the browser asks for it separately (ranking_count).
COUNT_BUDGET_MS = 40
COUNT_LIMIT_MS = 10_000
LIVE_ROWS_MAX = 100
QUERY_PARAMS = FILTER_PARAMS + ("sort", "page")


def _job(slug: str) -> Job:
    return get_object_or_404(selectors.job_for_recruiter(slug=slug))


def _application(job: Job, public_id) -> Application:
    application = get_object_or_404(selectors.application_for_recruiter(job=job, public_id=public_id))
    application.job = job
    return application


def _spec(job: Job):
    version = job.profile.published_version
    return version_spec(version) if version else None


def _is_poll(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


@recruiter_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "recruiter/home.html", {"jobs": selectors.jobs_with_counts()})


# --- The ranked list ----------------------------------------------------------------------------


def _skill_id(text: str) -> str:
    """Accepts a taxonomy id or a skill's name or alias as typed in the filter box."""
    text = text.strip()
    if not text:
        return ""
    found = services.current_taxonomy().lookup(text)
    return found.id if found else text.lower()


def _skill_options(spec) -> list[str]:
    """Names of the skills the job's profile looks for: suggestions for the "has skill" box."""
    if spec is None:
        return []
    taxonomy = services.current_taxonomy()
    names = {taxonomy[s].name for c in spec.competencies for s in c.skills if s in taxonomy}
    return sorted(names, key=str.lower)


def _page_number(raw: str | None) -> int:
    try:
        return max(1, int(raw or 1))
    except ValueError:
        return 1


def _query(params: QueryDict, **changes) -> str:
    """The list's query string with only known parameters, changed as given (None removes one)."""
    kept = {k: params.get(k) for k in QUERY_PARAMS if params.get(k) not in (None, "")}
    for key, value in changes.items():
        if value is None:
            kept.pop(key, None)
        else:
            kept[key] = value
    return urlencode(kept)


def _row(app: Application, spec, rank: int | None, rating: tuple[float, int] | None, url: str) -> RankingRow:
    scored = app.score_total is not None
    status = app.processing_status or Resume.Status.RECEIVED
    return RankingRow(
        public_id=str(app.public_id),
        rank=rank,
        label=candidate_label(app),
        url=url,
        applied=app.created_at,
        blind=is_blind(app),
        erased=app.candidate.erased_at is not None or app.candidate.anonymised_at is not None,
        score=app.score_total,
        must_haves_met=app.score_must_haves_met if scored else None,
        missing=tuple(competency_names(app.score_missing or [], spec)) if scored else (),
        top=tuple(top_matches(app.score_points, spec)) if spec and scored else (),
        bars=bars_svg(category_bars(app.score_points, spec)) if spec and scored else mark_safe(""),
        rating=rating,
        stage=app.stage,
        stage_label=app.get_stage_display(),
        status=status,
        status_label=STATUS_LABELS.get(status, status),
        pending=status in selectors.PENDING_STATUSES,
    )


def _rows(job: Job, apps: list[Application], first_rank: int | None, query: str) -> list[RankingRow]:
    """The list's rows (data and their HTML); with ranks, each links to the candidate in the list's context."""
    spec = _spec(job)
    ratings = selectors.rating_summaries(application_ids=[a.pk for a in apps])
    # One reverse() for the whole page: the public id is the only part that changes.
    pattern = reverse("recruiter:application", args=[job.slug, _PLACEHOLDER])
    rows = []
    for i, app in enumerate(apps):
        rank = first_rank + i if first_rank is not None else None
        url = pattern.replace(str(_PLACEHOLDER), str(app.public_id))
        if rank is not None:
            url += "?" + (f"{query}&" if query else "") + f"pos={rank}"
        rows.append(_row(app, spec, rank, ratings.get(app.pk), url))
    return rows


_PLACEHOLDER = uuid.UUID(int=0)


@recruiter_required
@require_GET
def job_ranking(request: HttpRequest, slug: str) -> HttpResponse:
    job = _job(slug)
    form = RankingFilterForm(request.GET or None)
    filters = form.filters(skill_id=_skill_id(request.GET.get("skill", "")))
    counts = selectors.stage_counts(job=job)
    known = None
    if not filters.narrows_within_stage:  # the stage tabs have counted these already
        known = counts.get(filters.stage, 0) if filters.stage else sum(counts.values())
    page = selectors.ranking_page(
        job=job,
        filters=filters,
        number=_page_number(request.GET.get("page")),
        per_page=PAGE_SIZE,
        count_budget_ms=COUNT_BUDGET_MS,
        known_count=known,
    )
    rows = _rows(job, page.rows, page.start_index, _query(request.GET, page=None))
    stage_tabs = [
        {
            "value": "",
            "label": "All",
            "count": sum(counts.values()),
            "query": _query(request.GET, stage=None, page=None),
        }
    ] + [
        {"value": value, "label": label, "count": counts[value], "query": _query(request.GET, stage=value, page=None)}
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
            "rescore": selectors.rescore_in_progress(job=job),
            "bulk_form": BulkActionForm(initial={"query": _query(request.GET)}),
            "query": _query(request.GET, page=None),
            "count_query": _query(request.GET, page=None, sort=None),
            "hidden_description": HIDDEN_DESCRIPTION,
            "sort_label": SORT_LABELS.get(filters.sort, "").lower(),
        },
    )


@recruiter_required
@require_GET
def ranking_count(request: HttpRequest, slug: str) -> JsonResponse:
    """The exact number of matches, for a list page that was shown before counting finished."""
    job = _job(slug)
    form = RankingFilterForm(request.GET or None)
    filters = form.filters(skill_id=_skill_id(request.GET.get("skill", "")))
    count = selectors.ranking_count(job=job, filters=filters, budget_ms=COUNT_LIMIT_MS)
    return JsonResponse({"count": count})


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
def applications_bulk(request: HttpRequest, slug: str) -> HttpResponse:
    """Move, reject, export or compare the candidates ticked in the list."""
    job = _job(slug)
    form = BulkActionForm(request.POST)
    back = reverse("recruiter:ranking", args=[job.slug])
    query = _query(QueryDict(request.POST.get("query", "")))
    back = f"{back}?{query}" if query else back
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, errors[0])
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
        if action == "reject":
            moved = services.applications_reject(job=job, public_ids=ids, actor=request.user, request=request)
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
    text = f"Moved {moved} candidate{'s' if moved != 1 else ''} to {stage_label}."
    if unchanged:
        text += f" {unchanged} already there or no longer movable."
    messages.success(request, text)
    return redirect(back)


# --- One candidate ------------------------------------------------------------------------------


def _list_context(params: QueryDict) -> tuple[str, int | None]:
    """The list a candidate was opened from: its query string (filters and sort) and their position."""
    position = _page_number(params.get("pos")) if params.get("pos") else None
    return _query(params, page=None), position


def _neighbours(job: Job, application: Application, params: QueryDict) -> dict | None:
    """Previous and next candidates of the list the recruiter came from, to move through it in order."""
    query, position = _list_context(params)
    if position is None:
        return None
    form = RankingFilterForm(QueryDict(query))
    filters = form.filters(skill_id=_skill_id(form.data.get("skill", "")))
    before, after = selectors.ranking_neighbours(job=job, filters=filters, position=position, application=application)
    page = (position - 1) // PAGE_SIZE + 1
    back = _query(QueryDict(query), page=str(page) if page > 1 else None)

    def url(app: Application, pos: int) -> str:
        target = reverse("recruiter:application", args=[job.slug, app.public_id])
        return target + "?" + (f"{query}&" if query else "") + f"pos={pos}"

    return {
        "position": position,
        "query": query,
        "list_url": reverse("recruiter:ranking", args=[job.slug]) + (f"?{back}" if back else ""),
        "before": {"label": candidate_label(before), "url": url(before, position - 1)} if before else None,
        "after": {"label": candidate_label(after), "url": url(after, position + 1)} if after else None,
    }


@recruiter_required
@require_GET
def application_detail(request: HttpRequest, slug: str, public_id) -> HttpResponse:
    job = _job(slug)
    application = _application(job, public_id)
    resume = application.current_resume
    score = selectors.score_for(application=application)
    # The text shown is the one the score's evidence points into (normally the current resume's).
    parse = score.parse if score and score.parse_id else (resume.parse if resume else None)
    text = parse.text if parse else ""
    facts = ResumeFacts.from_dict(parse.facts) if parse and parse.facts else None
    blind = is_blind(application)
    masks = identity_spans(text, facts, names=[application.candidate.name]) if blind and text else []
    spec = _spec(job)
    breakdown = None
    if score is not None:
        breakdown = breakdown_view(
            services.breakdown_for(score), version_spec(score.profile_version), text, masks, hidden_evidence=blind
        )
    ratings = list(selectors.ratings_for(application=application))
    mine = next((r for r in ratings if r.author_id == request.user.pk), None)
    stage_index = Application.Stage.values.index(application.stage)
    next_stage = None
    if stage_index < Application.Stage.values.index(Application.Stage.HIRED):
        next_stage = Application.Stage(Application.Stage.values[stage_index + 1])
    if not _is_poll(request):
        services.audit_record(
            action="application.viewed",
            object_type="application",
            object_id=application.public_id,
            actor=request.user,
            request=request,
        )
    return render(
        request,
        "recruiter/application_detail.html",
        {
            "job": job,
            "application": application,
            "candidate": application.candidate,
            "label": candidate_label(application),
            "blind": blind,
            "hidden_description": HIDDEN_DESCRIPTION,
            "erased": application.candidate.erased_at is not None or application.candidate.anonymised_at is not None,
            "resume": resume,
            "status": resume.status if resume else Resume.Status.RECEIVED,
            "status_label": STATUS_LABELS.get(resume.status if resume else Resume.Status.RECEIVED),
            "pending": bool(resume) and resume.status in selectors.PENDING_STATUSES,
            "parse": parse,
            "scored_older_version": bool(score and resume and parse and parse.resume_id != resume.pk),
            "facts": facts,
            "skills": skill_rows(facts) if facts else [],
            "education_level": level_label(parse.education_level if parse else None),
            "resume_html": marked_text(text, breakdown.marks if breakdown else (), masks) if text else "",
            "score": score,
            "spec": spec,
            "breakdown": breakdown,
            "history": selectors.stage_history(application=application),
            "notes": selectors.notes_for(application=application),
            "corrections": selectors.corrections_for(application=application),
            "ratings": ratings,
            "my_rating": mine,
            "rating_average": sum(r.stars for r in ratings) / len(ratings) if ratings else None,
            "stage_form": StageForm(initial={"to_stage": application.stage}),
            "next_stage": next_stage,
            "note_form": NoteForm(),
            "rating_form": RatingForm(initial={"stars": mine.stars if mine else 0}),
            "nav": _neighbours(job, application, request.GET),
            "list_params": request.GET.urlencode() if request.GET.get("pos") else "",
        },
    )


def _detail_url(job: Job, application: Application, anchor: str = "", request: HttpRequest | None = None) -> str:
    """The candidate page again, in the list context the form was posted from (so Previous/Next stay)."""
    url = reverse("recruiter:application", args=[job.slug, application.public_id])
    if request is not None:
        params = QueryDict(request.POST.get("list", "")[:2000])
        query, position = _list_context(params)
        if position is not None:
            url += "?" + (f"{query}&" if query else "") + f"pos={position}"
    return url + (f"#{anchor}" if anchor else "")


@recruiter_required
@require_POST
def application_move(request: HttpRequest, slug: str, public_id) -> HttpResponse:
    job = _job(slug)
    application = _application(job, public_id)
    form = StageForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a stage from the list.")
        return redirect(_detail_url(job, application, "pipeline", request))
    to_stage = form.cleaned_data["to_stage"]
    try:
        moved = services.application_move(
            application=application, to_stage=to_stage, actor=request.user, request=request
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        label = Application.Stage(to_stage).label
        if moved:
            messages.success(request, f"Moved to {label}. The candidate is told by email.")
        else:
            messages.info(request, f"Already in {label}.")
    return redirect(_detail_url(job, application, "pipeline", request))


@recruiter_required
@require_POST
def note_create(request: HttpRequest, slug: str, public_id) -> HttpResponse:
    job = _job(slug)
    application = _application(job, public_id)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            services.note_add(
                application=application, author=request.user, body=form.cleaned_data["body"], request=request
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, "Note added.")
    else:
        messages.error(request, form.errors["body"][0])
    return redirect(_detail_url(job, application, "notes", request))


@recruiter_required
@require_POST
def rating_update(request: HttpRequest, slug: str, public_id) -> HttpResponse:
    job = _job(slug)
    application = _application(job, public_id)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.rating_set(
                application=application, author=request.user, stars=form.cleaned_data["stars"], request=request
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            stars = form.cleaned_data["stars"]
            messages.success(request, f"Your rating: {stars} of 5." if stars else "Your rating was cleared.")
    else:
        messages.error(request, "Choose 1 to 5 stars.")
    return redirect(_detail_url(job, application, "rating", request))


@recruiter_required
@require_POST
def identity_reveal(request: HttpRequest, slug: str, public_id) -> HttpResponse:
    job = _job(slug)
    application = _application(job, public_id)
    if services.application_reveal(application=application, actor=request.user, request=request):
        messages.success(request, "Identity revealed. This is recorded in the audit log.")
    return redirect(_detail_url(job, application, "", request))


@recruiter_required
@require_GET
def resume_download(request: HttpRequest, slug: str, public_id) -> FileResponse:
    job = _job(slug)
    application = _application(job, public_id)
    resume = application.current_resume
    if resume is None or not resume.file:
        raise Http404
    if is_blind(application):
        raise PermissionDenied("The original file is hidden during blind review.")
    content_types = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "txt": "text/plain; charset=utf-8",
    }
    try:
        handle = resume.file.open("rb")
    except FileNotFoundError:
        raise Http404("The stored file is missing.") from None
    services.audit_record(
        action="resume.downloaded",
        object_type="resume",
        object_id=resume.public_id,
        actor=request.user,
        request=request,
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=resume.original_name,
        content_type=content_types.get(resume.kind, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Side by side -------------------------------------------------------------------------------


@recruiter_required
@require_GET
def applications_compare(request: HttpRequest, slug: str) -> HttpResponse:
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
    applications = list(selectors.applications_by_public_ids(job=job, public_ids=form.cleaned_data["ids"]))
    if len(applications) < 2:
        raise Http404("These candidates are not in this job.")
    for app in applications:
        app.job = job
    scores = {s.application_id: s for s in selectors.scores_for(applications=applications)}
    ratings = selectors.rating_summaries(application_ids=[a.pk for a in applications])
    columns, breakdowns = [], []
    for app in applications:
        score = scores.get(app.pk)
        breakdown = services.breakdown_for(score) if score else None
        breakdowns.append(breakdown)
        parse = app.current_resume.parse if app.current_resume and app.current_resume.parse_id else None
        columns.append(
            {
                "app": app,
                "label": candidate_label(app),
                "blind": is_blind(app),
                "score": score,
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
