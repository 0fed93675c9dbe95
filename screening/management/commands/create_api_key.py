"""Make an API key for a user and print it (the only time it is shown)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from screening import services
from screening.models import ApiKey


class Command(BaseCommand):
    help = (
        "Create an API key for USERNAME with the given scopes and print it once. Scopes: "
        + ", ".join(ApiKey.Scope.values)
        + ". Requests send it as 'Authorization: Bearer <key>'."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--scopes", required=True, help="comma-separated, e.g. applications:read,applications:write"
        )
        parser.add_argument("--name", default="", help="what the key is for, e.g. 'Greenhouse sync'")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user named {options['username']!r}.")
        scopes = [s.strip() for s in options["scopes"].split(",") if s.strip()]
        try:
            api_key, raw = services.api_key_create(user=user, scopes=scopes, name=options["name"])
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from None
        self.stderr.write(f"API key {api_key.prefix}… for {user.username} ({', '.join(api_key.scopes)}); shown once:")
        self.stdout.write(raw)
