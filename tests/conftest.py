"""Shared test setup."""
import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The cache holds rate-limit counters: each test starts with none (core tests run without Django)."""
    from django.conf import settings

    if settings.configured:
        from django.core.cache import cache

        cache.clear()
    yield
