"""API endpoints, one module per part: jobs and applications, parsing, profiles."""

from .parse import ParseResume
from .profiles import ProfileDetail, ProfileDraft, ProfileList, ProfilePublish
from .applications import ApplicationDetail, ApplicationNotes, ApplicationStage, JobApplications, JobDetail, JobList

__all__ = [
    "ParseResume",
    "ProfileDetail",
    "ProfileDraft",
    "ProfileList",
    "ProfilePublish",
    "ApplicationDetail",
    "ApplicationNotes",
    "ApplicationStage",
    "JobApplications",
    "JobDetail",
    "JobList",
]
