"""Load test (issue #16): the whole stack under candidates applying and recruiters reading, with Locust.

usage: .venv/bin/python bench/load_test.py [--duration 300] [--candidates 50] [--recruiters 10] [--smoke]
                                           [--db screening_load] [--redis-db 10] [--port 8010]
                                           [--ranked-size 10000] [--drain 180] [--strict]
(`make load` runs it with the defaults: 5 minutes, 50 candidates, 10 recruiters.)

It starts the stack as docker-compose.yml does, on this machine: gunicorn with compose's command (3 workers,
60 s timeout), a Celery worker on the screening queue and beat, on a PostgreSQL database and a Redis
database number of the test's own, files under VAR_DIR (default var/). It migrates, loads the
default jobs and profile, seeds a second job of --ranked-size synthetic applications for the recruiters'
lists (bench/ranking_page.py's seeding, kept between runs), and makes --recruiters recruiter accounts with
a password of this run.

Then Locust runs headless (bench/load/locustfile.py) for --duration seconds: candidates browse the
careers site and apply to the open job with real resumes from ../shared/data/dev (categorised text and
PDF files), then look at their status page; recruiters sign in and page through the ranked lists,
filter, search and open candidates. Afterwards it waits up to --drain seconds for every accepted
application to end (processed, needs_review or failed), then reports requests per second and p50/p95/p99
per page, errors, applications accepted vs ended (lost), and upload-to-scored times from the database.
The report is printed and written to VAR_DIR/load/report-<run>.txt with Locust's CSV files beside it.

The settings are the embedded-mode ones that bin/serve uses (hiring.settings.local: debug off) rather than
production's, whose cookies are HTTPS-only and this runs over plain HTTP. Rate limits stay as configured;
each simulated person comes from an address of its own (X-Forwarded-For, read with TRUSTED_PROXY_COUNT=1 as
behind one reverse proxy), as real candidates would.

--smoke: 20 seconds, 3 candidates, 2 recruiters, a ranked job of 500, a short think time; --strict exits 1
on any failed request or lost application (tests/bench/test_load_test.py runs both).
"""

from __future__ import annotations

import argparse
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench" / "load"))  # report.py, the load test's arithmetic (bench/ is on the path too)
BIN = Path(sys.executable).parent
# The shared dev data sits beside the checkout (../shared), or beside the folder of worktrees (../../shared).
DEV = next(
    (p / "shared" / "data" / "dev" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared" / "data" / "dev").is_dir()),
    ROOT.parent / "shared" / "data" / "dev",
)
APPLY_JOB = "machine-learning-engineer"
RECRUITER_PREFIX = "load-recruiter-"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=300, help="seconds of load (default 300)")
    parser.add_argument("--candidates", type=int, default=50)
    parser.add_argument("--recruiters", type=int, default=10)
    parser.add_argument("--think", default="1,4", help="min,max seconds between a user's steps")
    parser.add_argument("--smoke", action="store_true", help="a short run with few users, to check it works")
    parser.add_argument("--strict", action="store_true", help="exit 1 on any error or lost application")
    parser.add_argument("--db", default="screening_load")
    parser.add_argument("--dsn-base", default=os.environ.get("BENCH_DSN_BASE", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--redis", default="redis://127.0.0.1:6379", help="Redis server (without database)")
    parser.add_argument("--redis-db", type=int, default=10)
    parser.add_argument("--port", type=int, default=8010)
    parser.add_argument("--gunicorn-workers", type=int, default=3, help="as in docker-compose.yml")
    parser.add_argument("--ranked-size", type=int, default=10_000, help="applications in the recruiters' second job")
    parser.add_argument("--drain", type=int, default=180, help="seconds to wait for accepted applications to end")
    parser.add_argument("--resumes", type=Path, default=None, help="directory of resumes (default: dev txt + pdf)")
    parser.add_argument(
        "--locust",
        default=str(BIN / "locust") if (BIN / "locust").exists() else (shutil.which("locust") or "locust"),
        help="the locust program (default: this virtualenv's, else the one on PATH)",
    )
    parser.add_argument("--var-dir", type=Path, default=Path(os.environ.get("VAR_DIR", ROOT / "var")))
    args = parser.parse_args(argv)
    if args.smoke:
        args.duration, args.candidates, args.recruiters = min(args.duration, 20), 3, 2
        args.ranked_size, args.think = min(args.ranked_size, 500), "0.2,0.5"
    return args


def resume_folder(args: argparse.Namespace) -> Path:
    """One folder of the resumes candidates send: the dev set's categorised text files and its PDFs."""
    if args.resumes:
        return args.resumes
    folder = args.var_dir / "load" / "resumes"
    folder.mkdir(parents=True, exist_ok=True)
    for sub in ("categorised", "pdf"):
        for path in sorted((DEV / sub).glob("*")):
            if path.suffix in {".txt", ".pdf"} and not (folder / path.name).exists():
                shutil.copyfile(path, folder / path.name)
    if not any(folder.iterdir()):
        raise SystemExit(f"no resumes in {DEV}/categorised or {DEV}/pdf: pass --resumes DIR")
    return folder


def stack_environment(args: argparse.Namespace) -> dict[str, str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hiring.settings.local",
        "DATABASE_URL": f"{args.dsn_base}/{args.db}",
        "REDIS_URL": f"{args.redis}/{args.redis_db}",
        "VAR_DIR": str(args.var_dir),
        "TRUSTED_PROXY_COUNT": "1",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DEBUG", None)
    return env


def ensure_database(dsn_base: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{dsn_base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare(args: argparse.Namespace, password: str) -> None:
    """Migrates, loads the defaults, seeds the ranked job and (re)sets the recruiters' accounts."""
    import random

    from django.contrib.auth.models import Group, User
    from django.core.management import call_command

    from ranking_page import seed
    from screening.models import Application, Job
    from screening.permissions import RECRUITERS
    from screening.services.setup import defaults_load

    call_command("migrate", verbosity=0)
    defaults_load()
    slug = ranked_job(args)
    job = Job.objects.filter(slug=slug).first()
    if job is None or Application.objects.filter(job=job).count() != args.ranked_size:
        print(f"seeding {args.ranked_size:,} applications in {slug} (kept for later runs)…", file=sys.stderr)
        seed(slug, args.ranked_size, random.Random(args.ranked_size))
    group = Group.objects.get_or_create(name=RECRUITERS)[0]
    for number in range(1, args.recruiters + 1):
        user, _ = User.objects.get_or_create(username=f"{RECRUITER_PREFIX}{number}")
        user.set_password(password)
        user.save()
        user.groups.add(group)
    call_command("collectstatic", interactive=False, verbosity=0)


def ranked_job(args: argparse.Namespace) -> str:
    return f"bench-{args.ranked_size}"


class Stack:
    """gunicorn, a Celery worker and beat, started in sessions of their own and stopped by their ids."""

    def __init__(self, args: argparse.Namespace, env: dict[str, str], logs: Path):
        self.args, self.env, self.logs = args, env, logs
        self.procs: list[subprocess.Popen] = []

    def _start(self, name: str, command: list[str]) -> None:
        log = (self.logs / f"{name}.log").open("w")
        # Our own commands (compose's), no shell; a session each, so stop() ends a process with its children.
        self.procs.append(
            subprocess.Popen(  # noqa: S603
                command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        )

    def start(self) -> None:
        # The commands of docker-compose.yml's web, worker and beat services.
        self._start(
            "gunicorn",
            [str(BIN / "gunicorn"), "hiring.wsgi:application", "--bind", f"127.0.0.1:{self.args.port}",
             "--workers", str(self.args.gunicorn_workers), "--timeout", "60"],
        )
        self._start(
            "worker",
            [str(BIN / "celery"), "-A", "hiring", "worker", "-Q", "screening", "-l", "info",
             "--without-mingle", "--without-gossip"],
        )
        self._start(
            "beat",
            [str(BIN / "celery"), "-A", "hiring", "beat", "-l", "info",
             "--schedule", str(self.logs / "celerybeat-schedule")],
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.args.port}/careers/", timeout=5):  # noqa: S310
                    return
            except OSError:
                if any(p.poll() is not None for p in self.procs):
                    break
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"the stack did not start; see the logs in {self.logs}")

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)


def run_locust(args: argparse.Namespace, env: dict[str, str], run: str, password: str, csv_prefix: Path) -> int:
    users = args.candidates + args.recruiters
    locust_env = {
        **env,
        "LOAD_CANDIDATES": str(args.candidates),
        "LOAD_RECRUITERS": str(args.recruiters),
        "LOAD_RESUMES": str(resume_folder(args)),
        "LOAD_APPLY_JOB": APPLY_JOB,
        "LOAD_RANKED_JOBS": f"{ranked_job(args)},{APPLY_JOB}",
        "LOAD_RECRUITER_PREFIX": RECRUITER_PREFIX,
        "LOAD_RECRUITER_PASSWORD": password,
        "LOAD_RUN": run,
        "LOAD_THINK": args.think,
    }
    command = [
        args.locust, "-f", str(ROOT / "bench" / "load" / "locustfile.py"), "--headless",
        "-u", str(users), "-r", str(max(1, min(users, 10))), "-t", f"{args.duration}s",
        "--host", f"http://127.0.0.1:{args.port}", "--csv", str(csv_prefix), "--only-summary",
        "--stop-timeout", "30", "--loglevel", "WARNING",
    ]
    with (csv_prefix.parent / "locust.log").open("w") as log:
        # our own command line, no shell
        return subprocess.run(command, cwd=ROOT, env=locust_env, stdout=log, stderr=subprocess.STDOUT).returncode  # noqa: S603


def run_statuses(run: str) -> list[str]:
    from screening.models import Application

    return [
        status or "no resume"
        for status in Application.objects.filter(candidate__email__startswith=f"load-{run}-").values_list(
            "current_resume__status", flat=True
        )
    ]


def drain(run: str, seconds: int) -> None:
    """Waits until every stored application of the run has ended, or `seconds` have passed."""
    from report import FINAL_STATUSES

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pending = [s for s in run_statuses(run) if s not in FINAL_STATUSES]
        if not pending:
            return
        print(f"  waiting for {len(pending)} applications to end…", file=sys.stderr, end="\r")
        time.sleep(2)


def upload_to_scored(run: str) -> list[float]:
    """Seconds from each upload's arrival to its score being written, for the run's scored applications."""
    from django.db.models import F

    from screening.models import Score

    rows = Score.objects.filter(
        application__candidate__email__startswith=f"load-{run}-",
        parse__resume=F("application__current_resume"),
    ).values_list("scored_at", "application__current_resume__created_at")
    return [(scored - uploaded).total_seconds() for scored, uploaded in rows]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    run = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    logs = args.var_dir / "load" / run
    logs.mkdir(parents=True, exist_ok=True)
    ensure_database(args.dsn_base, args.db)
    env = stack_environment(args)
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "VAR_DIR")})
    os.environ["LOG_LEVEL"] = "WARNING"
    import django

    django.setup()
    from django.db import connection

    from report import format_report, outcome, read_locust_exceptions, read_locust_stats

    password = secrets.token_urlsafe(16)
    prepare(args, password)
    connection.close()  # the stack's processes get their own connections; this one reconnects for the report
    stack = Stack(args, env, logs)
    stack.start()
    load_average = os.getloadavg()
    try:
        print(f"load: {args.candidates} candidates, {args.recruiters} recruiters, {args.duration} s…", file=sys.stderr)
        run_locust(args, env, run, password, logs / "locust")
        drain(run, args.drain)
        print(file=sys.stderr)
    finally:
        stack.stop()
    pages, total = read_locust_stats(logs / "locust_stats.csv")
    exceptions = read_locust_exceptions(logs / "locust_exceptions.csv")
    accepted = next((p.requests - p.failures for p in pages if p.name == "careers: apply (POST)"), 0)
    applications = outcome(accepted=accepted, statuses=run_statuses(run))
    conditions = (
        f"run {run}: {args.duration} s, {args.candidates} candidates + {args.recruiters} recruiters "
        f"(think {args.think} s), gunicorn {args.gunicorn_workers} workers, Celery worker concurrency "
        f"{os.cpu_count()}, {os.cpu_count()} CPUs shared with Locust, PostgreSQL and Redis; load average "
        f"at start {load_average[0]:.1f}, at end {os.getloadavg()[0]:.1f}"
    )
    report = format_report(
        pages=pages,
        total=total,
        exceptions=exceptions,
        applications=applications,
        to_scored_s=upload_to_scored(run),
        conditions=conditions,
    )
    print(report)
    (args.var_dir / "load" / f"report-{run}.txt").write_text(report + "\n")
    failures = (total.failures if total else 0) + exceptions
    if args.strict and (failures or applications.lost or not accepted):
        print(f"strict: {failures} failed requests, {applications.lost} lost, {accepted} accepted", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
