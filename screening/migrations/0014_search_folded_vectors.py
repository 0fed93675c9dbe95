"""Full-text vectors of stored parses rebuilt from the folded text (lower case, accents off), as new
parses are indexed since `selectors.search`: a search for "jose" then finds "José" on PostgreSQL as it
does on SQLite. SQLite keeps no vectors, so nothing changes there."""

from django.db import migrations

# `selectors.search.Fold` on PostgreSQL, written out: the same folding as new parses get in Python
REBUILD = (
    "UPDATE screening_parseresult SET "
    "search_vector = to_tsvector('english', regexp_replace(lower(translate(text, %s, %s)), '\\s+', ' ', 'g')), "
    "blind_search_vector = to_tsvector('english', "
    "regexp_replace(lower(translate(blind_text, %s, %s)), '\\s+', ' ', 'g')) "
    "WHERE search_vector IS NOT NULL"
)


def rebuild_vectors(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from screening.selectors.search import ACCENTED, PLAIN

    schema_editor.execute(REBUILD, (ACCENTED, PLAIN, ACCENTED, PLAIN))


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0013_fairness_auditors_group"),
    ]

    operations = [
        migrations.RunPython(rebuild_vectors, migrations.RunPython.noop, elidable=True),
    ]
