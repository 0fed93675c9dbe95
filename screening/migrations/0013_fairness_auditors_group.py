"""The "Auditors" group: sees the bias audit (aggregates only) and nothing else of the hiring data.

Pages check the group's name (screening.permissions.is_auditor); it needs no model permission.
"""
from django.db import migrations

AUDITORS = "Auditors"


def forwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.get_or_create(name=AUDITORS)


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=AUDITORS, user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("screening", "0012_fairness_audit"), ("auth", "0012_alter_user_first_name_max_length")]
    operations = [migrations.RunPython(forwards, backwards)]
