"""The bias audit's arithmetic, checked against hand-computed tables.

The two worked examples are the ones New York City published with its final rules for Local Law 144
(6 RCNY § 5-301(b), a resume screening tool that selects, and § 5-301(d), a "culture fit" tool that
scores). Their tables give counts and rates; we feed the counts in and compare with the published rates
and ratios, to the digits published. Two published figures are truncated rather than rounded (noted
where they are checked). The 2% exclusion is checked on the selection example, where four categories
are under 2% of the data.
"""
from __future__ import annotations

import math

import numpy as np
import pytest

from screening.fairness import (
    ADVERSE_IMPACT,
    CATEGORIES,
    DECLINED,
    INTERSECTIONS,
    NOT_SIGNIFICANT,
    RACE_ETHNICITIES,
    SEXES,
    TOO_SMALL,
    bias_audit,
    compare_rates,
    fisher_exact,
    intersection,
    small_categories,
)

# --- § 5-301(b) example: selection (# of applicants, # selected) and the published rate and ratio ----

SELECTION_SEX = {"male": (1390, 667, 0.48, 1.00), "female": (1181, 555, 0.47, 0.979)}
SELECTION_RACE = {
    "hispanic_latino": (408, 204, 0.50, 0.97),
    "white": (797, 412, 0.52, 1.00),
    "black": (390, 170, 0.44, 0.84),
    "native_hawaiian_pacific_islander": (119, 52, 0.44, 0.85),
    "asian": (616, 302, 0.49, 0.95),
    "american_indian_alaska_native": (41, 18, 0.44, 0.85),
    "two_or_more": (213, 96, 0.45, 0.87),
}
SELECTION_INTERSECTIONAL = {
    "male+hispanic_latino": (205, 90, 0.439, 0.841),
    "female+hispanic_latino": (190, 82, 0.432, 0.827),
    "male+white": (412, 215, 0.522, 1.000),
    "male+black": (226, 95, 0.420, 0.806),
    "male+native_hawaiian_pacific_islander": (87, 37, 0.425, 0.815),
    "male+asian": (321, 167, 0.520, 0.997),
    "male+american_indian_alaska_native": (24, 11, 0.458, 0.878),
    "male+two_or_more": (115, 52, 0.452, 0.866),
    "female+white": (385, 197, 0.512, 0.981),
    "female+black": (164, 75, 0.457, 0.876),
    "female+native_hawaiian_pacific_islander": (32, 15, 0.469, 0.898),
    "female+asian": (295, 135, 0.458, 0.877),
    "female+american_indian_alaska_native": (17, 7, 0.412, 0.789),
    "female+two_or_more": (98, 44, 0.449, 0.860),
}

# --- § 5-301(d) example: scoring ("culture fit"); (# of applicants, # above the median) from the rates --

SCORING_SEX = {"male": (92, 50, 0.543, 1.00), "female": (76, 34, 0.447, 0.82)}
SCORING_RACE = {
    "hispanic_latino": (28, 18, 0.642, 1.00),  # published 64.2%: 18/28 is 64.29%, truncated in the rule
    "white": (40, 15, 0.375, 0.58),
    "black": (32, 16, 0.500, 0.78),
    "native_hawaiian_pacific_islander": (8, 5, 0.625, 0.97),
    "asian": (24, 10, 0.417, 0.65),
    "american_indian_alaska_native": (16, 10, 0.625, 0.97),
    "two_or_more": (20, 10, 0.500, 0.78),
}
SCORING_INTERSECTIONAL = {
    "male+hispanic_latino": (16, 12, 0.75, 1.00),
    "female+hispanic_latino": (12, 6, 0.50, 0.67),
    "male+white": (20, 7, 0.35, 0.47),
    "male+black": (20, 10, 0.50, 0.67),
    "male+native_hawaiian_pacific_islander": (4, 3, 0.75, 1.00),
    "male+asian": (12, 7, 0.583, 0.78),
    "male+american_indian_alaska_native": (8, 5, 0.625, 0.83),
    "male+two_or_more": (12, 6, 0.50, 0.67),
    "female+white": (20, 8, 0.40, 0.53),
    "female+black": (12, 6, 0.50, 0.67),
    "female+native_hawaiian_pacific_islander": (4, 2, 0.50, 0.67),
    "female+asian": (12, 3, 0.25, 0.33),
    "female+american_indian_alaska_native": (8, 5, 0.625, 0.83),
    "female+two_or_more": (8, 4, 0.50, 0.67),
}
SCORING_UNKNOWN = 15


def decimals(value: float) -> int:
    text = f"{value:.3f}".rstrip("0")
    return max(2, len(text.split(".")[1]) if "." in text else 0)


def assert_published(computed: float | None, published: float, *, truncated: bool = False) -> None:
    """Equal to the published figure at its precision (rounded; or truncated, where the rule truncates)."""
    assert computed is not None
    digits = decimals(published)
    scale = 10**digits
    shown = math.floor(computed * scale + 1e-9) / scale if truncated else round(computed, digits)
    assert shown == pytest.approx(published, abs=1e-9), (computed, published)


def check_table(table: dict, *, share: float = 0.0, truncated: tuple[str, ...] = ()) -> dict:
    counts = {c: (n, hits) for c, (n, hits, _, _) in table.items()}
    left_out = small_categories({c: n for c, (n, _) in counts.items()}, share=share) if share else set()
    result = compare_rates(counts, left_out=left_out)
    for category, (_, _, rate, ratio) in table.items():
        if category in left_out:
            assert result[category].impact_ratio is None
            continue
        assert_published(result[category].rate, rate, truncated=category in truncated)
        assert_published(result[category].impact_ratio, ratio)
    return result


# --- The published selection example -----------------------------------------------------------------


@pytest.mark.parametrize("table", [SELECTION_SEX, SELECTION_RACE, SELECTION_INTERSECTIONAL], ids=["sex", "race", "intersectional"])
def test_the_rules_selection_example_without_exclusion(table):
    check_table(table)


def test_the_two_percent_exclusion_on_the_rules_selection_example():
    # 41 of 2,584 (1.6%) are American Indian or Alaska Native: under 2%, so shown without an impact ratio.
    race = check_table(SELECTION_RACE, share=0.02)
    assert race["american_indian_alaska_native"].impact_ratio is None
    assert race["american_indian_alaska_native"].rate == pytest.approx(18 / 41)
    assert race["white"].impact_ratio == 1.0  # the highest category is unchanged, so are the other ratios
    # Intersections: 24 (0.93%), 17 (0.66%) and 32 (1.24%) of 2,571 are under 2%; 87 (3.4%) is not.
    counts = {c: n for c, (n, *_rest) in SELECTION_INTERSECTIONAL.items()}
    assert sum(counts.values()) == 2571
    assert small_categories(counts) == {
        "male+american_indian_alaska_native",
        "female+american_indian_alaska_native",
        "female+native_hawaiian_pacific_islander",
    }
    check_table(SELECTION_INTERSECTIONAL, share=0.02)
    # Sex: neither category is under 2%.
    assert small_categories({"male": 1390, "female": 1181}) == set()


def test_a_small_category_never_sets_the_reference_rate():
    # A group of 1 selected at 100% would make everyone else look adversely affected; under 2%, it is left out.
    counts = {"a": (1, 1), "b": (100, 50), "c": (99, 45)}
    left_out = small_categories({k: n for k, (n, _) in counts.items()})
    assert left_out == {"a"}
    result = compare_rates(counts, left_out=left_out)
    assert result["a"].impact_ratio is None and result["a"].rate == 1.0
    assert result["b"].impact_ratio == 1.0
    assert result["c"].impact_ratio == pytest.approx((45 / 99) / 0.5)


# --- The published scoring example, from scores to the tables -----------------------------------------


def scoring_example_sample():
    """Scores that give the rule's scoring example: per intersection, `above` people above the median and
    the rest below, plus 15 people of unknown category (7 above, 8 below), so that the median of all 183
    splits them 91 / 92."""
    sexes, races, scores = [], [], []
    high, low = iter(np.arange(70, 100, 0.1)), iter(np.arange(20, 50, 0.1))
    for category, (n, above, _, _) in SCORING_INTERSECTIONAL.items():
        sex, race = category.split("+")
        for i in range(n):
            sexes.append(sex)
            races.append(race)
            scores.append(float(next(high) if i < above else next(low)))
    for i in range(SCORING_UNKNOWN):
        # Some declined to answer, some never answered: both are unknown categories.
        sexes.append(DECLINED if i % 3 else None)
        races.append(DECLINED if i % 2 else None)
        scores.append(float(next(high) if i < 7 else next(low)))
    return sexes, races, scores


def test_the_rules_scoring_example_from_scores():
    sexes, races, scores = scoring_example_sample()
    result = bias_audit(sexes=sexes, races=races, scores=scores, selected=[False] * len(scores))
    assert result.applicants == 183
    assert result.unknown == SCORING_UNKNOWN
    assert result.median_score == sorted(scores)[91]  # the 92nd of 183
    assert sum(s > result.median_score for s in scores) == 91
    tables = {
        "sex": SCORING_SEX,
        "race_ethnicity": SCORING_RACE,
        "intersectional": SCORING_INTERSECTIONAL,
    }
    for dimension, table in tables.items():
        rows = {r.category: r for r in result.dimension(dimension)}
        assert list(rows) == list(CATEGORIES[dimension])  # every category present, in a fixed order
        for category, (n, above, rate, ratio) in table.items():
            row = rows[category]
            assert (row.count, row.scoring.hits) == (n, above)
            assert not row.excluded_small  # the smallest, 4 of 168, is 2.4%
            assert_published(row.scoring.rate, rate, truncated=category == "hispanic_latino")
            assert_published(row.scoring.impact_ratio, ratio)


def test_the_rules_scoring_example_flags_and_small_groups():
    sexes, races, scores = scoring_example_sample()
    result = bias_audit(sexes=sexes, races=races, scores=scores, selected=[False] * len(scores))
    rows = {(r.dimension, r.category): r for r in result.rows}
    # Female 0.82: above four fifths, not flagged.
    assert rows[("sex", "female")].flag is None
    # White 15/40 against Hispanic or Latino 18/28: ratio 0.58, Fisher's exact test p = 0.0479 (the
    # p-values here agree with scipy.stats.fisher_exact): significant at 5%.
    white = rows[("race_ethnicity", "white")].scoring
    assert white.reference == "hispanic_latino"
    assert white.p_value == pytest.approx(0.04793, abs=0.00001)
    assert white.verdict == ADVERSE_IMPACT
    # The highest intersection is Hispanic or Latino men, 12/16 (it ties with Pacific Islander men, 3/4;
    # the first in order is the reference). Asian women 3/12: 0.33, p = 0.020, significant though small.
    assert rows[("intersectional", "female+asian")].scoring.reference == "male+hispanic_latino"
    assert rows[("intersectional", "female+asian")].scoring.verdict == ADVERSE_IMPACT
    # White men 7/20: 0.47, p = 0.023, significant. Black men 10/20: 0.67, p = 0.18, with groups of
    # 20 and 16: too few to conclude either way.
    assert rows[("intersectional", "male+white")].scoring.verdict == ADVERSE_IMPACT
    assert rows[("intersectional", "male+black")].scoring.verdict == TOO_SMALL
    assert rows[("intersectional", "male+black")].flag == "scoring:too_small"


# --- Intersections and unknown categories, by hand -----------------------------------------------------


def test_intersections_and_unknowns_by_hand():
    people = [
        # sex, race/ethnicity, score, selected
        ("female", "asian", 90, True),
        ("female", "asian", 80, False),
        ("female", "black", 40, True),
        ("male", "asian", 70, False),
        ("male", "white", 30, False),
        ("male", "white", 60, True),
        ("female", DECLINED, 95, True),  # sex known, race/ethnicity declined
        (None, "white", 20, False),  # never answered sex
        (DECLINED, DECLINED, 50, False),
    ]
    sexes, races, scores, selected = map(list, zip(*people, strict=True))
    result = bias_audit(sexes=sexes, races=races, scores=scores, selected=selected)
    # Median of all nine scores (unknowns included): 20 30 40 50 [60] 70 80 90 95.
    assert result.median_score == 60
    assert result.applicants == 9
    assert result.unknown_by_dimension == {"sex": 2, "race_ethnicity": 2, "intersectional": 3}
    assert result.unknown == 3
    rows = {(r.dimension, r.category): r for r in result.rows}
    female, male = rows[("sex", "female")], rows[("sex", "male")]
    assert (female.count, female.scoring.hits, female.selection.hits) == (4, 3, 3)  # 90, 80, 95 > 60
    assert (male.count, male.scoring.hits, male.selection.hits) == (3, 1, 1)  # 60 is the median: not above
    assert male.scoring.impact_ratio == pytest.approx((1 / 3) / (3 / 4))
    asian = rows[("race_ethnicity", "asian")]
    assert (asian.count, asian.scoring.hits) == (3, 3)
    assert rows[("race_ethnicity", "white")].count == 3  # the white applicant with no sex counts here
    assert rows[("intersectional", "female+asian")].count == 2
    assert rows[("intersectional", "male+white")].count == 2
    assert rows[("intersectional", "male+white")].scoring.rate == 0.0
    assert rows[("intersectional", "female+white")].count == 0
    assert rows[("intersectional", "female+white")].scoring.rate is None
    assert rows[("intersectional", "female+white")].excluded_small
    assert sum(r.count for r in result.dimension("intersectional")) == 9 - result.unknown
    assert [r.category for r in result.dimension("intersectional")] == list(INTERSECTIONS)
    assert INTERSECTIONS[0] == intersection(SEXES[0], RACE_ETHNICITIES[0]) == "female+hispanic_latino"


def test_json_rows_have_exactly_the_documented_keys():
    result = bias_audit(sexes=["female", "male"], races=["asian", "white"], scores=[1.0, 2.0], selected=[True, False])
    data = result.to_dict(job="ml-engineer")
    assert list(data) == ["job", "applicants", "unknown", "median_score", "rows"]
    assert data["job"] == "ml-engineer" and data["applicants"] == 2 and data["median_score"] == 1.5
    assert len(data["rows"]) == 2 + 7 + 14
    for row in data["rows"]:
        assert list(row) == [
            "dimension", "category", "count", "scoring_rate", "impact_ratio", "selected",
            "selection_rate", "selection_impact_ratio", "excluded_small", "flag",
        ]
    male = next(r for r in data["rows"] if r["category"] == "male")
    assert male["scoring_rate"] == 1.0 and male["selected"] == 0 and male["selection_rate"] == 0.0


def test_empty_sample():
    result = bias_audit(sexes=[], races=[], scores=[], selected=[])
    assert result.applicants == 0 and result.median_score is None and result.unknown == 0
    assert all(r.scoring.rate is None and r.scoring.impact_ratio is None and r.flag is None for r in result.rows)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"sexes": ["woman"], "races": ["asian"], "scores": [1.0], "selected": [False]},
        {"sexes": ["female"], "races": ["Asian"], "scores": [1.0], "selected": [False]},
        {"sexes": ["female"], "races": ["asian"], "scores": [float("nan")], "selected": [False]},
        {"sexes": ["female", "male"], "races": ["asian"], "scores": [1.0], "selected": [False]},
    ],
)
def test_bad_input_is_refused(kwargs):
    with pytest.raises(ValueError):
        bias_audit(**kwargs)


# --- Four fifths, significance, small samples -----------------------------------------------------------


def test_four_fifths_is_compared_exactly_not_in_floating_point():
    # 8/50 over 10/50 is exactly 4/5, though 0.16 / 0.2 is 0.7999999999999999 in floating point.
    result = compare_rates({"a": (50, 10), "b": (50, 8)})
    assert result["b"].impact_ratio < 0.8  # the float
    assert result["b"].verdict is None  # but not flagged: it is four fifths exactly
    assert compare_rates({"a": (50, 10), "b": (50, 7)})["b"].verdict is not None


def test_verdicts():
    # 10 vs 10 people: 2/10 against 8/10 is significant (p = 0.023) even with small groups.
    assert compare_rates({"a": (10, 8), "b": (10, 2)})["b"].verdict == ADVERSE_IMPACT
    # 3/10 against 5/10: ratio 0.6, p = 0.65, groups of 10: too small to conclude.
    small = compare_rates({"a": (10, 5), "b": (10, 3)})["b"]
    assert small.impact_ratio == pytest.approx(0.6) and small.verdict == TOO_SMALL
    # 12/40 against 16/40: ratio 0.75, p = 0.48 with 40 in each group: not significant.
    assert compare_rates({"a": (40, 16), "b": (40, 12)})["b"].verdict == NOT_SIGNIFICANT
    # 300/1000 against 400/1000: 0.75 and p < 1e-5.
    assert compare_rates({"a": (1000, 400), "b": (1000, 300)})["b"].verdict == ADVERSE_IMPACT
    # Nobody scored or selected: no ratio at all, nothing flagged.
    none = compare_rates({"a": (10, 0), "b": (10, 0)})
    assert none["a"].impact_ratio is None and none["b"].verdict is None


def test_fisher_exact_by_hand():
    # Fisher's tea-tasting table [[3, 1], [1, 3]]: the tables with 0..4 hits have probabilities
    # 1, 16, 36, 16, 1 (/70); those no likelier than 16/70 sum to 34/70.
    assert fisher_exact(3, 4, 1, 4) == pytest.approx(34 / 70)
    assert fisher_exact(4, 4, 0, 4) == pytest.approx(2 / 70)
    assert fisher_exact(2, 4, 2, 4) == pytest.approx(1.0)
    assert fisher_exact(0, 5, 0, 7) == 1.0  # nobody hit: nothing to test
    with pytest.raises(ValueError):
        fisher_exact(5, 4, 0, 4)


def test_fisher_exact_matches_scipy():
    stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(7)
    for _ in range(300):
        na, nb = (int(x) for x in rng.integers(1, 400, 2))
        a, b = int(rng.integers(0, na + 1)), int(rng.integers(0, nb + 1))
        expected = stats.fisher_exact([[a, na - a], [b, nb - b]]).pvalue
        assert fisher_exact(a, na, b, nb) == pytest.approx(expected, rel=1e-6, abs=1e-12)


# --- Synthetic data sets: a known disparity is flagged, none is not ------------------------------------


def synthetic(*, female_shift: float, female_selected_every: int = 2):
    """Forty people in each of the 14 intersections with the same scores 0..39 each; women's scores moved
    by `female_shift`; every second person selected, every `female_selected_every`-th woman."""
    sexes, races, scores, selected = [], [], [], []
    for sex in SEXES:
        for race in RACE_ETHNICITIES:
            for i in range(40):
                sexes.append(sex)
                races.append(race)
                scores.append(float(i) + (female_shift if sex == "female" else 0.0))
                selected.append(i % (female_selected_every if sex == "female" else 2) == 0)
    return bias_audit(sexes=sexes, races=races, scores=scores, selected=selected)


def test_a_data_set_without_disparity_is_not_flagged():
    result = synthetic(female_shift=0.0)
    assert result.flagged == ()
    assert {r.scoring.impact_ratio for r in result.rows} == {1.0}
    assert {r.selection.impact_ratio for r in result.rows} == {1.0}


def test_a_data_set_with_a_known_disparity_is_flagged():
    # Women score 15 points lower and are selected one time in four instead of one in two.
    result = synthetic(female_shift=-15.0, female_selected_every=4)
    female = next(r for r in result.rows if r.category == "female")
    # 560 scores: women alone at -15..-1 (105 of them), both at 0..24 (14 per value), men alone at 25..39.
    # The 280th and 281st are 12 (105 + 14 x 12 = 273 < 280 <= 287): median 12. Above it: men 13..39,
    # 27 of 40 per intersection; women 13..24, 12 of 40.
    assert result.median_score == 12.0
    assert female.scoring.rate == pytest.approx(12 / 40)
    assert female.scoring.impact_ratio == pytest.approx(12 / 27)
    assert female.selection.impact_ratio == pytest.approx(0.5)
    assert female.flag == "scoring:adverse_impact;selection:adverse_impact"
    assert next(r for r in result.rows if r.category == "male").flag is None
    # Every race/ethnicity has the same mix of men and women: no race is flagged; every female
    # intersection is, and no male one.
    assert all(r.flag is None for r in result.dimension("race_ethnicity"))
    flagged = {r.category for r in result.dimension("intersectional") if r.flag}
    assert flagged == {intersection("female", race) for race in RACE_ETHNICITIES}
