"""The public careers site: open jobs, the apply form, and the candidate's private pages.

Every candidate page is keyed by a status link of one application (stored hashed; unknown or revoked
links are 404). What the link holder can do there: see the state in plain words and what was read
from the resume, flag a mistake, upload a corrected resume, withdraw. Downloading or erasing all of
the candidate's data acts beyond this one application, so it only sends a single-use link to the
address on file (`confirm`), which does it. State changes are POST with CSRF; withdrawing and erasing
ask for confirmation on a page of their own (no script needed). Once erased, the page answers 410
Gone with a neutral page that says so and shows nothing else.
"""
from __future__ import annotations

import json
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_ratelimit.core import get_usage
from django_ratelimit.decorators import ratelimit

from screening import presenters, selectors, services
from screening.forms.careers import ApplyForm, ConfirmForm, CorrectionForm, ResumeUploadForm
from screening.models import Application, Job
from screening.stages import WITHDRAWABLE_STAGES
from screening.status import candidate_status, what_we_read


@require_safe
def job_list(request: HttpRequest) -> HttpResponse:
    jobs = Job.objects.filter(is_open=True).order_by("title")
    return render(request, "careers/job_list.html", {"jobs": jobs})


@require_safe
def job_detail(request: HttpRequest, slug: str) -> HttpResponse:
    job = get_object_or_404(Job, slug=slug, is_open=True)
    url = settings.SITE_URL.rstrip("/") + reverse("careers:job", args=[job.slug])
    context = {
        "job": job,
        "notice": selectors.current_notice(job=job),
        "description": presenters.description_blocks(job.description),
        "salary": presenters.salary_text(job),
        "job_posting": presenters.job_posting_script(job, url=url),
    }
    return render(request, "careers/job_detail.html", context)


def _apply_rate(group, request) -> str:
    return settings.SCREENING["APPLY_RATE"]


def _applicant_email(group, request) -> str:
    # Per address and per client: as candidates are matched (case-insensitively, surrounding spaces
    # ignored), and with the client's address so that strangers' tries never use up the owner's quota.
    return request.POST.get("email", "").strip().casefold() + "|" + request.META.get("REMOTE_ADDR", "")


def _email_quota_reached(request: HttpRequest, *, count: bool = False) -> bool:
    """Whether this client has used today's applications under this address (SCREENING["APPLY_EMAIL_RATE"]).

    Only stored submissions count (`count=True` after one is stored, held or not): a refused file or a
    missing consent does not use up a candidate's quota. Two submissions racing past the check can
    exceed it by one. Keyed by address and client, so it cannot be used to lock an address's owner out.
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
        kept = (
            services.kept_resume_peek(session=request.session, reference=request.POST.get("kept_resume", ""))
            if hasattr(request, "session")  # always, behind SessionMiddleware
            else None
        )
        form = ApplyForm(request.POST, request.FILES, kept=None if request.FILES else kept)
        if form.is_valid():
            if _email_quota_reached(request):
                return render(request, "errors/rate_limited.html", {"per_email": True}, status=429)
            resume = _chosen_resume(request, form)
            if resume is None:
                form.kept = None
                form.add_error("resume", "Please choose your resume file again: the one you chose has expired.")
            else:
                resume_name, resume_data = resume
                try:
                    application = services.application_submit(
                        job=job,
                        name=form.cleaned_data["name"],
                        email=form.cleaned_data["email"],
                        phone=form.cleaned_data["phone"],
                        resume_name=resume_name,
                        resume_data=resume_data,
                        consent=form.cleaned_data["consent"],
                        request=request,
                        human_review=form.cleaned_data["human_review"],
                    )
                except ValidationError as exc:
                    _add_errors(form, exc)
                    if not form.has_error("resume"):  # the file was fine: keep it for the next try
                        _keep_resume(request, form, resume_name, resume_data)
                else:
                    _email_quota_reached(request, count=True)
                    if isinstance(application, Application):
                        # A new candidate: nothing of anyone else is behind this link.
                        return redirect("candidate:status", token=application.status_token)
                    # The address was known: whoever typed it may not own it, so the submission is held
                    # and the link to confirm it goes to that address only, never to this browser.
                    return redirect("careers:applied", slug=job.slug)
        elif form.cleaned_data.get("resume"):
            # Another field is wrong but a file was chosen: keep it, so the candidate does not choose it again.
            upload = form.cleaned_data["resume"]
            _keep_resume(request, form, upload.name, upload.read())
    else:
        form = ApplyForm()
    return render(
        request,
        "careers/apply.html",
        {"job": job, "form": form, "notice": selectors.current_notice(job=job), **_consent_context()},
        status=400 if request.method == "POST" else 200,
    )


def _chosen_resume(request: HttpRequest, form: ApplyForm) -> tuple[str, bytes] | None:
    """The file chosen now, else the one kept from the previous try (taken: it is used once)."""
    upload = form.cleaned_data.get("resume")
    if upload:
        if hasattr(request, "session"):
            services.kept_resume_discard(session=request.session)  # replaced: no reason to keep it an hour
        return upload.name, upload.read()
    return services.kept_resume_take(session=request.session, reference=form.cleaned_data["kept_resume"])


def _keep_resume(request: HttpRequest, form: ApplyForm, name: str, data: bytes) -> None:
    if not hasattr(request, "session"):
        return
    try:
        form.kept = services.kept_resume_store(session=request.session, name=name, data=data)
    except ValidationError as exc:  # a file we would refuse: say so now rather than on the next try
        form.kept = None
        form.add_error("resume", exc.messages)
        return
    form.fields["resume"].required = False
    form.fields["resume"].label = "Resume (optional: choose a file only to replace it)"


def _too_many_files(request: HttpRequest) -> bool:
    return sum(len(files) for _, files in request.FILES.lists()) > 1


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
        application = selectors.application_for_status_token(token)
        if application is None:
            raise Http404("No such application.")
        # Only the hash is stored: the link this page was opened with is the one its own links reuse.
        application.status_token = token
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
        "corrections": application.corrections.select_related("resume"),
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
            services.correction_request_create(
                application=application, comment=form.cleaned_data["comment"], field=form.cleaned_data["field"]
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, "Thank you. A person on the hiring team will look at your comment.")
            return redirect("candidate:status", token=application.status_token)
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
            # The resume may be read before this page shows (in-process mode): the badge below says where
            # it is, so this message claims nothing about it.
            messages.success(request, "Thank you. We have your new resume; the team will see this version.")
            return redirect("candidate:status", token=application.status_token)
    return render(
        request, "careers/status.html", _status_context(request, application, upload_form=form), status=400
    )


@require_http_methods(["GET", "POST"])
@candidate_page
def withdraw(request: HttpRequest, application: Application) -> HttpResponse:
    if application.stage not in WITHDRAWABLE_STAGES:
        messages.info(request, "This application is already closed.")
        return redirect("candidate:status", token=application.status_token)
    form = ConfirmForm(request.POST or None, initial={"confirm": "yes"})
    if request.method == "POST" and form.is_valid():
        services.application_withdraw_by_candidate(application=application)
        messages.success(request, "Your application is withdrawn. You can still download or erase your data here.")
        return redirect("candidate:status", token=application.status_token)
    return render(request, "careers/confirm_withdraw.html", {"application": application, "form": form})


# Export and erasure act on everything under the address, not just this application: the status link
# alone is not enough (it may have been shown to someone who typed another person's address), so both
# send a fresh single-use link to the address on file, and act only when that link is used.


@require_http_methods(["GET", "POST"])
@ratelimit(key="ip", rate=_apply_rate, method="POST", block=True)
@candidate_page
def erase(request: HttpRequest, application: Application) -> HttpResponse:
    form = ConfirmForm(request.POST or None, initial={"confirm": "yes"})
    if request.method == "POST" and form.is_valid():
        services.candidate_data_request(application=application, purpose="erase")
        messages.success(request, _EMAILED)
        return redirect("candidate:status", token=application.status_token)
    return render(request, "careers/confirm_erase.html", {"application": application, "form": form})


@require_POST
@ratelimit(key="ip", rate=_apply_rate, method="POST", block=True)
@candidate_page
def export(request: HttpRequest, application: Application) -> HttpResponse:
    services.candidate_data_request(application=application, purpose="export")
    messages.success(request, _EMAILED)
    return redirect("candidate:status", token=application.status_token)


_EMAILED = (
    "We have emailed a link to the address this application was made with. Open it within the hour to "
    "confirm; it works once."
)


def _private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    return response


@sensitive_variables()
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit(key="ip", rate=_apply_rate, method="POST", block=True)
def confirm(request: HttpRequest, link: str) -> HttpResponse:
    """A link emailed to the address on file. GET only shows what it does (mail scanners open links);
    the POST from that page uses it, once."""
    confirmation = selectors.confirmation_for_token(link)
    if confirmation is None:
        return _private(render(request, "careers/link_refused.html", status=410))
    form = ConfirmForm(request.POST or None, initial={"confirm": "yes"})
    if request.method != "POST" or not form.is_valid():
        return _private(render(request, "careers/confirm_link.html", {"confirmation": confirmation, "form": form}))
    purpose = confirmation.purpose
    try:
        if purpose == "export":
            data = services.candidate_export_confirm(token=link)
        elif purpose == "erase":
            services.candidate_erase_confirm(token=link)
        elif purpose == "submission":
            application, status_token = services.held_submission_confirm(token=link)
        else:
            application, status_token = services.address_confirm(token=link)
    except ValidationError as exc:  # used by a second click in the meantime, expired, or the job closed
        closed = getattr(exc, "code", None) == "closed"
        return _private(render(request, "careers/link_refused.html", {"closed": closed}, status=410))
    if purpose == "export":
        response = HttpResponse(
            json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="my-application-data.json"'
        return _private(response)
    if purpose == "erase":
        return _private(render(request, "careers/erased_now.html"))
    messages.success(request, "Thank you: your email address is confirmed. Keep this page's link private.")
    return _private(redirect("candidate:status", token=status_token))
