"""Writes audit events: who did what to which object. Callers pass ids and non-personal details only."""
from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest

from screening.models import AuditEvent


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    action: str,
    object_type: str,
    object_id: Any,
    actor: User | None = None,
    actor_kind: str | None = None,
    request: HttpRequest | None = None,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditEvent.objects.create(
        actor=actor,
        actor_kind=actor_kind or ("user" if actor is not None else "system"),
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        ip=client_ip(request),
        data=data or {},
    )
