"""Resume files, their processing state, what was read from them, and the evidence matched against profiles."""
import uuid

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from .common import TimeStampedModel


def resume_storage_name(instance: "Resume", filename: str) -> str:
    # Generated names only: the user's filename never reaches the storage path.
    return f"resumes/{uuid.uuid4().hex}"


class Resume(TimeStampedModel):
    """One uploaded file (a version of an application's resume) and the state of its processing.

    The state lives here, in the database: the worker claims a row with a conditional UPDATE that
    sets a lease, counts attempts, and a periodic sweep re-enqueues rows whose lease has expired.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        PROCESSING = "processing", "Processing"
        PROCESSED = "processed", "Processed"
        NEEDS_REVIEW = "needs_review", "Needs review"
        FAILED = "failed", "Failed"

    FINAL_STATUSES = (Status.PROCESSED, Status.NEEDS_REVIEW, Status.FAILED)

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    application = models.ForeignKey("Application", on_delete=models.CASCADE, related_name="resumes")
    version = models.PositiveIntegerField(default=1)
    file = models.FileField(upload_to=resume_storage_name, max_length=200)
    original_name = models.CharField(max_length=100, help_text="Sanitised, for display only.")
    sha256 = models.CharField(max_length=64, db_index=True)
    size = models.PositiveIntegerField()
    kind = models.CharField(max_length=8, help_text="pdf, docx or txt, sniffed from the bytes.")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.RECEIVED, db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    lease_owner = models.CharField(
        max_length=64, blank=True, help_text="The delivery (task id) holding the lease: its own retries may resume it."
    )
    enqueued_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    error_code = models.CharField(max_length=40, blank=True)
    error_message = models.TextField(blank=True, help_text="Why it failed or needs review, for recruiters.")
    parse = models.ForeignKey("ParseResult", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["application", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["application", "version"], name="resume_unique_version"),
        ]
        indexes = [models.Index(fields=["status", "lease_until"], name="resume_status_lease")]

    def __str__(self) -> str:
        return f"Resume {self.public_id} v{self.version}"


class ParseResult(models.Model):
    """What one parser version read from one resume; written once (unique per resume and version)."""

    resume = models.ForeignKey(Resume, on_delete=models.CASCADE, related_name="parses")
    parser_version = models.CharField(max_length=40)
    text = models.TextField()
    facts = models.JSONField(default=dict)
    pages = models.PositiveIntegerField(default=1)
    notes = models.JSONField(default=list, blank=True)
    # Copied out of `facts` so the ranked list can filter without reading JSON.
    experience_months = models.PositiveIntegerField(default=0, db_index=True)
    ml_experience_months = models.PositiveIntegerField(default=0)
    education_level = models.SmallIntegerField(default=-1, help_text="Rank in EDUCATION_LEVELS, -1 if none.")
    # sha256 of the text with case and whitespace evened out (screening.fingerprints): the same resume sent
    # as another file (a PDF and its Word original, a re-export) reads the same, so duplicates are found.
    text_digest = models.CharField(max_length=64, blank=True, db_index=True)
    search_vector = SearchVectorField(null=True, editable=False)  # PostgreSQL full-text search only
    # The text with the candidate's identity masked (`blind.searchable_text`): what search reads while a
    # blind review hides who they are. Its vector is kept on PostgreSQL; SQLite searches the text itself.
    blind_text = models.TextField(blank=True, editable=False)
    blind_search_vector = SearchVectorField(null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["resume", "parser_version"], name="parse_unique_per_version"),
        ]

    def __str__(self) -> str:
        return f"resume {self.resume_id} read by parser {self.parser_version}"


class ResumeSkill(models.Model):
    """A taxonomy skill found in a parse: the index behind the "has skill" filter."""

    parse = models.ForeignKey(ParseResult, on_delete=models.CASCADE, related_name="skills")
    skill_id = models.CharField(max_length=80)
    months = models.PositiveIntegerField(default=0)
    last_used = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["parse", "skill_id"], name="resume_skill_unique"),
        ]
        indexes = [models.Index(fields=["skill_id", "months"], name="resume_skill_lookup")]

    def __str__(self) -> str:
        return f"{self.skill_id} in parse {self.parse_id}"


class CompetencyEvidence(models.Model):
    """A parse matched against a profile's competencies (independent of weights).

    Keyed by the profile version's match signature, so publishing new weights or must-haves
    re-scores from these rows without reading any resume again; new synonyms make a new signature
    and the stored text is matched again.
    """

    parse = models.ForeignKey(ParseResult, on_delete=models.CASCADE, related_name="evidence")
    signature = models.CharField(max_length=64)
    packed = models.BinaryField(help_text="Packed numbers per competency (scoring.CandidateFeatures.pack()).")
    evidence = models.JSONField(help_text="Per competency: the sentences and offsets that earned it.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["parse", "signature"], name="evidence_unique_per_signature"),
        ]

    def __str__(self) -> str:
        return f"parse {self.parse_id} matched under signature {self.signature[:12]}"
