"""Reads: query functions returning QuerySets (and pages of them) for the pages, the API and the command line."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Iterable

from django.db import DatabaseError, connection, transaction
from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)

from screening.models import (
    Application,
    CorrectionRequest,
    Job,
    Note,
    Rating,
    RescoreRun,
    Resume,
    ResumeSkill,
    Score,
    StageChange,
)
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


# --- Jobs -----------------------------------------------------------------------------------------


def jobs_with_counts(*, open_only: bool = False) -> QuerySet[Job]:
    """Jobs with their applications counted by processing state (one grouped pass, no DISTINCT: an
    application has one current resume, so the join cannot count anyone twice)."""
    jobs = Job.objects.select_related("profile")
    if open_only:
        jobs = jobs.filter(is_open=True)
    status = "applications__current_resume__status"
    return jobs.annotate(
        applications_count=Count("applications"),
        processed_count=Count("applications", filter=Q(**{status: Resume.Status.PROCESSED})),
        pending_count=Count("applications", filter=Q(**{f"{status}__in": PENDING_STATUSES})),
        attention_count=Count(
            "applications", filter=Q(**{f"{status}__in": [Resume.Status.NEEDS_REVIEW, Resume.Status.FAILED]})
        ),
    ).order_by("-is_open", "title")


def job_for_recruiter(*, slug: str) -> QuerySet[Job]:
    return Job.objects.filter(slug=slug).select_related("profile__published_version")


def stage_counts(*, job: Job) -> dict[str, int]:
    """Applications per pipeline stage (every stage present, zeros included); served by (job, stage) index."""
    counts = dict.fromkeys(Application.Stage.values, 0)
    # COUNT(*), not COUNT(id): PostgreSQL can then answer from the (job, stage) index alone.
    rows = Application.objects.filter(job=job).order_by().values_list("stage").annotate(n=Count("*"))
    counts.update({stage: n for stage, n in rows})
    return counts


def rescore_in_progress(*, job: Job) -> RescoreRun | None:
    """A re-scoring run of the job's published version that has not finished (the ranking is moving)."""
    version_id = job.profile.published_version_id
    if version_id is None:
        return None
    return (
        RescoreRun.objects.filter(
            profile_version_id=version_id, status__in=[RescoreRun.Status.QUEUED, RescoreRun.Status.RUNNING]
        )
        .order_by("-created_at")
        .first()
    )


# --- The ranked list --------------------------------------------------------------------------------


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
    """The job's applications that pass the filters, with score columns; not ordered."""
    qs = _with_score(Application.objects.filter(job=job), job.profile.published_version_id)
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
        qs = qs.filter(_search(filters.q.strip()))
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


def ranked_applications(*, job: Job, filters: RankingFilters | None = None) -> QuerySet[Application]:
    """Every application of the job that passes the filters, in ranking order, with score columns:
    `score_total`, `score_must_haves_met`, `score_missing`, `score_points`, `score_flags`, `processing_status`.

    For whole exports and the command line; a page of the recruiter's list comes from `ranking_page`,
    which returns the same rows in the same order without sorting the whole job.
    """
    filters = filters or RankingFilters()
    sort = filters.sort if filters.sort in SORTS else "score"
    return _filtered(job, filters).select_related("candidate", "current_resume").order_by(*_order(job, sort))


@dataclass(frozen=True)
class RankingPage:
    """One page of the ranked list. `count` is None when counting every match would have been slow
    (PostgreSQL, big job, broad filter): the page then offers Next while there is more."""

    rows: list[Application]
    number: int
    per_page: int
    has_next: bool
    count: int | None
    filters: RankingFilters = field(default_factory=RankingFilters)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1 if self.rows else 0

    @property
    def end_index(self) -> int:
        return self.start_index + len(self.rows) - 1 if self.rows else 0

    @property
    def num_pages(self) -> int | None:
        if self.count is None:
            return None
        return max(1, math.ceil(self.count / self.per_page))

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1


def ranking_page(
    *,
    job: Job,
    filters: RankingFilters | None = None,
    number: int = 1,
    per_page: int = 50,
    count_budget_ms: int | None = None,
    known_count: int | None = None,
) -> RankingPage:
    """A page of `ranked_applications`, fast on big jobs.

    By score, the page is read in two parts that each follow an index: scored applications in score
    order (the (profile version, total) index, stopping after the page), then unscored ones by date.
    Only ids are read in order; the page's rows are then loaded by id. The total is counted within
    `count_budget_ms` on PostgreSQL (None: no limit); when that is not enough, `count` is None and the
    caller may fetch it separately (`ranking_count`). A caller that already knows the total (say,
    from `stage_counts` when only the stage is filtered) passes it as `known_count`.
    """
    filters = filters or RankingFilters()
    sort = filters.sort if filters.sort in SORTS else "score"
    filters = replace(filters, sort=sort)
    number = max(1, number)
    if known_count is not None:
        count = known_count
    else:
        count = ranking_count(job=job, filters=filters, budget_ms=count_budget_ms, estimate_limit=ESTIMATE_LIMIT)
    if count is not None:
        number = min(number, max(1, math.ceil(count / per_page)))
    offset, want = (number - 1) * per_page, per_page + 1
    base = _filtered(job, filters)
    if sort == "score" and _few_scored(filters):
        # Only applications whose resume is not (or not yet) read: hardly any carry a score, so walking
        # the score index to find them would visit every score. Sorting the few matches is cheap.
        ids = list(base.order_by(*_order(job, sort)).values_list("pk", flat=True)[offset : offset + want])
    elif sort == "score":
        ids = _score_order_ids(base, job, filters, offset, want)
    else:
        ids = list(base.order_by(*_order(job, sort)).values_list("pk", flat=True)[offset : offset + want])
    rows = list(applications_by_ids(job=job, ids=ids[:per_page]))
    if count is None and len(ids) <= per_page and (rows or number == 1):
        count = offset + len(rows)  # the last page: the total is known after all
    return RankingPage(
        rows=rows, number=number, per_page=per_page, has_next=len(ids) > per_page, count=count, filters=filters
    )


def _few_scored(filters: RankingFilters) -> bool:
    return filters.status in PROCESSING_STATUSES and filters.status != Resume.Status.PROCESSED


def _score_order_ids(base: QuerySet, job: Job, filters: RankingFilters, offset: int, want: int) -> list[int]:
    version_id = job.profile.published_version_id
    ids: list[int] = []
    scored_count = 0
    if version_id is not None:
        scored = base.filter(score_total__isnull=False).order_by(F("score_total").desc(), "created_at", "pk")
        ids = list(scored.values_list("pk", flat=True)[offset : offset + want])
        if len(ids) == want or filters.needs_score:
            return ids
        # The scored part ends on this page (or before it): its length places the unscored part.
        scored_count = offset + len(ids) if ids else scored.count()
    unscored = base.filter(~_has_score(version_id)) if version_id is not None else base
    start = max(0, offset - scored_count)
    rest = unscored.order_by("created_at", "pk").values_list("pk", flat=True)[start : start + want - len(ids)]
    return ids + list(rest)


def ranking_neighbours(
    *, job: Job, filters: RankingFilters | None, position: int, application: Application
) -> tuple[Application | None, Application | None]:
    """The applications before and after `position` (1-based) in the filtered ranking, if `application`
    is still at that position (the list may have moved since the recruiter opened it)."""
    filters = filters or RankingFilters()
    sort = filters.sort if filters.sort in SORTS else "score"
    filters = replace(filters, sort=sort)
    if position < 1:
        return None, None
    offset = position - 2 if position > 1 else 0
    base = _filtered(job, filters)
    if sort == "score" and not _few_scored(filters):
        ids = _score_order_ids(base, job, filters, offset, 3 if position > 1 else 2)
    else:
        ids = list(base.order_by(*_order(job, sort)).values_list("pk", flat=True)[offset : offset + 3])
    if position == 1:
        ids = [None, *ids]
    if len(ids) < 2 or ids[1] != application.pk:
        return None, None
    found = {a.pk: a for a in Application.objects.filter(pk__in=[i for i in ids if i]).select_related("candidate")}
    before = found.get(ids[0]) if ids[0] else None
    after = found.get(ids[2]) if len(ids) > 2 else None
    for neighbour in (before, after):
        if neighbour is not None:
            neighbour.job = job
    return before, after


ESTIMATE_LIMIT = 5_000  # above this many estimated matches, counting is left to a separate request


def ranking_count(
    *,
    job: Job,
    filters: RankingFilters | None = None,
    budget_ms: int | None = None,
    estimate_limit: int | None = None,
) -> int | None:
    """How many applications pass the filters; None if PostgreSQL could not count them within
    `budget_ms`, or (with `estimate_limit`) if its planner expects more matches than that, in which
    case the count is not even tried. Without a budget the count is exact, however long it takes."""
    qs = _filtered(job, filters or RankingFilters())
    if not budget_ms or connection.vendor != "postgresql":
        return qs.count()
    if estimate_limit is not None and _estimated_rows(qs) > estimate_limit:
        return None
    return _count_within(qs, budget_ms)


def _estimated_rows(qs: QuerySet) -> float:
    import json

    plan = json.loads(qs.values("pk").explain(format="json"))
    return float(plan[0]["Plan"]["Plan Rows"])


def _count_within(qs: QuerySet, budget_ms: int) -> int | None:
    # In a savepoint: a cancelled count rolls back to it, which also undoes the timeout and leaves an
    # enclosing transaction usable. On success the timeout is set back by hand, because SET LOCAL
    # outlives a released savepoint.
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT current_setting('statement_timeout')")
                previous = cursor.fetchone()[0]
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [f"{int(budget_ms)}ms"])
            count = qs.count()
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
            return count
    except DatabaseError as exc:
        if getattr(exc.__cause__, "sqlstate", None) == "57014":  # query_canceled: over budget
            return None
        raise


def _search(q: str) -> Q:
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        return Q(current_resume__parse__search_vector=SearchQuery(q, config="english", search_type="websearch")) | Q(
            candidate__name__icontains=q
        )
    # SQLite fallback: every word must appear somewhere in the resume text or the name.
    cond = Q()
    for word in q.replace('"', " ").split()[:MAX_SEARCH_WORDS]:
        word = word.lstrip("-+") or word
        cond &= Q(current_resume__parse__text__icontains=word) | Q(candidate__name__icontains=word)
    return cond


def applications_by_ids(*, job: Job, ids: Iterable[int]) -> list[Application]:
    """The job's applications with these ids, with score columns, in the order of `ids`."""
    ids = list(ids)
    if not ids:
        return []
    found = {
        a.pk: a
        for a in _with_score(
            Application.objects.filter(job=job, pk__in=ids), job.profile.published_version_id
        ).select_related("candidate", "current_resume")
    }
    rows = [found[i] for i in ids if i in found]
    for row in rows:
        row.job = job  # already loaded: blind checks on each row need no query
    return rows


def applications_by_public_ids(*, job: Job, public_ids: Iterable) -> QuerySet[Application]:
    """The job's applications among `public_ids` (unknown or other jobs' ids are simply absent), ranked."""
    return ranked_applications(job=job).filter(public_id__in=list(public_ids))


def pending_rows(*, job: Job, public_ids: Iterable) -> list[Application]:
    """Rows for the live refresh of the list: the requested applications with their current state."""
    ids = Application.objects.filter(job=job, public_id__in=list(public_ids)).values_list("pk", flat=True)
    return applications_by_ids(job=job, ids=ids)


# --- One application ---------------------------------------------------------------------------------


def application_for_recruiter(*, job: Job, public_id) -> QuerySet[Application]:
    return Application.objects.filter(job=job, public_id=public_id).select_related(
        "candidate", "job__profile__published_version", "current_resume__parse"
    )


def score_for(*, application: Application) -> Score | None:
    """The application's score under its job's published profile version, with the parse it was made from."""
    version_id = application.job.profile.published_version_id
    if version_id is None:
        return None
    return (
        Score.objects.filter(application=application, profile_version_id=version_id)
        .select_related("profile_version", "parse")
        .first()
    )


def scores_for(*, applications: Iterable[Application]) -> QuerySet[Score]:
    """Scores of several applications of one job under its published version (for the comparison)."""
    applications = list(applications)
    if not applications:
        return Score.objects.none()
    version_id = applications[0].job.profile.published_version_id
    return Score.objects.filter(application__in=applications, profile_version_id=version_id).select_related(
        "profile_version"
    )


def rating_summaries(*, application_ids: Iterable[int]) -> dict[int, tuple[float, int]]:
    """Average stars and number of ratings per application id (applications nobody rated are absent)."""
    rows = (
        Rating.objects.filter(application_id__in=list(application_ids))
        .order_by()
        .values_list("application_id")
        .annotate(average=Avg("stars"), count=Count("pk"))
    )
    return {app_id: (average, count) for app_id, average, count in rows}


def stage_history(*, application: Application) -> QuerySet[StageChange]:
    return application.stage_changes.select_related("actor").order_by("-at", "-id")


def notes_for(*, application: Application) -> QuerySet[Note]:
    return application.notes.select_related("author").order_by("-created_at", "-id")


def ratings_for(*, application: Application) -> QuerySet[Rating]:
    return application.ratings.select_related("author").order_by("author__username")


def corrections_for(*, application: Application) -> QuerySet[CorrectionRequest]:
    return application.corrections.order_by("-created_at")
