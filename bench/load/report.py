"""The load test's arithmetic: percentiles, Locust's per-page figures, and applications accepted vs ended.

Pure functions over plain data (no Django, no Locust), so tests/bench/test_load_report.py checks them on
hand-made numbers.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

FINAL_STATUSES = ("processed", "needs_review", "failed")
AGGREGATED = "Aggregated"


def percentile(values: Iterable[float], q: float) -> float | None:
    """The nearest-rank q-th percentile (0 < q <= 100): the smallest value with at least q% of them at or below
    it. None for no values."""
    ordered = sorted(values)
    if not ordered:
        return None
    if not 0 < q <= 100:
        raise ValueError(f"percentile {q} is not in (0, 100]")
    return ordered[max(0, math.ceil(q / 100 * len(ordered)) - 1)]


@dataclass(frozen=True)
class PageStats:
    """One line of Locust's <prefix>_stats.csv: a page kind (request name) over the whole run."""

    method: str
    name: str
    requests: int
    failures: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    rps: float


def _number(row: Mapping[str, str], key: str) -> float:
    value = (row.get(key) or "").strip()
    return float(value) if value and value != "N/A" else 0.0


def read_locust_stats(path: Path) -> tuple[list[PageStats], PageStats | None]:
    """(per-page lines, the aggregated line) from Locust's --csv stats file."""
    pages, total = [], None
    with path.open(newline="") as handle:
        for row in csv.DictReader(handle):
            line = PageStats(
                method=row.get("Type", ""),
                name=row["Name"],
                requests=int(_number(row, "Request Count")),
                failures=int(_number(row, "Failure Count")),
                p50_ms=_number(row, "50%"),
                p95_ms=_number(row, "95%"),
                p99_ms=_number(row, "99%"),
                rps=_number(row, "Requests/s"),
            )
            if line.name == AGGREGATED:
                total = line
            else:
                pages.append(line)
    return pages, total


def read_locust_exceptions(path: Path) -> int:
    """How many times the users' own code raised (Locust's --csv exceptions file): errors no request shows."""
    if not path.exists():
        return 0
    with path.open(newline="") as handle:
        return sum(int(_number(row, "Count")) for row in csv.DictReader(handle))


@dataclass(frozen=True)
class ApplicationOutcome:
    """What became of the applications the run's candidates were told were accepted."""

    accepted: int  # submissions answered with a redirect to their status page (Locust's successes)
    stored: int  # the run's applications in the database
    by_status: dict[str, int]  # the stored ones by their current resume's status

    @property
    def ended(self) -> int:
        return sum(self.by_status.get(status, 0) for status in FINAL_STATUSES)

    @property
    def pending(self) -> int:
        """Stored but still received or processing when the wait for them ended."""
        return self.stored - self.ended

    @property
    def lost(self) -> int:
        """Accepted applications that did not end processed, needs_review or failed: those still pending, and
        any the candidate was told were accepted that the database does not hold."""
        return self.pending + max(0, self.accepted - self.stored)


def outcome(*, accepted: int, statuses: Iterable[str]) -> ApplicationOutcome:
    """The outcome from the number accepted and each stored application's current resume status."""
    by_status: dict[str, int] = {}
    stored = 0
    for status in statuses:
        stored += 1
        by_status[status] = by_status.get(status, 0) + 1
    return ApplicationOutcome(accepted=accepted, stored=stored, by_status=by_status)


def format_ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f}"


def format_report(
    *,
    pages: list[PageStats],
    total: PageStats | None,
    exceptions: int = 0,
    applications: ApplicationOutcome,
    to_scored_s: list[float],
    conditions: str,
) -> str:
    """The run's report as text: pages, errors, applications, and upload-to-scored times."""
    lines = [conditions, "", f"{'page':42} {'requests':>9} {'errors':>7} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"]
    for page in sorted(pages, key=lambda p: p.name):
        lines.append(
            f"{page.name:42} {page.requests:9d} {page.failures:7d} {page.rps:7.1f} "
            f"{page.p50_ms:8.0f} {page.p95_ms:8.0f} {page.p99_ms:8.0f}"
        )
    if total is not None:
        lines.append(
            f"{'all requests':42} {total.requests:9d} {total.failures:7d} {total.rps:7.1f} "
            f"{total.p50_ms:8.0f} {total.p95_ms:8.0f} {total.p99_ms:8.0f}"
        )
    if exceptions:
        lines.append(f"errors in the simulated users' own code (see locust_exceptions.csv): {exceptions}")
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(applications.by_status.items())) or "none"
    lines += [
        "",
        f"applications: {applications.accepted} accepted, {applications.stored} stored ({statuses}); "
        f"{applications.ended} ended, {applications.pending} still pending, lost {applications.lost}",
        f"upload to scored ({len(to_scored_s)} scored): p50 {_seconds(percentile(to_scored_s, 50))}, "
        f"p95 {_seconds(percentile(to_scored_s, 95))}, max {_seconds(max(to_scored_s, default=None))}",
    ]
    return "\n".join(lines)


def _seconds(value: float | None) -> str:
    return "–" if value is None else f"{value:.1f} s"
