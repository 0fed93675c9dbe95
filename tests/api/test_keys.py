"""API keys: stored as a digest, shown once by the command, scoped, revocable, rate limited per key."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from rest_framework.test import APIClient

from screening import services
from screening.api.throttles import ApiKeyRateThrottle
from screening.models import ApiKey, AuditEvent
from tests.factories import UserFactory, recruiter

pytestmark = pytest.mark.django_db


def test_command_prints_a_key_that_is_stored_only_as_a_digest():
    user = recruiter(username="ats")
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_key", "ats", "--scopes", "applications:read,parse", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    key = ApiKey.objects.get(user=user)
    assert raw.startswith("sk_") and len(raw) > 40
    assert key.digest == hashlib.sha256(raw.encode()).hexdigest()
    assert raw not in str(ApiKey.objects.filter(pk=key.pk).values().first())
    assert key.scopes == ["applications:read", "parse"]
    assert AuditEvent.objects.filter(action="api_key.created", object_id=str(key.public_id)).exists()


def test_command_refuses_unknown_scopes_and_users():
    recruiter(username="ats")
    with pytest.raises(CommandError, match="Unknown scope"):
        call_command("create_api_key", "ats", "--scopes", "applications:read,everything", stdout=io.StringIO())
    with pytest.raises(CommandError, match="No user"):
        call_command("create_api_key", "nobody", "--scopes", "parse", stdout=io.StringIO())
    assert not ApiKey.objects.exists()


def test_bearer_key_is_accepted_and_marks_last_use(job, make_client):
    client = make_client("applications:read")
    response = client.get(reverse("api:jobs"))
    assert response.status_code == 200
    assert [j["slug"] for j in response.json()] == ["machine-learning-engineer"]
    assert ApiKey.objects.get().last_used_at is not None


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer sk_not-a-real-key", "Token sk_x", "Basic dXNlcjpwYXNz"])
def test_missing_or_bad_keys_get_a_401_problem(job, header):
    client = APIClient()
    if header:
        client.credentials(HTTP_AUTHORIZATION=header)
    response = client.get(reverse("api:jobs"))
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/problem+json")
    assert response["WWW-Authenticate"].startswith("Bearer")
    body = response.json()
    assert body["status"] == 401 and body["title"] == "Not authenticated" and body["detail"]


def test_a_revoked_key_is_refused(job, make_client):
    client = make_client("applications:read")
    assert client.get(reverse("api:jobs")).status_code == 200
    key = ApiKey.objects.get()
    assert services.api_key_revoke(api_key=key) is True
    assert services.api_key_revoke(api_key=key) is False
    assert client.get(reverse("api:jobs")).status_code == 401
    assert AuditEvent.objects.filter(action="api_key.revoked").count() == 1


def test_a_key_of_a_deactivated_user_is_refused(job, make_client):
    user = recruiter()
    client = make_client("applications:read", user=user)
    user.is_active = False
    user.save()
    assert client.get(reverse("api:jobs")).status_code == 401


def test_a_key_reaches_no_more_than_its_user_could_on_the_site(job, make_client):
    # The scope is there, but the user is no recruiter: the web would refuse them the list too.
    client = make_client("applications:read", user=UserFactory())
    response = client.get(reverse("api:jobs"))
    assert response.status_code == 403
    assert "may not" in response.json()["detail"]


def test_rate_limit_is_per_key(job, make_client, monkeypatch):
    monkeypatch.setattr(ApiKeyRateThrottle, "THROTTLE_RATES", {**ApiKeyRateThrottle.THROTTLE_RATES, "api_key": "3/min"})
    first, second = make_client("applications:read"), make_client("applications:read")
    codes = [first.get(reverse("api:jobs")).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = first.get(reverse("api:jobs"))
    assert limited.json()["status"] == 429 and int(limited["Retry-After"]) > 0
    assert second.get(reverse("api:jobs")).status_code == 200  # another key has its own budget
