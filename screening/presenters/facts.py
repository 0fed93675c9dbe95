"""The facts read from a resume, as rows for the candidate page."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from django.utils.safestring import SafeString

from screening.nlp.facts import ResumeFacts, Skill

from .evidence import excerpt

LINE_CHARS = 180  # of the resume line quoted beside a skill; longer lines are cut around the mention


@dataclass(frozen=True)
class SkillRow:
    name: str
    category: str
    months: int
    last_used: int | None
    mentions: int
    evidence: SafeString | str = ""  # the resume line that mentions it (identity masked in blind review)
    section: str = ""


@dataclass(frozen=True)
class SkillSummary:
    """The skills read from a resume: those used in dated roles as a table with the line that shows it,
    the rest (mentioned in a skills list, a summary, projects, undated roles) summed up by name."""

    dated: list[SkillRow] = field(default_factory=list)
    mentioned: list[SkillRow] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.dated or self.mentioned)


def skill_rows(facts: ResumeFacts) -> list[SkillRow]:
    """Skills, most used first (months in dated roles, then mentions), for the facts table."""
    return [
        SkillRow(s.name, s.category.replace("_", " "), s.months, s.last_used, len(s.mentions))
        for s in sorted(facts.skills, key=_most_used_first)
    ]


def skill_summary(facts: ResumeFacts, text: str, masks: Sequence[tuple[int, int]] = ()) -> SkillSummary:
    """`skill_rows` split in two: skills with months in dated roles, each with the line of `text` that
    mentions it (its first mention inside a role), and the skills only mentioned."""
    dated, mentioned = [], []
    for skill in sorted(facts.skills, key=_most_used_first):
        row = (skill.name, skill.category.replace("_", " "), skill.months, skill.last_used, len(skill.mentions))
        if skill.months:
            line, section = _mention_line(skill, text, masks)
            dated.append(SkillRow(*row, evidence=line, section=section))
        else:
            mentioned.append(SkillRow(*row))
    mentioned.sort(key=lambda r: r.name.lower())
    return SkillSummary(dated=dated, mentioned=mentioned)


def _most_used_first(s: Skill) -> tuple:
    return (-s.months, -(s.last_used or 0), -len(s.mentions), s.name.lower())


def _mention_line(skill: Skill, text: str, masks: Sequence[tuple[int, int]]) -> tuple[SafeString | str, str]:
    if not text or not skill.mentions:
        return "", ""
    mention = next((m for m in skill.mentions if m.role is not None), skill.mentions[0])
    if not 0 <= mention.start < mention.end <= len(text):
        return "", ""
    start = text.rfind("\n", 0, mention.start) + 1
    end = text.find("\n", mention.end)
    end = len(text) if end < 0 else end
    if end - start > LINE_CHARS:  # a long paragraph: the part around the mention
        start = max(start, mention.start - LINE_CHARS // 2)
        end = min(end, start + LINE_CHARS)
    while start < end and text[start].isspace():
        start += 1
    return excerpt(text, start, end, masks), mention.section.replace("_", " ")


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
