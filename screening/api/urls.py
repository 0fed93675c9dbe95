"""/api/v1/: the REST API, its OpenAPI schema and the documentation page (assets served by us, no CDN)."""

from django.urls import path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import views
from .errors import NotFound

urlpatterns = [
    path("jobs/", views.JobList.as_view(), name="jobs"),
    path("jobs/<slug:slug>/", views.JobDetail.as_view(), name="job"),
    path("jobs/<slug:slug>/applications/", views.JobApplications.as_view(), name="job_applications"),
    path("applications/<uuid:public_id>/", views.ApplicationDetail.as_view(), name="application"),
    path("applications/<uuid:public_id>/stage/", views.ApplicationStage.as_view(), name="application_stage"),
    path("applications/<uuid:public_id>/notes/", views.ApplicationNotes.as_view(), name="application_notes"),
    path("profiles/", views.ProfileList.as_view(), name="profiles"),
    path("profiles/<slug:slug>/", views.ProfileDetail.as_view(), name="profile"),
    path("profiles/<slug:slug>/draft/", views.ProfileDraft.as_view(), name="profile_draft"),
    path("profiles/<slug:slug>/publish/", views.ProfilePublish.as_view(), name="profile_publish"),
    path("parse/", views.ParseResume.as_view(), name="parse"),
    # The schema and docs are public (they describe the API, not its data), like any published API reference.
    path(
        "schema/",
        SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[], throttle_classes=[]),
        name="schema",
    ),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", authentication_classes=[], permission_classes=[], throttle_classes=[]
        ),
        name="docs",
    ),
    re_path(r"", NotFound.as_view(), name="not_found"),  # last: an unknown path or a malformed id is a 404 problem document
]
