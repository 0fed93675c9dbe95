"""Two to four candidates side by side, competency by competency."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence


from screening import scoring

from .labels import category_label


@dataclass(frozen=True)
class CompareCell:
    earned: float
    possible: float
    percent: int
    placement: str
    months: int
    best: bool  # highest in its row (and above zero)


@dataclass(frozen=True)
class CompareRow:
    key: str
    name: str
    must_have: bool
    is_category: bool
    cells: list[CompareCell | None]

    @property
    def anyone(self) -> bool:
        """Whether any of the compared candidates earned points here."""
        return any(c is not None and c.earned > 0 for c in self.cells)


def compare_rows(breakdowns: Sequence[scoring.ScoreBreakdown | None]) -> list[CompareRow]:
    """Competency by competency (grouped under their category's subtotal) for 2 to 4 candidates.

    A candidate without a score gets empty cells; the template shows them as not scored."""
    template = next((b for b in breakdowns if b is not None), None)
    if template is None:
        return []
    by_key = [{i.key: i for i in b.items} if b else {} for b in breakdowns]
    groups: dict[str, list[scoring.BreakdownItem]] = {}
    for item in template.items:
        groups.setdefault(item.category, []).append(item)
    rows: list[CompareRow] = []
    for category, items in groups.items():
        subtotal_cells = []
        for found in by_key:
            earned = sum(found[i.key].earned for i in items if i.key in found) if found else None
            possible = sum(i.possible for i in items)
            subtotal_cells.append((earned, possible))
        rows.append(
            _compare_row(
                category,
                category_label(category),
                False,
                True,
                subtotal_cells,
                ["" for _ in by_key],
                [0 for _ in by_key],
            )
        )
        if len(items) == 1 and items[0].key == category:
            continue  # education and experience are their own category: no second row
        for item in items:
            cells = [
                ((found[item.key].earned if item.key in found else None), item.possible)
                if found
                else (None, item.possible)
                for found in by_key
            ]
            placements = [found[item.key].placement if found and item.key in found else "" for found in by_key]
            months = [found[item.key].months if found and item.key in found else 0 for found in by_key]
            rows.append(_compare_row(item.key, item.name, item.must_have, False, cells, placements, months))
    return rows


def _compare_row(key, name, must_have, is_category, values, placements, months) -> CompareRow:
    best = max((e for e, _ in values if e is not None), default=0.0)
    cells: list[CompareCell | None] = []
    for (earned, possible), placement, month in zip(values, placements, months, strict=True):
        if earned is None:
            cells.append(None)
            continue
        cells.append(
            CompareCell(
                earned=round(earned, 2),
                possible=round(possible, 2),
                percent=round(100 * earned / possible) if possible else 0,
                placement=placement,
                months=month,
                best=best > 0 and earned >= best - 1e-9 and sum(1 for e, _ in values if e is not None) > 1,
            )
        )
    return CompareRow(key=key, name=name, must_have=must_have, is_category=is_category, cells=cells)
