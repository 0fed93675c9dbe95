"""Production settings pass Django's deployment checklist and refuse to start without secrets."""
import os
import subprocess
import sys
from pathlib import Path

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
