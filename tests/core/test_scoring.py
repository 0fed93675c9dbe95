"""The scoring arithmetic: reproducible by hand from the breakdown, vectorised = one at a time."""
import math

import pytest

from screening.nlp.matching import match_signature
from screening.scoring import (
    PLACEMENTS,
    CandidateFeatures,
    CompetencyFeatures,
    CompetencySpec,
    EducationSpec,
    Evidence,
    ExperienceSpec,
    ProfileSpec,
    score,
    score_many,
)

SPEC = ProfileSpec(
    competencies=(
        CompetencySpec(key="python", name="Python", category="programming", weight=4, skills=("python",), must_have=True),
        CompetencySpec(key="ml", name="Machine learning", category="ml_techniques", weight=4, skills=("machine_learning",)),
        CompetencySpec(key="docker", name="Docker", category="deployment", weight=2, skills=("docker",), min_months=24),
    ),
    education=EducationSpec(weight=5, fields=("computer science",)),
    experience=ExperienceSpec(weight=5, target_months=36, min_months=12),
)


def candidate(**overrides):
    base = dict(
        competencies=(
            CompetencyFeatures(key="python", placement=5, months=30, last_used=2026, mentions=3,
                               evidence=(Evidence("Built Python services", 10, 31, "experience"),)),
            CompetencyFeatures(key="ml", placement=1, mentions=1),
            CompetencyFeatures(key="docker", placement=5, months=12, last_used=2020, mentions=1),
        ),
        reference_year=2026,
        education_level="master",
        education_field_match=1,
        experience_months=48,
        ml_experience_months=12,
        related_experience_months=48,
    )
    base.update(overrides)
    return CandidateFeatures(**base)


def test_possible_points_sum_to_100():
    assert math.isclose(sum(SPEC.possible_points()), 100.0)
    assert SPEC.possible_points()[0] == pytest.approx(20.0)  # 4 of the 20 weight units


def test_breakdown_reproduces_the_formula_by_hand():
    result = score(candidate(), SPEC)
    items = {i.key: i for i in result.items}
    # Python: dated role (1.0) * duration (0.75 + 0.25 * min(1, 30/24) = 1.0) * recent (1.0) * 20 points
    assert items["python"].earned == pytest.approx(20.0)
    # ML: only listed (0.6) * no months (0.75) * 20 points
    assert items["ml"].earned == pytest.approx(20 * 0.6 * 0.75)
    # Docker: role (1.0) * (0.75 + 0.25 * 12/24) * recency (2026-2020 = 6 years: 1 - 0.1 * 4 = 0.6)
    #         * below min 24 months (0.5 + 0.5 * 12/24) * 10 points
    assert items["docker"].earned == pytest.approx(round(10 * 0.875 * 0.6 * 0.75, 2))
    assert items["docker"].below_min_months
    # Education: 25 points possible; master 0.9, field matches
    assert items["education"].earned == pytest.approx(25 * 0.9)
    # Experience: 25 points possible; 12 ML months / 36 + 0.25 * min(1, 36 other related months / 36)
    assert items["experience"].earned == pytest.approx(round(25 * (12 / 36 + 0.25), 2))
    assert result.total == pytest.approx(round(sum(i.earned for i in result.items), 2))  # all must-haves met
    assert result.must_haves_met


def test_missing_must_have_is_flagged_not_hidden():
    c = candidate(competencies=(CompetencyFeatures(key="python"),) + candidate().competencies[1:])
    result = score(c, SPEC)
    assert not result.must_haves_met
    assert result.missing_must_haves == ("python",)
    assert result.total == pytest.approx(round(sum(i.earned for i in result.items) * SPEC.must_have_factor, 2))
    assert result.total > 0


def test_below_minimum_experience_is_a_flag():
    result = score(candidate(experience_months=6, ml_experience_months=0, related_experience_months=6), SPEC)
    assert "below_min_experience" in result.flags


def test_field_mismatch_reduces_education():
    matched = score(candidate(), SPEC).items[-2].earned
    mismatched = score(candidate(education_field_match=-1), SPEC).items[-2].earned
    assert mismatched == pytest.approx(round(matched * 0.3, 2), abs=0.01)
    unknown = score(candidate(education_field_match=0), SPEC).items[-2].earned
    assert unknown == pytest.approx(round(matched * 0.6, 2), abs=0.01)


def test_stronger_evidence_scores_higher():
    listed = candidate(competencies=(CompetencyFeatures(key="python", placement=1),) + candidate().competencies[1:])
    assert score(candidate(), SPEC).total > score(listed, SPEC).total


def test_many_candidates_at_once_by_hand():
    # possible: python 20, ml 20, docker 10, education 25, experience 25 (weights 4, 4, 2, 5, 5 of 20)
    many = [candidate(), candidate(education_level=None),
            candidate(experience_months=0, ml_experience_months=0, related_experience_months=0)]
    rows = score_many([c.pack() for c in many], SPEC)
    # python 20 + ml 20 × 0.6 × 0.75 = 9 + docker round(10 × 0.875 × 0.6 × 0.75, 2) = 3.94
    # + education 25 × 0.9 = 22.5 + experience round(25 × (12/36 + 0.25), 2) = 14.58
    assert rows[0].total == pytest.approx(20 + 9 + 3.94 + 22.5 + 14.58)
    assert rows[0].points == pytest.approx((20, 9, 3.94, 22.5, 14.58))
    assert rows[1].total == pytest.approx(20 + 9 + 3.94 + 0 + 14.58)  # no degree: no education points
    assert rows[2].points[-1] == 0 and rows[2].total == pytest.approx(20 + 9 + 3.94 + 22.5)
    # 0 related months against a 12-month minimum: flagged (docker short of its 24 months in every row)
    assert rows[2].flags == ("below_min_months:docker", "below_min_experience")
    assert rows[0].flags == ("below_min_months:docker",)


def test_empty_features_score_zero():
    empty = CandidateFeatures(competencies=tuple(CompetencyFeatures(key=c.key) for c in SPEC.competencies), reference_year=2026)
    result = score(empty, SPEC)
    assert result.total == 0
    assert all(i.placement in {"not found", "no degree found"} or i.key == "experience" for i in result.items)


def test_spec_round_trips_and_signature_ignores_weights():
    again = ProfileSpec.from_dict(SPEC.to_dict())
    assert again == SPEC
    heavier = ProfileSpec.from_dict({**SPEC.to_dict(), "experience": {"weight": 50, "target_months": 12}})
    assert match_signature(heavier) == match_signature(SPEC)
    data = SPEC.to_dict()
    data["competencies"][0]["synonyms"] = ["py"]
    assert match_signature(ProfileSpec.from_dict(data)) != match_signature(SPEC)


def test_packed_features_round_trip_through_the_matrix():
    from screening.scoring import features_matrix

    packed = candidate().pack()
    row = features_matrix([packed, packed], SPEC)
    assert row.shape == (2, 6 + 3 * len(SPEC.competencies))
    assert list(row[0][:6]) == [2026, 4, 1, 48, 12, 48]
    assert list(row[0][6:9]) == [5, 30, 2026]
    with pytest.raises(ValueError):
        features_matrix([packed[:-2]], SPEC)


def test_placement_table_is_ordered():
    factors = [PLACEMENTS[k][1] for k in sorted(PLACEMENTS)]
    assert factors == sorted(factors)
