"""The record of human oversight: who saw which ranking and decided which stage; ids only; pruned after
the audit period; kept through erasure."""
from __future__ import annotations

import datetime
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from screening import selectors, services
from screening.models import OversightRecord
from tests.audit_data import add_applicants, published_version
from tests.factories import JobFactory, recruiter

pytestmark = pytest.mark.django_db


@pytest.fixture
def job():
    job = JobFactory(slug="analyst")
    published_version(job.profile)
    return job


def test_a_stage_decision_is_recorded_with_the_ranking_in_force(job):
    rita = recruiter(username="rita")
    app, other = add_applicants(job, [("female", "asian", 60.0, False), (None, None, 50.0, False)])
    services.application_move(application=app, to_stage="interview", actor=rita)
    services.applications_move(job=job, public_ids=[other.public_id], to_stage="rejected", reason="experience", actor=rita)
    records = list(OversightRecord.objects.filter(action="stage_decided").order_by("id"))
    assert [(r.actor_id, r.job_id, r.profile_version_id, r.application_id, r.from_stage, r.to_stage) for r in records] == [
        (rita.pk, job.pk, job.profile.published_version_id, app.pk, "new", "interview"),
        (rita.pk, job.pk, job.profile.published_version_id, other.pk, "new", "rejected"),
    ]
    assert records[0].data == {"human_review": False}


def test_a_ranking_view_records_the_page_shown_but_not_the_search_words(client, job):
    rita = recruiter(username="rita")
    apps = add_applicants(job, [("female", "asian", 60.0, False), ("male", "white", 80.0, False)])
    client.force_login(rita)
    client.get(reverse("recruiter:ranking", args=[job.slug]))
    client.get(reverse("recruiter:ranking", args=[job.slug]), {"q": "Ada Lovelace", "min_score": "10"})
    first, searched = OversightRecord.objects.filter(action="ranking_viewed").order_by("id")
    assert first.actor_id == rita.pk and first.profile_version_id == job.profile.published_version_id
    assert first.data["shown"] == [str(apps[1].public_id), str(apps[0].public_id)]  # in ranking order
    assert first.data["page"] == 1
    assert searched.data["filters"] == {"min_score": 10.0, "sort": "score", "search": True}
    assert "Ada" not in json.dumps(searched.data)
    # Opening an application is recorded too (the live refresh of the page is not).
    url = reverse("recruiter:application", args=[job.slug, apps[0].public_id])
    client.get(url)
    client.get(url, HTTP_X_REQUESTED_WITH="fetch")
    viewed = OversightRecord.objects.get(action="application_viewed")
    assert viewed.application_id == apps[0].pk and viewed.data == {"score_shown": True, "human_review": False}


def test_the_record_holds_no_personal_data_and_survives_erasure(job):
    rita = recruiter(username="rita")
    (app,) = add_applicants(job, [("female", "asian", 60.0, False)])
    name, email = app.candidate.name, app.candidate.email
    services.application_move(application=app, to_stage="screening", actor=rita)
    services.candidate_erase(candidate=app.candidate)
    record = OversightRecord.objects.get(action="stage_decided")
    stored = json.dumps(list(OversightRecord.objects.values()), default=str)
    assert name not in stored and email not in stored and "asian" not in stored and "female" not in stored
    assert record.application_id == app.pk
    # A deleted account leaves its id in the record.
    rita.delete()
    record.refresh_from_db()
    assert record.actor_id is not None


def test_records_are_pruned_after_the_audit_period(job, settings):
    settings.SCREENING = {**settings.SCREENING, "OVERSIGHT_RETENTION_DAYS": 30}
    old = OversightRecord.objects.create(action="ranking_viewed", job=job)
    recent = OversightRecord.objects.create(action="ranking_viewed", job=job)
    OversightRecord.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=31))
    assert services.oversight_prune() == 1
    assert list(OversightRecord.objects.values_list("pk", flat=True)) == [recent.pk]
    from screening.tasks import oversight_prune

    OversightRecord.objects.filter(pk=recent.pk).update(at=timezone.now() - datetime.timedelta(days=40))
    assert oversight_prune.delay().get() == 1


def test_the_summary_and_rows_for_auditors(job):
    rita, sam = recruiter(username="rita"), recruiter(username="sam")
    a, b = add_applicants(job, [("female", "asian", 60.0, False), (None, None, 50.0, False)])
    services.oversight_ranking_viewed(actor=rita, job=job, shown=[a.public_id, b.public_id])
    services.oversight_ranking_viewed(actor=sam, job=job, shown=[a.public_id])
    services.application_move(application=a, to_stage="interview", actor=rita)
    services.application_move(application=b, to_stage="rejected", reason="experience", actor=sam)
    summary = selectors.oversight_summary(job=job)
    assert (summary.ranking_views, summary.viewers, summary.decisions, summary.deciders) == (2, 2, 2, 2)
    assert summary.decisions_by_stage == {"interview": 1, "rejected": 1}
    rows = list(selectors.oversight_rows(job=job))
    assert [r[1] for r in rows] == ["ranking_viewed", "ranking_viewed", "stage_decided", "stage_decided"]
    assert rows[2][2:8] == [rita.pk, "analyst", 1, str(a.public_id), "new", "interview"]
    assert rows[0][8] == f"filters={{}}; page=1; shown={a.public_id} {b.public_id}"
