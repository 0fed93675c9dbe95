"""PostgreSQL restarted mid-run on the real stack: tasks retry, nothing is half-written, every resume finishes.

Runs only when the suite itself runs on a local PostgreSQL cluster managed by pg_ctlcluster (CI:
DATABASE_URL=postgres://postgres@127.0.0.1:5432/screening_ci). It stops that cluster for 10 seconds,
so it also interrupts anything else using the cluster at that moment: CI runs the suite alone.
"""
from __future__ import annotations

import shutil
import subprocess
import time

import pytest
from django.db import connection

from screening.models import Job
from screening.services.setup import defaults_load
from tests.integration.workers import (  # noqa: F401  (fixtures)
    count_final,
    fleet,
    private_broker,
    report,
    resume_files,
    submit_resumes,
    tally,
    wait_for_all_final,
    wait_until,
)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.django_db(transaction=True),
    pytest.mark.timeout(480),
]

OUTAGE_SECONDS = 10


@pytest.fixture
def postgres_cluster() -> tuple[str, str]:
    """(version, name) of the local cluster serving the test database, or skip."""
    if connection.vendor != "postgresql":
        pytest.skip("Restarts PostgreSQL: runs only when the suite runs on PostgreSQL (set DATABASE_URL).")
    settings = connection.settings_dict
    local = (settings.get("HOST") or "localhost") in ("127.0.0.1", "localhost", "::1")
    if not local or not shutil.which("pg_ctlcluster"):
        pytest.skip("Restarts PostgreSQL: needs a local cluster managed by pg_ctlcluster.")
    port = str(settings.get("PORT") or 5432)
    listing = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True).stdout
    for line in listing.splitlines():
        version, name, cluster_port, status, *_ = line.split()
        if cluster_port == port and status == "online":
            return version, name
    pytest.skip(f"No online pg_ctlcluster cluster on port {port}.")


def pg_ctl(cluster: tuple[str, str], action: str, *options: str) -> None:
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", *cluster, action, *options],
        check=True,
        capture_output=True,
        timeout=60,
    )


def test_postgres_restarted_mid_run_tasks_retry_and_every_resume_finishes_once(postgres_cluster, fleet):
    defaults_load()
    job = Job.objects.get(slug="machine-learning-engineer")
    ids = submit_resumes(job, resume_files(300, pdf_every=30, docx_every=30))
    workers = [fleet.worker(name="w1").start(), fleet.worker(name="w2").start()]
    beat = fleet.beat().start()
    wait_until(lambda: (count_final(ids) or 0) >= 60, timeout=120, message="60 resumes processed")

    before = count_final(ids)
    connection.close()  # this process's own connection would die with the server; reconnect afterwards
    down_at = time.monotonic()
    pg_ctl(postgres_cluster, "stop", "-m", "fast")  # fast: open transactions are rolled back, not waited for
    try:
        time.sleep(OUTAGE_SECONDS)
    finally:
        pg_ctl(postgres_cluster, "start")
    outage = time.monotonic() - down_at

    wait_for_all_final(ids, timeout=300, message="all 300 resumes final after the restart")
    recovery = time.monotonic() - down_at
    result = tally(ids)
    assert not result.exactly_once(processed=300), result.summary()
    assert max(result.attempts) <= 3, result.summary()
    logs = fleet.logs()
    retries = logs.count("Retry in")
    assert retries >= 1, "no task met the outage: the restart came too late to test anything"
    assert all(w.alive() for w in workers) and beat.alive()
    report(
        "postgres-restart",
        resumes=300,
        final_before=before,
        outage_seconds=round(outage, 1),
        task_retries=retries,
        seconds_to_all_final=round(recovery, 1),
        attempts=dict(result.attempts),
    )
