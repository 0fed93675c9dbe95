"""The experience a resume states in words ("5+ years of experience"), next to what its dated roles add up to."""
from __future__ import annotations

import re

from screening.nlp.layout import Layout

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20,
}
_NUM = r"(?:\d{1,2}(?:\.\d{1,2})?|" + "|".join(_NUMBER_WORDS) + ")"

# "5+ years of experience", "over 3 years' experience in", "6.8 years of IT experience", "2 years and 4 months
# experience", "six month experience in Data Science"
_STATED_A_RX = re.compile(
    rf"(?<!less than )(?<![\w.])(?P<n>{_NUM})[ \t]*\+?[ \t]*(?P<unit>years?|yrs?|months?)['\u2019]?\.?(?:[ \t]*(?:and[ \t]*)?(?P<mo>\d{{1,2}})[ \t]*months?)?"
    rf"[ \t]*(?:of[ \t]+)?(?:[A-Za-z&/\-]+[ \t]+){{0,4}}?(?:experience|exp\b)",
    re.IGNORECASE,
)

# "Total experience: 6 years", "experience of over 4 years", "experience of 8 months"
_STATED_B_RX = re.compile(
    rf"\bexperience\s*(?:of|:|-|\u2013)?\s*(?:over|more\s+than|nearly|about|around|approximately|almost)?\s*(?P<n>{_NUM})\s*\+?\s*(?P<unit>years?|yrs?|months?)(?:\s*(?:and\s*)?(?P<mo>\d{{1,2}})\s*months?)?",
    re.IGNORECASE,
)


def stated_experience_months(layout: Layout) -> int | None:
    """The largest "N years of experience" stated outside the role descriptions, in months."""
    best = None
    for section in layout.sections:
        if section.name not in ("header", "summary", "skills", "other"):
            continue
        for _, _, months in experience_statements(layout.text, section.start, section.end):
            best = months if best is None else max(best, months)
    return best


def experience_statements(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, int]]:
    """Every "N years of experience" in `text[start:end]`, as (start, end, months), in text order."""
    chunk = text[start:end]
    low = chunk.lower()
    if "year" not in low and "yrs" not in low and "month" not in low:
        return []
    found = []
    for rx in (_STATED_A_RX, _STATED_B_RX):
        for m in rx.finditer(chunk):
            months = _months(m.group("n"), m.group("unit"), m.group("mo"))
            if months:
                found.append((start + m.start(), start + m.end(), months))
    return sorted(found)


# "5+ years", "3-5 years", "two years'", "five (5) years", "3 or more years", "18 months": a period, with or
# without "experience" after it (a job description writes "5+ years of Python"); of a range, the lower bound is
# the minimum asked for.
_PERIOD_RX = re.compile(
    rf"(?<![\w.])(?P<n>{_NUM})(?:[ \t]*\(\d{{1,2}}\))?(?:[ \t]*(?:-|\u2013|to)[ \t]*{_NUM})?(?:[ \t]+or[ \t]+more)?"
    rf"[ \t]*\+?[ \t]*(?P<unit>years?|yrs?|months?)(?![\w])(?:['\u2019]s?)?",
    re.IGNORECASE,
)
# what makes a period one of experience: "… years of professional experience", "… years' experience in"
_EXPERIENCE_AFTER_RX = re.compile(r"[ \t]*(?:of[ \t]+)?(?:[A-Za-z&/\-]+[ \t]+){0,4}?(?:experience|exp\b)", re.IGNORECASE)


def stated_periods(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, int]]:
    """Every period of time stated in `text[start:end]` ("5+ years", "3-5 yrs", "six months"), as (start, end,
    months), in text order."""
    found = []
    for m in _PERIOD_RX.finditer(text, start, len(text) if end is None else end):
        months = _months(m.group("n"), m.group("unit"), None)
        if months:
            found.append((m.start(), m.end(), months))
    return found


def experience_periods(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, int]]:
    """The periods of `text[start:end]` that are of experience ("3 or more years of relevant experience"), as
    (start, end, months) with `end` after the word "experience"."""
    stop = len(text) if end is None else end
    found = []
    for s, e, months in stated_periods(text, start, stop):
        tail = _EXPERIENCE_AFTER_RX.match(text, e, stop)
        if tail:
            found.append((s, tail.end(), months))
    return found


def _months(number: str, unit: str, extra_months: str | None) -> int | None:
    """Months of "N years" / "N months" (None for a number no one means: 0, or over 50 years)."""
    raw = number.lower()
    amount: float | None = _NUMBER_WORDS.get(raw)
    if amount is None:
        amount = float(raw)
    if unit.lower().startswith("m"):
        return round(amount) if 0 < amount <= 600 else None
    if not 0 < amount <= 50:
        return None
    return round(amount * 12) + int(extra_months or 0)
