"""Warnings for criteria that may stand in for protected attributes; the default profile has none."""
import json
from pathlib import Path

import pytest

from screening.fairness import phrase_warnings, profile_warnings
from screening.scoring import CompetencySpec, EducationSpec, ExperienceSpec, ProfileSpec

DEFAULT_PROFILE = Path(__file__).resolve().parents[2] / "screening" / "data" / "profiles" / "machine-learning-engineer.json"


@pytest.mark.parametrize(
    "phrase,attribute",
    [
        ("Graduated after 2019", "age"),
        ("recent graduate", "age"),
        ("Digital native", "age"),
        ("Native speaker of English", "nationality or origin"),
        ("US citizenship", "nationality or origin"),
        ("Stanford University", "specific schools"),
        ("IIT alumni", "specific schools"),
        ("University of Oxford", "specific schools"),
        ("Fraternity leadership", "gender"),
        ("Women in tech", "gender"),
        ("Church volunteering", "religion or belief"),
    ],
)
def test_proxies_are_flagged(phrase, attribute):
    assert attribute in {w.attribute for w in phrase_warnings("X", phrase)}


@pytest.mark.parametrize(
    "phrase",
    ["Cloud native", "Race conditions", "IP address", "Single sign-on", "Machine learning", "Senior engineer",
     "Kubernetes", "Manager", "Man-hours planning", "Communication"],
)
def test_ordinary_skills_are_not_flagged(phrase):
    assert phrase_warnings("X", phrase) == []


def test_long_experience_requirements_warn_about_age():
    spec = ProfileSpec(
        competencies=(CompetencySpec(key="py", name="Python", category="programming", weight=1, min_months=240),),
        experience=ExperienceSpec(target_months=300),
    )
    messages = [w.message for w in profile_warnings(spec)]
    assert any("240 months" in m for m in messages)
    assert any("300 months" in m for m in messages)


def test_the_default_profile_raises_no_warning():
    spec = ProfileSpec.from_dict(json.loads(DEFAULT_PROFILE.read_text()))
    assert profile_warnings(spec) == []


def test_education_fields_are_checked_too():
    spec = ProfileSpec(competencies=(), education=EducationSpec(fields=("Harvard economics",)))
    assert [w.where for w in profile_warnings(spec)] == ["Education"]
