"""Processing a stored resume: claim it, read it in a sandbox, save what was read, score it.

The database holds the state. A worker claims a row with a conditional UPDATE that sets a lease and
counts the attempt; a second delivery of the same message finds nothing to claim and does nothing.
A worker that dies leaves the lease to expire, and the sweep (or the broker's redelivery) hands the
row to another worker; after MAX_ATTEMPTS claims the file is marked failed, so a file that kills its
reader every time cannot loop.
"""
from __future__ import annotations

import dataclasses
import datetime
import logging
import os
import signal
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from screening import documents
from screening.blind import searchable_text
from screening.fingerprints import text_digest
from screening.models import Candidate, ParseResult, Resume, ResumeSkill
from screening.nlp.facts import EDUCATION_LEVELS, ResumeFacts
from screening.reading import Outcome, ReadResult, read_resume, warm_pipeline
from screening.sandbox import SandboxError, SandboxLimits, run_isolated, run_reused

from .audit import audit_record
from .leases import lease_take
from .queueing import send_after_commit
from .taxonomy import parser_version, taxonomy_file, taxonomy_revision

logger = logging.getLogger(__name__)


def _conf(key: str):
    return settings.SCREENING[key]


def document_limits() -> documents.DocumentLimits:
    return documents.DocumentLimits(
        max_bytes=_conf("MAX_UPLOAD_BYTES"),
        max_pages=_conf("MAX_PAGES"),
        max_chars=_conf("MAX_CHARS"),
        max_seconds=_conf("MAX_PARSE_SECONDS"),
        ocr=_conf("OCR"),
    )


def resume_enqueue(*, resume_id: int) -> None:
    """Send the resume to the workers once the current transaction commits.

    If the broker is unreachable the request still succeeds: the row stays `received` and the
    periodic sweep enqueues it when the broker is back.
    """
    from screening.tasks import resume_process as task  # tasks import services; keep the cycle lazy

    send_after_commit(
        task,
        resume_id,
        what="resume",
        then="the sweep will retry",
        sent=lambda: Resume.objects.filter(pk=resume_id, status=Resume.Status.RECEIVED).update(
            enqueued_at=timezone.now()
        ),
    )


def _claimable(resume_id: int, now: datetime.datetime):
    return Resume.objects.filter(
        Q(status=Resume.Status.RECEIVED) | Q(status=Resume.Status.PROCESSING, lease_until__lt=now), pk=resume_id
    )


def _claim(resume_id: int, owner: str = "", resumed_from: str = "") -> Resume | None:
    """Take the row for one read, counting the attempt, if it is free and has attempts left, or take back
    the lease of `resumed_from`, the try before this one (the rules: services.leases)."""
    now = timezone.now()
    if not lease_take(
        _claimable(resume_id, now), resume_id, working=Resume.Status.PROCESSING, owner=owner,
        resumed_from=resumed_from, now=now,
    ):
        return None
    return Resume.objects.select_related("application__job__profile", "application__candidate").get(pk=resume_id)


def _claim_exhausted(resume_id: int) -> Resume | None:
    """Take a free row whose every attempt ended with a dead worker, only to mark it failed.

    Kept apart from _claim so the counter never passes MAX_ATTEMPTS: it says how many times the
    file was really read.
    """
    now = timezone.now()
    claimed = (
        _claimable(resume_id, now)
        .filter(attempts__gte=_conf("MAX_ATTEMPTS"))
        .update(status=Resume.Status.PROCESSING, lease_until=now + timedelta(seconds=_conf("LEASE_SECONDS")))
    )
    return Resume.objects.select_related("application").get(pk=resume_id) if claimed else None


def resume_process(
    *, resume_id: int, owner: str = "", resumed_from: str = "", today: datetime.date | None = None
) -> str:
    """Process one resume if it is ours to process. Returns what happened (for logs and tests).

    `owner` names this try (Celery task id and retry count) and `resumed_from` the try it retries, so
    that a retry resumes its predecessor's lease (see _claim).
    """
    resume = _claim(resume_id, owner, resumed_from)
    if resume is None:
        exhausted = _claim_exhausted(resume_id)
        if exhausted is None:
            return "skipped"
        return _finish(
            exhausted,
            ReadResult(
                status=Outcome.FAILED,
                error_code="worker_lost",
                error=(
                    f"Processing stopped unexpectedly {exhausted.attempts} times; "
                    "the file may crash the reader. Please check the file."
                ),
            ),
        )

    try:
        with resume.file.open("rb") as fh:
            data = fh.read()
    except FileNotFoundError:
        return _finish(
            resume,
            ReadResult(status=Outcome.FAILED, error_code="missing_file", error="The stored file is missing."),
        )
    _maybe_crash_for_tests(data)
    result = _read(data, resume.original_name, today=today, reuse=True)
    return _finish(resume, result)


def reading_options() -> dict:
    """The pipeline to read with: the configured model (if any) and the admins' taxonomy (if edited)."""
    revision = taxonomy_revision()
    model = _conf("SPACY_MODEL")
    return {
        "model": model,
        "taxonomy_path": taxonomy_file(revision),
        "parser_version": parser_version(revision, model),
    }


def resume_read_unstored(*, data: bytes, filename: str) -> ReadResult:
    """Read a file exactly as the worker would (same limits, sandbox and pipeline) and store nothing:
    the API's parse endpoint."""
    return _read(data, filename, today=None)


def _read(data: bytes, filename: str, *, today: datetime.date | None, reuse: bool = False) -> ReadResult:
    """`reuse`: read in this process's kept sandboxed reader (sandbox.run_reused), as a worker reading resume
    after resume does, instead of a child forked for this file alone."""
    limits = document_limits()
    options = reading_options()
    sandbox = sandbox_limits(limits)
    if sandbox is None:
        return read_resume(data, filename, limits=limits, today=today, **options)
    # Build the pipeline here, once per worker process, and run it once, so every forked reader inherits
    # it with its rule tables compiled instead of building and compiling its own (a second and more each).
    warm_pipeline(options["model"], options["taxonomy_path"])
    try:
        if reuse:
            payload = run_reused(
                _read_reused,
                data,
                filename,
                dataclasses.asdict(limits),
                today.isoformat() if today else None,
                options,
                limits=sandbox,
                key=(options["model"], options["taxonomy_path"]),
            )
        else:
            payload = run_isolated(_read_isolated, data, filename, limits, today, options, limits=sandbox)
    except SandboxError as exc:
        return ReadResult(status=Outcome.FAILED, error_code=exc.code, error=str(exc))
    return ReadResult.from_dict(payload)


def sandbox_limits(limits: documents.DocumentLimits) -> SandboxLimits | None:
    """The limits of the child a resume file is read in (None when the sandbox is switched off): one
    place, so the worker and `manage.py parse_resume` read hostile files under the same limits."""
    if not _conf("SANDBOX"):
        return None
    return SandboxLimits(seconds=limits.max_seconds + 5, memory_mb=_conf("PARSE_MEMORY_MB"))


def _read_isolated(
    data: bytes, filename: str, limits: documents.DocumentLimits, today: datetime.date | None, options: dict
) -> dict:
    """The part that runs in the sandboxed child: read the file, return a JSON-able result."""
    _maybe_hang_for_tests(data)
    return read_resume(data, filename, limits=limits, today=today, **options).to_dict()


def _read_reused(data: bytes, filename: str, limits: dict, today: str | None, options: dict) -> dict:
    """_read_isolated in the kept reader, whose arguments arrive as JSON (the limits as a dict, the date as text)."""
    return _read_isolated(
        data, filename, documents.DocumentLimits(**limits), datetime.date.fromisoformat(today) if today else None, options
    )


def _maybe_hang_for_tests(data: bytes) -> None:
    """Fault injection for the reliability suite: a marker in the file makes the reader spin forever.

    Enabled only when SCREENING_HANG_MARKER is set in the environment (never in production), to
    simulate a parser stuck in a loop on a hostile file; it runs inside the sandboxed child, which
    the sandbox must kill on its time limit while the worker carries on.
    """
    marker = os.environ.get("SCREENING_HANG_MARKER")
    if marker and marker.encode() in data:
        while True:
            pass


def _maybe_crash_for_tests(data: bytes) -> None:
    """Fault injection for the reliability suite: a marker in the file kills this worker process.

    Enabled only when SCREENING_CRASH_MARKER is set in the environment (never in production), to
    simulate a reader that segfaults or is OOM-killed every time it sees a file.
    """
    marker = os.environ.get("SCREENING_CRASH_MARKER")
    if marker and marker.encode() in data:
        os.kill(os.getpid(), signal.SIGKILL)


@transaction.atomic
def _finish(resume: Resume, result: ReadResult) -> str:
    from .scores import application_score_current  # scoring imports this module's helpers

    parse = None
    if result.status != Outcome.FAILED:
        parse = _save_parse(resume, result)
    status = {
        Outcome.PROCESSED: Resume.Status.PROCESSED,
        Outcome.NEEDS_REVIEW: Resume.Status.NEEDS_REVIEW,
        Outcome.FAILED: Resume.Status.FAILED,
    }[result.status]
    updated = Resume.objects.filter(pk=resume.pk, status=Resume.Status.PROCESSING).update(
        status=status,
        parse=parse,
        processed_at=timezone.now(),
        lease_until=None,
        lease_owner="",
        error_code=result.error_code,
        error_message=result.error,
    )
    if not updated:
        # Someone else finished it while we worked (our lease had expired): keep their result.
        transaction.set_rollback(True)
        return "superseded"
    audit_record(
        action=f"resume.{status}",
        object_type="resume",
        object_id=resume.public_id,
        data={"attempts": resume.attempts, "error_code": result.error_code},
    )
    application = resume.application
    if parse is not None and result.status == Outcome.PROCESSED and application.current_resume_id == resume.pk:
        if result.facts is not None:
            _adopt_contact_details(application.candidate, result.facts)
        # Under the versions current now, read inside the score locks: a profile published while this
        # resume was being read is seen here (not the version loaded when the row was claimed).
        application_score_current(application=application, parse=parse)
    return result.status


def _adopt_contact_details(candidate: Candidate, facts: ResumeFacts) -> None:
    """Imported candidates gave no form: take their name, email and phone from the resume."""
    if candidate.name_from_form:
        return
    update = {}
    if facts.name is not None:
        update["name"] = facts.name.text[:200]
    if not candidate.email and facts.emails:
        email = facts.emails[0].text[:254]
        if not Candidate.objects.filter(email__iexact=email).exclude(pk=candidate.pk).exists():
            update["email"] = email
    if not candidate.phone and facts.phones:
        update["phone"] = facts.phones[0].text[:40]
    if update:
        Candidate.objects.filter(pk=candidate.pk).update(**update)


def _save_parse(resume: Resume, result: ReadResult) -> ParseResult:
    """Store what this read found. A read by the same parser version as an earlier one ("process again",
    or a `needs_review` read followed by a good one) replaces that parse, with its skills and evidence:
    the newest read is the one the resume stands on. Runs inside _finish's transaction, so a read that
    loses its row to another worker replaces nothing."""
    facts = result.facts or ResumeFacts()
    levels = [EDUCATION_LEVELS.index(e.level) for e in facts.education if e.level in EDUCATION_LEVELS]
    ParseResult.objects.filter(resume=resume, parser_version=result.parser_version).delete()
    parse, created = ParseResult.objects.get_or_create(
        resume=resume,
        parser_version=result.parser_version,
        defaults={
            "text": result.text,
            # (a callable: get_or_create masks the text only when it creates the row)
            "blind_text": lambda: _blind_text(resume, result.text, facts),
            "text_digest": text_digest(result.text),
            "facts": facts.to_dict() if result.facts is not None else {},
            "pages": result.pages,
            "notes": list(result.notes),
            "experience_months": facts.total_experience_months or (facts.stated_experience_months or 0),
            "ml_experience_months": facts.ml_experience_months,
            "education_level": max(levels, default=-1),
        },
    )
    if created:
        ResumeSkill.objects.bulk_create(
            [ResumeSkill(parse=parse, skill_id=s.id, months=s.months, last_used=s.last_used) for s in facts.skills],
            ignore_conflicts=True,
        )
        if connection.vendor == "postgresql":
            _index_for_search(parse)
    return parse


def _blind_text(resume: Resume, text: str, facts: ResumeFacts) -> str:
    if not text:
        return ""
    # The name typed on the form is masked too, wherever the resume repeats it (an import's name is a
    # placeholder made from the file name: see blind.form_names).
    names = Candidate.objects.filter(applications__resumes=resume, name_from_form=True).values_list("name", flat=True)
    return searchable_text(text, facts, names=list(names))


def _index_for_search(parse: ParseResult) -> None:
    from django.contrib.postgres.search import SearchVector
    from django.db.models import Value

    from screening.selectors.search import fold

    # folded (lower case, no accents) as the search box's terms are: "jose" finds "José"
    ParseResult.objects.filter(pk=parse.pk).update(
        search_vector=SearchVector(Value(fold(parse.text)), config="english"),
        blind_search_vector=SearchVector(Value(fold(parse.blind_text)), config="english"),
    )


@transaction.atomic
def resumes_reprocess(*, resume_ids: list[int], actor=None) -> int:
    """Read finished resumes again (after a parser upgrade or a fixed file); running ones are left alone."""
    rows = list(
        Resume.objects.filter(pk__in=resume_ids)
        .exclude(status=Resume.Status.PROCESSING)
        .values_list("pk", "public_id")
    )
    Resume.objects.filter(pk__in=[pk for pk, _ in rows]).update(
        status=Resume.Status.RECEIVED, attempts=0, error_code="", error_message="", enqueued_at=None
    )
    for resume_id, public_id in rows:
        audit_record(action="resume.reprocess", object_type="resume", object_id=public_id, actor=actor)
        resume_enqueue(resume_id=resume_id)
    return len(rows)


def resumes_sweep(*, now: datetime.datetime | None = None) -> list[int]:
    """Ids of resumes stuck in a non-final state, to enqueue again.

    Received rows not picked up for a while (a lost message, a broker restarted empty, a broker
    that was down at upload), and processing rows whose lease expired (a killed worker).
    """
    now = now or timezone.now()
    stale = now - timedelta(seconds=_conf("STUCK_AFTER_SECONDS"))
    stuck = Resume.objects.filter(
        Q(status=Resume.Status.RECEIVED, created_at__lt=stale)
        & (Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=stale))
        | Q(status=Resume.Status.PROCESSING, lease_until__lt=now)
    ).values_list("pk", flat=True)
    ids = list(stuck[:10_000])
    Resume.objects.filter(pk__in=ids, status=Resume.Status.RECEIVED).update(enqueued_at=now)
    return ids
