"""Django admin for the API: keys (made with a one-time display, revoked, never edited), webhook endpoints
and their delivery log with a resend."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from screening import services
from screening.models import ApiKey, WebhookDelivery, WebhookEndpoint


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

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = ApiKeyCreateForm
        return super().get_form(request, obj, change=change, **kwargs)

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


# --- Webhooks --------------------------------------------------------------------------------------


class WebhookEndpointForm(forms.ModelForm):
    url = forms.URLField(max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(choices=WebhookEndpoint.Event.choices, widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "events", "description", "secret", "is_active"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            services.webhook_url_check(url)  # refused here already, with the reason, not only at send time
        except ValidationError as exc:
            raise forms.ValidationError(exc.message_dict.get("url", exc.messages)) from None
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["url", "events", "is_active", "consecutive_failures", "disabled_reason"]
    list_filter = ["is_active"]
    readonly_fields = ["consecutive_failures", "disabled_reason", "created_by"]

    def save_model(self, request, obj, form, change):
        services.webhook_endpoint_save(endpoint=obj, actor=request.user, request=request)


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The delivery log: what was sent where, the response code, and a resend for failed ones."""

    list_display = ["created_at", "event", "endpoint", "status", "attempts", "response_code", "error", "delivered_at"]
    list_filter = ["status", "event", "endpoint"]
    readonly_fields = [
        "endpoint",
        "event",
        "event_id",
        "payload",
        "status",
        "attempts",
        "response_code",
        "error",
        "next_attempt_at",
        "delivered_at",
        "created_at",
    ]
    actions = ["resend"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description="Resend the selected failed deliveries")
    def resend(self, request, queryset):
        count = sum(services.webhook_delivery_resend(delivery=d, actor=request.user, request=request) for d in queryset)
        skipped = queryset.count() - count
        messages.success(
            request,
            f"{count} delivery(ies) queued again." + (f" {skipped} had not failed and were left." if skipped else ""),
        )
