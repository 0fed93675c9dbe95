"""Reading order of a PDF page's line segments: find a gutter between columns, read each column whole.

When a vertical gutter free of text runs down most of the page, the segments on each side are read
column by column, in bands between the full-width lines (headings, a header) that cross it. Right-aligned
dates beside a single column of text are not a column.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Columns: the gutter is at least this wide (box heights), the text crossing it at most this share of
# all text height, each side at least this share and lines; most lines on the right start at the same x
# and fewer than COLUMN_FLUSH_RIGHT_SHARE of them end at the same x (that is right-aligned text).
GUTTER_MIN_WIDTH = 1.0
GUTTER_MAX_CROSSING = 0.2
GUTTER_NOISE = 0.02
COLUMN_MIN_SHARE = 0.12
COLUMN_MIN_LINES = 3
COLUMN_ALIGNED_SHARE = 0.5
COLUMN_FLUSH_RIGHT_SHARE = 0.9
COLUMN_MAX_DEPTH = 2


@dataclass(frozen=True, slots=True)
class Segments:
    """Runs of characters on one line with no wide gap, in content order."""

    texts: list[str]
    left: np.ndarray
    right: np.ndarray
    bottom: np.ndarray
    top: np.ndarray
    line: np.ndarray  # index of the content-order line each segment belongs to

    def join(self, block: np.ndarray) -> str:
        out: list[str] = []
        previous_line = None
        for index in block:
            if out:
                out.append(" " if self.line[index] == previous_line else "\n")
            out.append(self.texts[index])
            previous_line = self.line[index]
        return "".join(out)


def reading_order(segments: Segments, members: np.ndarray, depth: int) -> list[np.ndarray]:
    """Split the segments into blocks read one after the other: full width, then left column, then right."""
    gutter = _find_gutter(segments, members) if depth > 0 and members.size >= 2 * COLUMN_MIN_LINES else None
    if gutter is None:
        return [members]
    start, end = gutter
    left_side = members[segments.right[members] <= start]
    right_side = members[segments.left[members] >= end]
    crossing = members[(segments.right[members] > start) & (segments.left[members] < end)]
    # A full-width line ends the columns above it: blocks run between crossing segments, top to bottom.
    cuts = np.sort((segments.top[crossing] + segments.bottom[crossing]) / 2)[::-1]
    blocks: list[np.ndarray] = []
    previous_was_crossing = False

    def band(side: np.ndarray, upper: float, lower: float) -> np.ndarray:
        middle = (segments.top[side] + segments.bottom[side]) / 2
        return side[(middle <= upper) & (middle > lower)]

    edges = [np.inf, *cuts, -np.inf]
    crossing_by_cut = crossing[np.argsort(-(segments.top[crossing] + segments.bottom[crossing]))]
    for k in range(len(edges) - 1):
        if k > 0:
            line = crossing_by_cut[k - 1 : k]
            if blocks and previous_was_crossing:
                blocks[-1] = np.concatenate((blocks[-1], line))  # consecutive full-width lines stay together
            else:
                blocks.append(line)
            previous_was_crossing = True
        for side in (left_side, right_side):
            part = band(side, edges[k], edges[k + 1])
            if part.size:
                blocks.extend(reading_order(segments, part, depth - 1))
                previous_was_crossing = False
    return blocks


def _find_gutter(segments: Segments, members: np.ndarray) -> tuple[float, float] | None:
    """The x range of a gutter between two columns of these segments, if there is one.

    Occupancy counts, for every point across the page, the height of text crossing it. A gutter lies in a
    run where little text crosses (full-width headings may); within that run it is the part crossed by
    the least, so the columns' own longer lines are not taken for headings crossing it.
    """
    left, right = segments.left[members], segments.right[members]
    height = segments.top[members] - segments.bottom[members]
    total = float(height.sum())
    x0, x1 = float(left.min()), float(right.max())
    if total <= 0 or x1 - x0 < 4 * float(np.median(height)):
        return None
    bins = int(min(x1 - x0, 4000)) + 1
    scale = (bins - 1) / (x1 - x0)
    occupancy = np.zeros(bins + 1)
    np.add.at(occupancy, np.floor((left - x0) * scale).astype(np.intp), height)
    np.add.at(occupancy, np.ceil((right - x0) * scale).astype(np.intp), -height)
    occupancy = np.cumsum(occupancy)[:bins]
    min_width = GUTTER_MIN_WIDTH * float(np.median(height)) * scale
    best = None
    for a, b in _runs(occupancy <= GUTTER_MAX_CROSSING * total):
        if a == 0 or b == bins:
            continue  # a margin is not a gutter
        least = occupancy[a:b].min()
        runs = [(a + c, a + d) for c, d in _runs(occupancy[a:b] <= least + GUTTER_NOISE * total)]
        c, d = max(runs, key=lambda run: run[1] - run[0])
        if d - c < min_width:
            continue
        start, end = x0 + c / scale, x0 + d / scale
        if _is_column_split(segments, members, start, end, total) and (best is None or d - c > best[2]):
            best = (start, end, d - c)
    return None if best is None else best[:2]


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    """(start, end) of each run of True values."""
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def _is_column_split(segments: Segments, members: np.ndarray, start: float, end: float, total: float) -> bool:
    height = segments.top[members] - segments.bottom[members]
    on_left = segments.right[members] <= start
    on_right = segments.left[members] >= end
    if height[on_left].sum() < COLUMN_MIN_SHARE * total or height[on_right].sum() < COLUMN_MIN_SHARE * total:
        return False
    left_lines = np.unique(segments.line[members[on_left]]).size
    right_lines = np.unique(segments.line[members[on_right]]).size
    if left_lines < COLUMN_MIN_LINES or right_lines < COLUMN_MIN_LINES:
        return False
    # Text in a column starts at the column's edge and (mostly) ends ragged or at varying lengths; dates
    # and places set flush right in a single-column resume end at the margin, whatever their widths.
    right_starts = segments.left[members[on_right]]
    right_ends = segments.right[members[on_right]]
    tolerance = float(np.median(height))
    aligned = np.count_nonzero(right_starts <= right_starts.min() + tolerance)
    flush_right = np.count_nonzero(right_ends >= right_ends.max() - 0.15 * tolerance)  # set flush: exact
    return (
        aligned >= COLUMN_ALIGNED_SHARE * right_starts.size
        and flush_right < COLUMN_FLUSH_RIGHT_SHARE * right_ends.size
    )
