"""Prints a job's bias audit (NYC Local Law 144 style) as JSON or CSV: rates and impact ratios by group."""
from __future__ import annotations

import csv
import json

from django.core.management.base import BaseCommand, CommandError

from screening import selectors
from screening.forms.audit import parse_date
from screening.models import Job, ProfileVersion
from screening.presenters.audit import CSV_COLUMNS, audit_csv_rows


class Command(BaseCommand):
    help = (
        "Bias audit of a job's ranking: per sex, race/ethnicity and their intersections, applicants, scoring rate "
        "(share above the median score), impact ratio, selections by the team; categories under 2% are left out "
        "of impact ratios; ratios under 0.8 are flagged after Fisher's exact test."
    )

    def add_arguments(self, parser):
        parser.add_argument("--job", required=True, metavar="SLUG")
        parser.add_argument("--since", metavar="DATE", help="applied on or after this date (YYYY-MM-DD)")
        parser.add_argument("--until", metavar="DATE", help="applied on or before this date (YYYY-MM-DD)")
        parser.add_argument("--format", choices=["json", "csv"], default="json")
        # (--version is Django's own: the software version)
        parser.add_argument(
            "--profile-version", type=int, metavar="N", help="the profile version to audit (default: the published one)"
        )

    def handle(self, *args, **options):
        job = Job.objects.select_related("profile__published_version").filter(slug=options["job"]).first()
        if job is None:
            raise CommandError(f"No job with slug {options['job']!r}.")
        try:
            since, until = parse_date(options["since"]), parse_date(options["until"])
        except ValueError:
            raise CommandError("Dates are written YYYY-MM-DD, for example 2026-01-31.") from None
        if since and until and since > until:
            raise CommandError("--since is after --until.")
        version = None
        if options["profile_version"] is not None:
            version = ProfileVersion.objects.filter(profile=job.profile, number=options["profile_version"]).first()
            if version is None:
                raise CommandError(f"The profile {job.profile.slug!r} has no version {options['profile_version']}.")
        audit = selectors.job_bias_audit(job=job, version=version, since=since, until=until)
        if options["format"] == "csv":
            writer = csv.writer(self.stdout, lineterminator="\n")
            writer.writerow(CSV_COLUMNS)
            writer.writerows(audit_csv_rows(audit.result))
        else:
            self.stdout.write(json.dumps(audit.to_dict(), indent=2))
