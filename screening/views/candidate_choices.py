"""The candidate's choices on their private page: a person reviewing without the automatic ranking, and the
optional self-identification questions (stored apart, never shown to the team, only ever counted)."""
from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from screening import selectors, services
from screening.forms.self_id import SelfIdForm
from screening.models import Application
from screening.stages import WITHDRAWABLE_STAGES

from .careers import _apply_rate, candidate_page


@sensitive_variables()
def choices_context(application: Application, *, self_id_form: SelfIdForm | None = None) -> dict:
    answers = selectors.own_answers(application=application)
    if self_id_form is None:
        initial = {"sex": answers.sex, "race_ethnicity": answers.race_ethnicity} if answers else None
        self_id_form = SelfIdForm(initial=initial)
    return {
        "notice": selectors.notice_shown(application=application),
        "can_choose_human_review": not application.human_review and application.stage in WITHDRAWABLE_STAGES,
        "self_id_form": self_id_form,
        "self_id_given": answers is not None,
    }


@require_POST
@ratelimit(key="ip", rate=_apply_rate, method="POST", block=True)
@candidate_page
def human_review(request: HttpRequest, application: Application) -> HttpResponse:
    try:
        chosen = services.application_choose_human_review(application=application)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        if chosen:
            messages.success(
                request, "Done: a person will review your application without the automatic ranking. It has no score."
            )
    return redirect("candidate:status", token=application.status_token)


@sensitive_variables()
@sensitive_post_parameters("sex", "race_ethnicity")
@require_POST
@ratelimit(key="ip", rate=_apply_rate, method="POST", block=True)
@candidate_page
def self_identification(request: HttpRequest, application: Application) -> HttpResponse:
    if request.POST.get("action") == "remove":
        if services.self_id_remove(application=application):
            messages.success(request, "Your answers are deleted.")
        return redirect("candidate:status", token=application.status_token)
    form = SelfIdForm(request.POST)
    if form.is_valid():
        try:
            services.self_id_record(
                application=application,
                sex=form.cleaned_data["sex"],
                race_ethnicity=form.cleaned_data["race_ethnicity"],
            )
        except ValidationError as exc:
            messages.error(request, exc.messages[0])
        else:
            messages.success(request, "Thank you. Your answers are stored apart from your application.")
        return redirect("candidate:status", token=application.status_token)
    messages.error(request, "Please choose an answer to each question (“I decline to answer” is one), or leave them.")
    return redirect(reverse("candidate:status", args=[application.status_token]) + "#self-identification")
