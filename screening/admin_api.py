"""Django admin for the API: keys (made with a one-time display, revoked, never edited)."""
from __future__ import annotations

from django import forms
from django.contrib import admin, messages

from screening import services
from screening.models import ApiKey


class ApiKeyCreateForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(choices=ApiKey.Scope.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ApiKey
        fields = ["user", "name", "scopes"]


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = ["prefix", "name", "user", "scopes", "created_at", "last_used_at", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["prefix", "name", "user__username"]
    readonly_fields = ["prefix", "user", "name", "scopes", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = ApiKeyCreateForm
        return super().get_form(request, obj, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields if obj is not None else []

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        # The key is made by the service (digest only stored) and shown here once.
        api_key, raw = services.api_key_create(
            user=form.cleaned_data["user"],
            scopes=form.cleaned_data["scopes"],
            name=form.cleaned_data["name"],
            actor=request.user,
            request=request,
        )
        obj.pk = api_key.pk
        messages.warning(request, f"The new API key, shown only now: {raw}")

    @admin.action(description="Revoke the selected keys")
    def revoke(self, request, queryset):
        count = sum(services.api_key_revoke(api_key=k, actor=request.user, request=request) for k in queryset)
        messages.success(request, f"{count} key(s) revoked.")
