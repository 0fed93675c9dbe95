"""Competency profiles: draft to spec, publishing immutable versions, cloning, loading from data files."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest

from screening import scoring
from screening.nlp import matching
from screening.models import Competency, CompetencyProfile, ProfileVersion, RescoreRun

from .audit import audit_record
from .webhooks import webhook_event_emit

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


def profile_draft_spec(profile: CompetencyProfile) -> scoring.ProfileSpec:
    """The spec the draft (the editable rows) describes."""
    return scoring.ProfileSpec.from_dict(
        {
            "competencies": [
                {
                    "key": c.key,
                    "name": c.name,
                    "category": c.category,
                    "weight": c.weight,
                    "skills": c.skills,
                    "synonyms": c.synonyms,
                    "signals": c.signals,
                    "must_have": c.must_have,
                    "min_months": c.min_months,
                }
                for c in profile.competencies.all()
            ],
            "education": {
                "weight": profile.education_weight,
                "levels": profile.education_levels,
                "fields": profile.education_fields,
            },
            "experience": {
                "weight": profile.experience_weight,
                "target_months": profile.experience_target_months,
                "min_months": profile.experience_min_months,
            },
            "must_have_factor": profile.must_have_factor,
        }
    )


def spec_changes(old: scoring.ProfileSpec | None, new: scoring.ProfileSpec) -> list[str]:
    """Human-readable differences between two specs, for the audit log and the publish page."""
    if old is None:
        return ["first version"]
    changes = []
    old_c = {c.key: c for c in old.competencies}
    new_c = {c.key: c for c in new.competencies}
    for key in new_c.keys() - old_c.keys():
        changes.append(f"added competency {new_c[key].name}")
    for key in old_c.keys() - new_c.keys():
        changes.append(f"removed competency {old_c[key].name}")
    for key in new_c.keys() & old_c.keys():
        was, now = old_c[key], new_c[key]
        for attr in ("name", "category", "weight", "must_have", "min_months", "skills", "synonyms", "signals"):
            if getattr(was, attr) != getattr(now, attr):
                changes.append(f"{now.name}: {attr} {_show(getattr(was, attr))} → {_show(getattr(now, attr))}")
    if [c.key for c in old.competencies if c.key in new_c] != [c.key for c in new.competencies if c.key in old_c]:
        changes.append("reordered competencies")
    for label, a, b in (
        ("education weight", old.education.weight, new.education.weight),
        ("education levels", dict(old.education.levels), dict(new.education.levels)),
        ("education fields", old.education.fields, new.education.fields),
        ("experience weight", old.experience.weight, new.experience.weight),
        ("experience target months", old.experience.target_months, new.experience.target_months),
        ("minimum experience months", old.experience.min_months, new.experience.min_months),
        ("must-have factor", old.must_have_factor, new.must_have_factor),
    ):
        if a != b:
            changes.append(f"{label} {_show(a)} → {_show(b)}")
    return changes


def _show(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value)) or "none"
    if isinstance(value, dict):
        return ", ".join(f"{k} {v}" for k, v in value.items())
    return str(value)


PROFILE_SETTING_FIELDS = (
    "name",
    "description",
    "education_weight",
    "education_levels",
    "education_fields",
    "experience_weight",
    "experience_target_months",
    "experience_min_months",
    "must_have_factor",
)
COMPETENCY_FIELDS = ("name", "category", "weight", "must_have", "min_months", "skills", "synonyms", "signals")


@transaction.atomic
def profile_draft_update(
    *,
    profile: CompetencyProfile,
    settings: dict[str, Any],
    competencies: list[dict[str, Any]],
    actor: User | None = None,
    request: HttpRequest | None = None,
) -> list[str]:
    """Replace the draft: profile settings and the ordered competencies. Returns what changed.

    Competencies are matched by key, so an edited competency keeps its identity (and its history
    in published versions); keys not submitted are removed.
    """
    profile = CompetencyProfile.objects.select_for_update().get(pk=profile.pk)
    before = profile_draft_spec(profile)
    for field in PROFILE_SETTING_FIELDS:
        if field in settings:
            setattr(profile, field, settings[field])
    profile.full_clean()
    profile.save()

    keys = [c["key"] for c in competencies]
    if len(set(keys)) != len(keys):
        raise ValidationError("Competency keys must be unique.")
    existing = {c.key: c for c in profile.competencies.all()}
    profile.competencies.exclude(key__in=keys).delete()
    for position, data in enumerate(competencies):
        competency = existing.get(data["key"]) or Competency(profile=profile, key=data["key"])
        for field in COMPETENCY_FIELDS:
            setattr(competency, field, data.get(field, getattr(competency, field)))
        competency.position = position
        competency.full_clean()
        competency.save()

    changes = spec_changes(before, profile_draft_spec(profile))
    if changes:
        audit_record(
            action="profile.draft_updated",
            object_type="profile",
            object_id=profile.public_id,
            actor=actor,
            request=request,
            data={"changes": changes},
        )
    return changes


@transaction.atomic
def profile_draft_discard(
    *, profile: CompetencyProfile, actor: User | None = None, request: HttpRequest | None = None
) -> list[str]:
    """Put the draft back to the published version (its competencies, weights and preferences); returns what
    changed. ValidationError when nothing is published yet (there is nothing to go back to)."""
    version = profile.published_version
    if version is None:
        raise ValidationError("Nothing is published yet, so there is no published version to go back to.")
    spec = scoring.ProfileSpec.from_dict(version.spec).to_dict()
    education, experience = spec["education"], spec["experience"]
    return profile_draft_update(
        profile=profile,
        settings={
            "education_weight": education["weight"],
            "education_levels": education["levels"],
            "education_fields": education["fields"],
            "experience_weight": experience["weight"],
            "experience_target_months": experience["target_months"],
            "experience_min_months": experience["min_months"],
            "must_have_factor": spec["must_have_factor"],
        },
        competencies=spec["competencies"],
        actor=actor,
        request=request,
    )


def profile_has_unpublished_changes(profile: CompetencyProfile) -> bool:
    version = profile.published_version
    if version is None:
        return True
    return profile_draft_spec(profile) != scoring.ProfileSpec.from_dict(version.spec)


@transaction.atomic
def profile_publish(
    *,
    profile: CompetencyProfile,
    actor: User | None = None,
    request: HttpRequest | None = None,
    flags_confirmed: list[str] | None = None,
) -> ProfileVersion:
    """Freeze the draft as a new version and re-score everything that uses the profile, in the background.

    `flags_confirmed`: the flagged criteria (fairness.profile_warnings) the publisher was shown and confirmed;
    kept in the audit event, so the record says who published which flagged criteria knowingly.
    """
    profile = CompetencyProfile.objects.select_for_update().get(pk=profile.pk)
    spec = profile_draft_spec(profile)
    previous = profile.published_version
    old_spec = scoring.ProfileSpec.from_dict(previous.spec) if previous else None
    return _version_publish(
        profile=profile,
        spec=spec,
        changes=spec_changes(old_spec, spec),
        actor=actor,
        request=request,
        flags_confirmed=flags_confirmed,
    )


@transaction.atomic
def profiles_rematch_outdated() -> list[ProfileVersion]:
    """Publish again, with the same spec, every profile whose published version was matched by older matching
    code (its stored signature is not what `matching.match_signature` computes now): every application is then
    matched and scored anew in the background. Run by `load_defaults` at each deploy; drafts are left alone."""
    published = []
    outdated = CompetencyProfile.objects.select_for_update().filter(published_version__isnull=False)
    for profile in outdated.select_related("published_version"):
        version = profile.published_version
        if version is None:  # (filtered out above; this tells the type checker)
            continue
        spec = scoring.ProfileSpec.from_dict(version.spec)
        if matching.match_signature(spec) == version.match_signature:
            continue
        change = f"Matching rules updated (format {matching.MATCH_FORMAT_VERSION}): every application is matched again"
        published.append(_version_publish(profile=profile, spec=spec, changes=[change], actor=None, request=None))
    return published


def _version_publish(
    *,
    profile: CompetencyProfile,
    spec: scoring.ProfileSpec,
    changes: list[str],
    actor: User | None,
    request: HttpRequest | None,
    flags_confirmed: list[str] | None = None,
) -> ProfileVersion:
    """A new immutable version of `spec`, made current, audited, and re-scored in the background (the caller
    holds the profile's row lock)."""
    from .scores import lock_profile_scores, rescore_run_enqueue

    lock_profile_scores(profile.pk)  # see services.scores.application_score_current
    number = (profile.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    version = ProfileVersion.objects.create(
        profile=profile,
        number=number,
        spec=spec.to_dict(),
        match_signature=matching.match_signature(spec),
        changes=changes,
        published_by=actor if actor is not None and actor.is_authenticated else None,
    )
    profile.published_version = version
    profile.save(update_fields=["published_version", "updated_at"])
    audit_record(
        action="profile.published",
        object_type="profile",
        object_id=profile.public_id,
        actor=actor,
        request=request,
        data={"version": number, "changes": changes, **({"flags_confirmed": flags_confirmed} if flags_confirmed else {})},
    )
    # Sent after commit; with the broker down the publish still succeeds and the sweep sends the run later.
    run = RescoreRun.objects.create(profile_version=version)
    rescore_run_enqueue(run_id=run.pk)
    webhook_event_emit(
        event="profile.published",
        data={
            "profile": profile.slug,
            "version": number,
            "jobs": sorted(profile.jobs.values_list("slug", flat=True)),
            "changes": changes,
        },
    )
    return version


@transaction.atomic
def profile_load(*, data: dict[str, Any], publish: bool = True) -> tuple[CompetencyProfile, bool]:
    """Create a profile from a data file's contents if its slug is new (idempotent). Returns (profile, created).

    A profile loaded before from an older data file is brought up to the file when no person has
    published or drafted changes to it: its draft is replaced and published, which re-scores every
    application (existing installs get a reworked default). A profile an admin has edited is kept.
    """
    existing = CompetencyProfile.objects.select_for_update().filter(slug=data["slug"]).first()
    if existing is not None:
        if publish and _profile_follows_data_file(existing) and scoring.ProfileSpec.from_dict(data) != profile_draft_spec(existing):
            _profile_fill(existing, data)
            profile_publish(profile=existing)
            existing.refresh_from_db()
        return existing, False
    profile = CompetencyProfile(slug=data["slug"], is_default=data.get("is_default", False))
    _profile_fill(profile, data)
    if publish:
        profile_publish(profile=profile)
    return profile, True


def _profile_follows_data_file(profile: CompetencyProfile) -> bool:
    """Only loaded from a data file so far: every version published by no one (the loader), and no
    draft edits pending beyond the published version."""
    published = profile.published_version
    if published is None or profile.versions.filter(published_by__isnull=False).exists():
        return False
    return profile_draft_spec(profile) == scoring.ProfileSpec.from_dict(published.spec)


def _profile_fill(profile: CompetencyProfile, data: dict[str, Any]) -> None:
    """Set the profile's draft (fields and competencies) to a data file's contents."""
    profile.name = data["name"]
    profile.description = data.get("description", "")
    profile.education_weight = data["education"]["weight"]
    profile.education_levels = data["education"]["levels"]
    profile.education_fields = data["education"]["fields"]
    profile.experience_weight = data["experience"]["weight"]
    profile.experience_target_months = data["experience"]["target_months"]
    profile.experience_min_months = data["experience"].get("min_months", 0)
    profile.must_have_factor = data.get("must_have_factor", 0.6)
    profile.full_clean()
    profile.save()
    profile.competencies.all().delete()
    for position, comp in enumerate(data["competencies"]):
        competency = Competency(
            profile=profile,
            key=comp["key"],
            name=comp["name"],
            category=comp["category"],
            weight=comp["weight"],
            must_have=comp.get("must_have", False),
            min_months=comp.get("min_months", 0),
            skills=comp.get("skills", []),
            synonyms=comp.get("synonyms", []),
            signals=comp.get("signals", []),
            position=position,
        )
        competency.full_clean()
        competency.save()


def load_profile_file(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@transaction.atomic
def profile_clone(
    *, profile: CompetencyProfile, name: str, slug: str, actor: User | None = None
) -> CompetencyProfile:
    """A new, unpublished profile with the same draft, to start a new job's profile from."""
    clone = CompetencyProfile(
        name=name,
        slug=slug,
        description=profile.description,
        education_weight=profile.education_weight,
        education_levels=profile.education_levels,
        education_fields=profile.education_fields,
        experience_weight=profile.experience_weight,
        experience_target_months=profile.experience_target_months,
        experience_min_months=profile.experience_min_months,
        must_have_factor=profile.must_have_factor,
    )
    clone.full_clean()
    clone.save()
    Competency.objects.bulk_create(
        [
            Competency(
                profile=clone,
                key=c.key,
                name=c.name,
                category=c.category,
                weight=c.weight,
                must_have=c.must_have,
                min_months=c.min_months,
                skills=c.skills,
                synonyms=c.synonyms,
                signals=c.signals,
                position=c.position,
            )
            for c in profile.competencies.all()
        ]
    )
    audit_record(
        action="profile.cloned",
        object_type="profile",
        object_id=clone.public_id,
        actor=actor,
        data={"from": str(profile.public_id)},
    )
    return clone
