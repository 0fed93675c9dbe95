"""The facts read from a resume, as rows for the candidate page."""

from __future__ import annotations

from dataclasses import dataclass


from screening.nlp.facts import ResumeFacts


@dataclass(frozen=True)
class SkillRow:
    name: str
    category: str
    months: int
    last_used: int | None
    mentions: int


def skill_rows(facts: ResumeFacts) -> list[SkillRow]:
    """Skills, most used first (months in dated roles, then mentions), for the facts table."""
    rows = [
        SkillRow(s.name, s.category.replace("_", " "), s.months, s.last_used, len(s.mentions)) for s in facts.skills
    ]
    return sorted(rows, key=lambda r: (-r.months, -(r.last_used or 0), -r.mentions, r.name.lower()))
