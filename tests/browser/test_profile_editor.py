"""A hiring admin changes a weight, previews the effect, publishes, and watches the re-scoring finish."""
import pytest

from screening import services
from screening.models import Job, ProfileVersion
from screening.services.setup import defaults_load
from tests.browser.conftest import login, screenshot
from tests.factories import hiring_admin
from tests.filegen import make_txt, sample_resume

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_tunes_previews_and_publishes(page, live_server):
    defaults_load()
    job = Job.objects.get(slug="machine-learning-engineer")
    for i, ml in enumerate([True, False]):
        services.application_submit(
            job=job, name=f"Person {i}", email=f"p{i}@example.com", resume_name=f"cv{i}.txt",
            resume_data=make_txt(sample_resume(f"Person Number{i}", ml=ml)), consent=True,
        )
    hiring_admin(username="hana")
    login(page, live_server, "hana", "correct horse battery")

    page.click("text=Profiles")
    page.click("text=Machine Learning Engineer")
    screenshot(page, "profile-editor")
    python = page.locator("[data-competency]").filter(has=page.locator("input[value='Python']"))
    python.locator("input[name$='-weight']").fill("10")
    page.click("text=Save draft")
    page.wait_for_selector("text=Draft saved")
    assert page.locator("text=Draft has unpublished changes").is_visible()

    page.click("text=Preview the draft’s ranking")
    page.wait_for_selector("text=What the draft changes")
    assert "Python: weight 6.0 → 10.0" in page.content()
    screenshot(page, "profile-preview")

    page.click("button:has-text('Publish and re-score')")
    page.wait_for_selector("#rescore-progress .badge-processed", timeout=30_000)
    assert ProfileVersion.objects.filter(profile=job.profile).count() == 2
    screenshot(page, "profile-published")


def test_move_buttons_reorder_competencies(page, live_server):
    defaults_load()
    hiring_admin(username="hana")
    login(page, live_server, "hana", "correct horse battery")
    page.goto(f"{live_server.url}/recruiter/profiles/machine-learning-engineer/")
    second = page.locator("[data-competency]").nth(1)
    assert second.locator("input[name$='-name']").input_value() == "Java"
    second.locator("button[aria-label='Move up']").click()
    first = page.locator("[data-competency]").nth(0)
    assert first.locator("input[name$='-name']").input_value() == "Java"
    page.click("text=Save draft")
    page.wait_for_selector("text=Draft saved")
    keys = list(Job.objects.get(slug="machine-learning-engineer").profile.competencies.values_list("key", flat=True))
    assert keys[:2] == ["java", "python"]
