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

    class Meta:
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title
