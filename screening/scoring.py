"""Scores a candidate against a competency profile: pure arithmetic over matched evidence, 0 to 100.

The formula (also in README, "How a score is computed"):

    W          = sum of all competency weights + education weight + experience weight
    possible_c = 100 * weight_c / W
    earned_c   = possible_c * strength_c                         (strength between 0 and 1)
    total      = sum of earned_c over competencies, education and experience

Strength of a skill competency = placement * duration * recency * minimum-months factor:

    placement  where the best evidence sits: in a dated role 1.0 (in a role without dates 1.0, labelled
               so), in projects / open source /
               publications / competitions 0.85, in certifications 0.75, only listed (skills,
               summary, elsewhere) 0.6; no evidence 0.
    duration   0.75 + 0.25 * min(1, months / 24), months = months of dated roles that mention it
               (screening.nlp.dates: a year alone is mid-year, "Present" the resume's own date).
    recency    1 if last used within 2 years of the reference year (or undated), then -0.1 per
               year, never below 0.5.
    minimum    when the competency asks for min_months and the candidate has fewer:
               0.5 + 0.5 * months / min_months (and the shortfall is flagged).

Education strength = credit of the highest level (profile table) * field factor: 1 if a preferred
field matches (or none is preferred), 0.6 if the field of study is not stated, 0.3 if it is stated and
is none of the preferred ones.

Experience strength = min(1, ML months / target + 0.25 * min(1, other related months / target)), where
related roles are dated roles whose text evidences at least one of the profile's skill competencies (not
the practice or collaboration ones): years as a lawyer do not count towards an ML engineer's experience,
and years of other related work earn at most a quarter of it.

A missing must-have multiplies the total by the profile's must-have factor (0.6 by default) and is
flagged; too little experience (related months below the profile's minimum) is flagged. Neither hides anyone: the recruiter decides whether to
filter them out.

Everything here takes plain values and returns frozen dataclasses; the same vectorised code scores
one candidate or a hundred thousand, so a breakdown shown on a page always matches the ranking.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

import numpy as np

from screening.nlp.facts import EDUCATION_LEVELS

# Where the best evidence for a competency sits, with the factor each earns. The code is what we
# store (compact, stable); the label is what recruiters read.
PLACEMENTS: dict[int, tuple[str, float]] = {
    0: ("not found", 0.0),
    1: ("listed in skills or summary", 0.6),
    2: ("in certifications", 0.75),
    3: ("in projects, open source, publications or competitions", 0.85),
    # A role without dates is still work the candidate did, but says so: its months are unknown (0).
    4: ("used in a role without dates", 1.0),
    5: ("used in a dated role", 1.0),
}
SECTION_PLACEMENT = {
    "experience": 4,  # in the experience section but in no role we could read: as a role without dates
    "projects": 3,
    "open_source": 3,
    "publications": 3,
    "competitions": 3,
    "awards": 3,
    "certifications": 2,
}
DURATION_FULL_MONTHS = 24
RECENT_YEARS = 2
FIELD_UNKNOWN_FACTOR = 0.6
FIELD_MISMATCH_FACTOR = 0.3
OTHER_EXPERIENCE_FACTOR = 0.25
# Competency categories whose evidence does not make a role "related" experience: they describe how
# someone works, not the work the profile is about.
NON_TECHNICAL_CATEGORIES = frozenset({"practice", "collaboration"})


def placement_for_section(section: str, in_role: bool, dated: bool = True) -> int:
    if in_role:
        return 5 if dated else 4
    return SECTION_PLACEMENT.get(section, 1)


# --- The profile --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompetencySpec:
    key: str
    name: str
    category: str
    weight: float
    skills: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    signals: tuple[str, ...] = ()
    must_have: bool = False
    min_months: int = 0


@dataclass(frozen=True)
class EducationSpec:
    weight: float = 10.0
    levels: tuple[tuple[str, float], ...] = (("associate", 0.4), ("bachelor", 0.7), ("master", 0.9), ("doctorate", 1.0))
    fields: tuple[str, ...] = ()

    def credit(self, level: str | None) -> float:
        return dict(self.levels).get(level or "", 0.0)


@dataclass(frozen=True)
class ExperienceSpec:
    weight: float = 15.0
    target_months: int = 36
    min_months: int = 0


@dataclass(frozen=True)
class ProfileSpec:
    competencies: tuple[CompetencySpec, ...]
    education: EducationSpec = field(default_factory=EducationSpec)
    experience: ExperienceSpec = field(default_factory=ExperienceSpec)
    # The total is multiplied by this when any must-have is missing: such candidates stay in the list
    # (flagged), below those who have what the job cannot do without.
    must_have_factor: float = 0.6

    def to_dict(self) -> dict[str, Any]:
        return {
            "competencies": [
                {
                    "key": c.key,
                    "name": c.name,
                    "category": c.category,
                    "weight": c.weight,
                    "skills": list(c.skills),
                    "synonyms": list(c.synonyms),
                    "signals": list(c.signals),
                    "must_have": c.must_have,
                    "min_months": c.min_months,
                }
                for c in self.competencies
            ],
            "education": {
                "weight": self.education.weight,
                "levels": dict(self.education.levels),
                "fields": list(self.education.fields),
            },
            "experience": {
                "weight": self.experience.weight,
                "target_months": self.experience.target_months,
                "min_months": self.experience.min_months,
            },
            "must_have_factor": self.must_have_factor,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ProfileSpec":
        edu = data.get("education") or {}
        exp = data.get("experience") or {}
        levels = edu.get("levels")
        return cls(
            competencies=tuple(
                CompetencySpec(
                    key=c["key"],
                    name=c["name"],
                    category=c.get("category", "other"),
                    weight=float(c.get("weight", 1.0)),
                    skills=tuple(c.get("skills", ())),
                    synonyms=tuple(c.get("synonyms", ())),
                    signals=tuple(c.get("signals", ())),
                    must_have=bool(c.get("must_have", False)),
                    min_months=int(c.get("min_months", 0) or 0),
                )
                for c in data.get("competencies", ())
            ),
            education=EducationSpec(
                weight=float(edu.get("weight", 10.0)),
                # An explicit table is kept as it is, all zeros included ("no degree earns credit");
                # only a spec without one gets the defaults.
                levels=tuple(sorted(levels.items(), key=_level_order)) if levels is not None else EducationSpec().levels,
                fields=tuple(edu.get("fields", ())),
            ),
            experience=ExperienceSpec(
                weight=float(exp.get("weight", 15.0)),
                target_months=int(exp.get("target_months", 36) or 36),
                min_months=int(exp.get("min_months", 0) or 0),
            ),
            must_have_factor=float(data.get("must_have_factor", 0.6)),
        )

    @property
    def total_weight(self) -> float:
        return sum(c.weight for c in self.competencies) + self.education.weight + self.experience.weight

    def possible_points(self) -> list[float]:
        """Points possible per competency, then education, then experience (sums to 100)."""
        total = self.total_weight
        weights = [c.weight for c in self.competencies] + [self.education.weight, self.experience.weight]
        return [100.0 * w / total if total else 0.0 for w in weights]


def _level_order(item: tuple[str, float]) -> int:
    return EDUCATION_LEVELS.index(item[0]) if item[0] in EDUCATION_LEVELS else len(EDUCATION_LEVELS)


# --- What was matched (input) ------------------------------------------------------------------


@dataclass(frozen=True)
class Evidence:
    """A sentence of the resume that supports a competency."""

    text: str
    start: int
    end: int
    section: str


@dataclass(frozen=True)
class CompetencyFeatures:
    key: str
    placement: int = 0  # a key of PLACEMENTS
    months: int = 0
    last_used: int | None = None
    mentions: int = 0
    evidence: tuple[Evidence, ...] = ()


# Packed features: little-endian int16 (months and years fit), six scalars, then placement, months and
# last-used year per competency. A hundred thousand candidates unpack into one matrix in milliseconds.
PACKED_DTYPE = np.dtype("<i2")
PACKED_SCALARS = 6  # reference year, education level, field match, all / ML / related experience months
PACKED_PER_COMPETENCY = 3


def packed_width(spec: "ProfileSpec") -> int:
    return PACKED_SCALARS + PACKED_PER_COMPETENCY * len(spec.competencies)


def features_matrix(packed: Sequence[bytes], spec: "ProfileSpec") -> np.ndarray:
    """Packed features of many candidates as one (n, width) int32 matrix."""
    width = packed_width(spec)
    flat = np.frombuffer(b"".join(bytes(p) for p in packed), dtype=PACKED_DTYPE)
    if flat.size != width * len(packed):
        raise ValueError("packed features do not match the profile's competencies")
    return flat.reshape(len(packed), width).astype(np.int32)


@dataclass(frozen=True)
class CandidateFeatures:
    """Everything scoring needs about one resume under one profile's matching, and nothing else."""

    competencies: tuple[CompetencyFeatures, ...]  # in the profile's competency order
    reference_year: int
    education_level: str | None = None
    education_field_match: int = 0  # 1 a preferred field, 0 no field stated, -1 another field
    education_evidence: Evidence | None = None
    experience_months: int = 0  # all dated roles, overlaps merged
    ml_experience_months: int = 0
    related_experience_months: int = 0  # roles evidencing the profile's skills (ML roles included)

    def pack(self) -> bytes:
        """The numbers only, packed for storage and vectorised re-scoring (evidence is stored apart)."""
        values = [
            self.reference_year,
            EDUCATION_LEVELS.index(self.education_level) if self.education_level in EDUCATION_LEVELS else -1,
            int(self.education_field_match),
            self.experience_months,
            self.ml_experience_months,
            self.related_experience_months,
        ]
        for c in self.competencies:
            values += [c.placement, c.months, c.last_used or 0]
        return np.clip(np.array(values, dtype=np.int64), -32768, 32767).astype(PACKED_DTYPE).tobytes()

    def evidence_json(self) -> dict[str, Any]:
        return {
            "competencies": {
                c.key: [[e.text, e.start, e.end, e.section] for e in c.evidence] for c in self.competencies
            },
            "education": (
                [self.education_evidence.text, self.education_evidence.start, self.education_evidence.end,
                 self.education_evidence.section]
                if self.education_evidence
                else None
            ),
        }


# --- The result ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BreakdownItem:
    key: str
    name: str
    category: str
    earned: float
    possible: float
    strength: float
    placement: str
    months: int = 0
    last_used: int | None = None
    must_have: bool = False
    below_min_months: bool = False
    evidence: tuple[Evidence, ...] = ()

    @property
    def matched(self) -> bool:
        return self.strength > 0


@dataclass(frozen=True)
class ScoreBreakdown:
    total: float
    must_haves_met: bool
    missing_must_haves: tuple[str, ...]
    flags: tuple[str, ...]
    items: tuple[BreakdownItem, ...]  # competencies, then "education", then "experience"

    @property
    def points(self) -> list[float]:
        return [i.earned for i in self.items]

    def categories(self) -> list[tuple[str, float, float]]:
        """(category, earned, possible) in first-seen order."""
        totals: dict[str, list[float]] = {}
        for item in self.items:
            acc = totals.setdefault(item.category, [0.0, 0.0])
            acc[0] += item.earned
            acc[1] += item.possible
        return [(cat, round(e, 2), round(p, 2)) for cat, (e, p) in totals.items()]


@dataclass(frozen=True)
class ScoreRow:
    """The stored part of a score (what a bulk re-score writes)."""

    total: float
    must_haves_met: bool
    missing_must_haves: tuple[str, ...]
    flags: tuple[str, ...]
    points: tuple[float, ...]


# --- Arithmetic ----------------------------------------------------------------------------------


def _placement_factors() -> np.ndarray:
    table = np.zeros(max(PLACEMENTS) + 1)
    for code, (_, factor) in PLACEMENTS.items():
        table[code] = factor
    return table


_PLACEMENT_FACTOR = _placement_factors()


@dataclass(frozen=True)
class ScoreArrays:
    """Scores of n candidates as arrays: what bulk re-scoring writes without a Python object per row."""

    totals: np.ndarray  # (n,)
    points: np.ndarray  # (n, competencies + 2): competencies, then education, then experience
    missing: np.ndarray  # (n, competencies) bool: must-haves not found
    short: np.ndarray  # (n, competencies) bool: found, but fewer months than asked
    below_experience: np.ndarray  # (n,) bool

    def missing_keys(self, i: int, spec: "ProfileSpec") -> tuple[str, ...]:
        return tuple(spec.competencies[j].key for j in np.flatnonzero(self.missing[i]))

    def flags(self, i: int, spec: "ProfileSpec") -> tuple[str, ...]:
        flags = [f"below_min_months:{spec.competencies[j].key}" for j in np.flatnonzero(self.short[i])]
        if self.below_experience[i]:
            flags.append("below_min_experience")
        return tuple(flags)

    def rows(self, spec: "ProfileSpec") -> list[ScoreRow]:
        has_missing = np.asarray(self.missing.any(axis=1))  # (typed as maybe a scalar; one per row here)
        has_flags = np.asarray(self.short.any(axis=1) | self.below_experience)
        points = self.points.tolist()
        return [
            ScoreRow(
                total=float(self.totals[i]),
                must_haves_met=not has_missing[i],
                missing_must_haves=self.missing_keys(i, spec) if has_missing[i] else (),
                flags=self.flags(i, spec) if has_flags[i] else (),
                points=tuple(points[i]),
            )
            for i in range(len(self.totals))
        ]


def score_arrays(features: np.ndarray | Sequence[bytes], spec: ProfileSpec) -> ScoreArrays:
    """Score many candidates at once from packed features (CandidateFeatures.pack()) or their matrix."""
    matrix = features if isinstance(features, np.ndarray) else features_matrix(features, spec)
    n, k = matrix.shape[0], len(spec.competencies)
    ref_year, _, field_match, exp_months, ml_months, related_months = (
        matrix[:, i].astype(np.float64) for i in range(PACKED_SCALARS)
    )
    edu_level = matrix[:, 1].astype(np.int64)
    comp = matrix[:, PACKED_SCALARS:].reshape(n, k, PACKED_PER_COMPETENCY)
    placement = comp[:, :, 0].astype(np.int64)
    months = comp[:, :, 1].astype(np.float64)
    last_used = comp[:, :, 2].astype(np.float64)

    strength = _PLACEMENT_FACTOR[placement]
    strength = strength * (0.75 + 0.25 * np.minimum(1.0, months / DURATION_FULL_MONTHS))
    years_since = np.where(last_used > 0, ref_year[:, None] - last_used, 0)
    strength = strength * np.clip(1.0 - 0.1 * (years_since - RECENT_YEARS), 0.5, 1.0)
    min_months = np.array([c.min_months for c in spec.competencies], dtype=np.float64)
    short = (min_months[None, :] > 0) & (months < min_months[None, :]) & (placement > 0)
    shortfall = 0.5 + 0.5 * months / np.where(min_months > 0, min_months, 1.0)[None, :]
    strength = np.where(short, strength * shortfall, strength)

    credit_by_rank = np.array([spec.education.credit(level) for level in EDUCATION_LEVELS] + [0.0])
    edu_strength = credit_by_rank[edu_level]  # -1 indexes the trailing 0.0
    if spec.education.fields:
        edu_strength = edu_strength * np.select(
            [field_match > 0, field_match < 0], [1.0, FIELD_MISMATCH_FACTOR], FIELD_UNKNOWN_FACTOR
        )

    target = max(1, spec.experience.target_months)
    other = np.minimum(1.0, np.maximum(0.0, related_months - ml_months) / target)
    exp_strength = np.minimum(1.0, ml_months / target + OTHER_EXPERIENCE_FACTOR * other)

    possible = np.array(spec.possible_points())
    all_strength = np.concatenate([strength, edu_strength[:, None], exp_strength[:, None]], axis=1)
    points = np.round(all_strength * possible[None, :], 2)

    must = np.array([c.must_have for c in spec.competencies], dtype=bool)
    missing = (placement == 0) & must[None, :]
    factor = np.where(missing.any(axis=1), spec.must_have_factor, 1.0)
    totals = np.minimum(100.0, np.round(points.sum(axis=1) * factor, 2))
    # Related months only: years in unrelated roles do not count towards the minimum (README).
    below = (related_months < spec.experience.min_months) if spec.experience.min_months else np.zeros(n, dtype=bool)
    return ScoreArrays(totals=totals, points=points, missing=missing, short=short, below_experience=below)


def score_many(features: np.ndarray | Sequence[bytes], spec: ProfileSpec) -> list[ScoreRow]:
    """Score rows for many candidates (see score_arrays)."""
    if len(features) == 0:
        return []
    return score_arrays(features, spec).rows(spec)


def score(candidate: CandidateFeatures, spec: ProfileSpec) -> ScoreBreakdown:
    """One candidate's score with the full, explainable breakdown."""
    packed = candidate.pack()
    row = score_many([packed], spec)[0]
    return explain(row, candidate.evidence_json(), packed, spec)


def explain(row: ScoreRow, evidence: dict[str, Any], packed: bytes | None, spec: ProfileSpec) -> ScoreBreakdown:
    """Rebuild the human breakdown from stored parts: the score row, evidence and packed features."""
    possible = spec.possible_points()
    values = features_matrix([packed], spec)[0] if packed else np.zeros(packed_width(spec), dtype=np.int32)
    scalars = values[:PACKED_SCALARS]
    comps = values[PACKED_SCALARS:].reshape(-1, PACKED_PER_COMPETENCY)
    ev_by_key = (evidence or {}).get("competencies", {})
    below = {f.split(":", 1)[1] for f in row.flags if f.startswith("below_min_months:")}
    items = []
    for j, c in enumerate(spec.competencies):
        placement, months, last_used = (int(v) for v in comps[j])
        earned = row.points[j] if j < len(row.points) else 0.0
        items.append(
            BreakdownItem(
                key=c.key,
                name=c.name,
                category=c.category,
                earned=earned,
                possible=round(possible[j], 2),
                strength=round(earned / possible[j], 3) if possible[j] else 0.0,
                placement=PLACEMENTS[int(placement)][0],
                months=int(months),
                last_used=int(last_used) or None,
                must_have=c.must_have,
                below_min_months=c.key in below,
                evidence=tuple(Evidence(*e) for e in ev_by_key.get(c.key, ())),
            )
        )
    k = len(spec.competencies)
    edu_ev = (evidence or {}).get("education")
    level_rank = int(scalars[1])
    level = EDUCATION_LEVELS[level_rank] if 0 <= level_rank < len(EDUCATION_LEVELS) else None
    items.append(
        BreakdownItem(
            key="education",
            name="Education",
            category="education",
            earned=row.points[k],
            possible=round(possible[k], 2),
            strength=round(row.points[k] / possible[k], 3) if possible[k] else 0.0,
            placement=(level or "no degree found").replace("_", " "),
            evidence=(Evidence(*edu_ev),) if edu_ev else (),
        )
    )
    exp_months, ml_months, related = (int(v) for v in scalars[3:6])
    items.append(
        BreakdownItem(
            key="experience",
            name="Experience",
            category="experience",
            earned=row.points[k + 1],
            possible=round(possible[k + 1], 2),
            strength=round(row.points[k + 1] / possible[k + 1], 3) if possible[k + 1] else 0.0,
            placement=(
                f"{ml_months} months in ML roles, {max(0, related - ml_months)} in other related roles "
                f"({exp_months} in all roles)"
            ),
            months=related,
        )
    )
    return ScoreBreakdown(
        total=row.total,
        must_haves_met=row.must_haves_met,
        missing_must_haves=row.missing_must_haves,
        flags=row.flags,
        items=tuple(items),
    )
