"""The candidate's side: the automated-ranking notice (per job, versioned), the human review choice, and
the optional self-identification questions on the private status page."""
from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from screening import selectors, services
from screening.models import Application, JobNotice, SelfIdentification
from screening.selectors.notices import STANDARD_NOTICE_VERSION
from tests.factories import JobFactory, UserFactory
from tests.filegen import make_txt, sample_resume

pytestmark = pytest.mark.django_db


def form(**overrides):
    data = {
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "phone": "",
        "consent": "on",
        "resume": SimpleUploadedFile("ada.txt", make_txt(sample_resume()), content_type="text/plain"),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def apply(client, job, **overrides) -> Application:
    response = client.post(reverse("careers:apply", args=[job.slug]), form(**overrides))
    assert response.status_code == 302, response.content.decode()[:500]
    application = Application.objects.latest("created_at")
    # A first application under an address: the redirect is to its status page, the link's only copy.
    application.status_token = response["Location"].split("/")[-2]
    return application


def test_job_and_apply_pages_say_what_is_automated_and_offer_a_person(client):
    job = JobFactory()
    for url in (reverse("careers:job", args=[job.slug]), reverse("careers:apply", args=[job.slug])):
        page = client.get(url).content.decode()
        assert 'id="automation-notice"' in page
        assert "An automated ranking helps our hiring team" in page
        assert "skills, education" in page and "work experience" in page  # what it looks at
        assert "never looks at your name, age, sex, race or ethnicity" in page  # what it never looks at
        assert "A person on the hiring team makes every decision" in page
        assert f"Notice version {STANDARD_NOTICE_VERSION}" in page
    page = client.get(reverse("careers:apply", args=[job.slug])).content.decode()
    assert 'name="human_review"' in page
    assert "without the automatic ranking" in page


def test_the_notice_version_is_stored_with_the_application_and_admins_write_new_ones(client):
    job = JobFactory()
    first = apply(client, job)
    assert first.notice_version == STANDARD_NOTICE_VERSION
    admin = UserFactory(username="boss", is_staff=True, is_superuser=True)
    client.force_login(admin)
    add = reverse("admin:screening_jobnotice_add")
    # The add form starts from the job's current text.
    assert "An automated ranking helps our hiring team" in client.get(add, {"job": job.pk}).content.decode()
    response = client.post(add, {"job": job.pk, "text": "We rank applications with software.\n\nA person decides."})
    assert response.status_code == 302
    notice = JobNotice.objects.get()
    assert (notice.number, notice.version, notice.created_by) == (1, "v1", admin)
    client.logout()
    page = client.get(reverse("careers:job", args=[job.slug])).content.decode()
    assert "<p>We rank applications with software.</p>" in page and "Notice version v1" in page
    second = apply(client, job, email="grace@example.com", name="Grace Hopper")
    assert second.notice_version == "v1"
    # Each candidate's page shows the text they were shown, even after a newer version.
    services.job_notice_publish(job=job, text="A third wording.")
    assert selectors.notice_shown(application=second).text.startswith("We rank applications")
    assert selectors.notice_shown(application=first).version == STANDARD_NOTICE_VERSION
    status = client.get(reverse("candidate:status", args=[second.status_token])).content.decode()
    assert "The notice you were shown (version v1)" in status and "We rank applications with software." in status
    # Versions are never edited, only added.
    with pytest.raises(ValidationError, match="immutable"):
        notice.text = "changed"
        notice.save()
    client.force_login(admin)
    assert client.get(reverse("admin:screening_jobnotice_change", args=[notice.pk])).status_code == 200  # view only
    assert client.post(reverse("admin:screening_jobnotice_change", args=[notice.pk]), {"text": "x"}).status_code == 403


def test_choosing_a_person_on_the_form_and_the_status_page_says_so(client):
    job = JobFactory()
    app = apply(client, job, human_review="on")
    assert app.human_review is True
    page = client.get(reverse("candidate:status", args=[app.status_token])).content.decode()
    assert "You chose a person reviewing your application without the automatic ranking." in page
    assert "nothing marks it as better or worse" in page
    other = apply(client, job, email="bea@example.com", name="Bea Sales")
    assert other.human_review is False
    page = client.get(reverse("candidate:status", args=[other.status_token])).content.decode()
    assert "An automated ranking helps the team sort applications" in page
    assert reverse("candidate:human_review", args=[other.status_token]) in page


def test_choosing_a_person_later_from_the_status_page(client):
    app = apply(client, JobFactory())
    response = client.post(reverse("candidate:human_review", args=[app.status_token]))
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.human_review
    page = client.get(reverse("candidate:status", args=[app.status_token])).content.decode()
    assert "You chose a person reviewing" in page
    assert reverse("candidate:human_review", args=[app.status_token]) not in page  # one way: the button is gone


def test_self_identification_is_offered_after_applying_and_is_optional(client):
    app = apply(client, JobFactory())
    page = client.get(reverse("candidate:status", args=[app.status_token])).content.decode()
    assert 'id="self-identification"' in page and "Optional" in page
    assert "never shown to the hiring team and never used to rank or decide" in page
    for label in ("Hispanic or Latino", "Two or more races", "I decline to answer", "Female"):
        assert label in page
    assert not SelfIdentification.objects.exists()  # nothing stored until the candidate answers
    url = reverse("candidate:self_id", args=[app.status_token])
    # Both questions need an answer ("I decline to answer" is one).
    response = client.post(url, {"sex": "female", "race_ethnicity": ""}, follow=True)
    assert "Please choose an answer to each question" in response.content.decode()
    assert not SelfIdentification.objects.exists()
    client.post(url, {"sex": "female", "race_ethnicity": "decline", "action": "save"})
    assert SelfIdentification.objects.get().race_ethnicity == "decline"
    page = client.get(reverse("candidate:status", args=[app.status_token])).content.decode()
    assert 'value="female" selected' in page and "Change my answers" in page
    client.post(url, {"action": "remove"})
    assert not SelfIdentification.objects.exists()


def test_an_erased_candidate_cannot_answer(client):
    app = apply(client, JobFactory())
    services.candidate_erase(candidate=app.candidate)
    response = client.post(reverse("candidate:self_id", args=[app.status_token]), {"sex": "male", "race_ethnicity": "white"})
    assert response.status_code == 410
    assert not SelfIdentification.objects.exists()
