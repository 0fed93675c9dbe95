"""The automated-ranking notice of a job: the version in force, and the one an application was shown."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from screening.models import Application, Job, JobNotice

NOTICES_DIR = Path(__file__).resolve().parent.parent / "data" / "notices"
# Until admins write a job's own notice, the standard text applies. Like the consent text, a new wording
# is a new file and a new version name, so the version stored with an application keeps its meaning.
STANDARD_NOTICE_VERSION = "standard-2026-11"


@dataclass(frozen=True)
class Notice:
    version: str
    text: str

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.text.replace("\r\n", "\n").split("\n\n") if p.strip()]


@lru_cache(maxsize=4)
def standard_notice(version: str = STANDARD_NOTICE_VERSION) -> Notice:
    return Notice(version, (NOTICES_DIR / f"{version}.txt").read_text(encoding="utf-8").strip())


def current_notice(*, job: Job) -> Notice:
    """The notice candidates of this job see now: its newest version, or the standard text."""
    latest = JobNotice.objects.filter(job=job).order_by("-number").first()
    return Notice(latest.version, latest.text) if latest else standard_notice()


def notice_shown(*, application: Application) -> Notice | None:
    """The notice this application's candidate was shown when applying (None for imports)."""
    version = application.notice_version
    if not version:
        return None
    if version.startswith("standard-"):
        try:
            return standard_notice(version)
        except FileNotFoundError:
            return None
    number = version.removeprefix("v")
    found = JobNotice.objects.filter(job_id=application.job_id, number=number).first() if number.isdigit() else None
    return Notice(found.version, found.text) if found else None
