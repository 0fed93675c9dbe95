"""`Authorization: Bearer <key>`: the key's user is the request's user, the key is `request.auth`."""

from __future__ import annotations

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from django.contrib.auth.models import User
from rest_framework import authentication, exceptions

from screening import services
from screening.models import ApiKey


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode("latin-1")
        if not header:
            return None
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != self.keyword.lower() or not raw.strip():
            raise exceptions.AuthenticationFailed("Send the key as 'Authorization: Bearer <key>'.")
        api_key = services.api_key_authenticate(raw=raw.strip())
        if api_key is None:
            # One message for unknown, revoked and disabled-user keys: a caller learns nothing more.
            raise exceptions.AuthenticationFailed("The API key is not valid (unknown or revoked).")
        return api_key.user, api_key

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'  # makes a missing key a 401 (with this header), not a 403


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "screening.api.authentication.ApiKeyAuthentication"
    name = "apiKey"

    def get_security_definition(self, auto_schema):
        return {"type": "http", "scheme": "bearer", "description": "An API key from `manage.py create_api_key`."}


def key_user(request) -> User:
    """The user of the request's API key: every API view requires one (`HasKeyScope`), so this only
    narrows the type; a request without one is refused as unauthenticated."""
    if not isinstance(request.user, User):
        raise exceptions.NotAuthenticated()
    return request.user


def request_key(request) -> ApiKey:
    """The API key the request was authenticated with."""
    if not isinstance(request.auth, ApiKey):
        raise exceptions.NotAuthenticated()
    return request.auth
