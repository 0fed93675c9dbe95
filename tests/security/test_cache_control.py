"""`Cache-Control: no-store, private` on every response a view makes: pages, JSON fragments, exports,
refusals and redirects, for every role, so no proxy or browser cache keeps anyone's personal data."""

from __future__ import annotations

import pytest

from tests.security.conftest import ROLES, World, role_client
from tests.security.test_access_matrix import MATRIX, fill, real_values

pytestmark = pytest.mark.django_db


def assert_private(response, what) -> None:
    directives = {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",")}
    assert {"no-store", "private"} <= directives, (what, response.status_code, response.get("Cache-Control"))
    assert "public" not in directives, what


@pytest.mark.parametrize("route", sorted(MATRIX))
def test_every_route_answers_no_store_private_to_every_role(world: World, route):
    url = fill(route, **real_values(world, route))
    for role in ROLES:
        client = role_client(world, role)
        assert_private(client.get(url), (role, "GET", url))
        assert_private(client.post(url), (role, "POST", url))


def test_json_fragments_of_the_ranking_are_private(world: World):
    client = role_client(world, "recruiter")
    for name in ("count", "rows"):
        url = f"/recruiter/jobs/{world.job.slug}/{name}/"
        response = client.get(url, {"ids": str(world.application.public_id)}, HTTP_X_REQUESTED_WITH="fetch")
        assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
        assert_private(response, url)


def test_not_found_pages_and_django_admin_are_private_too(world: World):
    client = role_client(world, "hiring_admin")
    assert_private(client.get("/no-such-page/"), "404")
    assert_private(client.get("/admin/"), "admin")
    assert_private(client.get(f"/applications/{'x' * 43}/"), "unknown token")
