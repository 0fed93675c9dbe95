"""Fast seeding for the million-row benchmarks: copy one job's seeded applications in SQL.

Seeding a million applications through the ORM (and the scoring code) takes over an hour on this machine;
the benchmarks seed a base of tens of thousands that way, then `replicate` copies every row that belongs
to the job (candidates, applications, resumes, parses, skills, matched evidence, scores) with one
INSERT ... SELECT over generate_series per table. Copy k shifts each id, and each foreign key, by k times
that table's largest id, so copies never collide and stay linked to each other; unique values (public ids,
email addresses) are made afresh. The non-unique secondary indexes of those tables are dropped during the
copy and rebuilt after it, as a bulk load does: building an index once is far cheaper than a million
inserts into it (the full-text GIN indexes most of all).
"""

from __future__ import annotations

import sys
import time

# table -> (how to select the job's rows, {foreign key column: referenced table})
TABLES: dict[str, tuple[str, dict[str, str]]] = {
    "screening_candidate": (
        "id IN (SELECT candidate_id FROM screening_application WHERE job_id = %(job)s)",
        {},
    ),
    "screening_application": (
        "job_id = %(job)s",
        {"candidate_id": "screening_candidate", "current_resume_id": "screening_resume"},
    ),
    "screening_resume": (
        "application_id IN (SELECT id FROM screening_application WHERE job_id = %(job)s)",
        {"application_id": "screening_application", "parse_id": "screening_parseresult"},
    ),
    "screening_parseresult": (
        "resume_id IN (SELECT r.id FROM screening_resume r JOIN screening_application a ON a.id = r.application_id "
        "WHERE a.job_id = %(job)s)",
        {"resume_id": "screening_resume"},
    ),
    "screening_resumeskill": (
        "parse_id IN (SELECT p.id FROM screening_parseresult p JOIN screening_resume r ON r.id = p.resume_id "
        "JOIN screening_application a ON a.id = r.application_id WHERE a.job_id = %(job)s)",
        {"parse_id": "screening_parseresult"},
    ),
    "screening_competencyevidence": (
        "parse_id IN (SELECT p.id FROM screening_parseresult p JOIN screening_resume r ON r.id = p.resume_id "
        "JOIN screening_application a ON a.id = r.application_id WHERE a.job_id = %(job)s)",
        {"parse_id": "screening_parseresult"},
    ),
    "screening_score": (
        "application_id IN (SELECT id FROM screening_application WHERE job_id = %(job)s)",
        {"application_id": "screening_application", "parse_id": "screening_parseresult"},
    ),
}
# Values that must differ in every copy: k is the copy's number.
FRESH = {
    "public_id": "gen_random_uuid()",
    "email": "'c' || k || '-' || {src}.email",
}


def replicate(cursor, *, job_id: int, copies: int) -> None:
    """Adds `copies` copies of every row of the job `job_id` (so the job holds copies + 1 times as many)."""
    if copies <= 0:
        return
    offsets = {}
    for table in TABLES:
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {table}")  # noqa: S608 - table names are ours
        offsets[table] = cursor.fetchone()[0]
    dropped = _drop_secondary_indexes(cursor)
    for table, (where, foreign) in TABLES.items():
        started = time.perf_counter()
        cursor.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = %s ORDER BY ordinal_position",
            [table],
        )
        columns = [row[0] for row in cursor.fetchall()]
        select = []
        for column in columns:
            if column == "id":
                select.append(f"src.id + k * {offsets[table]}")
            elif column in foreign:
                select.append(f"src.{column} + k * {offsets[foreign[column]]}")
            elif column in FRESH:
                select.append(FRESH[column].format(src="src"))
            else:
                select.append(f"src.{column}")
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns)}) "  # noqa: S608 - names from information_schema
            f"SELECT {', '.join(select)} FROM {table} src CROSS JOIN generate_series(1, %(copies)s) AS k "
            f"WHERE src.{where}",
            {"job": job_id, "copies": copies},
        )
        print(f"  copied {table}: {cursor.rowcount:,} rows in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    # The copies' foreign keys are checked now (Django's are deferred to the commit), before the indexes are
    # built: PostgreSQL builds no index on a table with checks pending.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    for name, definition in dropped:
        started = time.perf_counter()
        cursor.execute(definition)
        print(f"  rebuilt index {name} in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    for table in TABLES:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
        )


def _drop_secondary_indexes(cursor) -> list[tuple[str, str]]:
    """Drops the indexes of TABLES that back no constraint; returns (name, CREATE INDEX ...) to rebuild them."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = ANY(%s) "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
        [list(TABLES)],
    )
    dropped = cursor.fetchall()
    for name, _ in dropped:
        cursor.execute(f'DROP INDEX "{name}"')
    return dropped
