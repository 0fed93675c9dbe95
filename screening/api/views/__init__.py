"""API endpoints, one module per part: jobs and applications, parsing, profiles."""
from .parse import ParseResume
from .applications import ApplicationDetail, ApplicationNotes, ApplicationStage, JobApplications, JobDetail, JobList

__all__ = ["ParseResume", "ApplicationDetail", "ApplicationNotes", "ApplicationStage", "JobApplications", "JobDetail", "JobList"]
