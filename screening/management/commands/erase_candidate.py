"""Erase a candidate's personal data (a request by letter or phone, or a data protection officer's decision)."""
from __future__ import annotations

import uuid

from django.core.management.base import BaseCommand, CommandError

from screening import services
from screening.models import Application, Candidate


def find_candidate(identifier: str) -> Candidate:
    """A candidate by public id, by one of their applications' public ids, or by email address."""
    identifier = identifier.strip()
    try:
        public_id = uuid.UUID(identifier)
    except ValueError:
        found = Candidate.objects.filter(email__iexact=identifier).first() if "@" in identifier else None
    else:
        found = (
            Candidate.objects.filter(public_id=public_id).first()
            or Candidate.objects.filter(
                pk__in=Application.objects.filter(public_id=public_id).values("candidate_id")
            ).first()
        )
    if found is None:
        # The identifier is not echoed back: it may be an email address, and terminals are logged.
        raise CommandError("No candidate matches that identifier.")
    return found


class Command(BaseCommand):
    help = (
        "Erase a candidate's personal data: resume files, extracted text and facts, scores, contact details, "
        "note and comment text. Keeps non-identifying counts and writes one audit event. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("candidate", help="candidate public id, application public id, or email address")
        parser.add_argument("--yes", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, candidate: str, yes: bool, **options):
        found = find_candidate(candidate)
        if not yes:
            answer = input(f"Erase candidate {found.public_id}? This cannot be undone. Type 'erase' to go on: ")
            if answer.strip().lower() != "erase":
                raise CommandError("Nothing erased.")
        report = services.candidate_erase(candidate=found, actor_kind="system")
        counts = ", ".join(
            f"{key.replace('_', ' ')}: {value}"
            for key, value in report.to_dict().items()
            if key not in ("candidate", "already_erased")
        )
        state = "was already erased; checked again" if report.already_erased else "erased"
        self.stdout.write(self.style.SUCCESS(f"Candidate {report.candidate} {state} ({counts})."))
