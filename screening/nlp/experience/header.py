"""A role's header: the few short lines around its dates, cut into pieces and read as title, employer and place."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from screening.nlp.dates import DateRange
from screening.nlp.experience.segments import (
    INDEED_COMPANY_RX,
    LABEL_RX,
    Segment,
    is_date_word,
    is_employer_name,
    is_fragment,
    is_location,
    is_org_name,
    is_region,
    name_like,
    not_a_job,
    org_score,
    score_segment,
    text_span,
    trimmed,
    vocab,
)
from screening.nlp.facts import Role, TextSpan
from screening.nlp.layout import Layout, Line
from screening.nlp.rules import WORD_RX, lexicon, word_set

_NONSPACE_RX = re.compile(r"\S+")
_AT_RX = re.compile(r"\s(?:at|@)\s")

# "Period: July '17 - Till Date", "Duration: …": a label in front of the dates of a project, not a role title
_DETAIL_LABEL_RX = re.compile(r"^[^\w]*(?:[A-Za-z]+(?:\s+[A-Za-z]+)?)\s*:\s*")
_EMPLOYER_PREFIX_RX = re.compile(r"^(?:job\s+profile|worked|working|employed|currently\s+working)\s+(?:in|at|with|for)\s+", re.IGNORECASE)

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


@dataclass
class Anchor:
    line: Line
    range: DateRange | None
    employer_line: Line | None = None  # Indeed company line or "company - X" label line
    header: list[Line] = field(default_factory=list)
    below: Line | None = None  # the short line right under a "Title  dates" line, where its employer may be


def title_and_employer_on(text: str, line: Line) -> tuple[Segment, Segment] | None:
    """(title, employer) when one line names both, with a job word and a company cue or placeholder."""
    segments = []
    for seg in _segments(text, line, None):
        if not seg.kind and is_location(seg.text):
            seg.kind = "location"
        segments.append(seg)
    segments = _split_glued(text, _unglue(text, segments))
    free = [s for s in segments if s.kind != "location" and not is_fragment(s)]
    for seg in free:
        score_segment(seg)
    employer = next((s for s in free if s.kind == "employer"), None) or next(
        (s for s in free if not s.kind and s.employer_score > 0 and s.employer_score >= s.title_score), None
    )
    title = next((s for s in free if s is not employer and (s.kind == "title" or (not s.kind and s.title_score >= 1))), None)
    if title is None or employer is None:
        return None
    return title, employer


def _segments(text: str, line: Line, exclude: DateRange | None) -> list[Segment]:
    pieces: list[tuple[int, int]] = []
    first = line.start
    label = _DETAIL_LABEL_RX.match(line.text)
    if exclude is not None and label and not LABEL_RX.match(line.text):
        first = line.start + label.end()  # "Period: Jan 2019 - …": the label is not a title
    labelled = LABEL_RX.match(text[first:line.end])  # (on the line's own text: "^" holds only at a string's start)
    label_kind = ""
    # (a colon or a table's cell separator: "Company Name - City" is the anonymised employer and its place)
    if labelled and labelled.group("label") and labelled.group().strip()[-1:] in (":", "|") and first + labelled.end() < line.end:
        # "Name and address of employer | Zahlwerk GmbH, Berlin": the label names what the rest of the line is
        label_name = labelled.group("label").lower()
        label_kind = "employer" if label_name.startswith(("company", "employer", "organ", "firm", "name")) else "title"
        first += labelled.end()
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
        span = trimmed(text, s, e)
        if span is None or is_date_word(span.text):
            continue
        lead = _ENUMERATOR_RX.match(span.text)
        if lead and lead.end() < len(span.text):
            # "4 INFOSYS Hinjewadi Guest House & Store Executive", "A. Identity management": a list number
            span = trimmed(text, span.start + lead.end(), span.end)
            if span is None:
                continue
        tail = _DATE_TAIL_RX.search(span.text)
        if tail and tail.start() > 0:
            # "Agricultural Officer July" over "January 2004 to …", "DESIGNER AND CONSULTANT Current": a date word
            # left behind by a date split over lines ends no title or name
            span = trimmed(text, span.start, span.start + tail.start())
            if span is None:
                continue
        # labels: "Designation: X", "Company: X"
        seg = Segment(span.start, span.end, span.text, line.index)
        if span.text.lower() in _DATE_LABELS:
            continue
        n = _NARRATIVE_RX.match(span.text)
        if not n:
            as_title = _AS_TITLE_RX.match(span.text)
            if as_title:
                value = trimmed(text, span.start + as_title.start("title"), span.start + as_title.end("title"))
                if value is not None:
                    out.append(Segment(value.start, value.end, value.text, line.index, "title"))
                continue
        if n:
            for group, kind in (("title", "title"), ("org", "employer"), ("title2", "title")):
                if n.group(group):
                    value = trimmed(text, span.start + n.start(group), span.start + n.end(group))
                    if value is not None:
                        out.append(Segment(value.start, value.end, value.text, line.index, kind))
            continue
        label_match = LABEL_RX.match(span.text)
        if label_match:
            value = trimmed(text, span.start + label_match.end(), span.end)
            if value is None:
                continue
            label_name = (label_match.group("label") or label_match.group("caps_label")).lower()
            seg = Segment(value.start, value.end, value.text, line.index)
            if label_name.startswith(("company", "employer", "organ", "firm")):
                seg.kind = "employer"
            else:
                seg.kind = "title"
        if label_kind and not seg.kind and not any(o.kind == label_kind for o in out):
            seg.kind = label_kind  # the first piece after the label is its value; the rest is a place or a remark
        out.append(seg)
    return out


_ENUMERATOR_RX = re.compile(r"^(?:\d{1,2}[.)]?|[A-H][.)])\s+(?=[A-Za-z])")
_DATE_TAIL_RX = re.compile(
    r"\s+(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|"
    r"nov(?:ember)?|dec(?:ember)?|current|present|till\s+date|to\s+date)\.?$",
    re.IGNORECASE,
)


def _employer_below(text: str, line: Line) -> tuple[Segment, Segment | None] | None:
    segs = []
    for seg in _segments(text, line, None):
        if not seg.kind and is_location(seg.text):
            seg.kind = "location"
        segs.append(seg)
    segs = _unglue(text, segs)
    locations = [s for s in segs if s.kind == "location"]
    others = [s for s in segs if s.kind != "location"]
    if not others:
        return None
    first = others[0]
    score_segment(first)
    if first.kind == "employer" or (not first.kind and first.employer_score > 0 and first.title_score <= 0):
        pass
    elif not first.kind and len(others) == 1 and locations and name_like(first) and first.title_score <= 0:
        pass  # "Globex – Austin , TX": a name and its place
    else:
        return None
    return Segment(first.start, first.end, first.text, first.line, "employer"), (locations[0] if locations else None)


def _title_below(text: str, line: Line) -> Segment | None:
    """The first piece of `line` when it reads as a job title (a job word, no company cue): the title a
    template prints under the employer and dates."""
    for seg in _segments(text, line, None):
        if seg.kind == "location" or is_location(seg.text):
            continue
        score_segment(seg)
        # a job named after its field ("Systems Administrator") keeps a little employer evidence: below a whole
        # company word's worth, it does not make the line an employer
        if seg.kind != "employer" and seg.title_score >= 1 and seg.employer_score < 1 and not is_fragment(seg):
            return Segment(seg.start, seg.end, seg.text, seg.line, "title")
        return None
    return None


def read_role(layout: Layout, anchor: Anchor, *, strict: bool) -> Role | None:
    text = layout.text
    r = anchor.range
    lines = list(anchor.header)
    if anchor.line not in lines:
        if lines and lines[0].index > anchor.line.index:
            lines.insert(0, anchor.line)
        else:
            lines.append(anchor.line)
    segments: list[Segment] = []
    for ln in lines:
        segments.extend(_segments(text, ln, r if ln is anchor.line else None))
    title = employer = location = None
    for seg in segments:
        if not seg.kind and is_location(seg.text):
            seg.kind = "location"
    segments = _split_glued(text, _unglue(text, segments))
    if anchor.employer_line is not None:
        # Indeed: "Title" line, then "Company - City" line
        m = INDEED_COMPANY_RX.match(anchor.employer_line.text)
        org_end = anchor.employer_line.start + m.end("org") if m else anchor.employer_line.end
        emp = trimmed(text, anchor.employer_line.start, org_end)
        prefix = _EMPLOYER_PREFIX_RX.match(emp.text) if emp is not None else None
        if prefix and emp is not None and prefix.end() < len(emp.text):
            emp = TextSpan(emp.text[prefix.end():], emp.start + prefix.end(), emp.end)
        if emp is not None and is_location(emp.text):
            location, emp = Segment(emp.start, emp.end, emp.text, anchor.employer_line.index, "location"), None
        if emp is not None:
            employer = Segment(emp.start, emp.end, emp.text, anchor.employer_line.index, "employer")
        if m and m.group("loc"):
            loc = trimmed(text, anchor.employer_line.start + m.start("loc"), anchor.employer_line.start + m.end("loc"))
            if loc is not None:
                location = Segment(loc.start, loc.end, loc.text, anchor.employer_line.index, "location")
        above = [s for s in segments if s.line < anchor.employer_line.index and s.kind != "location"]
        if above:
            first_line = above[-1].line
            line_segs = [s for s in above if s.line == first_line]
            candidate = Segment(line_segs[0].start, line_segs[-1].end, text[line_segs[0].start:line_segs[-1].end], first_line, "title")
            score_segment(candidate)
            labelled = [s for s in line_segs if s.kind == "title"]
            # "Sales Associate in Convergys", "Testing Executive, Infosys Ltd, Chennai": the title line names
            # the employer itself; the dash line under it is then the client or department ("AT&T -",
            # "Development -"), so the employer the candidate wrote next to the title wins.
            own = None if labelled else _employer_on_title_line(text, line_segs)
            if labelled:
                candidate = labelled[0]  # "Working in Infosys as a developer and support"
                named = [s for s in line_segs if s.kind == "employer"]
                if named and (employer is None or org_score(employer.text) < 1):
                    employer = named[0]
            elif own is not None:
                candidate = own[0]
                if own[1] is not None and (employer is None or org_score(employer.text) < 1 or not is_employer_name(employer.text)):
                    employer = own[1]
            # The title line of Indeed's layout is whatever the candidate typed, so only a piece of a sentence
            # (the last words of the previous role's text: "environment", "as per the client") is refused.
            score_segment(candidate)
            if candidate.title_score <= 0 and not_a_job(candidate.text):
                pass  # "Personal", "College": a heading or a school left above a dash line, not a job title
            elif (labelled or candidate.text[:1].isupper() or candidate.title_score > 0) and not is_fragment(candidate, prose=False):
                title = candidate
    else:
        free = [s for s in segments if s.kind not in ("location",) and not is_fragment(s)]
        for seg in free:
            score_segment(seg)
        labelled_title = [s for s in free if s.kind == "title"]
        labelled_emp = [s for s in free if s.kind == "employer"]
        title = labelled_title[0] if labelled_title else None
        employer = labelled_emp[0] if labelled_emp else None
        # the anchor's own line speaks for its role first; lines around it fill what it lacks
        own_line = anchor.line.index
        if title is None:
            cands = [s for s in free if not s.kind and s is not employer and s.title_score > 0 and s.title_score >= s.employer_score]
            if cands:
                title = max(cands, key=lambda s: (s.line == own_line, s.title_score, -s.start))
        if employer is None:
            cands = [s for s in free if not s.kind and s is not title and s.employer_score > 0]
            if cands:
                employer = max(cands, key=lambda s: (s.line == own_line, s.employer_score, -s.start))
        # what is left without any cue may fill an empty slot only if it reads like a name, not a sentence
        departments = word_set("title_words", "department")
        rest = [
            s for s in free
            if not s.kind and s is not title and s is not employer and name_like(s)
            and not {w.lower() for w in WORD_RX.findall(s.text)} <= departments  # "Assistant Manager - HR"
        ]
        below_title = (
            _title_below(text, anchor.below)
            if title is None and employer is None and len(rest) == 1 and rest[0].title_score <= 0
            and anchor.below is not None and anchor.below not in lines
            else None
        )
        if below_title is not None:
            # "Nordvik Shipping   2017-09-01 — 2021-03-31" over "Data Engineer" (JSON Resume themes): a name
            # without a company cue beside the dates, a job title under it
            employer = Segment(rest[0].start, rest[0].end, rest[0].text, rest[0].line, "employer")
            title = below_title
        elif title is None and employer is not None and rest:
            title = _nearest(rest, employer)
            rest.remove(title)
        elif employer is None and title is not None and rest and not strict:
            employer = _nearest(rest, title)
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
    if title is None and employer is not None and anchor.below is not None and anchor.below not in lines:
        # "Gelateria Aurora SpA   Sep 2019 – Present" over "Marketing Manager, Milan": the title line under it
        title = _title_below(text, anchor.below)
    if employer is not None and not is_employer_name(employer.text):
        employer = None
    if title is None and employer is None and r is None:
        return None
    span_start = min([ln.start for ln in lines])
    start_d = r.start if r else None
    end_d = r.end if r else None
    months = r.months if r else None
    return Role(
        text_span(title), text_span(employer), start_d, end_d, months, False, text_span(location), span_start, anchor.line.end
    )


# Anonymised resumes (public resume sets) replace the employer with "Company Name" and the place with
# "City , State"; PDF text then runs them into the title: "Company Name City , State Chemist II 05/1990 …".
_PLACEHOLDER_EMPLOYER_RX = re.compile(r"\bcompany\s+name\b", re.IGNORECASE)


def _nearest(segments: list[Segment], to: Segment) -> Segment:
    """The segment closest to `to`: fewest lines away, then fewest characters."""
    return min(segments, key=lambda s: (abs(s.line - to.line), abs(s.start - to.start)))


def _unglue(text: str, segments: list[Segment]) -> list[Segment]:
    """Cut a placeholder employer out of the words around it, a region off the title that follows its city
    ("TX Senior Accountant" after "Austin ,"), and join a city and its region into one location."""
    out: list[Segment] = []
    for seg in segments:
        pieces = [seg]
        m = _PLACEHOLDER_EMPLOYER_RX.search(seg.text) if not seg.kind else None
        if m and m.start() == 0 and m.end() == len(seg.text):
            pieces = [Segment(seg.start, seg.end, seg.text, seg.line, "employer")]
        elif m:
            pieces = []
            for s, e, kind in (
                (seg.start, seg.start + m.start(), ""),
                (seg.start + m.start(), seg.start + m.end(), "employer"),
                (seg.start + m.end(), seg.end, ""),
            ):
                span = trimmed(text, s, e)
                if span is not None:
                    piece = Segment(span.start, span.end, span.text, seg.line, kind)
                    if not kind and is_location(piece.text):
                        piece.kind = "location"
                    pieces.append(piece)
        for piece in pieces:
            if not piece.kind and out and out[-1].line == piece.line:
                cut = _region_prefix(piece.text)
                if cut:
                    region = trimmed(text, piece.start, piece.start + cut)
                    rest = trimmed(text, piece.start + cut, piece.end)
                    if region is not None and rest is not None:
                        place = Segment(region.start, region.end, region.text, piece.line, "location")
                        if out[-1].kind == "location" and not text[out[-1].end:place.start].strip(" ,\t"):
                            last = out.pop()
                            place = Segment(last.start, place.end, text[last.start:place.end], piece.line, "location")
                        out.append(place)
                        piece = Segment(rest.start, rest.end, rest.text, piece.line)
            if (
                piece.kind == "location"
                and out
                and out[-1].kind == "location"
                and out[-1].line == piece.line
                and not text[out[-1].end:piece.start].strip(" ,\t")
            ):
                last = out.pop()
                piece = Segment(last.start, piece.end, text[last.start:piece.end], piece.line, "location")
            out.append(piece)
    return out


def _region_prefix(s: str) -> int:
    """Length of a state or region opening `s` when more words follow it ("TX Senior Accountant"), else 0."""
    words = list(_NONSPACE_RX.finditer(s))
    if len(words) < 2:
        return 0
    first = words[0].group().strip(",.")
    if (first.isupper() and first.lower() in vocab()[3]) or first in ("State", "STATE", "City"):
        return words[0].end()
    found = lexicon("places", "state", "country").find(s)
    if found and found[0][0] == 0 and found[0][1] < len(s.rstrip()) and s[:1].isupper():
        return found[0][1]
    return 0


_TITLE_TAIL_RX = re.compile(r"^(?:[IVX]{1,4}|\d|\([^)]{1,20}\)|[A-Z]{2,4})$")


def _split_glued(text: str, segments: list[Segment]) -> list[Segment]:
    """"Accountant Acme Corp Austin , TX": PDF text that lost its columns runs title, employer and city together.

    When a segment starts with a job title and more capitalised words follow before a location, the title
    ends at its last job word and the rest is the employer; the word right before the location is its city.
    """
    heads, modifiers, _, _ = vocab()
    out: list[Segment] = []
    skip = None
    for n, seg in enumerate(segments):
        if seg is skip:
            continue
        nxt = segments[n + 1] if n + 1 < len(segments) else None
        # the location after it names a region only ("State", "TX"): its city is the last word of this segment
        region_only = (
            nxt is not None and nxt.kind == "location" and nxt.line == seg.line and is_region(nxt.text)
        )
        words = list(_NONSPACE_RX.finditer(seg.text))
        if seg.kind or not region_only or nxt is None or len(words) < 2:
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
            out.append(Segment(seg.start, title_end, text[seg.start:title_end], seg.line))
            out.append(Segment(city_start, nxt.end, text[city_start:nxt.end], seg.line, "location"))
            skip = nxt
            continue
        if last_head is not None and last_head < len(words) - 2:
            title_end = seg.start + words[last_head].end()
            out.append(Segment(seg.start, title_end, text[seg.start:title_end], seg.line))
            rest_start = seg.start + words[last_head + 1].start()
        elif last_head is None:
            rest_start = seg.start
        else:
            out.append(seg)
            continue
        employer = trimmed(text, rest_start, seg.start + words[-2].end()) if len(words) >= 2 else None
        if employer is not None:
            out.append(Segment(employer.start, employer.end, employer.text, seg.line))
        # the city and the region after it are one location: "Austin , TX"
        out.append(Segment(city_start, nxt.end, text[city_start:nxt.end], seg.line, "location"))
        skip = nxt
    return out


def _employer_on_title_line(text: str, line_segs: list[Segment]) -> tuple[Segment, Segment | None] | None:
    """(title, employer) when an Indeed title line also names the employer, else None."""
    for seg in line_segs:
        score_segment(seg)
    if len(line_segs) >= 2:
        head, org = line_segs[0], None
        if "(" in text[head.start:head.end] and ")" not in text[head.start:line_segs[-1].end]:
            return None  # "Senior Travel Operations (Domestic, International & Leisure": one title, cut at a comma
        for seg in line_segs[1:]:
            if seg.employer_score > 0 and seg.title_score <= 0:
                org = seg
                break
        if org is None and len(line_segs) == 2 and name_like(line_segs[1]) and line_segs[1].title_score <= 0:
            org = line_segs[1]  # split at " at " / " @ ": "Data Engineer at Globex"
            between = text[head.end:org.start]
            if not _AT_RX.search(between):
                org = None
        if org is not None and head.title_score >= 1 and head.title_score > head.employer_score and is_org_name(org.text):
            return Segment(head.start, head.end, head.text, head.line, "title"), Segment(org.start, org.end, org.text, org.line, "employer")
        if head.employer_score >= 1 and head.title_score <= 0 and len(line_segs) == 2 and is_org_name(head.text):
            # "Infosys Limited, Business objects Administrator": the employer first
            job = line_segs[1]
            if job.title_score >= 1 and job.title_score > job.employer_score:
                return Segment(job.start, job.end, job.text, job.line, "title"), Segment(head.start, head.end, head.text, head.line, "employer")
        return None
    if len(line_segs) == 1:
        title, employer = _title_with_employer(text, line_segs[0])
        if employer is not None:
            # "Financial Analyst for AMEX in iFIND": the title stands even when what follows is not a clean name
            return title, (employer if is_org_name(employer.text) else None)
    return None


# "Sales Associate in Convergys", "Financial Analyst for AMEX", "INFOSYS as Process Associate"
_TITLE_AT_RX = re.compile(r"^(?P<title>.+?)\s+(?:in|at|with|for|@)\s+(?P<org>[A-Z0-9][^,;]{1,60})$")
_ORG_AS_RX = re.compile(r"^(?P<org>[A-Z0-9][^,;]{1,60}?)\s+as\s+(?:an?\s+)?(?P<title>[A-Z][^,;]{1,60})$")


def _title_with_employer(text: str, title: Segment) -> tuple[Segment, Segment | None]:
    """Split a title that names its employer too; keep it whole when the split is not clearly a title + a name."""
    heads = vocab()[0]
    for rx in (_TITLE_AT_RX, _ORG_AS_RX):
        m = rx.match(title.text)
        if not m:
            continue
        title_words = [w.lower() for w in WORD_RX.findall(m.group("title"))]
        if not title_words or title_words[-1] not in heads:
            continue
        t = trimmed(text, title.start + m.start("title"), title.start + m.end("title"))
        o = trimmed(text, title.start + m.start("org"), title.start + m.end("org"))
        if t is None or o is None:
            continue
        return (Segment(t.start, t.end, t.text, title.line, "title"), Segment(o.start, o.end, o.text, title.line, "employer"))
    return title, None
