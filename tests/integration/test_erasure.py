"""Erasure on the real stack: a marker planted in a candidate's email and resume is gone from every store.

The resume is read by a Celery worker process through Redis, so the broker, the worker's log and
(in CI) PostgreSQL are all exercised; then the candidate is erased and the marker is searched for in
every database table (and a pg_dump on PostgreSQL), every file of the media folder, every Redis key's
dumped value, this process's log records, and the worker's log file.
"""
from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from screening import services
from screening.models import Job, Note, Resume
from screening.services.identity import Purpose, address_confirmation_issue
from screening.services.setup import defaults_load
from tests.factories import recruiter
from tests.filegen import make_pdf, make_txt
from tests.services.test_privacy import canary_resume, files_containing, new_marker, tables_containing

from tests.integration.workers import wait_until

pytestmark = [pytest.mark.integration, pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def redis_keys_containing(url: str, marker: str) -> list[str]:
    """Keys of the broker's database whose name or DUMPed value holds the marker."""
    client = redis.Redis.from_url(url)
    needle = marker.encode()
    hits = []
    for key in client.scan_iter(count=500):
        value = client.dump(key) or b""
        if needle in key or needle in value:
            hits.append(key.decode(errors="replace"))
    return hits


def pg_dump_contains(marker: str) -> bool | None:
    """Whether a plain pg_dump of the test database holds the marker; None when not on PostgreSQL."""
    if connection.vendor != "postgresql" or not shutil.which("pg_dump"):
        return None
    s = connection.settings_dict
    cmd = ["pg_dump", "--data-only", "-h", s.get("HOST") or "127.0.0.1", "-p", str(s.get("PORT") or 5432)]
    if s.get("USER"):
        cmd += ["-U", s["USER"]]
    env = {"PGPASSWORD": s.get("PASSWORD") or "", "PATH": "/usr/bin:/bin"}
    dump = subprocess.run(cmd + [s["NAME"]], capture_output=True, env=env, timeout=120, check=True).stdout
    return marker.encode() in dump


def test_erased_candidate_leaves_no_trace_in_database_files_redis_or_logs(worker, caplog):
    caplog.set_level(logging.DEBUG)
    defaults_load()
    job = Job.objects.get(slug="machine-learning-engineer")
    marker = new_marker()
    email = f"{marker}@example.com"
    first = services.application_submit(
        job=job, name="Ada Canary", email=email, resume_name=f"{marker}.txt",
        resume_data=make_txt(canary_resume(marker)), consent=True,
    )
    # A second version as PDF (its text is compressed in the file, so the stored paths are checked too),
    # sent again under the same address: held until the owner confirms it from the emailed link.
    held = services.application_submit(
        job=job, name="Ada Canary", email=email, resume_name="second.pdf",
        resume_data=make_pdf(canary_resume(marker)), consent=True,
    )
    token = address_confirmation_issue(candidate=held.candidate, purpose=Purpose.SUBMISSION, held=held)
    services.held_submission_confirm(token=token)
    # And one nobody confirmed: held files go with the erasure too.
    services.application_submit(
        job=job, name="Ada Canary", email=email, resume_name="third.txt",
        resume_data=make_txt(canary_resume(marker)), consent=True,
    )

    def both_processed():
        return Resume.objects.filter(application=first, status=Resume.Status.PROCESSED).count() == 2

    wait_until(both_processed, timeout=180, message="both resume versions processed by the worker")
    Note.objects.create(application=first, author=recruiter(), body=f"Called {marker}")
    # The planted marker is really there before erasure, or the test would prove nothing.
    assert tables_containing(marker)
    assert files_containing(settings.MEDIA_ROOT, marker)
    assert "resume_process" in worker.log()
    stored = [Path(settings.MEDIA_ROOT, r.file.name) for r in Resume.objects.filter(application=first)]
    assert all(path.exists() for path in stored)

    report = services.candidate_erase(candidate=first.candidate, actor_kind="candidate")
    assert report.resume_versions == 2 and report.resume_files == 2

    assert tables_containing(marker) == {}
    assert pg_dump_contains(marker) in (None, False)
    assert files_containing(settings.MEDIA_ROOT, marker) == []
    assert not any(path.exists() for path in stored)
    assert redis_keys_containing(worker.broker, marker) == []
    assert marker not in caplog.text
    assert marker not in worker.log()
    # The worker did log its work, by id: the log is not empty by accident.
    assert f"resume {first.current_resume_id}" in worker.log() or "resume_process" in worker.log()
