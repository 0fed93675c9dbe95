"""Rate limits per API key (not per address: many systems may sit behind one)."""

from __future__ import annotations

from rest_framework.throttling import SimpleRateThrottle

from screening.models import ApiKey


class ApiKeyRateThrottle(SimpleRateThrottle):
    scope = "api_key"

    def get_cache_key(self, request, view):
        if not isinstance(request.auth, ApiKey):
            return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class ParseRateThrottle(ApiKeyRateThrottle):
    scope = "api_parse"
