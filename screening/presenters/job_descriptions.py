"""The proposal page of "start a profile from a job description": each proposal beside the sentence it came from."""
from __future__ import annotations

from dataclasses import dataclass

from screening.nlp.job_description import ProfileProposal, ProposedCompetency, SourceSentence

STATUS_LABELS = {"must": "must-have", "nice": "nice to have", "mentioned": "mentioned"}


@dataclass(frozen=True)
class CitedSentence:
    """A sentence cut around the words that were read from it, for a <mark>."""

    before: str
    evidence: str
    after: str
    section: str


def cite(sentence: SourceSentence, start: int | None = None, end: int | None = None) -> CitedSentence:
    if start is None or end is None or not (sentence.start <= start <= end <= sentence.end):
        return CitedSentence(sentence.text, "", "", sentence.section)
    a, b = start - sentence.start, end - sentence.start
    return CitedSentence(sentence.text[:a], sentence.text[a:b], sentence.text[b:], sentence.section)


@dataclass(frozen=True)
class CompetencyRow:
    competency: ProposedCompetency
    status: str
    cited: CitedSentence


def competency_rows(proposal: ProfileProposal) -> list[CompetencyRow]:
    return [
        CompetencyRow(c, STATUS_LABELS[c.status], cite(c.sentence, c.start, c.end)) for c in proposal.competencies
    ]
