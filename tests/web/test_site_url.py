"""Links in candidate emails follow the address the site is served on, not a fixed port."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone

from screening.services.notifications import candidate_email_send
from tests.factories import ApplicationFactory

ROOT = Path(__file__).resolve().parents[2]


def site_url(**env) -> str:
    full = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT", "DJANGO_SETTINGS_MODULE"}}
    full.update(env)
    code = "import hiring.settings.local as s; print(s.SITE_URL)"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=full, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.strip()


def test_site_url_defaults_to_the_port_make_run_serves():
    assert site_url() == "http://127.0.0.1:8000"
    assert site_url(PORT="9123") == "http://127.0.0.1:9123"


def test_site_url_from_the_environment_wins():
    assert site_url(PORT="9123", SITE_URL="https://jobs.example.com") == "https://jobs.example.com"


@pytest.mark.django_db
def test_status_links_in_emails_use_site_url(settings, mailoutbox):
    settings.SITE_URL = "http://127.0.0.1:9123/"
    application = ApplicationFactory(stage="interview", candidate__email_confirmed_at=timezone.now())
    assert candidate_email_send(application_id=application.pk, kind="stage_changed")
    [mail] = mailoutbox
    assert re.search(r"http://127\.0\.0\.1:9123/applications/[\w-]{43}/", mail.body)
    assert ":8000" not in mail.body
