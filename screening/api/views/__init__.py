"""API endpoints, one module per part: jobs and applications, parsing, profiles."""
from .applications import ApplicationDetail, ApplicationNotes, ApplicationStage, JobApplications, JobDetail, JobList

__all__ = ["ApplicationDetail", "ApplicationNotes", "ApplicationStage", "JobApplications", "JobDetail", "JobList"]
