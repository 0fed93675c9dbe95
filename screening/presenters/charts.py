"""Points per category: the small bars in the ranked list and the chart on the candidate page."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape as plain_escape
from typing import Iterable, Sequence

from django.utils.safestring import SafeString, mark_safe

from screening import scoring

from .labels import category_label, category_short_label


@dataclass(frozen=True)
class CategoryBar:
    key: str
    label: str
    earned: float
    possible: float
    short_label: str = ""  # for the list's narrow column; `label` in full beside it as a tooltip

    @property
    def percent(self) -> int:
        return round(100 * self.earned / self.possible) if self.possible else 0


def category_bars(points: Sequence[float] | None, spec: scoring.ProfileSpec) -> list[CategoryBar]:
    if not points:
        return []
    layout = _category_layout(spec)
    earned = dict.fromkeys(layout.keys, 0.0)
    for key, value in zip(layout.per_point, points, strict=False):
        earned[key] += value
    return [
        CategoryBar(key, label, round(earned[key], 1), possible, category_short_label(key))
        for key, label, possible in zip(layout.keys, layout.labels, layout.possible, strict=True)
    ]


@dataclass(frozen=True)
class _CategoryLayout:
    keys: tuple[str, ...]  # categories in first-seen order
    labels: tuple[str, ...]
    possible: tuple[float, ...]  # points possible per category
    per_point: tuple[str, ...]  # the category of each entry of a score's points list


_layouts: dict[int, tuple[scoring.ProfileSpec, _CategoryLayout]] = {}


def _category_layout(spec: scoring.ProfileSpec) -> _CategoryLayout:
    """Which category each point belongs to, worked out once per spec (the list draws bars for every row)."""
    cached = _layouts.get(id(spec))
    if cached is not None and cached[0] is spec:
        return cached[1]
    per_point = tuple(c.category for c in spec.competencies) + ("education", "experience")
    possible: dict[str, float] = {}
    for key, value in zip(per_point, spec.possible_points(), strict=True):
        possible[key] = possible.get(key, 0.0) + value
    layout = _CategoryLayout(
        keys=tuple(possible),
        labels=tuple(category_label(k) for k in possible),
        possible=tuple(round(v, 1) for v in possible.values()),
        per_point=per_point,
    )
    if len(_layouts) > 64:
        _layouts.clear()
    _layouts[id(spec)] = (spec, layout)
    return layout


def bars_svg(bars: Sequence[CategoryBar]) -> SafeString:
    """The list's per-category bars, each with its category and points as visible text (a recruiter should
    not have to hover to learn which bar is which). Built here, not in a template: it is drawn for every
    row of every page, and string formatting is many times faster than template tags."""
    if not bars:
        return mark_safe("")
    parts = ['<ul class="cat-bars">']
    for bar in bars:
        # the standard library's escape: no SafeString round trips (quotes too: the name sits in an attribute)
        label, short = plain_escape(bar.label), plain_escape(bar.short_label or bar.label)
        parts.append(
            f'<li><span class="cat-label" title="{label}">{short}</span>'
            f'<svg class="cat-bar" viewBox="0 0 100 4" preserveAspectRatio="none" aria-hidden="true" focusable="false">'
            f'<rect class="bar-bg" width="100" height="4" rx="1"></rect>'
            f'<rect class="bar-fg" width="{min(100, max(0, bar.percent))}" height="4" rx="1"></rect></svg>'
            f'<span class="cat-value">{bar.earned:g}<span class="muted">/{bar.possible:g}</span></span></li>'
        )
    parts.append("</ul>")
    return mark_safe("".join(parts))


def top_matches(points: Sequence[float] | None, spec: scoring.ProfileSpec, n: int = 3) -> list[str]:
    """Names of the competencies that earned the most points."""
    if not points:
        return []
    # points end with education and experience, which are not competencies
    pairs = [(p, c.name) for p, c in zip(points, spec.competencies, strict=False) if p > 0]
    return [name for _, name in sorted(pairs, key=lambda x: -x[0])[:n]]


@dataclass(frozen=True)
class ChartRow:
    """One category as a horizontal bar in an SVG chart (geometry in SVG units; no inline styles)."""

    label: str
    earned: float
    possible: float
    y: int
    width: float  # of the earned bar, out of CHART_BAR_WIDTH
    percent: int


CHART_ROW_HEIGHT = 34
CHART_BAR_WIDTH = 100.0


def category_chart(categories: Iterable[tuple[str, float, float]]) -> tuple[list[ChartRow], int]:
    """Rows for the per-category chart and the chart's height."""
    rows = []
    for i, (key, earned, possible) in enumerate(categories):
        share = earned / possible if possible else 0.0
        rows.append(
            ChartRow(
                label=category_label(key),
                earned=round(earned, 1),
                possible=round(possible, 1),
                y=i * CHART_ROW_HEIGHT,
                width=round(CHART_BAR_WIDTH * min(1.0, share), 2),
                percent=round(100 * share),
            )
        )
    return rows, max(1, len(rows) * CHART_ROW_HEIGHT)
