"""The masked twin of a parse's text that search reads while a blind review hides the candidate."""
from __future__ import annotations

import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection

from screening import services
from screening.blind import MASK
from screening.models import Job, ParseResult
from screening.services.setup import defaults_load
from tests.filegen import make_txt, sample_resume

pytestmark = pytest.mark.django_db


@pytest.fixture
def parse(django_capture_on_commit_callbacks) -> ParseResult:
    defaults_load()
    job = Job.objects.get(slug="machine-learning-engineer")
    text = sample_resume("Zora Quillfeather") + "References available from Zora on request.\n"
    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_submit(
            job=job,
            name="Zora Quillfeather",
            email="zq@example.com",
            resume_name="resume.txt",
            resume_data=make_txt(text),
            consent=True,
        )
    return ParseResult.objects.get(resume__application=application)


def assert_masked(parse: ParseResult) -> None:
    blind = parse.blind_text
    for identity in ("Zora", "Quillfeather", "zora.quillfeather@example.com", "7946", "github.com/zora", "Edinburgh"):
        assert identity not in blind, identity
    assert MASK in blind
    for kept in ("PyTorch", "demand forecasting", "Machine Learning Engineer", "Computer Science"):
        assert kept in blind, kept


def test_a_parse_is_stored_with_its_identity_masked_for_search(parse):
    assert "Quillfeather" in parse.text
    assert_masked(parse)
    if connection.vendor == "postgresql":
        words = ParseResult.objects.filter(pk=parse.pk, blind_search_vector="pytorch").count()
        hidden = ParseResult.objects.filter(pk=parse.pk, blind_search_vector="quillfeather").count()
        assert (words, hidden) == (1, 0)


def test_the_migration_fills_parses_stored_before_it(parse):
    ParseResult.objects.filter(pk=parse.pk).update(blind_text="", blind_search_vector=None)
    migration = importlib.import_module("screening.migrations.0011_parse_blind_text")
    # (a stand-in for the schema editor: SQLite cannot open a real one inside the test's transaction)
    editor = SimpleNamespace(connection=connection, execute=lambda sql: connection.cursor().execute(sql))
    migration.fill_blind_text(apps, editor)
    parse.refresh_from_db()
    assert_masked(parse)
    if connection.vendor == "postgresql":
        assert ParseResult.objects.filter(pk=parse.pk, blind_search_vector="pytorch").count() == 1
