"""The corrections queue and merging duplicates in a real browser, with screenshots of each."""
import pytest

from screening.models import Application, CorrectionRequest
from screening.services.imports import resumes_import
from screening.services.setup import defaults_load
from tests.browser.conftest import login, screenshot
from tests.factories import recruiter
from tests.filegen import make_txt, sample_resume

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"


def apply_on_the_web(page, live_server, path, *, name: str, email: str) -> str:
    page.goto(f"{live_server.url}/careers/machine-learning-engineer/apply/")
    page.fill("#id_name", name)
    page.fill("#id_email", email)
    page.set_input_files("#id_resume", str(path))
    page.check("#id_consent")
    page.click("button[type=submit]")
    page.wait_for_selector("#correction-form", timeout=30_000)
    return page.url


def test_a_correction_is_answered_from_the_queue_and_the_candidate_reads_the_reply(page, live_server, tmp_path):
    defaults_load()
    recruiter(username="rita", password=PASSWORD)
    resume = tmp_path / "cv.txt"
    resume.write_bytes(make_txt(sample_resume("Ada Lovelace")))
    status_url = apply_on_the_web(page, live_server, resume, name="Ada Lovelace", email="ada@example.com")
    page.select_option("#id_field", "education")
    page.fill("#id_comment", "My degree is from the University of Edinburgh, 2019, not 2018.")
    page.click("#correction-form button[type=submit]")
    page.wait_for_selector("#your-corrections")
    assert "Waiting for the team" in page.locator("#your-corrections").inner_text()

    login(page, live_server, "rita", PASSWORD)
    page.goto(f"{live_server.url}/recruiter/")
    page.click("text=1 waiting")
    page.wait_for_selector("#correction-queue")
    queue = page.locator("#correction-queue").inner_text()
    assert "University of Edinburgh, 2019" in queue and "Education" in queue
    screenshot(page, "corrections-queue")
    correction = CorrectionRequest.objects.get()
    page.fill(f"#reply-{correction.pk}", "Thank you: we corrected the year to 2019.")
    page.select_option(f"#state-{correction.pk}", "resolved")
    page.click(f"#correction-{correction.pk} button[type=submit]")
    page.wait_for_selector("text=No corrections are waiting")
    screenshot(page, "corrections-queue-answered")
    correction.refresh_from_db()
    assert correction.state == "resolved"

    page.goto(status_url)
    reply = page.locator("#your-corrections").inner_text()
    assert "Resolved" in reply and "we corrected the year to 2019" in reply
    screenshot(page, "candidate-status-correction-reply")


def test_a_recruiter_merges_an_imported_resume_with_the_same_one_sent_on_the_web(page, live_server, tmp_path):
    defaults_load()
    recruiter(username="rita", password=PASSWORD)
    text = sample_resume("Grace Hopper")
    imported_file = tmp_path / "grace_hopper.txt"
    imported_file.write_bytes(make_txt(text))
    from screening.models import Job

    job = Job.objects.get(slug="machine-learning-engineer")
    report = resumes_import(job=job, files=[imported_file])
    imported = report.accepted[0][1]
    web_file = tmp_path / "cv.txt"
    web_file.write_bytes(make_txt(text))
    apply_on_the_web(page, live_server, web_file, name="Grace Hopper", email="grace@home.example")
    assert Application.objects.filter(job=job).count() == 2

    login(page, live_server, "rita", PASSWORD)
    page.goto(f"{live_server.url}/recruiter/jobs/{job.slug}/")
    page.wait_for_selector(".badge-duplicate")
    assert page.locator(".badge-duplicate").count() == 2
    screenshot(page, "duplicates-in-the-list")
    page.goto(f"{live_server.url}/recruiter/jobs/{job.slug}/applications/{imported.public_id}/")
    page.wait_for_selector("#duplicates")
    assert "Possible duplicate of" in page.locator("#duplicates").inner_text()
    screenshot(page, "duplicate-on-the-candidate-page")
    page.click("#duplicates button[type=submit]")
    page.wait_for_selector("text=Merged. This application keeps")
    screenshot(page, "duplicate-merged")
    imported.refresh_from_db()
    survivor = Application.objects.get(job=job, merged_at__isnull=True)
    assert imported.merged_into_id == survivor.pk != imported.pk  # the web one: newest, and reachable
    page.goto(f"{live_server.url}/recruiter/")
    row = page.locator("tr", has_text="Machine Learning Engineer").inner_text()
    assert "+1 merged" in row
    screenshot(page, "jobs-with-merged-count")
