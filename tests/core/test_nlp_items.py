"""Certifications, projects, open source, publications, awards, competitions and spoken languages."""
from __future__ import annotations

import pytest

from tests.core.test_nlp_support import read


def items(facts, kind):
    return [(i.text, i.kind, i.year) for i in getattr(facts, kind)]


def test_items_in_their_own_sections():
    text = (
        "Jo Bloggs\n\n"
        "CERTIFICATIONS\n"
        "• Certified Kubernetes Administrator (CKA), 2022\n"
        "• PMP - Project Management Institute\n\n"
        "PROJECTS\n"
        "Title: Churn predictor\n"
        "Duration: 3 months\n"
        "Built a gradient boosting model, 2021.\n"
        "Title: Resume parser\n"
        "Technologies: spaCy, Python\n\n"
        "OPEN SOURCE\n"
        "Contributor to scikit-learn (docs and tests)\n\n"
        "PUBLICATIONS\n"
        "Bloggs J. Robust ranking. arXiv:2101.00001, 2021\n\n"
        "HACKATHONS\n"
        "Smart India Hackathon 2019 - finalist\n\n"
        "ACHIEVEMENTS\n"
        "Dean's list, 2015 and 2016\n"
    )
    facts = read(text)
    assert items(facts, "certifications") == [
        ("Certified Kubernetes Administrator (CKA), 2022", "", 2022),
        ("PMP - Project Management Institute", "project management institute", None),
    ]
    assert items(facts, "projects") == [("Churn predictor", "", 2021), ("Resume parser", "", None)]
    assert items(facts, "open_source") == [("Contributor to scikit-learn (docs and tests)", "contribution", None)]
    assert items(facts, "publications") == [("Bloggs J. Robust ranking. arXiv:2101.00001, 2021", "arxiv", 2021)]
    assert items(facts, "competitions") == [("Smart India Hackathon 2019 - finalist", "hackathon", 2019)]
    assert items(facts, "awards") == [("Dean's list, 2015 and 2016", "honor", 2016)]


def test_cues_outside_their_sections():
    text = (
        "Jo Bloggs\n\nEXPERIENCE\n"
        "Data Scientist, Initech Inc, 2019 - Present\n"
        "- Won 2nd place in a Kaggle competition on demand forecasting (2020).\n"
        "- Paper published in Proceedings of KDD 2021.\n"
        "- Core contributor to the Apache Arrow project.\n"
        "- Managed the award of vendor contracts.\n"
    )
    facts = read(text)
    assert [i.kind for i in facts.competitions] == ["kaggle"]
    assert facts.competitions[0].year == 2020
    assert [i.kind for i in facts.publications] == ["paper"]
    assert [i.kind for i in facts.open_source] == ["contribution"]
    assert facts.awards == ()  # "award of vendor contracts" in a role is procurement, not an award


def test_spoken_languages_with_levels():
    facts = read("Jo Bloggs\n\nLANGUAGES\nEnglish - Fluent | Hindi (Native) | German: A2\nTamil\n")
    assert [(lang.text, lang.name, lang.level) for lang in facts.languages] == [
        ("English - Fluent", "English", "fluent"),
        ("Hindi (Native)", "Hindi", "native"),
        ("German: A2", "German", "basic"),
        ("Tamil", "Tamil", None),
    ]


def test_spoken_languages_outside_a_languages_section_need_a_cue():
    facts = read("Jo Bloggs\nChennai, Tamil Nadu\n\nSUMMARY\nStudied in an English medium school.\nLanguages known: English and Marathi\n")
    assert [(lang.text, lang.name) for lang in facts.languages] == [("English", "English"), ("Marathi", "Marathi")]


def test_programming_languages_are_not_spoken_languages():
    facts = read("Jo Bloggs\n\nSKILLS\nLanguages: Python, Java, C\n")
    assert facts.languages == ()


@pytest.mark.parametrize(
    "line",
    [
        "Contributed to team effort by accomplishing related results as needed.",
        "Key contributor to the company's strategic plan known as Vision 2020.",
    ],
)
def test_contributing_in_a_job_is_not_open_source_work(line):
    facts = read(f"Jo Bloggs\n\nEXPERIENCE\nAnalyst, Acme Corp, 2015 - 2019\n{line}\n")
    assert facts.open_source == ()


def test_contributing_code_somewhere_public_is_open_source_work():
    facts = read("Jo Bloggs\n\nEXPERIENCE\nEngineer, Acme Corp, 2015 - 2019\nContributed to the pandas library: two merged pull requests.\n")
    assert [i.text for i in facts.open_source] == ["Contributed to the pandas library: two merged pull requests."]
