"""Real Celery worker processes on a real Redis, sharing the test database with the test process.

Fixtures are exported through conftest.py; helpers are imported from here by the tests.

CI sets REDIS_URL (and DATABASE_URL for PostgreSQL). Without REDIS_URL, a private redis-server is
started on a free port, so `make test` exercises the real queue on a developer machine too.

The reliability tests (test_reliability*.py) use the rest: a private Redis they may kill and restart
(`private_broker`), a beat process that runs the sweep (`BeatProcess`), short timeouts passed to the
workers (`FAULT_ENV`), a generated corpus (`resume_files`, `submit_resumes`) and `tally`, which counts
in the database what "processed exactly once" means.
"""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection

from hiring.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
CELERY = str(Path(sys.executable).with_name("celery"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RedisServer:
    """A redis-server process we own (so tests may stop, kill and restart it)."""

    def __init__(self, *, appendonly: bool = False):
        self.port = _free_port()
        self.dir = tempfile.mkdtemp(prefix="screening-redis-")
        self.appendonly = appendonly
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", self.dir, "--save", ""]
        args += ["--appendonly", "yes", "--appendfsync", "everysec"] if self.appendonly else ["--appendonly", "no"]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(5)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            subprocess.run(["redis-cli", "-p", str(self.port), "shutdown"], capture_output=True, timeout=10)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def restart(self) -> "RedisServer":
        """Start again on the same port and folder; without appendonly it comes back empty."""
        return self.start()

    def queue_length(self, queue: str = "screening") -> int:
        import redis

        return redis.Redis.from_url(self.url, socket_timeout=5).llen(queue)

    def close(self) -> None:
        self.kill()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture(scope="session")
def broker_url():
    url = os.environ.get("REDIS_URL")
    if url:
        yield url
        return
    if not shutil.which("redis-server"):
        pytest.skip("Needs REDIS_URL or a redis-server binary: this test runs a real Celery worker on Redis.")
    server = RedisServer().start()
    yield server.url
    server.close()


def database_url() -> str:
    """The URL of the database the tests are using right now (the test database)."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = quote(s["USER"] or "")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    host = s.get("HOST") or "127.0.0.1"
    return f"postgres://{auth}@{host}:{s.get('PORT') or 5432}/{s['NAME']}"


class CeleryProcess:
    """A `celery -A hiring ...` command in its own process group, with the test database and broker."""

    kind = "worker"

    def __init__(
        self, broker: str, *, extra_env: dict[str, str] | None = None, name: str = "w1", cwd: Path | None = None
    ):
        self.broker = broker
        self.extra_env = extra_env or {}
        self.name = name
        # Another folder than the checkout's stands for another machine: its own VAR_DIR (local files such
        # as the taxonomy), the code found through PYTHONPATH; the database, broker and MEDIA_ROOT shared.
        self.cwd = cwd
        self.log_path = Path(tempfile.mkstemp(prefix=f"screening-{self.kind}-{name}-", suffix=".log")[1])
        self.proc: subprocess.Popen | None = None

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "hiring.settings.test",
                "CELERY_EAGER": "0",
                "REDIS_URL": self.broker,
                "DATABASE_URL": database_url(),
                "MEDIA_ROOT": str(settings.MEDIA_ROOT),
                "PYTHONUNBUFFERED": "1",
            }
        )
        if self.cwd is not None:
            env["VAR_DIR"] = str(self.cwd)
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
        env.update(self.extra_env)
        return env

    def command(self) -> list[str]:
        raise NotImplementedError

    ready_marker = " ready."

    def start(self, *, wait: bool = True) -> "CeleryProcess":
        # A restarted process logs into the same file: readiness is judged on what this start wrote.
        self._start_offset = self.log_path.stat().st_size
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            self.command(), cwd=self.cwd or ROOT, env=self.env(), stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.kind} exited early:\n{self.log()[-4000:]}")
            with open(self.log_path, "rb") as fh:
                fh.seek(self._start_offset)
                if self.ready_marker.encode() in fh.read():
                    return
            time.sleep(0.2)
        raise RuntimeError(f"{self.kind} not ready after {timeout}s:\n{self.log()[-4000:]}")

    _start_offset = 0

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def kill(self) -> None:
        """SIGKILL the whole process group: the main process and its pool children."""
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            try:
                os.killpg(self.proc.pid, signal.SIGTERM)
                self.proc.wait(20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                self.kill()
        self._reap_group()

    def _reap_group(self) -> None:
        # Pool children outlive a killed master for a moment; nothing of ours may keep running.
        if self.proc is not None:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass


class WorkerProcess(CeleryProcess):
    """`celery -A hiring worker` in its own process group, killable as a whole or child by child."""

    def __init__(
        self,
        broker: str,
        *,
        concurrency: int = 2,
        extra_env: dict[str, str] | None = None,
        name: str = "w1",
        cwd: Path | None = None,
    ):
        super().__init__(broker, extra_env=extra_env, name=name, cwd=cwd)
        self.concurrency = concurrency

    def command(self) -> list[str]:
        return [
            CELERY, "-A", "hiring", "worker", "-Q", "screening", "-P", "prefork",
            "-c", str(self.concurrency), "--without-mingle", "--without-gossip", "--without-heartbeat",
            "-n", f"{self.name}-{os.getpid()}@%h", "-l", "info",
        ]

    def pool_children(self) -> list[int]:
        import psutil

        try:
            return [c.pid for c in psutil.Process(self.proc.pid).children()]
        except psutil.NoSuchProcess:
            return []


class BeatProcess(CeleryProcess):
    """`celery -A hiring beat`: sends the periodic sweep, as in production (interval from SWEEP_INTERVAL_SECONDS)."""

    kind = "beat"
    ready_marker = "beat: Starting..."

    def __init__(self, broker: str, *, extra_env: dict[str, str] | None = None, name: str = "beat"):
        super().__init__(broker, extra_env=extra_env, name=name)
        self.state_dir = tempfile.mkdtemp(prefix="screening-beat-")

    def command(self) -> list[str]:
        return [
            CELERY, "-A", "hiring", "beat", "-l", "info",
            "--schedule", os.path.join(self.state_dir, "schedule"), "--pidfile", os.path.join(self.state_dir, "pid"),
        ]

    def sweeps_sent(self) -> int:
        return self.log().count("Sending due task sweep-stuck-resumes")

    def stop(self) -> None:
        super().stop()
        shutil.rmtree(self.state_dir, ignore_errors=True)


@pytest.fixture
def use_broker(broker_url):
    """Make this test process publish to the real broker instead of running tasks eagerly."""
    with publishing_to(broker_url):
        yield broker_url


@contextlib.contextmanager
def publishing_to(broker_url: str):
    """Publish from this test process to `broker_url` (emptied first) instead of running tasks eagerly."""
    saved = {key: celery_app.conf.get(key) for key in ("task_always_eager", "broker_url")}
    celery_app.conf.update(task_always_eager=False, broker_url=broker_url)
    forget_broker_connections()
    import redis

    redis.Redis.from_url(broker_url).flushdb()
    try:
        yield broker_url
    finally:
        forget_broker_connections()
        celery_app.conf.update(**saved)


def forget_broker_connections() -> None:
    """Drop pooled connections and producers (as Celery does after a fork), so the next publish connects afresh.

    kombu keeps producer pools in a registry keyed by the connection's URL: it is cleared too, or a
    later publish to the same URL would get the closed pool ("Acquire on closed pool") instead of a
    new connection.
    """
    from kombu import pools

    if celery_app._pool is not None:
        celery_app._pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    pools.reset()


@pytest.fixture
def worker(use_broker):
    proc = WorkerProcess(use_broker).start()
    yield proc
    proc.stop()


def wait_until(predicate, timeout: float = 120, interval: float = 0.25, message: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise AssertionError(f"timed out after {timeout}s waiting for {message}")


# --- Fault tests ----------------------------------------------------------------------------------------

# Production waits minutes before it calls a row stuck (LEASE_SECONDS, STUCK_AFTER_SECONDS = 300) and
# sweeps every 2 minutes; the fault tests shrink those so each recovery takes seconds. The lease stays
# well above the time one resume takes (under a second), or healthy work would be swept twice.
FAULT_ENV = {
    "SCREENING_LEASE_SECONDS": "15",
    "SCREENING_STUCK_AFTER_SECONDS": "15",
    "SWEEP_INTERVAL_SECONDS": "3",
    "CELERY_VISIBILITY_TIMEOUT": "60",
    "LOG_LEVEL": "INFO",
}


@pytest.fixture
def private_broker():
    """A redis-server of this test's own (never the shared CI one), with no persistence: a restart empties it."""
    if not shutil.which("redis-server"):
        pytest.skip("Fault tests need a redis-server binary: they kill and restart the broker.")
    server = RedisServer().start()
    try:
        with publishing_to(server.url):
            yield server
    finally:
        server.close()


class Fleet:
    """The worker and beat processes of one test; whatever happens, all are stopped at the end."""

    def __init__(self, broker: RedisServer):
        self.broker = broker
        self.processes: list[CeleryProcess] = []

    def worker(self, *, name: str = "w1", concurrency: int = 2, env: dict[str, str] | None = None) -> WorkerProcess:
        env = {**FAULT_ENV, **(env or {})}
        proc = WorkerProcess(self.broker.url, concurrency=concurrency, extra_env=env, name=name)
        self.processes.append(proc)
        return proc

    def beat(self, *, env: dict[str, str] | None = None) -> BeatProcess:
        proc = BeatProcess(self.broker.url, extra_env={**FAULT_ENV, **(env or {})})
        self.processes.append(proc)
        return proc

    def workers(self) -> list[WorkerProcess]:
        return [p for p in self.processes if isinstance(p, WorkerProcess)]

    def logs(self) -> str:
        return "\n".join(p.log() for p in self.processes)

    def stop(self) -> None:
        for proc in self.processes:
            proc.stop()


@pytest.fixture
def fleet(private_broker):
    group = Fleet(private_broker)
    yield group
    group.stop()


def resume_files(count: int, *, pdf_every: int = 20, docx_every: int = 20, tag: str = "") -> list[tuple[str, bytes]]:
    """`count` generated resumes, mostly plain text (cheap at volume) with some PDF and DOCX among them."""
    from tests.filegen import make_docx, make_pdf, make_txt, sample_resume

    files = []
    for i in range(count):
        text = sample_resume(f"Candidate{tag}{i:03d} Example", ml=i % 4 != 3, email=f"c{tag}{i}@example.test")
        if pdf_every and i % pdf_every == 1:
            files.append((f"resume-{i:03d}.pdf", make_pdf(text)))
        elif docx_every and i % docx_every == 2:
            files.append((f"resume-{i:03d}.docx", make_docx(text.splitlines())))
        else:
            files.append((f"resume-{i:03d}.txt", make_txt(text)))
    return files


def submit_resumes(job, files: list[tuple[str, bytes]], *, tag: str = "") -> list[int]:
    """Apply once per file through the service the web form uses; returns the resume ids."""
    from screening import services

    ids = []
    for i, (name, data) in enumerate(files):
        application = services.application_submit(
            job=job,
            name=f"Candidate{tag}{i:03d} Example",
            email=f"c{tag}{i}@example.test",
            resume_name=name,
            resume_data=data,
            consent=True,
        )
        ids.append(application.current_resume_id)
    return ids


@dataclass
class Tally:
    """What the database says about a set of resumes: the figures behind "processed exactly once"."""

    total: int
    statuses: Counter
    attempts: Counter  # attempts -> number of resumes
    parses: Counter  # parse rows per resume -> number of resumes
    scores: Counter  # score rows per (application, published version) -> number of applications
    finished_events: Counter  # resume.<final status> audit events per resume -> number of resumes
    processed_without_parse: int
    parse_without_result: int  # parse rows of resumes that are not processed or in review: half-written work
    error_codes: Counter = field(default_factory=Counter)

    @property
    def final(self) -> int:
        return sum(self.statuses[s] for s in ("processed", "needs_review", "failed"))

    @property
    def retried(self) -> int:
        return sum(n for attempts, n in self.attempts.items() if attempts > 1)

    def exactly_once(self, processed: int | None = None) -> list[str]:
        """The broken invariants (an empty list when every resume was finished once and only once)."""
        problems = []
        if processed is not None and self.statuses["processed"] != processed:
            problems.append(f"{self.statuses['processed']} processed, expected {processed}: {dict(self.statuses)}")
        if self.final != self.total:
            problems.append(f"{self.total - self.final} not final: {dict(self.statuses)}")
        if set(self.parses) - {0, 1}:
            problems.append(f"parse rows per resume {dict(self.parses)}")
        if set(self.scores) != {1} and self.statuses["processed"]:
            problems.append(f"scores per application and version {dict(self.scores)}")
        if set(self.finished_events) != {1}:
            problems.append(f"final audit events per resume {dict(self.finished_events)}")
        if self.processed_without_parse:
            problems.append(f"{self.processed_without_parse} processed without a parse")
        if self.parse_without_result:
            problems.append(f"{self.parse_without_result} parse rows of resumes not processed")
        return problems

    def summary(self) -> str:
        return (
            f"{self.total} resumes: {dict(self.statuses)}; attempts {dict(sorted(self.attempts.items()))}; "
            f"parses/resume {dict(self.parses)}; scores/application {dict(self.scores)}; "
            f"final events/resume {dict(self.finished_events)}"
        )


def tally(resume_ids: list[int]) -> Tally:
    from django.db.models import Count

    from screening.models import AuditEvent, ParseResult, Resume, Score

    resumes = list(Resume.objects.filter(pk__in=resume_ids).select_related("application__job__profile"))
    parses = dict(
        ParseResult.objects.filter(resume_id__in=resume_ids).values_list("resume_id").annotate(n=Count("id"))
    )
    processed_apps = {
        r.application_id: r.application.job.profile.published_version_id for r in resumes if r.status == "processed"
    }
    score_rows = Counter(
        Score.objects.filter(application_id__in=processed_apps).values_list("application_id", "profile_version_id")
    )
    finished = Counter(
        AuditEvent.objects.filter(
            object_type="resume",
            object_id__in=[str(r.public_id) for r in resumes],
            action__in=["resume.processed", "resume.needs_review", "resume.failed"],
        ).values_list("object_id", flat=True)
    )
    return Tally(
        total=len(resumes),
        statuses=Counter(r.status for r in resumes),
        attempts=Counter(r.attempts for r in resumes),
        parses=Counter(parses.get(r.pk, 0) for r in resumes),
        scores=Counter(score_rows[(app, version)] for app, version in processed_apps.items()),
        finished_events=Counter(finished[str(r.public_id)] for r in resumes),
        processed_without_parse=sum(1 for r in resumes if r.status == "processed" and r.parse_id is None),
        parse_without_result=sum(
            1 for r in resumes if parses.get(r.pk) and r.status not in ("processed", "needs_review")
        ),
        error_codes=Counter(r.error_code for r in resumes if r.error_code),
    )


def count_final(resume_ids: list[int]) -> int | None:
    """How many of the resumes are in a final state; None while the database cannot be reached."""
    from screening.models import Resume

    try:
        return Resume.objects.filter(pk__in=resume_ids, status__in=Resume.FINAL_STATUSES).count()
    except (OperationalError, InterfaceError):
        connection.close()  # the server went away: reconnect on the next poll
        return None


_OUTCOME = re.compile(r"screening\.tasks\.resumes resume (\d+): (\w+)")


def outcomes_in_logs(log: str) -> Counter:
    """(resume id, outcome) -> how many task runs reported it, from the workers' logs."""
    return Counter((int(rid), outcome) for rid, outcome in _OUTCOME.findall(log))


def wait_for_all_final(resume_ids: list[int], *, timeout: float, message: str = "") -> float:
    """Wait until every resume is final; returns the seconds it took."""
    started = time.monotonic()
    wait_until(
        lambda: count_final(resume_ids) == len(resume_ids),
        timeout=timeout,
        interval=0.5,
        message=message or f"{len(resume_ids)} resumes in a final state",
    )
    return time.monotonic() - started


def report(name: str, **figures) -> None:
    """Print the figures a test measured (shown with -s or -rP; docs/reliability.md quotes them)."""
    print(f"\nRELIABILITY {name}: " + ", ".join(f"{k}={v}" for k, v in figures.items()))
