"""The skill taxonomy admins edit: saving skills, and the file the reading pipeline is built from.

The packaged data file is the taxonomy until an admin changes a skill. From then on each change
bumps a revision; a worker that sees a new revision writes the database's skills to a local file
(each machine its own copy, so workers on other machines need no shared disk) and builds its
pipeline from it. Resumes read after a change carry the revision in their parser version, so
"Process again" re-reads older ones with the new taxonomy.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from screening import nlp
from screening.models import Skill, TaxonomyState

from .audit import audit_record


def _bump_revision() -> int:
    TaxonomyState.objects.get_or_create(pk=1)
    TaxonomyState.objects.filter(pk=1).update(revision=F("revision") + 1)
    return TaxonomyState.current_revision()


def _clean_forms(values, *, field: str = "aliases") -> list[str]:
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ValidationError({field: "A list of phrases, e.g. [\"sklearn\", \"scikit learn\"]."})
    seen, forms = set(), []
    for value in values:
        value = " ".join(value.split())
        if value and value.lower() not in seen:
            seen.add(value.lower())
            forms.append(value)
    return forms


def skill_validate(skill: Skill) -> None:
    """ValidationError if the skill would confuse the matcher (also used by the admin form)."""
    skill.aliases = _clean_forms(skill.aliases)
    if not isinstance(skill.broader, list) or not all(isinstance(b, str) for b in skill.broader):
        raise ValidationError({"broader": "A list of skill ids."})
    unknown = sorted(set(skill.broader) - set(Skill.objects.filter(pk__in=skill.broader).values_list("pk", flat=True)))
    if unknown:
        raise ValidationError({"broader": f"No such skill: {', '.join(unknown)}."})
    if skill.pk in skill.broader or skill.pk in _ancestors(skill.broader):
        raise ValidationError({"broader": "A skill cannot be broader than itself (directly or through others)."})
    forms = {f.lower() for f in [skill.name, *skill.aliases]}
    skill.everyday = [f.lower() for f in _clean_forms(skill.everyday or [], field="everyday")]
    if set(skill.everyday) - forms:
        raise ValidationError({"everyday": "Everyday forms must be the skill's own name or aliases."})
    skill.other_senses = [p.lower() for p in _clean_forms(skill.other_senses or [], field="other_senses")]
    for other in Skill.objects.exclude(pk=skill.pk).only("pk", "name", "aliases"):
        clash = forms & {f.lower() for f in [other.name, *other.aliases]}
        if clash:
            raise ValidationError(f"“{sorted(clash)[0]}” already names the skill {other.name} ({other.pk}).")


@transaction.atomic
def skill_save(*, skill: Skill, actor: User | None = None) -> Skill:
    """Create or change a skill, checking that it cannot confuse the matcher, then bump the revision."""
    skill_validate(skill)
    created = not Skill.objects.filter(pk=skill.pk).exists()
    skill.full_clean()
    skill.save()
    revision = _bump_revision()
    audit_record(
        action="skill.created" if created else "skill.changed",
        object_type="skill",
        object_id=skill.pk,
        actor=actor,
        data={"revision": revision},
    )
    return skill


def _ancestors(ids: list[str]) -> set[str]:
    broader = dict(Skill.objects.values_list("pk", "broader"))
    seen: set[str] = set()
    stack = list(ids)
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            stack.extend(broader.get(current) or [])
    return seen


@transaction.atomic
def skill_delete(*, skill: Skill, actor: User | None = None) -> None:
    skill_id = skill.pk
    skill.delete()
    revision = _bump_revision()
    audit_record(action="skill.deleted", object_type="skill", object_id=skill_id, actor=actor, data={"revision": revision})


def taxonomy_revision() -> int:
    return TaxonomyState.current_revision()


_written: dict[int, str] = {}


def taxonomy_file(revision: int | None = None) -> str | None:
    """The taxonomy file to build the pipeline from: None for the packaged one (never edited)."""
    revision = taxonomy_revision() if revision is None else revision
    if revision == 0:
        return None
    path = _written.get(revision)
    if path and os.path.exists(path):
        return path
    folder = Path(settings.SCREENING["TAXONOMY_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"skills-rev{revision}.jsonl"
    if not target.exists():
        lines = [
            json.dumps(
                {
                    "id": s.pk,
                    "name": s.name,
                    "category": s.category,
                    "aliases": s.aliases,
                    "ambiguous": s.ambiguous,
                    "case_sensitive": s.case_sensitive,
                    "broader": s.broader,
                    "everyday": s.everyday,
                    "other_senses": s.other_senses,
                },
                ensure_ascii=False,
            )
            for s in Skill.objects.order_by("category", "pk")
        ]
        # Written aside and renamed, so a concurrent worker never reads half a file.
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, delete=False, suffix=".tmp") as tmp:
            tmp.write("\n".join(lines) + "\n")
        os.replace(tmp.name, target)
    _written[revision] = str(target)
    return str(target)


def current_taxonomy() -> nlp.Taxonomy:
    """The taxonomy as admins left it (for look-ups in forms and filters)."""
    return nlp.load_taxonomy(taxonomy_file())


def parser_version(revision: int, model: str | None) -> str:
    """The parser version stored with a parse: the code's, plus what else decided the output."""
    version = nlp.PARSER_VERSION
    if revision:
        version += f"+tax{revision}"
    if model:
        version += f"+{model}"
    return version[:40]
