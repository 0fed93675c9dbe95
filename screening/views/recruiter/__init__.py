"""The recruiter workspace: jobs, the ranked list with its bulk actions, the candidate page, and comparison."""

from .candidate import (
    application_detail,
    application_merge,
    application_move,
    identity_reveal,
    note_create,
    rating_update,
    rejections_undo,
    resume_download,
)
from .compare import applications_compare
from .corrections import correction_answer, correction_queue
from .human_review import human_review_queue
from .ranking import (
    applications_bulk,
    home,
    job_blind_review,
    job_ranking,
    ranking_count,
    ranking_stage_counts,
    ranking_rows,
    skill_suggestions,
)

__all__ = [
    "application_merge",
    "correction_answer",
    "correction_queue",
    "application_detail",
    "application_move",
    "applications_bulk",
    "applications_compare",
    "home",
    "human_review_queue",
    "identity_reveal",
    "job_blind_review",
    "job_ranking",
    "note_create",
    "ranking_count",
    "ranking_stage_counts",
    "ranking_rows",
    "rating_update",
    "rejections_undo",
    "resume_download",
    "skill_suggestions",
]
