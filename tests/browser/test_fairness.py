"""Fairness in a real browser: a candidate chooses a person and self-identifies on a phone; an auditor
reads the audit with its charts and prints the report."""
import pytest
from django.contrib.auth.models import Group

from screening.models import Application, SelfIdentification
from screening.permissions import AUDITORS
from screening.services.setup import defaults_load
from tests.audit_data import add_applicants, published_version
from tests.browser.conftest import login, screenshot
from tests.factories import JobFactory, UserFactory
from tests.filegen import make_pdf, sample_resume
from tests.selectors.test_audit import balanced

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def no_sideways_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_a_candidate_chooses_a_person_and_answers_the_optional_questions(phone_page, live_server, tmp_path):
    defaults_load()
    page = phone_page
    page.goto(f"{live_server.url}/careers/machine-learning-engineer/apply/")
    assert page.locator("#automation-notice").is_visible()
    resume = tmp_path / "cv.pdf"
    resume.write_bytes(make_pdf(sample_resume("Grace Hopper")))
    page.fill("#id_name", "Grace Hopper")
    page.fill("#id_email", "grace@example.com")
    page.set_input_files("#id_resume", str(resume))
    page.check("#id_human_review")
    page.check("#id_consent")
    page.click("button[type=submit]")
    page.wait_for_selector("#review-chosen")
    assert "You chose a person reviewing your application" in page.inner_text("#review-chosen")
    page.select_option("#id_sex", "female")
    page.select_option("#id_race_ethnicity", "decline")
    page.click("#self-identification button[value=save]")
    page.wait_for_selector("text=Your answers are stored apart from your application")
    assert no_sideways_scroll(page)
    screenshot(page, "phone-candidate-choices")
    assert Application.objects.get().human_review
    assert SelfIdentification.objects.get().sex == "female"


def test_an_auditor_reads_the_audit_and_prints_the_report(page, live_server):
    job = JobFactory(slug="analyst", title="Data Analyst")
    published_version(job.profile)
    add_applicants(job, balanced(shift=-10.0, female_selected_every=5))
    auditor = UserFactory(username="audra")
    auditor.groups.add(Group.objects.get_or_create(name=AUDITORS)[0])
    login(page, live_server, "audra", "correct horse battery")
    page.goto(f"{live_server.url}/audit/")
    page.click("text=Data Analyst")
    page.wait_for_selector("#table-intersectional")
    assert page.locator("#audit-flags").is_visible()
    assert page.locator(".four-fifths").count() == 23
    assert page.locator("tr.row-flagged").count() == 8
    assert no_sideways_scroll(page)
    screenshot(page, "audit-job")
    page.click("text=Printable report")
    page.wait_for_selector("#method")
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert page.locator("#table-sex").is_visible()
    screenshot(page, "audit-report-print")
