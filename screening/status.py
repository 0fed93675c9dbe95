"""How an application's state is described to the candidate, in plain words."""
from __future__ import annotations

from dataclasses import dataclass

from screening.models import Application, Resume

STAGE_WORDS: dict[str, str] = {
    Application.Stage.NEW: "Your application is with the hiring team.",
    Application.Stage.SCREENING: "The hiring team is reviewing your application.",
    Application.Stage.INTERVIEW: "You have been selected for an interview. The team will contact you.",
    Application.Stage.OFFER: "The team is preparing an offer.",
    Application.Stage.HIRED: "Congratulations, you have been hired.",
    Application.Stage.REJECTED: "The team decided not to move forward with your application this time.",
    Application.Stage.WITHDRAWN: "You withdrew this application.",
}


@dataclass(frozen=True)
class CandidateStatus:
    processing: str  # received | processing | processed | needs_review | failed
    label: str
    detail: str
    stage: str  # the stage the candidate is told of
    stage_label: str
    stage_detail: str
    final: bool  # processing has finished (the page stops polling)


# While the process is open a person still decides; once it is over (or the candidate is in interviews)
# the page must not say a decision is still to come.
_DECIDING = (Application.Stage.NEW, Application.Stage.SCREENING)


def stage_told(application: Application) -> str:
    """The stage the candidate is told of: a rejection still inside its undo window is not news yet, so
    until its email goes the candidate sees the stage it was made from."""
    from screening.models import StageChange

    if application.stage != Application.Stage.REJECTED:
        return application.stage
    waiting = (
        StageChange.objects.filter(
            application=application,
            to_stage=Application.Stage.REJECTED,
            email_due_at__isnull=False,
            email_sent_at__isnull=True,
            undone_at__isnull=True,
        )
        .order_by("-at", "-id")
        .values_list("from_stage", flat=True)
        .first()
    )
    return waiting or application.stage


def candidate_status(application: Application) -> CandidateStatus:
    resume = application.current_resume
    processing = resume.status if resume else Resume.Status.RECEIVED
    stage = stage_told(application)
    closed = stage in (Application.Stage.REJECTED, Application.Stage.WITHDRAWN, Application.Stage.HIRED)
    read = "Your resume has been read." + (" A person on the hiring team decides." if stage in _DECIDING else "")
    words: dict[str, tuple[str, str]] = {
        Resume.Status.RECEIVED: ("Received", "We have your resume and will read it in a moment."),
        Resume.Status.PROCESSING: ("Being read", "We are reading your resume."),
        Resume.Status.PROCESSED: ("Processed", read),
        Resume.Status.NEEDS_REVIEW: (
            "Waiting for a person",
            "We could not read text from your resume automatically."
            + (
                ""
                if closed
                else " A person will look at it. You can also upload a text-based PDF, Word or plain-text version."
            ),
        ),
        Resume.Status.FAILED: (
            "Could not be read",
            "We could not read your resume file."
            + ("" if closed else " Please upload it again, as PDF, Word (.docx) or plain text."),
        ),
    }
    label, detail = words[processing]
    return CandidateStatus(
        processing=processing,
        label=label,
        detail=detail,
        stage=stage,
        stage_label=Application.Stage(stage).label,
        stage_detail=STAGE_WORDS[stage],
        final=processing in Resume.FINAL_STATUSES,
    )


@dataclass(frozen=True)
class ReadSummary:
    """What we read from the candidate's current resume, in the words shown to them."""

    skills: tuple[str, ...]
    education: tuple[str, ...]
    roles: tuple[str, ...]
    experience_months: int

    @property
    def experience_words(self) -> str:
        years, months = divmod(self.experience_months, 12)
        parts = [f"{years} year{'s' if years != 1 else ''}"] if years else []
        if months or not parts:
            parts.append(f"{months} month{'s' if months != 1 else ''}")
        return " and ".join(parts)


def _join(*parts: str | None) -> str:
    return " · ".join(p for p in parts if p)


def what_we_read(application: Application) -> ReadSummary | None:
    """Skills, education and roles read from the current resume; None until it has been read."""
    from screening.nlp.facts import ResumeFacts  # the core, without Django: cheap to import lazily

    resume = application.current_resume
    parse = resume.parse if resume is not None else None
    if parse is None or not parse.facts:
        return None
    facts = ResumeFacts.from_dict(parse.facts)
    education = tuple(
        _join(
            (e.degree.text if e.degree else "") + (f" in {e.field.text}" if e.field else ""),
            e.institution.text if e.institution else None,
            str(e.year) if e.year else None,
        )
        or "An education entry"
        for e in facts.education
    )
    roles = []
    for role in facts.experience:
        dates = " – ".join(d.text for d in (role.start, role.end) if d is not None)
        roles.append(
            _join(
                role.title.text if role.title else "A role",
                role.employer.text if role.employer else None,
                dates,
                f"{role.months} months" if role.months else None,
            )
        )
    return ReadSummary(
        skills=tuple(s.name for s in facts.skills),
        education=education,
        roles=tuple(roles),
        experience_months=facts.total_experience_months or (facts.stated_experience_months or 0),
    )
