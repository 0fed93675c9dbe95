"""Signals: evidence a competency reads from facts other than skills, hands-on ML work above all.

`applied_ml` (hands-on ML work) is a line of one's own role or project where an action meets a modelling
technique; it also decides which roles' months count as ML months. The other signals read the facts named in
SIGNALS (projects, open source, competitions...) and internships from role titles.
"""
from __future__ import annotations

import re
from typing import Iterable, Protocol

from screening.nlp.facts import Item, ResumeFacts, TextSpan

class Placement(Protocol):
    """Where offsets fall (the matcher's layout): the section and the role at an offset."""

    def section_at(self, offset: int) -> str: ...

    def role_at(self, offset: int) -> int | None: ...


# Which facts a signal reads, and the section name their evidence counts as.
SIGNALS = {
    "projects": ("projects", "projects"),
    "open_source": ("open_source", "open_source"),
    "competitions": ("competitions", "competitions"),
    "publications": ("publications", "publications"),
    "certifications": ("certifications", "certifications"),
    "awards": ("awards", "awards"),
}
SIGNAL_NAMES = (*SIGNALS, "internship", "applied_ml")

# Hands-on machine learning, as a hiring manager reads it: a sentence of a role or a project where the
# candidate builds, trains, evaluates or ships a model or a named modelling technique. Knowing the words
# ("familiar with ML", "learning ML", "ML on the roadmap") is not doing the work; naming a technique
# beside an action verb in one's own role or project is. Bounded gaps keep the scan linear.
_APPLIED_ML_VERB = (
    r"(?:buil[dt]|building|train(?:ed|ing)?|re-?train(?:ed|ing)?|fine-?tun(?:ed|ing)|tun(?:ed|ing)|"
    r"develop(?:ed|ing)?|design(?:ed|ing)?|implement(?:ed|ing)?|evaluat(?:ed|ing)|validat(?:ed|ing)|"
    r"deploy(?:ed|ing)?|productioni[sz](?:ed|ing)|creat(?:ed|ing)|appl(?:ied|ying)|model(?:l?ed|l?ing)|"
    r"predict(?:ed|ing)?|forecast(?:ed|ing)?|classif(?:ied|ying)|cluster(?:ed|ing)|benchmark(?:ed|ing)|"
    r"prototyp(?:ed|ing)|improv(?:ed|ing)|optimi[sz](?:ed|ing)|automat(?:ed|ing)|us(?:ed|ing))"
)
# A bare "model", "regression" or "clustering" is as often a CAD model, a business model, regression
# testing or a server cluster: those count only with a word that makes them statistical learning.
_APPLIED_ML_OBJECT = (
    r"(?:(?:ml|machine\s+learning|predictive|statistical|classification|regression|forecasting|deep\s+learning|"
    r"neural|language|nlp|recommendation|churn|propensity|ranking|time[\s-]series|ai|learning|clustering|"
    r"supervised|unsupervised|probabilistic|bayesian|generative|vision|detection|segmentation)\s+models?|"
    r"classifiers?|(?:text|image|document|binary|multi-?class)\s+classification|"
    r"classification\s+(?:models?|algorithms?|problems?)|"
    r"(?:linear|logistic|lasso|ridge|polynomial|multiple|multivariate)\s+regressions?|"
    r"neural\s+net(?:work)?s?|random\s+forests?|decision\s+trees?|gradient\s+boost(?:ing|ed)|xgboost|lightgbm|"
    r"clustering\s+(?:algorithms?|analysis)|k-?means|k-?nearest|"
    r"recommend(?:er|ation)\s+(?:systems?|engines?)|predictive\s+(?:modell?ing|analytics)|"
    r"machine\s+learning|deep\s+learning|cnns?|rnns?|lstms?|transformers?\s+models?|bert|word\s+embeddings?|"
    r"natural\s+language\s+processing|computer\s+vision|object\s+detection|sentiment\s+analysis|"
    r"naive\s+bayes|svms?|support\s+vector\s+machines?|scikit-?learn|sklearn|tensorflow|pytorch|keras|"
    r"anomaly\s+detection|reinforcement\s+learning)"
)
_APPLIED_ML_RX = re.compile(
    rf"\b{_APPLIED_ML_VERB}\b[^.;\n]{{0,80}}?\b{_APPLIED_ML_OBJECT}\b"
    rf"|\b{_APPLIED_ML_OBJECT}\b[^.;\n]{{0,40}}?\b(?:buil[dt]|trained|developed|designed|implemented|"
    rf"evaluated|deployed|created|tuned)\b",
    re.IGNORECASE,
)
# Where one's own hands-on work is written: roles (found by offset) and these sections.
_APPLIED_ML_SECTIONS = frozenset({"experience", "projects", "open_source", "publications", "competitions"})


def signal_items(
    facts: ResumeFacts, signal: str, text: str, layout: Placement
) -> Iterable[tuple[Item | TextSpan, str]]:
    if signal == "applied_ml":
        yield from _applied_ml_sentences(text, layout)
        return
    if signal == "internship":
        for role in facts.experience:
            if role.title is not None and "intern" in role.title.text.lower():
                yield TextSpan(role.title.text, role.title.start, role.title.end), "experience"
        return
    if signal in SIGNALS:
        attr, section = SIGNALS[signal]
        for item in getattr(facts, attr):
            yield item, section


# A title that names the work: "Data Scientist", "Machine Learning Engineer", "NLP Research Engineer".
_ML_TITLE_RX = re.compile(
    r"\b(?:machine[\s-]+learning|ml|ai|artificial\s+intelligence|deep\s+learning|data\s+scien(?:ce|tists?)|"
    r"nlp|natural\s+language|computer\s+vision|mlops|applied\s+scientist|research\s+scientist)\b",
    re.IGNORECASE,
)


def hands_on_ml_roles(text: str, facts: ResumeFacts, layout: Placement) -> set[int]:
    """The roles whose months count as ML months: an ML role (the reader's ML vocabulary) whose title names
    ML work, or where the candidate's own lines show hands-on model work. Mentioning ML in a role (a fraud
    analyst "aware of the Falcon neural network", a marketer at "the junction of marketing and machine
    learning") is vocabulary, not years of doing the work: such roles count as related experience."""
    roles: set[int] = {
        i for i, role in enumerate(facts.experience)
        if role.ml_relevant and role.title is not None and _ML_TITLE_RX.search(role.title.text)
    }
    for span, _ in _applied_ml_sentences(text, layout):
        at = layout.role_at(span.start)
        if at is not None and facts.experience[at].ml_relevant:
            roles.add(at)
    return roles


def _applied_ml_sentences(text: str, layout: Placement) -> Iterable[tuple[TextSpan, str]]:
    """Each line of a role or project that shows hands-on model work, once."""
    seen_lines: set[int] = set()
    for m in _APPLIED_ML_RX.finditer(text):
        line_start = text.rfind("\n", 0, m.start()) + 1
        if line_start in seen_lines:
            continue
        section = layout.section_at(m.start())
        if layout.role_at(m.start()) is None and section not in _APPLIED_ML_SECTIONS:
            continue
        seen_lines.add(line_start)
        yield TextSpan(m.group(0), m.start(), m.end()), section


