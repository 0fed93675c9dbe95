"""Writes: every change to the data goes through a function here, named <entity>_<action>."""
from .api_keys import api_key_authenticate, api_key_create, api_key_revoke
from .api_requests import IdempotencyKeyReused, application_submit_once, request_fingerprint
from .applications import application_submit, display_filename, resume_check, resume_size_check
from .audit import audit_record
from .audit_oversight import (
    oversight_application_viewed,
    oversight_prune,
    oversight_queue_viewed,
    oversight_ranking_viewed,
    oversight_stage_decided,
)
from .audit_self_id import self_id_import, self_id_record, self_id_remove
from .corrections import correction_answer
from .duplicates import applications_merge
from .human_review import application_choose_human_review
from .kept_resumes import (
    kept_resume_discard,
    kept_resume_peek,
    kept_resume_store,
    kept_resume_take,
    kept_resumes_sweep,
)
from .identity import (
    address_confirm,
    candidate_data_request,
    candidate_erase_confirm,
    candidate_export_confirm,
    held_submission_confirm,
    held_submissions_purge,
    status_link_issue,
)
from .notices import job_notice_publish
from .notifications import candidate_email_enqueue, candidate_email_send
from .pipeline import (
    application_move,
    application_reveal,
    applications_export,
    applications_move,
    applications_reject,
    note_add,
    rating_set,
)
from .privacy import (
    application_withdraw_by_candidate,
    candidate_anonymise,
    candidate_erase,
    correction_request_create,
    privacy_settings_update,
    resume_replace,
    retention_apply,
)
from .jobs import job_profile_change
from .profile_proposals import job_description_propose, profile_create_from_job_description, proposal_flags
from .profiles import (
    profile_clone,
    profile_draft_discard,
    profile_draft_spec,
    profile_draft_update,
    profile_has_unpublished_changes,
    profile_load,
    profile_publish,
    profiles_rematch_outdated,
    spec_changes,
)
from .resumes import resume_enqueue, resume_process, resume_read_unstored, resumes_reprocess, resumes_sweep
from .scores import (
    application_score,
    application_score_current,
    breakdown_for,
    rescore_run_enqueue,
    rescore_run_execute,
    rescore_runs_sweep,
)
from .subject_access import candidate_export
from .taxonomy import current_taxonomy, skill_delete, skill_save
from .webhooks import (
    webhook_deliveries_sweep,
    webhook_delivery_attempt,
    webhook_delivery_resend,
    webhook_endpoint_save,
    webhook_event_emit,
    webhook_url_check,
)

__all__ = [
    "applications_merge",
    "correction_answer",
    "address_confirm",
    "candidate_data_request",
    "candidate_erase_confirm",
    "candidate_export_confirm",
    "held_submission_confirm",
    "held_submissions_purge",
    "status_link_issue",
    "IdempotencyKeyReused",
    "application_submit_once",
    "request_fingerprint",
    "api_key_authenticate",
    "api_key_create",
    "api_key_revoke",
    "application_choose_human_review",
    "job_notice_publish",
    "oversight_application_viewed",
    "oversight_prune",
    "oversight_queue_viewed",
    "oversight_ranking_viewed",
    "oversight_stage_decided",
    "self_id_import",
    "self_id_record",
    "self_id_remove",
    "application_move",
    "application_reveal",
    "applications_export",
    "applications_move",
    "applications_reject",
    "note_add",
    "rating_set",
    "application_withdraw_by_candidate",
    "candidate_anonymise",
    "candidate_erase",
    "candidate_export",
    "correction_request_create",
    "privacy_settings_update",
    "resume_replace",
    "retention_apply",
    "application_score",
    "application_score_current",
    "job_description_propose",
    "job_profile_change",
    "rescore_run_enqueue",
    "rescore_runs_sweep",
    "application_submit",
    "audit_record",
    "kept_resume_discard",
    "kept_resume_peek",
    "kept_resume_store",
    "kept_resume_take",
    "kept_resumes_sweep",
    "breakdown_for",
    "candidate_email_enqueue",
    "candidate_email_send",
    "current_taxonomy",
    "display_filename",
    "profile_clone",
    "profile_create_from_job_description",
    "profile_draft_discard",
    "profile_draft_spec",
    "profile_draft_update",
    "profile_has_unpublished_changes",
    "profile_load",
    "profile_publish",
    "profiles_rematch_outdated",
    "proposal_flags",
    "rescore_run_execute",
    "resume_check",
    "resume_size_check",
    "resume_enqueue",
    "resume_read_unstored",
    "resume_process",
    "resumes_reprocess",
    "resumes_sweep",
    "skill_delete",
    "skill_save",
    "spec_changes",
    "webhook_deliveries_sweep",
    "webhook_delivery_attempt",
    "webhook_delivery_resend",
    "webhook_endpoint_save",
    "webhook_event_emit",
    "webhook_url_check",
]
