"""Months, flags and signatures that agree with each other and with README (issue 11, item 6).

Each test here was written against a defect shown with a few lines of input; the expectations are
computed by hand in the comments, never by calling the code under test a second way.
"""
import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from screening.nlp import extract
from screening.nlp.matching import match, match_signature
from screening.nlp.dates import find_ranges, merged_months, month_interval
from screening.scoring import (
    CandidateFeatures,
    CompetencyFeatures,
    CompetencySpec,
    EducationSpec,
    ExperienceSpec,
    ProfileSpec,
    score,
)

JUNE_2025 = datetime.date(2025, 6, 15)
ML = CompetencySpec(key="ml", name="Machine learning", category="ml_techniques", weight=5, skills=("machine_learning",))
SQL = CompetencySpec(key="sql", name="SQL", category="data_tooling", weight=1, skills=("sql",))
SPEC = ProfileSpec(competencies=(ML, SQL), experience=ExperienceSpec(weight=10, target_months=36, min_months=12))


def _read(text, today=JUNE_2025):
    facts = extract(text, today=today)
    return facts, match(text, facts, SPEC, today=today)


def test_a_year_written_alone_counts_the_same_for_roles_and_competencies():
    # "2017 - 2019": mid-2017 to mid-2019 is 24 months, as a recruiter reads it (README), everywhere.
    text = (
        "Jane Doe\n\nEXPERIENCE\nData Scientist, Acme Analytics\n2017 - 2019\n"
        "Built machine learning models in Python and SQL for churn prediction.\n"
    )
    facts, features = _read(text)
    assert facts.total_experience_months == 24
    ml = features.competencies[0]
    assert ml.months == 24
    assert features.related_experience_months == 24


def test_a_one_year_role_is_not_split_into_ml_and_other_months():
    # "2019 - 2019" under an ML title: the same months are ML months and related months (no "11 other").
    text = "Jane Doe\n\nEXPERIENCE\nMachine Learning Engineer, Acme\n2019 - 2019\nTrained machine learning models.\n"
    facts, features = _read(text)
    assert features.ml_experience_months == features.related_experience_months == facts.total_experience_months


def test_future_end_dates_stop_at_the_reference_date():
    # Read in June 2025: Jan 2024 to Jun 2025 is 18 months, not the 72 of Jan 2024 - Dec 2029.
    text = "Jane Doe\n\nEXPERIENCE\nData Scientist, Acme\nJan 2024 - Dec 2029\nBuilt machine learning models.\n"
    facts, features = _read(text)
    assert facts.total_experience_months == 18
    assert features.competencies[0].months == 18
    (found,) = find_ranges("Jan 2024 - Dec 2029", JUNE_2025)
    assert found.months == 18


def test_readme_example_python_three_years_is_36_months():
    facts = extract("Jane Doe\n\nSKILLS\nPython - 3 years\nSQL: 2 yrs\n", today=JUNE_2025)
    months = {s.id: s.months for s in facts.skills}
    assert months["python"] == 36
    assert months["sql"] == 24


def test_match_signature_includes_education_level_credits():
    # Which degrees earn credit decides which fields of study are read (the field match is stored).
    base = ProfileSpec(competencies=(ML,), education=EducationSpec(fields=("statistics",)))
    data = base.to_dict()
    data["education"]["levels"] = {"bachelor": 0.0, "master": 0.9, "doctorate": 1.0}
    assert match_signature(ProfileSpec.from_dict(data)) != match_signature(base)
    # The amounts alone decide points, not matching: no re-match for them.
    data["education"]["levels"] = {"associate": 0.1, "bachelor": 0.5, "master": 0.8, "doctorate": 0.9}
    assert match_signature(ProfileSpec.from_dict(data)) == match_signature(base)


def test_all_zero_degree_credits_are_kept():
    data = ProfileSpec(competencies=(ML,)).to_dict()
    data["education"]["levels"] = {"associate": 0.0, "bachelor": 0.0, "master": 0.0, "doctorate": 0.0}
    spec = ProfileSpec.from_dict(data)
    assert all(spec.education.credit(level) == 0 for level in ("associate", "bachelor", "master", "doctorate"))
    # An empty table is "no degree earns credit" too, not "use the defaults".
    data["education"]["levels"] = {}
    assert ProfileSpec.from_dict(data).education.credit("doctorate") == 0


@pytest.mark.django_db
def test_profile_form_keeps_zero_credits():
    from screening.forms.profiles import ProfileSettingsForm
    from screening.models import CompetencyProfile

    fields = {name: 1 for name in ("education_weight", "experience_weight")}
    form = ProfileSettingsForm(
        data={
            "name": "Machine Learning Engineer",
            **fields,
            "experience_target_months": 36,
            "experience_min_months": 0,
            "must_have_factor": 0.6,
            "education_fields": "",
            **{f"level_{lv}": 0 for lv in ("associate", "bachelor", "master", "doctorate")},
        },
        instance=CompetencyProfile(name="p", slug="p"),
    )
    assert form.is_valid(), form.errors
    levels = form.settings()["education_levels"]
    spec = ProfileSpec.from_dict({"competencies": [], "education": {"levels": levels}})
    assert all(spec.education.credit(lv) == 0 for lv in ("associate", "bachelor", "master", "doctorate"))


def _candidate(**overrides):
    base = dict(
        competencies=(CompetencyFeatures(key="ml", placement=5, months=24, last_used=2025),
                      CompetencyFeatures(key="sql", placement=1)),
        reference_year=2025,
        experience_months=120,
        ml_experience_months=0,
        related_experience_months=6,
    )
    base.update(overrides)
    return CandidateFeatures(**base)


def test_minimum_experience_flag_counts_related_roles_only():
    # Ten years as a lawyer and six months of related work: below the 12 months asked (README: unrelated
    # years do not count).
    assert "below_min_experience" in score(_candidate(), SPEC).flags
    assert "below_min_experience" not in score(_candidate(related_experience_months=12), SPEC).flags


def test_scores_by_hand():
    # W = 5 + 1 + education 10 (default) + 10 = 26; possible: ml 19.23, sql 3.85, education 38.46, experience 38.46
    result = score(_candidate(related_experience_months=30, ml_experience_months=18), SPEC)
    items = {i.key: i for i in result.items}
    assert items["ml"].earned == 19.23  # dated role 1.0 × (0.75 + 0.25 × 24/24) × recent 1.0
    assert items["sql"].earned == 1.73  # only listed 0.6 × no months 0.75 × 3.846
    assert items["education"].earned == 0.0
    # experience: 18/36 + 0.25 × min(1, 12/36) = 0.5833 × 38.46 = 22.44
    assert items["experience"].earned == 22.44
    assert result.total == 43.4


# --- properties ---------------------------------------------------------------------------------

_months = st.integers(min_value=1, max_value=12)
_years = st.integers(min_value=1990, max_value=2030)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_years, st.none() | _months, _years, st.none() | _months), min_size=1, max_size=5))
def test_months_never_exceed_the_time_elapsed(ranges):
    today = datetime.date(2026, 1, 1)
    text = "\n".join(
        f"{(str(m1) + '/') if m1 else ''}{y1} - {(str(m2) + '/') if m2 else ''}{y2}" for y1, m1, y2, m2 in ranges
    )
    found = find_ranges(text, today)
    intervals = [month_interval(r.start, r.end) for r in found]
    if not intervals:
        return
    first = min(i[0] for i in intervals)
    elapsed = today.year * 12 + today.month - first  # months from the earliest start to the reference month
    assert merged_months(intervals) <= max(1, elapsed)
    assert all(r.months <= max(1, elapsed) for r in found)


_role_dates = st.tuples(st.integers(2000, 2024), _months, st.integers(0, 60))


@settings(max_examples=60, deadline=None)
@given(st.lists(_role_dates, min_size=1, max_size=4))
def test_a_competencys_months_equal_its_roles_months(roles):
    # Every role mentions machine learning: the competency's months are the union of the roles' months,
    # the same figure the facts give for all roles.
    lines = ["Jane Doe", "", "EXPERIENCE"]
    for i, (year, month, length) in enumerate(roles):
        end = year * 12 + month - 1 + length
        lines += [
            f"Data Scientist, Employer{chr(65 + i)} Inc",
            f"{month:02d}/{year} - {end % 12 + 1:02d}/{end // 12}",
            "Built machine learning models.",
            "",
        ]
    text = "\n".join(lines)
    facts, features = _read(text, today=datetime.date(2026, 1, 1))
    dated = [r for r in facts.experience if r.start and r.end]
    expected = merged_months([month_interval(r.start, r.end) for r in dated])
    assert features.competencies[0].months == expected == facts.total_experience_months


# --- experience a recruiter can trust (item 5) ------------------------------------------------------


def test_undated_role_evidence_is_labelled_as_such_and_uses_stated_months():
    text = (
        "Jane Doe\n\nSUMMARY\nData scientist with 6 years of experience in machine learning.\n\n"
        "EXPERIENCE\nMachine Learning Engineer, Acme Analytics\n"
        "Built machine learning models for churn prediction.\n"
    )
    facts, features = _read(text)
    assert facts.stated_experience_months == 72
    assert not any(r.start for r in facts.experience)
    ml = score(features, SPEC).items[0]
    assert ml.placement == "used in a role without dates"
    # No role has dates: the 72 stated months stand in for related and ML months.
    assert features.related_experience_months == 72


def test_months_stated_in_words():
    facts = extract("Jane Doe\n\nSUMMARY\nsix month experience in Data Science\n", today=JUNE_2025)
    assert facts.stated_experience_months == 6


def test_present_ends_at_the_files_own_date():
    from screening.reading import read_resume
    from tests.filegen import make_docx, make_pdf

    lines = ["Jane Doe", "", "EXPERIENCE", "Data Engineer, Acme Analytics", "Jan 2016 - Current", "Built ETL pipelines."]
    uploaded = datetime.date(2031, 6, 1)
    pdf = read_resume(make_pdf("\n".join(lines), creation_date=datetime.datetime(2018, 1, 15)), "cv.pdf", today=uploaded)
    assert pdf.facts.total_experience_months == 25  # Jan 2016 to Jan 2018, both months counted
    docx = read_resume(make_docx(lines, modified=datetime.datetime(2018, 1, 15)), "cv.docx", today=uploaded)
    assert docx.facts.total_experience_months == 25
    txt = read_resume("\n".join(lines).encode(), "cv.txt", today=uploaded)
    assert txt.facts.total_experience_months == (2031 - 2016) * 12 + 6  # no file date: the upload date


def test_a_file_date_older_than_the_text_is_ignored():
    # A template's stale date (python-docx's default core properties say 2013) cannot end "Present".
    from screening.reading import read_resume
    from tests.filegen import make_docx

    lines = ["Jane Doe", "", "EXPERIENCE", "Data Engineer, Acme Analytics", "Mar 2019 - Present", "Built ETL pipelines."]
    uploaded = datetime.date(2021, 3, 1)
    docx = read_resume(make_docx(lines, modified=datetime.datetime(2013, 12, 23)), "cv.docx", today=uploaded)
    assert docx.facts.total_experience_months == 25  # Mar 2019 to Mar 2021, the upload
