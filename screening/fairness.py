"""Warns when a profile criterion may stand in for a protected attribute (age, gender, nationality...).

Screening on such proxies is unlawful in many places and unfair everywhere, even when unintended:
"graduated after 2018" selects by age, a school name by class and origin, "native speaker" by
nationality. The editor shows these warnings before anything is published; the default profile
uses none of them. Pure core: plain values in, warnings out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from screening.scoring import ProfileSpec

# (attribute, why it matters, phrases) — phrases are matched as whole words, case-insensitively.
PROXIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "age",
        "may select candidates by age",
        (
            "age", "aged", "years old", "young", "youthful", "energetic", "digital native", "recent graduate",
            "new graduate", "fresh graduate", "date of birth", "dob", "born", "birth", "graduation year",
            "graduated", "class of", "retired", "overqualified", "senior citizen",
        ),
    ),
    (
        "gender",
        "may select candidates by gender or family status",
        (
            "male", "female", "man", "men", "woman", "women", "gender", "he", "she", "his", "her",
            "fraternity", "sorority", "maternity", "paternity", "pregnant", "pregnancy", "mother", "father",
            "married", "marital status", "wife", "husband", "girl", "girls", "boy", "boys",
        ),
    ),
    (
        "nationality or origin",
        "may select candidates by nationality, ethnic origin or where they live",
        (
            "nationality", "citizen", "citizenship", "native speaker", "native english", "mother tongue", "accent",
            "country of origin", "ethnicity", "ethnic", "racial", "immigrant", "foreigner", "local candidates",
            "passport", "born in", "hometown", "postcode", "zip code", "home address",
        ),
    ),
    (
        "religion or belief",
        "may select candidates by religion or belief",
        ("religion", "religious", "church", "christian", "muslim", "islamic", "hindu", "jewish", "sikh", "buddhist"),
    ),
    (
        "disability or health",
        "may select candidates by disability or health",
        ("disability", "disabled", "able-bodied", "able bodied", "health condition", "wheelchair"),
    ),
    (
        "specific schools",
        "names specific schools, which favours candidates by background rather than skill",
        (
            "university of", "college of", "institute of technology", "iit", "iim", "mit", "stanford",
            "harvard", "oxford", "cambridge", "yale", "princeton", "berkeley", "caltech", "ivy league",
            "russell group", "grande ecole", "top university", "top-tier university", "tier 1 college",
        ),
    ),
)

# Longer than this many months of experience mostly separates people by age, not by skill.
AGE_PROXY_MONTHS = 180


@dataclass(frozen=True)
class Warning:
    where: str  # the competency name, or "Experience"/"Education"
    attribute: str
    message: str


def _pattern(phrases: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE)


_COMPILED = tuple((attr, why, _pattern(phrases)) for attr, why, phrases in PROXIES)
_YEAR = re.compile(r"(?<!\d)(?:19[5-9]\d|20[0-4]\d)(?!\d)")


def phrase_warnings(where: str, phrase: str) -> list[Warning]:
    """Warnings for one admin-typed phrase (a competency name or synonym, an education field)."""
    found = []
    for attribute, why, pattern in _COMPILED:
        match = pattern.search(phrase)
        if match:
            found.append(Warning(where, attribute, f"“{phrase}” {why} (matched “{match.group(0)}”)."))
    if _YEAR.search(phrase):
        found.append(Warning(where, "age", f"“{phrase}” contains a year, which may select candidates by age."))
    return found


def profile_warnings(spec: ProfileSpec) -> list[Warning]:
    warnings: list[Warning] = []
    for comp in spec.competencies:
        for phrase in (comp.name, *comp.synonyms):
            warnings.extend(phrase_warnings(comp.name, phrase))
        if comp.min_months > AGE_PROXY_MONTHS:
            warnings.append(
                Warning(
                    comp.name,
                    "age",
                    f"Asking for more than {AGE_PROXY_MONTHS // 12} years ({comp.min_months} months) mostly selects by age.",
                )
            )
    for field in spec.education.fields:
        warnings.extend(phrase_warnings("Education", field))
    for label, months in (("Experience", spec.experience.target_months), ("Experience", spec.experience.min_months)):
        if months > AGE_PROXY_MONTHS:
            warnings.append(
                Warning(
                    label,
                    "age",
                    f"An experience requirement of {months} months (over {AGE_PROXY_MONTHS // 12} years) mostly selects by age.",
                )
            )
    # Same warning twice (a name and a synonym) says nothing new.
    unique = []
    seen = set()
    for w in warnings:
        if (w.where, w.message) not in seen:
            seen.add((w.where, w.message))
            unique.append(w)
    return unique
