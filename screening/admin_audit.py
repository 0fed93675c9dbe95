"""Django admin for the fairness features: each job's automated-ranking notice (new versions only, through
the service) and the oversight record (read only). Self-identification is deliberately not registered:
nobody, admins included, sees a person's answers; the bias audit shows counts."""
from __future__ import annotations

from django.contrib import admin

from screening import selectors, services
from screening.models import Job, JobNotice, OversightRecord


@admin.register(JobNotice)
class JobNoticeAdmin(admin.ModelAdmin):
    """Adding a notice publishes a new version for its job; versions are never edited (applications
    record which one their candidate saw). "Add" with ?job=<id> starts from the job's current text."""

    list_display = ("job", "number", "created_by", "created_at")
    list_filter = ("job",)
    fields = ("job", "text")
    readonly_fields = ()

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        job = Job.objects.filter(pk=request.GET.get("job") or 0).first() if str(request.GET.get("job", "")).isdigit() else None
        if job is not None:
            initial["text"] = selectors.current_notice(job=job).text
        return initial

    def save_model(self, request, obj, form, change):
        saved = services.job_notice_publish(
            job=form.cleaned_data["job"], text=form.cleaned_data["text"], actor=request.user, request=request
        )
        obj.pk = saved.pk
        obj.number = saved.number


@admin.register(OversightRecord)
class OversightRecordAdmin(admin.ModelAdmin):
    list_display = ("at", "action", "actor_id", "job_id", "profile_version_id", "application_id", "from_stage", "to_stage")
    list_filter = ("action",)
    ordering = ("-at", "-id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
