"""Openings candidates apply to, each ranked against a competency profile."""
import uuid

from django.db import models

from .common import TimeStampedModel


class Job(TimeStampedModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(max_length=160)
    slug = models.SlugField(max_length=160, unique=True)
    description = models.TextField(blank=True)
    location = models.CharField(max_length=160, blank=True)
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

    def __str__(self) -> str:
        return self.title

    @property
    def ranking_version_id(self) -> int | None:
        """The version the ranked list reads scores from: the ranked one, or the published one until a run sets it."""
        return self.ranked_version_id or self.profile.published_version_id

    @property
    def ranking_version(self):
        return self.ranked_version if self.ranked_version_id else self.profile.published_version
