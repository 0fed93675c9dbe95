"""POST /api/v1/parse/: the facts as `parse_resume --json` prints them, nothing stored; JSON Resume on request."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from screening.models import Application, AuditEvent, Candidate, ParseResult, Resume
from tests.filegen import make_docx, make_pdf, sample_resume

pytestmark = pytest.mark.django_db


def upload(data: bytes, name: str) -> io.BytesIO:
    handle = io.BytesIO(data)
    handle.name = name
    return handle


def test_parse_prints_what_the_command_prints_and_stores_nothing(make_client, tmp_path):
    data = make_pdf(sample_resume("Ada Lovelace"))
    path = tmp_path / "ada.pdf"
    path.write_bytes(data)
    out = io.StringIO()
    call_command("parse_resume", str(path), "--json", stdout=out)
    expected = json.loads(out.getvalue())

    response = make_client("parse").post(reverse("api:parse"), {"resume": upload(data, "ada.pdf")}, format="multipart")
    assert response.status_code == 200
    body = response.json()
    assert body["file"] == "ada.pdf"
    assert {k: body[k] for k in ("status", "error", "text", "facts")} == {
        k: expected[k] for k in ("status", "error", "text", "facts")
    }
    assert body["facts"]["name"]["text"] == "Ada Lovelace"
    for model in (Candidate, Application, Resume, ParseResult):
        assert not model.objects.exists(), model
    assert not AuditEvent.objects.exclude(action="api_key.created").exists()


def test_parse_as_json_resume(make_client):
    data = make_docx(sample_resume("Ada Lovelace").splitlines())
    response = make_client("parse").post(
        reverse("api:parse") + "?format=jsonresume", {"resume": upload(data, "ada.docx")}, format="multipart"
    )
    body = response.json()
    assert body["$schema"].endswith("schema.json")
    assert body["basics"]["name"] == "Ada Lovelace" and "@" in body["basics"]["email"]
    keywords = {k for group in body["skills"] for k in group["keywords"]}
    assert "Python" in keywords
    assert body["work"] and all("position" in w or "name" in w for w in body["work"])


def test_parse_refuses_bad_files_with_the_web_forms_message(make_client):
    response = make_client("parse").post(
        reverse("api:parse"), {"resume": upload(b"%PDF-1.4 truncated", "cv.pdf")}, format="multipart"
    )
    assert response.status_code == 400
    assert "resume" in response.json()["errors"]
    assert make_client("parse").post(reverse("api:parse"), {}, format="multipart").status_code == 400
