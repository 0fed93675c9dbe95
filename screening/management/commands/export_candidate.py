"""Export everything held about a candidate as JSON (a subject access request); the export is audited."""
from __future__ import annotations

import json
import os
from pathlib import Path

from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder

from screening import services

from .erase_candidate import find_candidate


class Command(BaseCommand):
    help = (
        "Print (or write to --output) a candidate's data as JSON: profile, applications, resume versions "
        "with text and facts, scores, notes."
    )

    def add_arguments(self, parser):
        parser.add_argument("candidate", help="candidate public id, application public id, or email address")
        parser.add_argument("-o", "--output", help="write to this file (created readable by its owner only)")

    def handle(self, *args, candidate: str, output: str | None, **options):
        data = services.candidate_export(candidate=find_candidate(candidate), actor_kind="system")
        text = json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False)
        if not output:
            self.stdout.write(text)
            return
        path = Path(output)
        # Personal data: the file is created 0600 rather than with the usual umask.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
        self.stderr.write(f"Wrote {path} ({len(data['applications'])} application(s)).")
