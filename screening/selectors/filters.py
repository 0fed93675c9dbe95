"""The ranked list's filters, and the query every view of the list starts from."""

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db import connection
from django.db.models import Case, Exists, F, FilteredRelation, IntegerField, OuterRef, Q, QuerySet, Value, When

from screening.blind import still_hidden
from screening.models import Application, Job, Resume, ResumeSkill, Score
from screening.nlp.facts import EDUCATION_LEVELS

SORTS = ("score", "date", "name")
PROCESSING_STATUSES = tuple(Resume.Status.values)
PENDING_STATUSES = (Resume.Status.RECEIVED, Resume.Status.PROCESSING)
MAX_SEARCH_WORDS = 8


@dataclass(frozen=True)
class RankingFilters:
    min_score: float | None = None
    must_haves_met: bool = False
    skill: str = ""  # taxonomy skill id
    degree_level: str = ""  # minimum level, one of EDUCATION_LEVELS
    min_months: int | None = None
    stage: str = ""
    status: str = ""
    q: str = ""
    sort: str = "score"

    @property
    def narrows_within_stage(self) -> bool:
        """Whether anything besides the stage (and the order) narrows the list."""
        return replace(self, stage="", sort="score") != RankingFilters()

    @property
    def needs_score(self) -> bool:
        """Whether only scored applications can match (the rest then cannot appear at all)."""
        return self.min_score is not None or self.must_haves_met


def _with_score(qs: QuerySet[Application], version_id: int | None) -> QuerySet[Application]:
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


def _filtered(job: Job, filters: RankingFilters) -> QuerySet[Application]:
    """The job's ranked applications that pass the filters, with score columns; not ordered.

    Applications whose candidate chose a human review without the automatic ranking are never in the
    ranked list (nor its counts and exports): they are in the job's human review queue (selectors.human_review).
    """
    qs = _with_score(Application.objects.filter(job=job, human_review=False), job.ranking_version_id)
    if filters.min_score is not None:
        qs = qs.filter(score_total__gte=filters.min_score)
    if filters.must_haves_met:
        qs = qs.filter(score_must_haves_met=True)
    if filters.skill:
        qs = qs.filter(
            Exists(ResumeSkill.objects.filter(parse_id=OuterRef("current_resume__parse_id"), skill_id=filters.skill))
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
    return qs


def _has_score(version_id: int | None):
    return Exists(Score.objects.filter(application_id=OuterRef("pk"), profile_version_id=version_id))


def _order(job: Job, sort: str) -> list:
    if sort == "date":
        return ["-created_at", "-pk"]
    if sort == "name":
        # In a blind review the names are hidden, so sorting by them would leak their order: sort by
        # the anonymous label (which is made from the public id) instead.
        return ["public_id"] if job.blind_review else ["candidate__name", "pk"]
    # Scored applications by score, then the rest (still processing, needing review, failed, or
    # waiting for a re-score) oldest first, so that nobody silently drops out of the list.
    return [
        Case(When(score_total__isnull=True, then=Value(1)), default=Value(0), output_field=IntegerField()),
        F("score_total").desc(),
        "created_at",
        "pk",
    ]


def _search(q: str, *, blind_review: bool) -> Q:
    """Applications whose resume (or name) matches `q`. In a blind review, a candidate still hidden is
    searched through the text with their identity masked and never by name, so a search cannot single
    out a person the list does not name."""
    if not blind_review:
        return _match(q, "text", by_name=True)
    hidden = still_hidden()
    return (hidden & _match(q, "blind_text", by_name=False)) | (~hidden & _match(q, "text", by_name=True))


def _match(q: str, field: str, *, by_name: bool) -> Q:
    """`field` is the parse's text ("text") or its masked twin ("blind_text")."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        vector = "search_vector" if field == "text" else "blind_search_vector"
        cond = Q(**{f"current_resume__parse__{vector}": SearchQuery(q, config="english", search_type="websearch")})
        return cond | Q(candidate__name__icontains=q) if by_name else cond
    # SQLite fallback: every word must appear somewhere in the text (or the name).
    cond = Q()
    for word in q.replace('"', " ").split()[:MAX_SEARCH_WORDS]:
        word = word.lstrip("-+") or word
        found = Q(**{f"current_resume__parse__{field}__icontains": word})
        cond &= found | Q(candidate__name__icontains=word) if by_name else found
    return cond
