"""The public careers site."""
from django.urls import path

from screening.views import careers

urlpatterns = [
    path("", careers.job_list, name="jobs"),
    path("<slug:slug>/", careers.job_detail, name="job"),
    path("<slug:slug>/apply/", careers.apply, name="apply"),
    path("<slug:slug>/applied/", careers.applied, name="applied"),
]
