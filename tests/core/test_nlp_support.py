"""Shared helpers for the NLP tests: a small test taxonomy, a pipeline built on it, and the span check.

The exact-facts tests use this taxonomy rather than the packaged one, so that editing
`screening/nlp/data/skills.jsonl` never changes what they expect.
"""
from __future__ import annotations

import datetime
import functools
import json
import tempfile
from pathlib import Path
from typing import Any

from screening.nlp import build_pipeline, extract
from screening.nlp.facts import ResumeFacts

TODAY = datetime.date(2026, 11, 15)

TEST_SKILLS = [
    {"id": "python", "name": "Python", "category": "programming_language", "aliases": ["python3"]},
    {"id": "java", "name": "Java", "category": "programming_language", "aliases": ["core java"]},
    {"id": "cpp", "name": "C++", "category": "programming_language", "aliases": ["cpp"]},
    {"id": "csharp", "name": "C#", "category": "programming_language", "aliases": ["c sharp"]},
    {"id": "c_lang", "name": "C", "category": "programming_language", "aliases": [], "ambiguous": True, "case_sensitive": True},
    {"id": "r_lang", "name": "R", "category": "programming_language", "aliases": [], "ambiguous": True, "case_sensitive": True},
    {"id": "go_lang", "name": "Go", "category": "programming_language", "aliases": ["golang"], "ambiguous": True, "case_sensitive": True},
    {"id": "rust", "name": "Rust", "category": "programming_language", "aliases": [], "ambiguous": True},
    {"id": "sql", "name": "SQL", "category": "database", "aliases": []},
    {"id": "dotnet", "name": ".NET", "category": "web", "aliases": ["dot net"]},
    {"id": "nodejs", "name": "Node.js", "category": "web", "aliases": ["nodejs", "node js"]},
    {"id": "machine_learning", "name": "Machine learning", "category": "ml_technique", "aliases": []},
    {"id": "pytorch", "name": "PyTorch", "category": "ml_framework", "aliases": [], "broader": ["machine_learning"]},
    {"id": "scikit_learn", "name": "scikit-learn", "category": "ml_framework", "aliases": ["sklearn"], "broader": ["machine_learning"]},
    {"id": "docker", "name": "Docker", "category": "devops", "aliases": []},
    {"id": "kubernetes", "name": "Kubernetes", "category": "devops", "aliases": ["k8s"]},
    {"id": "git", "name": "Git", "category": "devops", "aliases": []},
    {"id": "excel", "name": "Excel", "category": "office_tools", "aliases": ["ms excel"], "ambiguous": True},
    {"id": "tableau", "name": "Tableau", "category": "data_tool", "aliases": []},
    {"id": "ci_cd", "name": "CI/CD", "category": "methodology", "aliases": ["cicd"]},
]


@functools.lru_cache(maxsize=1)
def taxonomy_path_for_tests() -> str:
    folder = Path(tempfile.mkdtemp(prefix="nlp-test-taxonomy-"))
    path = folder / "skills.jsonl"
    path.write_text("".join(json.dumps(row) + "\n" for row in TEST_SKILLS), encoding="utf-8")
    return str(path)


def pipeline():
    """The pipeline on the test taxonomy (built once per test process)."""
    return build_pipeline(taxonomy_path=taxonomy_path_for_tests())


def read(text: str) -> ResumeFacts:
    facts = extract(text, today=TODAY, pipeline=pipeline())
    assert_anchored(facts, text)
    return facts


def assert_anchored(facts: ResumeFacts, text: str) -> None:
    """Every value copied from the resume is `text[start:end]`, and every offset lies inside the text."""

    def walk(value: Any, where: str) -> None:
        if isinstance(value, dict):
            if {"start", "end"} <= value.keys() and isinstance(value.get("start"), int):
                start, end = value["start"], value["end"]
                assert 0 <= start <= end <= len(text), f"{where}: offsets {start}:{end} outside the text"
                if isinstance(value.get("text"), str):
                    assert value["text"] == text[start:end], f"{where}: {value['text']!r} != {text[start:end]!r}"
            for key in ("span_start", "span_end"):
                if key in value:
                    assert 0 <= value[key] <= len(text), f"{where}.{key} outside the text"
            for key, sub in value.items():
                walk(sub, f"{where}.{key}")
        elif isinstance(value, list):
            for i, sub in enumerate(value):
                walk(sub, f"{where}[{i}]")

    walk(facts.to_dict(), "facts")


def names(items) -> list[str]:
    return [i.name if hasattr(i, "name") else i.text for i in items]


def test_the_taxonomy_written_for_tests_loads_with_every_skill():
    from screening.nlp import load_taxonomy

    taxonomy = load_taxonomy(taxonomy_path_for_tests())
    assert len(taxonomy) == len(TEST_SKILLS)
    assert taxonomy.lookup("sklearn").id == "scikit_learn"
    assert taxonomy.broader("pytorch") == ("machine_learning",)


def test_the_anchoring_check_catches_a_span_that_does_not_match_the_text():
    from screening.nlp.facts import TextSpan

    bad = ResumeFacts(name=TextSpan("Jane Doe", 0, 8))
    assert_anchored(bad, "Jane Doe\n")
    try:
        assert_anchored(bad, "John Roe\n")
    except AssertionError:
        return
    raise AssertionError("a mismatching span passed the check")
