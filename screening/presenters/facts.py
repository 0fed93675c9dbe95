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


# A stated figure within a year of the computed one says the same thing ("5+ years" beside 63 months).
STATED_AGREES_WITHIN_MONTHS = 12


def stated_experience_note(facts: ResumeFacts) -> str:
    """What the resume says about its experience, shown beside the computed months when the two disagree
    (or when no role has dates): "the resume states 72 months"; empty when they agree."""
    stated = facts.stated_experience_months
    if not stated:
        return ""
    computed = facts.total_experience_months
    if computed and abs(stated - computed) <= STATED_AGREES_WITHIN_MONTHS:
        return ""
    return f"the resume states {stated} months"
