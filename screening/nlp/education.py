"""Education: each entry's degree as written, its level, field of study, institution and graduation year.

Degree names are data (`patterns/degrees.jsonl`: "B.Tech", "Bachelor of Science", "12th", "HSC",
"Diploma" … with their level). Abbreviations match with or without their dots ("B.Tech", "B Tech",
"BTech"); the short ones that are also words ("BE", "MS", "MA") only in capitals, and never as
"MS Office". An entry is a degree line with the institution and dates around it, in whatever order the
resume uses; an institution is a name with a word like University/College/Institute/School/IIT, or the
line right under a degree in the Indeed layout.
"""
from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass

from screening.nlp.dates import find_dates, find_ranges
from screening.nlp.experience.segments import is_date_word
from screening.nlp.facts import Education, TextSpan
from screening.nlp.layout import BULLET_RX, Layout, Line
from screening.nlp.organisations import has_institution_word, institution_words
from screening.nlp.rules import WORD_RX, is_sentence_piece, lexicon, load_rules, word_set, words_by_label

# (compiled once: the `re` module's own cache is small and shared with every other library in the process)
_NOT_KEY_CHARS_RX = re.compile(r"[^a-z0-9+]")
_ABBREV_END_RX = re.compile(r"(?:\b[A-Za-z]\.|univ\.|inst\.|tech\.|engg\.)$", re.IGNORECASE)

_SPLIT_RX = re.compile(r"\s*\|\s*|\s+[\u2022\u00b7\u2013\u2014]\s+|\s+-{1,2}\s+|\t+|\s{2,}|,\s*|\s+from\s+|(?P<at>\s+at\s+(?=[A-Z]))|\s*\uff1a\s*|\s*\u00ef\u00bc\s*|\s*;\s*")
_EDGE_CHARS = " \t,;:|-\u2013\u2014()[]{}/.\u00a0\u2022\u00b7*"
_FIELD_LEAD_RX = re.compile(r"\s*(?:in\b|of\b|[:(\-\u2013,]|majoring\s+in\b|major\s+in\b|speciali[sz]ation\s+in\b|with\b)\s*", re.IGNORECASE)
_MONTHS = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
# a field ends before a school, a dash, a bracket, a number, a month ("Information Systems July 2018") or the
# "City" of an anonymised resume
_FIELD_STOP_RX = re.compile(
    rf"\s+(?:from|at)\s+|\s+-\s+|[|(),;\t\u2013\u2014]|\s{{2,}}|\s+\d|\s+{_MONTHS}\.?(?![\w])|\s+(?-i:City)(?![\w])",
    re.IGNORECASE,
)
_INDEED_INSTITUTION_RX = re.compile(r"^(?P<org>\S.{0,120}?)\s+-(?:\s+(?P<loc>[^\-]{1,60}))?\s*$")


# compact degree abbreviations that are also English words: matched only in the case the data gives
_COMPACT_WORDS = frozenset({"march", "bed", "med", "bit", "mis", "bis", "mass", "macc", "bams", "bal", "bl", "be", "ma", "me"})


@dataclass
class _Entry:
    degree: TextSpan | None = None
    level: str | None = None
    field: TextSpan | None = None
    institution: TextSpan | None = None
    year: int | None = None
    year_span: TextSpan | None = None
    start: int = 0
    end: int = 0
    degree_line: int | None = None


@functools.lru_cache(maxsize=1)
def _degree_regex() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, str]]:
    """(case-insensitive regex, case-sensitive regex, normalised form -> level)."""
    levels: dict[str, str] = {}
    loose: list[str] = []
    strict: list[str] = []
    subjects = [row["pattern"] for row in load_rules("degree_subjects") if row["label"] == "subject"]
    subject_rx = "|".join(r"\s+".join(map(re.escape, s.split())) for s in sorted(subjects, key=len, reverse=True))
    for row in load_rules("degrees"):
        pattern, level = row["pattern"], row["label"]
        levels[_norm(pattern)] = level
        if row["kind"] == "phrase":
            body = r"\s+".join(re.escape(w) for w in pattern.split())
            if pattern.lower() in ("bachelor", "bachelors", "bachelor's", "master", "masters", "master's"):
                # "Bachelor of Engineering", "Masters in Computer Science": the subject belongs to the degree name
                # only after "of"; after "in" it is the field.
                body += rf"(?:\s+(?:degree\s+)?of\s+(?:{subject_rx})(?:\s+(?:and|&)\s+(?:{subject_rx}))?)?(?:\s+degree)?"
            loose.append(body)
            continue
        groups = [g for g in re.split(r"[.\s]+", pattern) if g]
        letters = "".join(groups)
        if row.get("case_sensitive"):
            body = r"\.?".join(re.escape(g) for g in groups) + r"\.?"
            if len(letters) <= 2:
                # not "MS Office", "MS University", nor the state in "Boston, MA"
                body = (
                    rf"(?<!,\s)(?<!,){body}(?!\s*-?\s*(?:office|excel|word|access|powerpoint|power\s?point|project|sql|dynamics|"
                    rf"outlook|visio|windows|teams|paint|dos|azure|university|college|institute|school)\b)"
                )
            strict.append(body)
        else:
            if len(groups) > 1:
                # written with its dots or spaces: "B.Tech", "B. Tech", "B Tech", "M.S."
                sep = r"(?:\.\s?|-\s?)" if len(letters) <= 3 else r"(?:\.\s?|\s|-\s?)"
                loose.append(sep.join(re.escape(g) for g in groups) + r"\.?")
                if all(len(g) == 1 for g in groups) and letters.isalpha():
                    # letters apart, in capitals only: "B E", "B B M" (in lower case, "b e" is two words)
                    strict.append(" ".join(re.escape(g.upper()) for g in groups) + r"(?= (?:in|of)\b|[ \t]*(?:$|\n|[,(\-|]))")
            # written compact: "BTech", "btech"; compact forms that are also words ("March", "Bed") keep their case
            if letters.lower() in _COMPACT_WORDS:
                strict.append(re.escape(letters) + r"\.?")
            else:
                loose.append(re.escape(letters) + r"\.?")
    loose.sort(key=len, reverse=True)
    strict.sort(key=len, reverse=True)
    # "Board of Secondary Education" names an examining board, not a degree
    edge_l, edge_r = r"(?<![A-Za-z0-9])(?<!board of )(?<!Board of )(?<!BOARD OF )(?<!council of )(?<!Council of )", r"(?![A-Za-z0-9])"
    rx_loose = re.compile(rf"{edge_l}(?:{'|'.join(loose)}){edge_r}", re.IGNORECASE)
    rx_strict = re.compile(rf"{edge_l}(?:{'|'.join(strict)}){edge_r}")
    return rx_loose, rx_strict, levels


def _norm(s: str) -> str:
    return _NOT_KEY_CHARS_RX.sub("", s.lower())


@functools.lru_cache(maxsize=1)
def _levels_by_head() -> dict[str, str]:
    return {"bachelor": "bachelor", "master": "master", "doctor": "doctorate", "associate": "associate"}


def _level_of(degree: str) -> str | None:
    _, _, levels = _degree_regex()
    key = _norm(degree)
    if key in levels:
        return levels[key]
    low = degree.lower()
    for head, level in _levels_by_head().items():
        if low.startswith(head):
            return level
    # "Bachelor of Engineering" is stored whole, "B.Tech." with a dot
    return levels.get(key.rstrip("."), None)


def degree_level(degree: str) -> str | None:
    """The level (one of `EDUCATION_LEVELS`) of a degree as written ("B.Tech", "Master's degree"), if known."""
    return _level_of(degree)


@functools.lru_cache(maxsize=1)
def _degree_first_words() -> tuple[frozenset[str], frozenset[str]]:
    """The first word (as `WORD_RX` cuts words) of every way a degree can be written: lower-cased for the degrees
    matched in any case, as written for the case-sensitive ones ("A.S", "MS"), so "as" and "ms" pass."""
    loose: set[str] = set()
    exact: set[str] = set()
    for row in load_rules("degrees"):
        pattern = row["pattern"]
        forms = WORD_RX.findall(pattern)[:1]
        if row["kind"] != "phrase":
            forms += WORD_RX.findall("".join(g for g in re.split(r"[.\s]+", pattern) if g))[:1]
        for form in forms:
            if row.get("case_sensitive") or form.lower() in _COMPACT_WORDS:
                exact.add(form)
            else:
                loose.add(form.lower())
    return frozenset(loose), frozenset(exact)


def find_degree(text: str, start: int, end: int) -> tuple[int, int] | None:
    # The degree pattern is a long alternation that Python's regex engine tries at every position: a line
    # without any word a degree can start with is passed over after one cheap look at its words.
    loose, exact = _degree_first_words()
    for m in WORD_RX.finditer(text, start, end):
        w = m.group()
        if w in exact or w.lower() in loose:
            # a one-character word ("B" of "B.Tech", "a") counts only in capitals or with its dot or dash
            if len(w) > 1 or w.isupper() or text[m.end():m.end() + 1] in (".", "-", "+", "/"):
                break
    else:
        return None
    rx_loose, rx_strict, _ = _degree_regex()
    hits = []
    for rx in (rx_loose, rx_strict):
        found = rx.search(text, start, end)
        if found:
            hits.append((found.start(), -(found.end() - found.start()), found.end()))
    if not hits:
        return None
    s, _, e = min(hits)
    while e > s and text[e - 1] in " \t":
        e -= 1
    return s, e






def _only_keywords(s: str) -> bool:
    """"University / Board", "Institute": a column heading, not a name."""
    words = institution_words()
    return all(w.lower() in words or w.lower() in ("of", "and", "the", "name") for w in WORD_RX.findall(s))


def _trim(text: str, start: int, end: int) -> TextSpan | None:
    while start < end and text[start] in _EDGE_CHARS:
        start += 1
    while end > start and text[end - 1] in _EDGE_CHARS and not (text[end - 1] == "." and _is_abbrev_end(text, start, end)):
        end -= 1
    if end <= start or not any(c.isalpha() for c in text[start:end]):
        return None
    return TextSpan(text[start:end], start, end)


def _is_abbrev_end(text: str, start: int, end: int) -> bool:
    # keep the final dot of "Univ." and of initials ("B.v.b.")
    word = text[max(start, end - 6):end]
    return bool(_ABBREV_END_RX.search(word))


# "Degree at Institution" (JSON Resume's stackoverflow theme) splits at "at", unless what comes before already
# names a school
_INSTITUTION_BEFORE_AT_RX = re.compile(r"\b(?:universit\w*|college|institut\w*|school|academy|polytechnic)\b", re.IGNORECASE)


def _segments(text: str, start: int, end: int) -> list[TextSpan]:
    out = []
    pos = start
    for m in _SPLIT_RX.finditer(text, start, end):
        if m.group("at") and _INSTITUTION_BEFORE_AT_RX.search(text, pos, m.start()):
            continue  # "University of Texas at Austin" is one name; "B.Tech at IIT Madras" is two things
        span = _trim(text, pos, m.start())
        if span:
            out.append(span)
        pos = m.end()
    span = _trim(text, pos, end)
    if span:
        out.append(span)
    return out


@functools.lru_cache(maxsize=1)
def _place_codes() -> frozenset[str]:
    """State and country codes that may open a school's line ("IN Jagiroad College"), lower case."""
    return frozenset({c.lower() for c in words_by_label("places").get("state_code", ())} | {"in", "us", "usa", "uk"})


def _strip_leading_places(text: str, seg: TextSpan) -> TextSpan:
    """"Maharashtra Pune University" after "Pune," → "Pune University"; "IN Jagiroad College" → "Jagiroad College"."""
    places = lexicon("places", "country", "state", "city")
    codes = _place_codes()
    current = seg
    for _ in range(3):
        words = list(WORD_RX.finditer(current.text))
        if len(words) < 3:
            break
        found = places.find(current.text)
        cut = None
        if found and found[0][0] == 0:
            cut = found[0][1]
        elif words[0].group().isupper() and words[0].group().lower() in codes:
            cut = words[0].end()
        if cut is None:
            break
        rest = _trim(text, current.start + cut, current.end)
        if rest is None or len(WORD_RX.findall(rest.text)) < 2 or not has_institution_word(rest.text):
            break
        current = rest
    return current


def _institution_in(text: str, start: int, end: int, exclude: list[tuple[int, int]]) -> TextSpan | None:
    """The institution named in text[start:end], outside the `exclude` spans (degree, dates)."""
    pieces = []
    pos = start
    for s, e in sorted(exclude):
        if s >= pos and e <= end:
            pieces.append((pos, s))
            pos = e
    pieces.append((pos, end))
    segs: list[TextSpan] = []
    for s, e in pieces:
        segs.extend(_segments(text, s, e))
    for i, seg in enumerate(segs):
        if has_institution_word(seg.text):
            if len(seg.text.split()) > 12 or _only_keywords(seg.text) or is_sentence_piece(seg.text):
                continue
            previous_is_place = i > 0 and bool(lexicon("places", "country", "state", "city").find(segs[i - 1].text))
            tail = _PLACEHOLDER_TAIL_RX.search(text, seg.start, seg.end)
            if tail and tail.start() > seg.start:
                seg = _trim(text, seg.start, tail.start()) or seg
            seg = _strip_leading_places(text, seg) if previous_is_place or i == 0 else seg
            return _school_name(text, seg)
    return None


_PLACEHOLDER_TAIL_RX = re.compile(r"(?:\s*,?\s+(?-i:City|State))+\s*$")
_LEADING_NUMBER_RX = re.compile(r"^(?:\d[\d.,/\-]*\s+)+(?=[A-Za-z])")


# field words that also open schools' own names ("Public Inter College", "Hr. Sec. School", "General University")
_SCHOOL_NAME_WORDS = frozenset(
    "public hr general international national central modern new state city home technical applied pure hindi "
    "english marine industrial power".split()
)


def _school_name(text: str, seg: TextSpan) -> TextSpan | None:
    """The school's name alone: without the "City , State" of an anonymised resume ("Kaplan University City"),
    a year run into it ("2004 S.I.E.S College"), or the field of study printed before it
    ("Sociology Stony Brook University", "Business Administration Baker University")."""
    s, e = seg.start, seg.end
    tail = _PLACEHOLDER_TAIL_RX.search(text, s, e)
    if tail and tail.start() > s:
        e = tail.start()
    lead = _LEADING_NUMBER_RX.match(text, s, e)
    if lead:
        s = lead.end()
    words = list(WORD_RX.finditer(text, s, e))
    fields = _field_words() - _SCHOOL_NAME_WORDS
    k = 0
    while k < len(words) and words[k].group().lower() in fields and not has_institution_word(words[k].group()):
        k += 1
    if 0 < k < len(words) - 1:
        first = words[k].group()
        # what follows must be the school's own name ("Stony Brook University"), not "University of …"
        if first[:1].isupper() and not has_institution_word(first) and first.lower() not in ("of", "and", "the"):
            s = words[k].start()
    return _trim(text, s, e) or seg


@functools.lru_cache(maxsize=1)
def _subject_regex() -> re.Pattern[str]:
    subjects = sorted((row["pattern"] for row in load_rules("degree_subjects") if row["label"] == "subject"), key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, s.split())) for s in subjects)
    return re.compile(rf"\s+(?:{body})(?:\s+(?:and|&)\s+(?:{body}))?(?![\w])", re.IGNORECASE)


@functools.lru_cache(maxsize=1)
def _field_words() -> frozenset[str]:
    words: set[str] = set()
    for row in load_rules("degree_subjects"):
        words.update(w.lower() for w in WORD_RX.findall(row["pattern"]))
    return frozenset(words)


def field_words() -> frozenset[str]:
    """The words fields of study are made of ("computer", "science", "accounting"), lower-cased."""
    return _field_words()


_FIELD_JOIN = frozenset(("and", "&", "of", "with"))
_FIELD_GAP_RX = re.compile(r"[ \t]{1,3}(?:[&/\-][ \t]{0,2})?")


def _field_words_after(text: str, start: int, end: int) -> TextSpan | None:
    """"B.E. Electronics Mumbai", "BSc Computer Science, Delhi": the run of field-of-study words right after a
    degree written without "in". The run stops at the first other word (a place, a school's name); a run that
    runs into "College"/"University" is the start of the school's name, not a field."""
    words = _field_words()
    pos = start
    last_end = None
    count = 0
    while pos < end:
        gap = _FIELD_GAP_RX.match(text, pos, end)
        if not gap and count:
            break
        word_at = gap.end() if gap else pos
        m = WORD_RX.match(text, word_at, end)
        if not m:
            break
        w = m.group()
        low = w.lower()
        if low in _FIELD_JOIN and count:
            pos = m.end()
            continue
        # short field words only as written in capitals ("CSE", "IT"): "it", "me" are English words
        if low not in words or (len(w) <= 3 and not w.isupper()):
            if count and last_end is not None and has_institution_word(w) and text[last_end:m.start()].strip() == "":
                return None
            break
        count += 1
        last_end = m.end()
        pos = m.end()
    if not count or last_end is None:
        return None
    last_end = _subject_name_end(text, last_end, end)
    span = _trim(text, start, last_end)
    if span is None or {w.lower() for w in WORD_RX.findall(span.text)} <= _FIELD_MODIFIERS:
        return None  # "B Tech Honors": how the degree was taken, not its field
    return span


_NAME_RUN_RX = re.compile(r"[ \t](?:&[ \t])?[A-Z][A-Za-z&'\-]*")


def _subject_name_end(text: str, pos: int, end: int) -> int:
    """Where a subject that opened with known field words ends: "Business" + "Analytics", "Data" + "Science and
    Engineering". Capitalised words after it belong to it, unless they run into a school's name ("Computer
    Science Anna University") or name a place ("Electronics Mumbai")."""
    words = []
    at = pos
    while True:
        m = _NAME_RUN_RX.match(text, at, end)
        if not m:
            break
        words.append(m)
        at = m.end()
    if not words or any(has_institution_word(m.group()) for m in words):
        return pos
    places = lexicon("places", "country", "state", "city")
    kept = pos
    for m in words:
        if places.find(m.group().strip(" \t&")):
            break
        kept = m.end()
    return kept


_FIELD_MODIFIERS = frozenset("honours honors general pure applied theoretical and of with".split())


def _field_after(text: str, degree_end: int, end: int) -> TextSpan | None:
    lead = _FIELD_LEAD_RX.match(text, degree_end, end)
    if not lead or lead.end() == degree_end:
        # no "in"/"of"/":" after the degree: a subject name right after it is its field ("B.Sc Statistics",
        # "B.E. Electronics Mumbai")
        subject = _subject_regex().match(text, degree_end, end)
        if subject:
            following = WORD_RX.match(text, subject.end() + 1, end) if text[subject.end():subject.end() + 1] == " " else None
            if following and has_institution_word(following.group()):
                return None  # "B.Sc Science College, Pune": the school's name
            return _trim(text, subject.start(), _subject_name_end(text, subject.end(), end))
        return _field_words_after(text, degree_end, end)
    stop = _FIELD_STOP_RX.search(text, lead.end(), end)
    stop_at = stop.start() if stop else end
    span = _trim(text, lead.end(), stop_at)
    if span is not None and has_institution_word(span.text):
        # "Accounting Kaplan University": a known subject, then the school
        subject = _subject_regex().match(text, span.start - 1, span.end) if span.start > 0 else None
        span = _trim(text, subject.start(), subject.end()) if subject else None
    if span is None or len(span.text.split()) > 8:
        return None
    if find_degree(text, span.start, span.end):
        return None
    return span


def read_education(layout: Layout, today: datetime.date) -> tuple[Education, ...]:
    text = layout.text
    sections = layout.sections_named("education")
    entries: list[_Entry] = []
    for section in sections:
        body = section.heading.end if section.heading else section.start
        entries.extend(_section_entries(layout, _unwrapped(text, layout.lines_between(body, section.end)), today))
    if not sections:
        # no education heading: take lines that name both a degree and an institution
        lines = [ln for ln in layout.lines if layout.section_at(ln.start) not in ("experience", "projects", "skills")]
        # (a degree line is short; the big degree pattern is not run over paragraphs)
        lines = [ln for ln in lines if len(ln.text) <= 250 and has_institution_word(ln.text) and find_degree(text, ln.start, ln.end)]
        entries.extend(_section_entries(layout, lines, today))
    out = []
    for e in entries:
        if e.degree is None and e.institution is None:
            continue
        out.append(Education(e.degree, e.level, e.field, e.institution, e.year, e.year_span, e.start, e.end))
    return tuple(out)


_WRAP_END_RX = re.compile(r"(?:^|\s)(?:of|and|&|for|de|the|in)$", re.IGNORECASE)


def _unwrapped(text: str, lines: list[Line]) -> list[Line]:
    """Lines with a name wrapped over two joined back into one: "Kwame Nkrumah University of" / "Science and
    Technology" in a narrow sidebar column. A line ending in "of", "and" or "&" does not end a name; the next
    line, starting with a capital, carries the rest."""
    out: list[Line] = []
    for line in lines:
        previous = out[-1] if out else None
        if (
            previous is not None
            and _WRAP_END_RX.search(previous.text)
            and line.text[:1].isupper()
            and not line.blank_before
            and len(previous.text) + len(line.text) <= 160
        ):
            out[-1] = Line(previous.index, previous.start, line.end, text[previous.start:line.end], previous.blank_before)
        else:
            out.append(line)
    return out


def _section_entries(layout: Layout, lines: list[Line], today: datetime.date) -> list[_Entry]:
    text = layout.text
    entries: list[_Entry] = []
    cur: _Entry | None = None
    pending_year: tuple[int, TextSpan] | None = None
    previous_line_degree_only = False
    for n, line in enumerate(lines):
        if len(line.text) > 250:
            previous_line_degree_only = False
            continue
        s, e = line.start, line.end
        b = BULLET_RX.match(line.text)
        if b:
            s += b.end()
        exclude: list[tuple[int, int]] = []
        year = None
        ranges = find_ranges(text, today, s, e)
        if ranges:
            r = ranges[-1]
            exclude.extend((x.span_start, x.span_end) for x in ranges)
            if not r.end.present:
                year = (r.end.year, TextSpan(r.end.text, r.end.start, r.end.end))
        else:
            dates = find_dates(text, today, s, e)
            if dates:
                d = dates[-1]
                exclude.extend((x.start, x.end) for x in dates)
                year = (d.year, TextSpan(d.text, d.start, d.end))
        degree_at = find_degree(text, s, e)
        degree = field = level = None
        school = _school_named_after_degree(text, s, e, degree_at) if degree_at else None
        if school is not None:
            degree_at = None  # "Padmavani High School", "MS University": the degree's words name the school
        if degree_at:
            level = _level_of(text[degree_at[0]:degree_at[1]])
            field = _field_after(text, degree_at[1], e)
            if field:
                exclude.append((field.start, field.end))
            # the degree with all its words: "PGDM Business Analytics", "B.E in Production Engineering"
            degree_end = field.end if field is not None and _joins_degree(text, degree_at[1], field.start) else degree_at[1]
            degree = TextSpan(text[degree_at[0]:degree_end], degree_at[0], degree_end)
            exclude.append(degree_at)
        if degree is None and school is None:
            # a subject alone on its line, right over a school's line ("Electrical and Electronics Engineering" /
            # "Anurag College of Engineering") is the degree as the resume names it, its level unsaid
            following = lines[n + 1] if n + 1 < len(lines) else None
            subject = _subject_alone(text, s, e) if following is not None and has_institution_word(following.text) else None
            if subject is not None:
                degree = field = subject
                exclude.append((subject.start, subject.end))
        institution = school or _institution_in(text, s, e, exclude)
        if (
            institution is None and not degree and cur is not None and cur.degree is not None
            and cur.institution is None and previous_line_degree_only and line.blank_before
        ):
            # Indeed: the line under a degree, set apart by a blank line, is its school ("Woodbine modern school -
            # Pune, Maharashtra"); a line right under it without a gap is something else, such as the headline of
            # a Kaggle export ("Data Science internship")
            institution = _positional_institution(text, line, exclude)
        starts_entry = False
        if degree is not None:
            starts_entry = cur is None or cur.degree is not None
        elif institution is not None:
            starts_entry = cur is None or cur.institution is not None
        if starts_entry:
            cur = _Entry(start=line.start, end=line.end)
            entries.append(cur)
            if pending_year and year is None:
                year, pending_year = pending_year, None
        if cur is not None and (degree or institution or year):
            cur.end = max(cur.end, line.end)
        if degree is not None and cur is not None:
            cur.degree, cur.field, cur.level = degree, field, level
            cur.degree_line = line.index
        if institution is not None and cur is not None and cur.institution is None:
            cur.institution = institution
        if year is not None:
            if cur is not None and cur.year is None and (degree or institution or not starts_entry):
                cur.year, cur.year_span = year
            elif cur is None or cur.year is not None:
                pending_year = year  # a date line above the entry it belongs to
        previous_line_degree_only = degree is not None and institution is None
    return entries


# what may stand between a degree and its field when both are one name: "in", "of", a colon, spaces (not a comma,
# a dash or a bracket: those part the degree from a place, a school or a remark, "Secondary - Orissa")
_DEGREE_FIELD_GAP_RX = re.compile(r"[ \t]*(?:(?:in|of|majoring\s+in|major\s+in|speciali[sz]ation\s+in)\b|:)?[ \t]*$", re.IGNORECASE)


def _joins_degree(text: str, degree_end: int, field_start: int) -> bool:
    """Whether the field follows its degree on the line with at most a linking word: "B.E in Production
    Engineering", "M.Sc. (Statistics", "PGDM Business Analytics"."""
    return field_start - degree_end <= 16 and bool(_DEGREE_FIELD_GAP_RX.match(text[degree_end:field_start]))


def _subject_alone(text: str, start: int, end: int) -> TextSpan | None:
    span = _trim(text, start, end)
    if span is None or not span.text[:1].isupper() or has_institution_word(span.text):
        return None
    words = [w.lower() for w in WORD_RX.findall(span.text)]
    subject_words = [w for w in words if w not in _FIELD_JOIN]
    # every word a word of a known subject ("Electrical and Electronics Engineering"), not a sentence
    if not subject_words or len(words) > 8 or not all(w in _field_words() for w in subject_words):
        return None
    return span


def _school_named_after_degree(text: str, start: int, end: int, degree_at: tuple[int, int]) -> TextSpan | None:
    """The school, when a degree's words are part of its name: "Padmavani High School", "MS University",
    "AG&SGS Intermediate College", "Sri Kanna Matriculation Higher Secondary School".

    Such a name has the degree words right before a school word, or other words of the name before the degree
    (a degree opening its piece of the line, "B.Tech Anna University", is the degree, then the school)."""
    pieces = _segments(text, start, end)
    piece = next((p for p in pieces if p.start <= degree_at[0] and degree_at[1] <= p.end), None)
    if piece is None:
        return None
    words = list(WORD_RX.finditer(text, degree_at[1], piece.end))
    degree_words = WORD_RX.findall(text[degree_at[0]:degree_at[1]])
    directly = bool(words) and has_institution_word(words[0].group()) and not text[degree_at[1]:words[0].start()].strip()
    inside = has_institution_word(degree_words[-1]) if degree_words else False  # "High School"
    before = WORD_RX.findall(text[piece.start:degree_at[0]])
    # words of a name before the degree: capitalised words, not a date ("January 2012 CBSE")
    named_before = bool(before) and before[0][:1].isupper() and all(w.isalpha() and not is_date_word(w) for w in before) and (inside or any(has_institution_word(w.group()) for w in words))
    if not (directly or named_before):
        return None
    if directly and not before and text[degree_at[0]:degree_at[1]].rstrip(".").lower() in _DEGREE_ALONE:
        return None  # "Bachelor University": no school is named so
    return _school_name(text, piece)


# degree words that never open a school's name (with only a school word after them, they are the degree
# and a heading's word)
_DEGREE_ALONE = frozenset(("bachelor", "bachelors", "master", "masters", "doctorate", "degree"))


def _positional_institution(text: str, line: Line, exclude: list[tuple[int, int]]) -> TextSpan | None:
    m = _INDEED_INSTITUTION_RX.match(line.text)
    start, end = line.start, line.end
    if m:
        end = line.start + m.end("org")
    span = _trim(text, start, end)
    if span is None or exclude and any(s < span.end and span.start < e for s, e in exclude):
        return None
    words = WORD_RX.findall(span.text)
    if not 1 <= len(words) <= 10 or span.text.endswith("."):
        return None
    if words[-1].lower() in word_set("title_words", "title_head"):
        return None
    return span
