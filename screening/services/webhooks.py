"""Webhooks: endpoints admins register, events recorded as one delivery per endpoint, each sent signed
(HMAC-SHA256 over "<unix time>.<body>", as Stripe does) with retries and exponential backoff, and
endpoints that keep failing disabled with the admins told.

Payloads carry ids and states only: never resume text, names or contact details (a receiver that wants
more asks the API with its key, where blind review and scopes apply).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import logging
import socket
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.db.models import F, Q
from django.http import HttpRequest
from django.utils import timezone

from screening.models import WebhookDelivery, WebhookEndpoint
from screening.permissions import HIRING_ADMINS

from .audit import audit_record
from .queueing import send_after_commit

logger = logging.getLogger(__name__)
SIGNATURE_HEADER = "X-Screening-Signature"
STUCK_SENDING = timedelta(minutes=10)  # a worker that died mid-send leaves the row here; the sweep resumes it


def _conf(name: str):
    return settings.WEBHOOKS[name]


# --- Endpoints ------------------------------------------------------------------------------------


def webhook_url_check(url: str) -> None:
    """ValidationError unless `url` is http(s) to a public address (SSRF: no private, loopback,
    link-local or reserved addresses, unless WEBHOOKS["ALLOW_PRIVATE_ADDRESSES"]). Checked when an
    endpoint is saved and again before every delivery, since DNS answers can change."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValidationError({"url": "Use an http:// or https:// URL."}, code="invalid_url")
    if _conf("ALLOW_PRIVATE_ADDRESSES"):
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError):
        raise ValidationError({"url": "The URL's host name does not resolve."}, code="unresolvable") from None
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if not address.is_global or address.is_multicast:
            raise ValidationError(
                {
                    "url": "The URL points to a private, loopback or link-local address; webhooks only go to public ones."
                },
                code="private_address",
            )


@transaction.atomic
def webhook_endpoint_save(
    *, endpoint: WebhookEndpoint, actor: User | None = None, request: HttpRequest | None = None
) -> WebhookEndpoint:
    """Create or update an endpoint: events known, URL public; saving it active again clears its failures."""
    unknown = [e for e in endpoint.events if e not in WebhookEndpoint.Event.values]
    if unknown or not endpoint.events:
        raise ValidationError({"events": "Choose at least one of: " + ", ".join(WebhookEndpoint.Event.values)})
    webhook_url_check(endpoint.url)
    created = endpoint.pk is None
    if created and actor is not None and actor.is_authenticated:
        endpoint.created_by = actor
    if endpoint.is_active:
        endpoint.consecutive_failures, endpoint.disabled_reason = 0, ""
    endpoint.full_clean()
    endpoint.save()
    audit_record(
        action="webhook.created" if created else "webhook.changed",
        object_type="webhook_endpoint",
        object_id=endpoint.public_id,
        actor=actor,
        request=request,
        data={"events": endpoint.events, "active": endpoint.is_active},
    )
    return endpoint


# --- Events ----------------------------------------------------------------------------------------


def webhook_event_emit(*, event: str, data: dict[str, Any]) -> list[WebhookDelivery]:
    """Record `event` for every active endpoint that wants it; each is sent after the caller's commit.

    Runs inside the caller's transaction: if the change that made the event rolls back, so does the event."""
    from screening.tasks import webhook_deliver

    endpoints = [e for e in WebhookEndpoint.objects.filter(is_active=True) if event in e.events]
    if not endpoints:
        return []
    now = timezone.now()
    deliveries = []
    event_id = None
    for endpoint in endpoints:
        delivery = WebhookDelivery(endpoint=endpoint, event=event, payload={}, next_attempt_at=now)
        event_id = event_id or delivery.event_id  # one event, one id, whichever endpoints receive it
        delivery.event_id = event_id
        delivery.payload = {"id": str(event_id), "type": event, "created": int(now.timestamp()), "data": data}
        delivery.save()
        deliveries.append(delivery)
        send_after_commit(webhook_deliver, delivery.pk, what="webhook delivery", then="the sweep will send it")
    return deliveries


def webhook_stage_changed(*, application, from_stage: str, to_stage: str = "", reason: str = "") -> None:
    """A stage move (to `to_stage`, by default the application's stage now); a rejection carries its reason
    (a code). A rejection is told when its email goes, after its undo window (services.pipeline), so
    an undone one is never told at all."""
    data = {
        "application": str(application.public_id),
        "job": application.job.slug,
        "from": from_stage,
        "to": to_stage or application.stage,
    }
    if reason:
        data["reason"] = reason
    webhook_event_emit(event="application.stage_changed", data=data)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value: `t=<unix>,v1=<hex HMAC-SHA256 of "t.body">`."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


@dataclass(frozen=True)
class Attempt:
    status: str  # the delivery's status after this attempt ("skipped": nothing to do)
    retry_in: int | None = None  # seconds until the next attempt, when there is one


def webhook_delivery_attempt(*, delivery_id: int) -> Attempt:
    """Send one delivery once. Claimed with a conditional UPDATE, so a second task for the same delivery
    (or for one that already succeeded) does nothing: a receiver never gets an event twice after success."""
    claimed = WebhookDelivery.objects.filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING).update(
        status=WebhookDelivery.Status.SENDING, attempts=F("attempts") + 1, updated_at=timezone.now()
    )
    if not claimed:
        return Attempt("skipped")
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        return _finish(delivery, WebhookDelivery.Status.FAILED, error="The endpoint is disabled.")
    body = json.dumps(delivery.payload, cls=DjangoJSONEncoder, separators=(",", ":")).encode()
    code, error = None, ""
    try:
        webhook_url_check(endpoint.url)
        response = requests.post(
            endpoint.url,
            data=body,
            headers={
                "Content-Type": "application/json",
                "User-Agent": "resume-screening-webhooks/1",
                SIGNATURE_HEADER: sign(endpoint.secret, int(time.time()), body),
                "X-Screening-Event": delivery.event,
                "X-Screening-Delivery": str(delivery.event_id),
            },
            timeout=_conf("TIMEOUT_SECONDS"),
            allow_redirects=False,  # a redirect could lead to an address the check refused
        )
        code = response.status_code
        if 200 <= code < 300:
            return _finish(delivery, WebhookDelivery.Status.SUCCEEDED, code=code)
        error = f"HTTP {code}"
    except ValidationError as exc:
        error = exc.messages[0]
    except requests.RequestException as exc:
        error = type(exc).__name__
    if delivery.attempts < _conf("MAX_ATTEMPTS"):
        wait = _conf("BACKOFF_SECONDS") * 2 ** (delivery.attempts - 1)
        _finish(delivery, WebhookDelivery.Status.PENDING, code=code, error=error, retry_in=wait)
        return Attempt(WebhookDelivery.Status.PENDING, retry_in=wait)
    return _finish(delivery, WebhookDelivery.Status.FAILED, code=code, error=error)


@transaction.atomic
def _finish(
    delivery: WebhookDelivery, status: str, *, code: int | None = None, error: str = "", retry_in: int = 0
) -> Attempt:
    now = timezone.now()
    delivery.status, delivery.response_code, delivery.error = status, code, error[:300]
    delivery.next_attempt_at = now + timedelta(seconds=retry_in) if status == WebhookDelivery.Status.PENDING else None
    delivery.delivered_at = now if status == WebhookDelivery.Status.SUCCEEDED else None
    delivery.save(update_fields=["status", "response_code", "error", "next_attempt_at", "delivered_at", "updated_at"])
    endpoint = WebhookEndpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
    if status == WebhookDelivery.Status.SUCCEEDED and endpoint.consecutive_failures:
        endpoint.consecutive_failures = 0
        endpoint.save(update_fields=["consecutive_failures", "updated_at"])
    elif status == WebhookDelivery.Status.FAILED and endpoint.is_active:
        endpoint.consecutive_failures += 1
        if endpoint.consecutive_failures >= _conf("DISABLE_AFTER_FAILURES"):
            _disable(endpoint)
        endpoint.save(update_fields=["consecutive_failures", "is_active", "disabled_reason", "updated_at"])
    return Attempt(status)


def _disable(endpoint: WebhookEndpoint) -> None:
    endpoint.is_active = False
    endpoint.disabled_reason = f"Disabled after {endpoint.consecutive_failures} deliveries failed in a row."
    audit_record(
        action="webhook.disabled",
        object_type="webhook_endpoint",
        object_id=endpoint.public_id,
        data={"failures": endpoint.consecutive_failures},
    )
    users = (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(is_superuser=True) | Q(groups__name=HIRING_ADMINS) | Q(pk=endpoint.created_by_id))
    )
    recipients = sorted({u.email for u in users if u.email})
    if recipients:
        subject = "A webhook endpoint was disabled"
        message = (
            f"The webhook endpoint {endpoint.url} was disabled: {endpoint.disabled_reason}\n"
            "Fix the receiver, then tick 'active' again in the admin (Webhook endpoints) and resend the failed "
            "deliveries from the delivery log."
        )
        transaction.on_commit(lambda: send_mail(subject, message, None, recipients, fail_silently=True))


@transaction.atomic
def webhook_delivery_resend(
    *, delivery: WebhookDelivery, actor: User | None = None, request: HttpRequest | None = None
) -> bool:
    """Send a failed delivery again (same event id, attempts from zero); False for one that did not fail.
    A delivery that succeeded is never sent again: its receiver has it."""
    from screening.tasks import webhook_deliver

    reset = WebhookDelivery.objects.filter(pk=delivery.pk, status=WebhookDelivery.Status.FAILED).update(
        status=WebhookDelivery.Status.PENDING, attempts=0, next_attempt_at=timezone.now(), updated_at=timezone.now()
    )
    if reset:
        audit_record(
            action="webhook.resent",
            object_type="webhook_delivery",
            object_id=delivery.event_id,
            actor=actor,
            request=request,
        )
        send_after_commit(webhook_deliver, delivery.pk, what="webhook delivery", then="the sweep will send it")
    return bool(reset)


def webhook_deliveries_sweep() -> int:
    """Re-enqueue deliveries whose next attempt is due (their retry message lost, or tasks run in-process
    where a retry cannot wait) and those left `sending` by a worker that died; how many."""
    from screening.tasks import webhook_deliver

    now = timezone.now()
    WebhookDelivery.objects.filter(status=WebhookDelivery.Status.SENDING, updated_at__lt=now - STUCK_SENDING).update(
        status=WebhookDelivery.Status.PENDING, next_attempt_at=now
    )
    due = list(
        WebhookDelivery.objects.filter(status=WebhookDelivery.Status.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:1000]
    )
    for pk in due:
        webhook_deliver.delay(pk)
    return len(due)
