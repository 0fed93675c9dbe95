"""Status tokens, email addresses and recruiters' search terms never reach the logs.

The records are read where they end up: the stream of the handler the project's LOGGING configures, with
its filter, during a real application, status page visits, a recruiter's search, a sign-in lockout under
an email-shaped user name, runserver's request lines and Django's "Internal Server Error: <path>".
"""

from __future__ import annotations

import io
import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils.log import log_response

from hiring.log_redaction import RedactPersonalData, redact
from tests.filegen import make_txt, sample_resume
from tests.security.conftest import World, role_client

pytestmark = pytest.mark.django_db

EMAIL = "nadia.okonkwo@example.org"
SEARCH = "Okonkwo Nagpur"


@pytest.fixture
def log_output():
    """What the configured handlers write, for the length of a test."""
    handlers = [h for h in logging.getLogger().handlers if any(isinstance(f, RedactPersonalData) for f in h.filters)]
    assert handlers, "the project's LOGGING has no handler with the redaction filter"
    server = logging.getLogger("django.server")
    assert not server.propagate and set(server.handlers) & set(handlers), "runserver's lines bypass the filter"
    stream = io.StringIO()
    previous = [h.setStream(stream) for h in handlers]
    try:
        yield stream
    finally:
        for handler, old in zip(handlers, previous, strict=True):
            handler.setStream(old)


def test_tokens_emails_and_search_terms_are_never_written_to_the_logs(world: World, log_output):
    client = Client()
    resume = SimpleUploadedFile("cv.txt", make_txt(sample_resume("Nadia Okonkwo", email=EMAIL)), "text/plain")
    response = client.post(
        reverse("careers:apply", args=[world.job.slug]),
        {"name": "Nadia Okonkwo", "email": EMAIL, "phone": "", "consent": "on", "resume": resume},
    )
    assert response.status_code == 302  # to the new application's status page: only its hash is stored
    status_path = response["Location"]
    token = status_path.rstrip("/").rsplit("/", 1)[-1]
    assert status_path == f"/applications/{token}/" and len(token) >= 32
    client.get(status_path)
    client.get(f"/applications/{token[:-1]}x/")  # a mistyped link: 404
    role_client(world, "recruiter").get(reverse("recruiter:ranking", args=[world.job.slug]), {"q": SEARCH})
    for _ in range(6):  # django-axes logs the user name of a lockout
        Client().post(reverse("login"), {"username": EMAIL, "password": "wrong"}, REMOTE_ADDR="203.0.113.9")
    # What runserver writes for each request, and Django for a server error, through their own loggers.
    logging.getLogger("django.server").info('"%s" %s %s', f"GET {status_path}?email={EMAIL} HTTP/1.1", 200, 512)
    logging.getLogger("django.server").info('"%s" %s %s', "GET /recruiter/jobs/x/?q=Okonkwo+Nagpur HTTP/1.1", 200, 1)
    request = RequestFactory().get(status_path)
    try:
        raise ValueError(f"no candidate for {EMAIL}")
    except ValueError:
        log_response("%s: %s", "Internal Server Error", request.path, response=HttpResponse(status=500),
                     request=request, exception=ValueError(EMAIL))
        logging.getLogger("screening").exception("lookup failed")

    written = log_output.getvalue()
    assert "Internal Server Error" in written and "django.server" in written and "[token]" in written
    assert "[email]" in written and "[redacted]" in written
    for secret in (token, EMAIL, "Okonkwo", "Nagpur", token[:-1] + "x"):
        assert secret not in written, secret


def test_redaction_keeps_what_operators_need():
    line = '"GET /recruiter/jobs/ml-engineer/?q=priya&page=2 HTTP/1.1" 200 5120'
    assert redact(line) == '"GET /recruiter/jobs/ml-engineer/?q=[redacted]&page=[redacted] HTTP/1.1" 200 5120'
    assert redact("resume 42: processed") == "resume 42: processed"
    assert redact("Not Found: /applications/abc/export/") == "Not Found: /applications/[token]/export/"
