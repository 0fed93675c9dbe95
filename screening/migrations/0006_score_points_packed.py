"""Score points move from JSON to packed int16 hundredths (see screening.models.fields.PointsField)."""
import json

from django.db import migrations

import screening.models.fields


def json_to_packed(apps, schema_editor):
    Score = apps.get_model("screening", "Score")
    for score in Score.objects.only("pk", "points_json").iterator(chunk_size=2000):
        points = score.points_json if isinstance(score.points_json, list) else json.loads(score.points_json or "[]")
        Score.objects.filter(pk=score.pk).update(points=screening.models.fields.pack_points(points))


class Migration(migrations.Migration):
    dependencies = [("screening", "0005_evidence_packed_features")]

    operations = [
        migrations.RenameField(model_name="score", old_name="points", new_name="points_json"),
        migrations.AddField(
            model_name="score",
            name="points",
            field=screening.models.fields.PointsField(
                default=list, editable=False, help_text="Points earned per competency, then education and experience."
            ),
        ),
        migrations.RunPython(json_to_packed, migrations.RunPython.noop),
        migrations.RemoveField(model_name="score", name="points_json"),
    ]
