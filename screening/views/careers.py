"""The public careers site: open jobs, the apply form, and the candidate's private pages.

Every candidate page is keyed by the secret token of one application (unknown tokens are 404). What
the token holder can do there: see the state in plain words and what was read from the resume, flag a
mistake, upload a corrected resume, withdraw, download their data, erase it. State changes are POST
with CSRF; withdrawing and erasing ask for confirmation on a page of their own (no script needed).
Once erased, the page answers 410 Gone with a neutral page that says so and shows nothing else.
"""
from __future__ import annotations

import json
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit

from screening import selectors, services
from screening.forms.careers import ApplyForm, ConfirmForm, CorrectionForm, ResumeUploadForm
from screening.models import Application, Job
from screening.services.privacy import WITHDRAWABLE_STAGES
from screening.status import candidate_status, what_we_read


@require_safe
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = Job.objects.filter(is_open=True).order_by("title")
    return render(request, "careers/job_list.html", {"jobs": jobs})


@require_safe
def job_detail(request: HttpRequest, slug: str) -> HttpResponse:
    job = get_object_or_404(Job, slug=slug, is_open=True)
    return render(request, "careers/job_detail.html", {"job": job, "notice": selectors.current_notice(job=job)})


def _apply_rate(group, request) -> str:
    return settings.SCREENING["APPLY_RATE"]


def _applicant_email(group, request) -> str:
    # As candidates are matched: case-insensitively, surrounding spaces ignored.
    return request.POST.get("email", "").strip().casefold()


def _email_quota_reached(request: HttpRequest, *, count: bool = False) -> bool:
    """Whether this email address has used its applications for today (SCREENING["APPLY_EMAIL_RATE"]).

    Only stored applications count (`count=True` after one is stored): a refused file or a missing
    consent does not use up a candidate's quota. Two submissions racing past the check can exceed it by one.
    """
    usage = get_usage(
        request,
        group="careers.apply.email",
        key=_applicant_email,
        rate=settings.SCREENING["APPLY_EMAIL_RATE"],
        method="POST",
        increment=count,
    )
    return usage is not None and usage["count"] >= usage["limit"]


def _consent_context() -> dict[str, str]:
    # Each consent text is a template of its own, named by version: a new wording is a new file and a
    # new CONSENT_VERSION, and the version stored with each candidate says which text they agreed to.
    version = settings.SCREENING["CONSENT_VERSION"]
    return {"consent_version": version, "consent_template": f"careers/consent/{version}.html"}


# Error reports (if ever enabled) show neither what was typed nor the values the view held.
@sensitive_variables()
@sensitive_post_parameters("name", "email", "phone")
@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=_apply_rate, method="POST", block=True)
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    job = get_object_or_404(Job, slug=slug, is_open=True)
    if request.method == "POST":
        if _too_many_files(request):
            return HttpResponseBadRequest("One resume file per application, please.")
        form = ApplyForm(request.POST, request.FILES)
        if form.is_valid():
            if _email_quota_reached(request):
                return render(request, "errors/rate_limited.html", {"per_email": True}, status=429)
            upload = form.cleaned_data["resume"]
            try:
                application = services.application_submit(
                    job=job,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    phone=form.cleaned_data["phone"],
                    resume_name=upload.name,
                    resume_data=upload.read(),
                    consent=form.cleaned_data["consent"],
                    request=request,
                    human_review=form.cleaned_data["human_review"],
                )
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                _email_quota_reached(request, count=True)
                if _first_application(application):
                    return redirect("candidate:status", token=application.token)
                # The email address was known: whoever typed it may not own it, so the link to the
                # existing application goes to that address only, never to this browser.
                return redirect("careers:applied", slug=job.slug)
    else:
        form = ApplyForm()
    return render(
        request,
        "careers/apply.html",
        {"job": job, "form": form, "notice": selectors.current_notice(job=job), **_consent_context()},
        status=400 if request.method == "POST" else 200,
    )


def _too_many_files(request: HttpRequest) -> bool:
    return sum(len(files) for _, files in request.FILES.lists()) > 1


def _first_application(application: Application) -> bool:
    """True when this submission created the candidate: nothing of anyone else is behind the token."""
    return application.candidate.applications.count() == 1 and application.resumes.count() == 1


@require_safe
def applied(request: HttpRequest, slug: str) -> HttpResponse:
    job = get_object_or_404(Job, slug=slug)
    return render(request, "careers/applied.html", {"job": job})


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


# --- The private pages ------------------------------------------------------------------------


def candidate_page(view):
    """Looks the application up by token (404 if unknown), answers 410 once erased, keeps the page private."""

    @wraps(view)
    def wrapper(request: HttpRequest, token: str, *args, **kwargs) -> HttpResponse:
        application = get_object_or_404(
            Application.objects.select_related("job", "candidate", "current_resume__parse"), token=token
        )
        candidate = application.candidate
        if candidate.erased_at or candidate.anonymised_at:
            response = render(request, "careers/erased.html", {"candidate": candidate}, status=410)
        else:
            response = view(request, application, *args, **kwargs)
        # The URL is the key to the page: keep it out of caches and out of referrers sent to other sites.
        # Not "no-referrer": browsers then send "Origin: null" with the page's own forms, which CSRF
        # protection rightly refuses.
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "same-origin"
        return response

    return wrapper


def _status_context(request: HttpRequest, application: Application, **forms) -> dict:
    from .candidate_choices import choices_context  # that module's views use this one's candidate_page

    return {
        "application": application,
        "status": candidate_status(application),
        "read": what_we_read(application),
        "resumes": application.resumes.order_by("-version"),
        "corrections": application.corrections.all(),
        "can_withdraw": application.stage in WITHDRAWABLE_STAGES,
        "correction_form": forms.get("correction_form") or CorrectionForm(),
        "upload_form": forms.get("upload_form") or ResumeUploadForm(),
        **choices_context(application, self_id_form=forms.get("self_id_form")),
    }


@require_http_methods(["GET", "HEAD"])
@candidate_page
def application_status(request: HttpRequest, application: Application) -> HttpResponse:
    context = _status_context(request, application)
    if request.headers.get("X-Requested-With") == "fetch":
        return render(request, "careers/_status_panel.html", context)
    return render(request, "careers/status.html", context)


@sensitive_variables()
@sensitive_post_parameters("comment")
@require_POST
@ratelimit(key="ip", rate=_apply_rate, method="POST", block=True)
@candidate_page
def correction(request: HttpRequest, application: Application) -> HttpResponse:
    form = CorrectionForm(request.POST)
    if form.is_valid():
        try:
            services.correction_request_create(application=application, comment=form.cleaned_data["comment"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Thank you. A person on the hiring team will look at your comment.")
            return redirect("candidate:status", token=application.token)
    return render(
        request, "careers/status.html", _status_context(request, application, correction_form=form), status=400
    )


@sensitive_variables()
@require_POST
@ratelimit(key="ip", rate=_apply_rate, method="POST", block=True)
@candidate_page
def resume_upload(request: HttpRequest, application: Application) -> HttpResponse:
    if _too_many_files(request):
        return HttpResponseBadRequest("One resume file at a time, please.")
    form = ResumeUploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["resume"]
        try:
            services.resume_replace(application=application, resume_name=upload.name, resume_data=upload.read())
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Thank you. We are reading your new resume; the team will see this version.")
            return redirect("candidate:status", token=application.token)
    return render(
        request, "careers/status.html", _status_context(request, application, upload_form=form), status=400
    )


@require_http_methods(["GET", "POST"])
@candidate_page
def withdraw(request: HttpRequest, application: Application) -> HttpResponse:
    if application.stage not in WITHDRAWABLE_STAGES:
        messages.info(request, "This application is already closed.")
        return redirect("candidate:status", token=application.token)
    form = ConfirmForm(request.POST or None, initial={"confirm": "yes"})
    if request.method == "POST" and form.is_valid():
        services.application_withdraw_by_candidate(application=application)
        messages.success(request, "Your application is withdrawn. You can still download or erase your data here.")
        return redirect("candidate:status", token=application.token)
    return render(request, "careers/confirm_withdraw.html", {"application": application, "form": form})


@require_http_methods(["GET", "POST"])
@candidate_page
def erase(request: HttpRequest, application: Application) -> HttpResponse:
    form = ConfirmForm(request.POST or None, initial={"confirm": "yes"})
    if request.method == "POST" and form.is_valid():
        services.candidate_erase(candidate=application.candidate, actor_kind="candidate", request=request)
        return redirect("candidate:status", token=application.token)  # now the neutral "erased" page
    others = application.candidate.applications.exclude(pk=application.pk).count()
    return render(request, "careers/confirm_erase.html", {"application": application, "form": form, "others": others})


@sensitive_variables()
@require_POST
@candidate_page
def export(request: HttpRequest, application: Application) -> HttpResponse:
    data = services.candidate_export(candidate=application.candidate, actor_kind="candidate", request=request)
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-application-data.json"'
    return response
