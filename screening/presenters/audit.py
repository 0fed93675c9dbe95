"""The bias audit as pages, the printable report and CSV show it: labels, percentages, ratio bars, verdicts.

Counts only: nothing here ever sees a person's answers.
"""

from __future__ import annotations

from dataclasses import dataclass

from screening import fairness
from screening.models import SelfIdentification

DIMENSION_LABELS = {
    "sex": "Sex",
    "race_ethnicity": "Race/ethnicity",
    "intersectional": "Sex and race/ethnicity (intersectional)",
}
_LABELS = {**dict(SelfIdentification.Sex.choices), **dict(SelfIdentification.RaceEthnicity.choices)}
VERDICT_WORDS = {
    fairness.ADVERSE_IMPACT: "under four fifths and statistically significant",
    fairness.NOT_SIGNIFICANT: "under four fifths, but not statistically significant",
    fairness.TOO_SMALL: "under four fifths; too few people to conclude either way",
}
CSV_COLUMNS = (
    "dimension",
    "category",
    "count",
    "scoring_rate",
    "impact_ratio",
    "selected",
    "selection_rate",
    "selection_impact_ratio",
    "excluded_small",
    "flag",
)


def category_label(code: str) -> str:
    if "+" in code:
        sex, race = code.split("+", 1)
        return f"{_LABELS.get(sex, sex)} · {_LABELS.get(race, race)}"
    return _LABELS.get(code, code)


def percent(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{100 * value:.{digits}f}%"


def ratio(value: float | None) -> str:
    return "–" if value is None else f"{value:.3f}"


@dataclass(frozen=True)
class MeasureView:
    hits: int
    rate: str
    ratio: str
    bar: float  # the ratio's bar width out of 100 (a ratio of 1 fills it)
    verdict: str | None
    words: str  # the verdict in words, with the test's p-value, or ""
    reference: str


@dataclass(frozen=True)
class RowView:
    code: str
    label: str
    count: int
    share: str  # of the people with a known category in this dimension
    excluded_small: bool
    scoring: MeasureView
    selection: MeasureView
    flag: str | None


@dataclass(frozen=True)
class TableView:
    dimension: str
    label: str
    known: int
    unknown: int
    rows: tuple[RowView, ...]

    @property
    def flagged(self) -> int:
        return sum(1 for r in self.rows if r.flag)


def _measure(c: fairness.Comparison) -> MeasureView:
    words = ""
    if c.verdict and c.reference is not None:  # (a verdict always names the category it was tested against)
        words = f"{VERDICT_WORDS[c.verdict]} (Fisher's exact test against {category_label(c.reference)}: p = {c.p_value:.3g})"
    return MeasureView(
        hits=c.hits,
        rate=percent(c.rate),
        ratio=ratio(c.impact_ratio),
        bar=round(100 * min(1.0, c.impact_ratio or 0.0), 2),
        verdict=c.verdict,
        words=words,
        reference=category_label(c.reference) if c.reference else "",
    )


def audit_tables(result: fairness.AuditResult) -> list[TableView]:
    tables = []
    for dimension in fairness.DIMENSIONS:
        rows = result.dimension(dimension)
        known = sum(r.count for r in rows)
        tables.append(
            TableView(
                dimension=dimension,
                label=DIMENSION_LABELS[dimension],
                known=known,
                unknown=result.unknown_by_dimension[dimension],
                rows=tuple(
                    RowView(
                        code=r.category,
                        label=category_label(r.category),
                        count=r.count,
                        share=percent(r.count / known if known else None),
                        excluded_small=r.excluded_small,
                        scoring=_measure(r.scoring),
                        selection=_measure(r.selection),
                        flag=r.flag,
                    )
                    for r in rows
                ),
            )
        )
    return tables


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.6g}"


def audit_csv_rows(result: fairness.AuditResult) -> list[list[str]]:
    """The rows of `bias_audit --format csv` and of the page's CSV download: the JSON rows' keys as columns,
    fractions with six significant digits, booleans as true/false, null as an empty cell."""
    out = []
    for row in result.rows:
        d = row.to_dict()
        out.append(
            [
                d["dimension"],
                d["category"],
                str(d["count"]),
                _number(d["scoring_rate"]),
                _number(d["impact_ratio"]),
                str(d["selected"]),
                _number(d["selection_rate"]),
                _number(d["selection_impact_ratio"]),
                "true" if d["excluded_small"] else "false",
                d["flag"] or "",
            ]
        )
    return out


@dataclass(frozen=True)
class ImpactRowView:
    label: str
    count: int
    published: str
    draft: str
    change: float | None  # draft ratio minus published ratio
    draft_flag: str | None
    published_flag: str | None


def impact_comparison(
    published: fairness.AuditResult | None, draft: fairness.AuditResult | None
) -> list[tuple[str, list[ImpactRowView]]]:
    """Per dimension, the scoring-rate impact ratio of each category under the published version and the draft."""
    tables = []
    for dimension in fairness.DIMENSIONS:
        pub = {r.category: r for r in published.dimension(dimension)} if published else {}
        new = {r.category: r for r in draft.dimension(dimension)} if draft else {}
        rows = []
        for code in fairness.CATEGORIES[dimension]:
            p, d = pub.get(code), new.get(code)
            shown = d or p
            count = shown.count if shown else 0
            if not count:
                continue
            p_ratio = p.scoring.impact_ratio if p else None
            d_ratio = d.scoring.impact_ratio if d else None
            rows.append(
                ImpactRowView(
                    label=category_label(code),
                    count=count,
                    published=ratio(p_ratio) + (" (under 2%)" if p and p.excluded_small else ""),
                    draft=ratio(d_ratio) + (" (under 2%)" if d and d.excluded_small else ""),
                    change=round(d_ratio - p_ratio, 3) if p_ratio is not None and d_ratio is not None else None,
                    draft_flag=d.scoring.verdict if d else None,
                    published_flag=p.scoring.verdict if p else None,
                )
            )
        tables.append((DIMENSION_LABELS[dimension], rows))
    return tables
