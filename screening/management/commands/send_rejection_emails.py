"""Send the rejection emails whose undo window has passed, once or every N seconds.

With a broker, Celery beat runs the same sweep every minute. The embedded mode (no broker, tasks in-process)
has no beat, so bin/serve runs this command with --every beside the web server.
"""
from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from screening import services


class Command(BaseCommand):
    help = "Send the rejection emails that are due (their undo window has passed and they were not undone)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--every", type=int, default=0, help="Keep running, sweeping every this many seconds.")

    def handle(self, *args, every: int = 0, **options) -> None:
        while True:
            sent = services.rejection_emails_sweep()
            if sent or not every:
                self.stdout.write(f"{len(sent)} rejection email(s) due and handed over for sending.")
            if not every:
                return
            time.sleep(every)
