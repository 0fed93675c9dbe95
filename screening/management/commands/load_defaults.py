"""Loads the default roles, skill taxonomy, Machine Learning Engineer profile and job (idempotent)."""
from django.core.management.base import BaseCommand

from screening.services.setup import defaults_load


class Command(BaseCommand):
    help = "Create the Recruiters and Hiring admins groups, load the skill taxonomy, the default profile and job."

    def handle(self, *args, **options):
        result = defaults_load()
        self.stdout.write(
            "Defaults loaded: "
            f"profile {'created' if result['profile_created'] else 'updated to the data file' if result['profile_updated'] else 'already present'}, "
            f"job {'created' if result['job_created'] else 'already present'}, "
            f"{result['skills_added']} skill(s) added to the taxonomy."
        )
        if result["profiles_rematched"]:
            self.stdout.write(
                "Matching rules changed since these profiles were published; published again and re-scoring: "
                + ", ".join(result["profiles_rematched"])
            )
