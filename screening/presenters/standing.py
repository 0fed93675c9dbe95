"""Where a score stands within its job: rank, "top N%" and a match band in plain words.

A total is out of 100 points, but a strong candidate for a demanding profile rarely gets near 100 (the
best of 85 real resumes scored 36.7), so the pages read a score against the job's own candidates. The
rule, written out in README ("Reading a score"):

    rank        = 1 + the number of the job's scored applications with a higher total (ties share a rank)
    top percent = ceil(100 × rank / scored applications)
    relative    = total / the job's top total
    band        = Strong match   relative ≥ 0.75 and every must-have met
                  Good match     relative ≥ 0.50 and every must-have met
                  Partial match  relative ≥ 0.25 (a missing must-have caps a candidate here)
                  Weak match     otherwise, and everyone when the top total is 0
"""

from __future__ import annotations

import math
from dataclasses import dataclass

STRONG_SHARE = 0.75
GOOD_SHARE = 0.5
PARTIAL_SHARE = 0.25

BAND_LABELS = {
    "strong": "Strong match",
    "good": "Good match",
    "partial": "Partial match",
    "weak": "Weak match",
}
BAND_HELP = {
    "strong": "At least 75% of the job's top score, every must-have met.",
    "good": "At least half the job's top score, every must-have met.",
    "partial": "At least a quarter of the job's top score, or missing a must-have.",
    "weak": "Less than a quarter of the job's top score.",
}


def match_band(total: float, must_haves_met: bool, top: float | None) -> str:
    """The band of `total` given the job's top total (see the module's rule)."""
    if not top or top <= 0:
        return "weak"
    relative = total / top
    if must_haves_met and relative >= STRONG_SHARE:
        return "strong"
    if must_haves_met and relative >= GOOD_SHARE:
        return "good"
    if relative >= PARTIAL_SHARE:
        return "partial"
    return "weak"


@dataclass(frozen=True)
class Standing:
    """One scored application's place among the job's scored applications."""

    rank: int
    scored: int  # scored applications in the job (the ranked list's, whatever its filters)
    top_percent: int
    band: str
    top_total: float

    @property
    def band_label(self) -> str:
        return BAND_LABELS[self.band]

    @property
    def band_help(self) -> str:
        return BAND_HELP[self.band]

    @property
    def summary(self) -> str:
        """ "No. 3 of 85 · top 4%" """
        return f"No. {self.rank} of {self.scored} · top {self.top_percent}%"


def standing(*, total: float, must_haves_met: bool, higher: int, scored: int, top: float | None) -> Standing:
    """The standing of a total with `higher` of the job's `scored` applications above it."""
    scored = max(scored, higher + 1)  # a score written after the counts were read still has a place
    rank = higher + 1
    return Standing(
        rank=rank,
        scored=scored,
        top_percent=math.ceil(100 * rank / scored),
        band=match_band(total, must_haves_met, top),
        top_total=top or 0.0,
    )
