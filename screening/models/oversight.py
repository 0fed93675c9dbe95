"""The record of human oversight: who saw which ranking, and who made which stage decision.

Ids only (user, job, profile version, application, stages): no names, scores or search words. The
foreign keys are not enforced by the database and deletes never cascade into it, so the record outlives
a deleted account or job for the audit period (SCREENING["OVERSIGHT_RETENTION_DAYS"]), after which the
daily task prunes it.
"""
from django.conf import settings
from django.db import models


def _id_of(model: str, **extra) -> models.ForeignKey:
    return models.ForeignKey(
        model, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+", null=True, blank=True, **extra
    )


class OversightRecord(models.Model):
    class Action(models.TextChoices):
        RANKING_VIEWED = "ranking_viewed", "Saw a page of the ranked list"
        APPLICATION_VIEWED = "application_viewed", "Opened an application"
        QUEUE_VIEWED = "queue_viewed", "Saw the human review queue"
        STAGE_DECIDED = "stage_decided", "Moved an application to another stage"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = _id_of(settings.AUTH_USER_MODEL)
    action = models.CharField(max_length=20, choices=Action.choices)
    job = _id_of("Job")
    profile_version = _id_of("ProfileVersion", help_text="The ranking in force: the published profile version.")
    application = _id_of("Application")
    from_stage = models.CharField(max_length=12, blank=True)
    to_stage = models.CharField(max_length=12, blank=True)
    data = models.JSONField(default=dict, blank=True, help_text="Ids and flags only.")

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["job", "at"], name="oversight_job_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} job {self.job_id}"
