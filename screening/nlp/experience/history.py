"""Work history: the roles in the experience sections, anchored on their dates, with total and ML months."""
from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from screening.nlp.dates import DateRange, find_ranges, merged_months, month_interval
from screening.nlp.experience.header import Anchor, read_role, title_and_employer_on
from screening.nlp.experience.merging import extend_spans, merge_repeats
from screening.nlp.experience.segments import (
    ABBREV_END_RX,
    EDGE_CHARS,
    INDEED_COMPANY_RX,
    LABEL_RX,
    Segment,
    is_date_word,
    is_fragment,
    is_location,
    name_like,
    names_a_job,
    score_segment,
    text_span,
    trimmed,
)
from screening.nlp.facts import Role, TextSpan
from screening.nlp.layout import BULLET_RX, Layout, Line
from screening.nlp.rules import WORD_RX

# Kaggle's "company - Infosys" label line
_COMPANY_LABEL_RX = re.compile(r"^company\s*-\s*", re.IGNORECASE)

# a line that is only a link: page furniture of exported resumes, never part of a role header
_URL_LINE_RX = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
_HEADLINE_RX = re.compile(r"^(?P<title>[^\-|]{2,60}?)\s+-\s+(?P<org>[^\-|]{2,80})$")


@dataclass(frozen=True, slots=True)
class WorkHistory:
    roles: tuple[Role, ...]
    total_months: int
    ml_months: int


def read_work_history(layout: Layout, today: datetime.date, ml_spans: list[tuple[int, int, bool]]) -> WorkHistory:
    """Roles from every experience section (or, with none, from dated lines that read as roles)."""
    sections = layout.sections_named("experience")
    roles: list[Role] = []
    if sections:
        read_until = 0
        for section in sections:
            if section.start < read_until:
                continue  # already read with the work history above it
            body_start = section.heading.end if section.heading else section.start
            read_until = _work_history_end(layout, section)
            roles.extend(_section_roles(layout, body_start, read_until, today, strict=False))
    else:
        for section in layout.sections:
            if section.name in ("header", "summary", "other"):
                body_start = section.heading.end if section.heading else section.start
                roles.extend(_section_roles(layout, body_start, section.end, today, strict=True))
    roles = [_with_ml(role, layout.text, ml_spans) for role in roles if not _membership(role)]
    intervals = [month_interval(r.start, r.end) for r in roles if r.start and r.end]
    ml_intervals = [month_interval(r.start, r.end) for r in roles if r.start and r.end and r.ml_relevant]
    return WorkHistory(tuple(roles), merged_months(intervals), merged_months(ml_intervals))


# "Active member of the IIIT Committee", "Member, Rotary Club": belonging to a body, not holding a job there
_MEMBERSHIP_RX = re.compile(
    r"\bmember(?:ship)?\b.*\b(?:committee|club|society|association|council|chapter|union|forum|cell|guild)\b"
    r"|^(?:active|life|student|general|honorary)\s+member\b",
    re.IGNORECASE,
)


def _membership(role: Role) -> bool:
    """An undated "role" whose title is a membership: a committee, a club or a society is not an employer."""
    return role.start is None and role.title is not None and bool(_MEMBERSHIP_RX.search(role.title.text))


def _work_history_end(layout: Layout, section) -> int:
    """Where the jobs under an experience heading end.

    Indeed's export (it links the profile as indeed.com/r/…) writes its sections in capitals ("WORK EXPERIENCE",
    "EDUCATION"); a heading in other casing after "WORK EXPERIENCE" ("Technical Expertise:-", "Core
    Competencies") is part of a job's description, so the jobs go on to the next heading in capitals. The
    sections themselves stay as read (a skills list there is still a skills list).
    """
    text = layout.text
    heading = section.heading
    if heading is None or not heading.text.isupper() or "indeed.com/r/" not in text:
        return section.end
    for later in layout.sections:
        if later.start >= section.end and later.heading is not None and later.heading.text.isupper():
            return later.start
    return len(text)


def _with_ml(role: Role, text: str, ml_spans: list[tuple[int, int, bool]]) -> Role:
    """ML work: an ML title, one strong ML term in the role's text, or two different weaker ones."""
    inside = [(s, e, strong) for s, e, strong in ml_spans if role.span_start <= s and e <= role.span_end]
    in_title = role.title is not None and any(role.title.start <= s and e <= role.title.end for s, e, _ in inside)
    weak_terms = {text[s:e].lower() for s, e, strong in inside if not strong}
    relevant = in_title or any(strong for *_, strong in inside) or len(weak_terms) >= 2
    if relevant == role.ml_relevant:
        return role
    return Role(role.title, role.employer, role.start, role.end, role.months, relevant, role.location, role.span_start, role.span_end)


# A role's header line ("Senior Data Engineer | Acme Analytics Pvt Ltd | Pune, Maharashtra | Jan 2019 - Present")
# holds a title (up to ~6 words), an employer (up to ~6), a place (2-3) and dates: about 14 words and 110
# characters at most, the width of one line of a resume page. A longer line is a sentence of the description.
_HEADER_MAX_WORDS, _HEADER_MAX_CHARS = 14, 110
# A header line carries one title or one name: past ten words it is a sentence even without a full stop.
_HEADER_LINE_MAX_WORDS = 10
_NARRATIVE_SIDE = 40
# A full stop ends a sentence of more than five words; a header ends with a name ("Acme Pvt. Ltd.") at most.
_SENTENCE_MIN_WORDS = 5


def _is_prose(line: Line) -> bool:
    words = line.text.split()
    if len(words) > _HEADER_MAX_WORDS or len(line.text) > _HEADER_MAX_CHARS:
        return True
    return line.text.endswith(".") and len(words) > _SENTENCE_MIN_WORDS and not ABBREV_END_RX.search(line.text)


def _is_header_like(line: Line) -> bool:
    text = line.text
    if BULLET_RX.match(text) or _is_prose(line):
        return False
    words = text.split()
    if len(words) > _HEADER_LINE_MAX_WORDS and sum(1 for w in words if any(c.isalnum() for c in w)) > _HEADER_LINE_MAX_WORDS:
        return False  # (dashes and bullets between the words do not count)
    if text.endswith(".") and not ABBREV_END_RX.search(text):
        return False
    if ":" in text and not LABEL_RX.match(text):
        return False
    return any(c.isalpha() for c in text)


def _section_roles(layout: Layout, start: int, end: int, today: datetime.date, *, strict: bool) -> list[Role]:
    text = layout.text
    lines: list[Line] = []
    dash_marked: set[int] = set()  # lines followed by a lone "-": Indeed's "Title / Company -" with either part empty
    for ln in layout.lines_between(start, end):
        if _URL_LINE_RX.match(ln.text):
            continue
        if ln.text in ("-", "\u2013", "\u2014"):
            if lines:
                dash_marked.add(lines[-1].index)
            continue
        lines.append(ln)
    if not lines:
        return []
    ranges = find_ranges(text, today, start, end)
    by_line: dict[int, DateRange] = {}
    for r in ranges:
        line = layout.line_at(r.span_start)
        if line is None or line.index in by_line:
            continue
        if len(line.text) > _HEADER_MAX_CHARS:
            # a range inside a paragraph ("worked at X from Mar 2007 to Sep 2008 as …") is not a role header: on
            # a long line, dates with a sentence's worth of words on both sides (a title or a name is shorter than
            # _NARRATIVE_SIDE characters) are told in the sentence
            offset = r.span_start - line.start
            if _NARRATIVE_SIDE < offset and line.end - r.span_end > _NARRATIVE_SIDE:
                continue
        by_line[line.index] = r
    label_company = [ln for ln in lines if _COMPANY_LABEL_RX.match(ln.text)]
    if label_company:
        # (a Kaggle export's dates sit inside its "description - …" sentences: they are still the job's)
        return _label_roles(layout, lines, label_company, by_line, end, today)
    by_line = {i: r for i, r in by_line.items() if not _narrative_range(text, layout.lines[i], r)}

    anchors: list[Anchor] = []
    position = {ln.index: k for k, ln in enumerate(lines)}
    for k, line in enumerate(lines):
        if line.index in by_line:
            anchors.append(Anchor(line, by_line[line.index]))
            continue
        m = INDEED_COMPANY_RX.match(line.text) if "-" in line.text else None
        if m and not strict and _is_header_like(line) and _company_line(line.text, m):
            nxt = lines[k + 1] if k + 1 < len(lines) else None
            prev = lines[k - 1] if k > 0 else None
            if nxt is not None and nxt.index in by_line:
                continue  # the date line right after it is the anchor; this line is its header
            if prev is not None and _is_header_like(prev) and prev.index not in by_line:
                anchors.append(Anchor(line, None, employer_line=line))
    if not anchors:
        return [] if strict else _undated_roles(text, lines, end)

    # Decide once per section whether headers sit above the dates (most resumes) or below them.
    first = anchors[0]
    first_k = position[first.line.index]
    above = [ln for ln in lines[max(0, first_k - 2):first_k] if _is_header_like(ln)]
    date_only = first.range is not None and _dates_alone(text, first.line, first.range)
    headers_below = not above and date_only

    roles: list[Role] = []
    previous_k = -1
    for n, anchor in enumerate(anchors):
        k = position[anchor.line.index]
        next_k = position[anchors[n + 1].line.index] if n + 1 < len(anchors) else len(lines)
        header: list[Line] = []
        if anchor.range is not None and anchor.range.span_end > anchor.line.end:
            # "August 2014\nto\nOctober 2015": the range's own lines are not its header
            while k + 1 < next_k and lines[k + 1].start < anchor.range.span_end:
                k += 1
        if headers_below:
            for ln in lines[k + 1:min(k + 3, next_k)]:
                if not _is_header_like(ln):
                    break
                header.append(ln)
        else:
            for ln in reversed(lines[max(previous_k + 1, k - 2):k]):
                if not _is_header_like(ln):
                    break
                header.insert(0, ln)
            if not header and anchor.range is not None and not _remainder(text, anchor.line, anchor.range).strip(EDGE_CHARS):
                # a date-only line with nothing usable above: the header follows it, if it reads as one
                for ln in lines[k + 1:min(k + 3, next_k)]:
                    probe = Segment(ln.start, ln.end, ln.text, ln.index)
                    score_segment(probe)
                    if not _is_header_like(ln) or (probe.title_score <= 0 and probe.employer_score <= 0):
                        break
                    header.append(ln)
        if anchor.employer_line is None and header and not headers_below and header[-1].index not in dash_marked:
            last = header[-1]
            m = INDEED_COMPANY_RX.match(last.text)
            if m and _company_line(last.text, m) and (len(header) >= 2 or last.text.rstrip().endswith("-")):
                anchor.employer_line = last
        anchor.header = header
        own_words = anchor.range is not None and _remainder(text, anchor.line, anchor.range).strip(EDGE_CHARS)
        # a line of dates alone under the employer, the title under the dates (JSON Resume's spartan theme)
        # (not when that line may head the next role: up to two lines above its dates)
        dates_between = anchor.range is not None and bool(header) and not own_words and (n + 1 == len(anchors) or k + 3 < next_k)
        if (own_words or dates_between) and not headers_below and (not header or header[-1].index < anchor.line.index):
            # "Instructional Designer Feb 2015 to Current" over "Company Name – City , State"
            nxt = lines[k + 1] if k + 1 < next_k else None
            if nxt is not None and _is_header_like(nxt) and len(nxt.text) <= 80:
                anchor.below = nxt
        role = read_role(layout, anchor, strict=strict)
        previous_k = k + (len(header) if headers_below else 0)
        if role is None:
            continue
        if role.title is None and role.employer is None and roles:
            continue  # a second date line inside a role ("DURATION Jan-2014 to Jun-2015"), not a new role
        if strict and role.title is None:
            continue
        roles.append(role)
    if not strict:
        first_start = roles[0].span_start if roles else end
        leading = _leading_undated_role(text, [ln for ln in lines if ln.end <= first_start])
        if leading is not None:
            roles.insert(0, leading)
    return merge_repeats(extend_spans(roles, end))


def _leading_undated_role(text: str, lines: list[Line]) -> Role | None:
    """Indeed prints a job without dates as a bare "Title" line and "Company" line, each set apart by blank
    lines, at the top of the section ("QA Analyst / Oracle", then the dated jobs)."""
    if len(lines) < 2:
        return None
    first, second = lines[0], lines[1]
    following = lines[2] if len(lines) > 2 else None
    if not (second.blank_before and (following is None or following.blank_before)):
        return None
    if not (_is_header_like(first) and _is_header_like(second)) or LABEL_RX.match(first.text):
        return None
    title = trimmed(text, first.start, first.end)
    employer = trimmed(text, second.start, second.end)
    if title is None or employer is None:
        return None
    t = Segment(title.start, title.end, title.text, first.index)
    e = Segment(employer.start, employer.end, employer.text, second.index)
    score_segment(t)
    score_segment(e)
    if t.title_score < 1 or t.employer_score > 0 or any(ch.isdigit() for ch in t.text) or len(t.text.split()) > 8:
        return None
    if e.title_score > 0 or not name_like(e) or len(e.text.split()) > 6 or is_location(e.text) or is_date_word(e.text):
        return None
    if INDEED_COMPANY_RX.match(second.text):
        return None  # "Company -": a dated job's header whose dates were not found
    return Role(text_span(t), text_span(e), None, None, None, False, None, first.start, second.end)


_RANGE_LEAD_RX = re.compile(r"(?:since|from)\b", re.IGNORECASE)


def _narrative_range(text: str, line: Line, r: DateRange) -> bool:
    """Dates told in a sentence, not a role's header: a wrapped line going on in lower case ("since May 2017 as
    a Subject Matter Expert to Jan 2018 …", "by I-Point Consulting … during the Academic Years 2009-10 &"),
    or "… from Dec 2004 - Jan 2006. Client: …" with the sentence going on after the dates."""
    left = text[line.start:r.span_start]
    right = text[r.span_end:line.end]
    words = len(WORD_RX.findall(left)) + len(WORD_RX.findall(right))
    if line.text[:1].islower() and words >= 4:
        return True
    return bool(_RANGE_LEAD_RX.match(text, r.span_start)) and len(WORD_RX.findall(right)) >= 2 and words >= 5


def _undated_roles(text: str, lines: list[Line], end: int) -> list[Role]:
    """An experience section without dates: lines that name a title and an employer together ("ARCHITECTURAL
    DESIGNER Company Name City , State"), else Indeed's "Title / Company" pairs of header-like lines."""
    blocks: list[list[Segment]] = [[]]
    singles: list[tuple[Segment, Segment]] = []
    for ln in lines:
        span = trimmed(text, ln.start, ln.end) if _is_header_like(ln) and not LABEL_RX.match(ln.text) else None
        seg = Segment(span.start, span.end, span.text, ln.index) if span is not None else None
        if seg is None or is_fragment(seg):
            if blocks[-1]:
                blocks.append([])  # a description ends the block; pairs never reach across it
            continue
        single = title_and_employer_on(text, ln)
        if single is not None:
            singles.append(single)
            if blocks[-1]:
                blocks.append([])
            continue
        score_segment(seg)
        seg.kind = "title" if seg.title_score > seg.employer_score else "employer" if seg.employer_score > 0 else ""
        blocks[-1].append(seg)
    pairs: list[tuple[Segment, Segment]] = list(singles)
    for block in blocks:
        i = 0
        while i + 1 < len(block):
            a, b = block[i], block[i + 1]
            if a.kind == b.kind:
                i += 1  # two titles (or two employers, or two lines without a cue) in a row: no pair
                continue
            if a.kind == "employer" or b.kind == "title":
                pairs.append((b, a))
            else:
                pairs.append((a, b))  # Indeed order: title, then company
            i += 2
    pairs.sort(key=lambda pair: min(pair[0].start, pair[1].start))
    out = []
    for n, (title, employer) in enumerate(pairs):
        first = min(title.start, employer.start)
        stop = min(pairs[n + 1][0].start, pairs[n + 1][1].start) if n + 1 < len(pairs) else end
        out.append(Role(text_span(title), text_span(employer), None, None, None, False, None, first, stop))
    return out


def _company_line(line_text: str, m: re.Match) -> bool:
    """Indeed's "Company -", "Company - City, State" or "Company -  City -" line (not "Title - Company")."""
    if names_a_job(m.group("org")):
        return False  # "DevOps Consultant -": a title whose company Indeed left empty
    return not m.group("loc") or line_text.rstrip().endswith("-") or is_location(m.group("loc"))


# "Dates | 04/2019 – Present", "Period: …": a label of the dates is no part of a header
_DATES_LABEL_RX = re.compile(r"^\W*(?:dates?|period|duration|tenure)\s*[:|\-]?\s*", re.IGNORECASE)


def _remainder(text: str, line: Line, r: DateRange) -> str:
    return text[line.start:r.span_start] + " " + text[r.span_end:line.end]


def _dates_alone(text: str, line: Line, r: DateRange) -> bool:
    """A line of dates only, its label aside: "Jan 2019 – Present", "Dates | 04/2019 – Present"."""
    before = text[line.start:r.span_start]
    label = _DATES_LABEL_RX.match(before)
    if label and not before[label.end():].strip(EDGE_CHARS):
        before = ""
    return not (before + " " + text[r.span_end:line.end]).strip(EDGE_CHARS)


def _label_roles(layout, lines, company_lines, by_line, end, today) -> list[Role]:
    """Kaggle-style exports: "company - X" then "description - …", dates (if any) inside the description."""
    text = layout.text
    # the export also prints the current "Title - Company" once near the top: it names the role's title
    headlines: dict[str, TextSpan] = {}
    for ln in layout.lines:
        m = _HEADLINE_RX.match(ln.text)
        if m and not ln.text.lower().startswith(("company", "description")):
            seg = Segment(ln.start, ln.start + m.end("title"), m.group("title"), ln.index)
            score_segment(seg)
            title = trimmed(text, seg.start, seg.end)
            if title is not None and seg.title_score > 0:
                headlines.setdefault(m.group("org").strip().lower(), title)
    roles = []
    for n, line in enumerate(company_lines):
        stop = company_lines[n + 1].start if n + 1 < len(company_lines) else end
        label = _COMPANY_LABEL_RX.match(line.text)  # (company_lines are the lines it matches)
        employer = trimmed(text, line.start + (label.end() if label else 0), line.end)
        date_range = None
        for ln in lines:
            if line.start <= ln.start < stop and ln.index in by_line:
                date_range = by_line[ln.index]
                break
        start_d = date_range.start if date_range else None
        end_d = date_range.end if date_range else None
        months = date_range.months if date_range else None
        title = headlines.pop(employer.text.lower(), None) if employer else None
        roles.append(Role(title, employer, start_d, end_d, months, False, None, line.start, stop))
    return merge_repeats([r for r in roles if r.employer or r.start])
