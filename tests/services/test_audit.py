"""The audit log is append-only on PostgreSQL; it records ids, never personal data."""
import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError

from screening.models import AuditEvent
from screening.services import audit_record
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only")
def test_audit_rows_cannot_be_changed_or_deleted():
    event = audit_record(action="profile.published", object_type="profile", object_id="abc")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="tampered")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    assert AuditEvent.objects.get(pk=event.pk).action == "profile.published"


def test_deleting_a_user_keeps_their_audit_trail():
    user = UserFactory()
    event = audit_record(action="application.viewed", object_type="application", object_id="x", actor=user)
    user.delete()
    event.refresh_from_db()
    assert event.actor_id is None and event.action == "application.viewed"
