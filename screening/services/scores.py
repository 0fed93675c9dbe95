"""Scoring applications against published profile versions, one at a time or all at once.

Re-scoring after a publish reads packed evidence (no resume is read again when only weights,
must-haves or targets changed), scores a whole chunk with one vectorised call, and writes the chunk
with PostgreSQL's COPY (a plain bulk insert on SQLite). Writers of one profile's scores take the
same transaction lock, so a resume finishing processing during a re-score cannot be overwritten
with a score computed from its previous parse.
"""
from __future__ import annotations

import datetime
import json
import logging
from datetime import timedelta
from functools import lru_cache

import numpy as np

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, FilteredRelation, Q
from django.utils import timezone

from screening import scoring
from screening.models.fields import POINTS_DTYPE, pack_points
from screening.models import (
    Application,
    CompetencyEvidence,
    CompetencyProfile,
    Job,
    ParseResult,
    ProfileVersion,
    RescoreRun,
    Resume,
    Score,
)
from screening.nlp import matching
from screening.nlp.facts import ResumeFacts

from .leases import lease_take
from .queueing import send_after_commit
from .taxonomy import taxonomy_file
from .webhooks import webhook_event_emit

logger = logging.getLogger(__name__)

RESCORE_CHUNK = 20_000


@lru_cache(maxsize=32)
def _spec(spec_json: str) -> scoring.ProfileSpec:
    return scoring.ProfileSpec.from_dict(json.loads(spec_json))


def version_spec(version: ProfileVersion) -> scoring.ProfileSpec:
    # Keyed by content, not id: versions are immutable, and ids repeat across test databases.
    return _spec(json.dumps(version.spec, sort_keys=True))


def evidence_for(parse: ParseResult, version: ProfileVersion) -> CompetencyEvidence:
    """The parse matched against the version's competencies, computed once per matching signature."""
    found = CompetencyEvidence.objects.filter(parse=parse, signature=version.match_signature).first()
    if found is not None:
        return found
    features = matching.match(
        parse.text,
        ResumeFacts.from_dict(parse.facts),
        version_spec(version),
        today=parse.created_at.date(),
        taxonomy_path=taxonomy_file(),
    )
    evidence, _ = CompetencyEvidence.objects.get_or_create(
        parse=parse,
        signature=version.match_signature,
        defaults={"packed": features.pack(), "evidence": features.evidence_json()},
    )
    return evidence


def _score_fields(row: scoring.ScoreRow) -> dict:
    return {
        "total": row.total,
        "must_haves_met": row.must_haves_met,
        "missing_must_haves": list(row.missing_must_haves),
        "points": list(row.points),
        "flags": list(row.flags),
    }


@transaction.atomic
def application_score(
    *, application: Application, parse: ParseResult, version: ProfileVersion | None = None
) -> Score | None:
    """Score (or re-score) one application under its job's published profile version.

    None when there is no published version, or when the candidate asked for a person to review the
    application without the automatic ranking (services.human_review): such an application is never scored.
    """
    if application.human_review:
        return None
    version = version or application.job.profile.published_version
    if version is None:
        return None
    _lock_profile_scores(version.profile_id)
    evidence = evidence_for(parse, version)
    row = scoring.score_many([evidence.packed], version_spec(version))[0]
    score, _ = Score.objects.update_or_create(
        application=application, profile_version=version, defaults={"parse": parse, **_score_fields(row)}
    )
    # One event per resume read and scored; a re-score of every application after a profile is published
    # is told once, as profile.published, not as thousands of these.
    webhook_event_emit(
        event="application.scored",
        data={
            "application": str(application.public_id),
            "job": application.job.slug,
            "score": round(score.total, 2),
            "must_haves_met": score.must_haves_met,
            "profile_version": version.number,
        },
    )
    return score


@transaction.atomic
def application_score_current(*, application: Application, parse: ParseResult) -> list[Score]:
    """Score a newly read resume's application under every version its job's list may show now.

    That is the version the list ranks by (Job.ranked_version) and its profile's published version, when a
    re-score run is moving the list from one to the other. Both are read inside the profiles' score locks,
    which publishing and moving a job take too, so a publish that lands while the resume was being read is
    seen here, or, if it commits after, its run sees this score's application as processed.
    """
    if application.human_review:
        return []
    locked: set[int] = set()
    while True:
        job = Job.objects.select_related("profile__published_version", "ranked_version").get(pk=application.job_id)
        ranked = job.ranked_version
        needed = {job.profile_id} | ({ranked.profile_id} if ranked is not None else set())
        if needed <= locked:
            break
        for profile_id in sorted(needed - locked):
            _lock_profile_scores(profile_id)
            locked.add(profile_id)
    versions = {v.pk: v for v in (job.ranked_version, job.profile.published_version) if v is not None}
    application.job = job
    scores = [application_score(application=application, parse=parse, version=v) for v in versions.values()]
    return [score for score in scores if score is not None]


def breakdown_for(score: Score, *, evidence: CompetencyEvidence | None = None) -> scoring.ScoreBreakdown:
    """The explainable breakdown of a stored score (points, possible points, evidence).

    `evidence`: the parse's stored match under the version's signature when the caller read it already
    (a page of several scores reads them in one query); otherwise it is looked up, or matched once.
    """
    version = score.profile_version
    if evidence is None and score.parse_id and score.parse is not None:
        evidence = evidence_for(score.parse, version)
    row = scoring.ScoreRow(
        total=score.total,
        must_haves_met=score.must_haves_met,
        missing_must_haves=tuple(score.missing_must_haves),
        flags=tuple(score.flags),
        points=tuple(score.points),
    )
    return scoring.explain(
        row, evidence.evidence if evidence else {}, bytes(evidence.packed) if evidence else None, version_spec(version)
    )


SCORES_LOCK_NAMESPACE = 0x5C0E  # first key of the advisory lock; the second is the profile id


def lock_profile_scores(profile_id: int) -> None:
    """For the writers of what decides which version a score goes under (publishing, moving a job)."""
    _lock_profile_scores(profile_id)


def _lock_profile_scores(profile_id: int) -> None:
    """Serialise score writers of one profile until the transaction ends (whoever writes second
    reads the newest parse). SQLite serialises all writers already."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [SCORES_LOCK_NAMESPACE, profile_id])


def _scorable(version: ProfileVersion, job_id: int | None = None):
    """Processed applications of every job using the version's profile (not those left to human review);
    with `job_id`, of that job only."""
    apps = Application.objects.filter(
        job__profile_id=version.profile_id,
        human_review=False,
        current_resume__status=Resume.Status.PROCESSED,
        current_resume__parse__isnull=False,
    )
    return apps.filter(job_id=job_id) if job_id is not None else apps


def _conf(key: str):
    return settings.SCREENING[key]


def rescore_run_enqueue(*, run_id: int) -> None:
    """Send the run to the workers once the current transaction commits.

    If the broker is unreachable the publish (or the job's move) still succeeds: the run stays `queued`
    and the sweep sends it when the broker is back; the list keeps the previous version's scores meanwhile.
    """
    from screening.tasks import rescore_run_execute as task  # tasks import services; keep the cycle lazy

    send_after_commit(
        task,
        run_id,
        what="re-score run",
        then="the sweep will retry",
        long_running=True,
        sent=lambda: RescoreRun.objects.filter(pk=run_id, status=RescoreRun.Status.QUEUED).update(
            enqueued_at=timezone.now()
        ),
    )


def _run_claimable(run_id: int, now: datetime.datetime):
    return RescoreRun.objects.filter(Q(status=RescoreRun.Status.QUEUED) | _run_lease_expired(now), pk=run_id)


def _run_lease_expired(now: datetime.datetime) -> Q:
    # A running run without a lease was started before runs had leases: as good as expired.
    return Q(status=RescoreRun.Status.RUNNING) & (Q(lease_until__lt=now) | Q(lease_until__isnull=True))


def _claim_run(run_id: int, owner: str, resumed_from: str) -> RescoreRun | None:
    """Take the run for one attempt, as services.resumes._claim takes a resume (services.leases)."""
    now = timezone.now()
    if not lease_take(
        _run_claimable(run_id, now), run_id, working=RescoreRun.Status.RUNNING, owner=owner,
        resumed_from=resumed_from, now=now, started_at=now,
    ):
        return None
    return RescoreRun.objects.select_related("profile_version", "job").get(pk=run_id)


def _renew_run_lease(run_id: int, owner: str) -> bool:
    """Extend our lease between steps; False when another try took the run over (ours had expired)."""
    return bool(
        RescoreRun.objects.filter(pk=run_id, status=RescoreRun.Status.RUNNING, lease_owner=owner).update(
            lease_until=timezone.now() + timedelta(seconds=_conf("LEASE_SECONDS"))
        )
    )


def _superseded(run: RescoreRun) -> bool:
    """A newer version was published since (its own run covers the same applications), or the job moved on."""
    version = run.profile_version
    current = CompetencyProfile.objects.filter(pk=version.profile_id).values_list("published_version", flat=True)
    if current.first() != version.pk:
        return True
    return run.job_id is not None and not Job.objects.filter(pk=run.job_id, profile_id=version.profile_id).exists()


def rescore_run_execute(*, run_id: int, owner: str = "", resumed_from: str = "") -> str:
    """Re-score everything a run covers, in chunks, recording progress; then the lists rank by its version.

    Returns what happened (for logs and tests): done, superseded, skipped (not ours: finished, or another
    try holds a live lease), lost (our lease expired and another try took over) or failed (every attempt
    died). The lists covered keep the previous version's scores until the run is done.
    """
    run = _claim_run(run_id, owner, resumed_from)
    if run is None:
        exhausted = (
            _run_claimable(run_id, timezone.now())
            .filter(attempts__gte=_conf("MAX_ATTEMPTS"))
            .update(
                status=RescoreRun.Status.FAILED,
                lease_until=None,
                lease_owner="",
                finished_at=timezone.now(),
                error="Re-scoring stopped unexpectedly on every attempt; the lists keep the previous scores.",
            )
        )
        return "failed" if exhausted else "skipped"
    version = run.profile_version
    if _superseded(run):
        RescoreRun.objects.filter(pk=run.pk, lease_owner=owner).update(
            status=RescoreRun.Status.DONE, lease_until=None, lease_owner="", finished_at=timezone.now(),
            error="Superseded: a newer version or move covers these applications.",
        )
        return "superseded"
    spec = version_spec(version)
    app_ids = list(_scorable(version, run.job_id).order_by("pk").values_list("pk", flat=True))
    RescoreRun.objects.filter(pk=run.pk).update(total=len(app_ids), done=0, rematched=0)
    done = rematched = 0
    # Chunks are id ranges (not lists of ids): short queries however large the chunk.
    for offset in range(0, len(app_ids), RESCORE_CHUNK):
        chunk = app_ids[offset : offset + RESCORE_CHUNK]
        # Resumes matched against new competencies are matched outside the chunk's transaction, renewing
        # the lease as it goes: the slow part neither holds the score lock nor outlives the lease.
        rematched += _match_missing(chunk[0], chunk[-1], version, run)
        if not _renew_run_lease(run.pk, owner):
            return "lost"
        scored, again = _rescore_chunk(chunk[0], chunk[-1], version, spec, run.job_id)
        done += scored
        rematched += again
        RescoreRun.objects.filter(pk=run.pk).update(done=done, rematched=rematched)
    outcome = _rescore_run_finish(run, owner)
    if outcome == "done":
        scores_prune(version=version)
    return outcome


def _match_missing(first: int, last: int, version: ProfileVersion, run: RescoreRun) -> int:
    parse_ids = (
        _scorable(version, run.job_id)
        .filter(pk__gte=first, pk__lte=last)
        .values("current_resume__parse_id")
    )
    # Ids first (the evidence index answers which parses lack it), texts only for those: reading every
    # parse's row to drop the matched ones fetched the texts of a whole chunk (seconds per chunk at 1M).
    missing_ids = list(
        ParseResult.objects.filter(pk__in=parse_ids)
        .exclude(evidence__signature=version.match_signature)
        .values_list("pk", flat=True)
    )
    missing = ParseResult.objects.filter(pk__in=missing_ids).order_by("pk")
    matched = 0
    for parse in missing.only("pk", "text", "facts", "created_at").iterator(chunk_size=200):
        evidence_for(parse, version)
        matched += 1
        if matched % 200 == 0 and not _renew_run_lease(run.pk, run.lease_owner):
            break
    return matched


@transaction.atomic
def _rescore_run_finish(run: RescoreRun, owner: str) -> str:
    """Mark the run done and move the lists it covered to its version, unless a newer one superseded it."""
    version = run.profile_version
    _lock_profile_scores(version.profile_id)
    superseded = _superseded(run)
    finished = RescoreRun.objects.filter(pk=run.pk, status=RescoreRun.Status.RUNNING, lease_owner=owner).update(
        status=RescoreRun.Status.DONE, lease_until=None, lease_owner="", finished_at=timezone.now()
    )
    if not finished:
        return "lost"
    if superseded:
        return "superseded"
    jobs = Job.objects.filter(profile_id=version.profile_id)
    if run.job_id is not None:
        jobs = jobs.filter(pk=run.job_id)
    else:
        # A job that moved to this profile after the run listed its applications was not covered: its
        # own run moves it.
        started = RescoreRun.objects.filter(pk=run.pk).values_list("started_at", flat=True).first()
        moved = RescoreRun.objects.filter(
            job__isnull=False, profile_version__profile_id=version.profile_id, created_at__gt=started
        )
        jobs = jobs.exclude(pk__in=moved.values("job_id"))
    jobs.exclude(ranked_version__profile_id=version.profile_id, ranked_version__number__gte=version.number).update(
        ranked_version=version
    )
    return "done"


def rescore_runs_sweep(*, now: datetime.datetime | None = None) -> list[int]:
    """Ids of runs to send again: queued and never sent or not picked up for a while (broker down at publish,
    a lost message), and running with an expired lease (a killed worker)."""
    now = now or timezone.now()
    stale = now - timedelta(seconds=_conf("STUCK_AFTER_SECONDS"))
    ids = list(
        RescoreRun.objects.filter(
            Q(status=RescoreRun.Status.QUEUED, created_at__lt=stale)
            & (Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=stale))
            | _run_lease_expired(now)
        ).values_list("pk", flat=True)[:1000]
    )
    RescoreRun.objects.filter(pk__in=ids, status=RescoreRun.Status.QUEUED).update(enqueued_at=now)
    return ids


def scores_prune(*, version: ProfileVersion) -> int:
    """Drop scores of versions older than the one before `version` (kept: current and previous).

    Old scores can be recomputed from stored evidence and the immutable version spec if ever needed;
    keeping them would grow the table by every application at each publish. On PostgreSQL the table
    is vacuumed afterwards, since a publish rewrites most of it at once.
    """
    deleted, _ = (
        Score.objects.filter(
            profile_version__profile_id=version.profile_id, profile_version__number__lt=version.number - 1
        )
        # ...but never the version a list still ranks by (a job whose move to another profile is still running).
        .exclude(profile_version__in=Job.objects.filter(ranked_version__isnull=False).values("ranked_version"))
        .delete()
    )
    if deleted and connection.vendor == "postgresql" and connection.get_autocommit():
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) screening_score")
    return deleted


@transaction.atomic
def _rescore_chunk(
    first: int, last: int, version: ProfileVersion, spec: scoring.ProfileSpec, job_id: int | None = None
) -> tuple[int, int]:
    """Score the applications with ids in [first, last]; returns (scored, matched again from text)."""
    # Read the current parses inside the lock (see the module docstring).
    _lock_profile_scores(version.profile_id)
    rows = list(
        _scorable(version, job_id)
        .filter(pk__gte=first, pk__lte=last)
        .annotate(
            matched=FilteredRelation(
                "current_resume__parse__evidence",
                condition=Q(current_resume__parse__evidence__signature=version.match_signature),
            ),
            packed=F("matched__packed"),
        )
        .order_by("pk")
        .values_list("pk", "current_resume__parse_id", "packed")
    )
    pairs = [(app_id, parse_id) for app_id, parse_id, _ in rows]
    packed = {parse_id: blob for _, parse_id, blob in rows if blob is not None}
    missing = [parse_id for _, parse_id, blob in rows if blob is None]
    for parse in ParseResult.objects.filter(pk__in=missing).only("pk", "text", "facts", "created_at"):
        packed[parse.pk] = evidence_for(parse, version).packed
    arrays = scoring.score_arrays([packed[parse_id] for _, parse_id in pairs], spec)
    _write_scores(first, last, pairs, version, spec, arrays, job_id)
    return len(pairs), len(missing)


def _write_scores(
    first: int,
    last: int,
    pairs: list[tuple[int, int]],
    version: ProfileVersion,
    spec: scoring.ProfileSpec,
    arrays: scoring.ScoreArrays,
    job_id: int | None = None,
) -> None:
    if connection.vendor != "postgresql":
        rows = arrays.rows(spec)
        Score.objects.bulk_create(
            [
                Score(application_id=app_id, profile_version=version, parse_id=parse_id, **_score_fields(row))
                for (app_id, parse_id), row in zip(pairs, rows, strict=True)
            ],
            update_conflicts=True,
            unique_fields=["application", "profile_version"],
            update_fields=["parse", "total", "must_haves_met", "missing_must_haves", "points", "flags", "scored_at"],
        )
        return
    # Replace the range's rows for this version (a re-run after a crash rewrites them), then COPY.
    # The range is read through the (application, version) index, in a CTE the planner cannot fold: the
    # version's statistics date from before the run wrote it (no rows), so the planner would otherwise walk
    # the (version, total) index through every score written so far, for each chunk: quadratic, minutes
    # for a million applications.
    with connection.cursor() as cursor:
        cursor.execute(
            "WITH in_range AS MATERIALIZED ("
            " SELECT id, application_id, profile_version_id FROM screening_score"
            " WHERE application_id >= %(first)s AND application_id <= %(last)s) "
            "DELETE FROM screening_score s USING in_range r WHERE s.id = r.id AND r.profile_version_id = %(version)s"
            # a run for one job: the range also holds other jobs' applications
            " AND (%(job)s::bigint IS NULL OR r.application_id IN ("
            " SELECT id FROM screening_application WHERE job_id = %(job)s AND id >= %(first)s AND id <= %(last)s))",
            {"first": first, "last": last, "version": version.pk, "job": job_id},
        )
    now = timezone.now().astimezone(datetime.timezone.utc).isoformat()
    width = 2 * POINTS_DTYPE.itemsize * arrays.points.shape[1]  # hex digits per row of packed points
    points_hex = pack_points(arrays.points).hex()
    totals = arrays.totals.tolist()
    # Most rows share a handful of must-have and flag patterns: format each pattern once.
    missing_json = _patterns_json(arrays.missing, lambda i: arrays.missing_keys(i, spec))
    flags_json = _patterns_json(
        np.concatenate([arrays.short, arrays.below_experience[:, None]], axis=1), lambda i: arrays.flags(i, spec)
    )
    lines = []
    for i, (app_id, parse_id) in enumerate(pairs):
        missing, flags = missing_json[i], flags_json[i]
        lines.append(
            f"{app_id}\t{version.pk}\t{parse_id}\t{totals[i]}\t{'t' if missing == '[]' else 'f'}\t{missing}\t"
            f"\\\\x{points_hex[i * width:(i + 1) * width]}\t{flags}\t{now}\n"
        )
    with connection.cursor() as cursor:
        with cursor.cursor.copy(
            "COPY screening_score (application_id, profile_version_id, parse_id, total, must_haves_met, "
            "missing_must_haves, points, flags, scored_at) FROM STDIN"
        ) as copy:
            copy.write("".join(lines))


def _patterns_json(mask: np.ndarray, values) -> list[str]:
    """JSON of `values(i)` for each row, computed once per distinct row of the boolean mask."""
    cache: dict[bytes, str] = {}
    out = []
    for i, key in enumerate(np.packbits(mask, axis=1)):
        key = key.tobytes()
        text = cache.get(key)
        if text is None:
            text = cache[key] = json.dumps(list(values(i)))
        out.append(text)
    return out
