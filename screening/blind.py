"""Blind review: what a recruiter may see of a candidate's identity while a job is reviewed blind.

While a job is reviewed blind, a candidate is shown under an anonymous label until they are moved past
screening (interview or later) or a recruiter reveals them (audited). Hidden: name, email addresses,
phone numbers, links, location and addresses, places, institution names and graduation years, personal
details (date of birth, gender, marital status, nationality, religion, family names, passport...) and the
candidate's own correction comments, on the list, the candidate page, the comparison and CSV exports, and
inside the resume text itself, where the ranges below are masked. What the reader did not classify is
masked by where it stands: every line of the education section except the degree and field read from
it, every line of a "personal details" block. Ordinary words stay: a name part is masked on its own only
where it is not also used as an everyday word in the resume, and a name made up from a file name (an
import's placeholder) is not a name at all. Photos never reach a page: the reader extracts text only,
never images. Search reads a hidden candidate's resume through `searchable_text`, so it cannot pick a
person out by anything masked either.
"""

from __future__ import annotations

import re
from typing import Iterable

from django.db.models import Q

from screening.models import Application, Candidate
from screening.nlp.facts import ResumeFacts, Section
from screening.nlp.rules import lexicon

# Past screening the team needs to contact the person, so identity is shown from the interview stage on.
REVEALED_STAGES = {
    Application.Stage.INTERVIEW,
    Application.Stage.OFFER,
    Application.Stage.HIRED,
}
HIDDEN_DESCRIPTION = (
    "name, contact details, links, places, schools and graduation years, personal details and the candidate's comments"
)

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
# A line that states a protected attribute or identifies a person, wherever it stands ("Date of Birth:
# 12/03/1990", "Religion - Hindu", "Father's Name: ..."): the whole line is masked, label and value.
_PERSONAL_LINE = re.compile(
    r"^[ \t\u2022*\-]*(?:date\s+of\s+birth|d\.?\s?o\.?\s?b\.?|birth\s*date|born|place\s+of\s+birth|age|gender|sex|"
    r"marital\s+status|married|nationality|citizenship|religion|caste|category|community|ethnicity|race|"
    r"(?:father|mother|husband|wife|spouse|parent|guardian)(?:['\u2019]?s)?(?:\s+name)?|"
    r"passport(?:\s+(?:no|number|details))?\.?|visa(?:\s+status)?|blood\s+group|height|weight|"
    r"permanent\s+address|present\s+address|address|pan(?:\s+no)?|aadhaa?r(?:\s+no)?|national\s+id|"
    r"social\s+security(?:\s+number)?|ssn|languages\s+known|mother\s+tongue|health|disability)"
    r"[ \t]*(?::|-|–|—|\t)",
    re.IGNORECASE | re.MULTILINE,
)
# Headings of a block of personal particulars: everything under them is masked.
_PERSONAL_HEADING = re.compile(r"\bpersonal\s+(?:details|information|data|profile|particulars|dossier)\b", re.IGNORECASE)
# What separates the pieces of an education line: "PhD Computer Science, MIT" -> "PhD Computer Science", "MIT".
_PIECE_BREAK = re.compile(r"\s*(?:[,;|()\u2022]|\s[-–—]\s)\s*")


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


def form_names(candidate: Candidate) -> list[str]:
    """The names to mask beside what the reader found: the one the candidate typed on the form. An
    import's placeholder name is made from the file name ("Data Scientist Cv"): masking its words would
    black out ordinary words all through the resume, so it is not used."""
    return [candidate.name] if candidate.name_from_form and candidate.name else []


def identity_spans(text: str, facts: ResumeFacts | None, *, names: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Sorted, merged (start, end) ranges of `text` that would tell who the candidate is.

    The ranges the reader anchored (name, emails, phones, links, location, institutions, graduation
    years, role locations), every line of the education section outside the degree and field read from
    it, every line of a personal details block or stating a personal particular, every place the places
    list knows, every other occurrence of those strings and of `names` (e.g. the name typed on the form),
    anything shaped like an email, link or phone number, years inside education entries, and whole header
    lines holding any of these or a digit (street addresses, postcodes).
    """
    spans: list[tuple[int, int]] = []
    people = {n.strip() for n in names if n and len(n.strip()) >= 2}  # searched whole and by part
    others: set[str] = set()  # searched whole only: "Institute of Technology" must not hide "Technology"
    exact: set[str] = set()  # searched whole, as written: unread schools ("MIT") found on an education line
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
        education = _education_spans(text, facts)
        spans += education
        skills = [(m.start, m.end) for skill in facts.skills for m in skill.mentions]
        exact |= _pieces(text, education, skills)
        spans += _personal_sections(text, facts.sections)
    spans += [m.span() for m in _PERSONAL_LINE.finditer(text)]
    spans += [_line_at(text, m.start()) for m in _PERSONAL_LINE.finditer(text)]
    spans += _places(text)
    for string in people | others:
        spans += _occurrences(text, string, case_sensitive=False)
    for string in exact:
        spans += _occurrences(text, string, case_sensitive=True)
    everyday = _everyday_words(text) if people else set()
    for string in people:
        for part in re.findall(r"\w{2,}", string):
            # Name parts, not particles such as "van" or "de"; and not a word the resume also uses as an
            # everyday word ("data", "will"): the whole name is still masked wherever it stands.
            if part[0].isupper() and part.lower() not in everyday:
                spans += _occurrences(text, part, case_sensitive=True)
    spans += [m.span() for m in _EMAIL.finditer(text)]
    spans += [m.span() for m in _URL.finditer(text)]
    spans += [m.span() for m in _PHONE.finditer(text) if sum(ch.isdigit() for ch in m.group()) >= 9]
    spans += _header_lines(text, facts, spans)
    return merge_spans(spans)


def _line_at(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def _lines(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """(start, end) of each non-blank line of text[start:end], without its line break."""
    pos = start
    for line in text[start:end].splitlines(keepends=True):
        stop = pos + len(line.rstrip("\r\n"))
        if line.strip():
            yield pos, stop
        pos += len(line)


def _education_spans(text: str, facts: ResumeFacts) -> list[tuple[int, int]]:
    """Every line of the education section (and of each education entry found elsewhere), minus the
    degree and field the reader recognised: schools, places, boards and grades it did not classify are
    masked by where they stand ("PhD Computer Science, MIT" keeps "PhD Computer Science")."""
    kept = merge_spans(
        (item.start, item.end)
        for edu in facts.education
        for item in (edu.degree, edu.field)
        if item is not None and 0 <= item.start < item.end <= len(text)
    )
    areas = [(s.start, s.end) for s in facts.sections if s.name == "education"]
    areas += [(e.start, e.end) for e in facts.education if e.end > e.start]
    heading_ends = {s.heading.end for s in facts.sections if s.name == "education" and s.heading is not None}
    spans = []
    for area_start, area_end in merge_spans(areas):
        for line_start, line_end in _lines(text, max(0, area_start), min(area_end, len(text))):
            if line_end in heading_ends:
                continue  # the heading "Education" itself
            pos = line_start
            for keep_start, keep_end in kept:
                if keep_end <= line_start or keep_start >= line_end:
                    continue
                spans.append((pos, max(pos, keep_start)))
                pos = max(pos, keep_end)
            spans.append((pos, line_end))
    # From the first to the last letter or digit of each stretch: the separators between a degree and a
    # school stay, so the line still reads as "degree, (masked)".
    trimmed = []
    for a, b in spans:
        inner = [i for i in range(a, b) if text[i].isalnum()]
        if inner:
            trimmed.append((inner[0], inner[-1] + 1))
    return trimmed


def _everyday_words(text: str) -> set[str]:
    """Words the resume writes in lower case outside email addresses and links ("will", "data")."""
    prose = _URL.sub(" ", _EMAIL.sub(" ", text))
    return set(re.findall(r"(?<!\w)[a-z]\w*", prose))


def _pieces(text: str, spans: Iterable[tuple[int, int]], skills: list[tuple[int, int]]) -> set[str]:
    """The names inside masked education stretches ("MIT", "St. Xavier's High School"), to mask where
    the resume repeats them. Not names: pieces without a capital letter or a letter at all, and skills
    the reader found ("Coursework: Statistics, Python" must not hide Python all through the resume)."""
    found = set()
    for start, end in spans:
        pos = start
        for piece in _PIECE_BREAK.split(text[start:end]):
            at = text.find(piece, pos, end) if piece else -1
            pos = at + len(piece) if at >= 0 else pos
            piece_end = at + len(piece)
            if at >= 0 and any(a < piece_end and b > at for a, b in skills):
                continue
            piece = piece.strip(" .:")
            if len(piece) >= 2 and any(ch.isupper() for ch in piece) and any(ch.isalpha() for ch in piece):
                found.add(piece)
    return found


def _personal_sections(text: str, sections: Iterable[Section]) -> list[tuple[int, int]]:
    """The body of every block headed "Personal details" (or information, data, particulars...)."""
    spans = []
    for section in sections:
        if section.heading is not None and _PERSONAL_HEADING.search(section.heading.text):
            spans += list(_lines(text, section.heading.end, min(section.end, len(text))))
    return spans


def _places(text: str) -> list[tuple[int, int]]:
    """Cities, states and countries from the places list, written as names (capitalised): where someone
    lives or comes from tells of their national origin; "us" or "reading" as words stay."""
    places = lexicon("places", "city", "state", "country")
    return [(start, end) for start, end, found, _ in places.find(text) if found[:1].isupper()]


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
