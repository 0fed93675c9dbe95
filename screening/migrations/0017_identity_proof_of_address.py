# Status links stored hashed, addresses confirmed by their owners, submissions held until then.

import hashlib

import django.db.models.deletion
import screening.models.resumes
import uuid
from django.db import migrations, models


def hash_existing_tokens(apps, schema_editor):
    """Links already emailed keep working: each plain token becomes the hash of one status link."""
    Application = apps.get_model("screening", "Application")
    StatusLink = apps.get_model("screening", "StatusLink")
    Candidate = apps.get_model("screening", "Candidate")
    links = [
        StatusLink(application_id=pk, token_hash=hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest())
        for pk, token in Application.objects.values_list("pk", "token").iterator()
    ]
    StatusLink.objects.bulk_create(links, batch_size=1000)
    # Imported candidates were vouched for by the operator; careers-page ones never proved their address.
    for candidate in Candidate.objects.filter(legal_basis="operator_import").only("pk", "created_at"):
        Candidate.objects.filter(pk=candidate.pk).update(email_confirmed_at=candidate.created_at)


class Migration(migrations.Migration):

    dependencies = [
        ('screening', '0016_blind_mask_unread_identity'),
    ]

    operations = [
        migrations.AddField(
            model_name='candidate',
            name='email_confirmed_at',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.CreateModel(
            name='HeldSubmission',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('created_at', models.DateTimeField(auto_now_add=True, db_index=True)),
                ('updated_at', models.DateTimeField(auto_now=True)),
                ('public_id', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('name', models.CharField(max_length=200)),
                ('phone', models.CharField(blank=True, max_length=40)),
                ('human_review', models.BooleanField(default=False)),
                ('notice_version', models.CharField(blank=True, max_length=40)),
                ('consent_version', models.CharField(blank=True, max_length=40)),
                ('file', models.FileField(max_length=200, upload_to=screening.models.resumes.resume_storage_name)),
                ('original_name', models.CharField(help_text='Sanitised, for display only.', max_length=100)),
                ('kind', models.CharField(max_length=8)),
                ('confirmed_at', models.DateTimeField(blank=True, null=True)),
                ('candidate', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='held_submissions', to='screening.candidate')),
                ('job', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='held_submissions', to='screening.job')),
            ],
            options={
                'ordering': ['-created_at'],
            },
        ),
        migrations.CreateModel(
            name='AddressConfirmation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token_hash', models.CharField(editable=False, max_length=64, unique=True)),
                ('purpose', models.CharField(choices=[('address', 'Confirm the address of a first application'), ('submission', 'Confirm a held submission'), ('export', "Download all of the candidate's data"), ('erase', "Erase all of the candidate's data")], max_length=12)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('expires_at', models.DateTimeField()),
                ('used_at', models.DateTimeField(blank=True, null=True)),
                ('application', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='screening.application')),
                ('candidate', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='address_confirmations', to='screening.candidate')),
                ('held', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='screening.heldsubmission')),
            ],
        ),
        migrations.CreateModel(
            name='StatusLink',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('token_hash', models.CharField(editable=False, max_length=64, unique=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('revoked_at', models.DateTimeField(blank=True, null=True)),
                ('application', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='status_links', to='screening.application')),
            ],
        ),
        migrations.RunPython(hash_existing_tokens, migrations.RunPython.noop),
        migrations.RemoveField(
            model_name='application',
            name='token',
        ),
    ]
