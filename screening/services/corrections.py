"""The team's side of candidates' corrections: taking one on, replying, resolving or declining it."""
from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from screening.models import CorrectionRequest

from .audit import audit_record
from .notifications import candidate_email_enqueue

# What a move to each state is called in the audit log.
_ACTIONS = {
    CorrectionRequest.State.IN_PROGRESS: "correction.answered",
    CorrectionRequest.State.RESOLVED: "correction.resolved",
    CorrectionRequest.State.DECLINED: "correction.declined",
}


@transaction.atomic
def correction_answer(
    *,
    correction: CorrectionRequest,
    actor: User,
    state: str,
    reply: str = "",
    request: HttpRequest | None = None,
) -> CorrectionRequest:
    """Move a correction on (in progress, resolved or declined), with a reply the candidate sees.

    A resolved or declined correction is closed: it is not answered again (the candidate can write a new
    one). Declining needs a reply, since the candidate is owed a reason. An empty reply keeps the one
    already given. The audit event holds ids and states only: the words stay out of the log, which
    outlives erasure. A new reply, or a correction closed, is news for the candidate: they are emailed
    a notice with their status link after commit (the reply itself is shown on the status page only).
    """
    correction = CorrectionRequest.objects.select_for_update().select_related("application__candidate").get(
        pk=correction.pk
    )
    candidate = correction.application.candidate
    if candidate.erased_at is not None or candidate.anonymised_at is not None:
        raise ValidationError("This candidate's data has been erased.", code="erased")
    if state not in _ACTIONS:
        raise ValidationError("Choose in progress, resolved or declined.", code="invalid_state")
    if correction.state in CorrectionRequest.FINAL_STATES:
        raise ValidationError("This correction is already closed.", code="closed")
    reply = reply.strip()
    if state == CorrectionRequest.State.DECLINED and not (reply or correction.reply):
        raise ValidationError({"reply": "Tell the candidate why, so they know what to do next."})
    now = timezone.now()
    from_state = correction.state
    correction.state = state
    if reply:
        correction.reply = reply
        correction.replied_at = now
        correction.replied_by = actor
    if state in CorrectionRequest.FINAL_STATES:
        correction.resolved_at = now
    correction.full_clean()
    correction.save()
    audit_record(
        action=_ACTIONS[CorrectionRequest.State(state)],
        object_type="application",
        object_id=correction.application.public_id,
        actor=actor,
        request=request,
        data={"correction_id": correction.pk, "from": from_state, "to": state, "replied": bool(reply)},
    )
    if reply or state in CorrectionRequest.FINAL_STATES:
        candidate_email_enqueue(application=correction.application, kind="correction_answered")
    return correction
