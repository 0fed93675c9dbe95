"""The ranked list: a page of it, the neighbours of one candidate in it, and rows by id."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Iterable

from django.db.models import Count, F, Max, Q, QuerySet

from screening.models import Application, CompetencyEvidence, Job, Resume, Score

from . import counting
from .filters import PROCESSING_STATUSES, SORTS, RankingFilters, _filtered, _has_score, _order, _with_score

if TYPE_CHECKING:
    from .filters import ScoredApplication


def ranked_applications(*, job: Job, filters: RankingFilters | None = None) -> QuerySet[ScoredApplication]:
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

    rows: list[ScoredApplication]
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
    count: int | None
    if known_count is not None:
        count = known_count
    else:
        count = counting.ranking_count(
            job=job, filters=filters, budget_ms=count_budget_ms, estimate_limit=counting.ESTIMATE_LIMIT
        )
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
    version_id = job.ranking_version_id
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
    ids: list[int | None]  # (the one before the first has no id)
    if sort == "score" and not _few_scored(filters):
        ids = list(_score_order_ids(base, job, filters, offset, 3 if position > 1 else 2))
    else:
        ids = list(base.order_by(*_order(job, sort)).values_list("pk", flat=True)[offset : offset + 3])
    if position == 1:
        ids = [None, *ids]
    if len(ids) < 2 or ids[1] != application.pk:
        return None, None
    found: dict[int | None, Application] = {
        a.pk: a for a in Application.objects.filter(pk__in=[i for i in ids if i]).select_related("candidate")
    }
    before = found.get(ids[0]) if ids[0] else None
    after = found.get(ids[2]) if len(ids) > 2 else None
    for neighbour in (before, after):
        if neighbour is not None:
            neighbour.job = job
    return before, after


def applications_by_ids(*, job: Job, ids: Iterable[int]) -> list[ScoredApplication]:
    """The job's applications with these ids, with score columns, in the order of `ids`."""
    ids = list(ids)
    if not ids:
        return []
    found = {
        a.pk: a
        for a in _with_score(
            Application.objects.filter(job=job, pk__in=ids), job.ranking_version_id
        ).select_related("candidate", "current_resume")
    }
    rows = [found[i] for i in ids if i in found]
    for row in rows:
        row.job = job  # already loaded: blind checks on each row need no query
    return rows


def applications_by_public_ids(*, job: Job, public_ids: Iterable) -> QuerySet[ScoredApplication]:
    """The job's applications among `public_ids` (unknown or other jobs' ids are simply absent), ranked."""
    return ranked_applications(job=job).filter(public_id__in=list(public_ids))


def applications_for_comparison(*, job: Job, public_ids: Iterable) -> QuerySet[ScoredApplication]:
    """`applications_by_public_ids` with each current parse's figures joined (never its text)."""
    from screening.selectors.applications import PARSE_BULK_FIELDS

    return (
        applications_by_public_ids(job=job, public_ids=public_ids)
        .select_related("current_resume__parse")
        .defer(*(f"current_resume__parse__{name}" for name in PARSE_BULK_FIELDS))
    )


def pending_rows(*, job: Job, public_ids: Iterable) -> list[ScoredApplication]:
    """Rows for the live refresh of the list: the requested applications with their current state."""
    ids = Application.objects.filter(job=job, public_id__in=list(public_ids)).values_list("pk", flat=True)
    return applications_by_ids(job=job, ids=ids)


TIE_TOLERANCE = 1e-9  # points


@dataclass(frozen=True)
class ScoreDistribution:
    """The job's scored applications as a whole, for reading one score against the others: how many
    there are, the top total, and for each total asked about how many score higher."""

    scored: int
    top: float | None
    higher: dict[float, int]


def score_distribution(*, job: Job, totals: Iterable[float | None]) -> ScoreDistribution:
    """Counts over every scored application of the job's ranked list (all stages, whatever the list's
    filters; not those in human review), in one query whatever the number of `totals`."""
    version_id = job.ranking_version_id
    wanted = sorted({t for t in totals if t is not None})
    if version_id is None:
        return ScoreDistribution(scored=0, top=None, higher={})
    scores = Score.objects.filter(profile_version_id=version_id, application__job=job, application__human_review=False)
    # A total read back from the database may differ from the stored one in its last bit (a float's
    # round trip through the driver): within TIE_TOLERANCE two totals are the same, so nobody outranks themself.
    higher = {
        f"higher_{i}": Count("pk", filter=Q(total__gt=total + TIE_TOLERANCE)) for i, total in enumerate(wanted)
    }
    found = scores.aggregate(scored=Count("pk"), top=Max("total"), **higher)
    return ScoreDistribution(
        scored=found["scored"],
        top=found["top"],
        higher={total: found[f"higher_{i}"] for i, total in enumerate(wanted)},
    )


def evidence_by_parse(*, job: Job, parse_ids: Iterable[int | None]) -> dict[int, dict]:
    """The evidence sentences (CompetencyEvidence.evidence) of these parses under the signature of the
    version the job's list ranks by, by parse id, in one query (for the list's "strongest evidence")."""
    version = job.ranking_version
    ids = {p for p in parse_ids if p is not None}
    if version is None or not ids:
        return {}
    rows = CompetencyEvidence.objects.filter(parse_id__in=ids, signature=version.match_signature)
    return dict(rows.values_list("parse_id", "evidence"))
