"""Models of the screening app, one module per subdomain."""
from .audit import AuditEvent
from .candidates import Application, Candidate, CorrectionRequest, Note, Rating, StageChange
from .jobs import Job
from .privacy import PrivacySettings
from .profiles import Competency, CompetencyProfile, ProfileVersion, RescoreRun
from .resumes import CompetencyEvidence, ParseResult, Resume, ResumeSkill
from .scores import Score
from .taxonomy import Skill, TaxonomyState

__all__ = [
    "Application",
    "AuditEvent",
    "Candidate",
    "Competency",
    "CompetencyEvidence",
    "CompetencyProfile",
    "CorrectionRequest",
    "Job",
    "Note",
    "ParseResult",
    "PrivacySettings",
    "ProfileVersion",
    "Rating",
    "RescoreRun",
    "Resume",
    "ResumeSkill",
    "Score",
    "Skill",
    "StageChange",
    "TaxonomyState",
]
