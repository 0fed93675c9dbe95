"""The hiring pipeline as recruiters work it: stage moves (one or many), rejections, notes, ratings,
revealing a candidate during blind review, and CSV exports of the ranked list.

Every change leaves a trace: stage moves a StageChange row and an oversight record (who decided, under
which ranking), everything an AuditEvent (ids only), and a stage move also emails the candidate once the
transaction commits. Which moves are allowed is screening.stages' table. A rejection carries a reason
and its email waits out an undo window (settings.SCREENING["REJECTION_EMAIL_DELAY_SECONDS"]): the
StageChange row holds when it is due, and `rejection_emails_sweep` sends what is due and not undone.
"""

from __future__ import annotations

import datetime
import uuid
from typing import TYPE_CHECKING, Any, Iterable

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, F, OuterRef, QuerySet, Subquery
from django.http import HttpRequest
from django.utils import timezone

from screening import stages
from screening.blind import candidate_label, is_blind, reveals
from screening.exports import csv_text
from screening.models import Application, Job, Note, Rating, RejectionEmail, RejectionReason, StageChange
from screening.presenters import category_bars, competency_names, level_label, standing, top_matches
from screening.selectors.ranking import score_distribution

from .audit import audit_record
from .audit_oversight import oversight_stage_decided
from .notifications import candidate_email_enqueue, candidate_email_send
from .queueing import send_after_commit
from .scores import version_spec
from .webhooks import webhook_stage_changed

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from screening.selectors.filters import ScoreColumns, ScoredApplication

    class ExportColumns(ScoreColumns):
        export_experience_months: int | None
        export_education_level: int | None
        export_rating: float | None
        export_rejection_reason: str | None

    ExportedApplication = WithAnnotations[Application, ExportColumns]

REASON_LABELS = dict(RejectionReason.choices)
MAX_BULK = 500  # applications per bulk action: a page of the list is 50; this bounds one request's work
MAX_EXPORT = 10_000
AUDIT_ID_LIMIT = 200  # public ids listed in one export's audit event (the count is always exact)


def _refuse_erased(application: Application) -> None:
    candidate = application.candidate
    if candidate.erased_at is not None or candidate.anonymised_at is not None:
        raise ValidationError(
            "This candidate's data has been erased; the application can no longer change.", code="erased"
        )


def _refuse_merged(application: Application) -> None:
    if application.merged_at is not None:
        # The team's work lives on the application it was merged into: a note or rating here would go unseen.
        raise ValidationError("This application was merged into another: add notes and ratings there.", code="merged")


def _check_stage(to_stage: str) -> None:
    if to_stage not in Application.Stage.values:
        raise ValidationError(f"Unknown stage {to_stage!r}.", code="invalid_stage")


def _check_move(application: Application, to_stage: str) -> None:
    """Refuse a move the stage table (screening.stages) does not allow, naming the moves that are."""
    if stages.team_may_move(application.stage, to_stage):
        return
    current = application.get_stage_display()
    allowed = stages.team_moves(application.stage)
    if to_stage == Application.Stage.WITHDRAWN:
        message = (
            "Only the candidate can withdraw an application. If they told you they are no longer interested, "
            f"reject it with the reason “{RejectionReason.CANDIDATE_DECLINED.label}”."
        )
    elif not allowed:
        message = f"The hiring process is over for this application ({current}); its stage can no longer change."
    else:
        target = Application.Stage(to_stage).label
        message = f"An application in {current} can move to {stages.in_words(allowed)}, not {target}."
    raise ValidationError(message, code="stage_not_allowed", params={"allowed": list(allowed)})


def _check_reason(to_stage: str, reason: str) -> None:
    if to_stage == Application.Stage.REJECTED and reason not in RejectionReason.values:
        raise ValidationError({"reason": "Choose the reason for the rejection."}, code="reason_required")


def _check_email_template(email_template: str) -> None:
    if email_template not in RejectionEmail.values:
        raise ValidationError({"email_template": "Choose the rejection email to send."}, code="invalid")


def rejection_email_delay() -> datetime.timedelta:
    return datetime.timedelta(seconds=settings.SCREENING["REJECTION_EMAIL_DELAY_SECONDS"])


def _move(
    application: Application,
    to_stage: str,
    actor: User | None,
    request: HttpRequest | None,
    *,
    reason: str = "",
    email_template: str = RejectionEmail.STANDARD,
    batch: uuid.UUID | None = None,
) -> bool:
    """Move a locked application; False when it is already there."""
    if application.stage == to_stage:
        return False
    _refuse_erased(application)
    if application.merged_at is not None:
        # Its stage and history live on the application it was merged into: a move here would go unseen.
        raise ValidationError("This application was merged into another: move that one.", code="merged")
    _check_move(application, to_stage)
    from_stage = application.stage
    revealing = reveals(application, to_stage)
    now = timezone.now()
    application.stage = to_stage
    application.stage_changed_at = now
    if revealing:
        # Once the team has seen who this is, moving them back to screening does not hide them again.
        application.identity_revealed = True
    application.full_clean()
    application.save(update_fields=["stage", "stage_changed_at", "identity_revealed", "updated_at"])
    change = StageChange(application=application, from_stage=from_stage, to_stage=to_stage, actor=actor)
    rejecting = to_stage == Application.Stage.REJECTED
    if rejecting:
        change.reason, change.email_template, change.batch = reason, email_template, batch
        change.email_due_at = now + rejection_email_delay()
    change.full_clean()
    change.save()
    oversight_stage_decided(actor=actor, application=application, from_stage=from_stage, to_stage=to_stage)
    audit_record(
        action="application.stage_changed",
        object_type="application",
        object_id=application.public_id,
        actor=actor,
        request=request,
        data={"from": from_stage, "to": to_stage, **({"reason": reason} if rejecting else {})},
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
    if rejecting:
        # Receivers hear of a rejection when its email goes (rejection_email_send): until then it may be
        # undone, and a receiver that told the candidate would have told them of a rejection that never was.
        rejection_email_enqueue(stage_change=change)
    else:
        candidate_email_enqueue(application=application, kind="stage_changed")
        webhook_stage_changed(application=application, from_stage=from_stage)
    return True


@transaction.atomic
def application_move(
    *,
    application: Application,
    to_stage: str,
    actor: User | None,
    request: HttpRequest | None = None,
    reason: str = "",
    email_template: str = RejectionEmail.STANDARD,
) -> bool:
    """Move one application to `to_stage` if the stage table allows it: history, audit, the candidate's
    email (a rejection's waits out the undo window). A rejection needs a `reason` (RejectionReason) and
    says it with the `email_template` message (RejectionEmail). False if already there."""
    _check_stage(to_stage)
    _check_reason(to_stage, reason)
    _check_email_template(email_template)
    locked = Application.objects.select_for_update().select_related("job", "candidate").get(pk=application.pk)
    moved = _move(
        locked, to_stage, actor, request, reason=reason, email_template=email_template, batch=uuid.uuid4()
    )
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
    reason: str = "",
    email_template: str = RejectionEmail.STANDARD,
) -> int:
    """Move several of the job's applications (ids of other jobs are ignored); how many moved.

    Applications already in the stage, erased ones, and ones the stage table does not let move there
    are left as they are. Rejections made together share a batch, undone together.
    """
    _check_stage(to_stage)
    _check_reason(to_stage, reason)
    _check_email_template(email_template)
    ids = _bounded(public_ids)
    moved = 0
    batch = uuid.uuid4()
    locked = (
        Application.objects.select_for_update(of=("self",))
        .filter(job=job, public_id__in=ids)
        .select_related("job__profile", "candidate")
        .order_by("pk")  # a stable lock order: two bulk moves cannot deadlock each other
    )
    for application in locked:
        try:
            moved += _move(
                application, to_stage, actor, request, reason=reason, email_template=email_template, batch=batch
            )
        except ValidationError:
            continue  # erased, or a move the stage table refuses: skip them, move the others
    return moved


def applications_reject(
    *,
    job: Job,
    public_ids: Iterable,
    reason: str,
    actor: User | None,
    request: HttpRequest | None = None,
    email_template: str = RejectionEmail.STANDARD,
) -> int:
    return applications_move(
        job=job,
        public_ids=public_ids,
        to_stage=Application.Stage.REJECTED,
        reason=reason,
        email_template=email_template,
        actor=actor,
        request=request,
    )


# --- Rejection emails and their undo window ---------------------------------------------------


def _waiting_rejections() -> QuerySet[StageChange]:
    return StageChange.objects.filter(
        to_stage=Application.Stage.REJECTED,
        email_due_at__isnull=False,
        email_sent_at__isnull=True,
        undone_at__isnull=True,
    )


@transaction.atomic
def rejections_undo(
    *, job: Job, batch: uuid.UUID, actor: User | None, request: HttpRequest | None = None
) -> int:
    """Undo a batch of rejections whose emails have not gone yet: each application goes back to the stage
    it was rejected from, recorded in the history and the audit log; no email is sent. How many."""
    now = timezone.now()
    changes = list(
        _waiting_rejections()
        .select_for_update(of=("self",))
        .filter(batch=batch, application__job=job, email_due_at__gt=now)
        .order_by("application_id")
    )
    undone = 0
    for change in changes:
        application = (
            Application.objects.select_for_update().select_related("job", "candidate").get(pk=change.application_id)
        )
        if application.stage != Application.Stage.REJECTED:
            continue
        restored = change.from_stage or Application.Stage.NEW
        application.stage = restored
        application.stage_changed_at = now
        application.full_clean()
        application.save(update_fields=["stage", "stage_changed_at", "updated_at"])
        change.undone_at = now
        change.save(update_fields=["undone_at"])
        StageChange.objects.create(
            application=application, from_stage=Application.Stage.REJECTED, to_stage=restored, actor=actor
        )
        oversight_stage_decided(
            actor=actor, application=application, from_stage=Application.Stage.REJECTED, to_stage=restored
        )
        audit_record(
            action="application.rejection_undone",
            object_type="application",
            object_id=application.public_id,
            actor=actor,
            request=request,
            data={"to": restored, "reason": change.reason},
        )
        # No webhook: receivers were never told of the rejection (it is sent with its email), so for them
        # the application never left the stage it is back in.
        undone += 1
    return undone


def rejection_email_send(*, stage_change_id: int) -> bool:
    """Send a rejection's email once its undo window has passed; False when it is not due, was undone or
    was already sent. The row is locked while sending, so two deliveries send it once.

    The rejection's "application.stage_changed" webhook goes now too, in the same transaction: the
    rejection is final once its window has passed, whether or not there was anybody to email."""
    with transaction.atomic():
        change = (
            _waiting_rejections()
            .select_for_update(of=("self",))
            .select_related("application__job")
            .filter(pk=stage_change_id, email_due_at__lte=timezone.now())
            .first()
        )
        if change is None:
            return False
        candidate_email_send(
            application_id=change.application_id,
            kind="stage_changed",
            rejection_email=change.email_template or RejectionEmail.STANDARD,
        )
        change.email_sent_at = timezone.now()
        change.save(update_fields=["email_sent_at"])
        webhook_stage_changed(
            application=change.application,
            from_stage=change.from_stage,
            to_stage=change.to_stage,
            reason=change.reason,
        )
    return True


def rejection_emails_sweep() -> list[int]:
    """Queue the rejection emails whose undo window has passed: the broker's delayed message is a
    convenience; this sweep is what makes them go (in-process mode too, where a delay is not kept)."""
    from screening.tasks import rejection_email

    ids = list(_waiting_rejections().filter(email_due_at__lte=timezone.now()).values_list("pk", flat=True)[:500])
    for change_id in ids:
        send_after_commit(rejection_email, change_id, what="rejection email", then="the next sweep will send it")
    return ids


def rejection_email_enqueue(*, stage_change: StageChange) -> None:
    """Hand a rejection's email to the workers after commit, to be sent when its undo window ends."""
    from screening.tasks import rejection_email

    delay = rejection_email_delay().total_seconds()
    send_after_commit(
        rejection_email, stage_change.pk, what="rejection email", then="the sweep will send it", countdown=delay
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
    _refuse_merged(application)
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
    _refuse_merged(application)
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
        "rejection_reason",
        "processing_status",
        "applied_at",
        # Appended after the original columns (spreadsheets built on them keep working): the score read
        # against every scored application of the job, as the list shows it (README "Reading a score").
        "rank_in_job",
        "top_percent",
        "match_band",
    ]
    distribution = score_distribution(job=job, totals=[app.score_total for app in rows])
    body = []
    for rank, app in enumerate(rows, start=1):
        app.job = job
        hidden = is_blind(app)
        scored = app.score_total is not None
        bars = {b.key: b.earned for b in category_bars(app.score_points, spec)} if spec and scored else {}
        place = (
            standing(
                total=app.score_total,
                must_haves_met=bool(app.score_must_haves_met),
                higher=distribution.higher.get(app.score_total, 0),
                scored=distribution.scored,
                top=distribution.top,
            )
            if app.score_total is not None
            else None
        )
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
                REASON_LABELS.get(app.export_rejection_reason or "", "") if app.stage == Application.Stage.REJECTED else "",
                (app.processing_status or "received").replace("_", " "),
                timezone.localtime(app.created_at).date().isoformat(),
                place.rank if place else None,
                place.top_percent if place else None,
                place.band_label if place else "",
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
        export_rejection_reason=Subquery(
            StageChange.objects.filter(application=OuterRef("pk"), to_stage=Application.Stage.REJECTED)
            .order_by("-at", "-id")
            .values("reason")[:1]
        ),
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
