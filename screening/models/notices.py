"""The notice candidates see about automated ranking, per job, in immutable numbered versions.

Each application stores the version its candidate was shown (Application.notice_version), as each
candidate stores the consent text version they agreed to.
"""
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models


class JobNotice(models.Model):
    job = models.ForeignKey("Job", on_delete=models.CASCADE, related_name="notices")
    number = models.PositiveIntegerField()
    text = models.TextField(max_length=5000, help_text="Plain text; blank lines separate paragraphs.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["job", "-number"]
        constraints = [models.UniqueConstraint(fields=["job", "number"], name="job_notice_unique_number")]

    def __str__(self) -> str:
        return f"{self.job} notice v{self.number}"

    def save(self, *args, **kwargs) -> None:
        # A candidate's application records which version they saw: a version is never rewritten.
        if self.pk is not None:
            raise ValidationError("Notice versions are immutable; publish a new version instead.")
        super().save(*args, **kwargs)

    @property
    def version(self) -> str:
        return f"v{self.number}"
