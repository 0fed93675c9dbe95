"""The client's own address when the app runs behind trusted reverse proxies.

Sign-in lockout (django-axes), the apply form's rate limit (django-ratelimit) and the audit log all read
REMOTE_ADDR. Behind a proxy that is the proxy's address for every request: one candidate's burst would
throttle everyone, and a few wrong passwords would lock a recruiter out for all.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.utils.cache import patch_cache_control


class TrustedProxyMiddleware:
    """Sets REMOTE_ADDR to the client address recorded by the last TRUSTED_PROXY_COUNT proxies.

    Each proxy appends the address it received the request from to X-Forwarded-For, so with N trusted
    proxies the client is the N-th entry from the right. Entries further left were written by the client
    and could name any address: they are never used. Without trusted proxies (the default) the header is
    not read at all.
    """

    def __init__(self, get_response):
        self.count = settings.TRUSTED_PROXY_COUNT
        if self.count <= 0:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        # Shorter than the chain of proxies: the request did not come through them; keep the peer address.
        if len(forwarded) >= self.count:
            client = forwarded[-self.count]
            try:
                request.META["REMOTE_ADDR"] = str(ipaddress.ip_address(client))
            except ValueError:
                pass  # not an address (a misconfigured proxy): keep the peer's
        return self.get_response(request)


class PrivateResponsesMiddleware:
    """`Cache-Control: no-store, private` on every response a view makes.

    Nearly every page names someone: a recruiter's list and candidate pages, the JSON fragments that
    refresh them, a candidate's status page and export, the audit's counts. A shared proxy or the browser's
    disk cache would otherwise keep them after sign-out. The public careers pages carry no personal data
    but are cheap to render, so one rule for all beats a list of exceptions that a new view could miss.
    Static files are answered by WhiteNoise before this middleware and keep their long cache lifetime.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(response, no_store=True, private=True)  # (drops a "public" a view set)
        return response
