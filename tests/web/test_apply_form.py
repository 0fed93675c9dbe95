"""The apply form keeps the chosen file across an error elsewhere, and checks phone numbers."""
from __future__ import annotations

import re

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from screening.forms.careers import PHONE_MESSAGE, ApplyForm
from screening.models import Application, Candidate, Resume
from tests.factories import JobFactory
from tests.filegen import make_pdf, sample_resume

pytestmark = pytest.mark.django_db
PDF = make_pdf(sample_resume())


def form(**overrides):
    data = {
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "phone": "",
        "consent": "on",
        "resume": SimpleUploadedFile("Ada CV.pdf", PDF, content_type="application/pdf"),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def kept_reference(page: str) -> str:
    return re.search(r'name="kept_resume" value="([^"]+)"', page)[1]


def test_a_missing_consent_does_not_cost_a_second_upload(client):
    job = JobFactory()
    url = reverse("careers:apply", args=[job.slug])
    first = client.post(url, form(consent=None))
    assert first.status_code == 400
    page = first.content.decode()
    assert 'id="kept-resume"' in page and "Ada_CV.pdf" in page
    assert "Please confirm you agree" in page
    second = client.post(url, form(resume=None, kept_resume=kept_reference(page)))
    assert second.status_code == 302
    resume = Resume.objects.get()
    assert resume.original_name == "Ada_CV.pdf" and resume.size == len(PDF)
    assert Application.objects.get().candidate.consent_at is not None


def test_the_kept_file_works_once_and_for_its_own_visitor_only(client):
    job = JobFactory()
    url = reverse("careers:apply", args=[job.slug])
    reference = kept_reference(client.post(url, form(consent=None)).content.decode())
    stranger = Client().post(url, form(resume=None, kept_resume=reference))
    assert stranger.status_code == 400 and "Please choose your resume file." in stranger.content.decode()
    assert client.post(url, form(resume=None, kept_resume=reference)).status_code == 302
    again = client.post(url, form(resume=None, kept_resume=reference, email="other@example.com"))
    assert again.status_code == 400
    assert Resume.objects.count() == 1


def test_a_new_file_replaces_the_kept_one(client):
    job = JobFactory()
    url = reverse("careers:apply", args=[job.slug])
    reference = kept_reference(client.post(url, form(consent=None)).content.decode())
    new = SimpleUploadedFile("new.pdf", make_pdf(sample_resume() + "\nRust"), content_type="application/pdf")
    kept_key = client.session["kept_resume"]["key"]
    assert client.post(url, form(resume=new, kept_resume=reference)).status_code == 302
    assert Resume.objects.get().original_name == "new.pdf"
    assert not default_storage.exists(kept_key) and "kept_resume" not in client.session  # not left behind


def test_a_refused_file_is_explained_at_once_and_not_kept(client):
    job = JobFactory()
    fake = SimpleUploadedFile("cv.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    page = client.post(reverse("careers:apply", args=[job.slug]), form(resume=fake, consent=None)).content.decode()
    assert 'id="id_resume_error"' in page and 'id="kept-resume"' not in page
    assert 'name="kept_resume"' not in page


def test_a_phone_number_of_letters_is_refused_with_a_clear_message_and_the_file_kept(client):
    job = JobFactory()
    response = client.post(reverse("careers:apply", args=[job.slug]), form(phone="abc"))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_phone_error"' in page and "Please enter a phone number in digits" in page
    assert 'id="kept-resume"' in page
    assert Candidate.objects.count() == 0


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("+44 20 7946 0958", "+44 20 7946 0958"), ("(020)  7946-0958", "(020) 7946-0958"), ("", "")],
)
def test_phone_numbers_people_type_are_accepted(typed, stored):
    bound = ApplyForm(form(phone=typed, resume=None), {"resume": form()["resume"]})
    assert bound.is_valid(), bound.errors
    assert bound.cleaned_data["phone"] == stored


@pytest.mark.parametrize("typed", ["abc", "12", "+1 555", "call me", "0" * 16, "+999 1234567"])
def test_phone_numbers_that_cannot_be_dialled_are_refused(typed):
    bound = ApplyForm(form(phone=typed, resume=None), {"resume": form()["resume"]})
    assert not bound.is_valid()
    assert bound.errors["phone"][0] in (PHONE_MESSAGE, "Please check this number: its length does not fit its country code.")
