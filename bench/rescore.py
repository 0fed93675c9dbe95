"""Benchmark: re-score every application after an admin publishes a weight change.

usage: .venv/bin/python bench/rescore.py [--n 100000] [--reseed] [--db screening_bench_rescore] [--base 50000]
       (1,000,000 applications: --n 1000000 --db screening_bench_rescore_1m)

Needs PostgreSQL (--dsn-base, default postgres://postgres@127.0.0.1:5432). Makes a database of its own
(created if missing, migrated) holding one job with N processed applications. Their evidence is real:
the dev resumes in ../shared/data/dev are read and matched against the default profile once, and the
N applications cycle through those features (resume text is not stored in full: re-scoring after a
weight change never reads it). Then it times, end to end, what happens when an admin publishes a new
weight: the version is created, and the re-score run loads the stored evidence, scores everyone and
writes N scores. Prints seconds and scores per second.

N above --base (default 50,000) and a multiple of it is seeded fast: --base applications as above, then
copied in SQL (bench/fastseed.py) until the job holds N.
"""
from __future__ import annotations

import argparse
import datetime
import os
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The shared dev data sits beside the checkout (../shared), or beside the folder of worktrees (../../shared).
DEV = next(
    (p / "shared" / "data" / "dev" for p in (ROOT.parent, ROOT.parent.parent) if (p / "shared" / "data" / "dev").is_dir()),
    ROOT.parent / "shared" / "data" / "dev",
)


def ensure_database(dsn_base: str, name: str) -> str:
    import psycopg

    with psycopg.connect(f"{dsn_base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{dsn_base}/{name}"


def dev_features(limit_files: int | None = None) -> list[tuple[str, bytes]]:
    """(text head, packed features) for each dev resume, matched against the default profile."""
    from screening import documents, nlp
    from screening.nlp import matching
    from screening.services.profiles import load_profile_file
    from screening.services.setup import DEFAULT_PROFILE_FILE
    from screening.scoring import ProfileSpec

    spec = ProfileSpec.from_dict(load_profile_file(DEFAULT_PROFILE_FILE))
    files = sorted(p for folder in ("categorised", "annotated", "pdf") for p in (DEV / folder).glob("*") if p.suffix in {".txt", ".pdf"})
    files = files[:limit_files] if limit_files else files
    out = []
    today = datetime.date(2026, 11, 1)
    for path in files:
        try:
            text = documents.to_text(path.read_bytes(), path.name).text
        except documents.DocumentError:
            continue
        facts = nlp.extract(text, today=today)
        out.append((text[:2000], matching.match(text, facts, spec, today=today).pack()))
    return out


def seed(n: int, base: int = 50_000) -> None:
    from django.db import connection, transaction

    from screening import scoring
    from screening.models import (
        Application,
        Candidate,
        CompetencyEvidence,
        Job,
        ParseResult,
        Resume,
        Score,
    )
    from screening.services.scores import version_spec
    from screening.services.setup import defaults_load

    defaults_load()
    job = Job.objects.get(slug="machine-learning-engineer")
    version = job.profile.published_version
    assert version is not None, "load_defaults publishes the profile"
    if Application.objects.filter(job=job).count() == n:
        return
    print(f"seeding {n} applications (once; --reseed to redo)...", flush=True)
    with connection.cursor() as cur:
        cur.execute(
            "TRUNCATE screening_score, screening_competencyevidence, screening_resumeskill, screening_parseresult, "
            "screening_resume, screening_application, screening_candidate RESTART IDENTITY CASCADE"
        )
    samples = dev_features()
    spec = version_spec(version)
    rows = scoring.score_many([f for _, f in samples], spec)
    now = datetime.datetime.now(datetime.timezone.utc)
    batch = 5000
    fast = n > base and n % base == 0
    through_orm = base if fast else n
    for start in range(0, through_orm, batch):
        size = min(batch, through_orm - start)
        with transaction.atomic():
            candidates = Candidate.objects.bulk_create(
                [Candidate(name=f"Bench Candidate {start + i}", email=f"bench{start + i}@example.com") for i in range(size)]
            )
            apps = Application.objects.bulk_create(
                [Application(candidate=c, job=job) for c in candidates]
            )
            resumes = Resume.objects.bulk_create(
                [
                    Resume(application=a, file=f"resumes/{uuid.uuid4().hex}", original_name="cv.txt", sha256="0" * 64,
                           size=1000, kind="txt", status="processed", attempts=1, processed_at=now)
                    for a in apps
                ]
            )
            parses = ParseResult.objects.bulk_create(
                [
                    ParseResult(resume=r, parser_version="bench", text=samples[(start + i) % len(samples)][0], facts={})
                    for i, r in enumerate(resumes)
                ]
            )
            CompetencyEvidence.objects.bulk_create(
                [
                    CompetencyEvidence(parse=p, signature=version.match_signature,
                                       packed=samples[(start + i) % len(samples)][1], evidence={})
                    for i, p in enumerate(parses)
                ]
            )
            Score.objects.bulk_create(
                [
                    Score(application=a, profile_version=version, parse=p, total=rows[(start + i) % len(rows)].total,
                          must_haves_met=rows[(start + i) % len(rows)].must_haves_met,
                          points=list(rows[(start + i) % len(rows)].points))
                    for i, (a, p) in enumerate(zip(apps, parses, strict=True))
                ]
            )
            for r, p in zip(resumes, parses, strict=True):
                r.parse = p
            Resume.objects.bulk_update(resumes, ["parse"])
            for a, r in zip(apps, resumes, strict=True):
                a.current_resume = r
            Application.objects.bulk_update(apps, ["current_resume"])
        print(f"  {start + size}", flush=True)
    if fast:
        from fastseed import replicate  # bench/, beside this file

        with transaction.atomic(), connection.cursor() as cur:
            replicate(cur, job_id=job.pk, copies=n // base - 1)
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE" if fast else "ANALYZE")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--db", default="screening_bench_rescore")
    parser.add_argument("--dsn-base", default=os.environ.get("BENCH_DSN_BASE", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument(
        "--base", type=int, default=50_000, help="a larger N seeds this many through the ORM, then copies them in SQL"
    )
    args = parser.parse_args()

    os.environ["DATABASE_URL"] = ensure_database(args.dsn_base, args.db)
    os.environ.pop("REDIS_URL", None)  # the re-score runs in this process, as the worker would run it
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiring.settings.local")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from screening.models import Application, Competency, Job, RescoreRun, Score

    if args.reseed:
        from django.db import connection

        with connection.cursor() as cur:  # a million rows: one statement, not the ORM's cascades
            cur.execute(
                "TRUNCATE screening_score, screening_competencyevidence, screening_resumeskill, "
                "screening_parseresult, screening_resume, screening_application, screening_candidate CASCADE"
            )
    seed(args.n, args.base)

    from screening import services

    job = Job.objects.select_related("profile").get(slug="machine-learning-engineer")
    python = Competency.objects.get(profile=job.profile, key="python")
    python.weight = 7.0 if python.weight != 7.0 else 6.0  # a real change every run
    python.save()

    started = time.perf_counter()
    version = services.profile_publish(profile=job.profile)  # commits, then runs the re-score (in-process)
    elapsed = time.perf_counter() - started
    run = RescoreRun.objects.get(profile_version=version)
    scored = Score.objects.filter(profile_version=version).count()
    assert run.finished_at is not None and run.started_at is not None, "the re-score ran in-process"
    written = (run.finished_at - run.started_at).total_seconds()
    print(f"applications: {Application.objects.filter(job=job).count()}  (load average {os.getloadavg()[0]:.1f})")
    print(f"re-score after a weight change: {elapsed:.2f} s end to end, publish to scores written and old "
          f"versions pruned ({run.status}, {run.done} done, {run.rematched} re-matched, {scored} scores) = "
          f"{scored / elapsed:,.0f} scores/s; the run itself (read, score, write) took {written:.2f} s")


if __name__ == "__main__":
    main()
