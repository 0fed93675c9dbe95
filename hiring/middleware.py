"""The client's own address when the app runs behind trusted reverse proxies.

Sign-in lockout (django-axes), the apply form's rate limit (django-ratelimit) and the audit log all read
REMOTE_ADDR. Behind a proxy that is the proxy's address for every request: one candidate's burst would
throttle everyone, and a few wrong passwords would lock a recruiter out for all.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed


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
