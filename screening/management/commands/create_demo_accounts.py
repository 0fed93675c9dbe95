"""Creates demo accounts for the embedded mode and prints their passwords once."""
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from screening.permissions import HIRING_ADMINS, RECRUITERS

ACCOUNTS = [("recruiter", RECRUITERS, False), ("admin", HIRING_ADMINS, True)]


class Command(BaseCommand):
    help = "Create 'recruiter' and 'admin' demo accounts (embedded SQLite mode only) and print their passwords."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="also on a non-SQLite database")

    def handle(self, *args, **options):
        if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3" and not options["force"]:
            raise CommandError("Demo accounts are for the embedded mode only; use createsuperuser instead.")
        User = get_user_model()
        for username, group_name, is_admin in ACCOUNTS:
            if User.objects.filter(username=username).exists():
                self.stdout.write(f"Demo account '{username}' already exists (password shown when it was created).")
                continue
            password = secrets.token_urlsafe(12)
            user = User.objects.create_user(username=username, password=password, is_staff=is_admin, is_superuser=is_admin)
            user.groups.add(Group.objects.get_or_create(name=group_name)[0])
            self.stdout.write(self.style.SUCCESS(f"Demo account: {username} / {password}  ({group_name})"))
