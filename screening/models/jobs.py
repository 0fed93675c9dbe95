"""Openings candidates apply to, each ranked against a competency profile."""
import uuid

from django.core.exceptions import ValidationError
from django.db import models

from .common import TimeStampedModel


class Job(TimeStampedModel):
    class EmploymentType(models.TextChoices):
        # schema.org JobPosting's employmentType values, so the careers page can say it to search engines.
        FULL_TIME = "FULL_TIME", "Full time"
        PART_TIME = "PART_TIME", "Part time"
        CONTRACTOR = "CONTRACTOR", "Contract"
        TEMPORARY = "TEMPORARY", "Temporary"
        INTERN = "INTERN", "Internship"

    class SalaryPeriod(models.TextChoices):
        YEAR = "YEAR", "a year"
        MONTH = "MONTH", "a month"
        HOUR = "HOUR", "an hour"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=160)
    slug = models.SlugField(max_length=160, unique=True)
    description = models.TextField(
        blank=True,
        help_text="Plain text: a blank line starts a new paragraph; lines starting with \"- \" make a list; a short "
        "line ending with \":\" is a heading. No HTML.",
    )
    company = models.CharField(max_length=160, blank=True, help_text="The hiring organisation, as candidates know it.")
    location = models.CharField(max_length=160, blank=True)
    employment_type = models.CharField(max_length=16, choices=EmploymentType.choices, blank=True)
    salary_min = models.PositiveIntegerField(null=True, blank=True, help_text="Lowest pay of the range, whole units.")
    salary_max = models.PositiveIntegerField(null=True, blank=True, help_text="Highest pay (or the only figure).")
    salary_currency = models.CharField(max_length=3, blank=True, default="GBP", help_text="ISO 4217 code, e.g. GBP.")
    salary_period = models.CharField(max_length=8, choices=SalaryPeriod.choices, default=SalaryPeriod.YEAR)
    is_open = models.BooleanField(default=True, db_index=True)
    profile = models.ForeignKey("CompetencyProfile", on_delete=models.PROTECT, related_name="jobs")
    blind_review = models.BooleanField(
        default=False,
        help_text="Hide names, contact details, links, institutions and graduation years until a candidate "
        "is moved past screening.",
    )
    # The profile version whose scores the ranked list shows. It moves to a newly published version (or,
    # after the job moves to another profile, to that profile's version) only when the re-score run
    # covering the job has finished, so recruiters never see a half-scored list mid-run.
    ranked_version = models.ForeignKey(
        "ProfileVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(salary_min__isnull=True)
                | models.Q(salary_max__isnull=True)
                | models.Q(salary_min__lte=models.F("salary_max")),
                name="job_salary_range_ordered",
                violation_error_message="The lowest salary is above the highest.",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.salary_min is not None and self.salary_max is not None and self.salary_min > self.salary_max:
            errors["salary_min"] = "The lowest salary is above the highest."
        if (self.salary_min is not None or self.salary_max is not None) and not self.salary_currency:
            errors["salary_currency"] = "Say which currency the salary is in, e.g. GBP."
        if self.salary_currency and not (len(self.salary_currency) == 3 and self.salary_currency.isalpha()):
            errors["salary_currency"] = "Use a three-letter currency code, e.g. GBP, EUR or USD."
        if errors:
            raise ValidationError(errors)
        self.salary_currency = self.salary_currency.upper()

    @property
    def ranking_version_id(self) -> int | None:
        """The version the ranked list reads scores from: the ranked one, or the published one until a run sets it."""
        return self.ranked_version_id or self.profile.published_version_id

    @property
    def ranking_version(self):
        return self.ranked_version if self.ranked_version_id else self.profile.published_version
