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
        chunk = layout.text[section.start:section.end]
        low = chunk.lower()
        if "year" not in low and "yrs" not in low and "month" not in low:
            continue
        for rx in (_STATED_A_RX, _STATED_B_RX):
            for m in rx.finditer(chunk):
                raw = m.group("n").lower()
                years: float | None = _NUMBER_WORDS.get(raw)
                if years is None:
                    years = float(raw)
                if m.group("unit").lower().startswith("m"):
                    if not 0 < years <= 600:
                        continue
                    months = round(years)
                else:
                    if not 0 < years <= 50:
                        continue
                    months = round(years * 12) + int(m.group("mo") or 0)
                best = months if best is None else max(best, months)
    return best
