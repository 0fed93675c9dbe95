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
    names = nlp.build_pipeline().pipe_names
    assert tuple(names) == COMPONENTS
    assert all(n.startswith("screening_") for n in names)


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
