"""Scores: one per application and published profile version."""
from django.db import models

from .fields import PointsField


class Score(models.Model):
    """An application's score under one profile version, with the points per competency.

    `points` lists the points earned per competency in the version's order, then education and
    experience; with the version's spec (points possible) and the evidence rows it is the whole
    breakdown, and the total is their sum.

    Scores are derived data, rewritten a hundred thousand at a time when a profile is published.
    Their foreign keys are kept by Django (deletes cascade through the ORM) rather than by database
    constraints and single-column indexes, each of which would cost a check or an index insert per
    row on every re-score; the unique (application, version) index serves lookups by application.
    """

    application = models.ForeignKey(
        "Application", on_delete=models.CASCADE, related_name="scores", db_constraint=False, db_index=False
    )
    profile_version = models.ForeignKey(
        "ProfileVersion", on_delete=models.CASCADE, related_name="scores", db_constraint=False, db_index=False
    )
    parse = models.ForeignKey(
        "ParseResult", null=True, on_delete=models.SET_NULL, related_name="+", db_constraint=False, db_index=False
    )
    total = models.FloatField()
    must_haves_met = models.BooleanField()
    missing_must_haves = models.JSONField(default=list, blank=True)
    points = PointsField(help_text="Points earned per competency, then education and experience.")
    flags = models.JSONField(default=list, blank=True, help_text="e.g. below minimum experience")
    scored_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "profile_version"], name="score_unique_per_version"),
            models.CheckConstraint(condition=models.Q(total__gte=0, total__lte=100), name="score_total_0_100"),
        ]
        indexes = [
            models.Index(fields=["profile_version", "-total"], name="score_version_total"),
        ]

    def __str__(self) -> str:
        return f"application {self.application_id}: {self.total:.1f} under profile version {self.profile_version_id}"
