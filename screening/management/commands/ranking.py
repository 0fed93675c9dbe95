"""Prints a job's applications ranked against its published competency profile."""
from __future__ import annotations

import csv
import json

from django.core.management.base import BaseCommand, CommandError

from screening.blind import candidate_label
from screening.exports import safe_cell
from screening.models import Job
from screening.selectors import ranked_applications

CSV_COLUMNS = ["rank", "application_id", "file", "candidate", "score", "must_haves_met", "status"]


class Command(BaseCommand):
    help = "Rank a job's applications: processed ones by score first, then the others."

    def add_arguments(self, parser):
        parser.add_argument("--job", required=True, metavar="SLUG")
        parser.add_argument("--format", choices=["table", "csv", "json"], default="table")
        parser.add_argument("--limit", type=int, default=None, metavar="N")

    def handle(self, *args, **options):
        job = Job.objects.select_related("profile").filter(slug=options["job"]).first()
        if job is None:
            raise CommandError(f"No job with slug {options['job']!r}.")
        apps = ranked_applications(job=job)
        if options["limit"] is not None:
            apps = apps[: max(0, options["limit"])]
        rows = []
        rank = 0
        for app in apps:
            app.job = job  # every row is this job's: the blind-review check reads it without a query per row
            processed = app.processing_status == "processed" and app.score_total is not None
            rank += 1
            rows.append(
                {
                    "rank": rank,
                    "application_id": str(app.public_id),
                    "file": app.current_resume.original_name if app.current_resume else "",
                    "candidate": candidate_label(app),
                    "score": round(app.score_total, 1) if processed and app.score_total is not None else None,
                    "must_haves_met": bool(app.score_must_haves_met) if processed else None,
                    "status": app.processing_status or "received",
                }
            )
        getattr(self, f"_{options['format']}")(rows)

    def _csv(self, rows):
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        for r in rows:
            writer.writerow(
                [
                    r["rank"],
                    r["application_id"],
                    safe_cell(r["file"]),
                    safe_cell(r["candidate"]),
                    "" if r["score"] is None else f"{r['score']:.1f}",
                    "" if r["must_haves_met"] is None else ("yes" if r["must_haves_met"] else "no"),
                    r["status"],
                ]
            )

    def _json(self, rows):
        self.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False))

    def _table(self, rows):
        if not rows:
            self.stdout.write("No applications yet.")
            return
        name_w = min(30, max(9, *(len(r["candidate"]) for r in rows)))
        file_w = min(40, max(4, *(len(r["file"]) for r in rows)))
        self.stdout.write(f"{'rank':>4}  {'score':>5}  {'must':4}  {'status':12}  {'candidate':{name_w}}  file")
        for r in rows:
            score = "" if r["score"] is None else f"{r['score']:.1f}"
            must = "" if r["must_haves_met"] is None else ("yes" if r["must_haves_met"] else "no")
            self.stdout.write(
                f"{r['rank']:>4}  {score:>5}  {must:4}  {r['status']:12}  "
                f"{r['candidate'][:name_w]:{name_w}}  {r['file'][:file_w]}"
            )
