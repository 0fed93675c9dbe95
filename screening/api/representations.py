"""What the API says about jobs and applications, as JSON-ready dicts, with blind review applied as on the
web: a hidden candidate has an anonymous label, no contact details, and their resume text, facts and
evidence quotes come with everything that tells who they are masked (same length, so offsets still hold)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from screening.blind import candidate_label, identity_spans, is_blind, merge_spans
from screening.models import Application, Job, Resume, Score
from screening.nlp.facts import ResumeFacts
from screening.presenters.evidence import locate

if TYPE_CHECKING:
    from screening.selectors.filters import ScoredApplication

MASK_CHAR = "•"
# Facts that say who someone is; under blind review they are left out (the web hides them too).
IDENTITY_FACTS = ("name", "emails", "phones", "links", "location", "extra")
IDENTITY_EDUCATION = ("institution", "year", "year_span")


def job_dict(job: Job) -> dict[str, Any]:
    return {
        "slug": job.slug,
        "id": str(job.public_id),
        "title": job.title,
        "description": job.description,
        "company": job.company,
        "location": job.location,
        "employment_type": job.employment_type or None,
        "salary": (
            None
            if job.salary_min is None and job.salary_max is None
            else {"min": job.salary_min, "max": job.salary_max, "currency": job.salary_currency, "period": job.salary_period}
        ),
        "is_open": job.is_open,
        "blind_review": job.blind_review,
        "profile": job.profile.slug,
        "profile_version": job.profile.published_version.number if job.profile.published_version else None,
    }


def _status(application: Application) -> str:
    resume = application.current_resume
    return getattr(application, "processing_status", None) or (resume.status if resume else Resume.Status.RECEIVED)


def _candidate(application: Application) -> dict[str, Any]:
    candidate = application.candidate
    erased = candidate.erased_at is not None or candidate.anonymised_at is not None
    hidden = is_blind(application) or erased
    return {
        "label": candidate_label(application),
        "hidden": is_blind(application),
        "erased": erased,
        "name": None if hidden else candidate.name,
        "email": None if hidden else candidate.email or None,
        "phone": None if hidden else candidate.phone or None,
    }


def application_row(application: ScoredApplication, rank: int | None) -> dict[str, Any]:
    """One row of the ranked list (score columns come annotated by the ranking selectors)."""
    scored = application.score_total is not None
    return {
        "id": str(application.public_id),
        "rank": rank,
        "candidate": _candidate(application),
        "applied_at": application.created_at,
        "stage": application.stage,
        "status": _status(application),
        "score": round(application.score_total, 2) if application.score_total is not None else None,
        "must_haves_met": application.score_must_haves_met if scored else None,
        "missing_must_haves": list(application.score_missing or []) if scored else [],
        "flags": list(application.score_flags or []) if scored else [],
    }


def _masked(text: str, spans) -> str:
    chars = list(text)
    for start, end in merge_spans(spans):
        for i in range(max(0, start), min(end, len(chars))):
            if chars[i] != "\n":
                chars[i] = MASK_CHAR
    return "".join(chars)


def _respan(value: Any, text: str) -> Any:
    """Every {"text", "start", "end"} inside `value` with its text read again from (masked) `text`."""
    if isinstance(value, dict):
        out = {k: _respan(v, text) for k, v in value.items()}
        start, end = out.get("start"), out.get("end")
        if isinstance(out.get("text"), str) and isinstance(start, int) and isinstance(end, int):
            out["text"] = text[start:end] if 0 <= start <= end <= len(text) else MASK_CHAR * len(out["text"])
        return out
    if isinstance(value, list):
        return [_respan(v, text) for v in value]
    return value


def _blind_facts(facts: dict[str, Any], masked_text: str) -> dict[str, Any]:
    facts = {k: v for k, v in facts.items() if k not in IDENTITY_FACTS}
    facts["education"] = [
        {k: v for k, v in entry.items() if k not in IDENTITY_EDUCATION} for entry in facts.get("education", [])
    ]
    facts["experience"] = [{k: v for k, v in role.items() if k != "location"} for role in facts.get("experience", [])]
    return _respan(facts, masked_text)


def application_detail(application: Application, score: Score | None, breakdown) -> dict[str, Any]:
    """The candidate page as data: status, score with each competency's points and evidence, facts, stage."""
    resume = application.current_resume
    parse = score.parse if score and score.parse_id else (resume.parse if resume else None)
    text = parse.text if parse else ""
    facts_data = parse.facts if parse and parse.facts else None
    blind = is_blind(application)
    if blind and text:
        facts = ResumeFacts.from_dict(facts_data) if facts_data else None
        text = _masked(text, identity_spans(text, facts, names=[application.candidate.name]))
        facts_data = _blind_facts(facts_data, text) if facts_data else None
    status = resume.status if resume else Resume.Status.RECEIVED
    return {
        "id": str(application.public_id),
        "job": application.job.slug,
        "candidate": _candidate(application),
        "applied_at": application.created_at,
        "stage": application.stage,
        "stage_changed_at": application.stage_changed_at,
        "human_review": application.human_review,
        "status": status,
        "error": (resume.error_message or None) if resume and status != Resume.Status.PROCESSED else None,
        "score": _score(score, breakdown, text, blind) if score is not None else None,
        "facts": facts_data,
        "text": text or None,
    }


def _score(score: Score, breakdown, text: str, blind: bool) -> dict[str, Any]:
    items = []
    for item in breakdown.items:
        evidence = []
        for ev in item.evidence:
            where = locate(text, ev.text, ev.start, ev.end) if text else None
            if where is None and blind:
                continue  # cannot be placed in the text, so it cannot be masked: not quoted (as on the web)
            start, end = where if where else (ev.start, ev.end)
            evidence.append(
                {"text": text[start:end] if where else ev.text, "start": start, "end": end, "section": ev.section}
            )
        items.append(
            {
                "key": item.key,
                "name": item.name,
                "category": item.category,
                "earned": round(item.earned, 2),
                "possible": round(item.possible, 2),
                "strength": round(item.strength, 3),
                "placement": item.placement,
                "months": item.months,
                "last_used": item.last_used,
                "must_have": item.must_have,
                "below_min_months": item.below_min_months,
                "evidence": evidence,
            }
        )
    return {
        "total": round(score.total, 2),
        "must_haves_met": score.must_haves_met,
        "missing_must_haves": list(score.missing_must_haves),
        "flags": list(score.flags),
        "profile_version": score.profile_version.number,
        "competencies": items,
    }
