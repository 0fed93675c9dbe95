"""Counting the matches of a filter on a big job without holding up the page."""

from __future__ import annotations

from django.db import DatabaseError, connection, transaction
from django.db.models import QuerySet

from screening.models import Job

from .filters import RankingFilters, _filtered

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
