"""Models of the screening app, one module per subdomain."""
from .api import ApiKey, IdempotentRequest, WebhookDelivery, WebhookEndpoint
from .audit import AuditEvent
from .candidates import Application, Candidate, CorrectionRequest, Note, Rating, RejectionEmail, RejectionReason, StageChange
from .identity import AddressConfirmation, HeldSubmission, StatusLink
from .jobs import Job
from .notices import JobNotice
from .oversight import OversightRecord
from .privacy import PrivacySettings
from .profiles import Competency, CompetencyProfile, ProfileVersion, RescoreRun
from .resumes import CompetencyEvidence, ParseResult, Resume, ResumeSkill
from .scores import Score
from .self_id import SelfIdentification
from .taxonomy import Skill, TaxonomyState

__all__ = [
    "AddressConfirmation",
    "HeldSubmission",
    "StatusLink",
    "ApiKey",
    "IdempotentRequest",
    "WebhookDelivery",
    "WebhookEndpoint",
    "Application",
    "AuditEvent",
    "Candidate",
    "Competency",
    "CompetencyEvidence",
    "CompetencyProfile",
    "CorrectionRequest",
    "Job",
    "JobNotice",
    "Note",
    "OversightRecord",
    "ParseResult",
    "PrivacySettings",
    "ProfileVersion",
    "Rating",
    "RejectionEmail",
    "RejectionReason",
    "RescoreRun",
    "Resume",
    "ResumeSkill",
    "Score",
    "SelfIdentification",
    "Skill",
    "StageChange",
    "TaxonomyState",
]
