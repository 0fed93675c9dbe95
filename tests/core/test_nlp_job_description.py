"""Proposing a profile from job descriptions of several roles (texts written for these tests in the shape of
public postings): skills found, must-have or not, weights, months, degrees, and the sentence each came from."""
from pathlib import Path

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from screening.nlp import load_taxonomy
from screening.nlp.job_description import ProfileProposal, propose_profile

DESCRIPTIONS = Path(__file__).parent / "job_descriptions"
ROLES = ("machine_learning_engineer", "data_engineer", "frontend_developer", "site_reliability_engineer", "accountant", "registered_nurse")


def proposal_for(role: str) -> tuple[str, ProfileProposal]:
    text = (DESCRIPTIONS / f"{role}.txt").read_text(encoding="utf-8")
    return text, propose_profile(text, load_taxonomy())


def by_skills(proposal: ProfileProposal) -> dict[tuple[str, ...], object]:
    return {c.skills: c for c in proposal.competencies}


@pytest.mark.parametrize("role", ROLES)
def test_every_proposal_cites_a_sentence_of_the_description_holding_its_evidence(role):
    text, proposal = proposal_for(role)
    assert proposal.competencies
    for c in proposal.competencies:
        assert text[c.sentence.start:c.sentence.end] == c.sentence.text
        assert c.sentence.start <= c.start < c.end <= c.sentence.end
        assert text[c.start:c.end] == c.evidence and c.evidence in c.sentence.text
    if proposal.education:
        for sentence in proposal.education.sentences:
            assert text[sentence.start:sentence.end] == sentence.text
        assert any(any(d in s.text for s in proposal.education.sentences) for d in proposal.education.evidence)
    if proposal.experience:
        assert proposal.experience.evidence in proposal.experience.sentence.text


def test_machine_learning_engineer():
    _, proposal = proposal_for("machine_learning_engineer")
    found = by_skills(proposal)
    python, sql, kubernetes = found[("python",)], found[("sql",)], found[("kubernetes",)]
    assert python.must_have and python.weight == 4.0  # a must-have (3) stressed as "Strong" (+1)
    assert sql.must_have and sql.min_months == 36  # "3+ years of SQL"
    assert not kubernetes.must_have and kubernetes.weight == 1.0  # under "Nice to have"
    assert kubernetes.sentence.text == "Experience with Kubernetes."  # not the "About us" sentence naming it
    clouds = found[("aws", "gcp", "azure")]  # "AWS, GCP or Azure": one competency any of them meets
    assert clouds.must_have and clouds.evidence == "AWS, GCP or Azure"
    assert not found[("pytorch",)].must_have and found[("pytorch",)].weight == 2.0  # named in the duties
    assert ("design",) not in found  # "Design, train and ship…": the verb opening a duty
    assert ("statistics",) not in found  # a field of study after "BS or MS in", read as education
    assert not any("go_lang" in c.skills for c in proposal.competencies)  # only the company's stack names Go
    education = proposal.education
    assert education.required and dict(education.levels)["bachelor"] == 0.8 and dict(education.levels)["doctorate"] == 1.0
    assert education.fields[:3] == ("computer science", "statistics", "mathematics")
    assert proposal.experience.target_months == 48 and proposal.experience.min_months == 48


def test_data_engineer():
    _, proposal = proposal_for("data_engineer")
    found = by_skills(proposal)
    assert found[("python",)].min_months == 36 and found[("python",)].must_have  # "at least 3 years of Python"
    assert found[("sql",)].must_have and found[("sql",)].min_months == 0  # "Expert SQL": stressed, no period
    assert found[("sql",)].weight == 4.0
    spark = next(c for c in proposal.competencies if "apache_spark" in c.skills)
    assert len(spark.skills) == 2 and spark.must_have  # "Spark or Flink"
    assert not found[("terraform",)].must_have and not found[("scala",)].must_have  # "Bonus points"
    assert found[("dbt",)].mentions == 1 and not found[("dbt",)].must_have  # "Who we are" is not read for criteria
    assert not any(c.sentence.section == "title" for c in proposal.competencies)  # "(Analytics Platform)"
    assert proposal.education.fields == ("computer science", "information systems")
    assert dict(proposal.education.levels)["bachelor"] == 1.0
    assert proposal.experience.target_months == 60


def test_frontend_developer():
    _, proposal = proposal_for("frontend_developer")
    found = by_skills(proposal)
    assert found[("react",)].must_have and found[("react",)].min_months == 24  # "React (2+ years)"
    assert found[("react",)].mentions == 2 and found[("react",)].weight == 3.5  # named twice: +0.5
    for skill in ("javascript", "html", "css"):
        assert found[(skill,)].must_have and found[(skill,)].weight == 4.0  # "Excellent JavaScript, HTML and CSS"
    assert found[("communication",)].must_have
    assert not found[("graphql",)].must_have  # "is a plus"
    assert not found[("typescript",)].must_have  # in the duties only
    assert proposal.education is None  # no degree named: the editor's defaults stay
    assert proposal.experience.target_months == 36


def test_site_reliability_engineer():
    _, proposal = proposal_for("site_reliability_engineer")
    found = by_skills(proposal)
    assert found[("go_lang", "python")].must_have  # "Go or Python"
    assert found[("docker",)].must_have
    assert not found[("ansible",)].must_have  # "Preferred qualifications"
    assert not found[("kubernetes",)].must_have and found[("kubernetes",)].sentence.section == "duties"
    assert not any(c.sentence.section == "about" for c in proposal.competencies)  # "The team … payments API"
    assert proposal.experience.min_months == 48


def test_accountant():
    _, proposal = proposal_for("accountant")
    found = by_skills(proposal)
    assert found[("gaap",)].must_have
    assert found[("microsoft_excel",)].must_have and found[("microsoft_excel",)].weight == 4.0  # "Advanced Excel"
    assert found[("accounting",)].min_months == 24  # "2+ years of accounting experience"
    assert not found[("cpa",)].must_have
    assert found[("quickbooks", "sap")].weight == 1.0
    education = proposal.education
    assert education.required and education.fields == ("accounting", "finance")
    assert dict(education.levels) == {"associate": 0.4, "bachelor": 1.0, "master": 1.0, "doctorate": 1.0}


def test_registered_nurse():
    _, proposal = proposal_for("registered_nurse")
    found = by_skills(proposal)
    assert found[("nursing",)].must_have and found[("nursing",)].evidence == "RN"
    assert found[("bls_cpr",)].must_have  # "BLS certification required; ACLS preferred."
    assert not found[("patient_care",)].must_have
    education = proposal.education
    # "Associate degree in Nursing required; BSN preferred."
    assert education.required and education.fields == ("nursing",)
    assert dict(education.levels)["associate"] == 0.8 and dict(education.levels)["bachelor"] == 1.0
    assert proposal.experience.target_months == 12


def test_nice_to_have_cue_beats_a_requirements_heading_and_ranges_take_their_lower_bound():
    text = "Requirements\n- 3-5 years of Java.\n- Kotlin is a plus.\n"
    found = by_skills(propose_profile(text, load_taxonomy()))
    assert found[("java",)].must_have and found[("java",)].min_months == 36
    assert not found[("kotlin",)].must_have and found[("kotlin",)].sentence.status == "nice"


def test_a_skill_named_alone_elsewhere_leaves_the_list_of_alternatives():
    text = "Requirements\n- Python or Java.\n- Strong Python.\n"
    found = by_skills(propose_profile(text, load_taxonomy()))
    # Java was only ever an alternative to Python, which now stands on its own
    assert set(found) == {("python",)}
    assert found[("python",)].sentence.text == "Strong Python."


def test_an_empty_description_proposes_nothing():
    proposal = propose_profile("", load_taxonomy())
    assert proposal.competencies == () and proposal.education is None and proposal.experience is None


def test_each_clause_of_a_sentence_asks_for_its_own():
    text = "Qualifications\n- Bachelor's degree in Finance required, Master's degree preferred.\n- Strong SQL required, Tableau preferred.\n"
    proposal = propose_profile(text, load_taxonomy())
    found = by_skills(proposal)
    assert found[("sql",)].must_have and found[("sql",)].weight == 4.0
    assert not found[("tableau",)].must_have and found[("tableau",)].status == "nice"
    assert found[("tableau",)].weight == 1.0  # "Strong" stresses SQL, in the other clause
    levels = dict(proposal.education.levels)
    assert proposal.education.required and levels["bachelor"] == 0.8 and levels["master"] == 1.0


def test_preferred_experience_is_the_target_without_a_minimum():
    text = "About you\n- Python skills; 3+ years of experience in analytics preferred.\n"
    experience = propose_profile(text, load_taxonomy()).experience
    assert experience.target_months == 36 and experience.min_months == 0


def test_examples_of_a_kind_of_skill_are_alternatives_and_fields_are_not_skills():
    text = (
        "Required qualifications:\n"
        "- Experience with cloud platforms (AWS, GCP, Azure).\n"
        "- Familiarity with BI tools such as Tableau, Looker or Power BI.\n"
        "- Bachelor's degree in a quantitative field (Statistics, Economics, Computer Science) or equivalent experience.\n"
    )
    proposal = propose_profile(text, load_taxonomy())
    found = by_skills(proposal)
    assert found[("cloud_computing", "aws", "gcp", "azure")].must_have
    assert found[("business_intelligence", "tableau", "looker", "power_bi")].must_have
    assert not any("statistics" in c.skills or "economics" in c.skills for c in proposal.competencies)
    assert proposal.education.fields == ("statistics", "economics", "computer science")


def test_competency_keys_are_unique_slugs():
    text = (
        "Requirements\n"
        "- Python, Java, Scala, Kotlin, Rust, Haskell, Ruby or TypeScript.\n"
        "- Python, Java, Scala, Kotlin, Rust, Haskell, Ruby or JavaScript.\n"
    )
    keys = [c.key for c in propose_profile(text, load_taxonomy()).competencies]
    assert len(keys) == len(set(keys)) and all(len(k) <= 60 for k in keys)


def test_periods_written_out():
    text = "Requirements\n- Minimum of five (5) years of relevant experience.\n- 3 or more years of Python.\n"
    proposal = propose_profile(text, load_taxonomy())
    assert proposal.experience.target_months == 60 and proposal.experience.min_months == 60
    assert by_skills(proposal)[("python",)].min_months == 36


def test_headings_in_other_words():
    text = (
        "Software Engineer\n\n"
        "Your Responsibilities\n- Maintain services in Java.\n\n"
        "What you'll need to succeed:\n- Strong Java.\n- Working knowledge of SQL.\n\n"
        "BONUS POINTS IF YOU HAVE\n- Kotlin.\n\n"
        "Strong Git Skills\n"
    )
    found = by_skills(propose_profile(text, load_taxonomy()))
    assert found[("java",)].must_have and found[("java",)].mentions == 2
    assert found[("sql",)].must_have and found[("sql",)].sentence.section == "required"
    assert not found[("kotlin",)].must_have and found[("kotlin",)].sentence.section == "preferred"
    assert found[("git",)].must_have and found[("git",)].weight == 4.0  # a heading-shaped line is read too


def test_headings_inside_a_pasted_paragraph():
    text = (
        "We build payment APIs. Responsibilities: run services on Kubernetes. "
        "Requirements: 5+ years of Go. Nice to have: Rust."
    )
    found = by_skills(propose_profile(text, load_taxonomy()))
    assert not found[("kubernetes",)].must_have and found[("kubernetes",)].sentence.section == "duties"
    assert found[("go_lang",)].must_have and found[("go_lang",)].min_months == 60
    assert found[("go_lang",)].sentence.text == "5+ years of Go."
    assert not found[("rust_lang",)].must_have and found[("rust_lang",)].sentence.text == "Rust."


def test_a_heading_no_cue_names_ends_the_section_above():
    text = (
        "Requirements\n- Current BLS certification.\n\n"
        "Work Schedule\nNights, with Kubernetes on-call support.\n"
    )
    found = by_skills(propose_profile(text, load_taxonomy()))
    assert found[("bls_cpr",)].must_have
    assert not found[("kubernetes",)].must_have and found[("kubernetes",)].sentence.section == ""


# Lines of the kinds job descriptions are made of, to recombine in any order.
LINES = [
    "Requirements", "Nice to have:", "What you'll do", "About us", "Benefits", "Physical Demands", "BONUS POINTS",
    "- 5+ years of Python.", "• Strong SQL required, Tableau preferred.", "Experience with AWS, GCP or Azure.",
    "cloud platforms (AWS, GCP, Azure)", "BS or MS in Computer Science, Statistics or a related field.",
    "Bachelor's degree required; Master's preferred.", "3 or more years of experience", "five (5) years",
    "Recent graduates welcome.", "Requirements: Go. Nice to have: Rust.", "Design, build and ship models.",
    "We do not discriminate on the basis of age.", "(", ")", "e.g.", "", "-", "•", "…", "经验",
]
descriptions = st.lists(st.one_of(st.sampled_from(LINES), st.text(max_size=40)), max_size=25).map("\n".join)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(descriptions)
def test_any_text_gives_anchored_proposals_that_serialise(text):
    proposal = propose_profile(text, load_taxonomy())
    for sentence in proposal.sentences:
        assert text[sentence.start:sentence.end] == sentence.text
    keys = [c.key for c in proposal.competencies]
    assert len(keys) == len(set(keys))
    for c in proposal.competencies:
        assert text[c.start:c.end] == c.evidence and c.sentence.start <= c.start < c.end <= c.sentence.end
        assert c.weight > 0 and c.min_months >= 0 and c.skills and len(c.key) <= 60
    json.dumps(proposal.to_dict())
