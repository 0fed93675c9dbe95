"""Profiles through the API: versions and weights to read; draft and publish with `profiles:write`."""

from __future__ import annotations

import pytest
from django.urls import reverse

from screening.models import AuditEvent, ProfileVersion, RescoreRun
from tests.factories import hiring_admin

pytestmark = pytest.mark.django_db


def test_profile_shows_versions_and_published_weights(job, make_client):
    client = make_client("applications:read")
    profiles = client.get(reverse("api:profiles")).json()
    assert [p["slug"] for p in profiles] == [job.profile.slug]
    body = client.get(reverse("api:profile", args=[job.profile.slug])).json()
    assert body["published_version"] == 1 and [v["number"] for v in body["versions"]] == [1]
    assert round(sum(w["possible"] for w in body["weights"])) == 100
    hands_on = next(w for w in body["weights"] if w["key"] == "applied-ml")
    assert hands_on["must_have"] is True and hands_on["weight"] > 0
    python = next(w for w in body["weights"] if w["key"] == "python")
    assert python["must_have"] is False and 0 < python["weight"] < hands_on["weight"]
    # The draft's full spec is an admin's: a reading key does not get it.
    assert client.get(reverse("api:profile_draft", args=[job.profile.slug])).status_code == 403


def test_draft_edit_and_publish_make_a_new_version_and_rescore(job, make_client):
    client = make_client("profiles:write", user=hiring_admin())
    url = reverse("api:profile_draft", args=[job.profile.slug])
    draft = client.get(url).json()
    assert draft["unpublished_changes"] is False
    unchanged = client.post(reverse("api:profile_publish", args=[job.profile.slug]))
    assert unchanged.status_code == 409 and "already matches" in unchanged.json()["detail"]
    competencies = draft["spec"]["competencies"]
    competencies[0]["weight"] = competencies[0]["weight"] + 5
    changed = client.put(url, {"settings": {"must_have_factor": 0.5}, "competencies": competencies}, format="json")
    assert changed.status_code == 200 and changed.json()["changes"]
    assert client.get(url).json()["unpublished_changes"] is True
    published = client.post(reverse("api:profile_publish", args=[job.profile.slug]))
    assert published.status_code == 201 and published.json()["version"] == 2
    assert ProfileVersion.objects.filter(profile=job.profile).count() == 2
    assert RescoreRun.objects.filter(profile_version__number=2).exists()
    assert AuditEvent.objects.filter(action="profile.published", actor__isnull=False).exists()
    bad = client.put(url, {"settings": {"must_have_factor": 7}, "competencies": competencies}, format="json")
    assert bad.status_code == 400 and "Enter a share from 0 to 1" in bad.json()["detail"]  # words, not a constraint name
    job.profile.refresh_from_db()
    assert job.profile.must_have_factor == 0.5
    keyless = client.put(url, {"competencies": [{"name": "No key"}]}, format="json")
    assert keyless.status_code == 400 and "competencies" in keyless.json()["errors"]


def test_profiles_write_needs_a_hiring_admin(job, make_client):
    # A recruiter's key with the scope still cannot edit profiles: the web would not let them either.
    client = make_client("profiles:write")
    assert client.post(reverse("api:profile_publish", args=[job.profile.slug])).status_code == 403
    assert ProfileVersion.objects.count() == 1
