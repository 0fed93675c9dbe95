"""`load_defaults` brings an untouched default profile up to its data file (and re-scores); admin edits are kept."""
import copy
import json

import pytest

from screening import services
from screening.models import Competency, CompetencyProfile, RescoreRun
from screening.services.setup import DEFAULT_PROFILE_FILE, defaults_load
from tests.factories import hiring_admin

pytestmark = pytest.mark.django_db


def _older_file(tmp_path):
    """The data file as an older release shipped it: one competency fewer, another weight."""
    data = json.loads(DEFAULT_PROFILE_FILE.read_text())
    old = copy.deepcopy(data)
    old["competencies"] = [c for c in old["competencies"] if c["key"] != "applied-ml"]
    old["competencies"][0]["weight"] = 3
    path = tmp_path / "old.json"
    path.write_text(json.dumps(old))
    return path, data


def test_untouched_default_profile_follows_a_new_data_file(tmp_path, django_capture_on_commit_callbacks):
    old_file, data = _older_file(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        first = defaults_load(profile_file=old_file)
    assert first["profile_created"]
    profile = CompetencyProfile.objects.get(slug=data["slug"])
    assert not profile.competencies.filter(key="applied-ml").exists()

    with django_capture_on_commit_callbacks(execute=True):
        second = defaults_load()
    profile.refresh_from_db()
    assert second == {**second, "profile_created": False, "profile_updated": True}
    assert profile.published_version.number == 2
    assert [c.key for c in profile.competencies.order_by("position")] == [c["key"] for c in data["competencies"]]
    assert profile.published_version.spec["competencies"][0]["weight"] == data["competencies"][0]["weight"]
    assert RescoreRun.objects.filter(profile_version=profile.published_version).exists()

    # Loading the same file again changes nothing.
    with django_capture_on_commit_callbacks(execute=True):
        third = defaults_load()
    profile.refresh_from_db()
    assert not third["profile_updated"] and profile.published_version.number == 2


def test_a_profile_an_admin_published_is_kept(tmp_path, django_capture_on_commit_callbacks):
    old_file, data = _older_file(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        defaults_load(profile_file=old_file)
        profile = CompetencyProfile.objects.get(slug=data["slug"])
        Competency.objects.filter(profile=profile, key="python").update(weight=9)
        services.profile_publish(profile=profile, actor=hiring_admin())
        result = defaults_load()
    profile.refresh_from_db()
    assert not result["profile_updated"]
    assert profile.published_version.number == 2
    assert not profile.competencies.filter(key="applied-ml").exists()


def test_a_pending_draft_edit_is_kept(tmp_path, django_capture_on_commit_callbacks):
    old_file, data = _older_file(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        defaults_load(profile_file=old_file)
        profile = CompetencyProfile.objects.get(slug=data["slug"])
        Competency.objects.filter(profile=profile, key="python").update(weight=9)
        result = defaults_load()
    assert not result["profile_updated"]
    assert Competency.objects.get(profile=profile, key="python").weight == 9


def test_the_default_job_gets_its_details_and_a_readable_description(tmp_path):
    from screening.models import Job

    data = json.loads(DEFAULT_PROFILE_FILE.read_text())
    defaults_load()
    job = Job.objects.get(slug=data["job"]["slug"])
    assert (job.company, job.employment_type, job.salary_min, job.salary_max) == ("Northwind Labs", "FULL_TIME", 60000, 85000)
    assert "\n- Strong Python" in job.description


def test_an_existing_default_job_is_brought_up_to_date_unless_someone_edited_it(tmp_path):
    from screening.models import Job
    from screening.services import setup

    data = json.loads(DEFAULT_PROFILE_FILE.read_text())
    old = copy.deepcopy(data)
    # As an older release shipped it: no details, one run-on paragraph (whose hash setup knows).
    old["job"] = {key: data["job"][key] for key in ("title", "slug", "location")}
    old["job"]["description"] = "Run-on description."
    old_file = tmp_path / "old.json"
    old_file.write_text(json.dumps(old))
    defaults_load(profile_file=old_file)
    job = Job.objects.get(slug=data["job"]["slug"])
    assert job.company == "" and job.salary_min is None
    setup._SHIPPED_DESCRIPTIONS.add(__import__("hashlib").sha256(b"Run-on description.").hexdigest())
    try:
        defaults_load()
        job.refresh_from_db()
        assert job.company == "Northwind Labs" and "\n- Strong Python" in job.description
        job.description, job.company = "Our own words.", "Our name"
        job.save()
        defaults_load()
        job.refresh_from_db()
        assert (job.description, job.company) == ("Our own words.", "Our name")
    finally:
        setup._SHIPPED_DESCRIPTIONS.discard(__import__("hashlib").sha256(b"Run-on description.").hexdigest())


def test_profiles_matched_by_older_matching_code_are_published_again(monkeypatch, django_capture_on_commit_callbacks):
    """A deploy whose matching finds other evidence (MATCH_FORMAT_VERSION up) re-matches every published profile,
    an admin's edits and pending draft included, with the same spec; up-to-date profiles are left alone."""
    from screening.nlp import matching

    with django_capture_on_commit_callbacks(execute=True):
        defaults_load()
        profile = CompetencyProfile.objects.get(is_default=True)
        Competency.objects.filter(profile=profile, key="python").update(weight=9)
        edited = services.profile_publish(profile=profile, actor=hiring_admin())
        Competency.objects.filter(profile=profile, key="python").update(weight=4)  # a draft edit, pending
        assert defaults_load()["profiles_rematched"] == []

    monkeypatch.setattr(matching, "MATCH_FORMAT_VERSION", matching.MATCH_FORMAT_VERSION + 1)
    with django_capture_on_commit_callbacks(execute=True):
        result = defaults_load()
    profile.refresh_from_db()
    version = profile.published_version
    assert result["profiles_rematched"] == [profile.slug]
    assert version.number == edited.number + 1 and version.spec == edited.spec
    assert version.match_signature != edited.match_signature
    assert version.published_by is None and version.changes[0].startswith("Matching rules updated")
    assert RescoreRun.objects.filter(profile_version=version).exists()
    assert Competency.objects.get(profile=profile, key="python").weight == 4  # the draft stays a draft
    with django_capture_on_commit_callbacks(execute=True):
        assert defaults_load()["profiles_rematched"] == []
