"""Worker faults on the real stack: workers and pool children killed mid-run, a file that kills its reader,
duplicate deliveries, and a reader that hangs or explodes inside the parsing sandbox.

Each test runs real `celery worker` (and `celery beat`) processes against a private redis-server and the
test database, with the short timeouts of FAULT_ENV, and ends with counts in the database (see Tally).
"""
from __future__ import annotations

import re
import struct
import time
import uuid
import zlib
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

import psutil
import pytest

from screening.models import AuditEvent, Job, Resume, Score
from screening.services.setup import defaults_load
from screening.tasks import resume_process
from tests.filegen import make_txt, sample_resume
from tests.integration.workers import (  # noqa: F401  (fixtures)
    fleet,
    outcomes_in_logs,
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
    pytest.mark.timeout(420),
]


def default_job() -> Job:
    defaults_load()
    return Job.objects.get(slug="machine-learning-engineer")


def final_count(ids: list[int]) -> int:
    return Resume.objects.filter(pk__in=ids, status__in=Resume.FINAL_STATUSES).count()


def test_workers_killed_mid_run_lose_nothing_and_finish_each_resume_once(fleet):
    job = default_job()
    ids = submit_resumes(job, resume_files(200))
    workers = [fleet.worker(name="w1").start(), fleet.worker(name="w2").start()]
    fleet.beat().start()
    started = time.monotonic()

    kills = 0
    for threshold in (30, 80, 130):
        wait_until(lambda threshold=threshold: final_count(ids) >= threshold, timeout=120, message=f"{threshold} resumes final")
        victim = workers[kills % 2]
        victim.kill()  # SIGKILL to the whole process group: master, pool children, sandboxed readers
        kills += 1
        victim.start()

    wait_for_all_final(ids, timeout=240)
    elapsed = time.monotonic() - started
    result = tally(ids)
    assert not result.exactly_once(processed=200), result.summary()
    # The kills interrupted claimed work (a row needed a second attempt), and it was redone, not lost.
    assert result.retried >= 1, result.summary()
    assert max(result.attempts) <= 3, result.summary()
    per_run = outcomes_in_logs(fleet.logs())
    assert not [rid for rid in ids if per_run[(rid, "processed")] > 1]
    report(
        "worker-sigkill",
        resumes=200,
        kills=kills,
        seconds=round(elapsed, 1),
        retried=result.retried,
        attempts=dict(result.attempts),
        sweeps=fleet.processes[-1].sweeps_sent(),
    )


def test_pool_children_killed_mid_run_lose_nothing_and_finish_each_resume_once(fleet):
    job = default_job()
    ids = submit_resumes(job, resume_files(200))
    workers = [fleet.worker(name="w1").start(), fleet.worker(name="w2").start()]
    fleet.beat().start()
    started = time.monotonic()

    killed = []
    for threshold in (30, 80, 130):
        wait_until(lambda threshold=threshold: final_count(ids) >= threshold, timeout=120, message=f"{threshold} resumes final")
        victim = workers[len(killed) % 2]
        busy = _busy_children(victim)
        psutil.Process(busy[0]).kill()
        killed.append(busy[0])

    wait_for_all_final(ids, timeout=240)
    elapsed = time.monotonic() - started
    result = tally(ids)
    assert not result.exactly_once(processed=200), result.summary()
    assert result.retried >= 1, result.summary()
    assert max(result.attempts) <= 3, result.summary()
    # The masters replaced their children and kept going.
    assert all(w.alive() and len(w.pool_children()) == 2 for w in workers)
    assert fleet.logs().count("exited with 'signal 9 (SIGKILL)'") >= len(killed)
    report(
        "pool-child-sigkill",
        resumes=200,
        kills=len(killed),
        seconds=round(elapsed, 1),
        retried=result.retried,
        attempts=dict(result.attempts),
    )


def _busy_children(worker, timeout: float = 20.0) -> list[int]:
    """Pool children caught mid-read, so a kill interrupts a claimed resume.

    A child is reading exactly while its sandboxed reader (a forked grandchild, kept between files) is
    running: between files the reader sleeps on its pipe, and it gets a file only after the child claimed
    the row, so killing such a child always strands a claimed attempt, which the sweep must then recover.
    Reads last a fraction of a second, so poll closely.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for pid in worker.pool_children():
            try:
                readers = psutil.Process(pid).children()
                if any(reader.status() == psutil.STATUS_RUNNING for reader in readers):
                    return [pid]
            except psutil.NoSuchProcess:
                continue
        time.sleep(0.005)
    raise AssertionError(f"no pool child of {worker.name} was reading a resume within {timeout}s")


def test_a_file_that_kills_its_reader_fails_after_three_attempts_and_the_others_finish(fleet):
    job = default_job()
    marker = f"SIMULATED-CRASH-{uuid.uuid4().hex}"
    files = resume_files(50)
    poison = ("poison.txt", make_txt(sample_resume("Pat Poison") + f"\n{marker}\n"))
    ids = submit_resumes(job, files[:25] + [poison] + files[25:])
    poison_id = ids[25]
    env = {"SCREENING_CRASH_MARKER": marker}
    worker = fleet.worker(env=env).start()
    fleet.beat(env=env).start()

    elapsed = wait_for_all_final(ids, timeout=240)
    bad = Resume.objects.get(pk=poison_id)
    assert bad.status == Resume.Status.FAILED and bad.error_code == "worker_lost", (bad.status, bad.error_code)
    assert bad.attempts == 3
    assert bad.error_message
    # Every attempt really ran and really died: three pool children killed, never a fourth.
    assert worker.log().count("exited with 'signal 9 (SIGKILL)'") == 3
    others = tally([rid for rid in ids if rid != poison_id])
    assert not others.exactly_once(processed=50), others.summary()
    assert others.attempts == {1: 50}, others.summary()
    assert worker.alive()
    report("poison-pill", others=50, poison_attempts=bad.attempts, seconds=round(elapsed, 1))


def test_the_same_task_delivered_five_times_at_once_or_after_success_has_one_result(fleet):
    job = default_job()
    ids = submit_resumes(job, resume_files(20, pdf_every=5, docx_every=5))  # one message each, queued
    # Four more copies of every message, published from several threads at once: five deliveries each,
    # which two workers with two processes each run in parallel.
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda rid: resume_process.apply_async(args=[rid]), ids * 4))
    fleet.worker(name="w1").start()
    fleet.worker(name="w2").start()

    wait_for_all_final(ids, timeout=180)
    wait_until(lambda: sum(outcomes_in_logs(fleet.logs()).values()) >= 100, timeout=60, message="100 task runs")
    runs = outcomes_in_logs(fleet.logs())
    assert all(runs[(rid, "processed")] == 1 for rid in ids), runs
    assert sum(runs[(rid, "skipped")] for rid in ids) == 80, runs
    result = tally(ids)
    assert not result.exactly_once(processed=20), result.summary()
    assert result.attempts == {1: 20}, result.summary()

    # Again after success: every redundant delivery is a no-op, nothing is rewritten.
    scored_at = dict(Score.objects.filter(application__resumes__pk__in=ids).values_list("pk", "scored_at"))
    events = AuditEvent.objects.count()
    for rid in ids:
        resume_process.apply_async(args=[rid])
    wait_until(
        lambda: sum(n for (_, outcome), n in outcomes_in_logs(fleet.logs()).items() if outcome == "skipped") >= 100,
        timeout=60,
        message="20 late redeliveries skipped",
    )
    runs = outcomes_in_logs(fleet.logs())
    assert all(runs[(rid, "processed")] == 1 and runs[(rid, "skipped")] == 5 for rid in ids), runs
    assert dict(Score.objects.filter(application__resumes__pk__in=ids).values_list("pk", "scored_at")) == scored_at
    assert AuditEvent.objects.count() == events
    assert tally(ids).attempts == {1: 20}
    report("duplicate-delivery", resumes=20, deliveries=120, processed_runs=20, skipped_runs=100)


@lru_cache(maxsize=1)
def flate_bomb_pdf(megabytes: int = 2048) -> bytes:
    """A valid one-page PDF whose content stream inflates from ~2 MB to `megabytes` MB of spaces."""
    stream = _deflated_spaces(b"BT /F1 12 Tf 72 712 Td (Bomb Candidate) Tj ET\n", megabytes)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    pdf = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(pdf)


def _deflated_spaces(prefix: bytes, megabytes: int) -> bytes:
    """A zlib stream of `prefix` then `megabytes` MB of spaces, built in seconds rather than minutes.

    After a full flush deflate forgets what came before, so one compressed megabyte can be repeated
    as is; only the checksum at the end has to cover every repetition.
    """
    packer = zlib.compressobj(9)
    block = b" " * (1 << 20)
    head = packer.compress(prefix) + packer.flush(zlib.Z_FULL_FLUSH)
    body = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    end = packer.flush()[:-4]  # the final block, without the checksum of what this packer saw
    checksum = zlib.adler32(prefix)
    for _ in range(megabytes):
        checksum = zlib.adler32(block, checksum)
    return head + body * megabytes + end + struct.pack(">I", checksum)


def test_a_hanging_or_exploding_reader_kills_its_sandbox_child_not_the_worker(fleet):
    job = default_job()
    hang = f"SIMULATED-HANG-{uuid.uuid4().hex}"
    bomb = flate_bomb_pdf()
    assert len(bomb) < 3 * 1024 * 1024  # small on disk, accepted at upload: only reading it explodes
    files = resume_files(10)
    hostile = [("bomb.pdf", bomb), ("hang.txt", make_txt(sample_resume("Hal Hang") + f"\n{hang}\n"))]
    ids = submit_resumes(job, files[:5] + hostile + files[5:])
    bomb_id, hang_id = ids[5], ids[6]
    env = {
        "SCREENING_HANG_MARKER": hang,
        "SCREENING_MAX_PARSE_SECONDS": "3",  # the sandbox allows 5 s more, then kills the child
        "SCREENING_PARSE_MEMORY_MB": "768",
    }
    worker = fleet.worker(env=env).start()
    wait_until(lambda: len(worker.pool_children()) == 2, timeout=30, message="two pool processes")
    pool = set(worker.pool_children())
    peak_rss = _PeakRss(worker)

    elapsed = wait_for_all_final(ids, timeout=180, message="bomb, hang and 10 resumes final")
    peak = peak_rss.stop()
    exploded, hung = Resume.objects.get(pk=bomb_id), Resume.objects.get(pk=hang_id)
    assert exploded.status == Resume.Status.FAILED and exploded.error_code in {"crashed", "memory"}, exploded.error_code
    assert hung.status == Resume.Status.FAILED and hung.error_code == "timeout", hung.error_code
    # Runs that ended `failed` (the bomb's and the hang's), as the worker timed them.
    failed_runs = [float(s) for s in re.findall(r"succeeded in ([\d.]+)s: 'failed'", worker.log())]
    assert len(failed_runs) == 2, worker.log()[-3000:]
    hang_seconds = max(failed_runs)
    assert hang_seconds <= 3 + 5 + 3  # the parse limit, the sandbox's margin, and the fork and bookkeeping
    normal = tally([rid for rid in ids if rid not in (bomb_id, hang_id)])
    assert not normal.exactly_once(processed=10), normal.summary()
    # Only the sandboxed children died: the worker and its pool processes are the same ones as before.
    assert worker.alive() and set(worker.pool_children()) == pool
    assert "exited with 'signal" not in worker.log()
    assert exploded.attempts == 1 and hung.attempts == 1
    report(
        "sandbox-limits",
        bomb_mb_inflated=2048,
        bomb_file_kb=len(bomb) // 1024,
        bomb_error=exploded.error_code,
        hang_error=hung.error_code,
        hang_seconds=round(hang_seconds, 1),
        worker_peak_rss_mb=peak,
        seconds=round(elapsed, 1),
    )


class _PeakRss:
    """Samples the RSS of the worker's master and pool processes (not the sandboxed readers) every 100 ms."""

    def __init__(self, worker):
        import threading

        self.worker, self.peak, self.running = worker, 0, True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while self.running:
            try:
                master = psutil.Process(self.worker.pid)
                rss = [master.memory_info().rss] + [c.memory_info().rss for c in master.children()]
                self.peak = max(self.peak, max(rss))
            except psutil.Error:
                pass
            time.sleep(0.1)

    def stop(self) -> int:
        self.running = False
        self.thread.join()
        return self.peak // (1024 * 1024)
