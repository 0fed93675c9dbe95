"""The candidate's private pages, keyed by the secret token of their application."""
from django.urls import path

from screening.views import candidate_choices, careers

urlpatterns = [
    # An emailed single-use link (not a status link); first, as a status token could be the word "confirm".
    path("confirm/<str:link>/", careers.confirm, name="confirm"),
    path("<str:token>/", careers.application_status, name="status"),
    path("<str:token>/correction/", careers.correction, name="correction"),
    path("<str:token>/resume/", careers.resume_upload, name="resume"),
    path("<str:token>/withdraw/", careers.withdraw, name="withdraw"),
    path("<str:token>/erase/", careers.erase, name="erase"),
    path("<str:token>/export/", careers.export, name="export"),
    path("<str:token>/human-review/", candidate_choices.human_review, name="human_review"),
    path("<str:token>/self-identification/", candidate_choices.self_identification, name="self_id"),
]
