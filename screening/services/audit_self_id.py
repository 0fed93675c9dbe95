"""Voluntary self-identification: the candidate's answers, an operator's import, and erasure.

The answers are sensitive: they go to the database and nowhere else. Nothing here logs them, puts them
in an audit event (events say that answers were given or imported, never what they were) or echoes
them back in an error message.
"""
from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass
from typing import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.views.decorators.debug import sensitive_variables

from screening.models import Application, Candidate, SelfIdentification

from .audit import audit_record

SEX_CODES = tuple(SelfIdentification.Sex.values)
RACE_ETHNICITY_CODES = tuple(SelfIdentification.RaceEthnicity.values)
IMPORT_COLUMNS = ("application_id", "sex", "race_ethnicity")
IMPORT_CHUNK = 5_000
MAX_PROBLEMS_SHOWN = 50


def _refuse_erased(application: Application) -> None:
    # Read again: the caller's copy of the candidate may predate an erasure.
    candidate = Candidate.objects.only("erased_at", "anonymised_at").get(pk=application.candidate_id)
    if candidate.erased_at is not None or candidate.anonymised_at is not None:
        raise ValidationError("This application's data has been erased.", code="erased")


@sensitive_variables()
@transaction.atomic
def self_id_record(
    *,
    application: Application,
    sex: str,
    race_ethnicity: str,
    source: str = SelfIdentification.Source.CANDIDATE,
) -> SelfIdentification:
    """Store (or replace) the answers for one application; "decline" is an answer too."""
    _refuse_erased(application)
    errors = {}
    if sex not in SEX_CODES:
        errors["sex"] = "Choose one of the answers, or “I decline to answer”."
    if race_ethnicity not in RACE_ETHNICITY_CODES:
        errors["race_ethnicity"] = "Choose one of the answers, or “I decline to answer”."
    if errors:
        raise ValidationError(errors)
    answers, created = SelfIdentification.objects.update_or_create(
        application=application, defaults={"sex": sex, "race_ethnicity": race_ethnicity, "source": source}
    )
    audit_record(
        action="self_id.recorded" if created else "self_id.changed",
        object_type="application",
        object_id=application.public_id,
        actor_kind="candidate" if source == SelfIdentification.Source.CANDIDATE else "system",
        data={"source": source},
    )
    return answers


@transaction.atomic
def self_id_remove(*, application: Application) -> bool:
    """The candidate withdraws their answers; False if there were none."""
    deleted, _ = SelfIdentification.objects.filter(application=application).delete()
    if deleted:
        audit_record(
            action="self_id.removed", object_type="application", object_id=application.public_id, actor_kind="candidate"
        )
    return bool(deleted)


def self_id_erase(*, candidate: Candidate) -> int:
    """Delete the answers given for any of the candidate's applications (part of erasure and anonymisation)."""
    deleted, _ = SelfIdentification.objects.filter(application__candidate=candidate).delete()
    return deleted


# --- Import from an HR system ------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportProblem:
    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


class SelfIdImportRefused(ValidationError):
    """The file was refused as a whole (nothing imported); `problems` says where and why."""

    def __init__(self, problems: list[ImportProblem]):
        self.problems = problems
        shown = [str(p) for p in problems[:MAX_PROBLEMS_SHOWN]]
        if len(problems) > MAX_PROBLEMS_SHOWN:
            shown.append(f"… and {len(problems) - MAX_PROBLEMS_SHOWN} more")
        super().__init__(shown, code="refused")


@dataclass(frozen=True)
class ImportReport:
    rows: int  # data rows read
    applications: int  # applications whose answers were stored
    replaced_in_file: int  # rows overridden by a later row for the same application
    replaced_stored: int  # applications that already had answers, now replaced

    def to_dict(self) -> dict:
        return {
            "rows": self.rows,
            "applications": self.applications,
            "replaced_in_file": self.replaced_in_file,
            "replaced_stored": self.replaced_stored,
        }


@sensitive_variables()
def _parse(text: str) -> tuple[dict[uuid.UUID, tuple[int, str, str]], int, int, list[ImportProblem]]:
    """{application public id: (line, sex, race/ethnicity)} with later rows replacing earlier ones."""
    problems: list[ImportProblem] = []
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    names = [h.strip() for h in header] if header else []
    if sorted(names) != sorted(IMPORT_COLUMNS):
        problems.append(ImportProblem(1, f"the header must name the columns {','.join(IMPORT_COLUMNS)}"))
        return {}, 0, 0, problems
    where = {name: names.index(name) for name in IMPORT_COLUMNS}
    answers: dict[uuid.UUID, tuple[int, str, str]] = {}
    rows = replaced = 0
    for record in reader:
        line = reader.line_num
        if not record or all(not cell.strip() for cell in record):
            continue  # blank line
        rows += 1
        if len(record) != len(IMPORT_COLUMNS):
            problems.append(ImportProblem(line, f"expected {len(IMPORT_COLUMNS)} values, found {len(record)}"))
            continue
        raw_id, sex, race = (record[where[name]].strip() for name in IMPORT_COLUMNS)
        bad = False
        try:
            public_id = uuid.UUID(raw_id)
        except ValueError:
            problems.append(ImportProblem(line, "application_id is not an application id (a UUID)"))
            bad = True
        # The refused value is not repeated: it may be a person's answer, and terminals are logged.
        if sex not in SEX_CODES:
            problems.append(ImportProblem(line, f"sex is not one of {', '.join(SEX_CODES)}"))
            bad = True
        if race not in RACE_ETHNICITY_CODES:
            problems.append(ImportProblem(line, f"race_ethnicity is not one of {', '.join(RACE_ETHNICITY_CODES)}"))
            bad = True
        if bad:
            continue
        if public_id in answers:
            replaced += 1
        answers[public_id] = (line, sex, race)
    return answers, rows, replaced, problems


def _chunks(items: list, size: int) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@sensitive_variables()
@transaction.atomic
def self_id_import(*, text: str) -> ImportReport:
    """Load answers from an HR system's CSV (columns application_id,sex,race_ethnicity; the codes of
    SelfIdentification). All or nothing: any bad line refuses the whole file, naming every bad line.
    A later row for the same application replaces an earlier one, in the file and in the database."""
    answers, rows, replaced_in_file, problems = _parse(text)
    found: dict[uuid.UUID, tuple[int, bool]] = {}
    ids = list(answers)
    for chunk in _chunks(ids, IMPORT_CHUNK):
        for pk, public_id, erased, anonymised in Application.objects.filter(public_id__in=chunk).values_list(
            "pk", "public_id", "candidate__erased_at", "candidate__anonymised_at"
        ):
            found[public_id] = (pk, erased is not None or anonymised is not None)
    for public_id, (line, _, _) in answers.items():
        if public_id not in found:
            problems.append(ImportProblem(line, "no application has this application_id"))
        elif found[public_id][1]:
            problems.append(ImportProblem(line, "this application's candidate was erased"))
    if problems:
        raise SelfIdImportRefused(sorted(problems, key=lambda p: p.line))
    pks = [found[public_id][0] for public_id in ids]
    stored = 0
    for chunk in _chunks(pks, IMPORT_CHUNK):
        stored += SelfIdentification.objects.filter(application_id__in=chunk).count()
    rows_to_store = [
        SelfIdentification(
            application_id=found[public_id][0], sex=sex, race_ethnicity=race, source=SelfIdentification.Source.IMPORT
        )
        for public_id, (_, sex, race) in answers.items()
    ]
    for chunk in _chunks(rows_to_store, IMPORT_CHUNK):
        SelfIdentification.objects.bulk_create(
            chunk,
            update_conflicts=True,
            unique_fields=["application"],
            update_fields=["sex", "race_ethnicity", "source", "updated_at"],
        )
    report = ImportReport(rows=rows, applications=len(answers), replaced_in_file=replaced_in_file, replaced_stored=stored)
    audit_record(action="self_id.imported", object_type="self_identification", object_id="import", data=report.to_dict())
    return report
