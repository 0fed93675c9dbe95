"""The load test's report arithmetic (bench/load/report.py) on hand-made data."""

from __future__ import annotations

import pytest

from bench.load.report import (
    format_report,
    outcome,
    percentile,
    read_locust_exceptions,
    read_locust_stats,
)

STATS_CSV = """Type,Name,Request Count,Failure Count,Median Response Time,Average Response Time,\
Min Response Time,Max Response Time,Average Content Size,Requests/s,Failures/s,50%,66%,75%,80%,90%,95%,98%,99%,\
99.9%,99.99%,100%
GET,recruiter: ranked list,200,1,120,130.5,40,900,30000,0.67,0.0,120,140,150,160,200,250,400,600,900,900,900
POST,careers: apply (POST),90,0,300,310.0,100,1200,0,0.3,0.0,300,320,340,350,400,480,700,1100,1200,1200,1200
,Aggregated,290,1,150,180.0,40,1200,20000,0.97,0.0,150,170,190,200,300,400,600,900,1200,1200,1200
"""


def test_percentile_is_nearest_rank():
    values = list(range(1, 101))  # 1..100
    assert percentile(values, 50) == 50
    assert percentile(values, 95) == 95
    assert percentile(values, 99) == 99
    assert percentile(values, 100) == 100
    assert percentile([7.0], 95) == 7.0
    assert percentile([3, 1, 2], 50) == 2  # unsorted input
    assert percentile([1, 2, 3, 4], 95) == 4  # ceil(0.95 * 4) = 4th value
    assert percentile([], 95) is None


def test_percentile_refuses_a_rank_outside_0_to_100():
    with pytest.raises(ValueError):
        percentile([1, 2], 0)
    with pytest.raises(ValueError):
        percentile([1, 2], 101)


def test_locust_stats_are_read_per_page_and_in_total(tmp_path):
    path = tmp_path / "locust_stats.csv"
    path.write_text(STATS_CSV)
    pages, total = read_locust_stats(path)
    assert [p.name for p in pages] == ["recruiter: ranked list", "careers: apply (POST)"]
    ranked = pages[0]
    assert (ranked.requests, ranked.failures, ranked.p50_ms, ranked.p95_ms, ranked.p99_ms) == (200, 1, 120, 250, 600)
    assert ranked.rps == pytest.approx(0.67)
    assert total is not None and (total.requests, total.failures, total.p95_ms) == (290, 1, 400)


def test_locust_exceptions_are_counted_and_none_without_a_file(tmp_path):
    path = tmp_path / "locust_exceptions.csv"
    assert read_locust_exceptions(path) == 0
    path.write_text('Count,Message,Traceback,Nodes\n3,boom,"  File x\n    raise",local\n2,other,tb,local\n')
    assert read_locust_exceptions(path) == 5


def test_every_accepted_application_that_ended_is_not_lost():
    result = outcome(accepted=5, statuses=["processed", "processed", "needs_review", "failed", "processed"])
    assert (result.stored, result.ended, result.pending, result.lost) == (5, 5, 0, 0)
    assert result.by_status == {"processed": 3, "needs_review": 1, "failed": 1}


def test_pending_and_missing_applications_are_lost():
    # Six accepted; the database holds five, of which two were still received/processing after the wait.
    result = outcome(accepted=6, statuses=["processed", "received", "processing", "failed", "processed"])
    assert (result.stored, result.ended, result.pending) == (5, 3, 2)
    assert result.lost == 2 + 1


def test_applications_stored_beyond_those_accepted_are_not_counted_twice():
    # A submission stored after the client gave up waiting: stored but not seen as accepted.
    result = outcome(accepted=2, statuses=["processed", "processed", "processed"])
    assert result.lost == 0


def test_the_report_shows_pages_applications_and_upload_to_scored(tmp_path):
    path = tmp_path / "locust_stats.csv"
    path.write_text(STATS_CSV)
    pages, total = read_locust_stats(path)
    text = format_report(
        pages=pages,
        total=total,
        exceptions=0,
        applications=outcome(accepted=3, statuses=["processed", "processed", "received"]),
        to_scored_s=[float(s) for s in range(1, 21)],
        conditions="hand-made",
    )
    assert "recruiter: ranked list" in text and "careers: apply (POST)" in text
    assert "3 accepted, 3 stored (processed 2, received 1); 2 ended, 1 still pending, lost 1" in text
    assert "p50 10.0 s, p95 19.0 s, max 20.0 s" in text
