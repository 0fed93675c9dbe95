"""The recruiter's search box: web-search syntax, the same answers on SQLite and PostgreSQL."""
from __future__ import annotations

import pytest
from django.urls import reverse

from screening.models import Job, Resume
from screening.selectors.search import SearchTerms, fold, parse_query
from screening.services.setup import defaults_load
from tests.factories import recruiter
from tests.web.test_recruiter import apply


def test_terms_are_words_phrases_and_exclusions():
    assert parse_query('pytorch "computer vision" -intern') == SearchTerms(["pytorch", "computer vision"], ["intern"])
    assert parse_query('-"data entry" +Python') == SearchTerms(["python"], ["data entry"])
    assert parse_query('- "" "unclosed phrase') == SearchTerms(["unclosed phrase"], [])
    assert not parse_query("   ")
    assert len(parse_query(" ".join(f"w{i}" for i in range(20))).required) == 8


def test_folding_drops_case_accents_and_runs_of_space():
    assert fold("José  MÜLLER\nØrsted Łódź") == "jose muller orsted lodz"


RESUMES = {
    "José Álvarez": "Built computer vision models with PyTorch at Acme.\nSkills: Python, OpenCV",
    "Jose Smith": "Java developer. Computer science degree; vision statement author.\nSkills: Java, Spring",
    "Ann Intern": "Machine learning intern: PyTorch, computer vision for drones.\nSkills: Python, PyTorch",
    "Zoë Weiß": "Data scientist. Resume written by Zoë: forecasting with Python and Java.",
}


@pytest.fixture
def searched(client, django_capture_on_commit_callbacks):
    defaults_load()
    job = Job.objects.get(slug="machine-learning-engineer")
    with django_capture_on_commit_callbacks(execute=True):
        for i, (name, body) in enumerate(RESUMES.items()):
            email = f"person{i}@example.com"
            apply(job, name, f"{name}\n{email}\n\nExperience\n{body}\n", email=email)
    assert set(Resume.objects.values_list("status", flat=True)) == {Resume.Status.PROCESSED}
    client.force_login(recruiter(username="rita"))

    def names(q: str) -> set[str]:
        response = client.get(reverse("recruiter:ranking", args=[job.slug]), {"q": q})
        assert response.status_code == 200
        return {row.label for row in response.context["rows"]}

    return names


@pytest.mark.django_db
@pytest.mark.parametrize(
    "q, expected",
    [
        ("pytorch", {"José Álvarez", "Ann Intern"}),
        ('pytorch "computer vision" -intern', {"José Álvarez"}),
        ('"computer vision"', {"José Álvarez", "Ann Intern"}),  # not "computer science … vision"
        ("-java", {"José Álvarez", "Ann Intern"}),
        ("jose", {"José Álvarez", "Jose Smith"}),  # by name, either spelling
        ("JOSÉ", {"José Álvarez", "Jose Smith"}),
        ("zoe forecasting", {"Zoë Weiß"}),
        ("python -pytorch", {"Zoë Weiß"}),
        ('"computer vision" -"machine learning"', {"José Álvarez"}),
    ],
)
def test_search_means_the_same_on_this_database(searched, q, expected):
    assert searched(q) == expected


@pytest.mark.django_db
def test_the_database_folds_as_python_does():
    from django.db.models import F

    from screening.models import Candidate
    from screening.selectors.search import Fold

    names = ["José  Álvarez", "ZOË\tWEIß", "Łukasz Ørsted", "Ñandú Çelik"]
    Candidate.objects.bulk_create([Candidate(name=n, email=f"c{i}@example.com") for i, n in enumerate(names)])
    folded = dict(Candidate.objects.annotate(folded=Fold(F("name"))).values_list("name", "folded"))
    assert folded == {n: fold(n) for n in names}


@pytest.mark.django_db
def test_the_migration_rebuilds_vectors_as_new_parses_are_indexed(searched):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps no full-text vectors")
    from importlib import import_module

    from screening.models import ParseResult

    rebuild = import_module("screening.migrations.0014_search_folded_vectors").REBUILD
    from screening.selectors.search import ACCENTED, PLAIN

    indexed = dict(ParseResult.objects.values_list("pk", "search_vector"))
    with connection.cursor() as cursor:
        cursor.execute("UPDATE screening_parseresult SET search_vector = to_tsvector('english', text)")
        cursor.execute(rebuild, (ACCENTED, PLAIN, ACCENTED, PLAIN))
    assert dict(ParseResult.objects.values_list("pk", "search_vector")) == indexed
