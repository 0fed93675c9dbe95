"""Evidence in the resume text: the sentences that earned points, marked and linked from the breakdown."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from typing import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from screening import scoring
from screening.blind import MASK, merge_spans

from .charts import ChartRow, category_chart
from .labels import category_label, competency_names, flag_labels


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
    for a, b in itertools.pairwise(bounds):
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


QUOTE_CHARS = 160  # of an evidence sentence in the ranked list (the candidate page shows it whole)


@dataclass(frozen=True)
class EvidenceSnippet:
    """A competency that earned the most points, with the resume line that proves it (for the list)."""

    competency: str
    quote: str  # plain text, not HTML; "" when hidden (blind review) or none was stored
    section: str


def strongest_evidence(
    points: Sequence[float] | None,
    spec: scoring.ProfileSpec | None,
    evidence: dict | None,
    *,
    n: int = 2,
    quotes: bool = True,
) -> list[EvidenceSnippet]:
    """The `n` competencies that earned the most points, each with its first evidence sentence (from
    CompetencyEvidence.evidence). Without `quotes` (a candidate under blind review: the list cannot mask
    a sentence the way the candidate page does) only the competency and where it was found are given."""
    if not points or spec is None:
        return []
    stored = (evidence or {}).get("competencies", {})
    pairs = [(p, c) for p, c in zip(points, spec.competencies, strict=False) if p > 0]
    snippets: list[EvidenceSnippet] = []
    quoted: set[str] = set()
    for _, competency in sorted(pairs, key=lambda pair: -pair[0])[:n]:
        found = [(" ".join(str(e[0]).split()), str(e[3]).replace("_", " ")) for e in stored.get(competency.key) or []]
        # One line often proves two competencies: quote another of this one's lines rather than repeat it.
        fresh = [f for f in found if f[0] not in quoted]
        quote, section = (fresh or found or [("", "")])[0]
        if not fresh:
            quote = ""
        quoted.add(quote)
        if not quotes:
            quote = ""
        elif len(quote) > QUOTE_CHARS:
            quote = quote[: QUOTE_CHARS - 1].rsplit(" ", 1)[0] + "…"
        snippets.append(EvidenceSnippet(competency=competency.name, quote=quote, section=section))
    return snippets


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
