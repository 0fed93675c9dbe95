"""Production settings pass Django's deployment checklist and refuse to start without secrets."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_check(**env):
    full = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    full.update({"DJANGO_SETTINGS_MODULE": "hiring.settings.production", **env})
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=full, capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_is_clean_with_real_secrets():
    out = run_check(SECRET_KEY="k" * 20 + "9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1", ALLOWED_HOSTS="jobs.example.com")
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout


def test_production_refuses_a_missing_secret_key():
    out = run_check(SECRET_KEY="", ALLOWED_HOSTS="jobs.example.com")
    assert out.returncode != 0
    assert "SECRET_KEY" in out.stderr


@pytest.mark.parametrize(
    "key",
    [
        "x" * 64,  # long but guessable
        "ab" * 40,  # fewer than 10 different characters
        "django-insecure-" + "0a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t",  # what startproject writes
        "a" * 40 + "0123456789abcdef",  # one character is most of it
        "test-only-secret-key-not-for-production-use-0123456789",  # the test settings' key
        "k" * 20 + "9f8e7d6c5b4a3f2e",  # too short
    ],
)
def test_production_refuses_a_weak_secret_key(key):
    out = run_check(SECRET_KEY=key, ALLOWED_HOSTS="jobs.example.com")
    assert out.returncode != 0
    assert "SECRET_KEY" in out.stderr


@pytest.mark.parametrize("hosts", ["*", "jobs.example.com,*", "", "*.example.com"])
def test_production_refuses_a_wildcard_or_empty_allowed_hosts(hosts):
    out = run_check(SECRET_KEY="k" * 20 + "9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1", ALLOWED_HOSTS=hosts)
    assert out.returncode != 0
    assert "ALLOWED_HOSTS" in out.stderr
