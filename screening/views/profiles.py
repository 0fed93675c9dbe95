"""The profile editor for hiring admins: edit the draft, preview its effect, publish, clone."""
from __future__ import annotations

import hashlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.views.decorators.http import require_POST, require_safe

from screening import selectors, services
from screening.fairness import profile_warnings
from screening.forms.profiles import (
    CloneProfileForm,
    CompetencyFormSet,
    JobDescriptionForm,
    ProfileSettingsForm,
    competency_initial,
)
from screening.models import CompetencyProfile, RescoreRun
from screening.permissions import AuthenticatedHttpRequest, hiring_admin_required
from screening.presenters.audit import impact_comparison
from screening.presenters.job_descriptions import cite, competency_rows
from screening.previews import profile_preview
from screening.services.scores import version_spec


@hiring_admin_required
@require_safe
def profile_list(request: HttpRequest) -> HttpResponse:
    profiles = (
        CompetencyProfile.objects.select_related("published_version")
        .annotate(jobs_count=Count("jobs", distinct=True), competencies_count=Count("competencies", distinct=True))
        .order_by("-is_default", "name")
    )
    return render(request, "profiles/list.html", {"profiles": profiles, "jd_form": JobDescriptionForm()})


@require_POST
@hiring_admin_required
def profile_from_job_description(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Propose a profile from a pasted job description; with "create", make it a draft and open the editor."""
    form = JobDescriptionForm(request.POST)
    if form.is_valid():
        title, description = form.cleaned_data["title"], form.cleaned_data["description"]
        if "create" in request.POST:
            try:
                profile = services.profile_create_from_job_description(
                    title=title, description=description, actor=request.user, request=request
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(
                    request, f"Created the draft “{profile.name}” from the job description. Edit and preview it; it is unpublished until you publish it."
                )
                return redirect("profiles:edit", slug=profile.slug)
        else:
            proposal = services.job_description_propose(description=description)
            return render(
                request,
                "profiles/from_job_description.html",
                {
                    "form": form,
                    "proposal": proposal,
                    "rows": competency_rows(proposal),
                    "education_cited": [cite(s) for s in proposal.education.sentences] if proposal.education else [],
                    "experience_cited": cite(proposal.experience.sentence) if proposal.experience else None,
                    "flags": services.proposal_flags(proposal),
                },
            )
    return render(request, "profiles/from_job_description.html", {"form": form, "proposal": None}, status=400)


def _latest_run(profile: CompetencyProfile) -> RescoreRun | None:
    return RescoreRun.objects.filter(profile_version__profile=profile).select_related("profile_version").first()


@hiring_admin_required
def profile_edit(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    profile = get_object_or_404(CompetencyProfile.objects.select_related("published_version"), slug=slug)
    if request.method == "POST":
        form = ProfileSettingsForm(request.POST, instance=profile)
        formset = CompetencyFormSet(request.POST, prefix="c")
        if form.is_valid() and formset.is_valid():
            try:
                changes = services.profile_draft_update(
                    profile=profile,
                    settings=form.settings(),
                    competencies=formset.competencies(),
                    actor=request.user,
                    request=request,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                if changes:
                    messages.success(request, f"Draft saved ({len(changes)} change{'s' if len(changes) != 1 else ''}). Preview or publish it when ready.")
                else:
                    messages.info(request, "Nothing changed.")
                return redirect("profiles:edit", slug=profile.slug)
        messages.error(request, "The draft was not saved: please correct the errors below.")
    else:
        profile.refresh_from_db()
        form = ProfileSettingsForm(instance=profile)
        formset = CompetencyFormSet(initial=competency_initial(profile), prefix="c")
    draft = services.profile_draft_spec(profile)
    points = draft.possible_points()
    return render(
        request,
        "profiles/edit.html",
        {
            "profile": profile,
            "form": form,
            "formset": formset,
            "warnings": profile_warnings(draft),
            "unpublished": services.profile_has_unpublished_changes(profile),
            "versions": profile.versions.select_related("published_by")[:10],
            "run": _latest_run(profile),
            "jobs": profile.jobs.order_by("title"),
            "clone_form": CloneProfileForm(initial={"name": f"{profile.name} (copy)"}),
            # possible_points() ends with education and experience, which have no competency key
            "possible": dict(zip([c.key for c in draft.competencies], points, strict=False)),
            "education_points": points[-2],
            "experience_points": points[-1],
        },
    )


@hiring_admin_required
@require_safe
def profile_preview_view(request: HttpRequest, slug: str) -> HttpResponse:
    profile = get_object_or_404(CompetencyProfile.objects.select_related("published_version"), slug=slug)
    draft = services.profile_draft_spec(profile)
    return render(
        request,
        "profiles/preview.html",
        {
            "profile": profile,
            "previews": profile_preview(profile=profile),
            "changes": services.spec_changes(
                version_spec(profile.published_version) if profile.published_version else None, draft
            ),
            "warnings": profile_warnings(draft),
            "impacts": _impacts(profile, draft),
        },
    )


def _impacts(profile: CompetencyProfile, draft) -> list[dict]:
    """Per job with self-identification: scoring-rate impact ratios under the published version and the draft."""
    found = []
    for job in profile.jobs.order_by("title"):
        impact = selectors.draft_impact(job=job, draft=draft)
        if impact is not None:
            found.append({"job": job, "impact": impact, "tables": impact_comparison(impact.published, impact.draft)})
    return found


def _flags_fingerprint(warnings) -> str:
    """Names this exact list of flags: a confirmation given for other flags (the draft changed since) is void."""
    text = "\n".join(f"{w.where}: {w.message}" for w in warnings)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@require_POST
@hiring_admin_required
def profile_publish_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    profile = get_object_or_404(CompetencyProfile, slug=slug)
    if not services.profile_has_unpublished_changes(profile):
        messages.info(request, "The published version already matches the draft.")
        return redirect("profiles:edit", slug=profile.slug)
    # Criteria flagged as possible stand-ins for a protected attribute are published only after the admin
    # has seen them named and said so: publishing re-ranks real candidates by them.
    warnings = profile_warnings(services.profile_draft_spec(profile))
    fingerprint = _flags_fingerprint(warnings)
    if warnings and request.POST.get("confirm_flags") != fingerprint:
        asked = "confirm_flags" in request.POST or request.POST.get("from_confirmation") == "1"
        return render(
            request,
            "profiles/confirm_publish.html",
            {"profile": profile, "warnings": warnings, "fingerprint": fingerprint, "unticked": asked},
            status=400 if asked else 200,
        )
    version = services.profile_publish(
        profile=profile,
        actor=request.user,
        request=request,
        flags_confirmed=[f"{w.where}: {w.message}" for w in warnings],
    )
    messages.success(request, f"Published version {version.number}. Every application is being re-scored.")
    return redirect("profiles:edit", slug=profile.slug)


@require_POST
@hiring_admin_required
def profile_discard_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    profile = get_object_or_404(CompetencyProfile, slug=slug)
    try:
        changes = services.profile_draft_discard(profile=profile, actor=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if changes:
            messages.success(request, "Draft discarded: it matches the published version again.")
        else:
            messages.info(request, "The draft already matches the published version.")
    return redirect("profiles:edit", slug=profile.slug)


@require_POST
@hiring_admin_required
def profile_clone_view(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    profile = get_object_or_404(CompetencyProfile, slug=slug)
    form = CloneProfileForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("name", []):
            messages.error(request, str(error))
        return redirect("profiles:edit", slug=profile.slug)
    name = form.cleaned_data["name"]
    clone = services.profile_clone(profile=profile, name=name, slug=slugify(name), actor=request.user)
    messages.success(request, f"Created “{clone.name}” from “{profile.name}”. It is unpublished until you publish it.")
    return redirect("profiles:edit", slug=clone.slug)


@hiring_admin_required
@require_safe
def rescore_progress(request: HttpRequest, slug: str) -> HttpResponse:
    profile = get_object_or_404(CompetencyProfile, slug=slug)
    return render(request, "profiles/_progress.html", {"profile": profile, "run": _latest_run(profile)})
