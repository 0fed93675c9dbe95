"""Two requests racing with one Idempotency-Key (PostgreSQL, real transactions): one application, and
both answers name it."""
from __future__ import annotations

import io
import threading

import pytest
from django.db import connection
from django.urls import reverse

from screening.models import Application, IdempotentRequest, Resume
from tests.filegen import make_txt, sample_resume

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises every writer: no race to see")
def test_racing_requests_with_one_key_make_one_application(job, make_client):
    client = make_client("applications:write")
    url = reverse("api:job_applications", args=[job.slug])
    data = make_txt(sample_resume("Grace Hopper"))
    start = threading.Barrier(2)
    answers = []

    def send():
        from django.db import connections

        resume = io.BytesIO(data)
        resume.name = "grace.txt"
        body = {"name": "Grace Hopper", "email": "grace@example.com", "legal_basis": "consent", "resume": resume}
        start.wait()
        try:
            answers.append(client.post(url, body, format="multipart", HTTP_IDEMPOTENCY_KEY="race-1"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a.status_code for a in answers) == [201, 201], [a.content for a in answers]
    assert answers[0].json()["id"] == answers[1].json()["id"]
    assert Application.objects.count() == 1 and Resume.objects.count() == 1
    assert IdempotentRequest.objects.count() == 1
