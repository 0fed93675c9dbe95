"""Reads: how a draft profile would rank each job's candidates, beside the published ranking.

Nothing is written. When the draft matches the same way as the published version (only weights,
must-haves, minimum months, education credits or experience targets changed), every candidate is
re-scored from stored evidence. When it matches differently (new skills or synonyms), the stored
resume text of the highest-ranked candidates is matched again in memory; publishing then re-matches
everyone in the background.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from screening import scoring
from screening.blind import candidate_label
from screening.models import Application, CompetencyEvidence, CompetencyProfile, Job, ParseResult, Resume, Score
from screening.nlp import matching
from screening.nlp.facts import ResumeFacts
from screening.services.profiles import profile_draft_spec
from screening.services.scores import version_spec
from screening.services.taxonomy import taxonomy_file

REMATCH_LIMIT = 300
REASONS_PER_ROW = 2


@dataclass(frozen=True)
class PreviewRow:
    public_id: str
    label: str
    current_rank: int | None
    current_total: float | None
    draft_rank: int
    draft_total: float
    reasons: tuple[str, ...]

    @property
    def movement(self) -> int:
        """Places moved up (positive) or down (negative); 0 when new or unchanged."""
        return 0 if self.current_rank is None else self.current_rank - self.draft_rank


@dataclass(frozen=True)
class JobPreview:
    job: Job
    rows: tuple[PreviewRow, ...]
    considered: int
    processed: int
    rematched: bool
    moved: int = field(default=0)
    shared_reasons: tuple[str, ...] = field(default=())  # changes every candidate got alike


def profile_preview(*, profile: CompetencyProfile, limit: int = REMATCH_LIMIT) -> list[JobPreview]:
    draft = profile_draft_spec(profile)
    version = profile.published_version
    current = version_spec(version) if version else None
    same_matching = current is not None and matching.match_signature(current) == matching.match_signature(draft)
    return [_job_preview(job, version, current, draft, same_matching, limit) for job in profile.jobs.order_by("title")]


def _job_preview(job, version, current, draft, same_matching, limit) -> JobPreview:
    apps = list(
        Application.objects.filter(
            job=job,
            human_review=False,  # never ranked, so not in the preview of a ranking either
            current_resume__status=Resume.Status.PROCESSED,
            current_resume__parse__isnull=False,
        )
        .values_list("pk", "current_resume__parse_id")
    )
    scores = {}
    if version is not None:
        scores = {
            app_id: (total, points)
            for app_id, total, points in Score.objects.filter(profile_version=version, application__job=job).values_list(
                "application_id", "total", "points"
            )
        }
    ordered = sorted(apps, key=lambda pair: -(scores.get(pair[0], (0.0, None))[0]))
    if not same_matching:
        ordered = ordered[:limit]
    parse_ids = [parse_id for _, parse_id in ordered]
    packed = {}
    if same_matching:
        packed = dict(
            CompetencyEvidence.objects.filter(parse_id__in=parse_ids, signature=version.match_signature).values_list(
                "parse_id", "packed"
            )
        )
    missing = [p for p in parse_ids if p not in packed]
    taxonomy = taxonomy_file() if missing else None
    for parse in ParseResult.objects.filter(pk__in=missing).only("pk", "text", "facts", "created_at"):
        packed[parse.pk] = matching.match(
            parse.text, ResumeFacts.from_dict(parse.facts), draft, today=parse.created_at.date(), taxonomy_path=taxonomy
        ).pack()
    rows_by_app = scoring.score_many([packed[p] for p in parse_ids], draft)
    draft_order = sorted(range(len(ordered)), key=lambda i: -rows_by_app[i].total)
    draft_rank = {ordered[i][0]: rank for rank, i in enumerate(draft_order, start=1)}
    current_rank = {app_id: rank for rank, (app_id, _) in enumerate(ordered, start=1) if app_id in scores}
    labels = {a.pk: a for a in Application.objects.filter(pk__in=[a for a, _ in ordered]).select_related("candidate", "job")}

    deltas: dict[int, dict[str, float]] = {}
    for i in draft_order:
        total, old_points = scores.get(ordered[i][0], (None, None))
        deltas[i] = _deltas(current, old_points, draft, rows_by_app[i].points)
    names = {c.key: c.name for c in (*(current.competencies if current else ()), *draft.competencies)}
    names.update(education="Education", experience="Experience")
    shared = _shared_deltas(list(deltas.values()))

    rows = []
    for i in draft_order:
        app_id = ordered[i][0]
        app = labels[app_id]
        total, old_points = scores.get(app_id, (None, None))
        own = sorted(((k, d) for k, d in deltas[i].items() if k not in shared), key=lambda kd: -abs(kd[1]))
        reasons = tuple(f"{names.get(key, key)} {delta:+.1f}" for key, delta in own[:REASONS_PER_ROW])
        if not reasons and not shared and total is not None and abs(total - rows_by_app[i].total) >= 0.05:
            reasons = ("must-have rule",)
        rows.append(
            PreviewRow(
                public_id=str(app.public_id),
                label=candidate_label(app),
                current_rank=current_rank.get(app_id),
                current_total=total,
                draft_rank=draft_rank[app_id],
                draft_total=rows_by_app[i].total,
                reasons=reasons,
            )
        )
    return JobPreview(
        job=job,
        rows=tuple(rows),
        considered=len(ordered),
        processed=len(apps),
        rematched=not same_matching,
        moved=sum(1 for r in rows if r.movement),
        shared_reasons=tuple(
            f"{names.get(key, key)} {delta:+.1f}" for key, delta in sorted(shared.items(), key=lambda kd: -abs(kd[1]))
        ),
    )


def _shared_deltas(deltas: list[dict[str, float]]) -> dict[str, float]:
    """Point changes every candidate got alike (a weight moved for everyone): said once above the table, so
    each row's "why" keeps only what sets that candidate apart instead of repeating the same line."""
    if len(deltas) < 2:
        return {}
    first, *others = deltas
    return {key: delta for key, delta in first.items() if all(other.get(key) == delta for other in others)}


def _deltas(current, old_points, draft, new_points) -> dict[str, float]:
    """Each competency's change in points (to 0.1; changes under 0.05 left out), e.g. {"deep-learning": 2.4}."""
    if current is None or not old_points:
        return {}
    old = dict(zip([c.key for c in current.competencies] + ["education", "experience"], old_points, strict=False))
    new = dict(zip([c.key for c in draft.competencies] + ["education", "experience"], new_points, strict=False))
    changed = {key: round(new.get(key, 0.0) - old.get(key, 0.0), 1) for key in set(old) | set(new)}
    return {key: delta for key, delta in changed.items() if abs(delta) >= 0.05}


