"""Merging two applications to one job that are the same person (found by selectors.duplicates).

Only a recruiter merges, and only two applications to the same job. Nothing of either candidate's own data
moves: each keeps its candidate, resumes, corrections and status page, so a merge of two people who only
looked alike shows neither one's data to the other. What moves is the team's work (notes, ratings, stage
history) onto the application that survives; the other is marked merged (not deleted) and leaves the
ranked list, the queues and the counts.
"""
from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from screening.models import Application, Note, Rating, Resume, StageChange

from .audit import audit_record
from .human_review import _take_out_of_ranking

# How far each stage is along the pipeline: the survivor keeps the furthest of the two. A closed
# application (rejected, withdrawn) is behind any open one, since the person is still in the running.
STAGE_ORDER = {
    Application.Stage.REJECTED: 0,
    Application.Stage.WITHDRAWN: 0,
    Application.Stage.NEW: 1,
    Application.Stage.SCREENING: 2,
    Application.Stage.INTERVIEW: 3,
    Application.Stage.OFFER: 4,
    Application.Stage.HIRED: 5,
}


def _same_content(a: Resume | None, b: Resume | None) -> bool:
    if a is None or b is None:
        return False
    if a.sha256 == b.sha256:
        return True
    digest_a = a.parse.text_digest if a.parse_id and a.parse else ""
    digest_b = b.parse.text_digest if b.parse_id and b.parse else ""
    return bool(digest_a) and digest_a == digest_b


def merge_survivor(first: Application, second: Application) -> tuple[Application, Application]:
    """(survivor, merged): the survivor keeps the newest resume. When both resumes are the same content,
    which one is newer says nothing, so the one the team can reach (a candidate with an email address,
    who has a status page) survives; then the newer application."""
    resume_a, resume_b = first.current_resume, second.current_resume

    def key(app: Application, resume: Resume | None) -> tuple:
        reachable = bool(app.candidate.email)
        newest = resume.created_at if resume else app.created_at
        if _same_content(resume_a, resume_b):
            return (reachable, newest, app.pk)
        return (newest, reachable, app.pk)

    if key(first, resume_a) >= key(second, resume_b):
        return first, second
    return second, first


@transaction.atomic
def applications_merge(
    *, first: Application, second: Application, actor: User, request: HttpRequest | None = None
) -> Application:
    """Merge two applications to the same job into one; returns the survivor (see `merge_survivor`).

    The survivor takes the furthest stage of the two (recorded in its history as the recruiter's move; the
    candidate is not emailed, as nothing happened to them), the other's notes and stage history, and its
    ratings (where a recruiter rated both, their newer rating stands, as one recruiter has one rating). If
    either candidate asked for a human review, the survivor is reviewed by a person too.
    """
    if first.pk == second.pk:
        raise ValidationError("Choose two different applications.", code="same")
    locked = {
        a.pk: a
        for a in Application.objects.select_for_update(of=("self",))
        .select_related("candidate", "current_resume__parse")
        .filter(pk__in=[first.pk, second.pk])
        .order_by("pk")
    }
    first, second = locked[first.pk], locked[second.pk]
    if first.job_id != second.job_id:
        raise ValidationError("Only applications to the same job can be merged.", code="other_job")
    if first.merged_at is not None or second.merged_at is not None:
        raise ValidationError("One of these applications was merged already.", code="merged")
    for app in (first, second):
        if app.candidate.erased_at is not None or app.candidate.anonymised_at is not None:
            raise ValidationError("An erased candidate's application cannot be merged.", code="erased")
    survivor, merged = merge_survivor(first, second)
    now = timezone.now()

    from_stage = survivor.stage
    if STAGE_ORDER[Application.Stage(merged.stage)] > STAGE_ORDER[Application.Stage(survivor.stage)]:
        survivor.stage = merged.stage
        survivor.stage_changed_at = now
    moved_history = StageChange.objects.filter(application=merged).update(application=survivor)
    if survivor.stage != from_stage:
        StageChange.objects.create(application=survivor, from_stage=from_stage, to_stage=survivor.stage, actor=actor)
    moved_notes = Note.objects.filter(application=merged).update(application=survivor)
    moved_ratings = _move_ratings(merged=merged, survivor=survivor)
    survivor.full_clean()
    survivor.save(update_fields=["stage", "stage_changed_at", "updated_at"])
    if merged.human_review and not survivor.human_review:
        _take_out_of_ranking(survivor)

    merged.merged_into = survivor
    merged.merged_at = now
    merged.full_clean()
    merged.save(update_fields=["merged_into", "merged_at", "updated_at"])
    audit_record(
        action="application.merged",
        object_type="application",
        object_id=survivor.public_id,
        actor=actor,
        request=request,
        data={
            "merged": str(merged.public_id),
            "stage_from": from_stage,
            "stage_to": survivor.stage,
            "notes": moved_notes,
            "ratings": moved_ratings,
            "stage_changes": moved_history,
        },
    )
    return survivor


def _move_ratings(*, merged: Application, survivor: Application) -> int:
    """Move the merged application's ratings; where a recruiter rated both, keep their newer rating."""
    moved = 0
    kept = {r.author_id: r for r in Rating.objects.filter(application=survivor)}
    for rating in Rating.objects.filter(application=merged):
        mine = kept.get(rating.author_id)
        if mine is not None:
            if rating.updated_at <= mine.updated_at:
                continue
            mine.delete()
        Rating.objects.filter(pk=rating.pk).update(application=survivor)
        moved += 1
    return moved

