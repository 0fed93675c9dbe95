"""Every recruiter list and export makes the same number of queries for a few rows as for many.

Each page is requested twice: with two processed candidates and with six (and for the comparison, with two
columns and with four). A query per row shows as a difference between the two counts.
"""
from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from screening.models import Resume
from tests.factories import recruiter
from tests.web.test_recruiter import BARISTA, DATA_SCIENTIST, apply, job  # noqa: F401  (job is a fixture)
from tests.filegen import sample_resume

pytestmark = pytest.mark.django_db

PEOPLE = [
    ("Ada Lovelace", None),
    ("Carl Friedrich", DATA_SCIENTIST),
    ("Bea Barista", BARISTA),
    ("Grace Hopper", None),
    ("Alan Turing", DATA_SCIENTIST),
    ("Cora Coffee", BARISTA),
]


def add_people(job, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        apps = [apply(job, name, text or sample_resume(name)) for name, text in people]
    for app in apps:
        app.refresh_from_db()
        assert app.current_resume.status == Resume.Status.PROCESSED
    return apps


def count_queries(client, method: str, url: str, data=None) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def lists(job, apps):
    ids = [str(a.public_id) for a in apps]
    return {
        "home": ("get", reverse("recruiter:home"), None),
        "ranking": ("get", reverse("recruiter:ranking", args=[job.slug]), None),
        "ranking searched": ("get", reverse("recruiter:ranking", args=[job.slug]), {"q": "python"}),
        "rows": ("get", reverse("recruiter:ranking_rows", args=[job.slug]), None),
        "count": ("get", reverse("recruiter:ranking_count", args=[job.slug]), None),
        "stage counts": ("get", reverse("recruiter:ranking_stage_counts", args=[job.slug]), None),
        "human review": ("get", reverse("recruiter:human_review", args=[job.slug]), None),
        "export": ("post", reverse("recruiter:bulk", args=[job.slug]), {"action": "export", "ids": ids}),
    }


@pytest.mark.parametrize("blind", [False, True])
def test_lists_and_exports_do_not_query_per_row(client, job, blind, django_capture_on_commit_callbacks):  # noqa: F811
    job.blind_review = blind
    job.save()
    client.force_login(recruiter(username="rita"))
    few = add_people(job, PEOPLE[:2], django_capture_on_commit_callbacks)
    before = {name: count_queries(client, *req) for name, req in lists(job, few).items()}
    many = few + add_people(job, PEOPLE[2:], django_capture_on_commit_callbacks)
    after = {name: count_queries(client, *req) for name, req in lists(job, many).items()}
    assert after == before


def test_comparison_does_not_query_per_column(client, job, django_capture_on_commit_callbacks):  # noqa: F811
    client.force_login(recruiter(username="rita"))
    apps = add_people(job, PEOPLE[:4], django_capture_on_commit_callbacks)
    url = reverse("recruiter:compare", args=[job.slug])
    two = count_queries(client, "get", url + "?" + "&".join(f"ids={a.public_id}" for a in apps[:2]))
    four = count_queries(client, "get", url + "?" + "&".join(f"ids={a.public_id}" for a in apps))
    assert four == two
