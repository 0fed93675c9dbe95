"""Self-identification: stored apart, changed or deleted by the candidate, erased with them, never logged."""
from __future__ import annotations

import logging

import pytest
from django.core.exceptions import ValidationError

from screening import services
from screening.models import Application, AuditEvent, SelfIdentification
from screening.services.setup import roles_ensure
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

LABELS_AND_CODES = [
    *SelfIdentification.RaceEthnicity.values,
    *[label for _, label in SelfIdentification.RaceEthnicity.choices],
    "female",
    "Female",
]


def test_answers_are_stored_changed_and_removed():
    app = ApplicationFactory()
    services.self_id_record(application=app, sex="female", race_ethnicity="asian")
    services.self_id_record(application=app, sex="decline", race_ethnicity="two_or_more")
    stored = SelfIdentification.objects.get()
    assert (stored.sex, stored.race_ethnicity, stored.source) == ("decline", "two_or_more", "candidate")
    assert services.self_id_remove(application=app) is True
    assert services.self_id_remove(application=app) is False
    assert not SelfIdentification.objects.exists()
    actions = list(AuditEvent.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["self_id.recorded", "self_id.changed", "self_id.removed"]


@pytest.mark.parametrize("sex,race", [("woman", "asian"), ("female", "Asian"), ("", "asian"), ("female", "")])
def test_only_the_codes_are_accepted(sex, race):
    with pytest.raises(ValidationError):
        services.self_id_record(application=ApplicationFactory(), sex=sex, race_ethnicity=race)
    assert not SelfIdentification.objects.exists()


def test_the_database_refuses_other_codes_too():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        SelfIdentification.objects.create(application=ApplicationFactory(), sex="x", race_ethnicity="asian")


def test_answers_are_erased_with_the_candidate_and_with_anonymisation():
    erased, anonymised, kept = ApplicationFactory(), ApplicationFactory(), ApplicationFactory()
    for app in (erased, anonymised, kept):
        services.self_id_record(application=app, sex="male", race_ethnicity="black")
    services.candidate_erase(candidate=erased.candidate)
    services.candidate_anonymise(candidate=anonymised.candidate, retention_days=1)
    assert list(SelfIdentification.objects.values_list("application_id", flat=True)) == [kept.pk]
    with pytest.raises(ValidationError):
        services.self_id_record(application=erased, sex="male", race_ethnicity="black")


def test_answers_go_to_no_log_and_no_audit_event(caplog):
    app = ApplicationFactory()
    caplog.set_level(logging.DEBUG)
    services.self_id_record(application=app, sex="female", race_ethnicity="native_hawaiian_pacific_islander")
    services.candidate_erase(candidate=app.candidate)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    events = " ".join(str(e.data) for e in AuditEvent.objects.all())
    for text in ("female", "native_hawaiian", "Pacific Islander"):
        assert text not in logged
        assert text not in events
    assert str(SelfIdentification(pk=3, sex="female", race_ethnicity="asian")) == "Self-identification 3"


def test_no_one_is_given_a_permission_on_the_answers():
    roles_ensure()
    from django.contrib.auth.models import Permission

    granted = Permission.objects.filter(group__isnull=False, content_type__model="selfidentification")
    assert not granted.exists()
    from django.contrib import admin

    assert SelfIdentification not in admin.site._registry
    # No way from an application to its answers: the link has no reverse accessor.
    assert not any(
        getattr(f, "related_model", None) is SelfIdentification for f in Application._meta.get_fields()
    )
