"""One candidate: the score breakdown, resume and facts, and the recruiter's actions on them."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from screening import selectors, services, stages
from screening.blind import HIDDEN_DESCRIPTION, candidate_label, form_names, identity_spans, is_blind
from screening.forms.recruiter import (
    STATUS_LABELS,
    CorrectionAnswerForm,
    MergeForm,
    NoteForm,
    RankingFilterForm,
    RatingForm,
    RejectForm,
    StageForm,
)
from screening.models import Application, Job, RejectionEmail, Resume
from screening.nlp.facts import ResumeFacts
from screening.permissions import AuthenticatedHttpRequest, recruiter_required
from screening.presenters import (
    breakdown_view,
    level_label,
    marked_text,
    skill_rows,
    skill_summary,
    standing,
    stated_experience_note,
)
from screening.services.scores import version_spec

from . import common
from .common import _application, _is_poll, _job, _list_context, _query, _filters, _spec


def _neighbours(job: Job, application: Application, params: QueryDict) -> dict | None:
    """Previous and next candidates of the list the recruiter came from, to move through it in order."""
    query, position = _list_context(params)
    if position is None:
        return None
    form = RankingFilterForm(QueryDict(query))
    filters = _filters(form, form.data.get("skill", ""))
    before, after = selectors.ranking_neighbours(job=job, filters=filters, position=position, application=application)
    page = (position - 1) // common.PAGE_SIZE + 1
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


def _duplicates(job: Job, application: Application) -> list[dict]:
    """Possible duplicates of this application, labelled as the list labels them (blind review included)."""
    found = []
    for duplicate in selectors.duplicates_for(application=application):
        other = duplicate.application
        other.job = job
        found.append(
            {
                "application": other,
                "label": candidate_label(other),
                "reasons": duplicate.reasons,
                "source": other.get_source_display(),
                "url": reverse("recruiter:application", args=[job.slug, other.public_id]),
            }
        )
    return found


@recruiter_required
@require_GET
def application_detail(request: AuthenticatedHttpRequest, slug: str, public_id) -> HttpResponse:
    job = _job(slug)
    application = _application(job, public_id)
    resume = application.current_resume
    score = selectors.score_for(application=application)
    # The text shown is the one the score's evidence points into (normally the current resume's).
    parse = score.parse if score and score.parse_id else (resume.parse if resume else None)
    text = parse.text if parse else ""
    facts = ResumeFacts.from_dict(parse.facts) if parse and parse.facts else None
    blind = is_blind(application)
    masks = identity_spans(text, facts, names=form_names(application.candidate)) if blind and text else []
    spec = _spec(job)
    breakdown = None
    if score is not None:
        breakdown = breakdown_view(
            services.breakdown_for(score), version_spec(score.profile_version), text, masks, hidden_evidence=blind
        )
    score_standing = None
    if score is not None and not application.human_review:
        distribution = selectors.score_distribution(job=job, totals=[score.total])
        score_standing = standing(
            total=score.total,
            must_haves_met=score.must_haves_met,
            higher=distribution.higher.get(score.total, 0),
            scored=distribution.scored,
            top=distribution.top,
        )
    ratings = list(selectors.ratings_for(application=application))
    mine = next((r for r in ratings if r.author_id == request.user.pk), None)
    next_step = stages.next_step(application.stage)
    if not _is_poll(request):
        services.audit_record(
            action="application.viewed",
            object_type="application",
            object_id=application.public_id,
            actor=request.user,
            request=request,
        )
        services.oversight_application_viewed(actor=request.user, application=application, score_shown=score is not None)
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
            # Merged into another application: the team's work is there, so this page only shows, never acts.
            "merged": application.merged_at is not None,
            "resume": resume,
            "status": resume.status if resume else Resume.Status.RECEIVED,
            "status_label": STATUS_LABELS.get(resume.status if resume else Resume.Status.RECEIVED),
            "pending": resume is not None and resume.status in selectors.PENDING_STATUSES,
            "parse": parse,
            "scored_older_version": bool(score and resume and parse and parse.resume_id != resume.pk),
            "facts": facts,
            "skills": skill_rows(facts) if facts else [],
            "skill_summary": skill_summary(facts, text, masks) if facts else None,
            "stated_experience": stated_experience_note(facts) if facts else "",
            "education_level": level_label(parse.education_level if parse else None),
            "resume_html": marked_text(text, breakdown.marks if breakdown else (), masks) if text else "",
            "score": score,
            "standing": score_standing,
            "spec": spec,
            "breakdown": breakdown,
            # Later submissions under this address that its owner has not confirmed: that they exist, never
            # what they say (the name, phone and resume are whoever typed the address, until confirmed).
            "held": list(selectors.held_submissions_for(candidate=application.candidate)),
            "history": selectors.stage_history(application=application),
            "notes": selectors.notes_for(application=application),
            "corrections": [
                {"correction": c, "form": CorrectionAnswerForm(initial={"state": c.state, "reply": c.reply})}
                for c in selectors.corrections_for(application=application)
            ],
            "duplicates": _duplicates(job, application),
            "ratings": ratings,
            "my_rating": mine,
            "rating_average": sum(r.stars for r in ratings) / len(ratings) if ratings else None,
            "stage_form": StageForm(stage=application.stage),
            "next_stage": Application.Stage(next_step) if next_step else None,
            "can_reject": stages.team_may_move(application.stage, Application.Stage.REJECTED),
            "reject_form": RejectForm(),
            "process_over": not stages.team_moves(application.stage),
            # This application's own rejection, while its email waits (whoever made it): undo from here.
            "rejection_waiting": selectors.rejections_waiting(job=job).filter(application=application).first(),
            "waiting_batches": common.waiting_batches(job, request.user),
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


def _next_in_list(job: Job, application: Application, request: HttpRequest) -> str | None:
    """The next candidate of the list the recruiter came from, worked out before `application` moves.

    A list filtered to one stage loses the candidate once rejected, so the next one moves up into its place.
    """
    params = QueryDict(request.POST.get("list", "")[:2000])
    query, position = _list_context(params)
    if position is None:
        return None
    form = RankingFilterForm(QueryDict(query))
    filters = _filters(form, form.data.get("skill", ""))
    _, after = selectors.ranking_neighbours(job=job, filters=filters, position=position, application=application)
    if after is None:
        return None
    stays = filters.stage in ("", Application.Stage.REJECTED)
    target = reverse("recruiter:application", args=[job.slug, after.public_id])
    return target + "?" + (f"{query}&" if query else "") + f"pos={position + 1 if stays else position}"


@recruiter_required
@require_POST
def application_move(request: AuthenticatedHttpRequest, slug: str, public_id) -> HttpResponse:
    job = _job(slug)
    application = _application(job, public_id)
    form = StageForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a stage from the list.")
        return redirect(_detail_url(job, application, "pipeline", request))
    to_stage = form.cleaned_data["to_stage"]
    rejecting = to_stage == Application.Stage.REJECTED
    following = _next_in_list(job, application, request) if rejecting else None
    try:
        moved = services.application_move(
            application=application,
            to_stage=to_stage,
            reason=request.POST.get("reason", "")[:40],
            email_template=request.POST.get("email_template") or RejectionEmail.STANDARD,
            actor=request.user,
            request=request,
        )
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(_detail_url(job, application, "pipeline", request))
    label = Application.Stage(to_stage).label
    if not moved:
        messages.info(request, f"Already in {label}.")
    elif rejecting:
        who = candidate_label(application)
        if application.candidate.email:
            delay = services.rejection_email_delay()
            due = timezone.localtime(timezone.now() + delay)
            told = f"The email to the candidate waits until {due:%H:%M}; until then you can undo it."
        else:
            told = "There is no email address on file, so the candidate is not told. You can undo it for a few minutes."
        messages.success(request, f"Rejected {who}. {told}" + (" Here is the next candidate." if following else ""))
        if following:
            return redirect(following)
        return redirect(_list_url(job, request))
    else:
        told = (
            "The candidate is told by email."
            if application.candidate.email
            else "There is no email address on file, so the candidate is not told."
        )
        messages.success(request, f"Moved to {label}. {told}")
    return redirect(_detail_url(job, application, "pipeline", request))


def _list_url(job: Job, request: HttpRequest) -> str:
    query, _ = _list_context(QueryDict(request.POST.get("list", "")[:2000]))
    url = reverse("recruiter:ranking", args=[job.slug])
    back = _query(QueryDict(query), pos=None)
    return url + (f"?{back}" if back else "")


@recruiter_required
@require_POST
def rejections_undo(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """Undo a batch of rejections whose emails have not gone yet; back to the page it was asked from."""
    job = _job(slug)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        back = reverse("recruiter:ranking", args=[job.slug])
    try:
        batch = uuid.UUID(request.POST.get("batch", ""))
    except ValueError:
        messages.error(request, "Nothing to undo.")
        return redirect(back)
    undone = services.rejections_undo(job=job, batch=batch, actor=request.user, request=request)
    if undone:
        messages.success(
            request,
            f"Undone: {undone} rejection{'s' if undone != 1 else ''}. No email was sent; "
            f"{'each candidate is' if undone != 1 else 'the candidate is'} back in the stage they were in.",
        )
    else:
        messages.error(request, "Too late to undo: the email has already gone to the candidate.")
    return redirect(back)


@recruiter_required
@require_POST
def note_create(request: AuthenticatedHttpRequest, slug: str, public_id) -> HttpResponse:
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
        messages.error(request, str(form.errors["body"][0]))
    return redirect(_detail_url(job, application, "notes", request))


@recruiter_required
@require_POST
def rating_update(request: AuthenticatedHttpRequest, slug: str, public_id) -> HttpResponse:
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
def identity_reveal(request: AuthenticatedHttpRequest, slug: str, public_id) -> HttpResponse:
    job = _job(slug)
    application = _application(job, public_id)
    if services.application_reveal(application=application, actor=request.user, request=request):
        messages.success(request, "Identity revealed. This is recorded in the audit log.")
    return redirect(_detail_url(job, application, "", request))


@recruiter_required
@require_GET
def resume_download(request: AuthenticatedHttpRequest, slug: str, public_id) -> FileResponse:
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


@recruiter_required
@require_POST
def application_merge(request: AuthenticatedHttpRequest, slug: str, public_id) -> HttpResponse:
    """Merge this application with another of the same job; the page of the one that survives is shown."""
    job = _job(slug)
    application = _application(job, public_id)
    form = MergeForm(request.POST)
    other = None
    if form.is_valid():
        other = selectors.application_for_recruiter(job=job, public_id=form.cleaned_data["other"]).first()
    if other is None:
        messages.error(request, "Choose another application to this job.")
        return redirect(_detail_url(job, application, "duplicates"))
    try:
        survivor = services.applications_merge(first=application, second=other, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
        return redirect(_detail_url(job, application, "duplicates"))
    messages.success(
        request,
        "Merged. This application keeps the furthest stage, the newest resume, and both applications' notes, "
        "ratings and history; the other is marked merged and left out of the list and the counts.",
    )
    return redirect(_detail_url(job, survivor))
