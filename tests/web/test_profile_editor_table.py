"""The profile editor as a compact table with a sticky save bar, readable errors, discarding a draft,
confirming flagged criteria before publishing, and a preview whose "why" does not repeat itself."""
import re

import pytest
from django.urls import reverse

from screening import services
from screening.models import AuditEvent, CompetencyProfile, ProfileVersion
from screening.models.profiles import MUST_HAVE_FACTOR_MESSAGE
from screening.previews import _shared_deltas
from tests.web.test_profile_editor import SLUG, admin_client, form_data, job  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def _set(data, name, field, value):
    key = next(k for k, v in data.items() if k.endswith("-name") and v == name)
    data[key.replace("-name", f"-{field}")] = value


def test_the_editor_is_one_table_with_points_of_100_and_a_save_bar(admin_client, job):  # noqa: F811
    page = admin_client.get(reverse("profiles:edit", args=[SLUG])).content.decode()
    assert page.count("data-competency") == job.profile.competencies.count() + 2  # two empty rows to add
    assert 'class="table competency-table"' in page and 'id="save-bar"' in page
    for column in ("Competency", "Weight", "Points", "Must-have", "Min. months"):
        assert f">{column}" in page
    points = [float(p) for p in re.findall(r"<output data-points>([\d.]+)</output>", page)]
    education = float(re.search(r'data-points-for="id_education_weight">([\d.]+)<', page)[1])
    experience = float(re.search(r'data-points-for="id_experience_weight">([\d.]+)<', page)[1])
    assert len(points) == job.profile.competencies.count()
    assert sum(points) + education + experience == pytest.approx(100, abs=0.5)


def test_a_must_have_share_out_of_range_gets_a_readable_field_error(admin_client, job):  # noqa: F811
    data = form_data(admin_client)
    data["must_have_factor"] = "3"
    response = admin_client.post(reverse("profiles:edit", args=[SLUG]), data)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_must_have_factor_error"' in page and MUST_HAVE_FACTOR_MESSAGE in page
    assert "Constraint" not in page and "profile_must_have_factor_0_1" not in page
    assert CompetencyProfile.objects.get(slug=SLUG).must_have_factor == 0.6


def test_a_must_have_share_out_of_range_is_refused_by_the_service_with_the_same_words(job):  # noqa: F811
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as caught:
        services.profile_draft_update(profile=job.profile, settings={"must_have_factor": 3}, competencies=[])
    assert caught.value.message_dict["must_have_factor"] == [MUST_HAVE_FACTOR_MESSAGE]


def test_discarding_the_draft_goes_back_to_the_published_version(admin_client, job):  # noqa: F811
    data = form_data(admin_client)
    _set(data, "Python", "weight", "20")
    admin_client.post(reverse("profiles:edit", args=[SLUG]), data)
    profile = CompetencyProfile.objects.get(slug=SLUG)
    assert services.profile_has_unpublished_changes(profile)
    response = admin_client.post(reverse("profiles:discard", args=[SLUG]), follow=True)
    assert "Draft discarded" in response.content.decode()
    profile.refresh_from_db()
    assert not services.profile_has_unpublished_changes(profile)
    assert profile.competencies.get(key="python").weight == 6
    assert ProfileVersion.objects.filter(profile=profile).count() == 1


def test_discarding_needs_a_published_version(admin_client, job):  # noqa: F811
    clone = services.profile_clone(profile=job.profile, name="Data Engineer", slug="data-engineer")
    response = admin_client.post(reverse("profiles:discard", args=["data-engineer"]), follow=True)
    assert "Nothing is published yet" in response.content.decode()
    assert clone.competencies.count() == job.profile.competencies.count()


def test_publishing_flagged_criteria_needs_a_confirmation_naming_them(admin_client, job):  # noqa: F811
    data = form_data(admin_client)
    _set(data, "Python", "synonyms", "graduated after 2019")
    admin_client.post(reverse("profiles:edit", args=[SLUG]), data)
    url = reverse("profiles:publish", args=[SLUG])

    asked = admin_client.post(url)  # the one click that used to publish
    page = asked.content.decode()
    assert asked.status_code == 200 and 'id="publish-flags"' in page
    assert "graduated after 2019" in page and "may select candidates by age" in page
    assert ProfileVersion.objects.filter(profile__slug=SLUG).count() == 1

    unticked = admin_client.post(url, {"from_confirmation": "1"})
    assert unticked.status_code == 400 and 'id="id_confirm_flags_error"' in unticked.content.decode()
    stale = admin_client.post(url, {"from_confirmation": "1", "confirm_flags": "confirmed-other-flags"})
    assert stale.status_code == 400
    assert ProfileVersion.objects.filter(profile__slug=SLUG).count() == 1

    fingerprint = re.search(r'name="confirm_flags" value="(\w+)"', page)[1]
    published = admin_client.post(url, {"from_confirmation": "1", "confirm_flags": fingerprint})
    assert published.status_code == 302
    assert ProfileVersion.objects.filter(profile__slug=SLUG).count() == 2
    event = AuditEvent.objects.filter(action="profile.published").latest("at")
    assert any("graduated after 2019" in flag for flag in event.data["flags_confirmed"])


def test_publishing_without_flags_stays_one_click(admin_client, job):  # noqa: F811
    data = form_data(admin_client)
    _set(data, "Python", "weight", "8")
    admin_client.post(reverse("profiles:edit", args=[SLUG]), data)
    assert admin_client.post(reverse("profiles:publish", args=[SLUG])).status_code == 302
    assert ProfileVersion.objects.filter(profile__slug=SLUG).count() == 2


def test_changes_every_candidate_got_alike_are_said_once():
    rows = [{"python": 2.4, "java": -0.3}, {"python": 2.4, "java": -0.9}, {"python": 2.4}]
    assert _shared_deltas(rows) == {"python": 2.4}
    assert _shared_deltas(rows[:1]) == {}  # one candidate: nothing to compare with


def test_the_preview_says_a_shared_change_once_instead_of_on_every_row(admin_client, job):  # noqa: F811
    from screening.models import Application

    # Only the two candidates with the same machine-learning resume stay in the ranking: every point
    # change is then alike for all, which the "why" column used to repeat on each row.
    Application.objects.filter(job=job, candidate__email="p2@example.com").update(human_review=True)
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
    (preview,) = response.context["previews"]
    assert len(preview.rows) == 2
    assert preview.shared_reasons[0].startswith("Python -")
    assert all(row.reasons == () for row in preview.rows)
    page = response.content.decode()
    assert page.count("Python -") == 1 and page.count("only the change every candidate got") == 2


def test_the_preview_keeps_what_sets_each_candidate_apart(admin_client, job):  # noqa: F811
    profile = job.profile
    competencies = [
        {k: getattr(c, k) for k in ("key", "name", "category", "weight", "must_have", "min_months", "skills", "synonyms", "signals")}
        for c in profile.competencies.all()
    ]
    for c in competencies:
        if c["key"] == "python":
            c["weight"] = 0
    services.profile_draft_update(profile=profile, settings={"education_weight": 0}, competencies=competencies)
    (preview,) = admin_client.get(reverse("profiles:preview", args=[SLUG])).context["previews"]
    reasons = [row.reasons for row in preview.rows]
    assert len(set(reasons)) > 1  # not the same line on every row
    for shared in preview.shared_reasons:
        assert not any(shared in row for row in reasons)
