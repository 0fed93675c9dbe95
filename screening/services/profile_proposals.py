"""Starting a competency profile from a pasted job description: the proposal, its fairness flags, the draft.

The proposal is read by the pure core (`nlp.job_description`); here it is checked against the editor's
fairness rules and, when the admin accepts it, turned into a new draft profile. A draft made this way is never
published automatically: the admin edits and previews it like any other.
"""
from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils.text import slugify

from screening.fairness import Warning, phrase_warnings
from screening.models import Competency, CompetencyProfile
from screening.nlp.job_description import EQUAL_OPPORTUNITY, ProfileProposal, SourceSentence, propose_profile

from .audit import audit_record
from .taxonomy import current_taxonomy

# The longest description read: real postings run to a few thousand characters; a pasted page with its menus
# and footers is not a job description.
MAX_DESCRIPTION_CHARS = 20_000


@dataclass(frozen=True)
class FlaggedSentence:
    """A sentence of the description that asks for something the editor flags (age, a named school…)."""

    sentence: SourceSentence
    warnings: tuple[Warning, ...]


def job_description_propose(*, description: str) -> ProfileProposal:
    """The proposal for a description, read with the taxonomy admins maintain."""
    if len(description) > MAX_DESCRIPTION_CHARS:
        raise ValidationError(f"A job description is at most {MAX_DESCRIPTION_CHARS:,} characters.")
    return propose_profile(description, current_taxonomy())


def proposal_flags(proposal: ProfileProposal) -> list[FlaggedSentence]:
    """The sentences the editor's fairness rules flag, in the description's order. They are shown, recorded in
    the draft's description and the audit log, and never turned into a criterion: the reader proposes only
    taxonomy skills, degree levels, subject words and periods, so "recent graduates" or "a degree from Stanford"
    adds nothing to the draft. The employer's non-discrimination statement is not flagged."""
    found = []
    for sentence in proposal.sentences:
        if sentence.section == EQUAL_OPPORTUNITY:
            continue  # it names protected attributes to say they play no part
        warnings = tuple(phrase_warnings("Job description", sentence.text))
        if warnings:
            found.append(FlaggedSentence(sentence, warnings))
    return found


def _unique_slug(name: str) -> str:
    base = slugify(name)[:100] or "profile"
    slug, n = base, 2
    while CompetencyProfile.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def profile_create_from_job_description(
    *, title: str, description: str, actor: User, request: HttpRequest | None = None
) -> CompetencyProfile:
    """A new, unpublished profile whose draft is the description's proposal (audit-logged)."""
    title = " ".join(title.split())
    if not title:
        raise ValidationError("Give the role a title.")
    proposal = job_description_propose(description=description)
    if not proposal.competencies:
        raise ValidationError("No skills from the taxonomy were found in this description: nothing to propose.")
    flags = proposal_flags(proposal)
    defaults = CompetencyProfile()  # the model's defaults for what the description does not say
    note = [f"Started from a job description for “{title}”. Review every proposal before publishing."]
    if flags:
        note.append("Flagged in the description and not used: " + " ".join(f"“{f.sentence.text}”" for f in flags))
    profile = CompetencyProfile(
        name=title,
        slug=_unique_slug(title),
        description="\n".join(note),
        education_weight=proposal.education.weight if proposal.education else defaults.education_weight,
        education_levels=dict(proposal.education.levels) if proposal.education else defaults.education_levels,
        education_fields=[
            f for f in (proposal.education.fields if proposal.education else ()) if not phrase_warnings("Education", f)
        ],
        experience_target_months=(
            proposal.experience.target_months if proposal.experience else defaults.experience_target_months
        ),
        experience_min_months=proposal.experience.min_months if proposal.experience else 0,
    )
    profile.full_clean()
    profile.save()
    for position, proposed in enumerate(proposal.competencies):
        competency = Competency(
            profile=profile,
            key=proposed.key,
            name=proposed.name,
            category=proposed.category,
            weight=proposed.weight,
            must_have=proposed.must_have,
            min_months=proposed.min_months,
            skills=list(proposed.skills),
            position=position,
        )
        competency.full_clean()
        competency.save()
    audit_record(
        action="profile.drafted_from_job_description",
        object_type="profile",
        object_id=profile.public_id,
        actor=actor,
        request=request,
        data={
            "title": title,
            "competencies": [
                {"key": c.key, "must_have": c.must_have, "weight": c.weight, "min_months": c.min_months,
                 "sentence": c.sentence.text}
                for c in proposal.competencies
            ],
            "flagged": [{"sentence": f.sentence.text, "attributes": sorted({w.attribute for w in f.warnings})} for f in flags],
        },
    )
    return profile
