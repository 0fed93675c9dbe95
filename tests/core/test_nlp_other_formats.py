"""Reading resumes of other origins: the generated check set (LaTeX-like and two-column designer PDFs, Word
tables, Europass-like and text-box DOCX, Google Docs text) scored field by field against what was written in."""
from __future__ import annotations

import datetime

import pytest

from screening.reading import read_resume
from tests.resume_formats import FIELDS_GOAL, LAYOUTS, check_set, gold_of, PEOPLE, predicted, score

TODAY = datetime.date(2026, 11, 15)


@pytest.fixture(scope="module")
def results():
    out = []
    for sample in check_set():
        result = read_resume(sample.data, sample.name, today=TODAY)
        assert result.status == "processed", (sample.name, result.error)
        out.append((sample.name, sample.gold, predicted(result.facts)))
    return out


def test_the_check_set_covers_every_layout_and_two_columns():
    names = [s.name for s in check_set()]
    assert {n.rsplit("-", 1)[1].split(".")[0] for n in names} == set(LAYOUTS)
    assert sum("-designer." in n for n in names) >= 10  # two-column resumes
    assert {n.rsplit(".", 1)[1] for n in names} == {"pdf", "docx", "txt"}


@pytest.mark.parametrize("field", ["name", "employer", "title", "institution", "year"])
def test_fields_of_resumes_from_anywhere_are_read(results, field):
    recall, precision = score([(gold, pred) for _, gold, pred in results])[field]
    assert recall >= FIELDS_GOAL[0] and precision >= FIELDS_GOAL[1], (field, recall, precision)


@pytest.mark.parametrize("layout", sorted(LAYOUTS))
def test_no_layout_is_left_behind(results, layout):
    # each layout on its own: a rule that only fits one template's habit shows here
    pairs = [(gold, pred) for name, gold, pred in results if f"-{layout}." in name]
    figures = score(pairs)
    assert all(recall >= 0.8 for recall, _ in figures.values()), figures


def test_the_scorer_counts_misses_and_extras():
    gold = gold_of(PEOPLE[0])
    perfect = score([(gold, gold)])
    assert all(figures == (1.0, 1.0) for figures in perfect.values())
    half = dict(gold, employer=gold["employer"][:1] + ["Somewhere Else Entirely"], year=[])
    figures = score([(gold, half)])
    assert figures["employer"] == (0.5, 0.5)
    assert figures["year"] == (0.0, 0.0)
    assert figures["name"] == (1.0, 1.0)
