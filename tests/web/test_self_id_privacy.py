"""Self-identification never reaches recruiter pages, exports, search, scoring or logs.

The proof: every page, export and command output a recruiter or hiring admin can get is rendered before
the candidates answer and again after, and must be the same (CSRF tokens aside); search for the answers
finds nobody; scores are the same number; and no log line or audit event carries an answer. Only the bias
audit changes, and it shows counts.
"""
from __future__ import annotations

import io
import json
import logging
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from screening import services
from screening.models import Application, Job, Resume, Score
from screening.services.setup import defaults_load
from tests.factories import UserFactory, hiring_admin, recruiter
from tests.filegen import make_txt, sample_resume

pytestmark = pytest.mark.django_db

ANSWERS = {
    "Ada Lovelace": ("female", "native_hawaiian_pacific_islander"),
    "Alan Turing": ("male", "american_indian_alaska_native"),
    "Grace Hopper": ("decline", "two_or_more"),
}
# Words that would betray an answer on a page that has no reason to show any.
TELLS = (
    "native_hawaiian", "Native Hawaiian", "Pacific Islander", "Islander", "american_indian", "American Indian",
    "Alaska Native", "two_or_more", "Two or more", "race_ethnicity", "Race/ethnicity", "self-identification",
    "self_id", "I decline to answer",
)
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def pool(django_capture_on_commit_callbacks) -> dict[str, Application]:
    with django_capture_on_commit_callbacks(execute=True):
        defaults_load()
        job = Job.objects.get(slug="machine-learning-engineer")
        apps = {}
        for name in ANSWERS:
            email = name.lower().replace(" ", ".") + "@example.com"
            apps[name] = services.application_submit(
                job=job, name=name, email=email, resume_name="cv.txt",
                resume_data=make_txt(sample_resume(name, email=email, ml=name != "Grace Hopper")), consent=True,
            )
    for app in apps.values():
        app.refresh_from_db()
        assert app.current_resume.status == Resume.Status.PROCESSED
    return apps


def answer_all(_client, pool) -> None:
    """The candidates answer on their own status pages, through the real form (their own browsers)."""
    for name, (sex, race) in ANSWERS.items():
        client = Client()
        token = pool[name].status_token
        client.post(reverse("candidate:self_id", args=[token]), {"sex": sex, "race_ethnicity": race, "action": "save"})


def staff_views(client, pool) -> dict[str, str]:
    """Everything recruiters and hiring admins can see about these candidates, as text."""
    job = pool["Ada Lovelace"].job
    ids = [str(a.public_id) for a in pool.values()]
    out = {}
    client.force_login(recruiter(username="rita"))
    get = {
        "home": reverse("recruiter:home"),
        "ranking": reverse("recruiter:ranking", args=[job.slug]),
        "ranking by name": reverse("recruiter:ranking", args=[job.slug]) + "?sort=name",
        "human review": reverse("recruiter:human_review", args=[job.slug]),
        "live rows": reverse("recruiter:ranking_rows", args=[job.slug]) + "?" + "&".join(f"ids={i}" for i in ids),
        "compare": reverse("recruiter:compare", args=[job.slug]) + "?" + "&".join(f"ids={i}" for i in ids),
    }
    for name, app in pool.items():
        get[f"candidate {name}"] = reverse("recruiter:application", args=[job.slug, app.public_id])
    for key, url in get.items():
        response = client.get(url)
        assert response.status_code == 200, key
        out[key] = response.content.decode()
    export = client.post(reverse("recruiter:bulk", args=[job.slug]), {"action": "export", "ids": ids})
    out["CSV export"] = export.content.decode()
    client.force_login(hiring_admin(username="hank", is_staff=True))
    for key, url in {
        "profile editor": reverse("profiles:edit", args=[job.profile.slug]),
        "admin application": reverse("admin:screening_application_change", args=[pool["Ada Lovelace"].pk]),
        "admin candidate": reverse("admin:screening_candidate_change", args=[pool["Ada Lovelace"].candidate.pk]),
        "admin applications": reverse("admin:screening_application_changelist"),
    }.items():
        response = client.get(url)
        assert response.status_code == 200, key
        out[key] = response.content.decode()
    for fmt in ("json", "csv", "table"):
        buffer = io.StringIO()
        call_command("ranking", "--job", job.slug, "--format", fmt, stdout=buffer)
        out[f"ranking --format {fmt}"] = buffer.getvalue()
    client.logout()
    return {k: CSRF.sub("", v) for k, v in out.items()}


def test_nothing_staff_can_see_changes_when_candidates_answer(client, pool, caplog):
    before = staff_views(client, pool)
    caplog.set_level(logging.DEBUG)
    answer_all(client, pool)
    after = staff_views(client, pool)
    for key in before:
        assert after[key] == before[key], f"{key} changed once candidates answered"
        for tell in TELLS:
            assert tell not in after[key], (key, tell)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for _sex, race in ANSWERS.values():
        assert race not in logged
    assert "female" not in logged


def test_subject_access_exports_carry_no_answers(client, pool):
    answer_all(client, pool)
    data = json.dumps(services.candidate_export(candidate=pool["Ada Lovelace"].candidate))
    for tell in ("native_hawaiian", "Pacific Islander", "female"):
        assert tell not in data
    buffer = io.StringIO()
    call_command("export_candidate", str(pool["Alan Turing"].candidate.public_id), stdout=buffer)
    assert "american_indian" not in buffer.getvalue() and '"male"' not in buffer.getvalue()


def test_search_never_reads_the_answers(client, pool):
    answer_all(client, pool)
    client.force_login(recruiter(username="rita"))
    job = pool["Ada Lovelace"].job
    ranking = reverse("recruiter:ranking", args=[job.slug])
    assert len(client.get(ranking, {"q": "Python"}).context["rows"]) == 2  # search works...
    for words in ("Islander", "native_hawaiian_pacific_islander", "Alaska", "female", "two_or_more"):
        assert client.get(ranking, {"q": words}).context["rows"] == [], words  # ...but not on the answers


def test_scores_do_not_depend_on_the_answers(client, pool, django_capture_on_commit_callbacks):
    before = dict(Score.objects.values_list("application_id", "total"))
    answer_all(client, pool)
    # Scored again from scratch after the answers exist: the same totals.
    with django_capture_on_commit_callbacks(execute=True):
        version = services.profile_publish(profile=pool["Ada Lovelace"].job.profile)
    assert dict(Score.objects.filter(profile_version=version).values_list("application_id", "total")) == before


def test_the_audit_shows_counts_and_only_to_auditors(client, pool):
    answer_all(client, pool)
    job = pool["Ada Lovelace"].job
    client.force_login(recruiter(username="rita"))
    assert client.get(reverse("audit:job", args=[job.slug])).status_code == 403
    from django.contrib.auth.models import Group

    auditor = UserFactory(username="audra")
    auditor.groups.add(Group.objects.get_or_create(name="Auditors")[0])
    client.force_login(auditor)
    page = client.get(reverse("audit:job", args=[job.slug])).content.decode()
    csv_text = client.get(reverse("audit:csv", args=[job.slug])).content.decode()
    for app in pool.values():
        for text in (app.candidate.name, app.candidate.email, str(app.public_id)):
            assert text not in page and text not in csv_text
    assert "Native Hawaiian or Other Pacific Islander" in page  # a category, with its count
