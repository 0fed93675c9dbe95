"""Django admin: erase and export candidates (audited), the singleton privacy settings (audited changes)."""
from __future__ import annotations

import json

import pytest
from django.urls import reverse

from screening import services
from screening.models import AuditEvent, Candidate, PrivacySettings
from tests.factories import JobFactory, UserFactory, recruiter
from tests.filegen import make_txt, sample_resume

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:screening_candidate_changelist")


@pytest.fixture
def admin_client(client):
    user = UserFactory(username="dpo", is_staff=True, is_superuser=True)
    client.force_login(user)
    client.user = user
    return client


def apply(email: str):
    return services.application_submit(
        job=JobFactory(), name="Ada Lovelace", email=email, resume_name="cv.txt",
        resume_data=make_txt(sample_resume()), consent=True,
    )


def test_erase_action_asks_first_then_erases_and_audits(admin_client):
    ada, bob = apply("ada@example.com"), apply("bob@example.com")
    selected = {"action": "erase_selected", "_selected_action": [ada.candidate_id, bob.candidate_id]}
    confirm = admin_client.post(CHANGELIST, selected)
    assert confirm.status_code == 200
    assert "Yes, erase them" in confirm.content.decode()
    assert not Candidate.objects.filter(erased_at__isnull=False).exists()

    done = admin_client.post(CHANGELIST, {**selected, "confirmed": "yes"}, follow=True)
    assert "Erased the personal data of 2 candidate(s)." in done.content.decode()
    assert Candidate.objects.filter(erased_at__isnull=False).count() == 2
    events = AuditEvent.objects.filter(action="candidate.erased")
    assert events.count() == 2 and {e.actor for e in events} == {admin_client.user}


def test_export_action_downloads_json_and_audits(admin_client):
    ada = apply("ada@example.com")
    response = admin_client.post(CHANGELIST, {"action": "export_selected", "_selected_action": [ada.candidate_id]})
    assert response["Content-Disposition"] == f'attachment; filename="candidate-{ada.candidate.public_id}.json"'
    assert json.loads(response.content)["candidate"]["email"] == "ada@example.com"
    assert AuditEvent.objects.get(action="candidate.exported").actor == admin_client.user


def test_candidates_cannot_be_deleted_only_erased(admin_client):
    ada = apply("ada@example.com")
    page = admin_client.get(CHANGELIST).content.decode()
    assert "delete_selected" not in page and "erase_selected" in page
    assert admin_client.get(reverse("admin:screening_candidate_delete", args=[ada.candidate_id])).status_code == 403


def test_recruiters_cannot_erase(client):
    user = recruiter(username="rita", is_staff=True)
    client.force_login(user)
    ada = apply("ada@example.com")
    client.post(CHANGELIST, {"action": "erase_selected", "_selected_action": [ada.candidate_id], "confirmed": "yes"})
    assert Candidate.objects.get(pk=ada.candidate_id).erased_at is None


def test_retention_setting_is_a_singleton_and_changes_are_audited(admin_client, settings):
    settings.SCREENING = {**settings.SCREENING, "RETENTION_DAYS": 200}
    add = reverse("admin:screening_privacysettings_add")
    assert 'value="200"' in admin_client.get(add).content.decode()
    admin_client.post(add, {"retention_days": "120"})
    row = PrivacySettings.objects.get()
    assert row.pk == 1 and row.retention_days == 120
    assert admin_client.get(add).status_code == 403  # one row only
    admin_client.post(reverse("admin:screening_privacysettings_change", args=[1]), {"retention_days": "60"})
    events = AuditEvent.objects.filter(action="privacy.retention_changed").order_by("id")
    assert [e.data["retention_days"] for e in events] == [{"before": 200, "after": 120}, {"before": 120, "after": 60}]
    assert all(e.actor == admin_client.user for e in events)


@pytest.mark.parametrize("model", ["application", "note", "rating", "correctionrequest"])
def test_the_pipeline_is_read_only_in_the_admin(admin_client, model):
    """Stages, notes and ratings change only through the services (rules, history, email, audit)."""
    from screening.models import Note, Rating

    ada = apply("ada@example.com")
    note = Note.objects.create(application=ada, author=admin_client.user, body="kept")
    rating = Rating.objects.create(application=ada, author=admin_client.user, stars=3)
    correction = services.correction_request_create(application=ada, comment="My name is Ada.")
    obj = {"application": ada, "note": note, "rating": rating, "correctionrequest": correction}[model]
    change = reverse(f"admin:screening_{model}_change", args=[obj.pk])
    page = admin_client.get(change)
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert admin_client.get(reverse(f"admin:screening_{model}_add")).status_code == 403
    if model == "application":
        assert "Screening, Interview or Rejected" in page.content.decode()  # the moves the rules allow
        posted = admin_client.post(change, {"stage": "withdrawn", "candidate": ada.candidate_id, "job": ada.job_id})
        assert posted.status_code == 403
        ada.refresh_from_db()
        assert ada.stage == "new"
        assert admin_client.get(reverse("admin:screening_application_delete", args=[ada.pk])).status_code == 403
