"""The profiles page: paste a job description, see the proposal with its sentences, create the draft."""
from pathlib import Path

import pytest
from django.urls import reverse

from screening.models import CompetencyProfile
from tests.factories import hiring_admin, recruiter

pytestmark = pytest.mark.django_db

TEXT = (Path(__file__).parent.parent / "core" / "job_descriptions" / "frontend_developer.txt").read_text(encoding="utf-8")
URL = reverse("profiles:from_job_description")


@pytest.fixture
def admin_client(client):
    client.force_login(hiring_admin(username="hana"))
    return client


def test_the_profiles_page_has_the_form(admin_client):
    page = admin_client.get(reverse("profiles:list")).content.decode()
    assert "Start a profile from a job description" in page and f'action="{URL}"' in page


def test_proposing_shows_each_competency_beside_its_sentence_and_saves_nothing(admin_client):
    response = admin_client.post(URL, {"title": "Frontend Developer", "description": TEXT})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-proposal="react"' in page
    assert 'Experience with <mark class="ev">React</mark> (2+ years).' in page
    assert "Create the draft profile" in page
    assert not CompetencyProfile.objects.filter(name="Frontend Developer").exists()


def test_creating_opens_the_editor_on_an_unpublished_draft(admin_client):
    response = admin_client.post(URL, {"title": "Frontend Developer", "description": TEXT, "create": "1"})
    profile = CompetencyProfile.objects.get(name="Frontend Developer")
    assert response.status_code == 302 and response["Location"] == reverse("profiles:edit", args=[profile.slug])
    assert profile.published_version is None
    editor = admin_client.get(response["Location"]).content.decode()
    assert "Created the draft" in editor and "Not published yet." in editor


def test_flagged_sentences_are_shown(admin_client):
    text = "Requirements\n- Recent graduates from Harvard preferred.\n- Strong Python.\n"
    page = admin_client.post(URL, {"title": "Analyst", "description": text}).content.decode()
    assert "Flagged, not used" in page and "Recent graduates from Harvard preferred." in page


def test_an_empty_form_is_refused(admin_client):
    response = admin_client.post(URL, {"title": "", "description": ""})
    assert response.status_code == 400 and "This field is required." in response.content.decode()


def test_recruiters_and_get_requests_are_refused(client):
    client.force_login(recruiter(username="rita"))
    assert client.post(URL, {"title": "X", "description": TEXT}).status_code in (302, 403)
    assert not CompetencyProfile.objects.filter(name="X").exists()
    client.force_login(hiring_admin(username="hana"))
    assert client.get(URL).status_code == 405


def test_the_proposal_page_keeps_the_description_to_change_it(admin_client):
    page = admin_client.post(URL, {"title": "Frontend Developer", "description": TEXT}).content.decode()
    assert "Change the description and propose again" in page
    assert "Experience with GraphQL is a plus." in page.split('id="edit-description"')[1]


def test_creating_from_a_description_without_taxonomy_skills_says_why(admin_client):
    response = admin_client.post(URL, {"title": "Greeter", "description": "Welcome our guests.", "create": "1"})
    assert response.status_code == 400
    assert "No skills from the taxonomy were found" in response.content.decode()
    assert not CompetencyProfile.objects.filter(name="Greeter").exists()
