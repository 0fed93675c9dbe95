"""Jobs and applications through the API: the web's ranking, filters and cursor, the explained score,
stage moves and notes (audited as from the web), and blind review hiding what the web hides."""

from __future__ import annotations

import pytest
from django.urls import reverse

from screening.models import Application, AuditEvent, Note, OversightRecord, StageChange
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_job_detail_and_unknown_job(job, make_client):
    client = make_client("applications:read")
    body = client.get(reverse("api:job", args=[job.slug])).json()
    assert body["slug"] == job.slug and body["profile_version"] == 1 and body["is_open"] is True
    assert (body["company"], body["employment_type"]) == ("Northwind Labs", "FULL_TIME")  # the default job's
    assert body["salary"] == {"min": 60000, "max": 85000, "currency": "GBP", "period": "YEAR"}
    job.employment_type, job.salary_min, job.salary_max = "", None, 90000
    job.save()
    body = client.get(reverse("api:job", args=[job.slug])).json()
    assert body["employment_type"] is None and body["salary"]["min"] is None and body["salary"]["max"] == 90000
    missing = client.get(reverse("api:job", args=["no-such-job"]))
    assert missing.status_code == 404 and missing.json()["title"] == "Not found"


def test_ranked_list_orders_by_score_like_the_web(job, pool, make_client):
    client = make_client("applications:read")
    body = client.get(reverse("api:job_applications", args=[job.slug])).json()
    assert body["count"] == 2 and body["next"] is None and body["previous"] is None
    ids = [r["id"] for r in body["results"]]
    assert ids == [str(pool["ml"].public_id), str(pool["barista"].public_id)]
    top = body["results"][0]
    assert top["rank"] == 1 and top["score"] > body["results"][1]["score"]
    assert top["candidate"]["name"] == "Ada Lovelace" and top["status"] == "processed"
    assert OversightRecord.objects.exists()  # who saw which ranking is recorded, as on the web


def test_filters_and_search_are_the_webs(job, pool, make_client):
    client = make_client("applications:read")
    url = reverse("api:job_applications", args=[job.slug])
    assert [r["id"] for r in client.get(url, {"q": "barista"}).json()["results"]] == [str(pool["barista"].public_id)]
    assert [r["id"] for r in client.get(url, {"skill": "python"}).json()["results"]] == [str(pool["ml"].public_id)]
    assert client.get(url, {"stage": "interview"}).json()["results"] == []
    bad = client.get(url, {"stage": "nowhere", "min_score": "lots"})
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"stage", "min_score"}


def test_cursor_walks_the_list_one_page_at_a_time(job, pool, make_client):
    client = make_client("applications:read")
    url = reverse("api:job_applications", args=[job.slug])
    first = client.get(url, {"page_size": 1}).json()
    assert len(first["results"]) == 1 and first["previous"] is None and first["next"]
    second = client.get(first["next"]).json()
    assert second["results"][0]["rank"] == 2 and second["next"] is None and second["previous"]
    assert client.get(second["previous"]).json()["results"] == first["results"]
    assert client.get(url, {"cursor": "%%%"}).status_code == 400


def test_application_detail_explains_the_score_with_evidence_offsets(job, pool, make_client):
    client = make_client("applications:read")
    app = pool["ml"]
    body = client.get(reverse("api:application", args=[app.public_id])).json()
    assert body["status"] == "processed" and body["stage"] == "new" and body["job"] == job.slug
    score = body["score"]
    assert score["total"] > 0 and score["profile_version"] == 1
    python = next(c for c in score["competencies"] if c["key"] == "python")
    assert python["earned"] > 0 and python["evidence"]
    for ev in python["evidence"]:
        assert body["text"][ev["start"] : ev["end"]] == ev["text"]
    assert body["facts"]["name"]["text"] == "Ada Lovelace"
    assert round(sum(c["earned"] for c in score["competencies"]), 1) >= round(score["total"], 1) - 0.1
    assert AuditEvent.objects.filter(action="application.viewed", object_id=str(app.public_id)).exists()


def test_blind_review_hides_identity_as_the_web_does(job, pool, make_client):
    job.blind_review = True
    job.save()
    client = make_client("applications:read")
    row = client.get(reverse("api:job_applications", args=[job.slug])).json()["results"][0]
    assert row["candidate"]["hidden"] is True and row["candidate"]["name"] is None and row["candidate"]["email"] is None
    assert "Ada" not in row["candidate"]["label"]
    body = client.get(reverse("api:application", args=[pool["ml"].public_id])).json()
    raw = str(body)
    assert "Lovelace" not in raw and "ada.lovelace@example.com" not in raw
    assert "name" not in body["facts"] and "emails" not in body["facts"]
    for competency in body["score"]["competencies"]:
        for ev in competency["evidence"]:
            assert body["text"][ev["start"] : ev["end"]] == ev["text"]
    # Searching a hidden candidate's name finds nobody, as on the web.
    found = client.get(reverse("api:job_applications", args=[job.slug]), {"q": "Lovelace"}).json()
    assert found["results"] == []


def test_stage_move_is_audited_and_recorded_as_from_the_web(job, pool, make_client):
    client = make_client("applications:read", "applications:write")
    app = pool["barista"]
    url = reverse("api:application_stage", args=[app.public_id])
    response = client.post(url, {"stage": "screening"}, format="json")
    assert response.status_code == 200 and response.json() == {
        "id": str(app.public_id),
        "stage": "screening",
        "moved": True,
    }
    assert client.post(url, {"stage": "screening"}, format="json").json()["moved"] is False
    change = StageChange.objects.get(application=app)
    assert change.to_stage == "screening" and change.actor is not None
    event = AuditEvent.objects.get(action="application.stage_changed")
    assert event.actor_id == change.actor_id and event.ip == "127.0.0.1"
    assert client.post(url, {"stage": "nowhere"}, format="json").status_code == 400


def test_a_rejection_through_the_api_can_choose_its_email(job, pool, make_client):
    client = make_client("applications:read", "applications:write")
    app = pool["ml"]
    url = reverse("api:application_stage", args=[app.public_id])
    wrong = client.post(url, {"stage": "rejected", "reason": "role_closed", "email_template": "harsh"}, format="json")
    assert wrong.status_code == 400 and "email_template" in wrong.json()["errors"]
    done = client.post(url, {"stage": "rejected", "reason": "role_closed", "email_template": "role_closed"}, format="json")
    assert done.status_code == 200 and done.json()["stage"] == "rejected"
    assert StageChange.objects.get(application=app).email_template == "role_closed"


def test_stage_moves_obey_the_stage_rules_with_409_and_the_allowed_stages(job, pool, make_client):
    client = make_client("applications:read", "applications:write")
    app = pool["ml"]
    url = reverse("api:application_stage", args=[app.public_id])
    refused = client.post(url, {"stage": "offer"}, format="json")
    assert refused.status_code == 409 and refused["Content-Type"] == "application/problem+json"
    body = refused.json()
    assert body["stage"] == "new" and body["allowed"] == ["screening", "interview", "rejected"]
    assert "can move to Screening, Interview or Rejected" in body["detail"]
    assert client.post(url, {"stage": "withdrawn"}, format="json").status_code == 409
    no_reason = client.post(url, {"stage": "rejected"}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()["errors"]
    assert client.post(url, {"stage": "rejected", "reason": "because"}, format="json").status_code == 400
    rejected = client.post(url, {"stage": "rejected", "reason": "stronger_candidates"}, format="json")
    assert rejected.status_code == 200 and rejected.json()["stage"] == "rejected"
    assert StageChange.objects.get(application=app).reason == "stronger_candidates"
    assert StageChange.objects.get(application=app).email_template == "standard"  # none asked: the standard one
    over = client.post(url, {"stage": "screening"}, format="json").json()
    assert over["allowed"] == [] and "process is over" in over["detail"]
    app.refresh_from_db()
    assert app.stage == "rejected"


def test_notes_are_added_and_listed(job, pool, make_client):
    client = make_client("applications:read", "applications:write")
    url = reverse("api:application_notes", args=[pool["ml"].public_id])
    created = client.post(url, {"body": "Strong PyTorch work."}, format="json")
    assert created.status_code == 201 and created.json()["body"] == "Strong PyTorch work."
    assert [n["body"] for n in client.get(url).json()] == ["Strong PyTorch work."]
    assert AuditEvent.objects.filter(action="note.added").count() == 1
    assert client.post(url, {"body": ""}, format="json").status_code == 400
    assert Note.objects.count() == 1


def test_unknown_application_is_404(job, make_client):
    client = make_client("applications:read")
    other = ApplicationFactory()
    assert client.get(reverse("api:application", args=[other.public_id])).status_code == 200
    other.delete()
    assert client.get(reverse("api:application", args=[other.public_id])).status_code == 404
    assert Application.objects.count() == 0
