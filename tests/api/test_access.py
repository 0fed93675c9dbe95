"""Each scope reaches only what it names (and only what its user could on the site); the schema and the
docs page are served, with the docs' assets from our own static files."""

from __future__ import annotations

import io

import pytest
import yaml
from django.core.management import call_command
from django.urls import resolve, reverse

from tests.factories import hiring_admin
from tests.filegen import make_txt, sample_resume

pytestmark = pytest.mark.django_db

SCOPES = ("applications:read", "applications:write", "profiles:write", "parse")


def _upload() -> io.BytesIO:
    handle = io.BytesIO(make_txt(sample_resume("Grace Hopper")))
    handle.name = "cv.txt"
    return handle


def endpoints(job, app):
    """(method, url, body, the one scope that opens it) for every endpoint."""
    profile = job.profile.slug
    return [
        ("get", reverse("api:jobs"), None, {"applications:read"}),
        ("get", reverse("api:job", args=[job.slug]), None, {"applications:read"}),
        ("get", reverse("api:job_applications", args=[job.slug]), None, {"applications:read"}),
        ("get", reverse("api:application", args=[app.public_id]), None, {"applications:read"}),
        ("get", reverse("api:application_notes", args=[app.public_id]), None, {"applications:read"}),
        ("post", reverse("api:application_notes", args=[app.public_id]), {"body": "ok"}, {"applications:write"}),
        (
            "post",
            reverse("api:application_stage", args=[app.public_id]),
            {"stage": "screening"},
            {"applications:write"},
        ),
        (
            "post",
            reverse("api:job_applications", args=[job.slug]),
            {"name": "G H", "email": "gh@example.com", "legal_basis": "consent", "resume": _upload},
            {"applications:write"},
        ),
        ("post", reverse("api:parse"), {"resume": _upload}, {"parse"}),
        ("get", reverse("api:profiles"), None, {"applications:read", "profiles:write"}),
        ("get", reverse("api:profile", args=[profile]), None, {"applications:read", "profiles:write"}),
        ("get", reverse("api:profile_draft", args=[profile]), None, {"profiles:write"}),
        ("post", reverse("api:profile_publish", args=[profile]), None, {"profiles:write"}),
    ]


@pytest.mark.parametrize("scope", SCOPES)
def test_each_scope_reaches_only_what_it_names(job, pool, make_client, scope):
    # A hiring admin holds every role on the site, so only the key's scope can refuse.
    client = make_client(scope, user=hiring_admin())
    for method, url, body, opens in endpoints(job, pool["ml"]):
        if body is not None:
            body = {k: v() if callable(v) else v for k, v in body.items()}
        response = getattr(client, method)(url, body, format="multipart" if body else None)
        if scope in opens:
            # 409: publishing a draft that matches the published version is refused, as on the web.
            assert response.status_code in (200, 201, 409), (scope, method, url, response.content[:300])
        else:
            assert response.status_code == 403, (scope, method, url, response.status_code)
            assert "lacks the" in response.json()["detail"]


def test_every_api_route_is_in_the_scope_matrix(job, pool):
    from tests.security.conftest import url_patterns

    routes = {route for route, _, _ in url_patterns() if route.startswith("api/")}
    declared = {resolve(url).route for _, url, _, _ in endpoints(job, pool["ml"])}
    public = {"api/v1/schema/", "api/v1/docs/", "api/v1/"}  # describe the API, hold no data; the 404 catch-all
    assert len(declared) == 11  # 13 method and route pairs
    assert routes - public == declared, sorted(routes ^ (declared | public))


def test_a_signed_in_browser_session_does_not_reach_the_api(job, pool, client):
    # Sessions are not an API credential: no key, no access, so no cross-site request can use a recruiter's cookie.
    client.force_login(hiring_admin())
    for method, url, _, _ in endpoints(job, pool["ml"]):
        response = getattr(client, method)(url)
        assert response.status_code == 401, (method, url)


def test_schema_describes_every_endpoint_and_docs_are_served_locally(client):
    schema = yaml.safe_load(client.get(reverse("api:schema")).content)
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for expected in (
        "/api/v1/jobs/",
        "/api/v1/jobs/{slug}/applications/",
        "/api/v1/applications/{public_id}/",
        "/api/v1/applications/{public_id}/stage/",
        "/api/v1/parse/",
        "/api/v1/profiles/{slug}/draft/",
    ):
        assert expected in paths
    assert "apiKey" in schema["components"]["securitySchemes"]
    page = client.get(reverse("api:docs")).content.decode()
    assert "swagger-ui" in page and "cdn" not in page.lower() and "//unpkg" not in page
    assert "/static/drf_spectacular_sidecar/" in page
    assert "<style" not in page and "<script>" not in page  # nothing inline for the CSP to block


def test_schema_generates_without_warnings_and_validates():
    # drf-spectacular checks the generated document against the OpenAPI 3 meta-schema.
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.parametrize("method", ["get", "post", "delete"])
def test_unknown_api_paths_and_malformed_ids_are_404_problems(client, method):
    for url in ("/api/v1/nothing/", "/api/v1/applications/not-a-uuid/"):
        response = getattr(client, method)(url)
        assert response.status_code == 404, (method, url)
        assert response["Content-Type"].startswith("application/problem+json")
        assert response.json()["status"] == 404
