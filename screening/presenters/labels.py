"""Words for what the scoring stores as keys: categories, education levels, competencies, flags."""

from __future__ import annotations

from typing import Iterable


from screening import scoring
from screening.models import Competency
from screening.nlp.facts import EDUCATION_LEVELS


CATEGORY_LABELS = {**dict(Competency.Category.choices), "education": "Education", "experience": "Experience"}
# For the ranked list's bars, where ten categories sit in one narrow column; the full name is the tooltip.
CATEGORY_SHORT_LABELS = {
    "programming": "Programming",
    "ml_techniques": "ML techniques",
    "mathematics": "Maths & statistics",
    "data_tooling": "Data tooling",
    "frameworks": "Frameworks",
    "deployment": "Deployment",
    "practice": "Practice",
    "collaboration": "Collaboration",
}
LEVEL_LABELS = {
    "high_school": "High school",
    "diploma": "Diploma",
    "associate": "Associate degree",
    "bachelor": "Bachelor's degree",
    "master": "Master's degree",
    "doctorate": "Doctorate",
}


def category_label(key: str) -> str:
    return CATEGORY_LABELS.get(key, key.replace("_", " ").capitalize())


def category_short_label(key: str) -> str:
    return CATEGORY_SHORT_LABELS.get(key) or category_label(key)


def level_label(rank: int | None) -> str:
    if rank is None or not 0 <= rank < len(EDUCATION_LEVELS):
        return ""
    return LEVEL_LABELS[EDUCATION_LEVELS[rank]]


def competency_names(keys: Iterable[str], spec: scoring.ProfileSpec | None) -> list[str]:
    names = {c.key: c.name for c in spec.competencies} if spec else {}
    return [names.get(k, k.replace("-", " ")) for k in keys]


def flag_labels(flags: Iterable[str], spec: scoring.ProfileSpec | None) -> list[str]:
    """Scoring flags in words a recruiter reads."""
    names = {c.key: c for c in spec.competencies} if spec else {}
    labels = []
    for flag in flags:
        kind, _, key = flag.partition(":")
        if kind == "below_min_months":
            comp = names.get(key)
            wanted = f" (the profile asks for {comp.min_months})" if comp and comp.min_months else ""
            labels.append(f"{comp.name if comp else key}: fewer months of use than the minimum{wanted}.")
        elif kind == "below_min_experience":
            minimum = spec.experience.min_months if spec else 0
            labels.append(
                f"Less experience than the minimum of {minimum} months."
                if minimum
                else "Less experience than the minimum."
            )
        else:
            labels.append(flag.replace("_", " ").replace(":", ": ").capitalize())
    return labels
