"""The load-test driver's smoke mode end to end: the stack starts, Locust runs, every application ends.

Needs Locust (requirements-load.txt), PostgreSQL and Redis (DATABASE_URL on PostgreSQL and REDIS_URL, as CI sets them); the driver uses
a database (screening_load_smoke) and a Redis database number (LOAD_TEST_REDIS_DB, default 10) of its own,
so its worker never takes another test's tasks.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

LOCUST = Path(sys.executable).with_name("locust")  # from requirements-load.txt (`make load` installs it)
ROOT = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")

pytestmark = [
    pytest.mark.integration,
    pytest.mark.slow,
    pytest.mark.skipif(
        not DATABASE_URL.startswith("postgres") or not REDIS_URL,
        reason="the load test runs the real stack: set DATABASE_URL (PostgreSQL) and REDIS_URL",
    ),
    pytest.mark.skipif(not LOCUST.exists(), reason="Locust is not installed (pip install -r requirements-load.txt)"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_smoke_run_serves_every_page_and_loses_no_application(tmp_path):
    db = urlsplit(DATABASE_URL)
    redis = urlsplit(REDIS_URL)
    command = [
        sys.executable, str(ROOT / "bench" / "load_test.py"), "--smoke", "--strict", "--duration", "10",
        "--db", "screening_load_smoke", "--dsn-base", f"{db.scheme}://{db.netloc}",
        "--redis", f"{redis.scheme}://{redis.netloc}", "--redis-db", os.environ.get("LOAD_TEST_REDIS_DB", "10"),
        "--port", str(_free_port()), "--var-dir", str(tmp_path), "--drain", "240",
    ]
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL")}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=540)
    assert result.returncode == 0, result.stdout + result.stderr
    report = result.stdout
    for page in ("careers: apply (POST)", "candidate: status page", "recruiter: ranked list", "login (POST)"):
        assert page in report
    assert "lost 0" in report
    assert list(tmp_path.glob("load/report-*.txt"))
