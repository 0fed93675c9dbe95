"""Rejecting in Chromium: a bulk rejection asks first (how many, why), then offers an undo while the
emails wait; undone, nobody is emailed. Screenshots go to artifacts/screenshots for reviewers."""

from __future__ import annotations

import pytest
from django.core import mail

from screening.models import Application, StageChange
from tests.browser.conftest import login, screenshot
from tests.browser.test_workspace import ANALYST, CHEF, PASSWORD, console_errors, open_ranking, submit, team  # noqa: F401
from tests.filegen import sample_resume  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bulk_reject_confirms_the_count_and_reason_then_undo_sends_nothing(page, live_server, team, console_errors):
    login(page, live_server, "rita", PASSWORD)
    open_ranking(page, live_server, team)
    chosen = ("Alan Analyst", "Chris Chef")
    for name in chosen:
        page.check("#row-%s input[type=checkbox]" % Application.objects.get(candidate__name=name).public_id)
    page.click("#bulk-form button[value=reject]")
    page.wait_for_selector("text=Reject 2 candidates?")
    assert set(page.locator(".confirm-list li").all_inner_texts()) == set(chosen)
    assert not Application.objects.filter(stage="rejected").exists()  # nothing happens before confirming
    page.select_option("#id_reason", "experience")
    assert page.input_value("#id_email_template") == "standard"  # the default message
    page.select_option("#id_email_template", "keep_in_touch")
    screenshot(page, "rejections-bulk-confirm")
    page.click("#confirm-bulk-form button[type=submit]")
    page.wait_for_selector("#undo-rejections")
    assert "Rejected 2 candidates." in page.locator(".messages").inner_text()
    assert set(Application.objects.filter(stage="rejected").values_list("candidate__name", flat=True)) == set(chosen)
    assert set(StageChange.objects.filter(to_stage="rejected").values_list("reason", flat=True)) == {"experience"}
    assert set(StageChange.objects.filter(to_stage="rejected").values_list("email_template", flat=True)) == {
        "keep_in_touch"
    }
    assert "You rejected 2 candidates" in page.locator("#undo-rejections").inner_text()
    screenshot(page, "rejections-undo-bar")

    page.click("#undo-rejections button:has-text('Undo')")
    page.wait_for_selector("text=Undone: 2 rejections.")
    assert page.locator("#undo-rejections").count() == 0
    assert not Application.objects.filter(stage="rejected").exists()
    assert not [m for m in mail.outbox if "not to move forward" in m.body]
    screenshot(page, "rejections-undone")
    assert console_errors == []


def test_reject_from_the_candidate_page_goes_to_the_next_candidate(page, live_server, team, console_errors):
    login(page, live_server, "rita", PASSWORD)
    open_ranking(page, live_server, team, "?sort=name")
    page.click("#ranking >> text=Ada Lovelace")
    page.wait_for_selector("#reject-form")
    page.select_option("#id_reason", "stronger_candidates")
    page.select_option("#id_email_template", "after_interview")
    screenshot(page, "rejections-candidate-form")
    page.click("#reject-form button:has-text('Reject')")
    page.wait_for_selector("text=Here is the next candidate.")
    assert page.locator("h1").first.inner_text() == "Alan Analyst"  # next by name
    assert "You rejected Ada Lovelace" in page.locator("#undo-rejections").inner_text()
    screenshot(page, "rejections-next-candidate")
    assert Application.objects.get(candidate__name="Ada Lovelace").stage == "rejected"
    assert StageChange.objects.get(application__candidate__name="Ada Lovelace").email_template == "after_interview"
    assert console_errors == []
