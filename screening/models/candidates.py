"""People who apply, their applications to jobs, and what recruiters record about them."""
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from .common import TimeStampedModel


def new_status_token() -> str:
    # Kept for migration 0001, which named it as the default of the plain token column that status
    # links (models/identity.py, stored hashed) replaced.
    return secrets.token_urlsafe(32)


class Candidate(TimeStampedModel):
    class LegalBasis(models.TextChoices):
        CONSENT = "consent", "Consent given on the application form"
        OPERATOR_IMPORT = "operator_import", "Imported by an operator (no consent form)"
        # Stated by the system that sent the application through the API (it collected the consent or
        # holds the contract); the caller answers for it, as an operator does for an import.
        CONTRACT = "contract", "Stated by the sending system: steps before a contract"
        LEGITIMATE_INTEREST = "legitimate_interest", "Stated by the sending system: legitimate interest"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    email = models.EmailField(max_length=254, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    name_from_form = models.BooleanField(
        default=True, help_text="False for imports: the name is then taken from the resume once it is read."
    )
    legal_basis = models.CharField(max_length=20, choices=LegalBasis.choices, default=LegalBasis.CONSENT)
    consent_version = models.CharField(max_length=40, blank=True)
    consent_at = models.DateTimeField(null=True, blank=True)
    # When the address's owner proved it from an emailed link, or a trusted source (operator import,
    # API key) vouched for it. Until then the candidate holds what one careers-page submitter sent, and
    # nothing sent later under the same address is joined to it (screening/services/identity.py).
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    anonymised_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One person per email address; imports without an email stay separate candidates.
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="candidate_unique_email_ci"
            ),
        ]
        # The recruiter's list sorts by name: walking this index in order finds a page of a big job
        # without sorting all of its applications.
        indexes = [models.Index(fields=["name"], name="candidate_name")]

    def __str__(self) -> str:
        return f"Candidate {self.public_id}"


class Application(TimeStampedModel):
    """A candidate × job: pipeline stage, the current resume, and facts copied out for filtering."""

    # Not stored: the plain first status link `application_submit` issued, for the response it sends
    # (only its hash is kept, in StatusLink).
    status_token: str = ""

    class Stage(models.TextChoices):
        NEW = "new", "New"
        SCREENING = "screening", "Screening"
        INTERVIEW = "interview", "Interview"
        OFFER = "offer", "Offer"
        HIRED = "hired", "Hired"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Source(models.TextChoices):
        WEB = "web", "Careers page"
        IMPORT = "import", "Operator import"
        API = "api", "REST API (an authenticated system)"

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="applications")
    job = models.ForeignKey("Job", on_delete=models.CASCADE, related_name="applications")
    stage = models.CharField(max_length=12, choices=Stage.choices, default=Stage.NEW, db_index=True)
    stage_changed_at = models.DateTimeField(null=True, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.WEB)
    current_resume = models.ForeignKey(
        "Resume", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    identity_revealed = models.BooleanField(
        default=False, help_text="Blind review: a recruiter revealed this candidate's identity."
    )
    # The candidate chose "a person reviews my application without the automatic ranking": never scored,
    # never in the ranked list; it waits in the job's human review queue until someone decides its stage.
    human_review = models.BooleanField(
        default=False, help_text="The candidate asked for a person to review it without the automatic ranking."
    )
    notice_version = models.CharField(
        max_length=40, blank=True, help_text="The automated-ranking notice version the candidate was shown."
    )
    # A recruiter merged this application into another of the same job (the same person sent twice, e.g.
    # imported by an operator and through the careers page). Kept, not deleted: its candidate's own data and
    # status page stay as they were; it is out of the ranked list, the queues and the counts from then on.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_from"
    )
    merged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "job"], name="application_unique_candidate_job"),
        ]
        indexes = [
            models.Index(fields=["job", "stage"], name="application_job_stage"),
            # Few rows: the human review queue and its counts, subtracted from the (job, stage) counts.
            models.Index(fields=["job", "stage"], condition=models.Q(human_review=True), name="application_human_review"),
        ]

    def __str__(self) -> str:
        return f"Application {self.public_id}"


class RejectionReason(models.TextChoices):
    """Why the team turned an application down: a short fixed list, so rejections can be counted per reason."""

    MISSING_MUST_HAVE = "missing_must_have", "Missing a must-have requirement"
    EXPERIENCE = "experience", "Not enough relevant experience"
    STRONGER_CANDIDATES = "stronger_candidates", "Other candidates matched the role better"
    CANDIDATE_DECLINED = "candidate_declined", "The candidate declined or stopped responding"
    ROLE_CLOSED = "role_closed", "The role was filled or closed"
    LOCATION = "location", "Location or right to work"
    OTHER = "other", "Another reason"


class RejectionEmail(models.TextChoices):
    """Which of the fixed rejection messages the candidate gets: the team picks the one that fits how far
    the candidate came and whether they would welcome them back. Fixed texts, never typed per candidate."""

    STANDARD = "standard", "Standard"
    AFTER_INTERVIEW = "after_interview", "After an interview"
    ROLE_CLOSED = "role_closed", "Position filled or role closed"
    KEEP_IN_TOUCH = "keep_in_touch", "Keep in touch for future roles"


class StageChange(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="stage_changes")
    from_stage = models.CharField(max_length=12, choices=Application.Stage.choices, blank=True)
    to_stage = models.CharField(max_length=12, choices=Application.Stage.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    by_candidate = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True)
    # A rejection: why (for reporting), and its email, which waits `REJECTION_EMAIL_DELAY_SECONDS` so the
    # decision can be undone before the candidate hears of it. The rows are the state: the sweep sends
    # what is due, unsent and not undone, whatever became of the broker's message.
    reason = models.CharField(max_length=24, choices=RejectionReason.choices, blank=True)
    # Which rejection message the email carries; blank on other moves (and on rejections made before the
    # choice existed, which get the standard one).
    email_template = models.CharField(max_length=16, choices=RejectionEmail.choices, blank=True)
    email_due_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    # Rejections decided together (one bulk action) share a batch, so they are undone together.
    batch = models.UUIDField(null=True, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            # Few rows: the rejection emails still waiting, which the sweep and the undo banner read.
            models.Index(
                fields=["email_due_at"],
                condition=models.Q(email_due_at__isnull=False, email_sent_at__isnull=True, undone_at__isnull=True),
                name="stage_change_email_waiting",
            ),
        ]

    def __str__(self) -> str:
        return f"application {self.application_id}: {self.from_stage or '-'} to {self.to_stage}"


class Note(TimeStampedModel):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    body = models.TextField(max_length=5000)

    class Meta:
        ordering = ["created_at", "id"]


class Rating(TimeStampedModel):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="ratings")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    stars = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "author"], name="rating_one_per_recruiter"),
            models.CheckConstraint(condition=models.Q(stars__gte=1, stars__lte=5), name="rating_stars_1_to_5"),
        ]


class CorrectionRequest(TimeStampedModel):
    """A candidate flagging something we read wrongly from their resume: a small queue with a reply.

    Tied to the resume version the candidate was looking at (a later upload does not make the comment
    about the new file) and to the part of what we read it is about. The recruiter's reply is shown to
    the candidate on their status page.
    """

    class State(models.TextChoices):
        OPEN = "open", "Open"
        IN_PROGRESS = "in_progress", "In progress"
        RESOLVED = "resolved", "Resolved"
        DECLINED = "declined", "Declined"

    # Waiting for the team: what the dashboard counts and the list marks.
    WAITING_STATES = (State.OPEN, State.IN_PROGRESS)
    FINAL_STATES = (State.RESOLVED, State.DECLINED)

    class Field(models.TextChoices):
        SKILLS = "skills", "Skills"
        EDUCATION = "education", "Education"
        ROLES = "roles", "Roles and dates"
        CONTACT = "contact", "Name or contact details"
        OTHER = "other", "Something else"

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="corrections")
    resume = models.ForeignKey(
        "Resume", null=True, blank=True, on_delete=models.SET_NULL, related_name="corrections",
        help_text="The resume version the candidate was shown when they wrote.",
    )
    field = models.CharField(max_length=12, choices=Field.choices, default=Field.OTHER)
    comment = models.TextField(max_length=2000)
    state = models.CharField(max_length=12, choices=State.choices, default=State.OPEN, db_index=True)
    reply = models.TextField(max_length=2000, blank=True, help_text="The team's answer, shown to the candidate.")
    replied_at = models.DateTimeField(null=True, blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True, help_text="When it reached resolved or declined.")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"correction {self.pk} ({self.state}) on application {self.application_id}"
