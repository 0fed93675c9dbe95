"""`manage.py ranking --job SLUG --format table|csv|json`: the number of queries does not grow with the rows."""
from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.audit_data import add_applicants, published_version
from tests.factories import JobFactory

pytestmark = pytest.mark.django_db


def queries_for(job, fmt: str) -> tuple[int, str]:
    out = io.StringIO()
    with CaptureQueriesContext(connection) as ctx:
        call_command("ranking", "--job", job.slug, "--format", fmt, stdout=out)
    return len(ctx.captured_queries), out.getvalue()


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
@pytest.mark.parametrize("blind", [False, True])
def test_queries_do_not_grow_with_the_rows(fmt, blind):
    small, large = JobFactory(blind_review=blind), JobFactory(blind_review=blind)
    for job, n in ((small, 3), (large, 30)):
        published_version(job.profile)
        add_applicants(job, [(None, None, float(i), False) for i in range(n)])
    small_count, small_out = queries_for(small, fmt)
    large_count, large_out = queries_for(large, fmt)
    assert large_out.count("Candidate ") == 30 if blind else large_out.count("Applicant ") == 30
    assert small_count == large_count
    assert large_count <= 3  # the job, the ranked rows (with candidate and resume joined), nothing per row
