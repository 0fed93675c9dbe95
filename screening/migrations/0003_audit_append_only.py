"""Make the audit log append-only in PostgreSQL: rows cannot be changed or deleted by the application.

The one exception is the foreign key to a deleted user account being set to NULL (Django's
on_delete=SET_NULL), which changes no recorded fact. SQLite (the embedded mode) has no such guard.
"""
from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION screening_audit_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE'
       AND NEW.actor_id IS NULL
       AND (NEW.id, NEW.actor_kind, NEW.action, NEW.object_type, NEW.object_id, NEW.ip, NEW.data, NEW.at)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.actor_kind, OLD.action, OLD.object_type, OLD.object_id, OLD.ip, OLD.data, OLD.at)
    THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'audit events are append-only (%% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS screening_audit_append_only ON screening_auditevent;
CREATE TRIGGER screening_audit_append_only
    BEFORE UPDATE OR DELETE ON screening_auditevent
    FOR EACH ROW EXECUTE FUNCTION screening_audit_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS screening_audit_append_only ON screening_auditevent;
DROP FUNCTION IF EXISTS screening_audit_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("screening", "0002_search_index")]
    operations = [migrations.RunPython(forwards, backwards)]
