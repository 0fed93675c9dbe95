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
        """The block's text, its lines in visual order (`visual_lines`), segments of a line joined by a space."""
        return "\n".join(" ".join(self.texts[i] for i in line) for line in visual_lines(self, block))


# A line starting this many box heights right of the block's left edge, with nothing to its left, starts in a
# second column of the block (where the content beside a margin of labels begins).
LABEL_INDENT = 4.0
# Labels in a margin stand at least this many box heights apart (their middles), one per entry or section.
LABEL_SPACING = 2.5


def visual_lines(segments: Segments, block: np.ndarray) -> list[list[int]]:
    """The block's lines (lists of segment indices) top to bottom, with labels set in a left margin on lines
    of their own.

    Browsers printing to PDF draw text run by run, so a page's content order can put a bold title line after
    the bullets under it, or every heading at the end. Of two lines whose x ranges overlap, the higher is
    read first; lines side by side (columns the gutter search left together) keep their content order.
    A heading or label in a left margin ("Work", "Education" beside their entries) shares a baseline with
    the first line of its entry; it is read as a line of its own, not glued to the entry's first words.
    """
    if block.size == 0:
        return []
    starts = np.flatnonzero(np.concatenate(([True], segments.line[block[1:]] != segments.line[block[:-1]])))
    lines = [part.tolist() for part in np.split(block, starts[1:])]
    if len(lines) < 2:
        return lines
    first = block[starts]
    left = np.minimum.reduceat(segments.left[block], starts)
    right = np.maximum.reduceat(segments.right[block], starts)
    top = np.maximum.reduceat(segments.top[block], starts)
    bottom = np.minimum.reduceat(segments.bottom[block], starts)
    ordered = [lines[k] for k in _top_down(left, right, top, bottom)]
    height = float(np.median(segments.top[first] - segments.bottom[first]))
    return [part for line in ordered for part in _split_label(segments, line, left.min(), left, height)]


def _top_down(left: np.ndarray, right: np.ndarray, top: np.ndarray, bottom: np.ndarray) -> list[int]:
    """Line order: content order, except that a line comes after every line above it that it overlaps
    horizontally (a stable topological sort; "above" is by the middle, so there is no cycle)."""
    middle = (top + bottom) / 2
    shorter = np.minimum.outer(top - bottom, top - bottom)
    vertical = np.minimum.outer(top, top) - np.maximum.outer(bottom, bottom)
    horizontal = np.minimum.outer(right, right) - np.maximum.outer(left, left)
    # above[i, j]: line i must be read before line j
    above = (middle[:, None] > middle[None, :]) & (vertical < 0.5 * shorter) & (horizontal > 0)
    n = left.size
    if not np.triu(above.T, 1).any():  # no line is below a later line it overlaps: content order stands
        return list(range(n))
    waiting = above.sum(axis=0)
    done = np.zeros(n, dtype=bool)
    order: list[int] = []
    for _ in range(n):
        k = int(np.flatnonzero((waiting == 0) & ~done)[0])
        order.append(k)
        done[k] = True
        waiting -= above[k]
    return order


def _split_label(segments: Segments, line: list[int], block_left: float, starts: np.ndarray,
                 height: float) -> list[list[int]]:
    """[label], [rest] when the line's first segment sits in a left margin and the rest where the block's
    indented lines begin; the line itself otherwise."""
    if len(line) < 2:
        return [line]
    indented = starts[starts > block_left + LABEL_INDENT * height]
    if indented.size < COLUMN_MIN_LINES:
        return [line]
    content_left = float(indented.min())
    label = line[0]
    if segments.left[label] <= block_left + height and segments.right[label] < content_left - 0.5 * height:
        return [[label], line[1:]]
    return [line]


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
    if _label_margin(segments, members[on_left], members[on_right]):
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


def _label_margin(segments: Segments, left: np.ndarray, right: np.ndarray) -> bool:
    """Whether the left side is a margin of labels ("SUMMARY", "EXPERIENCE" beside their entries) rather
    than a column: each of its lines shares a baseline with a line on the right, and they stand far apart
    (a sidebar's lines follow one another). Read with the right side, each label opens its own entry."""
    height = float(np.median(segments.top[left] - segments.bottom[left]))
    right_middles = (segments.top[right] + segments.bottom[right]) / 2
    middles = np.sort((segments.top[left] + segments.bottom[left]) / 2)
    middles = middles[middles <= right_middles.max() + 0.3 * height]  # a name or header above stands alone
    if middles.size < COLUMN_MIN_LINES:
        return False
    aligned = all(np.abs(right_middles - m).min() <= 0.3 * height for m in middles)
    return aligned and float(np.median(np.diff(middles))) >= LABEL_SPACING * height
