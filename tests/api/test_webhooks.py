"""Webhooks against a real HTTP receiver: signed deliveries it can verify, retries with backoff after
failures, one delivery per event after success, auto-disable with the admins told, SSRF refused."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from screening import services
from screening.models import AuditEvent, WebhookDelivery, WebhookEndpoint
from screening.tasks import webhook_deliver
from tests.factories import hiring_admin

pytestmark = pytest.mark.django_db
WEBHOOKS = {
    "ALLOW_PRIVATE_ADDRESSES": True,  # the test receiver listens on loopback
    "TIMEOUT_SECONDS": 5.0,
    "MAX_ATTEMPTS": 3,
    "BACKOFF_SECONDS": 30,
    "DISABLE_AFTER_FAILURES": 2,
}


def verify(secret: str, header: str, body: bytes) -> bool:
    """What a receiver does (the README's recipe): recompute the HMAC over "t.body" and compare."""
    parts = dict(item.split("=", 1) for item in header.split(","))
    expected = hmac.new(secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])


class Receiver:
    """An HTTP server in a thread that answers with the next planned status code and keeps what it got."""

    def __init__(self, codes=()):
        self.codes = list(codes)
        self.received: list[tuple[dict, bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.received.append((dict(self.headers), body))
                self.send_response(receiver.codes.pop(0) if receiver.codes else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    server = Receiver()
    yield server
    server.close()


def endpoint_for(url: str, *events: str) -> WebhookEndpoint:
    return services.webhook_endpoint_save(
        endpoint=WebhookEndpoint(url=url, events=list(events) or WebhookEndpoint.Event.values)
    )


@override_settings(WEBHOOKS=WEBHOOKS)
def test_events_reach_the_receiver_signed_with_ids_and_states_only(
    job, pool, receiver, make_client, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(receiver.url)
    client = make_client("applications:read", "applications:write")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("api:application_stage", args=[pool["ml"].public_id]), {"stage": "screening"}, format="json"
        )
    headers, body = receiver.received[-1]
    assert verify(endpoint.secret, headers["X-Screening-Signature"], body)
    assert not verify("whsec_wrong", headers["X-Screening-Signature"], body)
    event = json.loads(body)
    assert event["type"] == "application.stage_changed" == headers["X-Screening-Event"]
    assert event["data"] == {
        "application": str(pool["ml"].public_id),
        "job": job.slug,
        "from": "new",
        "to": "screening",
    }
    delivery = WebhookDelivery.objects.get(event="application.stage_changed")
    assert delivery.status == "succeeded" and delivery.response_code == 200 and delivery.attempts == 1


@override_settings(WEBHOOKS=WEBHOOKS)
def test_application_received_and_scored_carry_no_resume_text(job, receiver, django_capture_on_commit_callbacks):
    from tests.api.conftest import apply
    from tests.filegen import sample_resume

    endpoint_for(receiver.url, "application.received", "application.scored")
    with django_capture_on_commit_callbacks(execute=True):
        apply(job, "Ada Lovelace", sample_resume("Ada Lovelace"))
    # The resume is read after the submit commits; its score's event is sent after that commit.
    types = [json.loads(body)["type"] for _, body in receiver.received]
    assert types == ["application.received", "application.scored"]
    for _, body in receiver.received:
        text = body.decode()
        assert "Lovelace" not in text and "@example.com" not in text and "Python" not in text
    scored = json.loads(receiver.received[1][1])["data"]
    assert scored["score"] > 0 and scored["profile_version"] == 1


@override_settings(WEBHOOKS=WEBHOOKS)
def test_profile_published_is_sent(job, receiver, django_capture_on_commit_callbacks):
    endpoint_for(receiver.url, "profile.published")
    with django_capture_on_commit_callbacks(execute=True):
        services.profile_publish(profile=job.profile)
    event = json.loads(receiver.received[-1][1])
    assert (
        event["type"] == "profile.published" and event["data"]["version"] == 2 and event["data"]["jobs"] == [job.slug]
    )


@override_settings(WEBHOOKS=WEBHOOKS)
def test_failures_are_retried_with_backoff_and_success_is_never_repeated(job, pool):
    receiver = Receiver(codes=[500, 503])
    try:
        endpoint_for(receiver.url, "application.stage_changed")
        services.application_move(application=pool["ml"], to_stage="screening", actor=None)
        delivery = WebhookDelivery.objects.get()
        first = services.webhook_delivery_attempt(delivery_id=delivery.pk)
        assert first.status == "pending" and first.retry_in == 30
        second = services.webhook_delivery_attempt(delivery_id=delivery.pk)
        assert second.retry_in == 60  # exponential: 30 s, then 60 s
        delivery.refresh_from_db()
        assert delivery.response_code == 503 and delivery.next_attempt_at is not None
        assert services.webhook_delivery_attempt(delivery_id=delivery.pk).status == "succeeded"
        # Late or duplicate messages for the delivery do nothing now: the receiver got it once.
        assert services.webhook_delivery_attempt(delivery_id=delivery.pk).status == "skipped"
        webhook_deliver.apply(args=[delivery.pk])
        assert services.webhook_deliveries_sweep() == 0
        ids = [json.loads(body)["id"] for _, body in receiver.received]
        assert len(ids) == 3 and len(set(ids)) == 1  # three tries of one event, one success
    finally:
        receiver.close()


@override_settings(WEBHOOKS={**WEBHOOKS, "MAX_ATTEMPTS": 1})
def test_endpoint_is_disabled_after_repeated_failures_and_admins_are_told(job, pool):
    admin = hiring_admin(email="admin@example.com")
    receiver = Receiver(codes=[500] * 5)
    try:
        endpoint = endpoint_for(receiver.url, "application.stage_changed")
        for stage in ("screening", "interview"):
            services.application_move(application=pool["ml"], to_stage=stage, actor=admin)
        for delivery in WebhookDelivery.objects.order_by("pk"):
            services.webhook_delivery_attempt(delivery_id=delivery.pk)
        endpoint.refresh_from_db()
        assert endpoint.is_active is False and "2 deliveries failed" in endpoint.disabled_reason
        assert AuditEvent.objects.filter(action="webhook.disabled").exists()
        # Disabled: new events are not recorded for it; a resend of a failed delivery is refused until re-enabled.
        services.application_move(application=pool["ml"], to_stage="offer", actor=admin)
        assert WebhookDelivery.objects.count() == 2
        failed = WebhookDelivery.objects.first()
        assert failed.status == "failed"
        endpoint.is_active = True
        services.webhook_endpoint_save(endpoint=endpoint)
        assert services.webhook_delivery_resend(delivery=failed) is True
        assert services.webhook_delivery_resend(delivery=failed) is False
    finally:
        receiver.close()


@override_settings(WEBHOOKS=WEBHOOKS)
def test_admins_are_emailed_when_an_endpoint_is_disabled(job, pool, django_capture_on_commit_callbacks):
    hiring_admin(email="admin@example.com")
    receiver = Receiver(codes=[500] * 10)
    try:
        endpoint_for(receiver.url, "application.stage_changed")
        with override_settings(WEBHOOKS={**WEBHOOKS, "MAX_ATTEMPTS": 1, "DISABLE_AFTER_FAILURES": 1}):
            with django_capture_on_commit_callbacks(execute=True):
                services.application_move(application=pool["ml"], to_stage="screening", actor=None)
        assert [m.to for m in mail.outbox if "webhook" in m.subject.lower()] == [["admin@example.com"]]
    finally:
        receiver.close()


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost:8000/hook",
        "http://10.0.0.5/hook",
        "http://192.168.1.1/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "http://0.0.0.0/hook",
        "ftp://example.com/hook",
    ],
)
def test_private_loopback_and_link_local_addresses_are_refused(url):
    with pytest.raises(ValidationError) as refused:
        services.webhook_endpoint_save(endpoint=WebhookEndpoint(url=url, events=["application.scored"]))
    assert "url" in refused.value.message_dict
    assert not WebhookEndpoint.objects.exists()


@override_settings(WEBHOOKS={**WEBHOOKS, "ALLOW_PRIVATE_ADDRESSES": False})
def test_an_endpoint_that_turns_private_is_not_called(job, pool, receiver):
    # Saved while allowed (say, DNS answered a public address then); checked again before each send.
    with override_settings(WEBHOOKS=WEBHOOKS):
        endpoint_for(receiver.url, "application.stage_changed")
    services.application_move(application=pool["ml"], to_stage="screening", actor=None)
    attempt = services.webhook_delivery_attempt(delivery_id=WebhookDelivery.objects.get().pk)
    assert attempt.status == "pending" and receiver.received == []
    assert "private" in WebhookDelivery.objects.get().error


def test_unknown_events_are_refused():
    with pytest.raises(ValidationError):
        services.webhook_endpoint_save(
            endpoint=WebhookEndpoint(url="https://example.com/h", events=["application.hired"])
        )


@override_settings(WEBHOOKS=WEBHOOKS)
def test_an_event_while_the_broker_is_down_waits_for_the_sweep(job, receiver, django_capture_on_commit_callbacks):
    """The event's rows commit with the request's; queueing its delivery fails quietly and the sweep sends it."""
    from unittest import mock

    from kombu.exceptions import OperationalError as BrokerUnreachable

    endpoint_for(receiver.url, "profile.published")
    with mock.patch.object(webhook_deliver, "apply_async", side_effect=BrokerUnreachable("connection refused")):
        with django_capture_on_commit_callbacks(execute=True):
            services.profile_publish(profile=job.profile)  # not a 500 after the version is published
    delivery = WebhookDelivery.objects.get(event="profile.published")
    assert delivery.status == WebhookDelivery.Status.PENDING and receiver.received == []
    assert services.webhook_deliveries_sweep() == 1
    assert json.loads(receiver.received[-1][1])["type"] == "profile.published"
