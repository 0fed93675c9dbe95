"""A candidate's choice of a person reviewing their application without the automatic ranking.

The application is then never scored (services.scores.application_score refuses it), never in the ranked
list, and waits in the job's human review queue until someone on the team decides its stage. The choice
is one-way: once asked for, a person reviews it.
"""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from screening.models import Application, Score

from .audit import audit_record
from screening.stages import WITHDRAWABLE_STAGES


@transaction.atomic
def application_choose_human_review(*, application: Application) -> bool:
    """Take the application out of the automatic ranking (its scores are deleted); False if it already was."""
    locked = Application.objects.select_for_update().select_related("candidate").get(pk=application.pk)
    candidate = locked.candidate
    if candidate.erased_at is not None or candidate.anonymised_at is not None:
        raise ValidationError("This application's data has been erased.", code="erased")
    if locked.human_review:
        return False
    if locked.stage not in WITHDRAWABLE_STAGES:
        raise ValidationError("This application is closed.", code="closed")
    _take_out_of_ranking(locked)
    application.human_review = True
    audit_record(
        action="application.human_review_chosen",
        object_type="application",
        object_id=locked.public_id,
        actor_kind="candidate",
        data={"when": "after applying"},
    )
    return True


def _take_out_of_ranking(application: Application) -> None:
    """Mark the (locked) application for human review and drop any score it already had."""
    application.human_review = True
    application.save(update_fields=["human_review", "updated_at"])
    Score.objects.filter(application=application).delete()
