"""Dates and date ranges as resumes write them ("Jan 2019 – Present", "03/2018 to 06/2020", "Nov '18",
"2017-19", "since Jan '2012") and the months they cover.

One compiled regex finds every date and range in a pass over the text; month and "present" words come
from `patterns/date_words.jsonl`. All repetitions are bounded so the scan stays linear.
"""
from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass

from screening.nlp.facts import DateValue
from screening.nlp.rules import load_rules

_YEAR = r"(?:19[4-9]\d|20[0-6]\d)"


@dataclass(frozen=True, slots=True)
class DateRange:
    start: DateValue
    end: DateValue
    # offsets of the whole range text ("Jan 2019 - Present")
    span_start: int
    span_end: int

    @property
    def months(self) -> int:
        return interval_months(month_interval(self.start, self.end))


@functools.lru_cache(maxsize=1)
def _words() -> tuple[dict[str, int], tuple[str, ...]]:
    months: dict[str, int] = {}
    present: list[str] = []
    for row in load_rules("date_words"):
        if row["label"] in ("month", "season"):
            months[row["pattern"]] = row["month"]
        elif row["label"] == "present":
            present.append(row["pattern"])
    return months, tuple(present)


def _alternation(words) -> str:
    return "|".join(r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True))


@functools.lru_cache(maxsize=1)
def _regexes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    months, present = _words()
    month = rf"(?:{_alternation(months)})"
    # one date: "Jan 2019", "January, 2019", "Jan-2014", "Nov '18", "Jan'2012", "03/2018", "2018-03", "2018-03-15",
    # "2019"
    date = (
        rf"(?:{month}\.?(?:\s{{0,2}}\d{{1,2}}(?:st|nd|rd|th)?,)?[\s,'\u2019\-/.]{{0,3}}(?:{_YEAR}|['\u2019]\d{{2}})"
        rf"|(?:0?[1-9]|1[0-2])\s?[/\-]\s?{_YEAR}|(?:0[1-9]|1[0-2])\.{_YEAR}"
        rf"|\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]{_YEAR}"
        rf"|{_YEAR}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])(?![\d/.\-])"  # ISO 8601 "2021-04-01" (JSON Resume)
        rf"|{_YEAR}(?:[/.\-](?:0[1-9]|1[0-2])(?![\d/.\-]))?)"
    )
    now = rf"(?:{_alternation(present)})"
    sep = r"\s{0,3}(?:-{1,2}|\u2013|\u2014|\u2212|~|to|till|until|through|thru|up\s?to)\s{0,3}"
    edge_l = r"(?<![\w/.])(?<!\w-)"  # "-Sep 2014" at a line start is fine, "555-2017" is not a date
    edge_r = r"(?![\w/])"
    rx_range = re.compile(
        rf"{edge_l}(?:(?:since|from)\s+)?(?P<a>{date}){sep}(?P<b>{date}|{now}){edge_r}"
        # "2021-04-01 —" ending the line: a current role whose template prints no "Present" (JSON Resume themes)
        rf"|{edge_l}(?P<o>{date})[ \t]{{0,3}}[\u2013\u2014][ \t]*(?=\n|$)"
        rf"|{edge_l}(?P<ya>{_YEAR})\s?[-\u2013]\s?(?P<yb>\d{{2}})(?![\w/])"
        rf"|{edge_l}since\s+(?P<s>{date}){edge_r}",
        re.IGNORECASE,
    )
    rx_date = re.compile(rf"{edge_l}{date}{edge_r}", re.IGNORECASE)
    rx_parts = re.compile(
        rf"(?P<mon>{month})|(?P<y4>{_YEAR})|['\u2019](?P<y2>\d{{2}})(?!\d)|(?P<num>\d{{1,2}})|(?P<now>{now})",
        re.IGNORECASE,
    )
    return rx_range, rx_date, rx_parts


def parse_date(text: str, start: int, end: int, today: datetime.date) -> DateValue | None:
    """The `DateValue` of `text[start:end]` (one date as matched by the scanner)."""
    months, _ = _words()
    _, _, parts = _regexes()
    piece = text[start:end]
    year = month = None
    numbers: list[int] = []
    for m in parts.finditer(piece):
        if m.group("now"):
            if year is None and month is None and not numbers:
                return DateValue(piece, start, end, today.year, today.month, True)
        elif m.group("mon"):
            month = months.get(_SPACE.sub(" ", m.group("mon").lower()))
        elif m.group("y4"):
            year = int(m.group("y4"))
        elif m.group("y2"):
            yy = int(m.group("y2"))
            year = 2000 + yy if yy <= (today.year % 100) + 1 else 1900 + yy
        elif m.group("num"):
            numbers.append(int(m.group("num")))
    if year is None:
        return None
    if month is None and numbers:
        # "03/2018" → month 3; "15/03/2018" or "03/15/2018" → whichever of the two can be a month
        if len(numbers) == 1:
            month = numbers[0] if 1 <= numbers[0] <= 12 else None
        else:
            a, b = numbers[0], numbers[1]
            month = b if 1 <= b <= 12 and a > 12 else (a if 1 <= a <= 12 else (b if 1 <= b <= 12 else None))
    return DateValue(piece, start, end, year, month, False)


_SPACE = re.compile(r"\s+")


_YEAR_HINT_RX = re.compile(r"(?:19|20)\d\d|['\u2019]\d\d")


def _dated_lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The lines of text[start:end] that hold a year: the only places a date can be.

    The full date pattern cannot use the regex engine's literal-prefix scan, so it runs only there.
    """
    spans: list[tuple[int, int]] = []
    pos = start
    while True:
        m = _YEAR_HINT_RX.search(text, pos, end)
        if not m:
            return spans
        left = max(text.rfind("\n", start, m.start()) + 1, start)
        right = text.find("\n", m.end(), end)
        right = end if right < 0 else right
        # "August 2014\nto\nOctober 2015": a short date line may continue on the next two lines
        for _ in range(2):
            if right >= end or right - left > 40:
                break
            following = text.find("\n", right + 1, end)
            right = end if following < 0 else following
        spans.append((left, right))
        pos = right + 1


def find_ranges(text: str, today: datetime.date, start: int = 0, end: int | None = None) -> list[DateRange]:
    """Every date range in `text[start:end]`, left to right; ranges that end before they start are dropped."""
    rx_range, _, _ = _regexes()
    end = len(text) if end is None else end
    out = []
    for m in (m for s, e in _dated_lines(text, start, end) for m in rx_range.finditer(text, s, e)):
        if m.group("a"):
            a = parse_date(text, m.start("a"), m.end("a"), today)
            b = parse_date(text, m.start("b"), m.end("b"), today)
        elif m.group("ya"):
            a = parse_date(text, m.start("ya"), m.end("ya"), today)
            yy = int(m.group("yb"))
            century = int(m.group("ya")) // 100 * 100
            b_year = century + yy
            if a is None or not (a.year < b_year <= a.year + 10):
                continue  # "2014-15" is a range; "2014-02" was read as a month above, "2019-12" is not
            b = DateValue(m.group("yb"), m.start("yb"), m.end("yb"), b_year, None, False)
        else:
            opening = "s" if m.group("s") else "o"
            a = parse_date(text, m.start(opening), m.end(opening), today)
            b = DateValue("", m.end(opening), m.end(opening), today.year, today.month, True)
        if a is None or b is None:
            continue
        if (b.year, b.month or 12) < (a.year, a.month or 1):
            continue
        if (a.year, a.month or 1) > (today.year, today.month):
            continue  # starts after the reference date: a role to come is not experience yet
        out.append(DateRange(a, _until(b, a, today), m.start(), m.end()))
    return out


def _until(end: DateValue, start: DateValue, today: datetime.date) -> DateValue:
    """An end date after the reference date ("Jan 2024 - Dec 2029" read in June 2025) counts up to the
    reference month: months not yet lived are not experience."""
    if end.present or (end.year, end.month or 6) <= (today.year, today.month):
        return end
    return DateValue(end.text, end.start, end.end, today.year, today.month, False)


def find_dates(text: str, today: datetime.date, start: int = 0, end: int | None = None) -> list[DateValue]:
    """Every single date (not "present") in `text[start:end]`."""
    _, rx_date, _ = _regexes()
    end = len(text) if end is None else end
    out = []
    for m in (m for s, e in _dated_lines(text, start, end) for m in rx_date.finditer(text, s, e)):
        value = parse_date(text, m.start(), m.end(), today)
        if value is not None:
            out.append(value)
    return out


def month_interval(start: DateValue, end: DateValue) -> tuple[int, int]:
    """[first, last) as absolute month numbers (year*12 + month-1), both ends counted.

    A bare year is read as its middle: "2017-2019" is about 24 months, as a recruiter reads it, not 36;
    "Present" counts the current month. Every dated role covers at least one month.
    """
    first = start.year * 12 + ((start.month - 1) if start.month else 6)
    last = end.year * 12 + (end.month if end.month else 6)
    if not start.month:
        first = min(first, last - 1)  # a bare year's middle is a guess: never after the end
    return first, max(last, first + 1)


def interval_months(interval: tuple[int, int]) -> int:
    return max(0, interval[1] - interval[0])


def merged_months(intervals) -> int:
    """Months covered by the union of [first, last) intervals (overlapping roles counted once)."""
    total = 0
    current = None
    for first, last in sorted(intervals):
        if current is None or first > current[1]:
            if current is not None:
                total += current[1] - current[0]
            current = [first, last]
        else:
            current[1] = max(current[1], last)
    if current is not None:
        total += current[1] - current[0]
    return total
