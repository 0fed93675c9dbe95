"""POST /api/v1/jobs/<slug>/applications/: the careers page's service, the caller's legal basis, the
web form's messages for bad files, and Idempotency-Key honoured."""

from __future__ import annotations

import io
import uuid

import pytest
from django.core import mail
from django.urls import reverse

from screening.models import Application, AuditEvent, Candidate, IdempotentRequest, Resume
from tests.web.test_bad_uploads import REFUSED
from tests.filegen import make_docx, make_pdf, make_txt, sample_resume

pytestmark = pytest.mark.django_db


def upload(data: bytes, name: str) -> io.BytesIO:
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def form(**changes):
    data = {
        "name": "Grace Hopper",
        "email": "grace@example.com",
        "phone": "+1 202 555 0100",
        "legal_basis": "consent",
        "consent_version": "ats-2026-01",
        "resume": upload(make_pdf(sample_resume("Grace Hopper")), "grace.pdf"),
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_submits_through_the_same_service_and_reads_the_resume(job, make_client, django_capture_on_commit_callbacks):
    client = make_client("applications:write", "applications:read")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("api:job_applications", args=[job.slug]), form(), format="multipart")
    assert response.status_code == 201, response.json()
    body = response.json()
    application = Application.objects.get(public_id=body["id"])
    assert application.source == Application.Source.API and body["resume_version"] == 1
    assert response["Location"].endswith(reverse("api:application", args=[application.public_id]))
    candidate = application.candidate
    assert candidate.legal_basis == "consent" and candidate.consent_version == "ats-2026-01"
    assert Resume.objects.get(application=application).status == Resume.Status.PROCESSED
    event = AuditEvent.objects.get(action="application.submitted")
    assert event.actor is not None and event.actor_kind == "user" and event.data["source"] == "api"
    assert mail.outbox == []  # the sending system talks to its candidates
    detail = client.get(reverse("api:application", args=[application.public_id])).json()
    assert detail["score"]["total"] > 0


@pytest.mark.parametrize("case", REFUSED.values(), ids=REFUSED.keys())
def test_bad_files_get_the_web_forms_message_and_nothing_is_stored(job, make_client, case):
    filename, make, words = case
    client = make_client("applications:write")
    response = client.post(
        reverse("api:job_applications", args=[job.slug]), form(resume=upload(make(), filename)), format="multipart"
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    body = response.json()
    assert body["detail"] == body["errors"]["resume"][0]
    assert words in body["detail"], body["detail"]  # the same words the careers form shows
    assert not Application.objects.exists() and not Resume.objects.exists()


def test_the_legal_basis_is_required_and_checked(job, make_client):
    client = make_client("applications:write")
    url = reverse("api:job_applications", args=[job.slug])
    assert "legal_basis" in client.post(url, form(legal_basis=None), format="multipart").json()["errors"]
    assert "legal_basis" in client.post(url, form(legal_basis="because"), format="multipart").json()["errors"]
    response = client.post(url, form(legal_basis="legitimate_interest", consent_version=None), format="multipart")
    assert response.status_code == 201
    candidate = Candidate.objects.get()
    assert candidate.legal_basis == "legitimate_interest" and candidate.consent_at is None


def test_a_closed_job_refuses(job, make_client):
    job.is_open = False
    job.save()
    response = make_client("applications:write").post(
        reverse("api:job_applications", args=[job.slug]), form(), format="multipart"
    )
    assert response.status_code == 400 and "no longer accepting" in response.json()["detail"]


def test_idempotency_key_replays_the_first_result(job, make_client):
    client = make_client("applications:write")
    url = reverse("api:job_applications", args=[job.slug])
    key = str(uuid.uuid4())
    data = make_docx(sample_resume("Grace Hopper").splitlines())
    first = client.post(url, form(resume=upload(data, "g.docx")), format="multipart", HTTP_IDEMPOTENCY_KEY=key)
    again = client.post(url, form(resume=upload(data, "g.docx")), format="multipart", HTTP_IDEMPOTENCY_KEY=key)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert Resume.objects.count() == 1 and IdempotentRequest.objects.count() == 1
    # The same key for different contents is refused. Without a key, a resend of the same file keeps the
    # version it made (an identical file is no new version); a different file is a new version.
    other = client.post(url, form(name="Someone Else"), format="multipart", HTTP_IDEMPOTENCY_KEY=key)
    assert other.status_code == 422 and "different request" in other.json()["detail"]
    assert client.post(url, form(resume=upload(data, "g.docx")), format="multipart").json()["resume_version"] == 1
    changed = make_docx([*sample_resume("Grace Hopper").splitlines(), "Also: Rust and Go"])
    assert client.post(url, form(resume=upload(changed, "g.docx")), format="multipart").json()["resume_version"] == 2


def test_idempotency_keys_belong_to_their_api_key(job, make_client):
    url = reverse("api:job_applications", args=[job.slug])
    first, second = make_client("applications:write"), make_client("applications:write")
    key = "order-42"
    txt = upload(make_txt(sample_resume("Grace Hopper")), "g.txt")
    assert first.post(url, form(resume=txt), format="multipart", HTTP_IDEMPOTENCY_KEY=key).status_code == 201
    txt2 = upload(make_txt(sample_resume("Alan Turing")), "a.txt")
    response = second.post(
        url,
        form(name="Alan Turing", email="alan@example.com", resume=txt2),
        format="multipart",
        HTTP_IDEMPOTENCY_KEY=key,
    )
    assert response.status_code == 201 and "Idempotent-Replayed" not in response
    assert Application.objects.count() == 2
