"""Possible duplicates: the same resume, or likely the same person, sent to one job more than once.

Same content: a resume file with the same sha256, or a text that reads the same once case and spacing are
evened out (ParseResult.text_digest). Likely the same person: the same email address or phone number (on
the candidate, or read from their resume), or the same name with the same text. Only applications to the
same job are compared, and only ones not merged already: those are what a recruiter may merge.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from screening.fingerprints import email_key, name_key, phone_key
from screening.models import Application, ParseResult

SAME_FILE = "same file"
SAME_TEXT = "same text"
SAME_EMAIL = "same email address"
SAME_PHONE = "same phone number"
SAME_NAME = "same name"


@dataclass(frozen=True)
class PossibleDuplicate:
    application: Application
    reasons: tuple[str, ...]

    @property
    def same_content(self) -> bool:
        return SAME_FILE in self.reasons or SAME_TEXT in self.reasons


def unmerged(qs: QuerySet[Application]) -> QuerySet[Application]:
    """Applications still in their own right (a merged one counts as the one it was merged into)."""
    return qs.filter(merged_at__isnull=True)


def _contact(application: Application) -> tuple[set[str], set[str], str]:
    """The emails, phones and name known for an application's candidate: typed in, and read from its resumes."""
    candidate = application.candidate
    emails = {email_key(candidate.email)} if candidate.email else set()
    phones = {phone_key(candidate.phone)} if candidate.phone else set()
    parse = application.current_resume.parse if application.current_resume_id and application.current_resume else None
    facts = parse.facts if parse else {}
    emails |= {email_key(e.get("text", "")) for e in facts.get("emails") or [] if e.get("text")}
    phones |= {phone_key(p.get("text", "")) for p in facts.get("phones") or [] if p.get("text")}
    name = candidate.name or ((facts.get("name") or {}).get("text") or "")
    return emails - {""}, phones - {""}, name_key(name)


def duplicates_for(*, application: Application) -> list[PossibleDuplicate]:
    """Other unmerged applications to the same job that look like this one, with the reasons why."""
    if application.merged_at is not None:
        return []
    others = unmerged(Application.objects.filter(job_id=application.job_id)).exclude(pk=application.pk)
    shas = set(application.resumes.values_list("sha256", flat=True))
    digests = set(
        ParseResult.objects.filter(resume__application=application).exclude(text_digest="").values_list(
            "text_digest", flat=True
        )
    )
    emails, phones, name = _contact(application)
    reasons: dict[int, list[str]] = {}

    def add(pks, reason: str) -> None:
        for pk in pks:
            reasons.setdefault(pk, [])
            if reason not in reasons[pk]:
                reasons[pk].append(reason)

    if shas:
        add(others.filter(resumes__sha256__in=shas).values_list("pk", flat=True), SAME_FILE)
    if digests:
        add(others.filter(resumes__parses__text_digest__in=digests).values_list("pk", flat=True), SAME_TEXT)
    if emails:
        typed = Q()
        for email in emails:
            # Typed on the form, or read from the other resume (imports have no address of their own).
            typed |= Q(candidate__email__iexact=email) | Q(current_resume__parse__text__icontains=email)
        add(others.filter(typed).values_list("pk", flat=True), SAME_EMAIL)
    # Phones and names are evened out in Python: few candidates per job have one, and the forms vary.
    # Only the facts of each parse are read here, not its text.
    rows = others.select_related("candidate", "current_resume__parse").defer(
        *(f"current_resume__parse__{name}" for name in ("text", "blind_text", "search_vector", "blind_search_vector"))
    )
    by_pk = {}
    for other in rows:
        by_pk[other.pk] = other
        other_emails, other_phones, other_name = _contact(other)
        if emails & other_emails:
            add([other.pk], SAME_EMAIL)
        if phones & other_phones:
            add([other.pk], SAME_PHONE)
        if name and name == other_name and SAME_TEXT in reasons.get(other.pk, ()):
            add([other.pk], SAME_NAME)
    found = [PossibleDuplicate(application=by_pk[pk], reasons=tuple(r)) for pk, r in reasons.items() if pk in by_pk]
    return sorted(found, key=lambda d: (not d.same_content, -len(d.reasons), d.application.created_at))


def has_duplicate() -> Exists:
    """For the ranked list's rows: another unmerged application to the same job whose current resume is the
    same file or reads the same (the cheap half of `duplicates_for`, as one subquery per row)."""
    others = unmerged(Application.objects.filter(job_id=OuterRef("job_id"))).exclude(pk=OuterRef("pk"))
    same_file = Q(current_resume__sha256=OuterRef("current_resume__sha256"))
    same_text = Q(current_resume__parse__text_digest=OuterRef("current_resume__parse__text_digest")) & ~Q(
        current_resume__parse__text_digest=""
    )
    return Exists(others.filter(same_file | same_text))
