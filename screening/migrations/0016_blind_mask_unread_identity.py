"""Blind review masks more than the reader classified (unread schools on education lines, places, personal
details blocks) and no longer masks the words of an import's placeholder name: the masked text that search
reads is made again for every stored parse, with its full-text vector on PostgreSQL."""

from django.db import migrations


def refill_blind_text(apps, schema_editor):
    from screening.blind import searchable_text
    from screening.nlp.facts import ResumeFacts

    ParseResult = apps.get_model("screening", "ParseResult")
    Candidate = apps.get_model("screening", "Candidate")
    for parse in ParseResult.objects.exclude(text="").only("pk", "text", "facts", "resume_id").iterator(chunk_size=500):
        names = Candidate.objects.filter(applications__resumes__pk=parse.resume_id, name_from_form=True).values_list(
            "name", flat=True
        )
        blind = searchable_text(parse.text, ResumeFacts.from_dict(parse.facts or {}), names=list(names))
        ParseResult.objects.filter(pk=parse.pk).update(blind_text=blind)
    if schema_editor.connection.vendor == "postgresql":
        from screening.selectors.search import ACCENTED, PLAIN

        # folded as `selectors.search.Fold` folds (lower case, accents off), as migration 0014 built them
        schema_editor.execute(
            "UPDATE screening_parseresult SET blind_search_vector = to_tsvector('english', "
            "regexp_replace(lower(translate(blind_text, %s, %s)), '\\s+', ' ', 'g')) "
            "WHERE search_vector IS NOT NULL",
            (ACCENTED, PLAIN),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("screening", "0015_background_rescore_lease"),
    ]

    operations = [
        migrations.RunPython(refill_blind_text, migrations.RunPython.noop, elidable=True),
    ]
