"""Who may open what: every URL pattern of the project x every role x GET and POST, against a declared matrix.

The URL patterns are read from the resolver, so a view added without an entry here fails
`test_every_url_pattern_has_a_declared_access_rule` until someone decides who may open it. Path parameters
are filled with real rows (the job, its profile, an application, that application's token); unknown and
foreign ids are checked for every pattern that takes one. Django admin is covered at the end of this file.

Outcomes: an HTTP status, "login" (302 to the sign-in page with ?next=) or "redirect" (302 elsewhere: the
view did its work, or refused the input with a message, and sends the browser on).
"""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from screening.models import Application, StatusLink
from screening.permissions import HIRING_ADMINS, RECRUITERS
from screening.services.identity import Purpose, address_confirmation_issue
from tests.factories import UserFactory
from tests.security.conftest import ROLES, World, is_admin_route, role_client, url_patterns

pytestmark = pytest.mark.django_db

LOGIN = "login"
REDIRECT = "redirect"
METHODS = ("GET", "POST")


def everyone(outcome) -> dict[str, object]:
    return dict.fromkeys(ROLES, outcome)


def signed_in(anonymous, signed_in) -> dict[str, object]:
    """Different for people with and without an account (the candidate has none)."""
    return {r: anonymous if r in ("anonymous", "candidate") else signed_in for r in ROLES}


def recruiters(outcome) -> dict[str, object]:
    """Recruiter workspace: sign in first; accounts outside both groups (staff included) are refused."""
    return {
        "anonymous": LOGIN,
        "candidate": LOGIN,
        "user": 403,
        "staff": 403,
        "recruiter": outcome,
        "hiring_admin": outcome,
    }


def hiring_admins(outcome) -> dict[str, object]:
    """Profile editor: hiring admins only; recruiters are refused."""
    return {**recruiters(403), "hiring_admin": outcome}


def auditors(outcome) -> dict[str, object]:
    """Bias audit: hiring admins (and the Auditors group, tested in tests/web/test_audit_pages.py)."""
    return hiring_admins(outcome)


# route -> method -> role -> expected outcome. Requests carry no form data: POSTs that need input are
# refused by form validation (400, or a redirect with a message), which is still "allowed in".
MATRIX: dict[str, dict[str, dict[str, object]]] = {
    # --- project -------------------------------------------------------------------------------------
    "": {"GET": everyone(REDIRECT), "POST": everyone(REDIRECT)},  # to the careers page; changes nothing
    "accounts/login/": {"GET": signed_in(200, REDIRECT), "POST": signed_in(200, REDIRECT)},
    "accounts/logout/": {"GET": everyone(405), "POST": everyone(REDIRECT)},
    "favicon.ico": {"GET": everyone(REDIRECT), "POST": everyone(405)},  # to the static icon
    # --- public careers site ---------------------------------------------------------------------------
    "careers/": {"GET": everyone(200), "POST": everyone(405)},
    "careers/<slug:slug>/": {"GET": everyone(200), "POST": everyone(405)},
    "careers/<slug:slug>/apply/": {"GET": everyone(200), "POST": everyone(400)},
    "careers/<slug:slug>/applied/": {"GET": everyone(200), "POST": everyone(405)},
    # --- the candidate's pages: the token is the key, whoever holds it ----------------------------------
    "applications/<str:token>/": {"GET": everyone(200), "POST": everyone(405)},
    "applications/<str:token>/correction/": {"GET": everyone(405), "POST": everyone(400)},
    "applications/<str:token>/resume/": {"GET": everyone(405), "POST": everyone(400)},
    "applications/<str:token>/withdraw/": {"GET": everyone(200), "POST": everyone(200)},  # no confirmation: asks again
    "applications/<str:token>/erase/": {"GET": everyone(200), "POST": everyone(200)},
    "applications/<str:token>/export/": {"GET": everyone(405), "POST": everyone(REDIRECT)},  # emails a link
    # An emailed single-use link: GET shows what it does, a POST without the confirmation field uses nothing.
    "applications/confirm/<str:link>/": {"GET": everyone(200), "POST": everyone(200)},
    "applications/<str:token>/human-review/": {"GET": everyone(405), "POST": everyone(REDIRECT)},
    "applications/<str:token>/self-identification/": {"GET": everyone(405), "POST": everyone(REDIRECT)},  # no answers
    # --- profile editor ---------------------------------------------------------------------------------
    "recruiter/profiles/": {"GET": hiring_admins(200), "POST": hiring_admins(405)},
    "recruiter/profiles/<slug:slug>/": {"GET": hiring_admins(200), "POST": hiring_admins(200)},  # form errors
    "recruiter/profiles/<slug:slug>/preview/": {"GET": hiring_admins(200), "POST": hiring_admins(405)},
    "recruiter/profiles/<slug:slug>/publish/": {"GET": everyone(405), "POST": hiring_admins(REDIRECT)},
    "recruiter/profiles/<slug:slug>/clone/": {"GET": everyone(405), "POST": hiring_admins(REDIRECT)},
    "recruiter/profiles/<slug:slug>/discard/": {"GET": everyone(405), "POST": hiring_admins(REDIRECT)},
    "recruiter/profiles/<slug:slug>/progress/": {"GET": hiring_admins(200), "POST": hiring_admins(405)},
    "recruiter/profiles/from-job-description/": {"GET": everyone(405), "POST": hiring_admins(400)},  # no text: refused
    # --- recruiter workspace ------------------------------------------------------------------------------
    "recruiter/": {"GET": recruiters(200), "POST": recruiters(405)},
    "recruiter/skills/": {"GET": recruiters(200), "POST": recruiters(405)},
    "recruiter/jobs/<slug:slug>/": {"GET": recruiters(200), "POST": recruiters(405)},
    "recruiter/jobs/<slug:slug>/count/": {"GET": recruiters(200), "POST": recruiters(405)},
    "recruiter/jobs/<slug:slug>/stage-counts/": {"GET": recruiters(200), "POST": recruiters(405)},
    "recruiter/jobs/<slug:slug>/rows/": {"GET": recruiters(200), "POST": recruiters(405)},
    "recruiter/jobs/<slug:slug>/bulk/": {"GET": recruiters(405), "POST": recruiters(REDIRECT)},
    # switching blind review: a job setting, for those who may change jobs (hiring admins), not every recruiter
    "recruiter/jobs/<slug:slug>/blind-review/": {"GET": recruiters(405), "POST": hiring_admins(REDIRECT)},
    "recruiter/jobs/<slug:slug>/rejections/undo/": {"GET": recruiters(405), "POST": recruiters(REDIRECT)},
    "recruiter/jobs/<slug:slug>/corrections/": {"GET": recruiters(200), "POST": recruiters(405)},
    # the correction to answer is named in the form: none posted (or another job's) is not found
    "recruiter/jobs/<slug:slug>/corrections/answer/": {"GET": recruiters(405), "POST": recruiters(404)},
    "recruiter/jobs/<slug:slug>/compare/": {"GET": recruiters(400), "POST": recruiters(405)},  # no ids chosen
    "recruiter/jobs/<slug:slug>/human-review/": {"GET": recruiters(200), "POST": recruiters(405)},
    "recruiter/jobs/<slug:slug>/applications/<uuid:public_id>/": {"GET": recruiters(200), "POST": recruiters(405)},
    "recruiter/jobs/<slug:slug>/applications/<uuid:public_id>/stage/": {
        "GET": recruiters(405),
        "POST": recruiters(REDIRECT),
    },
    "recruiter/jobs/<slug:slug>/applications/<uuid:public_id>/notes/": {
        "GET": recruiters(405),
        "POST": recruiters(REDIRECT),
    },
    "recruiter/jobs/<slug:slug>/applications/<uuid:public_id>/rating/": {
        "GET": recruiters(405),
        "POST": recruiters(REDIRECT),
    },
    "recruiter/jobs/<slug:slug>/applications/<uuid:public_id>/reveal/": {
        "GET": recruiters(405),
        "POST": recruiters(REDIRECT),
    },
    "recruiter/jobs/<slug:slug>/applications/<uuid:public_id>/merge/": {
        "GET": recruiters(405),
        "POST": recruiters(REDIRECT),  # no other application chosen: back to the page with a message
    },
    "recruiter/jobs/<slug:slug>/applications/<uuid:public_id>/resume/": {
        "GET": recruiters(200),
        "POST": recruiters(405),
    },
    # --- bias audit -------------------------------------------------------------------------------------
    "audit/": {"GET": auditors(200), "POST": auditors(405)},
    "audit/jobs/<slug:slug>/": {"GET": auditors(200), "POST": auditors(405)},
    "audit/jobs/<slug:slug>/report/": {"GET": auditors(200), "POST": auditors(405)},
    "audit/jobs/<slug:slug>/audit.csv": {"GET": auditors(200), "POST": auditors(405)},
    "audit/jobs/<slug:slug>/oversight.csv": {"GET": auditors(200), "POST": auditors(405)},
}

CONVERTER = re.compile(r"<(?:(?P<kind>[^>:]+):)?(?P<name>[^>]+)>")


def site_routes() -> list[str]:
    # The REST API takes API keys, not sessions: its own matrix (every route x every scope, and sessions
    # refused) is tests/api/test_access.py, which also fails for an API route it does not declare.
    return [route for route, _, _ in url_patterns() if not is_admin_route(route) and not route.startswith("api/")]


def fill(route: str, **values) -> str:
    """The route as a URL, each <converter:name> replaced by values[name]."""
    return "/" + CONVERTER.sub(lambda m: str(values[m["name"]]), route)


def real_values(world: World, route: str, **overrides) -> dict[str, object]:
    slug = world.profile.slug if route.startswith("recruiter/profiles/") else world.job.slug
    values = {"slug": slug, "public_id": world.application.public_id, "token": world.application.status_token}
    if ":link>" in route and "link" not in overrides:
        values["link"] = address_confirmation_issue(
            candidate=world.application.candidate, purpose=Purpose.EXPORT, application=world.application
        )
    return {**values, **overrides}


def outcome(response) -> object:
    if response.status_code == 302:
        target = urlsplit(response["Location"]).path
        return LOGIN if target == reverse("login") and "next=" in response["Location"] else REDIRECT
    return response.status_code


def request(client, method: str, url: str):
    return client.get(url) if method == "GET" else client.post(url)


# --- Every pattern is declared ------------------------------------------------------------------------


def test_every_url_pattern_has_a_declared_access_rule():
    routes = site_routes()
    assert len(routes) == len(set(routes)), "two patterns share a route"
    undeclared = sorted(set(routes) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(routes))
    assert not undeclared, f"URL patterns with no access rule in MATRIX (decide who may open them): {undeclared}"
    assert not stale, f"MATRIX entries for URL patterns that no longer exist: {stale}"
    for route, methods in MATRIX.items():
        assert set(methods) == set(METHODS), route
        for method, by_role in methods.items():
            assert set(by_role) == set(ROLES), (route, method)


def test_public_ids_in_urls_are_uuids_or_long_secret_tokens(world):
    kinds = {}
    for route in site_routes():
        for m in CONVERTER.finditer(route):
            kinds.setdefault((m["kind"] or "str", m["name"]), []).append(route)
    # slug: a job's or profile's name, public by design; uuid: random public ids; str token: the secret key
    # to a status page; str link: an emailed single-use confirmation link.
    assert set(kinds) <= {("slug", "slug"), ("uuid", "public_id"), ("str", "token"), ("str", "link")}, kinds
    assert not any(kind == "int" or kind == "path" for kind, _ in kinds), "sequential or free-form ids in a URL"
    tokens = [world.application.status_token, world.other_application.status_token, world.erased_application.status_token]
    assert len(set(tokens)) == len(tokens) == 3
    for token in tokens:
        assert len(token) >= 32 and re.fullmatch(r"[A-Za-z0-9_-]+", token)
    # Stored as SHA-256 digests only: no column holds a value that opens a page.
    assert all(re.fullmatch(r"[0-9a-f]{64}", h) for h in StatusLink.objects.values_list("token_hash", flat=True))
    for app in Application.objects.all():
        assert app.public_id.version == 4


# --- The matrix ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", sorted(MATRIX))
def test_access_matches_the_matrix(world, route):
    found = {}
    for role in ROLES:
        for method in METHODS:
            client = role_client(world, role)
            found[(method, role)] = outcome(request(client, method, fill(route, **real_values(world, route))))
    expected = {(method, role): MATRIX[route][method][role] for method in METHODS for role in ROLES}
    wrong = {key: f"expected {expected[key]}, got {found[key]}" for key in expected if found[key] != expected[key]}
    assert not wrong, wrong


def test_the_anonymous_matrix_redirects_to_sign_in_with_the_page_to_return_to(world):
    client = role_client(world, "anonymous")
    url = fill("recruiter/jobs/<slug:slug>/", slug=world.job.slug)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"] == f"{reverse('login')}?next={url}"


# --- Unknown and foreign ids --------------------------------------------------------------------------


def allowed_role(route: str) -> str:
    """A role that the matrix lets through for this route (the one whose 404s are worth checking)."""
    for role in ("hiring_admin", "recruiter", "candidate"):
        if any(MATRIX[route][m][role] not in (LOGIN, 403) for m in METHODS):
            return role
    raise AssertionError(route)


def accepted_methods(route: str, role: str) -> list[str]:
    return [m for m in METHODS if MATRIX[route][m][role] != 405]


def parameter_routes(name: str) -> list[str]:
    return sorted(r for r in MATRIX if f":{name}>" in r)


UNKNOWN = {
    "slug": "no-such-job",
    "public_id": uuid.UUID("00000000-0000-4000-8000-000000000000"),
    "token": "x" * 43,
}


@pytest.mark.parametrize("name", ["slug", "public_id", "token"])
def test_unknown_ids_are_404(world, name):
    found = {}
    for route in parameter_routes(name):
        role = allowed_role(route)
        client = role_client(world, role)
        for method in accepted_methods(route, role):
            url = fill(route, **real_values(world, route, **{name: UNKNOWN[name]}))
            found[(route, method)] = request(client, method, url).status_code
    assert found and set(found.values()) == {404}, {k: v for k, v in found.items() if v != 404}


def test_another_jobs_application_under_this_jobs_slug_is_404(world):
    routes = parameter_routes("public_id")
    assert routes
    client = role_client(world, "recruiter")
    found = {}
    for route in routes:
        for method in accepted_methods(route, "recruiter"):
            url = fill(route, **real_values(world, route, public_id=world.other_application.public_id))
            found[(route, method)] = request(client, method, url).status_code
            # ...and under its own job's slug the same id is found: the 404 is about the pairing
            own = fill(route, **real_values(world, route, slug=world.other_job.slug,
                                           public_id=world.other_application.public_id))
            assert request(client, method, own).status_code != 404, (route, method)
    assert set(found.values()) == {404}, found


def test_a_token_of_an_erased_candidate_is_410_gone(world):
    client = role_client(world, "candidate")
    found = {}
    for route in parameter_routes("token"):
        for method in accepted_methods(route, "candidate"):
            response = request(client, method, fill(route, token=world.erased_application.status_token))
            found[(route, method)] = response.status_code
            assert "Alan" not in response.content.decode()
    assert found and set(found.values()) == {410}, found


def near_misses(token: str, world: World) -> list[str]:
    return [
        token[:32],  # a prefix long enough to look like a token
        token[:-1] + ("A" if token[-1] != "A" else "B"),  # one character off
        token.swapcase(),
        token + "x",
        str(world.other_application.public_id),  # the public id is not the key
        world.application.status_token[:20] + token[20:],  # half of one's own token spliced in
    ]


def test_a_candidate_reaches_someone_elses_application_only_with_its_full_token(world):
    """The candidate holds their own token; nothing they hold or can see opens another application."""
    client = role_client(world, "candidate")
    other = world.other_application.status_token
    found = {}
    for route in parameter_routes("token"):
        for method in accepted_methods(route, "candidate"):
            for guess in near_misses(other, world):
                found[(route, method, guess)] = request(client, method, fill(route, token=guess)).status_code
    assert set(found.values()) == {404}, {k: v for k, v in found.items() if v != 404}
    # Their own pages never show the other candidate, and the recruiter pages stay closed to them.
    page = client.get(fill("applications/<str:token>/", token=world.application.status_token)).content.decode()
    assert "Grace" not in page and "grace@example.com" not in page
    for public_id, slug in ((world.application.public_id, world.job.slug),
                            (world.other_application.public_id, world.other_job.slug)):
        url = fill("recruiter/jobs/<slug:slug>/applications/<uuid:public_id>/", slug=slug, public_id=public_id)
        assert outcome(client.get(url)) == LOGIN


@pytest.mark.parametrize("role", ["anonymous", "user", "staff"])
def test_refusals_do_not_reveal_whether_an_id_exists(world, role):
    """Outside the workspace the answer is the same for a real and an unknown id (no existence oracle)."""
    client = role_client(world, role)
    for name in ("slug", "public_id"):
        for route in parameter_routes(name):
            if not route.startswith("recruiter/"):
                continue
            for method in METHODS:
                real = request(client, method, fill(route, **real_values(world, route)))
                unknown = request(client, method, fill(route, **real_values(world, route, **{name: UNKNOWN[name]})))
                assert real.status_code == unknown.status_code, (route, method)


# --- Django admin -------------------------------------------------------------------------------------


def admin_url(route: str, pattern) -> str:
    """An admin route with placeholders filled (any id: refusals come before the lookup)."""
    if pattern.name == "app_list":
        return reverse("admin:app_list", kwargs={"app_label": "screening"})
    if "(?P<url>" in route:
        return "/admin/no-such-page/"
    return "/" + CONVERTER.sub("1", route)


@pytest.mark.parametrize("role", ["anonymous", "candidate", "user", "recruiter", "hiring_admin"])
def test_every_admin_page_sends_people_without_staff_status_to_the_admin_sign_in(world, role):
    """Django admin is for staff: the groups alone (recruiter, hiring admin) do not open it."""
    client = role_client(world, role)
    login = reverse("admin:login")
    routes = [(route, p) for route, _, p in url_patterns() if is_admin_route(route)]
    assert len(routes) > 40
    found = {}
    for route, pattern in routes:
        if pattern.name in ("login", "logout"):
            continue
        response = client.get(admin_url(route, pattern))
        found[route] = (response.status_code, urlsplit(response.get("Location", "")).path)
    assert set(found.values()) == {(302, login)}, {k: v for k, v in found.items() if v != (302, login)}


def test_admin_pages_need_model_permissions_beyond_staff_status(world):
    """Staff status opens the admin's front page only; what is inside comes from the groups' permissions."""
    candidate_pk = world.application.candidate.pk
    changelist = reverse("admin:screening_candidate_changelist")
    change = reverse("admin:screening_candidate_change", args=[candidate_pk])
    profile_change = reverse("admin:screening_competencyprofile_change", args=[world.profile.pk])
    users = reverse("admin:auth_user_changelist")

    def staff_in(group: str | None, username: str):
        user = UserFactory(username=username, is_staff=True)
        if group:
            user.groups.add(Group.objects.get(name=group))
        client = role_client(world, "anonymous")
        client.force_login(user)
        return client

    nobody = staff_in(None, "staff-nobody")
    assert nobody.get(reverse("admin:index")).status_code == 200
    for url in (changelist, change, profile_change, users):
        assert nobody.get(url).status_code == 403, url

    staff_recruiter = staff_in(RECRUITERS, "staff-recruiter")
    assert staff_recruiter.get(changelist).status_code == 200
    view_only = staff_recruiter.get(change)
    assert view_only.status_code == 200 and 'name="_save"' not in view_only.content.decode()  # view permission only
    assert staff_recruiter.post(change, {"name": "Changed"}).status_code == 403
    assert staff_recruiter.get(users).status_code == 403  # accounts are not a recruiter's business

    staff_admin = staff_in(HIRING_ADMINS, "staff-admin")
    assert staff_admin.get(change).status_code == 200 and 'name="_save"' in staff_admin.get(change).content.decode()
    assert staff_admin.get(users).status_code == 403  # screening permissions only; users are the superuser's
