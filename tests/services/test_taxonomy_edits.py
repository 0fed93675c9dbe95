"""Admins edit the skill taxonomy: changes are checked, versioned, and reach resumes read afterwards."""
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from screening import services
from screening.models import AuditEvent, Job, Resume, Skill, TaxonomyState
from screening.services.setup import defaults_load
from screening.services.taxonomy import taxonomy_file
from tests.factories import hiring_admin
from tests.filegen import make_txt, sample_resume

pytestmark = pytest.mark.django_db


@pytest.fixture
def taxonomy():
    defaults_load()


def test_the_packaged_file_is_used_until_someone_edits(taxonomy):
    assert TaxonomyState.current_revision() == 0
    assert taxonomy_file() is None


def test_a_new_skill_reaches_resumes_read_afterwards(taxonomy, django_capture_on_commit_callbacks):
    services.skill_save(
        skill=Skill(id="quantum_annealing", name="Quantum annealing", category="ml_technique", aliases=["QA annealing"])
    )
    assert TaxonomyState.current_revision() == 1
    job = Job.objects.get(slug="machine-learning-engineer")
    text = sample_resume().replace("Skills\n", "Skills\nQuantum annealing, ")
    with django_capture_on_commit_callbacks(execute=True):
        app = services.application_submit(
            job=job, name="Ada", email="ada@example.com", resume_name="cv.txt", resume_data=make_txt(text), consent=True
        )
    parse = Resume.objects.get(pk=app.current_resume_id).parse
    assert any(s["id"] == "quantum_annealing" for s in parse.facts["skills"])
    assert parse.parser_version.endswith("+tax1")
    assert AuditEvent.objects.filter(action="skill.created", object_id="quantum_annealing").exists()


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"broader": ["no_such_skill"]}, "No such skill"),
        ({"aliases": ["sklearn"]}, "already names the skill scikit-learn"),
        ({"aliases": "not a list"}, "list of phrases"),
    ],
)
def test_edits_that_would_confuse_the_matcher_are_refused(taxonomy, changes, message):
    skill = Skill(id="new_thing", name="New thing", category="other", **changes)
    with pytest.raises(ValidationError, match=message):
        services.skill_save(skill=skill)
    assert TaxonomyState.current_revision() == 0


def test_broader_links_cannot_loop(taxonomy):
    ml = Skill.objects.get(pk="machine_learning")
    ml.broader = ["random_forest"]  # random forest is (through others) narrower than machine learning
    with pytest.raises(ValidationError, match="broader than itself"):
        services.skill_save(skill=ml)


def test_admin_edits_go_through_the_service(client, taxonomy):
    client.force_login(hiring_admin(username="hana", is_staff=True))
    url = reverse("admin:screening_skill_change", args=["pytorch"])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data["aliases"] = '["torch", "py torch"]'
    data["broader"] = '["deep_learning"]'
    data["ambiguous"] = ""
    data["case_sensitive"] = ""
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    assert Skill.objects.get(pk="pytorch").aliases == ["torch", "py torch"]
    assert TaxonomyState.current_revision() == 1
    assert "py torch" in open(taxonomy_file()).read()


def test_admin_shows_a_refused_edit_as_a_form_error(client, taxonomy):
    client.force_login(hiring_admin(username="hana", is_staff=True))
    url = reverse("admin:screening_skill_change", args=["pytorch"])
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data.update(aliases='["sklearn"]', broader='["deep_learning"]', ambiguous="", case_sensitive="")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "already names the skill scikit-learn" in response.content.decode()
    assert TaxonomyState.current_revision() == 0
