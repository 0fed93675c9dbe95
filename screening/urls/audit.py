"""The bias audit (group Auditors, and hiring admins)."""
from django.urls import path

from screening.views import audit

urlpatterns = [
    path("", audit.audit_jobs, name="jobs"),
    path("jobs/<slug:slug>/", audit.job_audit, name="job"),
    path("jobs/<slug:slug>/report/", audit.audit_report, name="report"),
    path("jobs/<slug:slug>/audit.csv", audit.audit_csv, name="csv"),
    path("jobs/<slug:slug>/oversight.csv", audit.oversight_csv, name="oversight_csv"),
]
