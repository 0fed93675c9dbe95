"""Schemathesis: requests generated from our own OpenAPI schema, sent to every operation with a key that
holds every scope (a hiring admin's). No answer may be a server error, and every answer must match the
schema (status code documented or not, its body must fit what the schema says for it)."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import content_type_conformance, not_a_server_error, response_schema_conformance

from screening import services
from screening.models import ApiKey, Job
from screening.services.setup import defaults_load
from tests.factories import hiring_admin

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())


@pytest.fixture
def in_test_transaction():
    """Requests go straight to the WSGI app: keep it from closing the test's database connection after
    each one, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(db, monkeypatch, in_test_transaction, django_capture_on_commit_callbacks) -> dict:
    """A key with every scope (a hiring admin's), and real rows for the path parameters."""
    from screening.api.throttles import ApiKeyRateThrottle
    from tests.api.conftest import apply
    from tests.filegen import sample_resume

    # Many requests in a row from one key: the rate limit is tested elsewhere (tests/api/test_keys.py).
    monkeypatch.setattr(ApiKeyRateThrottle, "allow_request", lambda self, request, view: True)
    defaults_load()
    job = Job.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        application = apply(job, "Ada Lovelace", sample_resume("Ada Lovelace"))
    _, raw = services.api_key_create(user=hiring_admin(), scopes=ApiKey.Scope.values)
    real = {"slug": job.slug, "public_id": str(application.public_id)}
    return {"headers": {"Authorization": f"Bearer {raw}"}, "real": real, "profile": job.profile.slug}


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=20, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_every_operation_answers_within_its_schema(case, world):
    checks = [not_a_server_error, response_schema_conformance, content_type_conformance]
    case.call_and_validate(headers=world["headers"], checks=checks)
    if case.path_parameters:
        # The same request again on real rows, so that it reaches past the lookup into the work itself.
        real = {**world["real"], "slug": world["profile"] if "/profiles/" in case.path else world["real"]["slug"]}
        case.path_parameters = {name: real.get(name, value) for name, value in case.path_parameters.items()}
        case.call_and_validate(headers=world["headers"], checks=checks)
