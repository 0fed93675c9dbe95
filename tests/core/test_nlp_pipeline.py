"""The pipeline itself: built once, our components in order, pure core (no Django), nothing downloaded."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest

from screening import nlp
from screening.nlp.pipeline import COMPONENTS


def test_public_api():
    assert re.fullmatch(r"\d{4}\.\d{1,2}\.\d+", nlp.PARSER_VERSION)
    for name in ("build_pipeline", "extract", "extract_many", "load_taxonomy", "tokenizer"):
        assert callable(getattr(nlp, name))


def test_the_pipeline_is_built_once_per_configuration():
    assert nlp.build_pipeline() is nlp.build_pipeline()
    assert nlp.tokenizer() is nlp.build_pipeline().tokenizer


def test_components_are_registered_factories_in_order():
    pipeline = nlp.build_pipeline()
    assert tuple(pipeline.pipe_names) == tuple(name for name, _ in COMPONENTS)
    assert all(name.startswith("screening_") for name in pipeline.pipe_names)
    assert [pipeline.get_pipe_meta(name).factory for name in pipeline.pipe_names] == [f for _, f in COMPONENTS]


def test_every_component_runs_after_what_it_requires():
    # each component declares what it assigns and requires; spaCy's analysis finds a requirement no earlier
    # component assigns (a component moved before the one it reads)
    analysis = nlp.build_pipeline().analyze_pipes(pretty=False)
    assert all(not problems for problems in analysis["problems"].values()), analysis["problems"]
    assert analysis["summary"]["screening_facts"]["requires"]  # the declarations are there to check


def test_a_component_moved_before_what_it_reads_is_reported():
    import spacy

    from screening.nlp.pipeline import COMPONENTS as ORDER

    blank = spacy.blank("en")
    for name, factory in reversed(ORDER):  # the order turned round: every requirement comes too late
        if factory != "span_ruler":
            blank.add_pipe(factory, name=name)
    problems = blank.analyze_pipes(pretty=False)["problems"]
    assert "doc._.screening_layout" in problems["screening_contact"]


def test_sections_skills_and_cues_are_span_groups():
    doc = nlp.build_pipeline()(nlp.build_pipeline().make_doc(
        "Ada Park\n\nSKILLS\nPython, PyTorch\n\nEXPERIENCE\nML Engineer, Initech Inc, 2020 - 2022\nTrained deep learning models.\n"
    ))
    sections = {span.label_: span.text for span in doc.spans["sections"]}
    assert sections["skills"].startswith("SKILLS") and "PyTorch" in sections["skills"]
    assert sections["experience"].startswith("EXPERIENCE")
    assert {span.label_ for span in doc.spans["skills"]} >= {"python", "pytorch"}
    assert {span.label_ for span in doc.spans["skill_matches"]} >= {span.label_ for span in doc.spans["skills"]}
    assert any(span.label_ == "ml" for span in doc.spans["cues"])


def test_a_trained_model_that_is_not_installed_is_an_error_not_a_download():
    with pytest.raises(OSError):
        nlp.build_pipeline(model="en_core_web_this_does_not_exist")


def test_the_taxonomy_is_cached_and_answers_lookups():
    taxonomy = nlp.load_taxonomy()
    assert taxonomy is nlp.load_taxonomy()
    assert len(taxonomy) >= 1000
    python = taxonomy.lookup("python")
    assert python is not None and python.category == "programming_language"
    assert taxonomy.category(python.id) == "programming_language"


def test_the_nlp_core_does_not_import_django():
    code = (
        "import sys, datetime\n"
        "from screening.nlp import extract\n"
        "extract('Jane Doe\\nSKILLS\\nPython', today=datetime.date(2026, 1, 1))\n"
        "assert 'django' not in sys.modules, 'django was imported'\n"
        "print('ok')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=".", timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
