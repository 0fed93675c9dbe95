"""The people and objects every security test needs: one client per role, two jobs, applications with tokens.

Roles are the ones the access rules distinguish: nobody signed in, a candidate (no account: they hold
their application's secret token), a signed-in user in no group, a staff user in no group, a recruiter
and a hiring admin. Objects are real rows made through the services, so views see what production sees.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from screening import services
from screening.models import Application, CompetencyProfile, Job
from screening.permissions import HIRING_ADMINS, RECRUITERS
from screening.services.setup import defaults_load
from tests.factories import JobFactory, UserFactory
from tests.filegen import make_txt, sample_resume

ROLES = ("anonymous", "candidate", "user", "staff", "recruiter", "hiring_admin")
PASSWORD = "correct horse battery"  # tests.factories.UserFactory's


@dataclass
class World:
    job: Job  # open, not blind, scored against the default published profile
    other_job: Job
    profile: CompetencyProfile
    application: Application  # in `job`, with a stored resume file; its token is the candidate's
    other_application: Application  # in `other_job`: someone else's
    erased_application: Application  # in `job`, candidate erased
    users: dict


def _submit(job: Job, name: str, email: str) -> Application:
    return services.application_submit(
        job=job,
        name=name,
        email=email,
        resume_name="cv.txt",
        resume_data=make_txt(sample_resume(name, email=email)),
        consent=True,
    )


@pytest.fixture
def world(db, django_capture_on_commit_callbacks) -> World:
    # Resumes are stored but not read: access control does not depend on the parse, and reading them
    # would only make every test slower.
    with django_capture_on_commit_callbacks(execute=False):
        defaults_load()
        job = Job.objects.get(slug="machine-learning-engineer")
        other_job = JobFactory(title="Data Analyst", slug="data-analyst", profile=job.profile)
        application = _submit(job, "Ada Lovelace", "ada@example.com")
        other = _submit(other_job, "Grace Hopper", "grace@example.com")
        erased = _submit(job, "Alan Turing", "alan@example.com")
        services.candidate_erase(candidate=erased.candidate, actor_kind="candidate")
    users = {
        "user": UserFactory(username="plain"),
        "staff": UserFactory(username="staff", is_staff=True),
        "recruiter": UserFactory(username="rita"),
        "hiring_admin": UserFactory(username="hana"),
    }
    users["recruiter"].groups.add(Group.objects.get(name=RECRUITERS))
    users["hiring_admin"].groups.add(Group.objects.get(name=HIRING_ADMINS))
    for app in (application, other, erased):
        app.refresh_from_db()
    return World(
        job=job,
        other_job=other_job,
        profile=job.profile,
        application=application,
        other_application=other,
        erased_application=erased,
        users=users,
    )


def role_client(world: World, role: str, **client_kwargs) -> Client:
    """A client acting as `role`. The candidate has opened their own status page first, so whatever
    that visit leaves in the browser (cookies, a session) is there for every later request."""
    client = Client(**client_kwargs)
    if role in world.users:
        client.force_login(world.users[role])
    elif role == "candidate":
        assert client.get(f"/applications/{world.application.status_token}/").status_code == 200
    return client


def url_patterns() -> list[tuple[str, str, URLPattern]]:
    """Every URL pattern of the project as (full route, name with namespaces, pattern), Django admin's included."""
    found = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, prefix + str(p.pattern), ns)
            else:
                found.append((prefix + str(p.pattern), f"{namespace}{p.name}" if p.name else "", p))

    walk(get_resolver().url_patterns, "", "")
    return found


def is_admin_route(route: str) -> bool:
    return route.startswith("admin/")
