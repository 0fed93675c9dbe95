"""Shared setup of the API tests: the default job, processed candidates, and keys with chosen scopes."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from screening import services
from screening.models import Application, Job, Resume
from screening.services.setup import defaults_load
from tests.factories import recruiter
from tests.filegen import make_txt, sample_resume

BARISTA = """{name}
{email}

Experience
Barista
Corner Coffee
Jan 2022 - Present
Served customers and trained new staff.
"""


def apply(job: Job, name: str, text: str) -> Application:
    email = name.lower().replace(" ", ".") + "@example.com"
    return services.application_submit(
        job=job,
        name=name,
        email=email,
        resume_name="resume.txt",
        resume_data=make_txt(text.format(name=name, email=email) if "{name}" in text else text),
        consent=True,
    )


@pytest.fixture
def job(db) -> Job:
    defaults_load()
    return Job.objects.get(slug="machine-learning-engineer")


@pytest.fixture
def pool(job, django_capture_on_commit_callbacks) -> dict[str, Application]:
    with django_capture_on_commit_callbacks(execute=True):
        apps = {
            "ml": apply(job, "Ada Lovelace", sample_resume("Ada Lovelace")),
            "barista": apply(job, "Bea Barista", BARISTA),
        }
    for app in apps.values():
        app.refresh_from_db()
        assert app.current_resume.status == Resume.Status.PROCESSED
    return apps


@pytest.fixture
def make_client(db):
    """A client sending a new key of `user` (a recruiter by default) with `scopes`."""

    def make(*scopes: str, user=None) -> APIClient:
        user = user or recruiter()
        _, raw = services.api_key_create(user=user, scopes=list(scopes))
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
        client.raw_key = raw
        return client

    return make
