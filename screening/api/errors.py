"""Every API error in one shape, RFC 9457 problem details: `type`, `title`, `status`, `detail`, and
`errors` (field → messages) when input was refused. Field messages are the web form's own."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import APIView, exception_handler

PROBLEM_CONTENT_TYPE = "application/problem+json"
TITLES = {
    400: "Invalid request",
    401: "Not authenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    409: "Conflict",
    413: "Payload too large",
    415: "Unsupported media type",
    422: "Unprocessable content",
    429: "Too many requests",
}


def _field_errors(detail) -> dict[str, list[str]]:
    if isinstance(detail, dict):
        return {str(k): [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in detail.items()}
    if isinstance(detail, list):
        return {"non_field_errors": [str(m) for m in detail]}
    return {}


def problem(
    status_code: int,
    detail: str,
    *,
    errors: dict | None = None,
    headers: dict | None = None,
    extra: dict | None = None,
) -> Response:
    """The problem document; `extra` adds members of its own (RFC 9457 §3.2), e.g. the allowed next stages."""
    body: dict = {
        "type": "about:blank",
        "title": TITLES.get(status_code, "Error"),
        "status": status_code,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    if extra:
        body.update(extra)
    return Response(body, status=status_code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)


def problem_exception_handler(exc, context):
    # Services raise Django's ValidationError with the messages the web form shows: say them the same.
    if isinstance(exc, DjangoValidationError):
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        first = next(iter(messages.values()))[0]
        return problem(status.HTTP_400_BAD_REQUEST, first, errors=messages)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = exception_handler(exc, context)
    if response is None:
        return None  # a bug: Django's 500 handling takes over
    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    errors: dict[str, list[str]] | None = None
    message: str
    if isinstance(exc, exceptions.ValidationError):
        errors = _field_errors(detail)
        first_errors = next(iter(errors.values()), ["Invalid input."])
        message = first_errors[0] if first_errors else "Invalid input."
    elif isinstance(detail, dict):
        message = str(detail.get("detail", "Error"))
    else:
        message = str(detail)
    headers = {k: v for k, v in response.items() if k in ("WWW-Authenticate", "Retry-After", "Allow")}
    return problem(response.status_code, message, errors=errors, headers=headers)


class NotFound(APIView):
    """Any other path under /api/ and any method: a problem document, not the site's HTML page. Like every
    API view it takes no session, so a browser's cookie means nothing here."""

    authentication_classes: list = []
    permission_classes: list = []
    throttle_classes: list = []
    schema = None  # not an endpoint: left out of the OpenAPI document

    def _not_found(self, request, *args, **kwargs) -> Response:
        return problem(status.HTTP_404_NOT_FOUND, "No such API endpoint.")

    get = post = put = patch = delete = head = options = _not_found
