"""Blind review: what a recruiter may see of a candidate's identity while a job is reviewed blind.

While a job is reviewed blind, a candidate is shown under an anonymous label until they are moved past
screening (interview or later) or a recruiter reveals them (audited). Hidden: name, email addresses,
phone numbers, links, location and addresses, institution names and graduation years, on the list, the
candidate page, the comparison and CSV exports, and inside the resume text itself, where the ranges
below are masked. Photos never reach a page: the reader extracts text only, never images. Search reads
a hidden candidate's resume through `searchable_text`, so it cannot pick a person out by name either.
"""

from __future__ import annotations

import re
from typing import Iterable

from django.db.models import Q

from screening.models import Application
from screening.nlp.facts import ResumeFacts

# Past screening the team needs to contact the person, so identity is shown from the interview stage on.
REVEALED_STAGES = {
    Application.Stage.INTERVIEW,
    Application.Stage.OFFER,
    Application.Stage.HIRED,
}
HIDDEN_DESCRIPTION = "name, contact details, links, location, institutions and graduation years"

# Safety nets for what the reader may have missed: anything shaped like an address, a link or a phone.
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
_URL = re.compile(
    r"(?:https?://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|io|dev|me|ai|co|edu|page|site|info)/\S*",
    re.IGNORECASE,
)
# International (+44 …), North American ((555) 123-4567) and trunk-prefixed (020 7946 0958) numbers; a
# looser pattern would take date ranges such as "2019 - 2021 (24" for phone numbers.
_PHONE = re.compile(r"\+\d[\d ().-]{6,}\d|\(?\b\d{3}\)?[ .-]\d{3}[ .-]\d{4}\b|\b0\d{2,4}[ .-]?\d{3,4}[ .-]?\d{3,4}\b")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
HEADER_LINES_WITHOUT_SECTIONS = 6


def is_blind(application: Application) -> bool:
    return (
        application.job.blind_review and application.stage not in REVEALED_STAGES and not application.identity_revealed
    )


def still_hidden() -> Q:
    """`is_blind` as a query condition, for the applications of a job reviewed blind."""
    return Q(identity_revealed=False) & ~Q(stage__in=REVEALED_STAGES)


def reveals(application: Application, to_stage: str) -> bool:
    """Whether moving a currently hidden application to `to_stage` shows who they are."""
    return is_blind(application) and to_stage in REVEALED_STAGES


def anonymous_label(application: Application) -> str:
    return f"Candidate {str(application.public_id)[:8].upper()}"


def candidate_label(application: Application) -> str:
    if is_blind(application):
        return anonymous_label(application)
    return application.candidate.name or anonymous_label(application)


def identity_spans(text: str, facts: ResumeFacts | None, *, names: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Sorted, merged (start, end) ranges of `text` that would tell who the candidate is.

    The ranges the reader anchored (name, emails, phones, links, location, institutions, graduation
    years, role locations), every other occurrence of those strings and of `names` (e.g. the name
    typed on the form), anything shaped like an email, link or phone number, years inside education
    entries, and whole header lines holding any of these or a digit (street addresses, postcodes).
    """
    spans: list[tuple[int, int]] = []
    people = {n.strip() for n in names if n and len(n.strip()) >= 2}  # searched whole and by part
    others: set[str] = set()  # searched whole only: "Institute of Technology" must not hide "Technology"
    if facts is not None:
        anchored = [facts.name, facts.location, *facts.emails, *facts.phones, *facts.links]
        for edu in facts.education:
            anchored += [edu.institution, edu.year_span]
            spans += [(m.start() + edu.start, m.end() + edu.start) for m in _YEAR.finditer(text[edu.start : edu.end])]
        anchored += [role.location for role in facts.experience]
        for item in anchored:
            if item is not None and 0 <= item.start < item.end <= len(text):
                spans.append((item.start, item.end))
        if facts.name is not None:
            people.add(facts.name.text.strip())
        for item in (
            facts.location,
            *(e.institution for e in facts.education),
            *(r.location for r in facts.experience),
        ):
            if item is not None and len(item.text.strip()) >= 3:
                others.add(item.text.strip())
    for string in people | others:
        spans += _occurrences(text, string, case_sensitive=False)
    for string in people:
        for part in re.findall(r"\w{2,}", string):
            if part[0].isupper():  # name parts, not particles such as "van" or "de"
                spans += _occurrences(text, part, case_sensitive=True)
    spans += [m.span() for m in _EMAIL.finditer(text)]
    spans += [m.span() for m in _URL.finditer(text)]
    spans += [m.span() for m in _PHONE.finditer(text) if sum(ch.isdigit() for ch in m.group()) >= 9]
    spans += _header_lines(text, facts, spans)
    return merge_spans(spans)


def _occurrences(text: str, needle: str, *, case_sensitive: bool) -> list[tuple[int, int]]:
    pattern = re.compile(r"(?<!\w)" + re.escape(needle) + r"(?!\w)", 0 if case_sensitive else re.IGNORECASE)
    return [m.span() for m in pattern.finditer(text)]


def _header_lines(text: str, facts: ResumeFacts | None, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Lines of the header (the text before the first heading) that carry contact details or digits.

    Street addresses and postcodes have no fact of their own; they live on the header's contact lines.
    """
    end = _header_end(text, facts)
    found = []
    pos = 0
    for line in text[:end].splitlines(keepends=True):
        start, stop = pos, pos + len(line.rstrip("\r\n"))
        pos += len(line)
        if stop <= start or not line.strip():
            continue
        touched = any(a < stop and b > start for a, b in spans)
        if touched or any(ch.isdigit() for ch in line):
            found.append((start, stop))
    return found


def _header_end(text: str, facts: ResumeFacts | None) -> int:
    sections = facts.sections if facts is not None else ()
    for section in sections:
        if section.name == "header":
            return min(section.end, len(text))
    if sections:
        return min(min(s.start for s in sections), len(text))
    lines = text.splitlines(keepends=True)[:HEADER_LINES_WITHOUT_SECTIONS]
    return sum(len(line) for line in lines)


def merge_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted((s, e) for s, e in spans if e > s):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


MASK = "█████"


def mask_text(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with every span replaced by a fixed-width mask (line breaks inside a span are kept)."""
    out, pos = [], 0
    for start, end in merge_spans(spans):
        start, end = max(start, pos), min(end, len(text))
        if start >= end:
            continue
        out.append(text[pos:start])
        out.append(MASK + "\n" * text.count("\n", start, end))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def searchable_text(text: str, facts: ResumeFacts | None, *, names: Iterable[str] = ()) -> str:
    """What search may read of a hidden candidate's resume: the text with everything that tells who they
    are masked. Searching a hidden candidate's name, email or school then finds nobody."""
    return mask_text(text, identity_spans(text, facts, names=names))
