"""Stored XSS: a candidate whose name, file name, resume text and comment carry script and event-handler
payloads is shown as text on every page that displays them (candidate status page, recruiter ranking and
candidate page, blind review, Django admin). In Chromium: no dialog fires, no element is injected, no
Content-Security-Policy violation is reported, and the payload is readable as text.
"""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from screening.models import Application, Job
from screening.services.setup import defaults_load
from tests.browser.conftest import login, screenshot
from tests.factories import recruiter
from tests.filegen import make_pdf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery"
NAME = "<img src=x onerror=alert('name')>"
FILE_NAME = "<svg onload=alert('file')>.pdf"
COMMENT = "<script>alert('comment')</script> my degree year is wrong"
# ASCII only, so text normalisation leaves every payload exactly as typed. Sent as a PDF: a plain-text
# file with markup in its first kilobyte is refused at the door as HTML (tests/web/test_bad_uploads.py).
RESUME = f"""{NAME}
xss@example.test | +44 20 7946 0958 | javascript:alert('link')

Summary
<script>alert('summary')</script> Machine learning engineer with five years of experience. {{{{7*7}}}}

Skills
Python, PyTorch, <b onmouseover=alert('skill')>SQL</b>, Docker, pandas

Experience
Machine Learning Engineer
"><img src=x onerror=alert('employer')> Analytics
Jan 2019 - Present
Built PyTorch models <script>alert('evidence')</script> for demand forecasting and deployed them with Docker.
Designed feature pipelines in pandas "><iframe src=javascript:alert('frame')></iframe> and Spark.

Education
M.Sc. in Computer Science, University of Edinburgh <svg/onload=alert('school')>, 2018
"""
RESUME_PAYLOADS = [
    "<script>alert('summary')</script>",
    "<b onmouseover=alert('skill')>SQL</b>",
    "<script>alert('evidence')</script>",
    "\"><iframe src=javascript:alert('frame')></iframe>",
]

INJECTED = """() => ({
  handlers: document.querySelectorAll('[onerror], [onload], [onmouseover], [onclick]').length,
  images: document.querySelectorAll('img[src="x"], main svg[onload], iframe').length,
  scripts: [...document.scripts].filter(s => s.textContent.includes('alert(')).length,
  javascriptLinks: [...document.querySelectorAll('a[href], iframe[src]')]
    .map(e => (e.getAttribute('href') || e.getAttribute('src') || '').trim().toLowerCase())
    .filter(url => url.startsWith('javascript:')).length,
})"""


@pytest.fixture
def watched(page):
    """The page, with a list of Content-Security-Policy violations it reports (an injected inline script
    or handler would be blocked by CSP, and reported here, even when no dialog could fire)."""
    violations = []
    page.on("console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.csp_violations = violations
    return page


def assert_shown_as_text(page, *texts: str) -> None:
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # handlers of injected elements (onerror, onload) would have run by now
    assert page.dialogs == [], page.dialogs
    assert page.csp_violations == [], page.csp_violations
    found = page.evaluate(INJECTED)
    assert found == {"handlers": 0, "images": 0, "scripts": 0, "javascriptLinks": 0}, (page.url, found)
    body = page.inner_text("body")
    for text in texts:
        assert text in body, f"{text!r} not shown as text on {page.url}"


def test_payloads_in_name_file_name_resume_and_comment_are_shown_as_text_everywhere(watched, live_server, tmp_path):
    page = watched
    defaults_load()
    job = Job.objects.get(slug="machine-learning-engineer")
    recruiter(username="rita")
    get_user_model().objects.create_superuser("root", "root@example.test", PASSWORD)
    upload = tmp_path / FILE_NAME
    upload.write_bytes(make_pdf(RESUME))

    # The candidate applies through the form, then comments on what was read.
    page.goto(f"{live_server.url}/careers/{job.slug}/apply/")
    page.fill("#id_name", NAME)
    page.fill("#id_email", "xss@example.test")
    page.set_input_files("#id_resume", str(upload))
    page.check("#id_consent")
    page.click("button[type=submit]")
    page.wait_for_selector("#status-panel")
    page.wait_for_selector(".badge-processed", timeout=60_000)
    assert_shown_as_text(page)
    page.fill("#id_comment", COMMENT)
    page.click("#correction-form button[type=submit]")
    page.wait_for_selector("#corrections-title")
    assert_shown_as_text(page, COMMENT)
    screenshot(page, "xss-candidate-status")
    application = Application.objects.get()
    assert application.candidate.name == NAME  # stored as typed: escaping is the templates' job

    # The recruiter's ranking and candidate page: the name, the resume text, the evidence quotes.
    login(page, live_server, "rita", PASSWORD)
    page.goto(f"{live_server.url}/recruiter/jobs/{job.slug}/")
    page.wait_for_selector("#ranking")
    assert_shown_as_text(page, NAME)
    page.goto(f"{live_server.url}/recruiter/jobs/{job.slug}/applications/{application.public_id}/")
    page.wait_for_selector(".evidence")
    assert_shown_as_text(page, NAME, COMMENT, *RESUME_PAYLOADS)
    screenshot(page, "xss-recruiter-candidate")
    # Jumping to evidence re-renders nothing from strings, but exercise the page's script anyway.
    page.locator("[data-jump]").first.click()
    assert_shown_as_text(page)

    # Blind review masks identity with generated markup around the same text.
    Job.objects.filter(pk=job.pk).update(blind_review=True)
    page.goto(f"{live_server.url}/recruiter/jobs/{job.slug}/applications/{application.public_id}/")
    page.wait_for_selector(".evidence")
    assert_shown_as_text(page, "<script>alert('evidence')</script>")
    Job.objects.filter(pk=job.pk).update(blind_review=False)

    # The Django admin: change lists and change forms of the candidate and what was read.
    page.context.clear_cookies()  # sign the recruiter out
    login(page, live_server, "root", PASSWORD)
    for path, texts in [
        ("/admin/screening/candidate/", [NAME]),
        (f"/admin/screening/candidate/{application.candidate_id}/change/", []),
        ("/admin/screening/application/", []),
        (f"/admin/screening/parseresult/{application.current_resume.parse_id}/change/", []),
        ("/admin/screening/correctionrequest/", []),
    ]:
        page.goto(f"{live_server.url}{path}")
        assert page.locator("#content").count() == 1, page.url
        assert_shown_as_text(page, *texts)
    # Form fields hold the payloads as values, not markup.
    page.goto(f"{live_server.url}/admin/screening/candidate/{application.candidate_id}/change/")
    assert page.input_value("#id_name") == NAME
    screenshot(page, "xss-admin-candidate")
