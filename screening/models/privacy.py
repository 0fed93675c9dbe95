"""Site-wide privacy settings that admins change (each change is audit-logged)."""
from django.db import models


class PrivacySettings(models.Model):
    retention_days = models.PositiveIntegerField(
        default=365, help_text="Days after rejection or withdrawal before a candidate is anonymised."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "privacy settings"

    def __str__(self) -> str:
        return f"privacy settings: retention {self.retention_days} days"

    @classmethod
    def current(cls) -> "PrivacySettings":
        obj, _ = cls.objects.get_or_create(pk=1)
        return obj
