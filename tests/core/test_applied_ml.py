"""The hands-on ML signal: model work in one's own roles and projects, not ML vocabulary."""
import datetime

from screening.nlp import extract
from screening.nlp.matching import match
from screening.scoring import CompetencySpec, ProfileSpec, score

TODAY = datetime.date(2025, 6, 15)
SPEC = ProfileSpec(
    competencies=(
        CompetencySpec(key="applied-ml", name="Hands-on ML", category="ml_techniques", weight=12,
                       signals=("applied_ml",), must_have=True),
        CompetencySpec(key="python", name="Python", category="programming", weight=6, skills=("python",)),
    )
)


def _applied(text):
    facts = extract(text, today=TODAY)
    features = match(text, facts, SPEC, today=TODAY)
    return features.competencies[0], score(features, SPEC)


def test_models_built_in_a_dated_role_count():
    found, result = _applied(
        "Jane Doe\n\nEXPERIENCE\nData Scientist, Acme Analytics\nJan 2021 - Dec 2023\n"
        "Trained a random forest classifier to predict churn and deployed it behind an API.\n"
    )
    assert found.placement == 5 and found.months == 36
    assert result.must_haves_met
    assert "random forest classifier" in found.evidence[0].text


def test_project_work_counts_as_a_project():
    found, _ = _applied(
        "Sam Lee\n\nPROJECTS\nCustomer segmentation: applied k-means clustering to 2M transactions.\n"
    )
    assert found.placement == 3


def test_vocabulary_and_look_alikes_do_not_count():
    found, result = _applied(
        "Pat Kim\n\nSUMMARY\nPassionate about machine learning, currently learning ML and deep learning.\n\n"
        "SKILLS\nPython, TensorFlow, scikit-learn, machine learning\n\n"
        "EXPERIENCE\nMechanical Designer, Acme Works\nJan 2015 - Dec 2020\n"
        "Created solid CAD models and built the business model for a new product line.\n"
        "Automated regression testing and implemented server clustering.\n"
    )
    assert found.placement == 0
    assert not result.must_haves_met and result.missing_must_haves == ("applied-ml",)


def _ml_months(text):
    facts = extract(text, today=TODAY)
    return facts, match(text, facts, SPEC, today=TODAY)


def test_ml_months_come_from_roles_that_do_the_work():
    # The fraud analyst's role names a neural network product (an ML role to the reader's vocabulary), the
    # data scientist's role trains models: only the second is years of ML work; the first is related.
    facts, features = _ml_months(
        "Jo Bloggs\n\nEXPERIENCE\n"
        "Fraud Analyst, First Bank\nJan 2015 - Dec 2017\n"
        "Maintained a working knowledge of the Falcon Fraud Neural Network and reviewed flagged accounts.\n"
        "Model Developer, Acme Analytics\nJan 2020 - Dec 2021\n"
        "Trained gradient boosting models to predict loan default and evaluated them on holdout data.\n"
    )
    assert [r.ml_relevant for r in facts.experience] == [True, True]
    assert features.ml_experience_months == 24
    assert features.related_experience_months == 60


def test_an_ml_title_is_ml_work_without_a_hands_on_line():
    _, features = _ml_months(
        "Jo Bloggs\n\nEXPERIENCE\nMachine Learning Engineer, Acme AI\nJan 2020 - Dec 2021\n"
        "Owned the deep learning platform roadmap with three teams.\n"
    )
    assert features.ml_experience_months == 24
