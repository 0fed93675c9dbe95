"""Competency profiles: the editable draft (profile + competencies) and immutable published versions."""
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from .common import TimeStampedModel

MUST_HAVE_FACTOR_MESSAGE = (
    "Enter a share from 0 to 1: at 0.6, a candidate missing a must-have keeps six tenths of their score; 1 means no effect."
)


def default_education_levels() -> dict[str, float]:
    # Credit for the highest degree held, 0..1. High school and diploma earn nothing by default.
    return {"associate": 0.4, "bachelor": 0.7, "master": 0.9, "doctorate": 1.0}


class CompetencyProfile(TimeStampedModel):
    """What a job asks for. The fields here and its competencies are the draft that admins edit."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    is_default = models.BooleanField(default=False, help_text="Used for new jobs unless another profile is chosen.")
    education_weight = models.FloatField(default=10.0)
    education_levels = models.JSONField(default=default_education_levels, blank=True)
    education_fields = models.JSONField(default=list, blank=True, help_text="Preferred fields of study.")
    experience_weight = models.FloatField(default=15.0)
    experience_target_months = models.PositiveIntegerField(default=36)
    experience_min_months = models.PositiveIntegerField(
        default=0, help_text="Candidates with fewer months are flagged (never hidden)."
    )
    must_have_factor = models.FloatField(
        default=0.6,
        # A readable field error in every form (the database's own check would say only its constraint's name).
        validators=[
            MinValueValidator(0, message=MUST_HAVE_FACTOR_MESSAGE),
            MaxValueValidator(1, message=MUST_HAVE_FACTOR_MESSAGE),
        ],
        help_text="A candidate missing a must-have keeps this share of their total (1 = no effect); they stay listed and flagged.",
    )
    published_version = models.ForeignKey(
        "ProfileVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=models.Q(education_weight__gte=0), name="profile_education_weight_gte_0"),
            models.CheckConstraint(
                condition=models.Q(experience_weight__gte=0), name="profile_experience_weight_gte_0"
            ),
            models.CheckConstraint(
                condition=models.Q(must_have_factor__gte=0, must_have_factor__lte=1),
                name="profile_must_have_factor_0_1",
                violation_error_message=MUST_HAVE_FACTOR_MESSAGE,
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Competency(TimeStampedModel):
    """One thing the profile looks for, evidenced by taxonomy skills and/or literal synonyms."""

    class Category(models.TextChoices):
        PROGRAMMING = "programming", "Programming languages"
        ML_TECHNIQUES = "ml_techniques", "ML algorithms and techniques"
        MATHEMATICS = "mathematics", "Mathematics and statistics"
        DATA_TOOLING = "data_tooling", "Data tooling"
        FRAMEWORKS = "frameworks", "Frameworks and big data"
        DEPLOYMENT = "deployment", "Deployment and production"
        PRACTICE = "practice", "Practical experience"
        COLLABORATION = "collaboration", "Collaboration and communication"
        OTHER = "other", "Other"

    profile = models.ForeignKey(CompetencyProfile, on_delete=models.CASCADE, related_name="competencies")
    key = models.SlugField(max_length=60, help_text="Stable identifier within the profile.")
    name = models.CharField(max_length=120)
    category = models.CharField(max_length=30, choices=Category.choices, default=Category.OTHER)
    weight = models.FloatField(default=1.0)
    must_have = models.BooleanField(default=False)
    min_months = models.PositiveIntegerField(default=0, help_text="Minimum months of use in dated roles (0: none).")
    skills = models.JSONField(default=list, blank=True, help_text="Taxonomy skill ids that evidence it.")
    synonyms = models.JSONField(default=list, blank=True, help_text="Literal phrases that evidence it.")
    signals = models.JSONField(
        default=list, blank=True, help_text="Resume facts that evidence it: projects, open_source, competitions…"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["profile", "position", "id"]
        verbose_name_plural = "competencies"
        constraints = [
            models.UniqueConstraint(fields=["profile", "key"], name="competency_unique_key_per_profile"),
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="competency_weight_gte_0"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if not (self.skills or self.synonyms or self.signals):
            raise ValidationError("A competency needs at least one skill, synonym or signal to look for.")


class ProfileVersion(models.Model):
    """A published, immutable snapshot of a profile; scores refer to one."""

    profile = models.ForeignKey(CompetencyProfile, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    spec = models.JSONField(help_text="The ProfileSpec as JSON (screening.scoring).")
    match_signature = models.CharField(
        max_length=64, help_text="Hash of what decides matching; equal signatures reuse stored evidence."
    )
    changes = models.JSONField(default=list, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    published_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["profile", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "number"], name="profile_version_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.profile} v{self.number}"

    def save(self, *args, **kwargs) -> None:
        # Published versions are the record of what candidates were scored against: never rewritten.
        if self.pk is not None:
            raise ValidationError("Published profile versions are immutable; publish a new version instead.")
        super().save(*args, **kwargs)


class RescoreRun(TimeStampedModel):
    """Background re-scoring of every application scored under a profile, with progress for the UI.

    Like a resume, a run is claimed with a conditional UPDATE that sets a lease and counts the attempt;
    the sweep re-sends runs never sent (broker down at publish) or whose lease expired (worker killed),
    and a run whose every attempt died is `failed`, the ranked list staying on the previous version.
    With `job` set it covers that job only (the job moved to this version's profile).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    profile_version = models.ForeignKey(ProfileVersion, on_delete=models.CASCADE, related_name="rescore_runs")
    job = models.ForeignKey(
        "Job", null=True, blank=True, on_delete=models.CASCADE, related_name="rescore_runs",
        help_text="Only this job (it moved to the version's profile); empty: every job of the profile.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_owner = models.CharField(max_length=64, blank=True, help_text="The try (task id and retry) holding the lease.")
    enqueued_at = models.DateTimeField(null=True, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    rematched = models.PositiveIntegerField(default=0, help_text="Applications whose stored text was re-matched.")
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "lease_until"], name="rescore_run_status_lease")]

    @property
    def percent(self) -> int:
        return 100 if not self.total else min(100, round(100 * self.done / self.total))
