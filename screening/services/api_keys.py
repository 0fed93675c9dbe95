"""API keys: made (shown once, stored as a digest), checked on each request, revoked."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from screening.models import ApiKey

from .audit import audit_record

KEY_PREFIX = "sk_"
# Writing last-used on every request would make every API read a write; a minute is precise enough.
LAST_USED_PRECISION = timedelta(minutes=1)


def api_key_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def api_key_create(
    *,
    user: User,
    scopes: list[str],
    name: str = "",
    actor: User | None = None,
    request: HttpRequest | None = None,
) -> tuple[ApiKey, str]:
    """A new key for `user` with `scopes`; returns the row and the key itself, which is never stored."""
    scopes = sorted(set(scopes))
    unknown = [s for s in scopes if s not in ApiKey.Scope.values]
    if unknown or not scopes:
        raise ValidationError(
            f"Unknown scope {', '.join(unknown)}; choose from {', '.join(ApiKey.Scope.values)}."
            if unknown
            else f"Give at least one scope: {', '.join(ApiKey.Scope.values)}.",
            code="invalid_scope",
        )
    if not user.is_active:
        raise ValidationError("The user is not active.", code="inactive_user")
    raw = KEY_PREFIX + secrets.token_urlsafe(32)
    api_key = ApiKey(user=user, name=name.strip()[:100], prefix=raw[:10], digest=api_key_digest(raw), scopes=scopes)
    api_key.full_clean()
    api_key.save()
    audit_record(
        action="api_key.created",
        object_type="api_key",
        object_id=api_key.public_id,
        actor=actor,
        request=request,
        data={"user_id": user.pk, "scopes": scopes},
    )
    return api_key, raw


@transaction.atomic
def api_key_revoke(
    *, api_key: ApiKey, actor: User | None = None, request: HttpRequest | None = None
) -> bool:
    """Refuse the key from now on; False if it was already revoked."""
    revoked = ApiKey.objects.filter(pk=api_key.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    if revoked:
        api_key.refresh_from_db(fields=["revoked_at"])
        audit_record(
            action="api_key.revoked", object_type="api_key", object_id=api_key.public_id, actor=actor, request=request
        )
    return bool(revoked)


def api_key_authenticate(*, raw: str) -> ApiKey | None:
    """The active key `raw` names (with its user), noting when it was used; None for an unknown or revoked key."""
    if not raw.startswith(KEY_PREFIX) or len(raw) > 100:
        return None
    api_key = (
        ApiKey.objects.select_related("user")
        .filter(digest=api_key_digest(raw), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if api_key is None:
        return None
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at >= LAST_USED_PRECISION:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now
    return api_key
