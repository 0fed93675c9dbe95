"""A candidate applies through the form; a recruiter signs in and finds them in the ranking."""
import pytest

from screening.services.setup import defaults_load
from tests.factories import recruiter
from tests.filegen import make_pdf, sample_resume

from tests.browser.conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_candidate_applies_and_recruiter_sees_them_ranked(page, live_server, tmp_path):
    defaults_load()
    recruiter(username="rita")
    resume = tmp_path / "grace-hopper.pdf"
    resume.write_bytes(make_pdf(sample_resume("Grace Hopper")))

    page.goto(f"{live_server.url}/careers/")
    screenshot(page, "careers-jobs")
    page.click("text=Machine Learning Engineer")
    page.click("text=Apply for this job")
    page.fill("#id_name", "Grace Hopper")
    page.fill("#id_email", "grace@example.com")
    page.set_input_files("#id_resume", str(resume))
    page.check("#id_consent")
    screenshot(page, "careers-apply")
    page.click("button[type=submit]")
    page.wait_for_selector("text=Your application for Machine Learning Engineer")
    page.wait_for_selector(".badge-processed", timeout=30_000)
    screenshot(page, "candidate-status")

    login(page, live_server, "rita", "correct horse battery")
    page.goto(f"{live_server.url}/recruiter/jobs/machine-learning-engineer/")
    row = page.locator("#ranking tbody tr").first
    assert "Grace Hopper" in row.inner_text()
    assert row.locator(".score").inner_text().strip() not in {"", "–"}
    screenshot(page, "recruiter-ranking")
    row.locator("a").first.click()
    page.wait_for_selector("text=Why this score")
    assert page.locator(".evidence").count() > 0
    screenshot(page, "recruiter-candidate")


def test_bad_file_gets_a_clear_message_and_nothing_is_stored(page, live_server, tmp_path):
    from screening.models import Application

    defaults_load()
    fake = tmp_path / "resume.pdf"
    fake.write_bytes(b"<html><script>alert(1)</script></html>")
    page.goto(f"{live_server.url}/careers/machine-learning-engineer/apply/")
    page.fill("#id_name", "Mallory")
    page.fill("#id_email", "mallory@example.com")
    page.set_input_files("#id_resume", str(fake))
    page.check("#id_consent")
    page.click("button[type=submit]")
    error = page.locator("#id_resume_error")
    assert error.is_visible()
    assert Application.objects.count() == 0
