"""A row of the ranked list, and its HTML (built here so the live-status updates send the same markup)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


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
    correction_waiting: bool = False
    possible_duplicate: bool = False

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
    ) + (' <span class="badge">Erased</span>' if row.erased else "") + (
        ' <span class="badge badge-needs_review badge-correction" title="The candidate asked for a correction">'
        "Correction</span>"
        if row.correction_waiting
        else ""
    ) + (
        ' <span class="badge badge-duplicate" title="Same resume as another application to this job">'
        "Possible duplicate</span>"
        if row.possible_duplicate
        else ""
    )
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
