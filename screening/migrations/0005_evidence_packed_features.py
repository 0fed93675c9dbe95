"""Evidence features become packed int16 bytes (fast vectorised re-scoring).

Evidence rows are a cache of matching stored text against a profile: they are dropped here and
recomputed from the stored resume text the next time a score or breakdown needs them.
"""
from django.db import migrations, models


def drop_cached_evidence(apps, schema_editor):
    apps.get_model("screening", "CompetencyEvidence").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("screening", "0004_profile_must_have_factor")]

    operations = [
        migrations.RunPython(drop_cached_evidence, migrations.RunPython.noop),
        migrations.RemoveField(model_name="competencyevidence", name="features"),
        migrations.AddField(
            model_name="competencyevidence",
            name="packed",
            field=models.BinaryField(
                default=b"", help_text="Packed numbers per competency (scoring.CandidateFeatures.pack())."
            ),
            preserve_default=False,
        ),
    ]
