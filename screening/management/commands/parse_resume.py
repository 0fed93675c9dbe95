"""Reads resume files and prints what was found; needs no database.

Each file is read in the worker's sandbox, with its time and memory limits (SCREENING_PARSE_MEMORY_MB,
SCREENING_MAX_PARSE_SECONDS): a decompression bomb fails that file, not the command or the machine.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from screening import nlp
from screening.documents import DocumentText
from screening.reading import ReadResult, outcome_for, read_document_isolated, warm_pipeline
from screening.services.imports import resume_files
from screening.services.resumes import document_limits, sandbox_limits


class Command(BaseCommand):
    help = (
        "Read PDF/DOCX/TXT resumes and print what was found. With --json: one JSON object per file per line, "
        '{"file", "status", "error", "text", "facts"}.'
    )
    requires_system_checks: list[str] = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE", help="resume files or folders of them")
        parser.add_argument("--json", action="store_true", help="print JSON lines instead of a summary")
        parser.add_argument("--batch-size", type=int, default=64, help="resumes per spaCy batch")

    def handle(self, *args, **options):
        # Folders expand to the resume files inside; named files are read whatever their extension
        # (the type is decided from the bytes), and one that cannot be read gets a "failed" line.
        files: list[Path] = []
        for raw in options["files"]:
            path = Path(raw)
            files.extend(resume_files([path])[0] if path.is_dir() else [path])
        if not files:
            raise CommandError("No resume files found.")
        limits = document_limits()
        # built and run once before the first file is read in a forked child: see warm_pipeline
        warm_pipeline()
        batch = options["batch_size"]
        for start in range(0, len(files), batch):
            chunk = files[start : start + batch]
            results = self._read_batch(chunk, limits)
            for path, result in zip(chunk, results, strict=True):
                self._print(path, result, as_json=options["json"])

    def _read_batch(self, paths: list[Path], limits) -> list[ReadResult]:
        sandbox = sandbox_limits(limits)
        docs: list[tuple[DocumentText | None, ReadResult | None]] = []  # (the text, or why there is none)
        for path in paths:
            try:
                data = path.read_bytes()
            except OSError as exc:
                docs.append((None, ReadResult(status="failed", error_code="unreadable", error=str(exc))))
                continue
            docs.append(read_document_isolated(data, path.name, limits=limits, sandbox=sandbox))
        to_extract = [doc.text for doc, _ in docs if doc is not None and not doc.needs_review]
        facts = iter(nlp.extract_many(to_extract))
        results = []
        for doc, failed in docs:
            if failed is not None:
                results.append(failed)
            elif doc is not None:
                results.append(outcome_for(doc, None if doc.needs_review else next(facts)))
        return results

    def _print(self, path: Path, result: ReadResult, *, as_json: bool) -> None:
        if as_json:
            line = {
                "file": str(path),
                "status": result.status,
                "error": result.error or None,
                "text": result.text,
                "facts": result.facts.to_dict() if result.facts is not None else None,
            }
            self.stdout.write(json.dumps(line, ensure_ascii=False))
            return
        facts = result.facts
        self.stdout.write(f"{path}: {result.status}" + (f" ({result.error})" if result.error else ""))
        if facts is not None:
            name = facts.name.text if facts.name else "?"
            skills = ", ".join(s.name for s in facts.skills[:12])
            self.stdout.write(f"  name: {name}")
            self.stdout.write(f"  emails: {', '.join(e.text for e in facts.emails) or '-'}")
            self.stdout.write(f"  skills ({len(facts.skills)}): {skills}")
            for edu in facts.education:
                self.stdout.write(
                    "  education: "
                    + " | ".join(
                        x
                        for x in (
                            edu.degree.text if edu.degree else "",
                            edu.field.text if edu.field else "",
                            edu.institution.text if edu.institution else "",
                            str(edu.year or ""),
                        )
                        if x
                    )
                )
            for role in facts.experience:
                self.stdout.write(
                    "  role: "
                    + " | ".join(
                        x
                        for x in (
                            role.title.text if role.title else "",
                            role.employer.text if role.employer else "",
                            f"{role.months} months" if role.months is not None else "",
                        )
                        if x
                    )
                )
            self.stdout.write(f"  experience: {facts.total_experience_months} months")
        sys.stdout.flush()
