"""Turns stored scores and facts into what pages show: bars, charts, evidence marked in the resume text,
the comparison grid. Every piece of user text is escaped here before it is joined into HTML."""

from __future__ import annotations

import datetime
import re
from html import escape as plain_escape
from dataclasses import dataclass, field
from typing import Iterable, Sequence

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from screening import scoring
from screening.blind import MASK, merge_spans
from screening.models import Competency
from screening.nlp.facts import EDUCATION_LEVELS, ResumeFacts

CATEGORY_LABELS = {**dict(Competency.Category.choices), "education": "Education", "experience": "Experience"}
LEVEL_LABELS = {
    "high_school": "High school",
    "diploma": "Diploma",
    "associate": "Associate degree",
    "bachelor": "Bachelor's degree",
    "master": "Master's degree",
    "doctorate": "Doctorate",
}


def category_label(key: str) -> str:
    return CATEGORY_LABELS.get(key, key.replace("_", " ").capitalize())


def level_label(rank: int | None) -> str:
    if rank is None or not 0 <= rank < len(EDUCATION_LEVELS):
        return ""
    return LEVEL_LABELS[EDUCATION_LEVELS[rank]]


# --- Points per category ------------------------------------------------------------------------


@dataclass(frozen=True)
class CategoryBar:
    key: str
    label: str
    earned: float
    possible: float

    @property
    def percent(self) -> int:
        return round(100 * self.earned / self.possible) if self.possible else 0


def category_bars(points: Sequence[float] | None, spec: scoring.ProfileSpec) -> list[CategoryBar]:
    if not points:
        return []
    layout = _category_layout(spec)
    earned = dict.fromkeys(layout.keys, 0.0)
    for key, value in zip(layout.per_point, points):
        earned[key] += value
    return [
        CategoryBar(key, label, round(earned[key], 1), possible)
        for key, label, possible in zip(layout.keys, layout.labels, layout.possible)
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
    for key, value in zip(per_point, spec.possible_points()):
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


BAR_STEP = 6  # SVG units per category row in the list's small bar chart


def bars_svg(bars: Sequence[CategoryBar]) -> SafeString:
    """The list's small per-category bar chart as SVG (built here, not in a template: it is drawn for
    every row of every page, and string formatting is many times faster than template tags)."""
    if not bars:
        return mark_safe("")
    height = BAR_STEP * len(bars)
    labels = [plain_escape(b.label) for b in bars]  # the standard library's: no SafeString round trips
    summary = "; ".join(f"{label} {b.earned:g} of {b.possible:g}" for label, b in zip(labels, bars))
    parts = [
        f'<svg class="bars" viewBox="0 0 100 {height}" preserveAspectRatio="none" width="120" height="{height}" '
        f'role="img" aria-label="Points per category: {summary}">'
    ]
    for i, (label, bar) in enumerate(zip(labels, bars)):
        y = i * BAR_STEP
        parts.append(
            f"<g><title>{label}: {bar.earned:g} of {bar.possible:g}</title>"
            f'<rect class="bar-bg" x="0" y="{y}" width="100" height="4" rx="1"></rect>'
            f'<rect class="bar-fg" x="0" y="{y}" width="{min(100, max(0, bar.percent))}" height="4" rx="1"></rect></g>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def top_matches(points: Sequence[float] | None, spec: scoring.ProfileSpec, n: int = 3) -> list[str]:
    """Names of the competencies that earned the most points."""
    if not points:
        return []
    pairs = [(p, c.name) for p, c in zip(points, spec.competencies) if p > 0]
    return [name for _, name in sorted(pairs, key=lambda x: -x[0])[:n]]


def competency_names(keys: Iterable[str], spec: scoring.ProfileSpec | None) -> list[str]:
    names = {c.key: c.name for c in spec.competencies} if spec else {}
    return [names.get(k, k.replace("-", " ")) for k in keys]


def flag_labels(flags: Iterable[str], spec: scoring.ProfileSpec | None) -> list[str]:
    """Scoring flags in words a recruiter reads."""
    names = {c.key: c for c in spec.competencies} if spec else {}
    labels = []
    for flag in flags:
        kind, _, key = flag.partition(":")
        if kind == "below_min_months":
            comp = names.get(key)
            wanted = f" (the profile asks for {comp.min_months})" if comp and comp.min_months else ""
            labels.append(f"{comp.name if comp else key}: fewer months of use than the minimum{wanted}.")
        elif kind == "below_min_experience":
            minimum = spec.experience.min_months if spec else 0
            labels.append(
                f"Less experience than the minimum of {minimum} months."
                if minimum
                else "Less experience than the minimum."
            )
        else:
            labels.append(flag.replace("_", " ").replace(":", ": ").capitalize())
    return labels


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


# --- A row of the ranked list ---------------------------------------------------------------------


@dataclass(frozen=True)
class RankingRow:
    """What one row of the ranked list shows, already worked out from the application."""

    public_id: str
    rank: int | None
    label: str
    url: str  # the candidate page, with the list's context when the row has a rank
    applied: datetime.datetime
    blind: bool
    erased: bool
    score: float | None
    must_haves_met: bool | None
    missing: tuple[str, ...]
    top: tuple[str, ...]
    bars: SafeString
    rating: tuple[float, int] | None
    stage: str
    stage_label: str
    status: str
    status_label: str
    pending: bool

    @property
    def html(self) -> SafeString:
        return ranking_row_html(self)


def ranking_row_html(row: RankingRow) -> SafeString:
    """The <tr> of one candidate in the list. Built in Python rather than a template, as Django's admin
    builds its change-list rows: it is drawn fifty times per page and for the live refresh, and this
    is several times faster; every value from a person is escaped here."""
    e = escape
    pid = e(row.public_id)
    applied = timezone.localtime(row.applied).strftime("%-d %b %Y") if row.applied else ""
    badges = (
        ' <span class="badge badge-blind" title="Identity hidden during blind review">Blind</span>' if row.blind else ""
    ) + (' <span class="badge">Erased</span>' if row.erased else "")
    rating = ""
    if row.rating:
        average, count = row.rating
        rating = f' · <span title="Team rating: {average:.1f} of 5 from {count}">★ {average:.1f}</span>'
    if row.score is None:
        score, must = '<span class="muted" title="Not scored">–</span>', '<span class="muted">–</span>'
    else:
        score = f"{row.score:.1f}"
        if row.must_haves_met:
            must = '<span class="badge badge-processed">Met</span>'
        else:
            names = e(", ".join(row.missing))
            must = (
                f'<span class="badge badge-failed" title="Missing: {names}">Missing {len(row.missing)}</span>'
                f'<div class="muted small">{names}</div>'
            )
    top = "".join(f'<span class="chip">{e(name)}</span>' for name in row.top) or '<span class="muted">–</span>'
    spinner = '<span class="spinner" aria-hidden="true"></span>' if row.pending else ""
    label = e(row.label)
    return mark_safe(
        f'<tr id="row-{pid}" data-id="{pid}" data-status="{e(row.status)}"{" data-pending" if row.pending else ""}>'
        f'<td class="select-col">'
        f'<input type="checkbox" name="ids" value="{pid}" form="bulk-form" aria-label="Select {label}"></td>'
        f'<td class="num rank" data-label="Rank">{row.rank if row.rank is not None else ""}</td>'
        f'<td class="candidate-cell" data-label="Candidate">'
        f'<a class="candidate-link" href="{e(row.url)}">{label}</a>{badges}'
        f'<div class="muted small">Applied {applied}{rating}</div></td>'
        f'<td class="num score" data-label="Score">{score}</td>'
        f'<td class="bars-cell" data-label="By category">{row.bars}</td>'
        f'<td data-label="Must-haves">{must}</td>'
        f'<td class="small" data-label="Strongest evidence">{top}</td>'
        f'<td class="stage-cell" data-label="Stage">'
        f'<span class="badge stage stage-{e(row.stage)}">{e(row.stage_label)}</span></td>'
        f'<td class="status-cell" data-label="Status">'
        f'<span class="badge badge-{e(row.status)}">{spinner}{e(row.status_label)}</span></td>'
        "</tr>"
    )


# --- Evidence in the resume text -----------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """A range of the resume text to highlight, and the anchor id that links jump to."""

    start: int
    end: int
    anchor: str


def anchor_id(key: str, index: int) -> str:
    return "ev-" + re.sub(r"[^A-Za-z0-9_-]", "-", key) + f"-{index}"


def locate(text: str, quote: str, start: int, end: int) -> tuple[int, int] | None:
    """Where the quoted evidence sits in `text`: at its offsets when they still match, else its first
    occurrence; None when it is not there (evidence from another version of the text)."""
    if 0 <= start < end <= len(text) and _same(text[start:end], quote):
        return start, end
    if quote:
        found = text.find(quote)
        if found >= 0:
            return found, found + len(quote)
    return None


def _same(a: str, b: str) -> bool:
    return a == b or " ".join(a.split()) == " ".join(b.split())


def marked_text(text: str, marks: Sequence[Mark], masks: Sequence[tuple[int, int]] = ()) -> SafeString:
    """The text as HTML: evidence in <mark> (with an anchor where each piece of evidence begins),
    identity ranges replaced by a mask; everything else escaped."""
    n = len(text)
    masks = merge_spans((max(0, s), min(n, e)) for s, e in masks if s < n)
    marks = [m for m in marks if 0 <= m.start < m.end <= n]
    cuts = {0, n}
    for m in marks:
        cuts.update((m.start, m.end))
    for s, e in masks:
        cuts.update((s, e))
    bounds = sorted(cuts)
    starts: dict[int, list[str]] = {}
    for m in marks:
        starts.setdefault(m.start, []).append(m.anchor)
    out: list[str] = []
    mask_i = 0
    for a, b in zip(bounds, bounds[1:]):
        for anchor in starts.pop(a, ()):
            out.append(f'<span class="ev-anchor" id="{escape(anchor)}"></span>')
        while mask_i < len(masks) and masks[mask_i][1] <= a:
            mask_i += 1
        in_mask = mask_i < len(masks) and masks[mask_i][0] <= a < masks[mask_i][1]
        if in_mask:
            if a == masks[mask_i][0]:
                out.append(_mask_html(text, *masks[mask_i]))
            continue
        piece = escape(text[a:b])
        covering = [m.anchor for m in marks if m.start <= a and b <= m.end]
        if covering:
            out.append(f'<mark class="ev" data-ev="{escape(" ".join(covering))}">{piece}</mark>')
        else:
            out.append(piece)
    return mark_safe("".join(out))


def _mask_html(text: str, start: int, end: int) -> str:
    breaks = "\n" * text.count("\n", start, end)
    return f'<span class="redacted" title="Hidden during blind review">{MASK}</span>{breaks}'


def excerpt(text: str, start: int, end: int, masks: Sequence[tuple[int, int]] = ()) -> SafeString:
    """A piece of the text as HTML with the identity ranges inside it masked."""
    inside = [(max(s, start) - start, min(e, end) - start) for s, e in masks if s < end and e > start]
    return marked_text(text[start:end], (), inside)


@dataclass(frozen=True)
class EvidenceView:
    html: SafeString
    section: str
    anchor: str  # "" when the evidence could not be placed in the text


@dataclass(frozen=True)
class ItemView:
    """A competency (or education, experience) row of the breakdown table."""

    key: str
    name: str
    category: str
    earned: float
    possible: float
    percent: int
    matched: bool
    must_have: bool
    placement: str
    months: int
    last_used: int | None
    below_min_months: bool
    evidence: list[EvidenceView] = field(default_factory=list)

    @property
    def first_anchor(self) -> str:
        return next((e.anchor for e in self.evidence if e.anchor), "")


@dataclass(frozen=True)
class BreakdownView:
    total: float
    must_haves_met: bool
    missing_must_haves: list[str]
    flags: list[str]
    chart: list[ChartRow]
    chart_height: int
    items: list[ItemView]
    missing: list[ItemView]  # competencies with no evidence at all
    marks: list[Mark]


def breakdown_view(
    breakdown: scoring.ScoreBreakdown,
    spec: scoring.ProfileSpec | None,
    text: str,
    masks: Sequence[tuple[int, int]] = (),
    *,
    hidden_evidence: bool = False,
) -> BreakdownView:
    """The score explained: chart rows, table rows with evidence placed in (and excerpted from) the
    text, missing competencies and must-haves. With `hidden_evidence` (blind review) evidence that
    cannot be placed in the text is not quoted, since it could not be masked."""
    items, marks = [], []
    for item in breakdown.items:
        evidence = []
        for i, ev in enumerate(item.evidence):
            where = locate(text, ev.text, ev.start, ev.end) if text else None
            anchor = anchor_id(item.key, i) if where else ""
            if where:
                marks.append(Mark(where[0], where[1], anchor))
                quote = excerpt(text, where[0], where[1], masks)
            elif hidden_evidence:
                quote = mark_safe('<span class="muted">(quote hidden during blind review)</span>')
            else:
                quote = escape(ev.text)
            evidence.append(EvidenceView(html=quote, section=ev.section.replace("_", " "), anchor=anchor))
        items.append(
            ItemView(
                key=item.key,
                name=item.name,
                category=category_label(item.category),
                earned=item.earned,
                possible=item.possible,
                percent=round(100 * item.earned / item.possible) if item.possible else 0,
                matched=item.matched,
                must_have=item.must_have,
                placement=item.placement,
                months=item.months,
                last_used=item.last_used,
                below_min_months=item.below_min_months,
                evidence=evidence,
            )
        )
    chart, height = category_chart(breakdown.categories())
    competency_keys = {c.key for c in spec.competencies} if spec else set()
    return BreakdownView(
        total=breakdown.total,
        must_haves_met=breakdown.must_haves_met,
        missing_must_haves=competency_names(breakdown.missing_must_haves, spec),
        flags=flag_labels(breakdown.flags, spec),
        chart=chart,
        chart_height=height,
        items=items,
        missing=[i for i in items if not i.matched and (i.key in competency_keys or not competency_keys)],
        marks=marks,
    )


# --- Facts ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SkillRow:
    name: str
    category: str
    months: int
    last_used: int | None
    mentions: int


def skill_rows(facts: ResumeFacts) -> list[SkillRow]:
    """Skills, most used first (months in dated roles, then mentions), for the facts table."""
    rows = [
        SkillRow(s.name, s.category.replace("_", " "), s.months, s.last_used, len(s.mentions)) for s in facts.skills
    ]
    return sorted(rows, key=lambda r: (-r.months, -(r.last_used or 0), -r.mentions, r.name.lower()))


# --- Side by side ---------------------------------------------------------------------------------


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
    cells = []
    for (earned, possible), placement, month in zip(values, placements, months):
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
