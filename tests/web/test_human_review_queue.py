"""The recruiter's human review queue, and how a human-review application looks in the workspace."""
from __future__ import annotations

import pytest
from django.urls import reverse

from screening.models import Job, OversightRecord
from screening.services.setup import defaults_load
from tests.factories import recruiter
from tests.services.test_human_review import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        defaults_load()
        job = Job.objects.get(slug="machine-learning-engineer")
        submit(job, "Ada Lovelace")
        submit(job, "Bea Sales", ml=False)
        submit(job, "Grace Hopper", human_review=True)
        submit(job, "Alan Turing", human_review=True)
    return job


@pytest.fixture
def rita(client):
    user = recruiter(username="rita")
    client.force_login(user)
    return user


def test_the_ranked_list_leaves_them_out_and_points_to_the_queue(client, rita, job):
    response = client.get(reverse("recruiter:ranking", args=[job.slug]))
    labels = [row.label for row in response.context["rows"]]
    assert labels == ["Ada Lovelace", "Bea Sales"]  # not listed last with no score: not listed at all
    page = response.content.decode()
    assert 'id="human-review-tab"' in page and "2 waiting" in page
    assert "2 candidates asked for a person to review their application without the automatic ranking" in page
    home = client.get(reverse("recruiter:home")).content.decode()
    assert "2 waiting" in home and reverse("recruiter:human_review", args=[job.slug]) in home


def test_the_queue_in_arrival_order_then_decided(client, rita, job):
    url = reverse("recruiter:human_review", args=[job.slug])
    response = client.get(url)
    assert [r["label"] for r in response.context["rows"]] == ["Grace Hopper", "Alan Turing"]
    page = response.content.decode()
    assert "no score and no rank" in page and "score" not in page.split('id="human-review"')[1].lower()
    record = OversightRecord.objects.get(action="queue_viewed")
    assert record.actor_id == rita.pk and len(record.data["shown"]) == 2
    grace = response.context["rows"][0]["application"]
    client.post(reverse("recruiter:move", args=[job.slug, grace.public_id]), {"to_stage": "interview"})
    assert [r["label"] for r in client.get(url).context["rows"]] == ["Alan Turing"]
    assert [r["label"] for r in client.get(url, {"show": "decided"}).context["rows"]] == ["Grace Hopper"]


def test_the_candidate_page_has_no_score_but_the_resume(client, rita, job):
    grace = job.applications.get(candidate__name="Grace Hopper")
    response = client.get(reverse("recruiter:application", args=[job.slug, grace.public_id]))
    page = response.content.decode()
    assert response.context["score"] is None
    assert 'id="human-review-note"' in page and "no score and no rank" in page
    assert 'class="score-big"' not in page
    assert "Grace Hopper" in response.context["resume_html"]
    viewed = OversightRecord.objects.get(action="application_viewed")
    assert viewed.data == {"score_shown": False, "human_review": True}
