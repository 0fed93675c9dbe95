"""The candidate's side in a real browser: careers pages on a 390 px phone, and the status page's actions."""
import re

import pytest

from screening.models import Application, Candidate, CorrectionRequest
from screening.services.setup import defaults_load
from tests.filegen import make_pdf, sample_resume

from tests.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_careers_pages_read_well_on_a_phone(phone_page, live_server, tmp_path):
    defaults_load()
    page = phone_page
    page.goto(f"{live_server.url}/careers/")
    assert no_sideways_scroll(page)
    screenshot(page, "phone-careers-jobs")
    page.click("text=Machine Learning Engineer")
    page.wait_for_selector("text=Apply for this job")
    assert no_sideways_scroll(page)
    screenshot(page, "phone-job-detail")
    page.click("text=Apply for this job")
    page.wait_for_selector("#processing-note")
    assert page.locator("#processing-note").is_visible()
    assert page.locator("#consent-text").is_visible()
    assert no_sideways_scroll(page)
    # Send it empty: every error is shown next to its field, still without sideways scrolling.
    page.click("button[type=submit]")
    page.wait_for_selector("#form-errors")
    for field in ("name", "email", "resume", "consent"):
        assert page.locator(f"#id_{field}_error").is_visible()
    assert no_sideways_scroll(page)
    screenshot(page, "phone-apply-errors")
    resume = tmp_path / "cv.pdf"
    resume.write_bytes(make_pdf(sample_resume("Grace Hopper")))
    page.fill("#id_name", "Grace Hopper")
    page.fill("#id_email", "grace@example.com")
    page.set_input_files("#id_resume", str(resume))
    page.check("#id_consent")
    page.click("button[type=submit]")
    page.wait_for_selector("#what-we-read", timeout=30_000)  # the panel refreshes itself once read
    assert no_sideways_scroll(page)
    screenshot(page, "phone-candidate-status")


def emailed_link() -> str:
    from django.core import mail

    return re.findall(r"/applications/confirm/[\w-]+/", mail.outbox[-1].body)[-1]


def test_candidate_flags_a_mistake_withdraws_and_erases(page, live_server, tmp_path):
    defaults_load()
    resume = tmp_path / "cv.pdf"
    resume.write_bytes(make_pdf(sample_resume("Ada Lovelace")))
    page.goto(f"{live_server.url}/careers/machine-learning-engineer/apply/")
    page.fill("#id_name", "Ada Lovelace")
    page.fill("#id_email", "ada@example.com")
    page.set_input_files("#id_resume", str(resume))
    page.check("#id_consent")
    page.click("button[type=submit]")
    page.wait_for_selector("#correction-form", timeout=30_000)
    status_url = page.url
    assert "PyTorch" in page.locator("#what-we-read").inner_text()

    page.fill("#id_comment", "You missed my Rust experience")
    page.click("#correction-form button[type=submit]")
    page.wait_for_selector("text=A person on the hiring team will look at your comment")
    assert CorrectionRequest.objects.get().comment == "You missed my Rust experience"
    screenshot(page, "candidate-status-with-comment")

    page.click("text=Withdraw my application")
    screenshot(page, "candidate-confirm-withdraw")
    page.click("text=Yes, withdraw")
    page.wait_for_selector("text=You withdrew this application.")
    assert Application.objects.get().stage == "withdrawn"

    # Downloading and erasing everything take a link emailed to the address on file.
    page.click("text=Email me a link to download my data")
    page.wait_for_selector("text=We have emailed a link")
    page.goto(live_server.url + emailed_link())
    screenshot(page, "candidate-confirm-download")
    with page.expect_download() as download:
        page.click("#confirm-link button[type=submit]")
    assert download.value.suggested_filename == "my-application-data.json"

    page.goto(status_url)
    page.click("text=Erase my data")
    screenshot(page, "candidate-confirm-erase")
    page.click("text=Email me the erasure link")
    page.wait_for_selector("text=We have emailed a link")
    assert Candidate.objects.get().erased_at is None
    page.goto(live_server.url + emailed_link())
    page.click("text=Yes, erase everything")
    page.wait_for_selector("#erased")
    assert "has been erased" in page.content()
    screenshot(page, "candidate-erased")
    assert Candidate.objects.get().erased_at is not None
    assert page.dialogs == []
