"""Writes that arrive through the API with an `Idempotency-Key`: a retried request gets the first result
instead of a second application, and the key reused for a different request is refused."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from screening.models import ApiKey, Application, IdempotentRequest, Job

from .applications import application_submit


class IdempotencyKeyReused(ValidationError):
    """The key was first used for a request with other contents."""


def request_fingerprint(*, method: str, path: str, fields: dict[str, Any], file_sha256: str = "") -> str:
    body = json.dumps({"m": method, "p": path, "f": fields, "file": file_sha256}, sort_keys=True, default=str)
    return hashlib.sha256(body.encode()).hexdigest()


def application_submit_once(
    *, api_key: ApiKey, idempotency_key: str = "", fingerprint: str = "", job: Job, **submission: Any
) -> tuple[Application, bool]:
    """`application_submit` from the API, once per idempotency key; (application, replayed).

    Two requests racing with one key: the second insert of the key waits for the first transaction and then
    fails on the unique key, so its own application rolls back and it answers with the first one's."""
    if not idempotency_key:
        return _trusted_submit(job, submission), False
    for _ in range(2):
        try:
            return _submit_once(api_key, idempotency_key, fingerprint, job, submission)
        except IntegrityError:
            continue
    raise IdempotencyKeyReused("This Idempotency-Key is being used by another request; retry.", code="idempotency_busy")


@transaction.atomic
def _submit_once(api_key, idempotency_key, fingerprint, job, submission) -> tuple[Application, bool]:
    earlier = (
        IdempotentRequest.objects.select_related("application").filter(api_key=api_key, key=idempotency_key).first()
    )
    if earlier is not None:
        if earlier.fingerprint != fingerprint or earlier.application is None:
            raise IdempotencyKeyReused(
                "This Idempotency-Key was already used for a different request.", code="idempotency_reused"
            )
        return earlier.application, True
    application = _trusted_submit(job, submission)
    with transaction.atomic():
        IdempotentRequest.objects.create(
            api_key=api_key, key=idempotency_key, fingerprint=fingerprint, application=application
        )
    return application, False


def _trusted_submit(job: Job, submission: dict[str, Any]) -> Application:
    # API submissions come from an authenticated, trusted source: the key's user vouches for the email
    # address, so the submission is never held for the address's owner (services.identity).
    application = application_submit(job=job, source=Application.Source.API, trusted=True, **submission)
    if not isinstance(application, Application):
        raise TypeError("a trusted submission was held")
    return application
