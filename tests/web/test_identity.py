"""Proof of address, through the HTTP interface: the pre-claim and overwrite attacks of issue 12 fail,
and the address's owner can still apply, confirm, download and erase.

Each party is its own browser (Django test client) with its own client address; the only way a
party learns a link is the way a person would: the redirect their own browser got, or an email in
`mailoutbox` sent to an address they own.
"""
from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from screening.models import Application, Candidate, HeldSubmission, Resume, Score
from screening.services.setup import defaults_load
from tests.factories import JobFactory, recruiter
from tests.filegen import make_txt, sample_resume

pytestmark = pytest.mark.django_db

VICTIM = "victim@example.com"
INTRUDER_NAME = "Call +1-900-555-0000 to confirm"
INTRUDER_PHONE = "+1-900-555-0000"
INTRUDER_RESUME = sample_resume("Mallory Intruder", ml=False, email="mallory@example.net")
VICTIM_RESUME = sample_resume("Vera Victim", email=VICTIM)


@pytest.fixture
def jobs():
    defaults_load()
    from screening.models import Job

    first = Job.objects.get(slug="machine-learning-engineer")
    second = JobFactory(title="Data Analyst", slug="data-analyst", profile=first.profile)
    return first, second


def browser(ip: str) -> Client:
    return Client(REMOTE_ADDR=ip)


def apply(client: Client, job, *, name: str, email: str, resume: str, phone: str = "", commit=None):
    data = {
        "name": name,
        "email": email,
        "phone": phone,
        "consent": "on",
        "resume": SimpleUploadedFile("resume.txt", make_txt(resume), content_type="text/plain"),
    }
    if commit is None:
        return client.post(reverse("careers:apply", args=[job.slug]), data)
    with commit(execute=True):
        return client.post(reverse("careers:apply", args=[job.slug]), data)


def links(mailoutbox, *, to: str = VICTIM) -> list[str]:
    """Every confirmation link emailed to `to`, oldest first."""
    found = []
    for message in mailoutbox:
        if [a.casefold() for a in message.to] == [to.casefold()]:
            found += re.findall(r"/applications/confirm/[\w-]+/", message.body)
    return found


def use_link(client: Client, link: str, commit):
    """Open an emailed link (GET shows a page and uses nothing), then press its button."""
    page = client.get(link)
    assert page.status_code == 200 and 'id="confirm-link"' in page.content.decode()
    with commit(execute=True):
        return client.post(link, {"confirm": "yes"})


def recruiter_page(application: Application) -> str:
    staff = Client()
    staff.force_login(recruiter(username=f"rita{Application.objects.count()}{Candidate.objects.count()}"))
    url = reverse("recruiter:application", args=[application.job.slug, application.public_id])
    return staff.get(url).content.decode()


def test_pre_claim_fails(jobs, mailoutbox, django_capture_on_commit_callbacks):
    """Attack 1: the attacker applies first with the victim's address, then the victim applies."""
    commit = django_capture_on_commit_callbacks
    first, second = jobs
    attacker, victim = browser("203.0.113.66"), browser("198.51.100.7")

    claimed = apply(attacker, first, name="Mallory", email=VICTIM, resume=INTRUDER_RESUME, commit=commit)
    attacker_page = claimed["Location"]
    assert attacker.get(attacker_page).status_code == 200

    # The victim applies to the same job and to another one, with the address typed differently.
    for job in (first, second):
        response = apply(victim, job, name="Vera Victim", email=" Victim@Example.com", resume=VICTIM_RESUME,
                         phone="+44 20 7946 0000", commit=commit)
        assert response["Location"] == reverse("careers:applied", args=[job.slug])  # no link in this browser
    assert HeldSubmission.objects.count() == 2

    # Nothing of the victim's reaches the attacker's page, and the attacker's export and erasure
    # only send a link to the victim's inbox.
    page = attacker.get(attacker_page).content.decode()
    assert "Vera" not in page and "7946" not in page and "Victim" not in page
    before = len(mailoutbox)
    with commit(execute=True):
        export = attacker.post(attacker_page + "export/")
    assert export.status_code == 302 and "Vera" not in attacker.get(export["Location"]).content.decode()
    with commit(execute=True):
        attacker.post(attacker_page + "erase/", {"confirm": "yes"})
    assert [m.to for m in mailoutbox[before:]] == [[VICTIM], [VICTIM]]
    assert not Candidate.objects.filter(erased_at__isnull=False).exists()
    assert attacker.get(attacker_page).status_code == 200  # nothing erased

    # The victim confirms from the email; the attacker's link to the record now owned by the victim dies.
    held_links = [m for m in mailoutbox if m.subject.startswith("Did you apply")]
    assert len(held_links) == 2
    confirmed = use_link(victim, re.search(r"/applications/confirm/[\w-]+/", held_links[0].body)[0], commit)
    assert confirmed.status_code == 302
    victim_page = confirmed["Location"]
    assert victim.get(victim_page).status_code == 200
    assert attacker.get(attacker_page).status_code == 404
    assert attacker.post(attacker_page + "export/").status_code == 404
    assert attacker.post(attacker_page + "erase/", {"confirm": "yes"}).status_code == 404
    assert attacker.post(attacker_page + "withdraw/", {"confirm": "yes"}).status_code == 404

    # No email the attacker caused carries what the attacker typed.
    for message in mailoutbox:
        assert "Mallory" not in message.body and "Mallory" not in message.subject


def test_overwrite_fails(jobs, mailoutbox, django_capture_on_commit_callbacks):
    """Attack 2: someone who knows a confirmed candidate's address applies again as someone else."""
    commit = django_capture_on_commit_callbacks
    first, _ = jobs
    owner, intruder = browser("198.51.100.7"), browser("203.0.113.66")

    apply(owner, first, name="Vera Victim", email=VICTIM, resume=VICTIM_RESUME, phone="+44 20 7946 0000", commit=commit)
    confirmed = use_link(owner, links(mailoutbox)[-1], commit)  # the receipt's "confirm your address"
    owner_page = confirmed["Location"]
    with commit(execute=True):
        owner.post(owner_page + "withdraw/", {"confirm": "yes"})
    application = Application.objects.get()
    assert application.stage == Application.Stage.WITHDRAWN
    resume = application.current_resume
    scores = set(Score.objects.values_list("pk", "total"))

    sent_before = len(mailoutbox)
    for typed in (" VICTIM@example.com", "victim@EXAMPLE.com ", "Victim@Example.Com"):
        response = apply(intruder, first, name=INTRUDER_NAME, email=typed, resume=INTRUDER_RESUME,
                         phone=INTRUDER_PHONE, commit=commit)
        assert response["Location"] == reverse("careers:applied", args=[first.slug])
    # The intruder's own quota is spent; the owner's is not.
    assert apply(intruder, first, name=INTRUDER_NAME, email=VICTIM, resume=INTRUDER_RESUME).status_code == 429

    application.refresh_from_db()
    candidate = application.candidate
    assert candidate.name == "Vera Victim" and candidate.phone == "+44 20 7946 0000"
    assert application.current_resume_id == resume.pk and Resume.objects.count() == 1
    assert application.stage == Application.Stage.WITHDRAWN  # not reopened
    assert set(Score.objects.values_list("pk", "total")) == scores  # not scored as current
    page = recruiter_page(application)
    assert INTRUDER_NAME not in page and "900-555" not in page and "Mallory" not in page
    assert 'id="held-submissions"' in page and "unconfirmed" in page
    assert owner.get(owner_page).status_code == 200  # the owner's link still works

    # Emails to the address carried nothing the intruder typed.
    for message in mailoutbox[sent_before:]:
        assert message.to == [VICTIM]
        for typed in ("Call", "900", "Mallory", "Intruder"):
            assert typed not in message.body and typed not in message.subject

    # The owner can still apply (not locked out by the intruder's tries), and confirming it joins.
    response = apply(owner, first, name="Vera Victim", email=VICTIM, resume=VICTIM_RESUME + "\nRust", commit=commit)
    assert response.status_code == 302 and response["Location"] == reverse("careers:applied", args=[first.slug])
    joined = use_link(owner, links(mailoutbox)[-1], commit)
    application.refresh_from_db()
    assert application.stage == Application.Stage.NEW and Resume.objects.count() == 2
    assert application.candidate.name == "Vera Victim"
    assert owner.get(joined["Location"]).status_code == 200
    assert owner.get(owner_page).status_code == 404  # links rotate on confirmation
    assert HeldSubmission.objects.filter(confirmed_at__isnull=True).count() == 3  # the intruder's, still held


def test_the_owner_can_apply_confirm_export_and_erase(jobs, mailoutbox, django_capture_on_commit_callbacks):
    commit = django_capture_on_commit_callbacks
    first, second = jobs
    owner = browser("198.51.100.7")

    response = apply(owner, first, name="Vera Victim", email=VICTIM, resume=VICTIM_RESUME, commit=commit)
    first_page = response["Location"]
    assert owner.get(first_page).status_code == 200  # a first application: its own page at once
    apply(owner, second, name="Vera Victim", email=VICTIM, resume=VICTIM_RESUME, commit=commit)
    assert not Application.objects.filter(job=second).exists()
    confirmed = use_link(owner, links(mailoutbox)[-1], commit)
    second_page = confirmed["Location"]
    assert Application.objects.get(job=second).candidate == Application.objects.get(job=first).candidate
    assert owner.get(second_page).status_code == 200

    # Download: asked from a status page, done from the emailed link, once.
    with commit(execute=True):
        owner.post(second_page + "export/")
    link = links(mailoutbox)[-1]
    download = use_link(owner, link, commit)
    assert download["Content-Type"].startswith("application/json")
    data = json.loads(download.content)
    assert data["candidate"]["name"] == "Vera Victim" and len(data["applications"]) == 2
    assert owner.post(link, {"confirm": "yes"}).status_code == 410  # single use
    assert owner.get(link).status_code == 410

    # Erasure: the same way.
    with commit(execute=True):
        owner.post(second_page + "erase/", {"confirm": "yes"})
    assert Candidate.objects.get().erased_at is None  # asking erases nothing
    erased = use_link(owner, links(mailoutbox)[-1], commit)
    assert erased.status_code == 200 and 'id="erased"' in erased.content.decode()
    assert Candidate.objects.get().erased_at is not None
    assert owner.get(second_page).status_code == 410


def test_a_confirmation_page_opened_by_a_mail_scanner_uses_nothing(jobs, mailoutbox, django_capture_on_commit_callbacks):
    commit = django_capture_on_commit_callbacks
    first, _ = jobs
    owner = browser("198.51.100.7")
    apply(owner, first, name="Vera Victim", email=VICTIM, resume=VICTIM_RESUME, commit=commit)
    apply(owner, first, name="Vera Victim", email=VICTIM, resume=VICTIM_RESUME, commit=commit)
    link = links(mailoutbox)[-1]
    for _ in range(3):
        assert Client().get(link).status_code == 200  # a scanner, a preview, a second look
    assert HeldSubmission.objects.get().confirmed_at is None
    assert use_link(owner, link, commit).status_code == 302
    assert HeldSubmission.objects.get().confirmed_at is not None


def test_unknown_and_malformed_confirmation_links_are_refused(client):
    for token in ("nope", "x" * 43, "x" * 500, "%00"):
        assert client.get(f"/applications/confirm/{token}/").status_code == 410
        assert client.post(f"/applications/confirm/{token}/", {"confirm": "yes"}).status_code == 410
