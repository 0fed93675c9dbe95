"""Dates and ranges as resumes write them, and the months they cover."""
from __future__ import annotations

import datetime

import pytest

from screening.nlp.dates import find_dates, find_ranges, merged_months, month_interval

TODAY = datetime.date(2026, 11, 15)


def one_range(text: str):
    ranges = find_ranges(text, TODAY)
    assert len(ranges) == 1, ranges
    r = ranges[0]
    assert text[r.start.start:r.start.end] == r.start.text
    assert text[r.end.start:r.end.end] == r.end.text
    return r


@pytest.mark.parametrize(
    "text, start, end, present, months",
    [
        ("Jan 2019 – Present", (2019, 1), (2026, 11), True, 95),
        ("January 2019 - Current", (2019, 1), (2026, 11), True, 95),
        ("2017-2019", (2017, None), (2019, None), False, 24),
        ("2017 – present", (2017, None), (2026, 11), True, 113),
        ("03/2018 to 06/2020", (2018, 3), (2020, 6), False, 28),
        ("April 2016 to Present", (2016, 4), (2026, 11), True, 128),
        ("Nov '18 - Mar '20", (2018, 11), (2020, 3), False, 17),
        ("Jan'2012 - Dec'2013", (2012, 1), (2013, 12), False, 24),
        ("Jan-2014 to Jun-2015", (2014, 1), (2015, 6), False, 18),
        ("Sep 2015- Oct 2016", (2015, 9), (2016, 10), False, 14),
        ("2012-14", (2012, None), (2014, None), False, 24),
        ("(2015–2018)", (2015, None), (2018, None), False, 36),
        ("Sept. 2010 through May 2011", (2010, 9), (2011, 5), False, 9),
        ("July '17 - Till Date", (2017, 7), (2026, 11), True, 113),
        ("since Jan '2012", (2012, 1), (2026, 11), True, 179),
    ],
)
def test_ranges(text, start, end, present, months):
    r = one_range(text)
    assert (r.start.year, r.start.month) == start
    assert (r.end.year, r.end.month) == end
    assert r.end.present is present
    assert r.months == months


@pytest.mark.parametrize(
    "text",
    [
        "phone 555-2017-2019",  # digits of a phone number
        "March 2018 to April 2016",  # ends before it starts
        "version 2.2017-2019",
        "in 2019 we shipped",  # a lone year is a date, not a range
    ],
)
def test_not_ranges(text):
    assert find_ranges(text, TODAY) == []


def test_single_dates():
    got = [(d.text, d.year, d.month) for d in find_dates("Graduated May 2018; 2016; 03/2017; room 12345", TODAY)]
    assert got == [("May 2018", 2018, 5), ("2016", 2016, None), ("03/2017", 2017, 3)]


def test_overlapping_intervals_are_merged_and_gaps_are_not_counted():
    assert merged_months([(0, 12), (6, 18), (30, 36)]) == 18 + 6
    assert merged_months([]) == 0
    a = one_range("Jan 2020 - Dec 2020")
    assert month_interval(a.start, a.end) == (2020 * 12, 2020 * 12 + 12)


@pytest.mark.parametrize(
    "text, start, end, present",
    [
        # ISO 8601 as JSON Resume stores dates and several themes print them
        ("2017-09-01 — 2021-03-31", (2017, 9), (2021, 3), False),
        ("2021-04-01 — Present", (2021, 4), (2026, 11), True),
        # a current role whose template prints nothing after the dash
        ("Fjordline Analytics AS 2021-04-01 —", (2021, 4), (2026, 11), True),
        ("Fjordline Analytics AS Apr 2021 –\nSenior Data Engineer", (2021, 4), (2026, 11), True),
    ],
)
def test_iso_dates_and_a_range_left_open_at_the_line_end(text, start, end, present):
    r = one_range(text)
    assert (r.start.year, r.start.month) == start
    assert (r.end.year, r.end.month) == end
    assert r.end.present is present


def test_a_date_wrapped_after_its_dash_still_closes_the_range():
    r = one_range("Jan 2020 –\nDec 2021")
    assert (r.end.year, r.end.month, r.end.present) == (2021, 12, False)
