"""Before publishing, the profile preview shows scoring-rate impact ratios under the draft beside the
published version, for jobs where candidates self-identified."""
from __future__ import annotations

import pytest
from django.urls import reverse

from screening import selectors, services
from screening.models import Competency, CompetencyProfile, Job
from screening.services.setup import defaults_load
from tests.factories import hiring_admin
from tests.services.test_human_review import submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        defaults_load()
        job = Job.objects.get(slug="machine-learning-engineer")
        people = [("Ada One", True, "male"), ("Ada Two", True, "male"), ("Ada Three", True, "female"),
                  ("Bea One", False, "female"), ("Bea Two", False, "female"), ("Bea Three", False, "male")]
        for name, ml, sex in people:
            app = submit(job, name, ml=ml)
            services.self_id_record(application=app, sex=sex, race_ethnicity="asian")
    return job


def impact_rows(response, job):
    item = next(i for i in response.context["impacts"] if i["job"] == job)
    return item["impact"], {label: {r.label: r for r in rows} for label, rows in item["tables"]}


def test_draft_ratios_beside_published_ones_and_equal_to_the_audit_after_publishing(
    client, job, django_capture_on_commit_callbacks
):
    client.force_login(hiring_admin(username="hank"))
    published_audit = selectors.job_bias_audit(job=job).result
    # The machine learning resumes (two men, one woman) score above the others (two women, one man), so
    # women's scoring rate is 1/3 against men's 2/3: a ratio of 0.5. A draft that mostly rewards a degree in
    # history turns that round: the history graduates score higher, women's rate is 2/3 and men's 1/3.
    CompetencyProfile.objects.filter(pk=job.profile.pk).update(
        education_weight=80, experience_weight=0, education_fields=["history"]
    )
    Competency.objects.filter(profile=job.profile).update(weight=0.1)
    response = client.get(reverse("profiles:preview", args=[job.profile.slug]))
    page = response.content.decode()
    assert 'id="impact-ratios"' in page and "Impact ratios under the draft" in page
    impact, tables = impact_rows(response, job)
    assert (impact.processed, impact.self_identified) == (6, 6)
    sex = tables["Sex"]
    assert (sex["Female"].published, sex["Female"].draft, sex["Male"].draft) == ("0.500", "1.000", "0.500")
    assert sex["Male"].draft_flag == "too_small" and sex["Female"].change == 0.5
    published_female = next(r for r in published_audit.dimension("sex") if r.category == "female")
    assert sex["Female"].published == f"{published_female.scoring.impact_ratio:.3f}"
    with django_capture_on_commit_callbacks(execute=True):
        services.profile_publish(profile=job.profile)
    job.refresh_from_db()
    after = selectors.job_bias_audit(job=job).result
    for code, label in (("female", "Female"), ("male", "Male")):
        row = next(r for r in after.dimension("sex") if r.category == code)
        assert sex[label].draft == f"{row.scoring.impact_ratio:.3f}"
    assert impact.draft.to_dict(job="x")["median_score"] == after.median_score


def test_a_draft_that_matches_differently_is_matched_again_or_said_to_need_publishing(client, job, monkeypatch):
    client.force_login(hiring_admin(username="hank"))
    Competency.objects.filter(profile=job.profile, key="python").update(synonyms=["snake language"])
    response = client.get(reverse("profiles:preview", args=[job.profile.slug]))
    impact, _ = impact_rows(response, job)
    assert impact.draft is not None and impact.draft.applicants == 6
    monkeypatch.setattr("screening.selectors.audit.DRAFT_REMATCH_LIMIT", 5)
    response = client.get(reverse("profiles:preview", args=[job.profile.slug]))
    impact, _ = impact_rows(response, job)
    assert impact.draft is None and impact.published is not None
    assert "publish, then run the bias audit" in response.content.decode()


def test_no_section_without_self_identification(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        defaults_load()
        job = Job.objects.get(slug="machine-learning-engineer")
        submit(job, "Ada Lovelace")
    client.force_login(hiring_admin(username="hank"))
    response = client.get(reverse("profiles:preview", args=[job.profile.slug]))
    assert response.context["impacts"] == [] and 'id="impact-ratios"' not in response.content.decode()
