"""The competency profile editor (hiring admins)."""
from django.urls import path

from screening.views import profiles

urlpatterns = [
    path("", profiles.profile_list, name="list"),
    path("from-job-description/", profiles.profile_from_job_description, name="from_job_description"),
    path("<slug:slug>/", profiles.profile_edit, name="edit"),
    path("<slug:slug>/preview/", profiles.profile_preview_view, name="preview"),
    path("<slug:slug>/publish/", profiles.profile_publish_view, name="publish"),
    path("<slug:slug>/discard/", profiles.profile_discard_view, name="discard"),
    path("<slug:slug>/clone/", profiles.profile_clone_view, name="clone"),
    path("<slug:slug>/progress/", profiles.rescore_progress, name="progress"),
]
