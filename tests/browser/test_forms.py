"""Issue #13 in a browser: the apply form keeps the chosen file after an error (desktop and phone), the job
page's facts, and the profile editor's table, sticky save bar and flagged-criteria confirmation."""
import pytest

from screening.models import Application, Job, ProfileVersion, Resume
from screening.services.setup import defaults_load
from tests.browser.conftest import login, screenshot
from tests.factories import hiring_admin
from tests.filegen import make_pdf, sample_resume

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_a_missing_consent_and_a_bad_phone_do_not_cost_a_second_upload(request, width, live_server, tmp_path):
    page = request.getfixturevalue("page" if width == "desktop" else "phone_page")
    defaults_load()
    resume = tmp_path / "grace-hopper.pdf"
    resume.write_bytes(make_pdf(sample_resume("Grace Hopper")))

    page.goto(f"{live_server.url}/careers/machine-learning-engineer/")
    assert "£60,000 – £85,000 a year" in page.locator("#job-facts").inner_text()
    assert page.locator("#job-description li").count() >= 5
    screenshot(page, f"forms-job-page-{width}")
    page.click("text=Apply for this job")
    page.fill("#id_name", "Grace Hopper")
    page.fill("#id_email", "grace@example.com")
    page.fill("#id_phone", "abc")
    page.set_input_files("#id_resume", str(resume))
    page.click("button[type=submit]")  # consent not ticked, phone of letters

    page.wait_for_selector("#id_consent_error")
    assert "Please enter a phone number in digits" in page.locator("#id_phone_error").inner_text()
    kept = page.locator("#kept-resume")
    assert kept.is_visible() and "grace-hopper.pdf" in kept.inner_text()
    assert page.input_value("#id_name") == "Grace Hopper"
    # The page fits the phone's width: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(page, f"forms-apply-kept-file-{width}")

    page.fill("#id_phone", "+44 20 7946 0958")
    page.check("#id_consent")
    page.click("button[type=submit]")  # no file chosen again
    page.wait_for_selector("text=Your application for Machine Learning Engineer")
    resume_row = Resume.objects.get()
    assert resume_row.original_name == "grace-hopper.pdf"
    assert Application.objects.get().candidate.phone == "+44 20 7946 0958"


def test_profile_editor_table_sticky_save_and_flag_confirmation(page, live_server):
    defaults_load()
    hiring_admin(username="hana")
    login(page, live_server, "hana", "correct horse battery")
    page.goto(f"{live_server.url}/recruiter/profiles/machine-learning-engineer/")
    table = page.locator("#competencies")
    assert table.locator("[data-competency]").count() >= 10
    python = table.locator("[data-competency]").filter(has=page.locator("input[value='Python']"))
    before = float(python.locator("[data-points]").inner_text())
    python.locator("input[name$='-weight']").fill("30")
    after = float(python.locator("[data-points]").inner_text())
    assert after > before  # points of 100 follow the weight as it is typed
    assert "Unsaved changes" in page.locator("#save-bar").inner_text()

    # The save bar stays in the window while the list scrolls under it.
    bar = page.locator("#save-bar")
    page.mouse.wheel(0, 400)
    box = bar.bounding_box()
    assert box is not None and box["y"] + box["height"] <= page.viewport_size["height"] + 1
    screenshot(page, "forms-profile-editor-desktop")

    python.locator("summary").click()
    python.locator("textarea[name$='-synonyms']").fill("python, graduated after 2019")
    bar.locator("button:has-text('Save draft')").click()
    page.wait_for_selector("text=Draft saved")
    page.click("button:has-text('Publish and re-score')")
    page.wait_for_selector("#publish-flags")
    assert "graduated after 2019" in page.locator("#publish-flags").inner_text()
    screenshot(page, "forms-publish-flags-desktop")
    profile = Job.objects.get(slug="machine-learning-engineer").profile
    assert ProfileVersion.objects.filter(profile=profile).count() == 1
    page.check("#id_confirm_flags")
    page.click("button:has-text('Publish with these criteria')")
    page.wait_for_selector("text=Published version 2")
    assert ProfileVersion.objects.filter(profile=profile).count() == 2


def test_profile_editor_on_a_phone(phone_page, live_server):
    defaults_load()
    hiring_admin(username="hana")
    login(phone_page, live_server, "hana", "correct horse battery")
    phone_page.goto(f"{live_server.url}/recruiter/profiles/machine-learning-engineer/")
    # Each competency is a card of its own on a phone: nothing scrolls sideways.
    assert phone_page.evaluate("document.documentElement.scrollWidth <= 390")
    assert phone_page.locator("#competencies [data-competency] .visually-hidden").first.is_visible()
    bar = phone_page.locator("#save-bar")
    phone_page.mouse.wheel(0, 1500)
    box = bar.bounding_box()
    assert box is not None and box["y"] + box["height"] <= phone_page.viewport_size["height"] + 1
    screenshot(phone_page, "forms-profile-editor-phone")
