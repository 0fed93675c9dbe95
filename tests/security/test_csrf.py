"""CSRF: every view that accepts POST refuses one without the token, for a user who may otherwise use it.

The list of views comes from the access matrix (every pattern whose POST is not 405), so a new view that
accepts POST is checked here as soon as it is declared there. Each POST carries data that would change
something; with the token the same POST gets through (proving the 403 is CSRF's, not a missing right),
without it nothing in the database moves.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from screening.models import (
    Application,
    AuditEvent,
    Candidate,
    CompetencyProfile,
    CorrectionRequest,
    Note,
    ProfileVersion,
    Rating,
    Resume,
    StageChange,
)
from tests.filegen import make_txt, sample_resume
from tests.security.conftest import PASSWORD, World
from tests.security.test_access_matrix import MATRIX, fill, real_values

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def cv() -> SimpleUploadedFile:
    return SimpleUploadedFile("cv.txt", make_txt(sample_resume("Edsger Dijkstra")), content_type="text/plain")


# route -> (role, POST data that would change something, whether it changes the database when accepted)
POSTS = {
    "": ("anonymous", lambda w: {}, False),
    "accounts/login/": ("anonymous", lambda w: {"username": "rita", "password": PASSWORD}, True),  # axes logs it
    "accounts/logout/": ("recruiter", lambda w: {}, True),
    "careers/<slug:slug>/apply/": (
        "anonymous",
        lambda w: {"name": "Edsger Dijkstra", "email": "ewd@example.com", "consent": "on", "resume": cv()},
        True,
    ),
    "applications/<str:token>/correction/": ("candidate", lambda w: {"comment": "I know Rust too"}, True),
    "applications/<str:token>/resume/": ("candidate", lambda w: {"resume": cv()}, True),
    "applications/<str:token>/withdraw/": ("candidate", lambda w: {"confirm": "yes"}, True),
    # These two only email a link once the transaction commits (which tests' transactions never do).
    "applications/<str:token>/erase/": ("candidate", lambda w: {"confirm": "yes"}, False),
    "applications/<str:token>/export/": ("candidate", lambda w: {}, False),
    "applications/confirm/<str:link>/": ("anonymous", lambda w: {"confirm": "yes"}, True),  # the export is audited
    "applications/<str:token>/human-review/": ("candidate", lambda w: {}, True),  # audited
    "applications/<str:token>/self-identification/": (
        "candidate",
        lambda w: {"sex": "decline", "race_ethnicity": "decline", "action": "save"},
        True,  # audited (without the answers)
    ),
    "recruiter/profiles/<slug:slug>/": ("hiring_admin", lambda w: {"name": "Renamed"}, False),  # incomplete form
    "recruiter/profiles/<slug:slug>/publish/": ("hiring_admin", lambda w: {}, False),  # draft = published
    "recruiter/profiles/<slug:slug>/clone/": ("hiring_admin", lambda w: {"name": "A copy"}, True),
    "recruiter/profiles/<slug:slug>/discard/": ("hiring_admin", lambda w: {}, False),  # draft = published
    "recruiter/profiles/from-job-description/": ("hiring_admin", lambda w: {}, False),  # no text: refused
    "recruiter/jobs/<slug:slug>/blind-review/": ("hiring_admin", lambda w: {"blind_review": "on"}, True),  # audited
    "recruiter/jobs/<slug:slug>/corrections/answer/": ("recruiter", lambda w: {}, False),  # no correction named
    "recruiter/jobs/<slug:slug>/applications/<uuid:public_id>/merge/": ("recruiter", lambda w: {}, False),  # none chosen
    "recruiter/jobs/<slug:slug>/bulk/": (
        "recruiter",
        lambda w: {"action": "reject", "ids": [str(w.application.public_id)], "confirmed": "on", "reason": "other"},
        True,
    ),
    # No rejection of that batch is waiting, so even with the token nothing changes.
    "recruiter/jobs/<slug:slug>/rejections/undo/": ("recruiter", lambda w: {"batch": str(uuid.uuid4())}, False),
    "recruiter/jobs/<slug:slug>/applications/<uuid:public_id>/stage/": ("recruiter", lambda w: {"to_stage": "interview"}, True),
    "recruiter/jobs/<slug:slug>/applications/<uuid:public_id>/notes/": ("recruiter", lambda w: {"body": "Strong"}, True),
    "recruiter/jobs/<slug:slug>/applications/<uuid:public_id>/rating/": ("recruiter", lambda w: {"stars": "4"}, True),
    "recruiter/jobs/<slug:slug>/applications/<uuid:public_id>/reveal/": ("recruiter", lambda w: {}, False),  # not blind
}


def routes_accepting_post() -> list[str]:
    """Patterns where someone allowed in gets past the method check with a POST."""
    return sorted(r for r, methods in MATRIX.items() if set(methods["POST"].values()) - {405, "login", 403})


def strict_client(world: World, role: str) -> Client:
    client = Client(enforce_csrf_checks=True)
    if role in world.users:
        client.force_login(world.users[role])
    # A page with a form sets the CSRF cookie, as a browser's first visit does.
    assert client.get(reverse("careers:apply", args=[world.job.slug])).status_code == 200
    return client


def database_state() -> tuple:
    """What any of these POSTs could change, as comparable values."""
    from axes.models import AccessAttempt, AccessLog
    from django.contrib.sessions.models import Session

    return (
        tuple(Application.objects.order_by("pk").values_list("pk", "stage", "identity_revealed", "current_resume_id")),
        tuple(Candidate.objects.order_by("pk").values_list("pk", "name", "erased_at")),
        tuple(CompetencyProfile.objects.order_by("pk").values_list("pk", "name")),
        *(
            m.objects.aggregate(n=Count("pk"))["n"]
            for m in (AuditEvent, CorrectionRequest, Note, Rating, Resume, StageChange, ProfileVersion)
        ),
        AccessLog.objects.count(),
        AccessAttempt.objects.count(),
        Session.objects.count(),
    )


def test_every_route_that_accepts_post_has_a_csrf_case():
    assert routes_accepting_post() == sorted(POSTS)


@pytest.mark.parametrize("route", sorted(POSTS))
def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(world, route):
    role, data, changes = POSTS[route]
    assert MATRIX[route]["POST"][role] not in ("login", 403, 405), "the case must use a role allowed to POST"
    url = fill(route, **real_values(world, route))
    client = strict_client(world, role)
    before = database_state()
    refused = client.post(url, data(world))
    assert refused.status_code == 403, refused.status_code
    assert "CSRF" in refused.content.decode()  # Django's CSRF failure, not a permission refusal
    assert database_state() == before

    data_with_token = {**data(world), "csrfmiddlewaretoken": client.cookies["csrftoken"].value}
    accepted = client.post(url, data_with_token)
    assert accepted.status_code != 403, accepted.status_code
    assert (database_state() != before) is changes


def test_a_token_from_another_browser_is_refused(world):
    """The token must match this browser's cookie: one copied from someone else's page does not help."""
    victim = strict_client(world, "recruiter")
    attacker = strict_client(world, "anonymous")
    url = reverse("recruiter:note", args=[world.job.slug, world.application.public_id])
    response = victim.post(url, {"body": "x", "csrfmiddlewaretoken": attacker.cookies["csrftoken"].value})
    assert response.status_code == 403
    assert not Note.objects.exists()


def test_django_admin_refuses_posts_without_the_token(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("admin:login"), {"username": "hana", "password": PASSWORD})
    assert response.status_code == 403
    staff = world.users["hiring_admin"]
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    change = reverse("admin:screening_candidate_change", args=[world.application.candidate.pk])
    assert client.post(change, {"name": "Changed"}).status_code == 403
    assert Candidate.objects.get(pk=world.application.candidate.pk).name == "Ada Lovelace"


def test_the_csrf_middleware_is_installed_and_nothing_is_exempt():
    assert "django.middleware.csrf.CsrfViewMiddleware" in settings.MIDDLEWARE
    offenders = []
    for folder in ("screening", "hiring"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            if re.search(r"csrf_exempt|csrf_exempt\s*=|CSRF_COOKIE_SAMESITE\s*=\s*None", text):
                offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, offenders


def test_every_post_form_in_the_templates_carries_the_token():
    forms = 0
    missing = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for form in re.finditer(r"<form\b[^>]*>.*?</form>", text, flags=re.S | re.I):
            opening = form.group(0)[: form.group(0).index(">") + 1]
            if re.search(r"method\s*=\s*[\"']?post", opening, flags=re.I):
                forms += 1
                if "{% csrf_token %}" not in form.group(0):
                    missing.append(f"{path.relative_to(ROOT)}: {opening}")
    assert forms >= 10
    assert not missing, missing
