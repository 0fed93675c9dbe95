"""Imports resume files for a job through the same service as the careers form."""
from __future__ import annotations

import logging
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from screening.models import Job, Resume
from screening.services.imports import resume_files, resumes_import


# Loggers of the work an import starts. In embedded mode that work runs in this process, and its INFO lines
# ("resume 12: processed", Celery's "Task ... succeeded") would be written between the redraws of the
# progress bars on stderr, burying them. Quieted to warnings unless --verbosity 2 or more asks for them.
WORK_LOGGERS = ("celery", "screening")


@contextmanager
def quiet_work_logs(verbosity: int) -> Iterator[None]:
    if verbosity >= 2:
        yield
        return
    loggers = [logging.getLogger(name) for name in WORK_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


class Command(BaseCommand):
    help = "Import every PDF/DOCX/TXT resume under the given paths as applications to a job."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
        parser.add_argument("--job", required=True, metavar="SLUG", help="the job's slug")
        parser.add_argument("--wait", action="store_true", help="wait until every imported resume is processed")
        parser.add_argument("--timeout", type=float, default=3600, help="seconds --wait waits at most")

    def handle(self, *args, **options):
        # stdout (the accepted/rejected/processed lines) is read by scripts: it stays as it is; progress
        # bars and any warnings go to stderr.
        with quiet_work_logs(options["verbosity"]):
            self._import(options)

    def _import(self, options) -> None:
        job = Job.objects.filter(slug=options["job"]).first()
        if job is None:
            slugs = ", ".join(Job.objects.values_list("slug", flat=True)) or "none (run load_defaults)"
            raise CommandError(f"No job with slug {options['job']!r}. Jobs: {slugs}")
        files, problems = resume_files(options["paths"])
        if not files and not problems:
            raise CommandError("No .pdf, .docx or .txt files found under the given paths.")

        with tqdm(total=len(files), desc="Importing", unit="file", file=sys.stderr, disable=None) as bar:
            report = resumes_import(job=job, files=files, progress=lambda _: bar.update(1))
        report.rejected[:0] = problems

        self.stdout.write(f"Accepted {len(report.accepted)} file(s); rejected {len(report.rejected)}.")
        for path, reason in report.rejected:
            self.stdout.write(f"  rejected {path}: {reason}")
        if options["wait"] and report.accepted:
            self._wait(report.resume_ids, options["timeout"])

    def _wait(self, resume_ids: list[int], timeout: float) -> None:
        final = Resume.FINAL_STATUSES
        deadline = time.monotonic() + timeout
        with tqdm(total=len(resume_ids), desc="Processing", unit="resume", file=sys.stderr, disable=None) as bar:
            while True:
                done = Resume.objects.filter(pk__in=resume_ids, status__in=final).count()
                bar.update(done - bar.n)
                if done >= len(resume_ids):
                    break
                if time.monotonic() > deadline:
                    raise CommandError(f"Timed out: {done} of {len(resume_ids)} resumes processed.")
                time.sleep(0.5)
        counts: dict[str, int] = {}
        for status in Resume.objects.filter(pk__in=resume_ids).values_list("status", flat=True):
            counts[status] = counts.get(status, 0) + 1
        summary = ", ".join(f"{n} {s.replace('_', ' ')}" for s, n in sorted(counts.items()))
        self.stdout.write(f"Processed: {summary}.")
