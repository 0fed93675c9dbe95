"""`manage.py bias_audit --job SLUG [--since DATE] [--until DATE] --format json|csv`."""
from __future__ import annotations

import csv
import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from tests.audit_data import add_applicants, now_minus, published_version
from tests.core.test_fairness_audit import (
    SCORING_INTERSECTIONAL,
    SCORING_RACE,
    SCORING_SEX,
    assert_published,
    scoring_example_sample,
)
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db

ROW_KEYS = [
    "dimension", "category", "count", "scoring_rate", "impact_ratio", "selected",
    "selection_rate", "selection_impact_ratio", "excluded_small", "flag",
]


@pytest.fixture
def job():
    job = JobFactory(slug="culture-fit")
    published_version(job.profile)
    return job


def run(*args) -> str:
    out = io.StringIO()
    call_command("bias_audit", *args, stdout=out)
    return out.getvalue()


def test_json_on_the_rules_scoring_example(job):
    sexes, races, scores = scoring_example_sample()
    # Scores of the example are 20..100; a few in the first ten selected by the team.
    add_applicants(job, [(s, r, sc, i < 10) for i, (s, r, sc) in enumerate(zip(sexes, races, scores, strict=True))])
    data = json.loads(run("--job", "culture-fit", "--format", "json"))
    assert list(data) == ["job", "applicants", "unknown", "median_score", "rows"]
    assert (data["job"], data["applicants"], data["unknown"]) == ("culture-fit", 183, 15)
    assert data["median_score"] == pytest.approx(sorted(scores)[91])
    rows = {(r["dimension"], r["category"]): r for r in data["rows"]}
    assert all(list(r) == ROW_KEYS for r in data["rows"])
    for dimension, table in (("sex", SCORING_SEX), ("race_ethnicity", SCORING_RACE), ("intersectional", SCORING_INTERSECTIONAL)):
        for category, (n, _, rate, ratio) in table.items():
            row = rows[(dimension, category)]
            assert row["count"] == n and row["excluded_small"] is False
            assert_published(row["scoring_rate"], rate, truncated=category == "hispanic_latino")
            assert_published(row["impact_ratio"], ratio)
    # The ten selected are the first ten people: Hispanic or Latino men. White applicants: 0 of 40 selected.
    assert rows[("race_ethnicity", "white")]["flag"] == "scoring:adverse_impact;selection:adverse_impact"
    assert rows[("race_ethnicity", "hispanic_latino")]["selection_rate"] == pytest.approx(10 / 28)
    assert rows[("sex", "female")]["selected"] == 0
    assert sum(r["selected"] for r in data["rows"] if r["dimension"] == "sex") == 10
    # The default format is JSON too.
    assert json.loads(run("--job", "culture-fit")) == data


def test_csv_has_the_json_rows(job):
    add_applicants(job, [("female", "asian", 30.0, True), ("male", "white", 60.0, False), ("male", "asian", 90.0, False)])
    data = json.loads(run("--job", "culture-fit", "--format", "json"))
    reader = csv.DictReader(io.StringIO(run("--job", "culture-fit", "--format", "csv")))
    assert reader.fieldnames == ROW_KEYS
    lines = list(reader)
    assert len(lines) == len(data["rows"]) == 23
    for line, row in zip(lines, data["rows"], strict=True):
        assert line["dimension"] == row["dimension"] and line["category"] == row["category"]
        assert int(line["count"]) == row["count"] and int(line["selected"]) == row["selected"]
        for key in ("scoring_rate", "impact_ratio", "selection_rate", "selection_impact_ratio"):
            if row[key] is None:
                assert line[key] == ""
            else:
                assert float(line[key]) == pytest.approx(row[key], rel=1e-5)
        assert line["excluded_small"] == ("true" if row["excluded_small"] else "false")
        assert line["flag"] == (row["flag"] or "")


def test_date_range_and_version(job):
    add_applicants(job, [("female", "asian", 30.0, False)] * 2, applied=now_minus(60))
    add_applicants(job, [("male", "asian", 30.0, False)] * 3, applied=now_minus(1))
    today = timezone.localdate()
    since = (today - datetime.timedelta(days=7)).isoformat()
    assert json.loads(run("--job", "culture-fit", "--since", since))["applicants"] == 3
    until = (today - datetime.timedelta(days=30)).isoformat()
    assert json.loads(run("--job", "culture-fit", "--until", until))["applicants"] == 2
    assert json.loads(run("--job", "culture-fit", "--since", since, "--until", today.isoformat()))["applicants"] == 3
    assert json.loads(run("--job", "culture-fit", "--profile-version", "1"))["applicants"] == 5


@pytest.mark.parametrize(
    "args,message",
    [
        (["--job", "nope"], "No job"),
        (["--job", "culture-fit", "--since", "31/01/2026"], "YYYY-MM-DD"),
        (["--job", "culture-fit", "--since", "2026-02-01", "--until", "2026-01-01"], "after"),
        (["--job", "culture-fit", "--profile-version", "9"], "no version 9"),
    ],
)
def test_bad_arguments_are_refused(job, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
