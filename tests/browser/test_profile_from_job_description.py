"""A hiring admin pastes a job description, reads the proposal beside its sentences, and opens the draft."""
from pathlib import Path

import pytest

from screening.models import CompetencyProfile
from screening.services.setup import defaults_load
from tests.browser.conftest import login, screenshot
from tests.factories import hiring_admin

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = (Path(__file__).parent.parent / "core" / "job_descriptions" / "site_reliability_engineer.txt").read_text(
    encoding="utf-8"
)


def test_admin_starts_a_profile_from_a_job_description(page, live_server):
    defaults_load()
    hiring_admin(username="hana")
    login(page, live_server, "hana", "correct horse battery")
    page.click("text=Profiles")
    page.fill("#id_title", "Site Reliability Engineer")
    extra = "\nEducation\n- BS in Computer Science or a related field.\n- Recent graduates are encouraged to apply.\n"
    page.fill("#id_description", TEXT + extra)
    page.click("button:has-text('Propose a profile')")
    page.wait_for_selector("text=Flagged, not used")
    docker = page.locator("[data-proposal='docker']")
    assert docker.locator("mark").inner_text() == "Docker"
    assert docker.locator(".badge-must").is_visible()
    assert "Go / Python" in page.locator("[data-proposal='go-lang-or-python']").inner_text()
    assert "Fields: computer science" in page.locator("#proposal-education").inner_text()
    screenshot(page, "profile-from-job-description")

    page.click("button:has-text('Create the draft profile')")
    page.wait_for_selector("text=Created the draft")
    profile = CompetencyProfile.objects.get(name="Site Reliability Engineer")
    assert profile.published_version is None
    assert page.locator("input[value='Docker']").count() == 1
    screenshot(page, "profile-from-job-description-draft")
    page.click("text=Preview the draft’s ranking")
    page.wait_for_selector("text=What the draft changes")
