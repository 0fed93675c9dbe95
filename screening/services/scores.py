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
from functools import lru_cache

import numpy as np

from django.db import connection, transaction
from django.db.models import F, FilteredRelation, Q
from django.utils import timezone

from screening import scoring
from screening.models.fields import POINTS_DTYPE, pack_points
from screening.models import (
    Application,
    CompetencyEvidence,
    ParseResult,
    ProfileVersion,
    RescoreRun,
    Resume,
    Score,
)
from screening.nlp import competencies
from screening.nlp.facts import ResumeFacts

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
    features = competencies.match(
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


def breakdown_for(score: Score) -> scoring.ScoreBreakdown:
    """The explainable breakdown of a stored score (points, possible points, evidence)."""
    version = score.profile_version
    evidence = None
    if score.parse_id:
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


def _lock_profile_scores(profile_id: int) -> None:
    """Serialise score writers of one profile until the transaction ends (whoever writes second
    reads the newest parse). SQLite serialises all writers already."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [SCORES_LOCK_NAMESPACE, profile_id])


def _scorable(version: ProfileVersion):
    """Processed applications of every job using the version's profile (not those left to human review)."""
    return Application.objects.filter(
        job__profile_id=version.profile_id,
        human_review=False,
        current_resume__status=Resume.Status.PROCESSED,
        current_resume__parse__isnull=False,
    )


def rescore_run_execute(*, run_id: int) -> RescoreRun:
    """Re-score everything a profile version applies to, in chunks, recording progress on the run."""
    run = RescoreRun.objects.select_related("profile_version").get(pk=run_id)
    if run.status == RescoreRun.Status.DONE:
        return run
    version = run.profile_version
    spec = version_spec(version)
    app_ids = list(_scorable(version).order_by("pk").values_list("pk", flat=True))
    RescoreRun.objects.filter(pk=run.pk).update(
        status=RescoreRun.Status.RUNNING, total=len(app_ids), done=0, rematched=0, started_at=timezone.now()
    )
    done = rematched = 0
    # Chunks are id ranges (not lists of ids): short queries however large the chunk.
    for offset in range(0, len(app_ids), RESCORE_CHUNK):
        chunk = app_ids[offset : offset + RESCORE_CHUNK]
        scored, again = _rescore_chunk(chunk[0], chunk[-1], version, spec)
        done += scored
        rematched += again
        RescoreRun.objects.filter(pk=run.pk).update(done=done, rematched=rematched)
    RescoreRun.objects.filter(pk=run.pk).update(status=RescoreRun.Status.DONE, finished_at=timezone.now())
    scores_prune(version=version)
    run.refresh_from_db()
    return run


def scores_prune(*, version: ProfileVersion) -> int:
    """Drop scores of versions older than the one before `version` (kept: current and previous).

    Old scores can be recomputed from stored evidence and the immutable version spec if ever needed;
    keeping them would grow the table by every application at each publish. On PostgreSQL the table
    is vacuumed afterwards, since a publish rewrites most of it at once.
    """
    deleted, _ = Score.objects.filter(
        profile_version__profile_id=version.profile_id, profile_version__number__lt=version.number - 1
    ).delete()
    if deleted and connection.vendor == "postgresql" and connection.get_autocommit():
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) screening_score")
    return deleted


@transaction.atomic
def _rescore_chunk(first: int, last: int, version: ProfileVersion, spec: scoring.ProfileSpec) -> tuple[int, int]:
    """Score the applications with ids in [first, last]; returns (scored, matched again from text)."""
    # Read the current parses inside the lock (see the module docstring).
    _lock_profile_scores(version.profile_id)
    rows = list(
        _scorable(version)
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
    _write_scores(first, last, pairs, version, spec, arrays)
    return len(pairs), len(missing)


def _write_scores(
    first: int,
    last: int,
    pairs: list[tuple[int, int]],
    version: ProfileVersion,
    spec: scoring.ProfileSpec,
    arrays: scoring.ScoreArrays,
) -> None:
    if connection.vendor != "postgresql":
        rows = arrays.rows(spec)
        Score.objects.bulk_create(
            [
                Score(application_id=app_id, profile_version=version, parse_id=parse_id, **_score_fields(row))
                for (app_id, parse_id), row in zip(pairs, rows)
            ],
            update_conflicts=True,
            unique_fields=["application", "profile_version"],
            update_fields=["parse", "total", "must_haves_met", "missing_must_haves", "points", "flags", "scored_at"],
        )
        return
    # Replace the range's rows for this version (a re-run after a crash rewrites them), then COPY.
    Score.objects.filter(profile_version=version, application_id__gte=first, application_id__lte=last).delete()
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
