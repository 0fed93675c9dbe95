"""Production: secrets and hosts must come from the environment; HTTPS everywhere."""
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

DEBUG = False


def weak_secret_key(key: str) -> str | None:
    """Why `key` cannot sign sessions, password resets and status links in production, or None.

    Long is not enough: "x" * 50 or Django's generated development key would pass a length check, and
    anyone who can guess the key can forge a signed-in recruiter's session.
    """
    if len(key) < 50:
        return "shorter than 50 characters"
    if key.startswith("django-insecure-"):
        return "a development key made by startproject"
    if len(set(key)) < 10:
        return "fewer than 10 different characters"
    if max(key.count(ch) for ch in set(key)) * 2 > len(key):
        return "one character makes up half of it"
    if "not-for-production" in key or key == "test-only-secret-key-not-for-production-use-0123456789":
        return "the test settings' key"
    return None


_weakness = weak_secret_key(SECRET_KEY)  # noqa: F405
if _weakness:
    raise ImproperlyConfigured(
        f"Set SECRET_KEY to at least 50 random characters in the environment (the one given is {_weakness})."
    )
ALLOWED_HOSTS = [host.strip() for host in env.list("ALLOWED_HOSTS") if host.strip()]  # no default: required
if not ALLOWED_HOSTS or any(host in {"*", ".*"} or host.startswith("*") for host in ALLOWED_HOSTS):
    # A wildcard lets any Host header through, and SITE_URL-less links (password resets) would follow it.
    raise ImproperlyConfigured("Set ALLOWED_HOSTS to the site's own host names; '*' accepts any Host header.")

# Behind a proxy that terminates TLS, set SECURE_SSL_REDIRECT=False and redirect at the proxy instead.
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    # Only when the proxy always overwrites this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)  # the header only consents; listing needs a submission
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
