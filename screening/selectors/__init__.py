"""Reads: query functions returning QuerySets (and pages of them) for the pages, the API and the command line.

A package by subdomain (jobs, the ranked list and its filters and counts, one application); everything
is re-exported here, so callers write `selectors.ranking_page(...)`.
"""

from .applications import (
    application_by_public_id,
    application_for_recruiter,
    corrections_for,
    notes_for,
    rating_summaries,
    ratings_for,
    score_for,
    scores_for,
    stored_evidence,
    stage_history,
)
from .audit import (
    audit_versions,
    draft_impact,
    job_bias_audit,
    jobs_for_audit,
    oversight_rows,
    oversight_summary,
)
from .corrections import correction_counts, correction_queue, correction_waiting, list_markers
from .counting import ESTIMATE_LIMIT, _count_within, ranking_count
from .duplicates import PossibleDuplicate, duplicates_for
from .filters import MAX_SEARCH_WORDS, PENDING_STATUSES, PROCESSING_STATUSES, SORTS, RankingFilters
from .human_review import human_review_counts, human_review_queue
from .identity import application_for_status_token, confirmation_for_token, held_submissions_for
from .jobs import human_review_stage_counts, job_for_recruiter, jobs_with_counts, rescore_in_progress, stage_counts
from .notices import current_notice, notice_shown
from .profiles import profile_by_slug, profile_versions, profiles_published
from .self_id import own_answers
from .ranking import (
    RankingPage,
    applications_by_ids,
    applications_by_public_ids,
    applications_for_comparison,
    pending_rows,
    ranked_applications,
    ranking_neighbours,
    ranking_page,
)

__all__ = [
    "PossibleDuplicate",
    "correction_counts",
    "correction_queue",
    "correction_waiting",
    "duplicates_for",
    "list_markers",
    "application_for_status_token",
    "confirmation_for_token",
    "held_submissions_for",
    "ESTIMATE_LIMIT",
    "MAX_SEARCH_WORDS",
    "PENDING_STATUSES",
    "PROCESSING_STATUSES",
    "SORTS",
    "RankingFilters",
    "RankingPage",
    "_count_within",
    "application_by_public_id",
    "application_for_recruiter",
    "audit_versions",
    "current_notice",
    "draft_impact",
    "human_review_counts",
    "human_review_queue",
    "human_review_stage_counts",
    "job_bias_audit",
    "jobs_for_audit",
    "notice_shown",
    "oversight_rows",
    "own_answers",
    "oversight_summary",
    "applications_by_ids",
    "applications_by_public_ids",
    "applications_for_comparison",
    "corrections_for",
    "job_for_recruiter",
    "jobs_with_counts",
    "notes_for",
    "pending_rows",
    "profile_by_slug",
    "profile_versions",
    "profiles_published",
    "ranked_applications",
    "ranking_count",
    "ranking_neighbours",
    "ranking_page",
    "rating_summaries",
    "ratings_for",
    "rescore_in_progress",
    "scores_for",
    "stored_evidence",
    "score_for",
    "stage_counts",
    "stage_history",
]
