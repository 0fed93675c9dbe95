"""Django admin for every model; writes that matter (publishing) go through services."""
from __future__ import annotations

import json

from django.conf import settings
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.template.response import TemplateResponse

from screening import admin_audit  # noqa: F401  (notices and the oversight record register themselves)
from screening import admin_api  # noqa: F401  (API keys and webhooks register themselves)
from screening import services, stages
from screening.blind import candidate_label
from screening.services.taxonomy import skill_validate
from screening.models import (
    Application,
    AuditEvent,
    Candidate,
    Competency,
    CompetencyEvidence,
    CompetencyProfile,
    CorrectionRequest,
    Job,
    Note,
    ParseResult,
    PrivacySettings,
    ProfileVersion,
    Rating,
    RescoreRun,
    Resume,
    ResumeSkill,
    Score,
    Skill,
    StageChange,
)


class CompetencyInline(admin.TabularInline):
    model = Competency
    extra = 0
    fields = ("position", "key", "name", "category", "weight", "must_have", "min_months", "skills", "synonyms", "signals")
    ordering = ("position",)


@admin.register(CompetencyProfile)
class CompetencyProfileAdmin(admin.ModelAdmin):
    list_display = ("name", "slug", "is_default", "published_version", "updated_at")
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = ("published_version",)
    inlines = [CompetencyInline]
    actions = ["publish"]

    @admin.action(description="Publish the draft as a new version and re-score")
    def publish(self, request, queryset):
        for profile in queryset:
            version = services.profile_publish(profile=profile, actor=request.user, request=request)
            self.message_user(request, f"Published {profile} v{version.number}; re-scoring in the background.")


@admin.register(Competency)
class CompetencyAdmin(admin.ModelAdmin):
    list_display = ("name", "profile", "category", "weight", "must_have", "min_months", "position")
    list_filter = ("profile", "category", "must_have")
    search_fields = ("name", "key")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records that are written by the system only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ProfileVersion)
class ProfileVersionAdmin(ReadOnlyAdmin):
    list_display = ("profile", "number", "published_by", "published_at", "match_signature")
    list_filter = ("profile",)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RescoreRun)
class RescoreRunAdmin(ReadOnlyAdmin):
    list_display = ("profile_version", "status", "done", "total", "rematched", "created_at", "finished_at")


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("title", "company", "location", "employment_type", "is_open", "profile", "blind_review")
    list_filter = ("is_open", "employment_type", "blind_review", "profile")
    prepopulated_fields = {"slug": ("title",)}
    search_fields = ("title", "company", "location")
    fieldsets = (
        (None, {"fields": ("title", "slug", "is_open", "profile", "blind_review")}),
        ("What candidates see", {"fields": ("company", "location", "employment_type", "description")}),
        (
            "Salary",
            {
                "fields": (("salary_min", "salary_max"), ("salary_currency", "salary_period")),
                "description": "Leave both amounts empty to show no salary; one amount shows \"from\" or \"up to\".",
            },
        ),
    )

    def save_model(self, request, obj, form, change):
        # A new profile goes through the service, which re-scores the job's list in the background.
        new_profile = obj.profile
        if change and "profile" in form.changed_data:
            obj.profile_id = form.initial["profile"]
        # Switching blind review goes through its service too, which records it in the audit log.
        blind_review = obj.blind_review
        if change and "blind_review" in form.changed_data:
            obj.blind_review = form.initial["blind_review"]
        super().save_model(request, obj, form, change)
        if change and "blind_review" in form.changed_data:
            services.job_blind_review_set(job=obj, blind_review=blind_review, actor=request.user, request=request)
            obj.refresh_from_db()
        if change and "profile" in form.changed_data:
            services.job_profile_change(job=obj, profile=new_profile, actor=request.user, request=request)
            obj.refresh_from_db()


@admin.register(Candidate)
class CandidateAdmin(admin.ModelAdmin):
    """Candidates: personal data. Erasure and export go through the privacy services and are audited.

    Deleting is switched off: a plain delete would leave the resume files in storage and write no
    audit event; "Erase selected candidates" removes the personal data and keeps the counts.
    """

    list_display = ("public_id", "name", "legal_basis", "consent_version", "created_at", "erased_at", "anonymised_at")
    list_filter = ("legal_basis",)
    search_fields = ("name", "email")
    readonly_fields = ("public_id", "consent_version", "consent_at", "erased_at", "anonymised_at")
    actions = ["erase_selected", "export_selected"]

    def has_delete_permission(self, request, obj=None):
        return False

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and (obj.erased_at or obj.anonymised_at):
            return [f.name for f in Candidate._meta.fields]
        return super().get_readonly_fields(request, obj)

    @admin.action(description="Erase selected candidates", permissions=["change"])
    def erase_selected(self, request, queryset):
        if request.POST.get("confirmed") != "yes":
            # The second step: Django admin shows the confirmation page and posts back with `confirmed`.
            return TemplateResponse(
                request,
                "admin/screening/candidate/erase_confirmation.html",
                {
                    **self.admin_site.each_context(request),
                    "title": "Erase candidates' personal data?",
                    "opts": self.model._meta,
                    "candidates": queryset,
                    "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                },
            )
        erased = 0
        for candidate in queryset:
            services.candidate_erase(candidate=candidate, actor=request.user, request=request)
            erased += 1
        self.message_user(request, f"Erased the personal data of {erased} candidate(s).", messages.SUCCESS)
        return None

    @admin.action(description="Export data (JSON)", permissions=["change"])
    def export_selected(self, request, queryset):
        exports = [
            services.candidate_export(candidate=candidate, actor=request.user, request=request)
            for candidate in queryset
        ]
        if len(exports) == 1:
            body, name = exports[0], f"candidate-{exports[0]['candidate']['id']}.json"
        else:
            body, name = {"candidates": exports}, "candidates.json"
        response = HttpResponse(
            json.dumps(body, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response


class ResumeInline(admin.TabularInline):
    model = Resume
    extra = 0
    fields = ("version", "original_name", "kind", "status", "attempts", "error_code", "processed_at")
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    """Read-only: a stage changes only through the pipeline services (the stage rules, the history, the
    candidate's email and the audit log), from the recruiter pages or the API, never by editing the row."""

    # Who applied, for which job and how far along, readable at a glance: the candidate's name, or the
    # anonymous label while the job is reviewed blind (as on every other page), never a bare UUID.
    list_display = ("candidate_label", "job", "stage", "processing_status", "source", "created_at")
    list_display_links = ("candidate_label",)
    list_select_related = ("candidate", "job", "current_resume")
    list_filter = ("job", "stage", "source", "current_resume__status")
    readonly_fields = ("public_id", "stage", "next_stages", "current_resume")
    raw_id_fields = ("candidate",)
    inlines = [ResumeInline]

    @admin.display(description="Candidate")
    def candidate_label(self, obj: Application) -> str:
        return candidate_label(obj)

    @admin.display(description="Status", ordering="current_resume__status")
    def processing_status(self, obj: Application) -> str:
        status = obj.current_resume.status if obj.current_resume else Resume.Status.RECEIVED
        return Resume.Status(status).label

    @admin.display(description="The team may move it to")
    def next_stages(self, obj: Application) -> str:
        return stages.in_words(stages.team_moves(obj.stage)) + " (from the candidate's page in the workspace)"

    def has_delete_permission(self, request, obj=None):
        return False  # erasure and retention remove applications, with their own record


@admin.register(Resume)
class ResumeAdmin(admin.ModelAdmin):
    list_display = ("public_id", "application", "version", "kind", "status", "attempts", "error_code", "created_at")
    list_filter = ("status", "kind", "error_code")
    readonly_fields = [f.name for f in Resume._meta.fields]
    actions = ["reprocess"]

    @admin.action(description="Process again")
    def reprocess(self, request, queryset):
        count = services.resumes_reprocess(resume_ids=list(queryset.values_list("pk", flat=True)), actor=request.user)
        self.message_user(request, f"{count} resume(s) queued for processing.", messages.SUCCESS)


@admin.register(ParseResult)
class ParseResultAdmin(ReadOnlyAdmin):
    list_display = ("resume", "parser_version", "experience_months", "education_level", "created_at")
    exclude = ("search_vector", "blind_search_vector")


@admin.register(ResumeSkill)
class ResumeSkillAdmin(ReadOnlyAdmin):
    list_display = ("parse", "skill_id", "months", "last_used")
    search_fields = ("skill_id",)


@admin.register(CompetencyEvidence)
class CompetencyEvidenceAdmin(ReadOnlyAdmin):
    list_display = ("parse", "signature", "created_at")


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
    list_display = ("application", "profile_version", "total", "must_haves_met", "scored_at")
    list_filter = ("profile_version", "must_haves_met")


@admin.register(StageChange)
class StageChangeAdmin(ReadOnlyAdmin):
    list_display = ("application", "from_stage", "to_stage", "reason", "actor", "at", "email_sent_at", "undone_at")
    list_filter = ("to_stage", "reason")


@admin.register(Note)
class NoteAdmin(ReadOnlyAdmin):
    list_display = ("application", "author", "created_at")


@admin.register(Rating)
class RatingAdmin(ReadOnlyAdmin):
    list_display = ("application", "author", "stars")


@admin.register(CorrectionRequest)
class CorrectionRequestAdmin(ReadOnlyAdmin):
    list_display = ("application", "field", "state", "created_at", "resolved_at")
    list_filter = ("state", "field")


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "action", "object_type", "object_id", "actor", "actor_kind", "ip")
    list_filter = ("action", "object_type", "actor_kind")
    search_fields = ("object_id",)

    def has_delete_permission(self, request, obj=None):
        return False


class SkillAdminForm(forms.ModelForm):
    class Meta:
        model = Skill
        fields = "__all__"  # noqa: DJ007 -- staff-only admin form: every field of a skill is edited here by design

    def clean(self):
        super().clean()
        data = self.cleaned_data  # the dict the base clean() returns (its stubs allow None)
        if not self.errors:
            candidate = Skill(**{f: data.get(f) for f in ("name", "category", "aliases", "ambiguous", "case_sensitive", "broader", "everyday", "other_senses")})
            candidate.pk = data.get("id") or self.instance.pk
            skill_validate(candidate)
        return data


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    """Changes reach resumes read from now on (and older ones read again with "Process again")."""

    form = SkillAdminForm
    list_display = ("name", "id", "category", "ambiguous")
    list_filter = ("category", "ambiguous")
    search_fields = ("id", "name")

    def save_model(self, request, obj, form, change):
        services.skill_save(skill=obj, actor=request.user)

    def delete_model(self, request, obj):
        services.skill_delete(skill=obj, actor=request.user)

    def delete_queryset(self, request, queryset):
        for skill in queryset:
            services.skill_delete(skill=skill, actor=request.user)


@admin.register(PrivacySettings)
class PrivacySettingsAdmin(admin.ModelAdmin):
    """The one row of privacy settings; a change of the retention period is audited with before and after."""

    list_display = ("retention_days", "updated_at")
    fields = ("retention_days",)

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not PrivacySettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def get_changeform_initial_data(self, request):
        # Until an admin sets a period, the deployment's default applies (settings.SCREENING).
        return {"retention_days": settings.SCREENING["RETENTION_DAYS"]}

    def save_model(self, request, obj, form, change):
        saved = services.privacy_settings_update(
            retention_days=form.cleaned_data["retention_days"], actor=request.user, request=request
        )
        obj.pk = saved.pk
