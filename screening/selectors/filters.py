"""The ranked list's filters, and the query every view of the list starts from."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypedDict

from django.db.models import Case, Exists, F, FilteredRelation, IntegerField, OuterRef, Q, QuerySet, Value, When

from screening.blind import still_hidden
from screening.models import Application, Job, Resume, ResumeSkill, Score
from screening.nlp.facts import EDUCATION_LEVELS
from screening.selectors.corrections import correction_waiting
from screening.selectors.duplicates import has_duplicate
from screening.selectors.search import MAX_SEARCH_TERMS, parse_query, search_condition

SORTS = ("score", "date", "name")
PROCESSING_STATUSES = tuple(Resume.Status.values)
PENDING_STATUSES: tuple[str, ...] = (Resume.Status.RECEIVED, Resume.Status.PROCESSING)
MAX_SEARCH_WORDS = MAX_SEARCH_TERMS  # the name other modules know


@dataclass(frozen=True)
class RankingFilters:
    min_score: float | None = None
    must_haves_met: bool = False
    skill: str = ""  # taxonomy skill id
    skill_family: tuple[str, ...] = ()  # narrower skills that count as `skill` (Taxonomy.narrower)
    degree_level: str = ""  # minimum level, one of EDUCATION_LEVELS
    min_months: int | None = None
    stage: str = ""
    status: str = ""
    q: str = ""
    corrections: bool = False  # only those with a candidate's correction waiting for the team
    duplicates: bool = False  # only possible duplicates (same file or text as another application)
    sort: str = "score"

    @property
    def narrows_within_stage(self) -> bool:
        """Whether anything besides the stage (and the order) narrows the list."""
        return replace(self, stage="", sort="score") != RankingFilters()

    @property
    def needs_score(self) -> bool:
        """Whether only scored applications can match (the rest then cannot appear at all)."""
        return self.min_score is not None or self.must_haves_met


class ScoreColumns(TypedDict):
    """The columns `_with_score` adds to each application row."""

    score_total: float | None
    score_must_haves_met: bool | None
    score_missing: list[str] | None
    score_points: list[float] | None
    score_flags: list[str] | None
    processing_status: str | None


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    ScoredApplication = WithAnnotations[Application, ScoreColumns]


def _with_score(qs: QuerySet[Application], version_id: int | None) -> QuerySet[ScoredApplication]:
    """The score under the published version (if any) and the processing state, as row attributes."""
    return qs.annotate(
        scored=FilteredRelation("scores", condition=Q(scores__profile_version_id=version_id)),
        score_total=F("scored__total"),
        score_must_haves_met=F("scored__must_haves_met"),
        score_missing=F("scored__missing_must_haves"),
        score_points=F("scored__points"),
        score_flags=F("scored__flags"),
        processing_status=F("current_resume__status"),
    )


def _filtered(job: Job, filters: RankingFilters) -> QuerySet[ScoredApplication]:
    """The job's ranked applications that pass the filters, with score columns; not ordered.

    Applications whose candidate chose a human review without the automatic ranking are never in the
    ranked list (nor its counts and exports): they are in the job's human review queue (selectors.human_review).
    Nor is an application merged into another (selectors.duplicates): it counts as the one it joined.
    """
    qs = _with_score(
        Application.objects.filter(job=job, human_review=False, merged_at__isnull=True), job.ranking_version_id
    )
    if filters.min_score is not None:
        qs = qs.filter(score_total__gte=filters.min_score)
    if filters.must_haves_met:
        qs = qs.filter(score_must_haves_met=True)
    if filters.skill:
        qs = qs.filter(
            Exists(
                ResumeSkill.objects.filter(
                    parse_id=OuterRef("current_resume__parse_id"), skill_id__in=(filters.skill, *filters.skill_family)
                )
            )
        )
    if filters.degree_level in EDUCATION_LEVELS:
        qs = qs.filter(current_resume__parse__education_level__gte=EDUCATION_LEVELS.index(filters.degree_level))
    if filters.min_months is not None:
        qs = qs.filter(current_resume__parse__experience_months__gte=filters.min_months)
    if filters.stage in Application.Stage.values:
        qs = qs.filter(stage=filters.stage)
    if filters.status in PROCESSING_STATUSES:
        if filters.status == Resume.Status.RECEIVED:
            # An application whose resume row is gone (erased) shows as received: keep them findable.
            qs = qs.filter(Q(current_resume__status=filters.status) | Q(current_resume__isnull=True))
        else:
            qs = qs.filter(current_resume__status=filters.status)
    if filters.q.strip():
        qs = qs.filter(_search(filters.q.strip(), blind_review=job.blind_review))
    if filters.corrections:
        qs = qs.filter(correction_waiting())
    if filters.duplicates:
        qs = qs.filter(has_duplicate())
    return qs


def _has_score(version_id: int | None):
    return Exists(Score.objects.filter(application_id=OuterRef("pk"), profile_version_id=version_id))


def _order(job: Job, sort: str) -> list:
    if sort == "date":
        return ["-created_at", "-pk"]
    if sort == "name":
        # In a blind review the names are hidden, so sorting by them would leak their order: sort by
        # the anonymous label (which is made from the public id) instead.
        if job.blind_review:
            return ["public_id"]
        # An erased candidate has no name left: after the named ones, not first as an empty name would be.
        erased = Case(When(candidate__erased_at__isnull=False, then=Value(1)), default=Value(0), output_field=IntegerField())
        return [erased, "candidate__name", "pk"]
    # Scored applications by score, then the rest (still processing, needing review, failed, or
    # waiting for a re-score) oldest first, so that nobody silently drops out of the list.
    return [
        Case(When(score_total__isnull=True, then=Value(1)), default=Value(0), output_field=IntegerField()),
        F("score_total").desc(),
        "created_at",
        "pk",
    ]


def _search(q: str, *, blind_review: bool) -> Q:
    """Applications whose resume (or name) matches `q` (see `selectors.search`). In a blind review, a
    candidate still hidden is searched through the text with their identity masked and never by name, so
    a search cannot single out a person the list does not name."""
    terms = parse_query(q)
    if not terms:
        return Q()
    if not blind_review:
        return search_condition(terms, field="text", by_name=True)
    hidden = still_hidden()
    return (hidden & search_condition(terms, field="blind_text", by_name=False)) | (
        ~hidden & search_condition(terms, field="text", by_name=True)
    )
