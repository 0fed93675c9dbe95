"""Django admin for the API: a key is shown once when made and revoked by an action; webhook endpoints
refuse private URLs; failed deliveries can be resent from the log."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from screening.models import ApiKey, AuditEvent, WebhookDelivery, WebhookEndpoint
from tests.factories import recruiter

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "x" * 12))
    return client


def test_admin_makes_a_key_shows_it_once_and_revokes_it(admin_client):
    user = recruiter(username="ats")
    response = admin_client.post(
        reverse("admin:screening_apikey_add"),
        {"user": user.pk, "name": "ATS sync", "scopes": ["applications:read", "parse"]},
        follow=True,
    )
    key = ApiKey.objects.get()
    shown = [str(m) for m in response.context["messages"]]
    raw = next(m.split(": ", 1)[1] for m in shown if "shown only now" in m)
    assert key.digest != raw and raw.startswith(key.prefix) and key.scopes == ["applications:read", "parse"]
    assert raw not in admin_client.get(reverse("admin:screening_apikey_change", args=[key.pk])).content.decode()
    admin_client.post(
        reverse("admin:screening_apikey_changelist"), {"action": "revoke", "_selected_action": [key.pk]}, follow=True
    )
    key.refresh_from_db()
    assert key.revoked_at is not None
    assert AuditEvent.objects.filter(action="api_key.revoked", actor__username="root").exists()


def test_admin_refuses_a_private_webhook_url(admin_client):
    response = admin_client.post(
        reverse("admin:screening_webhookendpoint_add"),
        {
            "url": "http://169.254.169.254/latest/",
            "events": ["application.scored"],
            "secret": "whsec_x",
            "is_active": "on",
        },
    )
    assert response.status_code == 200 and "private, loopback or link-local" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_admin_resends_only_failed_deliveries(admin_client, settings, django_capture_on_commit_callbacks):
    settings.WEBHOOKS = {**settings.WEBHOOKS, "ALLOW_PRIVATE_ADDRESSES": True}
    endpoint = WebhookEndpoint.objects.create(url="http://127.0.0.1:9/hook", events=["application.scored"])
    failed = WebhookDelivery.objects.create(
        endpoint=endpoint, event="application.scored", payload={}, status="failed", attempts=6
    )
    done = WebhookDelivery.objects.create(
        endpoint=endpoint, event="application.scored", payload={}, status="succeeded", attempts=1
    )
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            reverse("admin:screening_webhookdelivery_changelist"),
            {"action": "resend", "_selected_action": [failed.pk, done.pk]},
            follow=True,
        )
    failed.refresh_from_db()
    done.refresh_from_db()
    assert done.status == "succeeded" and done.attempts == 1
    # Requeued and (tasks run in-process here) tried at once: nothing listens on port 9, so it waits to retry.
    assert failed.attempts == 1 and failed.status == "pending" and failed.next_attempt_at is not None
    assert AuditEvent.objects.filter(action="webhook.resent").count() == 1
