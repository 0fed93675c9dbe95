"""The profile editor: admins edit a draft, preview its effect, publish a version; everything re-scores."""
import pytest
from django.urls import reverse

from screening import services
from screening.models import AuditEvent, CompetencyProfile, Job, ProfileVersion, RescoreRun, Score
from screening.services.setup import defaults_load
from tests.factories import hiring_admin, recruiter
from tests.filegen import make_txt, sample_resume

pytestmark = pytest.mark.django_db

SLUG = "machine-learning-engineer"


@pytest.fixture
def job(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        defaults_load()
        job = Job.objects.get(slug=SLUG)
        for i, ml in enumerate([True, True, False]):
            services.application_submit(
                job=job, name=f"Person {i}", email=f"p{i}@example.com", resume_name=f"cv{i}.txt",
                resume_data=make_txt(sample_resume(f"Person Number{i}", ml=ml)), consent=True,
            )
    return job


@pytest.fixture
def admin_client(client):
    client.force_login(hiring_admin(username="hana"))
    return client


def form_data(client, slug=SLUG):
    """The editor's current form as POST data (what a browser would submit unchanged)."""
    response = client.get(reverse("profiles:edit", args=[slug]))
    form, formset = response.context["form"], response.context["formset"]
    data = {}
    for bound in list(form) + [f for sub in formset for f in sub] + list(formset.management_form):
        value = bound.value()
        if value is None or value is False:
            continue
        if value is True:
            value = "on"
        data[bound.html_name] = value
    return data


def test_only_hiring_admins_edit_profiles(client, job):
    url = reverse("profiles:edit", args=[SLUG])
    assert client.get(url).status_code == 302  # to sign-in
    client.force_login(recruiter(username="rita"))
    assert client.get(url).status_code == 403
    assert client.post(reverse("profiles:publish", args=[SLUG])).status_code == 403


def test_editor_lists_the_competencies(admin_client, job):
    response = admin_client.get(reverse("profiles:edit", args=[SLUG]))
    assert response.status_code == 200
    assert b"Neural networks and deep learning" in response.content
    assert response.context["warnings"] == []
    assert not response.context["unpublished"]


def test_saving_a_weight_changes_the_draft_only(admin_client, job):
    version = job.profile.published_version
    data = form_data(admin_client)
    name_field = next(k for k, v in data.items() if k.endswith("-name") and v == "Python")
    data[name_field.replace("-name", "-weight")] = "20"
    response = admin_client.post(reverse("profiles:edit", args=[SLUG]), data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    profile = CompetencyProfile.objects.get(slug=SLUG)
    assert profile.competencies.get(key="python").weight == 20
    assert profile.published_version == version  # candidates see no change until publishing
    event = AuditEvent.objects.get(action="profile.draft_updated")
    assert any("Python: weight 6" in change for change in event.data["changes"])


def test_preview_shows_who_moves_and_why(admin_client, job):
    profile = job.profile
    competencies = [
        {k: getattr(c, k) for k in ("key", "name", "category", "weight", "must_have", "min_months", "skills", "synonyms", "signals")}
        for c in profile.competencies.all()
    ]
    for c in competencies:
        if c["key"] == "python":
            c["weight"] = 0
    services.profile_draft_update(profile=profile, settings={}, competencies=competencies)
    response = admin_client.get(reverse("profiles:preview", args=[SLUG]))
    assert response.status_code == 200
    (preview,) = response.context["previews"]
    assert preview.considered == 3
    ml_rows = [r for r in preview.rows if r.current_total and r.current_total > 20]
    assert ml_rows and all(r.draft_total < r.current_total for r in ml_rows)
    assert all(r.reasons[0].startswith("Python -") for r in ml_rows)
    assert any("Python: weight 6.0 → 0" in c for c in response.context["changes"])


def test_publishing_makes_a_version_and_rescores_everyone(admin_client, job, django_capture_on_commit_callbacks, monkeypatch):
    data = form_data(admin_client)
    name_field = next(k for k, v in data.items() if k.endswith("-name") and v == "Python")
    data[name_field.replace("-name", "-weight")] = "12"
    admin_client.post(reverse("profiles:edit", args=[SLUG]), data)

    # A weight change re-scores from stored evidence: no resume is read or matched again.
    def no_reading(*args, **kwargs):
        raise AssertionError("resumes must not be re-read for a weight change")

    monkeypatch.setattr("screening.nlp.matching.profile_matcher.ProfileMatcher.features", no_reading)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("profiles:publish", args=[SLUG]))
    assert response.status_code == 302
    profile = CompetencyProfile.objects.get(slug=SLUG)
    assert profile.published_version.number == 2
    run = RescoreRun.objects.get(profile_version=profile.published_version)
    assert run.status == RescoreRun.Status.DONE and run.done == run.total == 3 and run.rematched == 0
    assert Score.objects.filter(profile_version=profile.published_version).count() == 3
    event = AuditEvent.objects.filter(action="profile.published").latest("at")
    assert event.data["version"] == 2 and event.actor.username == "hana"


def test_new_synonyms_rematch_stored_text(admin_client, job, django_capture_on_commit_callbacks):
    data = form_data(admin_client)
    name_field = next(k for k, v in data.items() if k.endswith("-name") and v == "Internships")
    data[name_field.replace("-name", "-synonyms")] = "internship, demand forecasting"
    admin_client.post(reverse("profiles:edit", args=[SLUG]), data)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("profiles:publish", args=[SLUG]))
    version = ProfileVersion.objects.filter(profile__slug=SLUG).latest("number")
    run = RescoreRun.objects.get(profile_version=version)
    assert run.rematched == 3
    ml_score = Score.objects.filter(profile_version=version, application__candidate__email="p0@example.com").get()
    internships = services.breakdown_for(ml_score).items
    item = next(i for i in internships if i.key == "internships")
    assert item.earned > 0 and "demand forecasting" in item.evidence[0].text


def test_unknown_skills_are_refused_and_nothing_is_saved(admin_client, job):
    data = form_data(admin_client)
    name_field = next(k for k, v in data.items() if k.endswith("-name") and v == "Python")
    data[name_field.replace("-name", "-skills")] = "Python, Quantum basket weaving"
    response = admin_client.post(reverse("profiles:edit", args=[SLUG]), data)
    assert response.status_code == 200
    assert "Quantum basket weaving" in response.content.decode()
    assert CompetencyProfile.objects.get(slug=SLUG).competencies.get(key="python").skills == ["python"]


def test_protected_attribute_proxies_are_warned_about(admin_client, job):
    data = form_data(admin_client)
    name_field = next(k for k, v in data.items() if k.endswith("-name") and v == "Python")
    data[name_field.replace("-name", "-synonyms")] = "graduated after 2019"
    admin_client.post(reverse("profiles:edit", args=[SLUG]), data)
    response = admin_client.get(reverse("profiles:edit", args=[SLUG]))
    assert any(w.attribute == "age" for w in response.context["warnings"])
    assert b"Check these criteria" in response.content


def test_clone_starts_an_unpublished_profile(admin_client, job):
    response = admin_client.post(reverse("profiles:clone", args=[SLUG]), {"name": "Data Engineer"})
    assert response.status_code == 302
    clone = CompetencyProfile.objects.get(slug="data-engineer")
    assert clone.published_version is None
    assert clone.competencies.count() == job.profile.competencies.count()
    assert not clone.is_default


def test_removing_and_reordering_competencies(admin_client, job):
    data = form_data(admin_client)
    names = {v: k.rsplit("-", 1)[0] for k, v in data.items() if k.endswith("-name")}
    data[f"{names['Java']}-DELETE"] = "on"
    data[f"{names['Communication and collaboration']}-ORDER"] = "0"
    response = admin_client.post(reverse("profiles:edit", args=[SLUG]), data)
    assert response.status_code == 302
    keys = list(CompetencyProfile.objects.get(slug=SLUG).competencies.values_list("key", flat=True))
    assert "java" not in keys
    assert keys[0] == "communication"
