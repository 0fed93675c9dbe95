"""A draft profile started from a job description: unpublished, audit-logged, flagged criteria not used."""
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from screening import services
from screening.fairness import profile_warnings
from screening.models import AuditEvent, CompetencyProfile
from tests.factories import hiring_admin

pytestmark = pytest.mark.django_db

DESCRIPTIONS = Path(__file__).parent.parent / "core" / "job_descriptions"


def test_the_draft_follows_the_proposal_and_is_never_published():
    admin = hiring_admin(username="hana")
    text = (DESCRIPTIONS / "data_engineer.txt").read_text(encoding="utf-8")
    profile = services.profile_create_from_job_description(title="Data Engineer", description=text, actor=admin)
    assert profile.slug == "data-engineer" and profile.published_version is None
    python = profile.competencies.get(key="python")
    assert python.must_have and python.min_months == 36 and python.skills == ["python"]
    assert not profile.competencies.get(key="terraform").must_have
    assert profile.education_fields == ["computer science", "information systems"]
    assert profile.experience_target_months == 60 and profile.experience_min_months == 60
    assert services.profile_has_unpublished_changes(profile)
    event = AuditEvent.objects.get(action="profile.drafted_from_job_description")
    assert event.actor == admin and event.data["title"] == "Data Engineer"
    assert {"key": "python", "must_have": True, "weight": 4.0, "min_months": 36,
            "sentence": "Expert SQL and at least 3 years of Python."} in event.data["competencies"]
    # a second draft from the same title gets its own slug
    again = services.profile_create_from_job_description(title="Data Engineer", description=text, actor=admin)
    assert again.slug == "data-engineer-2"


def test_age_and_named_schools_are_flagged_and_not_used():
    admin = hiring_admin(username="hana")
    text = (
        "Requirements\n"
        "- Recent graduates welcome to apply.\n"
        "- BS in Computer Science from Stanford, MIT or another top university.\n"
        "- 20+ years of experience with Java.\n"
    )
    proposal = services.job_description_propose(description=text)
    flagged = {f.sentence.text: {w.attribute for w in f.warnings} for f in services.proposal_flags(proposal)}
    assert flagged == {
        "Recent graduates welcome to apply.": {"age"},
        "BS in Computer Science from Stanford, MIT or another top university.": {"specific schools"},
    }
    profile = services.profile_create_from_job_description(title="Java Developer", description=text, actor=admin)
    assert profile.education_fields == ["computer science"]  # no school name becomes a field
    for competency in profile.competencies.all():
        assert "graduate" not in competency.name.lower() and not competency.synonyms
    assert "Flagged in the description and not used" in profile.description
    assert "Recent graduates welcome to apply." in profile.description
    # the 20 years the description asks for reach the draft, where the editor's age rule flags them
    warnings = profile_warnings(services.profile_draft_spec(profile))
    assert any(w.attribute == "age" and w.where == "Java" for w in warnings)
    event = AuditEvent.objects.get(action="profile.drafted_from_job_description")
    assert {"sentence": "Recent graduates welcome to apply.", "attributes": ["age"]} in event.data["flagged"]


def test_a_description_without_taxonomy_skills_makes_no_profile():
    with pytest.raises(ValidationError):
        services.profile_create_from_job_description(
            title="Greeter", description="Welcome our guests with a smile.", actor=hiring_admin(username="hana")
        )
    assert not CompetencyProfile.objects.filter(name="Greeter").exists()


def test_the_non_discrimination_statement_is_not_flagged():
    text = (
        "Requirements\n- Strong Python.\n\n"
        "We are an equal opportunity employer and do not discriminate on the basis of age, religion or disability.\n"
        "Candidates are hired regardless of gender or nationality.\n"
    )
    proposal = services.job_description_propose(description=text)
    assert services.proposal_flags(proposal) == []
    assert [c.skills for c in proposal.competencies] == [("python",)]
