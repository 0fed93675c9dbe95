"""The recruiter workspace."""

from django.urls import path

from screening.views import recruiter

APPLICATION = "jobs/<slug:slug>/applications/<uuid:public_id>/"

urlpatterns = [
    path("", recruiter.home, name="home"),
    path("skills/", recruiter.skill_suggestions, name="skill_suggestions"),
    path("jobs/<slug:slug>/", recruiter.job_ranking, name="ranking"),
    path("jobs/<slug:slug>/count/", recruiter.ranking_count, name="ranking_count"),
    path("jobs/<slug:slug>/stage-counts/", recruiter.ranking_stage_counts, name="ranking_stage_counts"),
    path("jobs/<slug:slug>/rows/", recruiter.ranking_rows, name="ranking_rows"),
    path("jobs/<slug:slug>/bulk/", recruiter.applications_bulk, name="bulk"),
    path("jobs/<slug:slug>/blind-review/", recruiter.job_blind_review, name="blind_review"),
    path("jobs/<slug:slug>/rejections/undo/", recruiter.rejections_undo, name="undo_rejections"),
    path("jobs/<slug:slug>/compare/", recruiter.applications_compare, name="compare"),
    path("jobs/<slug:slug>/human-review/", recruiter.human_review_queue, name="human_review"),
    path("jobs/<slug:slug>/corrections/", recruiter.correction_queue, name="corrections"),
    # the correction is named in the form, not the path: no sequential ids in URLs
    path("jobs/<slug:slug>/corrections/answer/", recruiter.correction_answer, name="correction_answer"),
    path(APPLICATION, recruiter.application_detail, name="application"),
    path(APPLICATION + "merge/", recruiter.application_merge, name="merge"),
    path(APPLICATION + "stage/", recruiter.application_move, name="move"),
    path(APPLICATION + "notes/", recruiter.note_create, name="note"),
    path(APPLICATION + "rating/", recruiter.rating_update, name="rating"),
    path(APPLICATION + "reveal/", recruiter.identity_reveal, name="reveal"),
    path(APPLICATION + "resume/", recruiter.resume_download, name="resume"),
]
