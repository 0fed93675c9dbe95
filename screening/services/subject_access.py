"""Subject access: everything we hold about a candidate, as JSON, for the candidate or an admin; audited."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from screening.models import Application, AuditEvent, Candidate, Resume

from .audit import audit_record


def _iso(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


@sensitive_variables()  # the export is all personal data: keep it out of error reports
@transaction.atomic
def candidate_export(
    *,
    candidate: Candidate,
    actor: User | None = None,
    actor_kind: str | None = None,
    request: HttpRequest | None = None,
) -> dict[str, Any]:
    """Everything we hold about a candidate, as JSON-able data (a subject access request); audited.

    Notes written by the hiring team are included: they are personal data about the candidate. Who
    wrote them is not (that is the recruiter's personal data), nor are ratings' authors.
    """
    candidate = Candidate.objects.get(pk=candidate.pk)
    applications = (
        Application.objects.filter(candidate=candidate)
        .select_related("job")
        .prefetch_related(
            "stage_changes", "notes", "ratings", "corrections", "resumes__parses", "scores__profile_version"
        )
        .order_by("created_at", "pk")
    )
    data: dict[str, Any] = {
        "format": "screening.subject-access/1",
        "generated_at": timezone.now().isoformat(),
        "candidate": {
            "id": str(candidate.public_id),
            "name": candidate.name,
            "email": candidate.email,
            "phone": candidate.phone,
            "legal_basis": candidate.legal_basis,
            "consent_version": candidate.consent_version,
            "consent_at": _iso(candidate.consent_at),
            "created_at": _iso(candidate.created_at),
            "erased_at": _iso(candidate.erased_at),
            "anonymised_at": _iso(candidate.anonymised_at),
        },
        "applications": [_application_export(app) for app in applications],
    }
    ids = [str(candidate.public_id)] + [str(a["id"]) for a in data["applications"]]
    ids += [r["id"] for a in data["applications"] for r in a["resume_versions"]]
    data["activity"] = [
        {"at": _iso(e.at), "action": e.action, "object_type": e.object_type, "object_id": e.object_id}
        for e in AuditEvent.objects.filter(object_id__in=ids).order_by("at", "id")
    ]
    audit_record(
        action="candidate.exported",
        object_type="candidate",
        object_id=candidate.public_id,
        actor=actor,
        actor_kind=actor_kind,
        request=None if actor_kind == "candidate" else request,
        data={"applications": len(data["applications"])},
    )
    return data


def _application_export(application: Application) -> dict[str, Any]:
    resumes = sorted(application.resumes.all(), key=lambda r: r.version)
    return {
        "id": str(application.public_id),
        "job": application.job.title,
        "source": application.source,
        "stage": application.stage,
        "applied_at": _iso(application.created_at),
        "stage_history": [
            {"from": c.from_stage, "to": c.to_stage, "at": _iso(c.at), "by_candidate": c.by_candidate}
            for c in application.stage_changes.all()
        ],
        "resume_versions": [_resume_export(r) for r in resumes],
        "scores": [
            {
                "profile_version": s.profile_version.number,
                "total": s.total,
                "must_haves_met": s.must_haves_met,
                "missing_must_haves": s.missing_must_haves,
                "flags": s.flags,
                "scored_at": _iso(s.scored_at),
            }
            for s in application.scores.all()
        ],
        "notes": [{"at": _iso(n.created_at), "text": n.body} for n in application.notes.all()],
        "ratings": [{"stars": r.stars, "at": _iso(r.created_at)} for r in application.ratings.all()],
        "corrections": [
            {
                "at": _iso(c.created_at),
                "about": c.field,
                "comment": c.comment,
                "state": c.state,
                "reply": c.reply,
                "replied_at": _iso(c.replied_at),
                "resolved_at": _iso(c.resolved_at),
            }
            for c in application.corrections.all()
        ],
    }


def _resume_export(resume: Resume) -> dict[str, Any]:
    parses = sorted(resume.parses.all(), key=lambda p: p.created_at)
    return {
        "id": str(resume.public_id),
        "version": resume.version,
        "file_name": resume.original_name,
        "kind": resume.kind,
        "size": resume.size,
        "sha256": resume.sha256,
        "uploaded_at": _iso(resume.created_at),
        "status": resume.status,
        "processed_at": _iso(resume.processed_at),
        "readings": [
            {"parser_version": p.parser_version, "read_at": _iso(p.created_at), "text": p.text, "facts": p.facts}
            for p in parses
        ],
    }
