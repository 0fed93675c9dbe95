"""The recruiter workspace in Chromium: filtering, search, stage changes, notes, ratings, compare, blind
review, export, evidence jumps and live status, on a laptop and a phone. Screenshots of the main pages
go to artifacts/screenshots (git-ignored) for reviewers."""

from __future__ import annotations

import csv
import io
import re

import pytest

from screening import services
from screening.models import Application, Job, Rating, StageChange
from screening.services.setup import defaults_load
from tests.browser.conftest import login, screenshot
from tests.factories import recruiter
from tests.filegen import make_txt, sample_resume

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ANALYST = """{name}
{email}

Skills
Python, SQL, statistics, scikit-learn, Tableau

Experience
Data Analyst
Fabrikam Retail
Mar 2020 - Present
Built churn models in Python with scikit-learn; ran Kubernetes batch jobs for reporting.

Education
B.Sc. in Statistics, University of Leeds, 2019
"""

CHEF = """{name}
{email}

Experience
Head Chef
Harbour Kitchen
Jun 2015 - Present
Ran a kitchen of twelve and designed seasonal menus.
"""

PASSWORD = "correct horse battery"


def submit(job: Job, name: str, template: str) -> Application:
    email = name.lower().replace(" ", ".") + "@example.com"
    text = template.format(name=name, email=email) if "{name}" in template else template
    return services.application_submit(
        job=job, name=name, email=email, resume_name="resume.txt", resume_data=make_txt(text), consent=True
    )


@pytest.fixture
def team(live_server):
    """The default job with four processed candidates of different strength, and a signed-in recruiter."""
    defaults_load()
    job = Job.objects.get(slug="machine-learning-engineer")
    submit(job, "Ada Lovelace", sample_resume("Ada Lovelace"))
    submit(job, "Grace Hopper", sample_resume("Grace Hopper"))
    submit(job, "Alan Analyst", ANALYST)
    submit(job, "Chris Chef", CHEF)
    assert Application.objects.filter(job=job, current_resume__status="processed").count() == 4
    recruiter(username="rita", first_name="Rita", last_name="Recruiter")
    return job


@pytest.fixture
def console_errors(page):
    """Errors the page logs (a CSP violation from an inline script or style would show here)."""
    errors = []

    def on_console(msg):
        # Failed loads are reported with their address below; the browser's own favicon probe is not ours.
        if msg.type == "error" and not msg.text.startswith("Failed to load resource"):
            errors.append(msg.text)

    def on_response(response):
        if response.status >= 400 and not response.url.endswith("/favicon.ico"):
            errors.append(f"{response.status} {response.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", on_response)
    return errors


def open_ranking(page, live_server, job, query: str = "") -> None:
    page.goto(f"{live_server.url}/recruiter/jobs/{job.slug}/{query}")
    page.wait_for_selector("#ranking")


def names(page) -> list[str]:
    return [t.strip() for t in page.locator("#ranking tbody .candidate-link").all_inner_texts()]


def test_filter_search_and_clear(page, live_server, team, console_errors):
    login(page, live_server, "rita", PASSWORD)
    open_ranking(page, live_server, team)
    assert names(page)[-1] == "Chris Chef"
    assert len(names(page)) == 4
    # The stage tabs' counts arrive after the page, by their own request.
    page.wait_for_selector('.stage-tabs [data-stage-count="new"]:not([hidden])')
    assert page.locator('.stage-tabs [data-stage-count=""]').inner_text() == "4"
    assert page.locator('.stage-tabs [data-stage-count="interview"]').inner_text() == "0"
    screenshot(page, "workspace-ranking")

    page.fill("#id_skill", "scikit-learn")
    page.select_option("#id_degree", "bachelor")
    page.click("text=Apply filters")
    page.wait_for_url(re.compile(r"skill=scikit-learn"))
    assert "degree=bachelor" in page.url  # filters live in the URL: bookmarkable, shareable
    assert sorted(names(page)) == ["Ada Lovelace", "Alan Analyst", "Grace Hopper"]
    assert page.locator(".active-filters").inner_text().count("×") == 2
    screenshot(page, "workspace-filtered")

    page.click(".active-filters >> text=Degree at least")  # remove one filter, keep the other
    page.wait_for_load_state("networkidle")
    assert "skill=scikit-learn" in page.url and "degree" not in page.url

    page.fill("#id_q", "Kubernetes")
    page.click("button:has-text('Search')")
    page.wait_for_load_state("networkidle")
    assert names(page) == ["Alan Analyst"]
    page.click("text=Clear all")
    page.wait_for_load_state("networkidle")
    assert len(names(page)) == 4

    page.goto(page.url + "?stage=interview")
    assert "No applications" in page.locator("#ranking").inner_text()
    assert console_errors == []


def test_has_skill_suggests_as_you_type(page, live_server, team, console_errors):
    login(page, live_server, "rita", PASSWORD)
    open_ranking(page, live_server, team)
    page.locator("#id_skill").press_sequentially("pysp")
    page.locator("#skill-options option[value='PySpark']").wait_for(state="attached")
    page.fill("#id_skill", "machine learning")  # a broad skill finds resumes with narrower ones
    page.click("text=Apply filters")
    page.wait_for_url(re.compile(r"skill=machine"))
    assert "Alan Analyst" in names(page) and "Chris Chef" not in names(page)
    assert console_errors == []


def test_bulk_stage_change_then_advance_from_the_candidate_page(page, live_server, team, console_errors):
    login(page, live_server, "rita", PASSWORD)
    open_ranking(page, live_server, team)
    move = page.locator("#bulk-form button[value=move]")
    assert move.is_disabled()  # nothing selected yet
    page.check("#row-%s input[type=checkbox]" % Application.objects.get(candidate__name="Ada Lovelace").public_id)
    page.check("#row-%s input[type=checkbox]" % Application.objects.get(candidate__name="Alan Analyst").public_id)
    assert page.locator("[data-selected-count]").inner_text() == "2 selected"
    page.select_option("#id_to_stage", "screening")
    move.click()
    page.wait_for_selector("text=Move 2 candidates to Screening?")  # each is emailed: asked first
    page.click("#confirm-bulk-form button[type=submit]")
    page.wait_for_selector("text=Moved 2 candidates to Screening.")
    assert set(Application.objects.filter(stage="screening").values_list("candidate__name", flat=True)) == {
        "Ada Lovelace",
        "Alan Analyst",
    }

    page.click("#ranking >> text=Ada Lovelace")
    page.wait_for_selector("text=Why this score")
    page.click("text=Advance to Interview")
    page.wait_for_selector("text=Moved to Interview.")
    assert page.locator(".candidate-meta .stage").inner_text() == "Interview"
    timeline = page.locator(".timeline").inner_text()
    assert "Interview" in timeline and "by Rita Recruiter" in timeline
    assert StageChange.objects.filter(application__candidate__name="Ada Lovelace").count() == 2
    assert console_errors == []


def test_notes_and_rating(page, live_server, team, console_errors):
    app = Application.objects.get(candidate__name="Grace Hopper")
    login(page, live_server, "rita", PASSWORD)
    page.goto(f"{live_server.url}/recruiter/jobs/{team.slug}/applications/{app.public_id}/")
    page.fill("#id_body", "Strong production ML; ask about Spark at scale.")
    page.click("text=Add note")
    page.wait_for_selector("text=Note added.")
    note = page.locator(".note").first.inner_text()
    assert "Strong production ML" in note and "Rita Recruiter" in note

    page.click("label[for=stars-4]")
    page.click("text=Save rating")
    page.wait_for_selector("text=Your rating: 4 of 5.")
    assert page.locator("#stars-4").is_checked()
    assert Rating.objects.get(application=app).stars == 4
    screenshot(page, "workspace-candidate")

    # Keyboard only: focus the note box, type, submit with the keyboard.
    page.focus("#id_body")
    page.keyboard.type("Second note, by keyboard.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=Second note, by keyboard.")
    assert console_errors == []


def test_evidence_jump_highlights_the_sentence(page, live_server, team):
    app = Application.objects.get(candidate__name="Ada Lovelace")
    login(page, live_server, "rita", PASSWORD)
    page.goto(f"{live_server.url}/recruiter/jobs/{team.slug}/applications/{app.public_id}/")
    link = page.locator(".breakdown th[scope=row] a[data-jump]").first
    anchor = link.get_attribute("data-jump")
    link.click()
    current = page.locator("#resume-text mark.current")
    current.first.wait_for()
    assert current.count() >= 1
    assert anchor in current.first.get_attribute("data-ev").split()
    # The resume is shown at full height: the highlighted sentence is scrolled onto the screen.
    page.wait_for_function(
        """() => {
            const box = document.getElementById('resume-text').getBoundingClientRect();
            const mark = document.querySelector('#resume-text mark.current').getBoundingClientRect();
            return mark.top >= box.top && mark.bottom <= box.bottom && mark.top >= 0 && mark.bottom <= innerHeight;
        }""",
        timeout=5000,
    )


def test_compare_three_candidates(page, live_server, team, console_errors):
    login(page, live_server, "rita", PASSWORD)
    open_ranking(page, live_server, team)
    boxes = page.locator("#ranking tbody input[type=checkbox]")
    for i in range(3):
        boxes.nth(i).check()
    page.click("#bulk-form button[value=compare]")
    page.wait_for_selector("#compare")
    heads = page.locator(".compare-head a").all_inner_texts()
    assert len(heads) == 3
    assert page.locator("#compare tbody tr").count() > 10  # competency by competency
    assert page.locator("td.best").count() > 0
    screenshot(page, "workspace-compare")
    assert console_errors == []


def test_blind_review_and_reveal(page, live_server, team, console_errors):
    team.blind_review = True
    team.save()
    login(page, live_server, "rita", PASSWORD)
    open_ranking(page, live_server, team)
    listed = names(page)
    assert all(n.startswith("Candidate ") for n in listed)
    assert "Lovelace" not in page.content() and "Hopper" not in page.content()
    ada = Application.objects.get(candidate__name="Ada Lovelace")
    page.click(f"#row-{ada.public_id} .candidate-link")
    page.wait_for_selector("text=Blind review.")
    text = page.locator("#resume-text").inner_text()
    assert "Lovelace" not in text and "ada.lovelace@example.com" not in text and "Edinburgh" not in text
    assert "█████" in text and "PyTorch" in text
    assert page.locator("text=Download original").count() == 0
    screenshot(page, "workspace-blind")
    page.click("text=Reveal identity")
    page.wait_for_selector("text=Identity revealed.")
    assert page.locator("h1").inner_text() == "Ada Lovelace"
    assert "Lovelace" in page.locator("#resume-text").inner_text()
    assert console_errors == []


def test_export_selected_to_csv(page, live_server, team):
    login(page, live_server, "rita", PASSWORD)
    open_ranking(page, live_server, team)
    page.check("[data-select-all]")
    assert page.locator("[data-selected-count]").inner_text() == "4 selected"
    with page.expect_download() as download_info:
        page.click("#bulk-form button[value=export]")
    download = download_info.value
    assert download.suggested_filename.startswith("machine-learning-engineer-candidates-")
    content = download.path().read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(content)))
    assert [r["candidate"] for r in rows][-1] == "Chris Chef"
    assert len(rows) == 4 and all(r["score"] for r in rows)


def test_status_updates_without_reloading(page, live_server, team, monkeypatch):
    # A resume arrives but is not read yet (as when the workers are busy).
    monkeypatch.setattr("screening.tasks.resume_process.apply_async", lambda *a, **kw: None)
    late = submit(team, "Lena Late", sample_resume("Lena Late"))
    login(page, live_server, "rita", PASSWORD)
    open_ranking(page, live_server, team)
    row = page.locator(f"#row-{late.public_id}")
    assert "Received" in row.inner_text()
    row.locator("input[type=checkbox]").check()
    services.resume_process(resume_id=late.current_resume_id)  # a worker reads it now
    page.wait_for_selector(f"#row-{late.public_id}:not([data-pending]) .badge-processed", timeout=20_000)
    row = page.locator(f"#row-{late.public_id}")
    assert row.locator(".score").inner_text().strip() not in {"", "–"}
    assert row.locator("input[type=checkbox]").is_checked()  # the selection survives the refresh
    assert "processed" in page.locator("#live-status").inner_text()


def test_forms_are_labelled(page, live_server, team):
    login(page, live_server, "rita", PASSWORD)
    app = Application.objects.get(candidate__name="Ada Lovelace")
    for path in (f"/recruiter/jobs/{team.slug}/", f"/recruiter/jobs/{team.slug}/applications/{app.public_id}/"):
        page.goto(live_server.url + path)
        unlabelled = page.evaluate(
            """() => Array.from(document.querySelectorAll('input:not([type=hidden]), select, textarea'))
                 .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
                 .map(el => el.outerHTML)"""
        )
        assert unlabelled == [], path


def test_phone_layout(phone_page, live_server, team):
    login(phone_page, live_server, "rita", PASSWORD)
    open_ranking(phone_page, live_server, team)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1  # no sideways scrolling of the whole page
    screenshot(phone_page, "workspace-ranking-phone")
    phone_page.locator("#ranking .candidate-link").first.click()
    phone_page.wait_for_selector("text=Why this score")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 391
    screenshot(phone_page, "workspace-candidate-phone")
