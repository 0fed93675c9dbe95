"""The hiring pipeline as recruiters work it: stage moves (one or many), rejections, notes, ratings,
revealing a candidate during blind review, and CSV exports of the ranked list.

Every change leaves a trace: stage moves a StageChange row and an oversight record (who decided, under
which ranking), everything an AuditEvent (ids only), and a stage move also emails the candidate once the
transaction commits.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, F, OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.utils import timezone

from screening.blind import candidate_label, is_blind, reveals
from screening.exports import csv_text
from screening.models import Application, Job, Note, Rating, StageChange
from screening.presenters import category_bars, competency_names, level_label, top_matches

from .audit import audit_record
from .audit_oversight import oversight_stage_decided
from .notifications import candidate_email_enqueue
from .scores import version_spec
from .webhooks import webhook_stage_changed

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from screening.selectors.filters import ScoreColumns, ScoredApplication

    class ExportColumns(ScoreColumns):
        export_experience_months: int | None
        export_education_level: int | None
        export_rating: float | None

    ExportedApplication = WithAnnotations[Application, ExportColumns]

MAX_BULK = 500  # applications per bulk action: a page of the list is 50; this bounds one request's work
MAX_EXPORT = 10_000
AUDIT_ID_LIMIT = 200  # public ids listed in one export's audit event (the count is always exact)


def _refuse_erased(application: Application) -> None:
    candidate = application.candidate
    if candidate.erased_at is not None or candidate.anonymised_at is not None:
        raise ValidationError(
            "This candidate's data has been erased; the application can no longer change.", code="erased"
        )


def _move(application: Application, to_stage: str, actor: User | None, request: HttpRequest | None) -> bool:
    """Move a locked application; False when it is already there."""
    if application.stage == to_stage:
        return False
    _refuse_erased(application)
    if application.merged_at is not None:
        # Its stage and history live on the application it was merged into: a move here would go unseen.
        raise ValidationError("This application was merged into another: move that one.", code="merged")
    from_stage = application.stage
    revealing = reveals(application, to_stage)
    application.stage = to_stage
    application.stage_changed_at = timezone.now()
    if revealing:
        # Once the team has seen who this is, moving them back to screening does not hide them again.
        application.identity_revealed = True
    application.full_clean()
    application.save(update_fields=["stage", "stage_changed_at", "identity_revealed", "updated_at"])
    StageChange.objects.create(application=application, from_stage=from_stage, to_stage=to_stage, actor=actor)
    oversight_stage_decided(actor=actor, application=application, from_stage=from_stage, to_stage=to_stage)
    audit_record(
        action="application.stage_changed",
        object_type="application",
        object_id=application.public_id,
        actor=actor,
        request=request,
        data={"from": from_stage, "to": to_stage},
    )
    if revealing:
        audit_record(
            action="application.identity_revealed",
            object_type="application",
            object_id=application.public_id,
            actor=actor,
            request=request,
            data={"via": "stage", "stage": to_stage},
        )
    candidate_email_enqueue(application=application, kind="stage_changed")
    webhook_stage_changed(application=application, from_stage=from_stage)
    return True


def _check_stage(to_stage: str) -> None:
    if to_stage not in Application.Stage.values:
        raise ValidationError(f"Unknown stage {to_stage!r}.", code="invalid_stage")


@transaction.atomic
def application_move(
    *,
    application: Application,
    to_stage: str,
    actor: User | None,
    request: HttpRequest | None = None,
) -> bool:
    """Move one application to `to_stage`: history, audit, the candidate's email. False if already there."""
    _check_stage(to_stage)
    locked = Application.objects.select_for_update().select_related("job", "candidate").get(pk=application.pk)
    moved = _move(locked, to_stage, actor, request)
    application.stage, application.stage_changed_at = locked.stage, locked.stage_changed_at
    application.identity_revealed = locked.identity_revealed
    return moved


@transaction.atomic
def applications_move(
    *,
    job: Job,
    public_ids: Iterable,
    to_stage: str,
    actor: User | None,
    request: HttpRequest | None = None,
) -> int:
    """Move several of the job's applications (ids of other jobs are ignored); how many moved.

    Applications already in the stage, and erased ones, are left as they are.
    """
    _check_stage(to_stage)
    ids = _bounded(public_ids)
    moved = 0
    locked = (
        Application.objects.select_for_update(of=("self",))
        .filter(job=job, public_id__in=ids)
        .select_related("job__profile", "candidate")
        .order_by("pk")  # a stable lock order: two bulk moves cannot deadlock each other
    )
    for application in locked:
        try:
            moved += _move(application, to_stage, actor, request)
        except ValidationError:
            continue  # an erased candidate among the selection: skip them, move the others
    return moved


def applications_reject(
    *, job: Job, public_ids: Iterable, actor: User | None, request: HttpRequest | None = None
) -> int:
    return applications_move(
        job=job, public_ids=public_ids, to_stage=Application.Stage.REJECTED, actor=actor, request=request
    )


def _bounded(public_ids: Iterable) -> list:
    ids = list(dict.fromkeys(public_ids))
    if not ids:
        raise ValidationError("Select at least one candidate.", code="empty")
    if len(ids) > MAX_BULK:
        raise ValidationError(f"Select at most {MAX_BULK} candidates at a time.", code="too_many")
    return ids


@transaction.atomic
def note_add(
    *, application: Application, author: User, body: str, request: HttpRequest | None = None
) -> Note:
    _refuse_erased(application)
    note = Note(application=application, author=author, body=(body or "").strip())
    note.full_clean()
    note.save()
    audit_record(
        action="note.added",
        object_type="application",
        object_id=application.public_id,
        actor=author,
        request=request,
        data={"note_id": note.pk},
    )
    return note


@transaction.atomic
def rating_set(
    *, application: Application, author: User, stars: int | None, request: HttpRequest | None = None
) -> Rating | None:
    """The author's 1–5 rating of the application (one per recruiter); None or 0 clears it."""
    if not stars:
        deleted, _ = Rating.objects.filter(application=application, author=author).delete()
        if deleted:
            audit_record(
                action="rating.cleared",
                object_type="application",
                object_id=application.public_id,
                actor=author,
                request=request,
            )
        return None
    if not 1 <= int(stars) <= 5:
        raise ValidationError("A rating is 1 to 5 stars.", code="invalid_stars")
    _refuse_erased(application)
    rating = Rating.objects.filter(application=application, author=author).first() or Rating(
        application=application, author=author
    )
    rating.stars = int(stars)
    rating.full_clean(validate_constraints=False)  # the one-per-recruiter constraint holds: we looked first
    rating.save()
    audit_record(
        action="rating.set",
        object_type="application",
        object_id=application.public_id,
        actor=author,
        request=request,
        data={"rating_id": rating.pk},
    )
    return rating


@transaction.atomic
def application_reveal(
    *, application: Application, actor: User, request: HttpRequest | None = None
) -> bool:
    """Show a blind-reviewed candidate's identity to the team, on the record. False if nothing was hidden."""
    locked = Application.objects.select_for_update().select_related("job", "candidate").get(pk=application.pk)
    if not is_blind(locked):
        return False
    locked.identity_revealed = True
    locked.save(update_fields=["identity_revealed", "updated_at"])
    application.identity_revealed = True
    audit_record(
        action="application.identity_revealed",
        object_type="application",
        object_id=locked.public_id,
        actor=actor,
        request=request,
        data={"via": "reveal"},
    )
    return True


# --- Export ---------------------------------------------------------------------------------------


def applications_export(
    *,
    job: Job,
    applications: QuerySet[ScoredApplication],
    actor: User | None,
    request: HttpRequest | None = None,
) -> str:
    """The given applications of the job (a `selectors.ranked_applications` QuerySet, in ranking order)
    as CSV, with identity hidden for candidates still under blind review; the export is audited."""
    version = job.ranking_version
    spec = version_spec(version) if version else None
    rows = list(_with_export_columns(applications)[: MAX_EXPORT + 1])
    if len(rows) > MAX_EXPORT:
        raise ValidationError(
            f"Export at most {MAX_EXPORT} applications at a time; narrow the filters.", code="too_many"
        )
    categories = [(b.key, b.label, b.possible) for b in category_bars(spec.possible_points(), spec)] if spec else []
    header = [
        "rank",
        "application_id",
        "candidate",
        "email",
        "phone",
        "score",
        "must_haves_met",
        "missing_must_haves",
        *[f"{label} (of {possible:g})" for _, label, possible in categories],
        "strongest_matches",
        "experience_months",
        "education",
        "team_rating",
        "stage",
        "processing_status",
        "applied_at",
    ]
    body = []
    for rank, app in enumerate(rows, start=1):
        app.job = job
        hidden = is_blind(app)
        scored = app.score_total is not None
        bars = {b.key: b.earned for b in category_bars(app.score_points, spec)} if spec and scored else {}
        body.append(
            [
                rank,
                str(app.public_id),
                candidate_label(app),
                "" if hidden else app.candidate.email,
                "" if hidden else app.candidate.phone,
                round(app.score_total, 1) if app.score_total is not None else None,
                bool(app.score_must_haves_met) if scored else None,
                "; ".join(competency_names(app.score_missing or [], spec)) if scored else "",
                *[bars.get(key) if scored else None for key, _, _ in categories],
                "; ".join(top_matches(app.score_points, spec)) if spec and scored else "",
                app.export_experience_months,
                level_label(app.export_education_level),
                round(app.export_rating, 1) if app.export_rating is not None else None,
                app.get_stage_display(),
                (app.processing_status or "received").replace("_", " "),
                timezone.localtime(app.created_at).date().isoformat(),
            ]
        )
    ids = [str(app.public_id) for app in rows]
    audit_record(
        action="applications.exported",
        object_type="job",
        object_id=job.public_id,
        actor=actor,
        request=request,
        data=_export_audit_data(ids),
    )
    return csv_text(header, body)


def _with_export_columns(applications: QuerySet[ScoredApplication]) -> QuerySet[ExportedApplication]:
    return applications.annotate(
        export_experience_months=F("current_resume__parse__experience_months"),
        export_education_level=F("current_resume__parse__education_level"),
        export_rating=Subquery(
            Rating.objects.filter(application=OuterRef("pk"))
            .order_by()
            .values("application")
            .annotate(average=Avg("stars"))
            .values("average")
        ),
    )


def _export_audit_data(ids: list[str]) -> dict[str, Any]:
    data: dict[str, Any] = {"count": len(ids), "application_ids": ids[:AUDIT_ID_LIMIT]}
    if len(ids) > AUDIT_ID_LIMIT:
        data["ids_truncated"] = True
    return data
