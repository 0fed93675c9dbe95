"""Looking up what a secret link opens: by the hash of the value sent, never the value itself."""
from __future__ import annotations

import datetime
import hmac

from django.utils import timezone

from django.db.models import QuerySet

from screening.models import AddressConfirmation, Application, Candidate, HeldSubmission, StatusLink
from screening.models.identity import secret_digest


def application_for_status_token(token: str) -> Application | None:
    """The application a live status link opens, or None (unknown, revoked, or not a token at all)."""
    if not token or len(token) > 100:
        return None
    digest = secret_digest(token)
    link = (
        StatusLink.objects.filter(token_hash=digest, revoked_at__isnull=True)
        .select_related("application__job", "application__candidate", "application__current_resume__parse")
        .first()
    )
    # The database compares digests of what was sent, so its timing says nothing about a real token;
    # the constant-time compare keeps it so whatever the index does.
    if link is None or not hmac.compare_digest(link.token_hash, digest):
        return None
    return link.application


def confirmation_for_token(token: str, *, now: datetime.datetime | None = None) -> AddressConfirmation | None:
    """The live (unused, unexpired) confirmation this link is, without using it: for the page that asks."""
    if not token or len(token) > 100:
        return None
    digest = secret_digest(token)
    confirmation = (
        AddressConfirmation.objects.filter(
            token_hash=digest, used_at__isnull=True, expires_at__gt=now or timezone.now()
        )
        .select_related("candidate", "application__job", "held__job")
        .first()
    )
    if confirmation is None or not hmac.compare_digest(confirmation.token_hash, digest):
        return None
    if confirmation.candidate.erased_at or confirmation.candidate.anonymised_at:
        return None
    return confirmation


def held_submissions_for(*, candidate: Candidate) -> QuerySet[HeldSubmission]:
    """Submissions under the candidate's address waiting for the owner to confirm them (recruiters see
    that they exist, for which job and when; never what they say)."""
    return HeldSubmission.objects.filter(candidate=candidate, confirmed_at__isnull=True).select_related("job")
