"""Proof of address: per-application status links, emailed confirmation links, and submissions held until confirmed.

Every secret handed to a person (a status link, a confirmation link) is stored only as the SHA-256 of
its value: someone who reads the database cannot open anyone's page. The values are 256-bit random
strings, so an unsalted fast hash is enough (nothing to brute-force) and a lookup by hash compares
a digest the requester cannot choose byte by byte, which keeps it timing-safe.
"""
import hashlib
import secrets
import uuid

from django.db import models

from .common import TimeStampedModel
from .resumes import resume_storage_name


def new_secret() -> str:
    # 256 bits: the value alone grants what it is for.
    return secrets.token_urlsafe(32)


def secret_digest(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


class StatusLink(models.Model):
    """One key to one application's status page; revoked (never deleted) when links rotate."""

    application = models.ForeignKey("Application", on_delete=models.CASCADE, related_name="status_links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Status link {self.pk} of application {self.application_id}"


class HeldSubmission(TimeStampedModel):
    """A careers-page submission under an address already on file, kept apart until the address's owner confirms it.

    Until then it changes nothing of the candidate on file: not the name, phone or resume, not the
    score, not the stage. Recruiters see that it exists (and when, for which job), not what it says.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey("Candidate", on_delete=models.CASCADE, related_name="held_submissions")
    job = models.ForeignKey("Job", on_delete=models.CASCADE, related_name="held_submissions")
    name = models.CharField(max_length=200)
    phone = models.CharField(max_length=40, blank=True)
    human_review = models.BooleanField(default=False)
    notice_version = models.CharField(max_length=40, blank=True)
    consent_version = models.CharField(max_length=40, blank=True)
    file = models.FileField(upload_to=resume_storage_name, max_length=200)
    original_name = models.CharField(max_length=100, help_text="Sanitised, for display only.")
    kind = models.CharField(max_length=8)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Held submission {self.public_id}"


class AddressConfirmation(models.Model):
    """A single-use, expiring link emailed to a candidate's address on file, for one purpose."""

    class Purpose(models.TextChoices):
        ADDRESS = "address", "Confirm the address of a first application"
        SUBMISSION = "submission", "Confirm a held submission"
        EXPORT = "export", "Download all of the candidate's data"
        ERASE = "erase", "Erase all of the candidate's data"

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    purpose = models.CharField(max_length=12, choices=Purpose.choices)
    candidate = models.ForeignKey("Candidate", on_delete=models.CASCADE, related_name="address_confirmations")
    # The page the person asked from (export, erase) or the application confirmed (address).
    application = models.ForeignKey("Application", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    held = models.ForeignKey(HeldSubmission, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.purpose} confirmation {self.pk}"
