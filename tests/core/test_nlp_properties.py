"""Properties over many generated resumes: spans anchored, deterministic, JSON round trip, batch = one by one."""
from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.nlp import extract, extract_many
from screening.nlp.facts import ResumeFacts
from tests.core.test_nlp_extract import EUROPEAN_CV, INDEED, KAGGLE_BLOB, US_CHRONOLOGICAL
from tests.core.test_nlp_support import TODAY, assert_anchored, pipeline

SAMPLES = [US_CHRONOLOGICAL, INDEED, KAGGLE_BLOB, EUROPEAN_CV]

# Lines of the kinds resumes are made of, to recombine in any order.
LINES = [
    "Jane Doe", "JOHN SMITH", "Curriculum Vitae", "Mr. Ravi Kumar", "jane@example.com", "+1 (415) 555-0132",
    "Pune, Maharashtra - Email me on Indeed: indeed.com/r/Jane-Doe/0a1b2c3d", "github.com/jdoe",
    "WORK EXPERIENCE", "Experience", "EDUCATION", "Education Details", "SKILLS", "Skill Details", "PROJECTS",
    "Senior Data Scientist", "Acme Corp -  Austin, TX", "Globex Ltd -", "Jan 2019 – Present", "2017-2019",
    "03/2018 to 06/2020", "Nov '18 - Mar '20", "Data Analyst | Initech Inc | 2015 - 2016",
    "ML Engineer at Hooli (2020–2022)", "company - Quantix Labs", "description - Built models.",
    "B.Tech in Computer Science", "M.S., Stanford University, 2016", "12th", "HSC", "Kendriya Vidyalaya",
    "Python, R, Go, C++, C#, .NET, Node.js, Excel", "Python- Experience - 24 months", "Java (3 years)",
    "Go to market strategy", "R&D lead", "• Built a PyTorch model", "5+ years of experience in NLP",
    "Languages: English (native), Hindi", "Winner, Smart India Hackathon 2019", "arXiv:2101.00001",
    "AWS Certified Solutions Architect", "Contributor to pandas", "", "-", "•", "…", "ÉDUCATION", "经验",
]

resume_texts = st.lists(
    st.one_of(st.sampled_from(LINES), st.text(max_size=40)), min_size=0, max_size=30
).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(resume_texts)
def test_any_text_gives_anchored_facts_that_round_trip(text):
    facts = extract(text, today=TODAY, pipeline=pipeline())
    assert_anchored(facts, text)
    again = ResumeFacts.from_dict(json.loads(json.dumps(facts.to_dict())))
    assert again == facts
    assert extract(text, today=TODAY, pipeline=pipeline()) == facts  # deterministic


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_unicode_never_breaks_the_reader(text):
    assert_anchored(extract(text, today=TODAY, pipeline=pipeline()), text)


def test_samples_round_trip_through_json():
    for text in SAMPLES:
        facts = extract(text, today=TODAY, pipeline=pipeline())
        data = json.loads(json.dumps(facts.to_dict()))
        assert ResumeFacts.from_dict(data) == facts
        assert data["experience"] or data["education"]


def test_batch_reading_equals_one_by_one():
    texts = SAMPLES + ["", "Jane Doe\n"]
    one_by_one = [extract(t, today=TODAY, pipeline=pipeline()) for t in texts]
    assert list(extract_many(texts, today=TODAY, batch_size=2, pipeline=pipeline())) == one_by_one


def test_present_is_read_against_the_reference_date():
    import datetime

    text = "Jo Bloggs\n\nEXPERIENCE\nAnalyst, Initech Inc, Jan 2020 - Present\n"
    early = extract(text, today=datetime.date(2020, 12, 1), pipeline=pipeline())
    late = extract(text, today=datetime.date(2022, 12, 1), pipeline=pipeline())
    assert (early.total_experience_months, late.total_experience_months) == (12, 36)
    assert late.experience[0].end.present and (late.experience[0].end.year, late.experience[0].end.month) == (2022, 12)


HOSTILE_TEXTS = ("SKILLS EXPERIENCE " * 6000, "R-" * 50000, "(1" * 50000, "Jan 2019 - " * 9000, "a@" * 50000)


def test_hostile_text_is_read_and_anchored():
    """Long runs that once made a pattern backtrack or a loop go quadratic are read, every fact anchored.

    How long they take is measured by `bench/hostile_text.py` (time and growth when the text doubles), not here.
    """
    for text in HOSTILE_TEXTS:
        assert_anchored(extract(text, today=TODAY, pipeline=pipeline()), text)


def test_facts_do_not_depend_on_the_process_string_hash_seed():
    """Two processes with different PYTHONHASHSEED read the same resume the same way (no set-order effects)."""
    import os
    import subprocess
    import sys

    # outside a languages section, an item naming two languages and a level is where set order once decided
    text = "Maria Lopez\nSUMMARY\nNative speaker of Portuguese and English, highly fluent in French\n" + US_CHRONOLOGICAL
    code = (
        "import sys, json, datetime\n"
        "from screening.nlp import extract\n"
        "print(json.dumps(extract(sys.stdin.read(), today=datetime.date(2026, 11, 15)).to_dict(), sort_keys=True))\n"
    )
    outputs = []
    for seed in ("1", "3", "6"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run(
            [sys.executable, "-c", code], input=text, capture_output=True, text=True, env=env, timeout=180, cwd="."
        )
        assert out.returncode == 0, out.stderr
        outputs.append(out.stdout)
    assert outputs[0] == outputs[1] == outputs[2]
    languages = json.loads(outputs[0])["languages"]
    assert [(lang["name"], lang["level"]) for lang in languages] == [("Portuguese", "native"), ("English", None)]
