"""The REST API's own data: keys for systems that call it, the Idempotency-Key record of their writes,
and the webhook endpoints we call back with a log of every delivery."""

import secrets
import uuid

from django.conf import settings
from django.db import models

from .common import TimeStampedModel


class ApiKey(TimeStampedModel):
    """A key an ATS or HR system sends as `Authorization: Bearer <key>`, acting as its user within its scopes.

    Only a SHA-256 digest of the key is stored: keys are 256 random bits, so a fast digest cannot be
    reversed or guessed, and the key itself is shown once, when it is made."""

    class Scope(models.TextChoices):
        APPLICATIONS_READ = "applications:read", "Read jobs, ranked applications and their breakdowns"
        APPLICATIONS_WRITE = "applications:write", "Submit applications, move stages, add notes"
        PROFILES_WRITE = "profiles:write", "Edit competency profile drafts and publish them"
        PARSE = "parse", "Parse a resume without storing it"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_keys")
    name = models.CharField(max_length=100, blank=True, help_text="What the key is for, e.g. 'Greenhouse sync'.")
    prefix = models.CharField(
        max_length=16, editable=False, help_text="The key's first characters, to tell keys apart."
    )
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(default=list)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "API key"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name or self.user})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class IdempotentRequest(TimeStampedModel):
    """A write made with an `Idempotency-Key` header: a retry with the same key gets the same result,
    and the same key reused for a different request is refused."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the method, path and request body.")
    application = models.ForeignKey("Application", null=True, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["api_key", "key"], name="idempotent_request_unique_key")]


def new_webhook_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


class WebhookEndpoint(TimeStampedModel):
    """A URL an admin registered to be told about events, signed with its own secret."""

    class Event(models.TextChoices):
        APPLICATION_RECEIVED = "application.received", "An application was received"
        APPLICATION_SCORED = "application.scored", "An application was scored"
        APPLICATION_STAGE_CHANGED = "application.stage_changed", "An application moved stage"
        PROFILE_PUBLISHED = "profile.published", "A competency profile version was published"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    url = models.URLField(max_length=500)
    events = models.JSONField(default=list, help_text="Event names this endpoint receives.")
    secret = models.CharField(
        max_length=100, default=new_webhook_secret, help_text="Signs every delivery (HMAC-SHA256)."
    )
    description = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)
    consecutive_failures = models.PositiveIntegerField(default=0, editable=False)
    disabled_reason = models.CharField(max_length=200, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        ordering = ["url"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(TimeStampedModel):
    """One event sent (or being sent) to one endpoint: its attempts and the last response.

    An event reaches an endpoint once: the (endpoint, event id) pair is unique, and a delivery that
    succeeded is never sent again (a resend makes a new delivery with a new id, on purpose)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting to be sent"
        SENDING = "sending", "Being sent"
        SUCCEEDED = "succeeded", "Delivered"
        FAILED = "failed", "Failed after every attempt"

    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField(default=uuid.uuid4, editable=False)
    event = models.CharField(max_length=40, choices=WebhookEndpoint.Event.choices)
    payload = models.JSONField(help_text="Ids and states only, never resume text or contact details.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True, help_text="When a failed attempt is tried again.")
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="webhook_delivery_due")]
        constraints = [
            models.UniqueConstraint(fields=["endpoint", "event_id"], name="webhook_delivery_once_per_event"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id} ({self.status})"
