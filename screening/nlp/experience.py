"""Work history: each role's title, employer, dates and months, from the experience sections.

A role is anchored on its date range ("Jan 2019 – Present") or, in Indeed exports, on the
"Company - City" line. The few short lines around the anchor are the role's header; they are cut into
segments at separators (" | ", " - ", ", ", " at ", tabs) and each segment is read as a title (it has a
job word: engineer, analyst, nurse…), an employer (Inc, Ltd, Technologies, Bank…), a location or a date.
Layout decides what the words cannot: Indeed puts the title above the company, most others put
"Title, Company" or "Company | Title" on one line.
"""
from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, field, replace

from screening.nlp.dates import DateRange, find_ranges, interval_months, merged_months, month_interval
from screening.nlp.facts import Role, TextSpan
from screening.nlp.layout import BULLET_RX, Layout, Line, heading_key, section_heading_table
from screening.nlp.rules import WORD_RX, lexicon, load_rules, words_by_label

# (compiled once: the `re` module's own cache is small and shared with every other library in the process)
_PLACE_SPLIT_RX = re.compile(r"[,/]")
_NONSPACE_RX = re.compile(r"\S+")
_AT_RX = re.compile(r"\s(?:at|@)\s")

# "Accenture -", "Infosys Limited - Hyderabad, Telangana": Indeed's company line
_INDEED_COMPANY_RX = re.compile(r"^(?P<org>\S.{0,90}?)\s+-(?:\s+(?P<loc>[^\-]{1,60}?))?(?:\s+-)?\s*$")
# Kaggle's "company - Infosys" label line
_COMPANY_LABEL_RX = re.compile(r"^company\s*-\s*", re.IGNORECASE)
# a line that is only a link: page furniture of exported resumes, never part of a role header
_URL_LINE_RX = re.compile(r"^(?:https?://|www\.)\S+$", re.IGNORECASE)
# "Period: July '17 - Till Date", "Duration: …": a label in front of the dates of a project, not a role title
_DETAIL_LABEL_RX = re.compile(r"^[^\w]*(?:[A-Za-z]+(?:\s+[A-Za-z]+)?)\s*:\s*")
_LABEL_RX = re.compile(
    r"^(?P<label>company(?:\s+name)?|employer|organi[sz]ation|firm|designation|job\s+title|title|position|role|post)\s*[:\-]\s*"
    r"|^(?-i:(?P<caps_label>COMPANY|EMPLOYER|ORGANI[SZ]ATION|DESIGNATION|POSITION|ROLE))\s+(?=\S)",
    re.IGNORECASE,
)
_EMPLOYER_PREFIX_RX = re.compile(r"^(?:job\s+profile|worked|working|employed|currently\s+working)\s+(?:in|at|with|for)\s+", re.IGNORECASE)
_HEADLINE_RX = re.compile(r"^(?P<title>[^\-|]{2,60}?)\s+-\s+(?P<org>[^\-|]{2,80})$")
# words that label the dates of an entry ("DURATION Jan-2014 to Jun-2015"): never a title or employer
_DATE_LABELS = frozenset("duration period tenure dates date from since till to worked".split())
# "Worked as Senior Systems Engineer for Infosys Limited", "Worked in [24]7 Inc as HR Executive", "Job Profile in Accenture"
_NARRATIVE_RX = re.compile(
    r"^(?:(?:i\s+)?(?:have\s+)?(?:been\s+)?(?:worked|working|employed|served|serving|job\s+profile|currently\s+working))\s+"
    r"(?:as\s+(?:an?\s+)?(?P<title>[^,;]{2,60}?)\s+)?(?:in|at|with|for)\s+(?P<org>[^,;]{2,80}?)"
    r"(?:\s+as\s+(?:an?\s+)?(?P<title2>[^,;]{2,60}?))?(?:\s+(?:from|since|during|till|until)\b.*)?[.\s]*$",
    re.IGNORECASE,
)
# "Have worked as a Support Engineer", "Working as Escalation Engineer": the title without the employer
_AS_TITLE_RX = re.compile(
    r"^(?:i\s+)?(?:have\s+)?(?:been\s+)?(?:currently\s+)?(?:worked|working|employed|served|serving)\s+as\s+(?:an?\s+)?(?P<title>[^,;]{2,60}?)[.\s]*$",
    re.IGNORECASE,
)
_SPLIT_RX = re.compile(r"\s*\|\s*|\s+[\u2022\u00b7\u2013\u2014]\s+|\s+-{1,2}\s+|\t+|\s{3,}|,\s+|\s+at\s+|\s+@\s+|\s*\uff1a\s*|\s*\u00ef\u00bc\s*")
_ABBREV_END_RX = re.compile(r"(?:\b(?:ltd|inc|co|corp|pvt|llc|plc|jr|sr|st|dept|govt|intl|bros|no)|(?:^|[\s.])[A-Za-z])\.$", re.IGNORECASE)
_EDGE_CHARS = " \t,;:|-\u2013\u2014()[]{}/.\u00a0\u2022\u00b7*\"'\u201c\u201d\u2666\u25c6\u27a2\u2756"
_TRAILING_OPEN = re.compile(r"[\s(\[{,;:\-\u2013\u2014|]+$")
_STATE_PLACEHOLDER = {"city", "state", "country"}


@dataclass
class _Segment:
    start: int
    end: int
    text: str
    line: int  # line index
    kind: str = ""  # "title" | "employer" | "location" | ""
    title_score: float = 0.0
    employer_score: float = 0.0


@dataclass
class _Anchor:
    line: Line
    range: DateRange | None
    employer_line: Line | None = None  # Indeed company line or "company - X" label line
    header: list[Line] = field(default_factory=list)
    below: Line | None = None  # the short line right under a "Title  dates" line, where its employer may be


@dataclass(frozen=True, slots=True)
class WorkHistory:
    roles: tuple[Role, ...]
    total_months: int
    ml_months: int


@functools.lru_cache(maxsize=1)
def _vocab():
    titles = words_by_label("title_words")
    orgs = words_by_label("org_words")
    places = words_by_label("places")
    return (
        titles.get("title_head", frozenset()),
        titles.get("title_modifier", frozenset()),
        orgs.get("employer", frozenset()) | orgs.get("institution", frozenset()),
        {c.lower() for c in places.get("state_code", ())},
    )


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
    roles = [_with_ml(role, layout.text, ml_spans) for role in roles]
    intervals = [month_interval(r.start, r.end) for r in roles if r.start and r.end]
    ml_intervals = [month_interval(r.start, r.end) for r in roles if r.start and r.end and r.ml_relevant]
    return WorkHistory(tuple(roles), merged_months(intervals), merged_months(ml_intervals))


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


def _is_prose(line: Line) -> bool:
    words = line.text.split()
    if len(words) > 14 or len(line.text) > 110:
        return True
    return line.text.endswith(".") and len(words) > 5 and not _ABBREV_END_RX.search(line.text)


def _is_header_like(line: Line) -> bool:
    text = line.text
    if BULLET_RX.match(text) or _is_prose(line):
        return False
    words = text.split()
    if len(words) > 10 and sum(1 for w in words if any(c.isalnum() for c in w)) > 10:
        return False  # (dashes and bullets between the words do not count)
    if text.endswith(".") and not _ABBREV_END_RX.search(text):
        return False
    if ":" in text and not _LABEL_RX.match(text):
        return False
    return any(c.isalpha() for c in text)


def _section_roles(layout: Layout, start: int, end: int, today: datetime.date, *, strict: bool) -> list[Role]:
    text = layout.text
    lines = []
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
        if len(line.text) > 110:
            # a range inside a paragraph ("worked at X from Mar 2007 to Sep 2008 as …") is not a role header
            offset = r.span_start - line.start
            if 40 < offset and line.end - r.span_end > 40:
                continue
        by_line[line.index] = r
    label_company = [ln for ln in lines if _COMPANY_LABEL_RX.match(ln.text)]
    if label_company:
        # (a Kaggle export's dates sit inside its "description - …" sentences: they are still the job's)
        return _label_roles(layout, lines, label_company, by_line, end, today)
    by_line = {i: r for i, r in by_line.items() if not _narrative_range(text, layout.lines[i], r)}

    anchors: list[_Anchor] = []
    position = {ln.index: k for k, ln in enumerate(lines)}
    for k, line in enumerate(lines):
        if line.index in by_line:
            anchors.append(_Anchor(line, by_line[line.index]))
            continue
        m = _INDEED_COMPANY_RX.match(line.text) if "-" in line.text else None
        if m and not strict and _is_header_like(line) and _company_line(line.text, m):
            nxt = lines[k + 1] if k + 1 < len(lines) else None
            prev = lines[k - 1] if k > 0 else None
            if nxt is not None and nxt.index in by_line:
                continue  # the date line right after it is the anchor; this line is its header
            if prev is not None and _is_header_like(prev) and prev.index not in by_line:
                anchors.append(_Anchor(line, None, employer_line=line))
    if not anchors:
        return [] if strict else _undated_roles(text, lines, end)

    # Decide once per section whether headers sit above the dates (most resumes) or below them.
    first = anchors[0]
    first_k = position[first.line.index]
    above = [ln for ln in lines[max(0, first_k - 2):first_k] if _is_header_like(ln)]
    date_only = first.range is not None and not _remainder(text, first.line, first.range).strip(_EDGE_CHARS)
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
            if not header and anchor.range is not None and not _remainder(text, anchor.line, anchor.range).strip(_EDGE_CHARS):
                # a date-only line with nothing usable above: the header follows it, if it reads as one
                for ln in lines[k + 1:min(k + 3, next_k)]:
                    probe = _Segment(ln.start, ln.end, ln.text, ln.index)
                    _score(probe)
                    if not _is_header_like(ln) or (probe.title_score <= 0 and probe.employer_score <= 0):
                        break
                    header.append(ln)
        if anchor.employer_line is None and header and not headers_below and header[-1].index not in dash_marked:
            last = header[-1]
            m = _INDEED_COMPANY_RX.match(last.text)
            if m and _company_line(last.text, m) and (len(header) >= 2 or last.text.rstrip().endswith("-")):
                anchor.employer_line = last
        anchor.header = header
        own_words = anchor.range is not None and _remainder(text, anchor.line, anchor.range).strip(_EDGE_CHARS)
        if own_words and not headers_below and (not header or header[-1].index < anchor.line.index):
            # "Instructional Designer Feb 2015 to Current" over "Company Name – City , State"
            nxt = lines[k + 1] if k + 1 < next_k else None
            if nxt is not None and _is_header_like(nxt) and len(nxt.text) <= 80:
                anchor.below = nxt
        role = _role(layout, anchor, strict=strict)
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
    return _merge_repeats(_extend_spans(roles, end))


def _leading_undated_role(text: str, lines: list[Line]) -> Role | None:
    """Indeed prints a job without dates as a bare "Title" line and "Company" line, each set apart by blank
    lines, at the top of the section ("QA Analyst / Oracle", then the dated jobs)."""
    if len(lines) < 2:
        return None
    first, second = lines[0], lines[1]
    following = lines[2] if len(lines) > 2 else None
    if not (second.blank_before and (following is None or following.blank_before)):
        return None
    if not (_is_header_like(first) and _is_header_like(second)) or _LABEL_RX.match(first.text):
        return None
    title = _trimmed(text, first.start, first.end)
    employer = _trimmed(text, second.start, second.end)
    if title is None or employer is None:
        return None
    t = _Segment(title.start, title.end, title.text, first.index)
    e = _Segment(employer.start, employer.end, employer.text, second.index)
    _score(t)
    _score(e)
    if t.title_score < 1 or t.employer_score > 0 or any(ch.isdigit() for ch in t.text) or len(t.text.split()) > 8:
        return None
    if e.title_score > 0 or not _name_like(e) or len(e.text.split()) > 6 or _is_location(e.text) or _is_date_word(e.text):
        return None
    if _INDEED_COMPANY_RX.match(second.text):
        return None  # "Company -": a dated job's header whose dates were not found
    return Role(_span(t), _span(e), None, None, None, False, None, first.start, second.end)


def _extend_spans(roles: list[Role], end: int) -> list[Role]:
    """Each role runs until the next one starts (the last one to the end of its section)."""
    out = []
    for n, role in enumerate(roles):
        stop = roles[n + 1].span_start if n + 1 < len(roles) else end
        out.append(replace(role, ml_relevant=False, span_end=max(stop, role.span_start)))
    return out


_LEGAL_WORDS = frozenset(
    "ltd limited inc incorporated pvt private corp corporation co company llc llp plc gmbh ag sa the of and india".split()
)


def _employer_key(role: Role) -> frozenset[str]:
    if role.employer is None:
        return frozenset()
    words = {w.lower() for w in WORD_RX.findall(role.employer.text)}
    return frozenset(words - _LEGAL_WORDS) or frozenset(words)


def _same_employer(a: Role, b: Role) -> bool:
    """"Infosys Ltd" and "Infosys Limited", "[24]7 Inc" and "7 Inc": one name's words hold the other's."""
    ka, kb = _employer_key(a), _employer_key(b)
    return bool(ka and kb) and (ka <= kb or kb <= ka)


def _month_key(d, default: int) -> tuple[int, int]:
    return (d.year, d.month or default)


def _same_dates(a: Role, b: Role) -> bool:
    """Equal start and end, a year alone matching any month of that year ("2013" and "October 2013")."""
    if not (a.start and a.end and b.start and b.end):
        return False
    for x, y in ((a.start, b.start), (a.end, b.end)):
        if x.year != y.year or (x.month and y.month and x.month != y.month) or x.present != y.present:
            return False
    return True


def _overlap(a: Role, b: Role) -> bool:
    if not (a.start and a.end and b.start and b.end):
        return False
    ia, ib = month_interval(a.start, a.end), month_interval(b.start, b.end)
    # consecutive jobs share their boundary month ("Jan 2015 to Sep 2015" after "Jul 2014 to Jan 2015")
    return min(ia[1], ib[1]) - max(ia[0], ib[0]) >= 2


def _dated(role: Role) -> bool:
    return bool(role.start and role.end)


def _merge_repeats(roles: list[Role]) -> list[Role]:
    """One role per job: blocks that repeat a job already read are folded into it.

    Resumes repeat a job in three ways: a second block under the same employer for another project
    (Kaggle exports print "company - X" once per project; untitled), an umbrella line over the titled
    roles held there ("Oracle Inc - 1998 to Present" above each promotion), and a client or narrative
    block with exactly the job's dates ("Microsoft Corporation - Nov 2014 to Jul 2016" under the HCL role;
    "Worked in [24]7 Inc as HR Executive from April 2012 to Mar 2013"). The job keeps its first title,
    employer and place; an untitled repeat that reaches beyond its dates widens them. A repeat's text
    stays with the role before it, so role extents remain contiguous.
    """
    kept: list[Role] = []
    for n, b in enumerate(roles):
        target = None
        if b.title is None and _dated(b):
            # an umbrella over titled roles at the same employer that together span its dates
            same = [month_interval(r.start, r.end) for r in roles if r is not b and r.title is not None and _same_employer(r, b) and _dated(r)]
            if same and _covered(month_interval(b.start, b.end), same):
                target = -1
        if target is None:
            for j in range(len(kept) - 1, -1, -1):
                a = kept[j]
                adjacent = j == len(kept) - 1
                if _same_employer(a, b) and _same_dates(a, b):
                    target = j
                elif b.title is None and _same_employer(a, b) and (
                    _overlap(a, b) or not _dated(a) or not _dated(b)
                ):
                    target = j
                elif adjacent and b.title is None and _same_dates(a, b):
                    target = j  # a client block with the job's own dates
                if target is not None:
                    break
        if target is None or not kept:
            kept.append(b)
            continue
        if target >= 0:
            kept[target] = _fold(kept[target], b)
        last = kept[-1]
        kept[-1] = replace(last, span_end=max(last.span_end, b.span_end))
    return kept


def _covered(interval: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    """Whether the union of `others` covers `interval` (a month's slack at each join)."""
    reach = interval[0]
    for first, last in sorted(others):
        if first > reach + 1:
            break
        reach = max(reach, last)
        if reach + 1 >= interval[1]:
            return True
    return False


def _fold(a: Role, b: Role) -> Role:
    start, end = a.start, a.end
    if not _dated(a):
        start, end = b.start, b.end
    elif _dated(b) and b.title is None:
        if _month_key(b.start, 1) < _month_key(a.start, 1):
            start = b.start
        if (b.end.present and not a.end.present) or (b.end.present == a.end.present and _month_key(b.end, 12) > _month_key(a.end, 12)):
            end = b.end
    months = interval_months(month_interval(start, end)) if start and end else None
    return replace(
        a,
        title=a.title or b.title,
        employer=a.employer or b.employer,
        location=a.location or b.location,
        start=start,
        end=end,
        months=months,
    )


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
    blocks: list[list[_Segment]] = [[]]
    singles: list[tuple[_Segment, _Segment]] = []
    for ln in lines:
        span = _trimmed(text, ln.start, ln.end) if _is_header_like(ln) and not _LABEL_RX.match(ln.text) else None
        seg = _Segment(span.start, span.end, span.text, ln.index) if span is not None else None
        if seg is None or _fragment(seg):
            if blocks[-1]:
                blocks.append([])  # a description ends the block; pairs never reach across it
            continue
        single = _title_and_employer_on(text, ln)
        if single is not None:
            singles.append(single)
            if blocks[-1]:
                blocks.append([])
            continue
        _score(seg)
        seg.kind = "title" if seg.title_score > seg.employer_score else "employer" if seg.employer_score > 0 else ""
        blocks[-1].append(seg)
    pairs: list[tuple[_Segment, _Segment]] = list(singles)
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
        out.append(Role(_span(title), _span(employer), None, None, None, False, None, first, stop))
    return out


def _title_and_employer_on(text: str, line: Line) -> tuple[_Segment, _Segment] | None:
    """(title, employer) when one line names both, with a job word and a company cue or placeholder."""
    segments = []
    for seg in _segments(text, line, None):
        if not seg.kind and _is_location(seg.text):
            seg.kind = "location"
        segments.append(seg)
    segments = _split_glued(text, _unglue(text, segments))
    free = [s for s in segments if s.kind != "location" and not _fragment(s)]
    for seg in free:
        _score(seg)
    employer = next((s for s in free if s.kind == "employer"), None) or next(
        (s for s in free if not s.kind and s.employer_score > 0 and s.employer_score >= s.title_score), None
    )
    title = next((s for s in free if s is not employer and (s.kind == "title" or (not s.kind and s.title_score >= 1))), None)
    if title is None or employer is None:
        return None
    return title, employer


def _company_line(line_text: str, m: re.Match) -> bool:
    """Indeed's "Company -", "Company - City, State" or "Company -  City -" line (not "Title - Company")."""
    if _names_a_job(m.group("org")):
        return False  # "DevOps Consultant -": a title whose company Indeed left empty
    return not m.group("loc") or line_text.rstrip().endswith("-") or _is_location(m.group("loc"))


def _names_a_job(s: str) -> bool:
    """Ends in a job word and carries no legal form: "Band-Sub band/ Designation U4 / DevOps Consultant"."""
    words = [w.lower() for w in WORD_RX.findall(s)]
    return bool(words) and words[-1] in _vocab()[0] and not set(words) & _legal_words()


def _remainder(text: str, line: Line, r: DateRange) -> str:
    return text[line.start:r.span_start] + " " + text[r.span_end:line.end]


def _label_roles(layout, lines, company_lines, by_line, end, today) -> list[Role]:
    """Kaggle-style exports: "company - X" then "description - …", dates (if any) inside the description."""
    text = layout.text
    # the export also prints the current "Title - Company" once near the top: it names the role's title
    headlines: dict[str, TextSpan] = {}
    for ln in layout.lines:
        m = _HEADLINE_RX.match(ln.text)
        if m and not ln.text.lower().startswith(("company", "description")):
            seg = _Segment(ln.start, ln.start + m.end("title"), m.group("title"), ln.index)
            _score(seg)
            title = _trimmed(text, seg.start, seg.end)
            if title is not None and seg.title_score > 0:
                headlines.setdefault(m.group("org").strip().lower(), title)
    roles = []
    for n, line in enumerate(company_lines):
        stop = company_lines[n + 1].start if n + 1 < len(company_lines) else end
        m = _COMPANY_LABEL_RX.match(line.text)
        employer = _trimmed(text, line.start + m.end(), line.end)
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
    return _merge_repeats([r for r in roles if r.employer or r.start])


_OPENING = {")": "(", "]": "[", "}": "{"}
_CLOSING = {v: k for k, v in _OPENING.items()}


def _trimmed(text: str, start: int, end: int) -> TextSpan | None:
    while start < end and text[start] in _EDGE_CHARS:
        if text[start] in "([{" and text.find(_CLOSING[text[start]], start, end) > 0:
            break  # "(MIS & Audit) Executive" keeps its bracket
        start += 1
    while end > start and text[end - 1] in _EDGE_CHARS:
        # keep the dot of "Inc." / "Ltd." and a bracket closed inside: "Senior Executive (MIS & Audit)"
        if text[end - 1] == "." and _ABBREV_END_RX.search(text[max(start, end - 6):end]):
            break
        if text[end - 1] in _OPENING and text.count(_OPENING[text[end - 1]], start, end) >= text.count(text[end - 1], start, end):
            break
        end -= 1
    if end <= start or not any(c.isalpha() for c in text[start:end]):
        return None
    return TextSpan(text[start:end], start, end)


def _is_location(s: str) -> bool:
    """"Hyderabad, Telangana", "San Francisco, CA", "City , State", "Pune": every part a known place."""
    _, _, _, codes = _vocab()
    parts = [p.strip(" .") for p in _PLACE_SPLIT_RX.split(s) if p.strip(" .")]
    if not parts or len(s) > 60:
        return False
    places = lexicon("places", "country", "state", "city")
    known = 0
    for p in parts:
        low = p.lower()
        if low in codes or low in _STATE_PLACEHOLDER or low in ("in", "us", "usa", "uk"):
            known += 1
            continue
        found = places.find(p)
        covered = sum(e - s for s, e, *_ in found)
        if found and covered >= len(p.replace(" ", "")) * 0.6:
            known += 1
    # an unknown city is fine when a known region follows it ("Hubli, Karnataka")
    return known == len(parts) or (len(parts) >= 2 and known >= len(parts) - 1 and parts[0][:1].isupper() and known >= 1 and _known_last(parts))


def _is_region(s: str) -> bool:
    """A state, province or country alone ("TX", "Karnataka", "State"), no city."""
    low = s.strip(" .").lower()
    if low == "city":
        return False
    if low in _vocab()[3] or low in _STATE_PLACEHOLDER or "," in s:
        return "," not in s
    found = lexicon("places", "country", "state").find(s)
    return bool(found) and found[0][0] == 0 and found[-1][1] >= len(s.strip(" .")) - 1


def _known_last(parts: list[str]) -> bool:
    _, _, _, codes = _vocab()
    last = parts[-1].lower()
    return last in codes or last in _STATE_PLACEHOLDER or bool(lexicon("places", "country", "state", "city").find(parts[-1]))


def _segments(text: str, line: Line, exclude: DateRange | None) -> list[_Segment]:
    pieces: list[tuple[int, int]] = []
    first = line.start
    label = _DETAIL_LABEL_RX.match(line.text)
    if exclude is not None and label and not _LABEL_RX.match(line.text):
        first = line.start + label.end()  # "Period: Jan 2019 - …": the label is not a title
    spans = [(first, line.end)]
    if exclude is not None and first <= exclude.span_start < line.end:
        spans = [(first, exclude.span_start), (exclude.span_end, line.end)]
    for s, e in spans:
        pos = s
        for m in _SPLIT_RX.finditer(text, s, e):
            pieces.append((pos, m.start()))
            pos = m.end()
        pieces.append((pos, e))
    out = []
    for s, e in pieces:
        span = _trimmed(text, s, e)
        if span is None or _is_date_word(span.text):
            continue
        lead = _ENUMERATOR_RX.match(span.text)
        if lead and lead.end() < len(span.text):
            # "4 INFOSYS Hinjewadi Guest House & Store Executive", "A. Identity management": a list number
            span = _trimmed(text, span.start + lead.end(), span.end)
            if span is None:
                continue
        tail = _DATE_TAIL_RX.search(span.text)
        if tail and tail.start() > 0:
            # "Agricultural Officer July" over "January 2004 to …", "DESIGNER AND CONSULTANT Current": a date word
            # left behind by a date split over lines ends no title or name
            span = _trimmed(text, span.start, span.start + tail.start())
            if span is None:
                continue
        # labels: "Designation: X", "Company: X"
        seg = _Segment(span.start, span.end, span.text, line.index)
        if span.text.lower() in _DATE_LABELS:
            continue
        n = _NARRATIVE_RX.match(span.text)
        if not n:
            as_title = _AS_TITLE_RX.match(span.text)
            if as_title:
                value = _trimmed(text, span.start + as_title.start("title"), span.start + as_title.end("title"))
                if value is not None:
                    out.append(_Segment(value.start, value.end, value.text, line.index, "title"))
                continue
        if n:
            for group, kind in (("title", "title"), ("org", "employer"), ("title2", "title")):
                if n.group(group):
                    value = _trimmed(text, span.start + n.start(group), span.start + n.end(group))
                    if value is not None:
                        out.append(_Segment(value.start, value.end, value.text, line.index, kind))
            continue
        m = _LABEL_RX.match(span.text)
        if m:
            value = _trimmed(text, span.start + m.end(), span.end)
            if value is None:
                continue
            label = (m.group("label") or m.group("caps_label")).lower()
            seg = _Segment(value.start, value.end, value.text, line.index)
            if label.startswith(("company", "employer", "organ", "firm")):
                seg.kind = "employer"
            else:
                seg.kind = "title"
        out.append(seg)
    return out


@functools.lru_cache(maxsize=1)
def _date_words() -> frozenset[str]:
    return frozenset(row["pattern"] for row in load_rules("date_words"))


_ENUMERATOR_RX = re.compile(r"^(?:\d{1,2}[.)]?|[A-H][.)])\s+(?=[A-Za-z])")
_DATE_TAIL_RX = re.compile(
    r"\s+(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?|current|present|till\s+date|to\s+date)\.?$",
    re.IGNORECASE,
)


def _is_date_word(s: str) -> bool:
    return s.lower().strip(" .'") in _date_words()


@functools.lru_cache(maxsize=1)
def _legal_words() -> frozenset[str]:
    return words_by_label("org_words").get("legal_form", frozenset())


@functools.lru_cache(maxsize=1)
def _department_words() -> frozenset[str]:
    return words_by_label("title_words").get("department", frozenset())


# Words a title or an employer's name does not start with: the segment is a piece of a sentence
# ("as a Subject Matter Expert …", "While going to school", "I supported myself as …", "by I-Point …").
_FRAGMENT_START = frozenset(
    "i my me we our us you he she they as by while during for with from to since and or but of in at on into "
    "when where which who that this these those if because after before through until till also including "
    "responsible handling managing worked working".split()
)
_FUNCTION_END = frozenset("a an the of and or to for with in at by on from as according per than".split())
_NAME_LOWER_OK = frozenset("of and the & for de da di la le van von der an".split())


def _fragment(seg: _Segment, prose: bool = True) -> bool:
    """A piece of a sentence rather than a title or a name (with `prose`, also a mostly lower-case run of words)."""
    words = WORD_RX.findall(seg.text)
    if not words:
        return True
    first, last = words[0].lower(), words[-1].lower()
    if first in _FRAGMENT_START and not (first == "the" and seg.kind != "title"):
        return True
    if last in _FUNCTION_END and len(words) > 1:
        return True
    if not prose:
        return False
    lower = [w for w in words if w[:1].islower() and w not in _NAME_LOWER_OK]
    return len(words) >= 5 and len(lower) * 2 >= len(words)


def _score(seg: _Segment) -> None:
    heads, modifiers, org_words, _ = _vocab()
    words = [w for w in WORD_RX.findall(seg.text)]
    lower = [w.lower() for w in words]
    if not words:
        return
    title = 0.0
    for i, w in enumerate(lower):
        if w in heads:
            title += 2.0 if i == len(lower) - 1 else 1.0
        elif w in modifiers:
            title += 0.5
    org = 0.0
    for w, raw in zip(lower, words):
        if w in org_words and (len(w) > 4 or not raw.islower()):
            org += 2.0
    if lower[-1] in heads and org and not (set(lower) & _legal_words()):
        org *= 0.25  # "Global Finance Accountant", "Bank Manager": a job named after its field
    if len(words) <= 3 and seg.text.isupper() and len(seg.text) >= 2 and title == 0 and not set(lower) <= _department_words():
        org += 0.5  # "UNISYS", "SAP AG" (not "HR", "IT")
    if any(ch.isdigit() for ch in seg.text):
        title -= 1.0
    seg.title_score = title
    seg.employer_score = org


def _not_a_job(s: str) -> bool:
    """A word that heads a section ("Personal", "Objective") or names a school ("College")."""
    key = heading_key(s)
    table = section_heading_table()
    words = {w.lower() for w in WORD_RX.findall(s)}
    return key in table or (len(words) <= 2 and bool(words & _institution_words()))


@functools.lru_cache(maxsize=1)
def _institution_words() -> frozenset[str]:
    return words_by_label("org_words").get("institution", frozenset())


def _employer_below(text: str, line: Line) -> tuple[_Segment, _Segment | None] | None:
    segs = []
    for seg in _segments(text, line, None):
        if not seg.kind and _is_location(seg.text):
            seg.kind = "location"
        segs.append(seg)
    segs = _unglue(text, segs)
    locations = [s for s in segs if s.kind == "location"]
    others = [s for s in segs if s.kind != "location"]
    if not others:
        return None
    first = others[0]
    _score(first)
    if first.kind == "employer" or (not first.kind and first.employer_score > 0 and first.title_score <= 0):
        pass
    elif not first.kind and len(others) == 1 and locations and _name_like(first) and first.title_score <= 0:
        pass  # "Globex – Austin , TX": a name and its place
    else:
        return None
    return _Segment(first.start, first.end, first.text, first.line, "employer"), (locations[0] if locations else None)


def _org_score(s: str) -> float:
    probe = _Segment(0, len(s), s, -1)
    _score(probe)
    return probe.employer_score


def _role(layout: Layout, anchor: _Anchor, *, strict: bool) -> Role | None:
    text = layout.text
    r = anchor.range
    lines = list(anchor.header)
    if anchor.line not in lines:
        if lines and lines[0].index > anchor.line.index:
            lines.insert(0, anchor.line)
        else:
            lines.append(anchor.line)
    segments: list[_Segment] = []
    for ln in lines:
        segments.extend(_segments(text, ln, r if ln is anchor.line else None))
    title = employer = location = None
    for seg in segments:
        if not seg.kind and _is_location(seg.text):
            seg.kind = "location"
    segments = _split_glued(text, _unglue(text, segments))
    if anchor.employer_line is not None:
        # Indeed: "Title" line, then "Company - City" line
        m = _INDEED_COMPANY_RX.match(anchor.employer_line.text)
        org_end = anchor.employer_line.start + m.end("org") if m else anchor.employer_line.end
        emp = _trimmed(text, anchor.employer_line.start, org_end)
        prefix = _EMPLOYER_PREFIX_RX.match(emp.text) if emp is not None else None
        if prefix and prefix.end() < len(emp.text):
            emp = TextSpan(emp.text[prefix.end():], emp.start + prefix.end(), emp.end)
        if emp is not None and _is_location(emp.text):
            location, emp = _Segment(emp.start, emp.end, emp.text, anchor.employer_line.index, "location"), None
        if emp is not None:
            employer = _Segment(emp.start, emp.end, emp.text, anchor.employer_line.index, "employer")
        if m and m.group("loc"):
            loc = _trimmed(text, anchor.employer_line.start + m.start("loc"), anchor.employer_line.start + m.end("loc"))
            if loc is not None:
                location = _Segment(loc.start, loc.end, loc.text, anchor.employer_line.index, "location")
        above = [s for s in segments if s.line < anchor.employer_line.index and s.kind != "location"]
        if above:
            first_line = above[-1].line
            line_segs = [s for s in above if s.line == first_line]
            candidate = _Segment(line_segs[0].start, line_segs[-1].end, text[line_segs[0].start:line_segs[-1].end], first_line, "title")
            _score(candidate)
            labelled = [s for s in line_segs if s.kind == "title"]
            # "Sales Associate in Convergys", "Testing Executive, Infosys Ltd, Chennai": the title line names
            # the employer itself; the dash line under it is then the client or department ("AT&T -",
            # "Development -"), so the employer the candidate wrote next to the title wins.
            own = None if labelled else _employer_on_title_line(text, line_segs)
            if labelled:
                candidate = labelled[0]  # "Working in Infosys as a developer and support"
                named = [s for s in line_segs if s.kind == "employer"]
                if named and (employer is None or _org_score(employer.text) < 1):
                    employer = named[0]
            elif own is not None:
                candidate = own[0]
                if own[1] is not None and (employer is None or _org_score(employer.text) < 1 or not _employer_name(employer.text)):
                    employer = own[1]
            # The title line of Indeed's layout is whatever the candidate typed, so only a piece of a sentence
            # (the last words of the previous role's text: "environment", "as per the client") is refused.
            _score(candidate)
            if candidate.title_score <= 0 and _not_a_job(candidate.text):
                pass  # "Personal", "College": a heading or a school left above a dash line, not a job title
            elif (labelled or candidate.text[:1].isupper() or candidate.title_score > 0) and not _fragment(candidate, prose=False):
                title = candidate
    else:
        free = [s for s in segments if s.kind not in ("location",) and not _fragment(s)]
        for seg in free:
            _score(seg)
        labelled_title = [s for s in free if s.kind == "title"]
        labelled_emp = [s for s in free if s.kind == "employer"]
        title = labelled_title[0] if labelled_title else None
        employer = labelled_emp[0] if labelled_emp else None
        # the anchor's own line speaks for its role first; lines around it fill what it lacks
        own = anchor.line.index
        if title is None:
            cands = [s for s in free if not s.kind and s is not employer and s.title_score > 0 and s.title_score >= s.employer_score]
            if cands:
                title = max(cands, key=lambda s: (s.line == own, s.title_score, -s.start))
        if employer is None:
            cands = [s for s in free if not s.kind and s is not title and s.employer_score > 0]
            if cands:
                employer = max(cands, key=lambda s: (s.line == own, s.employer_score, -s.start))
        # what is left without any cue may fill an empty slot only if it reads like a name, not a sentence
        rest = [
            s for s in free
            if not s.kind and s is not title and s is not employer and _name_like(s)
            and not {w.lower() for w in WORD_RX.findall(s.text)} <= _department_words()  # "Assistant Manager - HR"
        ]
        if title is None and employer is not None and rest:
            title = min(rest, key=lambda s: (abs(s.line - employer.line), abs(s.start - employer.start)))
            rest.remove(title)
        elif employer is None and title is not None and rest and not strict:
            employer = min(rest, key=lambda s: (abs(s.line - title.line), abs(s.start - title.start)))
            rest.remove(employer)
        elif title is None and employer is None and len(rest) >= 2 and not strict:
            title, employer = rest[0], rest[1]
        elif title is None and employer is None and len(rest) == 1 and not strict:
            title = rest[0]
        locs = [s for s in segments if s.kind == "location"]
        if locs:
            location = locs[0]
    if title is not None and employer is None:
        title, employer = _title_with_employer(text, title)
    if employer is None and title is not None and anchor.below is not None and anchor.below not in lines:
        # "Instructional Designer Feb 2015 to Current" / "Acme Corp – Austin , TX": the employer line under it
        found = _employer_below(text, anchor.below)
        if found is not None:
            employer, below_location = found
            location = location or below_location
    if employer is not None and not _employer_name(employer.text):
        employer = None
    if title is None and employer is None and r is None:
        return None
    span_start = min([ln.start for ln in lines])
    start_d = r.start if r else None
    end_d = r.end if r else None
    months = r.months if r else None
    return Role(
        _span(title), _span(employer), start_d, end_d, months, False, _span(location), span_start, anchor.line.end
    )


# Anonymised resumes (public resume sets) replace the employer with "Company Name" and the place with
# "City , State"; PDF text then runs them into the title: "Company Name City , State Chemist II 05/1990 …".
_PLACEHOLDER_EMPLOYER_RX = re.compile(r"\bcompany\s+name\b", re.IGNORECASE)


def _unglue(text: str, segments: list[_Segment]) -> list[_Segment]:
    """Cut a placeholder employer out of the words around it, a region off the title that follows its city
    ("TX Senior Accountant" after "Austin ,"), and join a city and its region into one location."""
    out: list[_Segment] = []
    for seg in segments:
        pieces = [seg]
        m = _PLACEHOLDER_EMPLOYER_RX.search(seg.text) if not seg.kind else None
        if m and m.start() == 0 and m.end() == len(seg.text):
            pieces = [_Segment(seg.start, seg.end, seg.text, seg.line, "employer")]
        elif m:
            pieces = []
            for s, e, kind in (
                (seg.start, seg.start + m.start(), ""),
                (seg.start + m.start(), seg.start + m.end(), "employer"),
                (seg.start + m.end(), seg.end, ""),
            ):
                span = _trimmed(text, s, e)
                if span is not None:
                    piece = _Segment(span.start, span.end, span.text, seg.line, kind)
                    if not kind and _is_location(piece.text):
                        piece.kind = "location"
                    pieces.append(piece)
        for piece in pieces:
            if not piece.kind and out and out[-1].line == piece.line:
                cut = _region_prefix(piece.text)
                if cut:
                    region = _trimmed(text, piece.start, piece.start + cut)
                    rest = _trimmed(text, piece.start + cut, piece.end)
                    if region is not None and rest is not None:
                        place = _Segment(region.start, region.end, region.text, piece.line, "location")
                        if out[-1].kind == "location" and not text[out[-1].end:place.start].strip(" ,\t"):
                            last = out.pop()
                            place = _Segment(last.start, place.end, text[last.start:place.end], piece.line, "location")
                        out.append(place)
                        piece = _Segment(rest.start, rest.end, rest.text, piece.line)
            if (
                piece.kind == "location"
                and out
                and out[-1].kind == "location"
                and out[-1].line == piece.line
                and not text[out[-1].end:piece.start].strip(" ,\t")
            ):
                last = out.pop()
                piece = _Segment(last.start, piece.end, text[last.start:piece.end], piece.line, "location")
            out.append(piece)
    return out


def _region_prefix(s: str) -> int:
    """Length of a state or region opening `s` when more words follow it ("TX Senior Accountant"), else 0."""
    words = list(_NONSPACE_RX.finditer(s))
    if len(words) < 2:
        return 0
    first = words[0].group().strip(",.")
    if (first.isupper() and first.lower() in _vocab()[3]) or first in ("State", "STATE", "City"):
        return words[0].end()
    found = lexicon("places", "state", "country").find(s)
    if found and found[0][0] == 0 and found[0][1] < len(s.rstrip()) and s[:1].isupper():
        return found[0][1]
    return 0


_TITLE_TAIL_RX = re.compile(r"^(?:[IVX]{1,4}|\d|\([^)]{1,20}\)|[A-Z]{2,4})$")


def _split_glued(text: str, segments: list[_Segment]) -> list[_Segment]:
    """"Accountant Acme Corp Austin , TX": PDF text that lost its columns runs title, employer and city together.

    When a segment starts with a job title and more capitalised words follow before a location, the title
    ends at its last job word and the rest is the employer; the word right before the location is its city.
    """
    heads, modifiers, _, _ = _vocab()
    out: list[_Segment] = []
    skip = None
    for n, seg in enumerate(segments):
        if seg is skip:
            continue
        nxt = segments[n + 1] if n + 1 < len(segments) else None
        # the location after it names a region only ("State", "TX"): its city is the last word of this segment
        region_only = (
            nxt is not None and nxt.kind == "location" and nxt.line == seg.line and _is_region(nxt.text)
        )
        words = list(_NONSPACE_RX.finditer(seg.text))
        if seg.kind or not region_only or len(words) < 2:
            out.append(seg)
            continue
        last_head = None
        for i, w in enumerate(words):
            low = w.group().lower().strip(",.;:()")
            if low in heads:
                last_head = i
            elif low in modifiers or _TITLE_TAIL_RX.match(w.group()) or low in ("of", "and", "&", "/"):
                continue
            elif last_head is None and i < 4 and w.group()[:1].isupper():
                continue  # "Customer Service Rep": words before the job word
            else:
                break
        while last_head is not None and last_head + 1 < len(words) and _TITLE_TAIL_RX.match(words[last_head + 1].group()):
            last_head += 1  # "Accountant II", "Analyst (TEMP)"
        city_start = seg.start + words[-1].start()
        if last_head is not None and last_head == len(words) - 2:
            # "Field Artillery Surveyor City , State": the title, then the city
            title_end = seg.start + words[last_head].end()
            out.append(_Segment(seg.start, title_end, text[seg.start:title_end], seg.line))
            out.append(_Segment(city_start, nxt.end, text[city_start:nxt.end], seg.line, "location"))
            skip = nxt
            continue
        if last_head is not None and last_head < len(words) - 2:
            title_end = seg.start + words[last_head].end()
            out.append(_Segment(seg.start, title_end, text[seg.start:title_end], seg.line))
            rest_start = seg.start + words[last_head + 1].start()
        elif last_head is None:
            rest_start = seg.start
        else:
            out.append(seg)
            continue
        employer = _trimmed(text, rest_start, seg.start + words[-2].end()) if len(words) >= 2 else None
        if employer is not None:
            out.append(_Segment(employer.start, employer.end, employer.text, seg.line))
        # the city and the region after it are one location: "Austin , TX"
        out.append(_Segment(city_start, nxt.end, text[city_start:nxt.end], seg.line, "location"))
        skip = nxt
    return out


def _employer_on_title_line(text: str, line_segs: list[_Segment]) -> tuple[_Segment, _Segment | None] | None:
    """(title, employer) when an Indeed title line also names the employer, else None."""
    for seg in line_segs:
        _score(seg)
    if len(line_segs) >= 2:
        head, org = line_segs[0], None
        if "(" in text[head.start:head.end] and ")" not in text[head.start:line_segs[-1].end]:
            return None  # "Senior Travel Operations (Domestic, International & Leisure": one title, cut at a comma
        for seg in line_segs[1:]:
            if seg.employer_score > 0 and seg.title_score <= 0:
                org = seg
                break
        if org is None and len(line_segs) == 2 and _name_like(line_segs[1]) and line_segs[1].title_score <= 0:
            org = line_segs[1]  # split at " at " / " @ ": "Data Engineer at Globex"
            between = text[head.end:org.start]
            if not _AT_RX.search(between):
                org = None
        if org is not None and head.title_score >= 1 and head.title_score > head.employer_score and _org_name(org.text):
            return _Segment(head.start, head.end, head.text, head.line, "title"), _Segment(org.start, org.end, org.text, org.line, "employer")
        if head.employer_score >= 1 and head.title_score <= 0 and len(line_segs) == 2 and _org_name(head.text):
            # "Infosys Limited, Business objects Administrator": the employer first
            job = line_segs[1]
            if job.title_score >= 1 and job.title_score > job.employer_score:
                return _Segment(job.start, job.end, job.text, job.line, "title"), _Segment(head.start, head.end, head.text, head.line, "employer")
        return None
    if len(line_segs) == 1:
        title, employer = _title_with_employer(text, line_segs[0])
        if employer is not None:
            # "Financial Analyst for AMEX in iFIND": the title stands even when what follows is not a clean name
            return title, (employer if _org_name(employer.text) else None)
    return None


# what an employer's name does not end with: "Microsoft project", "Oncology domain", "B2X process"
_NOT_ORG_END = frozenset("project projects team teams domain process processes account client clients department".split())
_INNER_PREPOSITION_RX = re.compile(r"\s(?:in|for|at|with|on|as|from|to|during)\s")


_VERSION_RX = re.compile(r"(?<![\w.])\d+(?:\.\d+)+(?![\w.])")


def _employer_name(s: str) -> bool:
    """Not "Microsoft project", "Oncology domain", "CRM 7.02": a client's project, a field, a product version."""
    words = WORD_RX.findall(s)
    return bool(words) and words[-1].lower() not in _NOT_ORG_END and not _VERSION_RX.search(s)


def _org_name(s: str) -> bool:
    """An employer named on a title line reads as a name: "Skava an Infosys Company", not "AMEX in iFIND"."""
    words = WORD_RX.findall(s)
    return bool(words) and words[-1].lower() not in _NOT_ORG_END and not _INNER_PREPOSITION_RX.search(s)


def _name_like(seg: _Segment) -> bool:
    """"Globex", "Data Analyst": short, capitalised, no digits or sentence punctuation."""
    words = seg.text.split()
    return (
        1 <= len(words) <= 6
        and seg.text[:1].isupper()
        and not (seg.text.endswith(".") and not _ABBREV_END_RX.search(seg.text))
        and not any(ch.isdigit() for ch in seg.text)
    )


# "Sales Associate in Convergys", "Financial Analyst for AMEX", "INFOSYS as Process Associate"
_TITLE_AT_RX = re.compile(r"^(?P<title>.+?)\s+(?:in|at|with|for|@)\s+(?P<org>[A-Z0-9][^,;]{1,60})$")
_ORG_AS_RX = re.compile(r"^(?P<org>[A-Z0-9][^,;]{1,60}?)\s+as\s+(?:an?\s+)?(?P<title>[A-Z][^,;]{1,60})$")


def _title_with_employer(text: str, title: _Segment) -> tuple[_Segment, _Segment | None]:
    """Split a title that names its employer too; keep it whole when the split is not clearly a title + a name."""
    heads = _vocab()[0]
    for rx in (_TITLE_AT_RX, _ORG_AS_RX):
        m = rx.match(title.text)
        if not m:
            continue
        title_words = [w.lower() for w in WORD_RX.findall(m.group("title"))]
        if not title_words or title_words[-1] not in heads:
            continue
        t = _trimmed(text, title.start + m.start("title"), title.start + m.end("title"))
        o = _trimmed(text, title.start + m.start("org"), title.start + m.end("org"))
        if t is None or o is None:
            continue
        return (_Segment(t.start, t.end, t.text, title.line, "title"), _Segment(o.start, o.end, o.text, title.line, "employer"))
    return title, None


def _span(seg: _Segment | None) -> TextSpan | None:
    if seg is None:
        return None
    return TextSpan(seg.text, seg.start, seg.end)


_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20,
}
_NUM = r"(?:\d{1,2}(?:\.\d{1,2})?|" + "|".join(_NUMBER_WORDS) + ")"
# "5+ years of experience", "over 3 years' experience in", "6.8 years of IT experience", "2 years and 4 months experience"
_STATED_A_RX = re.compile(
    rf"(?<!less than )(?<![\w.])(?P<n>{_NUM})[ \t]*\+?[ \t]*(?:years?|yrs?)['\u2019]?\.?(?:[ \t]*(?:and[ \t]*)?(?P<mo>\d{{1,2}})[ \t]*months?)?"
    rf"[ \t]*(?:of[ \t]+)?(?:[A-Za-z&/\-]+[ \t]+){{0,4}}?(?:experience|exp\b)",
    re.IGNORECASE,
)
# "Total experience: 6 years", "experience of over 4 years"
_STATED_B_RX = re.compile(
    rf"\bexperience\s*(?:of|:|-|\u2013)?\s*(?:over|more\s+than|nearly|about|around|approximately|almost)?\s*(?P<n>{_NUM})\s*\+?\s*(?:years?|yrs?)(?:\s*(?:and\s*)?(?P<mo>\d{{1,2}})\s*months?)?",
    re.IGNORECASE,
)


def stated_experience_months(layout: Layout) -> int | None:
    """The largest "N years of experience" stated outside the role descriptions, in months."""
    best = None
    for section in layout.sections:
        if section.name not in ("header", "summary", "skills", "other"):
            continue
        chunk = layout.text[section.start:section.end]
        low = chunk.lower()
        if "year" not in low and "yrs" not in low:
            continue
        for rx in (_STATED_A_RX, _STATED_B_RX):
            for m in rx.finditer(chunk):
                raw = m.group("n").lower()
                years = _NUMBER_WORDS.get(raw)
                if years is None:
                    years = float(raw)
                if not 0 < years <= 50:
                    continue
                months = round(years * 12) + int(m.group("mo") or 0)
                best = months if best is None else max(best, months)
    return best
