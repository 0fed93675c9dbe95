"""Scores a recruiter can read in Chromium: each category bar named in visible text, the band and standing
beside each score, the evidence quoted, the resume at full height; on a laptop and on a phone (screenshots
in artifacts/screenshots)."""

from __future__ import annotations

import pytest

from screening.models import Application
from screening.presenters import BAND_LABELS
from tests.browser.conftest import login, screenshot
from tests.browser.test_workspace import PASSWORD, console_errors, open_ranking, team  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_ranked_list(page) -> None:
    first = page.locator("#ranking tbody tr").first
    labels = first.locator(".cat-label")
    assert labels.count() >= 3
    for i in range(labels.count()):
        label = labels.nth(i)
        assert label.is_visible() and label.inner_text().strip()  # seen without hovering
    texts = [t.strip() for t in labels.all_inner_texts()]
    assert "Education" in texts and "Experience" in texts
    assert first.locator(".cat-value").first.is_visible()
    band = first.locator(".band")
    assert band.is_visible() and band.inner_text().strip() in BAND_LABELS.values()
    assert first.locator(".standing").inner_text().startswith("No. 1 of 4")
    assert first.locator(".ev-quote").first.is_visible()  # a line of the resume, not only a competency name


def test_ranked_list_and_candidate_page_read_well_on_a_laptop(page, live_server, team, console_errors):  # noqa: F811
    login(page, live_server, "rita", PASSWORD)
    open_ranking(page, live_server, team)
    check_ranked_list(page)
    # The whole row fits a laptop's screen: no sideways scrolling to reach the status.
    assert page.evaluate(
        "() => { const w = document.querySelector('.table-wrap'); return w.scrollWidth <= w.clientWidth + 1; }"
    )
    screenshot(page, "scores-ranking-desktop")

    page.locator("#ranking tbody .candidate-link").first.click()
    page.wait_for_selector("#resume-text")
    assert page.locator("#match-band").inner_text() in BAND_LABELS.values()
    assert page.locator("#standing").inner_text().startswith("No. 1 of 4 · top 25%")
    for label in page.locator(".chart-label").all():
        assert label.is_visible() and label.inner_text().strip()
    # The resume is shown whole: no inner scroll box.
    assert page.evaluate(
        "() => { const t = document.getElementById('resume-text'); return t.scrollHeight <= t.clientHeight + 1; }"
    )
    assert page.locator("#skills-used li").count() >= 1
    screenshot(page, "scores-candidate-desktop")
    assert console_errors == []


def test_ranked_list_and_candidate_page_read_well_on_a_phone(phone_page, live_server, team):  # noqa: F811
    page = phone_page
    login(page, live_server, "rita", PASSWORD)
    open_ranking(page, live_server, team)
    check_ranked_list(page)
    # Nothing pushes the page sideways on a phone, and every category's points fit on its card.
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert page.evaluate(
        """() => [...document.querySelectorAll('#ranking .cat-value')]
                 .every(v => v.getBoundingClientRect().right <= window.innerWidth)"""
    )
    screenshot(page, "scores-ranking-phone")

    app = Application.objects.get(job=team, candidate__name="Ada Lovelace")
    page.goto(f"{live_server.url}/recruiter/jobs/{team.slug}/applications/{app.public_id}/")
    page.wait_for_selector("#resume-text")
    assert page.locator("#match-band").is_visible()
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")
    screenshot(page, "scores-candidate-phone")


def test_hiring_admin_switches_blind_review_from_the_list(page, live_server, team, console_errors):  # noqa: F811
    from tests.factories import hiring_admin

    hiring_admin(username="hana")
    login(page, live_server, "hana", PASSWORD)
    open_ranking(page, live_server, team)
    assert "Ada Lovelace" in page.locator("#ranking").inner_text()
    page.click("#blind-review-form button")
    page.wait_for_selector(".message-success")
    assert "Blind review is on" in page.locator(".messages").inner_text()
    assert "Ada Lovelace" not in page.locator("#ranking").inner_text()
    assert page.locator("#ranking .badge-blind").count() == 4
    assert page.locator("#blind-review-form button").inner_text() == "Turn blind review off"
    screenshot(page, "scores-blind-review-switched")
    assert console_errors == []
