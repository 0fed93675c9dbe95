"""First-run setup: roles with their permissions, the skill taxonomy, the default profile and job."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from screening.models import CompetencyProfile, Job, Skill, TaxonomyState
from screening.permissions import AUDITORS, HIRING_ADMINS, RECRUITERS

from .profiles import DATA_DIR, load_profile_file, profile_load, profiles_rematch_outdated
from .taxonomy import _bump_revision

TAXONOMY_FILE = Path(__file__).resolve().parent.parent / "nlp" / "data" / "skills.jsonl"
DEFAULT_PROFILE_FILE = DATA_DIR / "profiles" / "machine-learning-engineer.json"

RECRUITER_PERMISSIONS = [
    "view_job", "view_candidate", "view_application", "change_application", "view_resume",
    "view_score", "add_note", "view_note", "add_rating", "change_rating", "view_rating",
    "view_competencyprofile", "view_competency", "view_profileversion", "view_skill",
]


@transaction.atomic
def roles_ensure() -> None:
    """The groups and what each may do in Django admin (pages check the group names; auditors need no
    model permission: they see the bias audit's aggregates only)."""
    recruiters, _ = Group.objects.get_or_create(name=RECRUITERS)
    recruiters.permissions.set(Permission.objects.filter(content_type__app_label="screening", codename__in=RECRUITER_PERMISSIONS))
    admins, _ = Group.objects.get_or_create(name=HIRING_ADMINS)
    # Everything but the self-identification answers, which no one sees one by one (only the audit counts).
    admins.permissions.set(
        Permission.objects.filter(content_type__app_label="screening").exclude(content_type__model="selfidentification")
    )
    Group.objects.get_or_create(name=AUDITORS)


@transaction.atomic
def taxonomy_load(*, path: Path = TAXONOMY_FILE) -> tuple[int, int]:
    """Add skills from the data file that the database does not have yet; admin edits are kept."""
    existing = set(Skill.objects.values_list("id", flat=True))
    new = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if row["id"] in existing:
            continue
        new.append(
            Skill(
                id=row["id"],
                name=row["name"],
                category=row["category"],
                aliases=row.get("aliases", []),
                ambiguous=row.get("ambiguous", False),
                case_sensitive=row.get("case_sensitive", False),
                broader=row.get("broader", []),
                everyday=row.get("everyday", []),
                other_senses=row.get("other_senses", []),
            )
        )
    Skill.objects.bulk_create(new)
    if new and TaxonomyState.current_revision():
        # Admins edited the taxonomy: the pipeline reads the database's copy, which just grew.
        _bump_revision()
    return len(new), len(existing)


# The default job's description as shipped before it had paragraphs and a list: replaced by the data file's
# on the next load_defaults, unless someone has edited it since (then it is theirs).
_SHIPPED_DESCRIPTIONS = {"805a1dc1731c00ee8f524c3013cc565eb91fc24ac1305b7434d02f48af173d1b"}
_JOB_DETAILS = ("company", "location", "employment_type", "salary_min", "salary_max", "salary_currency", "salary_period")


def _default_job_load(*, job_data: dict[str, Any], profile: CompetencyProfile) -> bool:
    """Create the default job, or bring an existing one's untouched fields up to the data file; True if created."""
    job = Job.objects.filter(slug=job_data["slug"]).first()
    created = job is None
    if job is None:
        job = Job(slug=job_data["slug"], title=job_data["title"], profile=profile)
        job.description = job_data.get("description", "")
        for name in _JOB_DETAILS:
            if name in job_data:
                setattr(job, name, job_data[name])
    else:
        before = {name: getattr(job, name) for name in (*_JOB_DETAILS, "description")}
        if hashlib.sha256(job.description.encode()).hexdigest() in _SHIPPED_DESCRIPTIONS:
            job.description = job_data.get("description", job.description)
        # Company, pay and employment are filled in only while nobody has set any of them.
        if not job.company and not job.employment_type and job.salary_min is None and job.salary_max is None:
            for name in ("company", "employment_type", "salary_min", "salary_max", "salary_currency", "salary_period"):
                if name in job_data:
                    setattr(job, name, job_data[name])
        if before == {name: getattr(job, name) for name in before}:
            return False
    job.full_clean()
    job.save()
    return created


@transaction.atomic
def defaults_load(*, profile_file: Path = DEFAULT_PROFILE_FILE) -> dict[str, Any]:
    """Idempotent: roles, taxonomy, the default profile (published; brought up to the data file while no
    person has edited it) and its job."""
    roles_ensure()
    added, _ = taxonomy_load()
    data = load_profile_file(profile_file)
    before = CompetencyProfile.objects.filter(slug=data["slug"]).values_list("published_version", flat=True).first()
    profile, profile_created = profile_load(data=data)
    published = profile.published_version
    profile_updated = not profile_created and (published.pk if published else None) != before
    job_created = _default_job_load(job_data=data["job"], profile=profile)
    # After a deploy whose matching code finds other evidence, every profile is matched and scored again.
    rematched = profiles_rematch_outdated()
    return {
        "profile_created": profile_created,
        "profile_updated": profile_updated,
        "job_created": job_created,
        "skills_added": added,
        "profiles_rematched": [v.profile.slug for v in rematched],
    }
