"""URLs of the screening app, one module per part of the site."""
from django.urls import include, path

urlpatterns = [
    path("careers/", include(("screening.urls.careers", "careers"))),
    path("applications/", include(("screening.urls.candidate", "candidate"))),
    path("recruiter/profiles/", include(("screening.urls.profiles", "profiles"))),
    path("recruiter/", include(("screening.urls.recruiter", "recruiter"))),
    path("audit/", include(("screening.urls.audit", "audit"))),
]
