"""Voluntary self-identification (sex, race/ethnicity), kept apart from the application it belongs to.

Nothing here is ever shown to recruiters, read by scoring, search or exports, or written to a log: only
the bias audit reads it, and only as counts. The link to the application has no reverse accessor
(related_name="+"), so no template or serializer can reach it from an application by accident.
Erased with the candidate (services.audit_self_id.self_id_erase).
"""
from django.db import models

from screening import fairness

from .common import TimeStampedModel


class SelfIdentification(TimeStampedModel):
    class Sex(models.TextChoices):
        FEMALE = "female", "Female"
        MALE = "male", "Male"
        DECLINE = "decline", "I decline to answer"

    class RaceEthnicity(models.TextChoices):
        HISPANIC_LATINO = "hispanic_latino", "Hispanic or Latino"
        WHITE = "white", "White (not Hispanic or Latino)"
        BLACK = "black", "Black or African American (not Hispanic or Latino)"
        ASIAN = "asian", "Asian (not Hispanic or Latino)"
        NATIVE_HAWAIIAN_PACIFIC_ISLANDER = (
            "native_hawaiian_pacific_islander",
            "Native Hawaiian or Other Pacific Islander (not Hispanic or Latino)",
        )
        AMERICAN_INDIAN_ALASKA_NATIVE = (
            "american_indian_alaska_native",
            "American Indian or Alaska Native (not Hispanic or Latino)",
        )
        TWO_OR_MORE = "two_or_more", "Two or more races (not Hispanic or Latino)"
        DECLINE = "decline", "I decline to answer"

    class Source(models.TextChoices):
        CANDIDATE = "candidate", "Given by the candidate"
        IMPORT = "import", "Imported from the HR system"

    application = models.OneToOneField(
        "Application", on_delete=models.CASCADE, related_name="+", help_text="Whose answers these are."
    )
    sex = models.CharField(max_length=10, choices=Sex.choices)
    race_ethnicity = models.CharField(max_length=40, choices=RaceEthnicity.choices)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.CANDIDATE)

    class Meta:
        verbose_name = "self-identification"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sex__in=[*fairness.SEXES, fairness.DECLINED]), name="self_id_sex_code"
            ),
            models.CheckConstraint(
                condition=models.Q(race_ethnicity__in=[*fairness.RACE_ETHNICITIES, fairness.DECLINED]),
                name="self_id_race_ethnicity_code",
            ),
        ]

    def __str__(self) -> str:
        # Never the answers: this string can end up in logs and admin messages.
        return f"Self-identification {self.pk}"
