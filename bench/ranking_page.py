"""Benchmark of the recruiter's ranked list: server time for a filtered page with 10k and 100k applications.

usage: .venv/bin/python bench/ranking_page.py [--sizes 10000 100000] [--repeat 20] [--reseed] [--db screening_bench]
                                              [--random-page-cost 1.1] [--base 20000]
       (1,000,000 applications: --sizes 1000000; seeded in about ten minutes, see --base)

Needs PostgreSQL (--dsn-base, default postgres://postgres@127.0.0.1:5432). It makes a database of its own per
size (`<db>_<size>`, created if missing, migrated), seeds one job of that size with synthetic candidates,
applications, resumes, parses (text, its masked twin for blind review, and their full-text vectors), skills and
scores by bulk inserts (scores computed by the real scoring code from random features), then times
GET /recruiter/jobs/<slug>/?filters through Django's test client as a signed-in recruiter: the whole server
side (middleware, selectors, template), no network. The last scenarios search with the job under blind review.
Prints per scenario the median and p95 wall-clock milliseconds, the median CPU milliseconds of the Django
process and the median milliseconds spent in SQL, the number of queries, and the matches counted (or
"later*" when the page left the total to the browser's follow-up request, timed separately below).
The machine's load average is printed too: on a shared machine wall-clock times rise with it.

Sizes above --base (default 20,000) that are a multiple of it are seeded fast: --base applications as
above, then copied in SQL (bench/fastseed.py) until the job holds the size asked for; the copies share
the base's texts, skills and scores, which is what the page's queries read in bulk.

Seeded jobs are kept between runs (re-seeded only with --reseed), so a second run measures in seconds.
Synthetic data only: names and resume texts are assembled from word lists written here.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

FIRST = (
    "Ada Alan Grace Linus Barbara Edsger Donald Frances Ken Radia Tim Margaret Dennis Niklaus John Sophie Karen Hedy"
).split()
LAST = (
    "Lovelace Turing Hopper Torvalds Liskov Dijkstra Knuth Allen Thompson Perlman Berners Hamilton Ritchie Wirth "
    "Backus Wilson Jones Lamarr"
).split()
SKILLS = [
    "python",
    "java",
    "cpp",
    "machine_learning",
    "deep_learning",
    "neural_networks",
    "nlp",
    "computer_vision",
    "pandas",
    "numpy",
    "scikit_learn",
    "pytorch",
    "tensorflow",
    "keras",
    "apache_spark",
    "kafka",
    "sql",
    "statistics",
    "probability",
    "linear_algebra",
    "docker",
    "kubernetes",
    "aws",
    "model_deployment",
    "mlops",
    "rest_api",
    "flask",
    "fastapi",
    "matplotlib",
    "feature_engineering",
    "data_cleaning",
    "r_lang",
]
WORDS = {
    "python": "Python",
    "java": "Java",
    "cpp": "C++",
    "machine_learning": "machine learning",
    "deep_learning": "deep learning",
    "neural_networks": "neural networks",
    "nlp": "natural language processing",
    "computer_vision": "computer vision",
    "pandas": "pandas",
    "numpy": "NumPy",
    "scikit_learn": "scikit-learn",
    "pytorch": "PyTorch",
    "tensorflow": "TensorFlow",
    "keras": "Keras",
    "apache_spark": "Apache Spark",
    "kafka": "Kafka",
    "sql": "SQL",
    "statistics": "statistics",
    "probability": "probability",
    "linear_algebra": "linear algebra",
    "docker": "Docker",
    "kubernetes": "Kubernetes",
    "aws": "AWS",
    "model_deployment": "model deployment",
    "mlops": "MLOps",
    "rest_api": "REST APIs",
    "flask": "Flask",
    "fastapi": "FastAPI",
    "matplotlib": "Matplotlib",
    "feature_engineering": "feature engineering",
    "data_cleaning": "data cleaning",
    "r_lang": "R",
}
VERBS = "Built Designed Deployed Maintained Improved Led Automated Migrated Scaled Monitored".split()
OBJECTS = (
    "a demand forecasting service|fraud scoring models|a recommendation engine|data pipelines for reporting|"
    "the search ranking stack|an image classification system|internal analytics dashboards|a churn model"
).split("|")
STAGES = [
    ("new", 70),
    ("screening", 12),
    ("interview", 6),
    ("offer", 2),
    ("hired", 1),
    ("rejected", 8),
    ("withdrawn", 1),
]
STATUSES = [("processed", 93), ("received", 2), ("processing", 1), ("needs_review", 2), ("failed", 2)]

COUNT_SHOWN = re.compile(r"of\s+<strong>([\d,]+)</strong>")
SCENARIOS = [
    ("first page, by score", {}),
    ("must-haves + min score 40 + degree >= master", {"must_haves": "on", "min_score": "40", "degree": "master"}),
    ("has skill PyTorch + min 24 months + stage new", {"skill": "PyTorch", "min_months": "24", "stage": "new"}),
    ("full-text search 'kubernetes forecasting'", {"q": "kubernetes forecasting"}),
    ("search + must-haves, by date", {"q": "pytorch", "must_haves": "on", "sort": "date"}),
    ("sorted by name, page 40", {"sort": "name", "page": "40"}),
    ("processing status: needs review", {"status": "needs_review"}),
]
# The same searches while the job is reviewed blind: hidden candidates are searched in their masked text.
BLIND_SCENARIOS = [
    ("blind review: search 'kubernetes forecasting'", {"q": "kubernetes forecasting"}),
    ("blind review: search + must-haves, by date", {"q": "pytorch", "must_haves": "on", "sort": "date"}),
]


def weighted(rng: random.Random, table: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


def ensure_database(dsn_base: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{dsn_base}/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def resume_text(rng: random.Random, name: str, skills: list[str]) -> str:
    lines = [name, "Machine Learning Engineer", "", "Summary", "Engineer who ships models to production.", ""]
    lines += ["Skills", ", ".join(WORDS[s] for s in skills), "", "Experience"]
    for year in range(2024, 2024 - rng.randint(1, 4) * 2, -2):
        lines.append(f"{rng.choice(['Machine Learning Engineer', 'Data Scientist', 'Software Engineer'])}")
        lines.append(f"Northwind {rng.randint(1, 99)}  {year - 2} - {year}")
        for _ in range(3):
            picked = rng.sample(skills, k=min(2, len(skills)))
            lines.append(f"{rng.choice(VERBS)} {rng.choice(OBJECTS)} with {' and '.join(WORDS[s] for s in picked)}.")
        lines.append("")
    lines += [
        "Education",
        rng.choice(["M.Sc. Computer Science", "B.Sc. Mathematics", "Ph.D. Physics", "B.A. Economics"]),
    ]
    return "\n".join(lines)


def seed(job_slug: str, n: int, rng: random.Random, base: int = 20_000) -> None:
    """Seeds the job `job_slug` with n applications: all through the ORM, or `base` of them copied in SQL."""
    from django.db import connection, transaction

    from fastseed import replicate  # bench/, beside this file
    from screening.models import Job

    fast = n > base and n % base == 0
    seeded = Job.objects.filter(slug=job_slug).first()
    if fast and seeded is not None and seeded.applications.count() == base:
        pass  # the base of an interrupted seeding: copied below
    elif fast:
        # The database is this size's own: emptied in one statement, as deleting a million rows through the
        # ORM's cascades would take longer than seeding them.
        with connection.cursor() as cur:
            cur.execute(
                "TRUNCATE screening_score, screening_competencyevidence, screening_resumeskill, "
                "screening_parseresult, screening_resume, screening_application, screening_candidate CASCADE"
            )
        Job.objects.filter(slug=job_slug).delete()
        _seed_orm(job_slug, base, rng)
    else:
        _seed_orm(job_slug, n, rng)
    if fast:
        with transaction.atomic(), connection.cursor() as cur:
            replicate(cur, job_id=Job.objects.get(slug=job_slug).pk, copies=n // base - 1)
        Job.objects.filter(slug=job_slug).update(title=f"Bench {n}")
        with connection.cursor() as cur:
            cur.execute("VACUUM ANALYZE")


def _seed_orm(job_slug: str, n: int, rng: random.Random) -> None:
    from django.db import connection, transaction

    from screening import scoring
    from screening.blind import searchable_text
    from screening.models import Application, Candidate, Job, ParseResult, Resume, ResumeSkill, Score
    from screening.services.scores import version_spec

    template = Job.objects.get(slug="machine-learning-engineer")
    Job.objects.filter(slug=job_slug).delete()
    Candidate.objects.filter(email__startswith=f"{job_slug}-").delete()
    version = template.profile.published_version
    assert version is not None, "the template job's profile is published"
    spec = version_spec(version)
    with transaction.atomic():
        job = Job.objects.create(title=f"Bench {n}", slug=job_slug, profile=template.profile)
        batch = 5000
        for lo in range(0, n, batch):
            size = min(batch, n - lo)
            candidates = Candidate.objects.bulk_create(
                [
                    Candidate(
                        name=f"{rng.choice(FIRST)} {rng.choice(LAST)}", email=f"{job_slug}-{lo + i}@bench.invalid"
                    )
                    for i in range(size)
                ]
            )
            apps = Application.objects.bulk_create(
                [Application(candidate=c, job=job, stage=weighted(rng, STAGES)) for c in candidates]
            )
            statuses = [weighted(rng, STATUSES) for _ in apps]
            resumes = Resume.objects.bulk_create(
                [
                    Resume(
                        application=a,
                        file="resumes/bench-missing",
                        original_name="resume.pdf",
                        sha256=f"{rng.getrandbits(256):064x}",
                        size=40_000,
                        kind="pdf",
                        status=s,
                    )
                    for a, s in zip(apps, statuses, strict=True)
                ]
            )
            parses, parse_skills, parsed_apps = [], [], []
            for app, resume, status, cand in zip(apps, resumes, statuses, candidates, strict=True):
                if status not in ("processed", "needs_review"):
                    continue
                skills = rng.sample(SKILLS, k=rng.randint(4, 14))
                text = resume_text(rng, cand.name, skills)
                parses.append(
                    ParseResult(
                        resume=resume,
                        parser_version="bench",
                        text=text,
                        blind_text=searchable_text(text, None, names=[cand.name]),
                        facts={},
                        experience_months=rng.randint(0, 180),
                        ml_experience_months=rng.randint(0, 90),
                        education_level=rng.choice([-1, 3, 3, 4, 4, 5]),
                    )
                )
                parse_skills.append(skills)
                parsed_apps.append((app, status))
            parses = ParseResult.objects.bulk_create(parses)
            ResumeSkill.objects.bulk_create(
                [
                    ResumeSkill(
                        parse=p, skill_id=s, months=rng.randint(0, 60), last_used=rng.choice([None, 2022, 2024])
                    )
                    for p, skills in zip(parses, parse_skills, strict=True)
                    for s in skills
                ],
                batch_size=10_000,
            )
            scored = [(a, p) for (a, status), p in zip(parsed_apps, parses, strict=True) if status == "processed"]
            features = [
                scoring.CandidateFeatures(
                    competencies=tuple(
                        scoring.CompetencyFeatures(
                            key=c.key,
                            placement=rng.choice([0, 0, 1, 3, 4, 5]),
                            months=rng.randint(0, 48),
                            last_used=rng.choice([None, 2021, 2024]),
                            mentions=1,
                        )
                        for c in spec.competencies
                    ),
                    reference_year=2025,
                    education_level=rng.choice([None, "bachelor", "master", "doctorate"]),
                    education_field_match=rng.choice([0, 1]),
                    experience_months=rng.randint(0, 120),
                    ml_experience_months=rng.randint(0, 60),
                ).pack()
                for _ in scored
            ]
            rows = scoring.score_many(features, spec)
            Score.objects.bulk_create(
                [
                    Score(
                        application=a,
                        profile_version=version,
                        parse=p,
                        total=r.total,
                        must_haves_met=r.must_haves_met,
                        missing_must_haves=list(r.missing_must_haves),
                        points=list(r.points),
                        flags=list(r.flags),
                    )
                    for (a, p), r in zip(scored, rows, strict=True)
                ]
            )
            print(f"  {job_slug}: {lo + size}/{n}", file=sys.stderr, end="\r")
        with connection.cursor() as cur:
            cur.execute(
                "UPDATE screening_resume r SET parse_id = p.id FROM screening_parseresult p "
                "WHERE p.resume_id = r.id AND r.parse_id IS NULL"
            )
            cur.execute(
                "UPDATE screening_application a SET current_resume_id = r.id, "
                "created_at = now() - random() * interval '90 days' "
                "FROM screening_resume r WHERE r.application_id = a.id AND a.job_id = %s",
                [job.pk],
            )
            cur.execute(
                "UPDATE screening_parseresult SET search_vector = to_tsvector('english', text), "
                "blind_search_vector = to_tsvector('english', blind_text) WHERE search_vector IS NULL"
            )
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    print(file=sys.stderr)


def measure(
    client, url: str, params: dict[str, str], repeat: int
) -> tuple[float, float, float, float, int, int | None]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):  # warm caches (PostgreSQL buffers, template loader, taxonomy)
        client.get(url, params)
    times, cpu, sql = [], [], []
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, params)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
        assert response.status_code == 200, response.status_code
    # SQL is timed in runs of its own: recording queries slows the timed runs down.
    for _ in range(max(3, repeat // 4)):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, params)
        sql.append(sum(float(q["time"]) for q in queries.captured_queries) * 1000)
    found = COUNT_SHOWN.search(response.content.decode())
    count = int(found.group(1).replace(",", "")) if found else None
    times.sort()
    return (
        statistics.median(times),
        times[max(0, round(0.95 * len(times)) - 1)],
        statistics.median(cpu),
        statistics.median(sql),
        len(queries.captured_queries),
        count,
    )


def measure_late_count(client, url: str, params: dict[str, str]) -> tuple[float, int]:
    """The separate request a page makes when its count did not fit the budget: (ms, count)."""
    params = {k: v for k, v in params.items() if k not in ("page", "sort")}
    start = time.perf_counter()
    response = client.get(url + "count/", params)
    return (time.perf_counter() - start) * 1000, response.json()["count"]


def use_database(dsn_base: str, name: str, random_page_cost: float | None) -> None:
    """Point Django's connection at another database of the benchmark, migrated, with the planner's
    random_page_cost as asked (PostgreSQL's default of 4 assumes spinning disks; 1.1 suits SSDs)."""
    import psycopg
    from django.core.management import call_command
    from django.db import connections

    ensure_database(dsn_base, name)
    with psycopg.connect(f"{dsn_base}/postgres", autocommit=True) as conn:
        if random_page_cost is None:
            conn.execute(f'ALTER DATABASE "{name}" RESET random_page_cost')
        else:
            conn.execute(f'ALTER DATABASE "{name}" SET random_page_cost = {float(random_page_cost)}')
    connection = connections["default"]
    connection.close()
    connection.settings_dict["NAME"] = name
    call_command("migrate", verbosity=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument(
        "--base", type=int, default=20_000, help="larger sizes seed this many through the ORM, then copy them in SQL"
    )
    parser.add_argument("--db", default="screening_bench", help="database name prefix (one database per size)")
    parser.add_argument("--dsn-base", default=os.environ.get("BENCH_DSN_BASE", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument(
        "--random-page-cost",
        type=float,
        default=None,
        metavar="COST",
        help="planner setting for the bench databases (default: PostgreSQL's own, 4; 1.1 is usual on SSDs)",
    )
    args = parser.parse_args(argv)

    first = f"{args.db}_{args.sizes[0]}"
    ensure_database(args.dsn_base, first)
    os.environ["DATABASE_URL"] = f"{args.dsn_base}/{first}"
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hiring.settings.test")
    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver"]
    from screening.models import Application, Job
    from screening.services.setup import defaults_load
    from tests.factories import recruiter

    for n in args.sizes:
        # A database per size, so each job is measured with as many applications as the database holds.
        use_database(args.dsn_base, f"{args.db}_{n}", args.random_page_cost)
        defaults_load()
        client = Client()
        client.force_login(recruiter(username="bench-recruiter"))
        slug = f"bench-{n}"
        job = Job.objects.filter(slug=slug).first()
        if args.reseed or job is None or Application.objects.filter(job=job).count() != n:
            print(f"seeding {n} applications…", file=sys.stderr)
            started = time.perf_counter()
            seed(slug, n, random.Random(n), base=args.base)
            print(f"  seeded in {time.perf_counter() - started:.0f} s", file=sys.stderr)
            job = Job.objects.get(slug=slug)
        url = f"/recruiter/jobs/{slug}/"
        print(f"\n{n:,} applications in the job ({Application.objects.count():,} in the database), page of 50")
        print(
            f"load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs, "
            f"random_page_cost {args.random_page_cost if args.random_page_cost is not None else 'default'}"
        )
        print(
            f"{'scenario':52} {'median ms':>10} {'p95 ms':>8} {'py cpu':>7} {'sql ms':>7} {'queries':>8} {'matches':>8}"
        )
        late = []
        for blind, scenarios in ((False, SCENARIOS), (True, BLIND_SCENARIOS)):
            Job.objects.filter(pk=job.pk).update(blind_review=blind)
            try:
                for label, params in scenarios:
                    median, p95, cpu, sql, queries, count = measure(client, url, params, args.repeat)
                    shown = f"{count:8d}" if count is not None else f"{'later*':>8}"
                    print(f"{label:52} {median:10.1f} {p95:8.1f} {cpu:7.1f} {sql:7.1f} {queries:8d} {shown}")
                    if count is None:
                        late.append((label, *measure_late_count(client, url, params)))
            finally:
                Job.objects.filter(pk=job.pk).update(blind_review=False)
        for label, ms, count in late:
            print(f"  * {label}: total counted by the follow-up request in {ms:.0f} ms ({count} matches)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
