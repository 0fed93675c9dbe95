"""Fairness checks: criteria that may stand in for a protected attribute, and the bias audit's arithmetic.

Proxies: screening on them is unlawful in many places and unfair everywhere, even when unintended:
"graduated after 2018" selects by age, a school name by class and origin, "native speaker" by
nationality. The editor shows these warnings before anything is published; the default profile
uses none of them.

The bias audit (below the proxies) follows New York City's rules for Local Law 144 (6 RCNY § 5-300
and § 5-301): per sex, race/ethnicity and their intersections, the scoring rate (the share scoring
above the median score of the whole sample) and the impact ratio (a category's rate over the highest
category's rate); categories under 2% of the data are reported but left out of impact ratios; people
with no known category are counted, not dropped silently. On top of the rules, a ratio under four
fifths (the US Uniform Guidelines' rule of thumb) is tested with Fisher's exact test, and groups too
small to conclude anything are said to be so. Pure core: plain values in, numbers out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Collection, Mapping, Sequence

import numpy as np

from screening.scoring import ProfileSpec

# (attribute, why it matters, phrases) — phrases are matched as whole words, case-insensitively.
PROXIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "age",
        "may select candidates by age",
        (
            "age", "aged", "years old", "young", "youthful", "energetic", "digital native", "digital natives",
            "recent graduate", "recent graduates", "new graduate", "new graduates", "fresh graduate", "fresh graduates",
            "date of birth", "dob", "born", "birth", "graduation year",
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


# --- The bias audit ---------------------------------------------------------------------------------

# The EEO-1 categories, as codes. "decline" (or no answer at all) is an unknown category: such people are
# counted as unknown, never guessed.
SEXES = ("female", "male")
RACE_ETHNICITIES = (
    "hispanic_latino",
    "white",
    "black",
    "asian",
    "native_hawaiian_pacific_islander",
    "american_indian_alaska_native",
    "two_or_more",
)
DECLINED = "decline"
DIMENSIONS = ("sex", "race_ethnicity", "intersectional")

FOUR_FIFTHS = 0.8
SMALL_SHARE = 0.02  # § 5-301(d): a category under 2% of the data may be left out of impact ratios
ALPHA = 0.05
# Below these, a ratio under four fifths that is not significant says little either way: the groups are
# too small for the test to have found a difference of that size (30 is the usual rule of thumb in US
# adverse impact practice; 5 expected in a cell is the classic limit for a 2x2 table).
MIN_GROUP = 30
MIN_EXPECTED = 5

# What a ratio under four fifths is judged to be, after the significance test.
ADVERSE_IMPACT = "adverse_impact"  # significant at ALPHA: the difference is unlikely to be chance
NOT_SIGNIFICANT = "not_significant"  # groups large enough, difference consistent with chance
TOO_SMALL = "too_small"  # not significant, and the groups are too small to conclude anything
VERDICTS = (ADVERSE_IMPACT, NOT_SIGNIFICANT, TOO_SMALL)


def intersection(sex: str, race_ethnicity: str) -> str:
    return f"{sex}+{race_ethnicity}"


INTERSECTIONS = tuple(intersection(s, r) for s in SEXES for r in RACE_ETHNICITIES)
CATEGORIES = {"sex": SEXES, "race_ethnicity": RACE_ETHNICITIES, "intersectional": INTERSECTIONS}

_log_factorial_table = np.zeros(1)


def _log_factorials(n: int) -> np.ndarray:
    """log(k!) for k = 0..n (at least), grown as needed and shared between calls."""
    global _log_factorial_table
    table = _log_factorial_table
    if len(table) <= n:
        size = max(n + 1, 2 * len(table))
        table = np.zeros(size)
        table[1:] = np.cumsum(np.log(np.arange(1, size, dtype=float)))
        _log_factorial_table = table
    return table


def fisher_exact(hits_a: int, total_a: int, hits_b: int, total_b: int) -> float:
    """Two-sided p-value of Fisher's exact test that two groups have the same rate of hits.

    The table is [[hits_a, total_a - hits_a], [hits_b, total_b - hits_b]]. With its margins fixed the
    hits of group a follow a hypergeometric law; the p-value sums the probabilities of every table no
    more likely than the one observed (with a relative tolerance of 1e-7, as R's fisher.test, so that
    tables exactly as likely are not lost to rounding). Exact, so valid for small groups too.
    """
    if not (0 <= hits_a <= total_a and 0 <= hits_b <= total_b):
        raise ValueError("hits must lie between 0 and the size of their group")
    n = total_a + total_b
    hits = hits_a + hits_b
    low, high = max(0, hits - total_b), min(total_a, hits)
    if low == high:
        return 1.0
    lf = _log_factorials(n)
    x = np.arange(low, high + 1)
    log_p = (
        lf[total_a] - lf[x] - lf[total_a - x]
        + lf[total_b] - lf[hits - x] - lf[total_b - hits + x]
        - lf[n] + lf[hits] + lf[n - hits]
    )
    observed = log_p[hits_a - low]
    return float(min(1.0, np.exp(log_p[log_p <= observed + 1e-7]).sum()))


@dataclass(frozen=True)
class Comparison:
    """One category under one measure (scoring or selection), compared with the category rated highest."""

    hits: int  # people who scored above the median, or who were selected
    rate: float | None  # hits / count; None for a category with nobody in it
    impact_ratio: float | None  # None when left out (under 2% or empty), or when no category has a hit
    reference: str | None = None  # the category with the highest rate (set for ratios under four fifths)
    p_value: float | None = None  # Fisher's exact test against the reference (ratios under four fifths)
    verdict: str | None = None  # one of VERDICTS for a ratio under four fifths, else None


def small_categories(counts: Mapping[str, int], *, share: float = SMALL_SHARE) -> set[str]:
    """Categories holding less than `share` of the people counted (empty ones included)."""
    total = sum(counts.values())
    limit = Fraction(str(share)) * total
    return {category for category, n in counts.items() if n == 0 or n < limit}


def compare_rates(
    groups: Mapping[str, tuple[int, int]],
    *,
    left_out: Collection[str] = (),
    threshold: float = FOUR_FIFTHS,
    alpha: float = ALPHA,
) -> dict[str, Comparison]:
    """Rates and impact ratios of categories given as {category: (count, hits)}, in the given order.

    Categories in `left_out` get a rate but no impact ratio, and cannot be the reference (the highest
    rate). A ratio under `threshold` is tested against the reference with Fisher's exact test. The
    comparison with the threshold is exact (integers), so 4/5 of a rate is not flagged by rounding.
    """
    rates = {c: (hits / n if n else None) for c, (n, hits) in groups.items()}
    compared_rates = {c: rate for c, rate in rates.items() if c not in left_out and rate is not None}
    # The first category wins a tie for the highest rate: the order given is the order reported.
    reference = max(compared_rates, key=lambda c: compared_rates[c], default=None)
    ref_n, ref_hits = groups[reference] if reference is not None else (0, 0)
    limit = Fraction(str(threshold))
    result = {}
    for category, (n, hits) in groups.items():
        rate = rates[category]
        if reference is None or category not in compared_rates or ref_hits == 0:
            result[category] = Comparison(hits, rate, None)
            continue
        ratio = compared_rates[category] / compared_rates[reference]
        if Fraction(hits * ref_n, n * ref_hits) >= limit:
            result[category] = Comparison(hits, rate, ratio)
            continue
        p_value = fisher_exact(hits, n, ref_hits, ref_n)
        verdict = _verdict(p_value, n, hits, ref_n, ref_hits, alpha)
        result[category] = Comparison(hits, rate, ratio, reference, p_value, verdict)
    return result


def _verdict(p_value: float, n: int, hits: int, ref_n: int, ref_hits: int, alpha: float) -> str:
    if p_value < alpha:
        return ADVERSE_IMPACT
    total, all_hits = n + ref_n, hits + ref_hits
    smallest_expected = min(n, ref_n) * min(all_hits, total - all_hits) / total
    if min(n, ref_n) < MIN_GROUP or smallest_expected < MIN_EXPECTED:
        return TOO_SMALL
    return NOT_SIGNIFICANT


@dataclass(frozen=True)
class AuditRow:
    dimension: str  # sex | race_ethnicity | intersectional
    category: str  # a code; intersections as "sex+race_ethnicity"
    count: int
    excluded_small: bool  # under 2% of the people with a known category in this dimension
    scoring: Comparison
    selection: Comparison

    @property
    def flag(self) -> str | None:
        """None, or each measure whose ratio is under four fifths with its verdict, e.g.
        "scoring:adverse_impact" or "scoring:too_small;selection:not_significant"."""
        parts = [f"{name}:{c.verdict}" for name, c in (("scoring", self.scoring), ("selection", self.selection)) if c.verdict]
        return ";".join(parts) or None

    def to_dict(self) -> dict:
        return {
            "dimension": self.dimension,
            "category": self.category,
            "count": self.count,
            "scoring_rate": self.scoring.rate,
            "impact_ratio": self.scoring.impact_ratio,
            "selected": self.selection.hits,
            "selection_rate": self.selection.rate,
            "selection_impact_ratio": self.selection.impact_ratio,
            "excluded_small": self.excluded_small,
            "flag": self.flag,
        }


@dataclass(frozen=True)
class AuditResult:
    applicants: int
    unknown: int  # applicants without a known sex or without a known race/ethnicity (declined or not given)
    unknown_by_dimension: Mapping[str, int]
    median_score: float | None
    rows: tuple[AuditRow, ...]

    def dimension(self, name: str) -> tuple[AuditRow, ...]:
        return tuple(r for r in self.rows if r.dimension == name)

    @property
    def flagged(self) -> tuple[AuditRow, ...]:
        return tuple(r for r in self.rows if r.flag)

    def to_dict(self, *, job: str) -> dict:
        return {
            "job": job,
            "applicants": self.applicants,
            "unknown": self.unknown,
            "median_score": self.median_score,
            "rows": [r.to_dict() for r in self.rows],
        }


def _known(value: str | None, codes: tuple[str, ...], what: str) -> str | None:
    if value is None or value == "" or value == DECLINED:
        return None
    if value not in codes:
        raise ValueError(f"unknown {what} code {value!r}")
    return value


def bias_audit(
    *,
    sexes: Sequence[str | None],
    races: Sequence[str | None],
    scores: Sequence[float],
    selected: Sequence[bool],
    share: float = SMALL_SHARE,
    threshold: float = FOUR_FIFTHS,
    alpha: float = ALPHA,
) -> AuditResult:
    """The audit of one sample of applicants: one entry per applicant in each sequence.

    `scores` are the totals the tool gave; the median is taken over every applicant, unknown categories
    included, and a person's score counts when strictly above it. `selected` says whether a person was
    moved past the first stage by the hiring team. A sex or race/ethnicity of None or "decline" is an
    unknown category: that person is left out of the tables that need it and counted as unknown.
    """
    n = len(scores)
    if not len(sexes) == len(races) == len(selected) == n:
        raise ValueError("one sex, race/ethnicity, score and selection per applicant")
    totals = np.asarray(scores, dtype=float)
    if n and not np.isfinite(totals).all():
        raise ValueError("scores must be finite numbers")
    median = float(np.median(totals)) if n else None
    above = (totals > median).tolist() if n else []
    chosen = [bool(s) for s in selected]
    sex_keys = [_known(s, SEXES, "sex") for s in sexes]
    race_keys = [_known(r, RACE_ETHNICITIES, "race/ethnicity") for r in races]
    keys = {
        "sex": sex_keys,
        "race_ethnicity": race_keys,
        "intersectional": [intersection(s, r) if s and r else None for s, r in zip(sex_keys, race_keys, strict=True)],
    }
    rows: list[AuditRow] = []
    for dimension in DIMENSIONS:
        tally = {c: [0, 0, 0] for c in CATEGORIES[dimension]}  # count, above the median, selected
        for key, is_above, is_chosen in zip(keys[dimension], above, chosen, strict=True):
            if key is not None:
                tally[key][0] += 1
                tally[key][1] += is_above
                tally[key][2] += is_chosen
        left_out = small_categories({c: t[0] for c, t in tally.items()}, share=share)
        scoring = compare_rates(
            {c: (t[0], t[1]) for c, t in tally.items()}, left_out=left_out, threshold=threshold, alpha=alpha
        )
        selection = compare_rates(
            {c: (t[0], t[2]) for c, t in tally.items()}, left_out=left_out, threshold=threshold, alpha=alpha
        )
        rows.extend(
            AuditRow(dimension, c, t[0], c in left_out, scoring[c], selection[c]) for c, t in tally.items()
        )
    unknown_by_dimension = {d: sum(k is None for k in keys[d]) for d in DIMENSIONS}
    return AuditResult(
        applicants=n,
        unknown=unknown_by_dimension["intersectional"],
        unknown_by_dimension=unknown_by_dimension,
        median_score=median,
        rows=tuple(rows),
    )
