"""The skill taxonomy (`screening/nlp/data/skills.jsonl`): skills by id, with category, aliases and broader skills.

Format, one JSON object per line:
`{"id", "name", "category", "aliases": [...], ["ambiguous": true], ["case_sensitive": true], ["broader": [ids]],
["everyday": [forms]], ["other_senses": [phrases]]}`.
"""
from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

DEFAULT_TAXONOMY_PATH = Path(__file__).resolve().parent / "data" / "skills.jsonl"


@dataclass(frozen=True, slots=True)
class TaxonomySkill:
    id: str
    name: str
    category: str
    aliases: tuple[str, ...] = ()
    ambiguous: bool = False  # also a common word or letter: counts only in a skill context
    case_sensitive: bool = False  # only the exact cased name is the skill ("R", "Go", "SAS")
    broader: tuple[str, ...] = ()  # ids one level up (random_forest -> machine_learning)
    everyday: tuple[str, ...] = ()  # forms that are also ordinary words ("catering"): count only in a skill context
    # phrases that, on the same line, show the name means something else in another trade: "Veritas" or
    # "failover" beside "clustering" (a server cluster, not cluster analysis)
    other_senses: tuple[str, ...] = ()

    @property
    def surface_forms(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class Taxonomy:
    """Skills by id, with look-ups by surface form, category and the broader-than relation."""

    def __init__(self, skills: list[TaxonomySkill], path: str = ""):
        self.path = path
        self._by_id: dict[str, TaxonomySkill] = {}
        for skill in skills:
            if skill.id in self._by_id:
                raise ValueError(f"duplicate skill id {skill.id!r} in {path or 'taxonomy'}")
            self._by_id[skill.id] = skill
        self._by_form: dict[str, TaxonomySkill] = {}
        for skill in skills:
            for form in skill.surface_forms:
                self._by_form.setdefault(form.lower(), skill)
        self._children: dict[str, list[str]] = {}  # the broader-than relation read downwards
        for skill in skills:
            for parent in skill.broader:
                self._children.setdefault(parent, []).append(skill.id)

    @classmethod
    def from_jsonl(cls, path: str | Path) -> "Taxonomy":
        skills = []
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                line = line.strip()
                if not line:
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{number}: {exc}") from exc
                skills.append(
                    TaxonomySkill(
                        id=row["id"],
                        name=row["name"],
                        category=row["category"],
                        aliases=tuple(row.get("aliases") or ()),
                        ambiguous=bool(row.get("ambiguous", False)),
                        case_sensitive=bool(row.get("case_sensitive", False)),
                        broader=tuple(row.get("broader") or ()),
                        everyday=tuple(row.get("everyday") or ()),
                        other_senses=tuple(row.get("other_senses") or ()),
                    )
                )
        return cls(skills, str(path))

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[TaxonomySkill]:
        return iter(self._by_id.values())

    def __contains__(self, skill_id: object) -> bool:
        return skill_id in self._by_id

    def __getitem__(self, skill_id: str) -> TaxonomySkill:
        return self._by_id[skill_id]

    def get(self, skill_id: str) -> TaxonomySkill | None:
        return self._by_id.get(skill_id)

    def category(self, skill_id: str) -> str:
        return self._by_id[skill_id].category

    def aliases(self, skill_id: str) -> tuple[str, ...]:
        return self._by_id[skill_id].aliases

    def in_category(self, category: str) -> tuple[TaxonomySkill, ...]:
        return tuple(s for s in self._by_id.values() if s.category == category)

    def lookup(self, surface: str) -> TaxonomySkill | None:
        """The skill whose name or alias is `surface` (case-insensitive), if any."""
        return self._by_form.get(surface.strip().lower())

    def broader(self, skill_id: str, *, transitive: bool = False) -> tuple[str, ...]:
        """Ids this skill is evidence of: one level up, or every level with `transitive=True`."""
        skill = self._by_id.get(skill_id)
        if skill is None:
            return ()
        if not transitive:
            return skill.broader
        seen: list[str] = []
        stack = list(skill.broader)
        while stack:
            current = stack.pop(0)
            if current in seen or current == skill_id:
                continue
            seen.append(current)
            parent = self._by_id.get(current)
            if parent:
                stack.extend(parent.broader)
        return tuple(seen)


    def narrower(self, skill_id: str) -> tuple[str, ...]:
        """Ids that are evidence of this skill at any depth (machine_learning -> random_forest, xgboost, ...),
        sorted: what a recruiter filtering on the broad skill means, as scoring credits it."""
        seen: set[str] = set()
        stack = list(self._children.get(skill_id, ()))
        while stack:
            current = stack.pop()
            if current in seen or current == skill_id:
                continue
            seen.add(current)
            stack.extend(self._children.get(current, ()))
        return tuple(sorted(seen))

    def suggest(self, typed: str, *, limit: int = 12) -> list[TaxonomySkill]:
        """Skills whose name or an alias starts with what was typed (then those containing it), names first."""
        typed = typed.strip().lower()
        if not typed:
            return []
        starts, contains = [], []
        for skill in self._by_id.values():
            forms = [skill.name.lower(), *(a.lower() for a in skill.aliases)]
            if any(f.startswith(typed) for f in forms):
                starts.append(skill)
            elif any(typed in f for f in forms):
                contains.append(skill)

        def order(skill: TaxonomySkill) -> tuple[bool, int, str]:
            return (not skill.name.lower().startswith(typed), len(skill.name), skill.name.lower())

        return (sorted(starts, key=order) + sorted(contains, key=order))[:limit]

    def close_names(self, typed: str, *, limit: int = 3) -> list[str]:
        """Names of skills spelled like `typed` ("pytorh" -> PyTorch), for "did you mean"."""
        import difflib

        names = {s.name.lower(): s.name for s in self._by_id.values()}
        return [names[n] for n in difflib.get_close_matches(typed.strip().lower(), list(names), n=limit, cutoff=0.75)]


@functools.lru_cache(maxsize=8)
def load_taxonomy(path: str | None = None) -> Taxonomy:
    """The taxonomy at `path` (default: the packaged `data/skills.jsonl`), read once per process."""
    return Taxonomy.from_jsonl(path or DEFAULT_TAXONOMY_PATH)
