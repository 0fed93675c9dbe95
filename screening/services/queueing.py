"""Handing work to the Celery workers once the current transaction commits, without ever failing it.

Every write that starts background work (reading a resume, a re-score run, an email, a webhook delivery)
queues it after commit, tries the broker once, and on failure logs the id and leaves the work to its
sweep: an unreachable broker must not turn a request whose rows are already saved into a 500.
"""

from __future__ import annotations

import logging
from typing import Any, Callable

from django.db import transaction

logger = logging.getLogger(__name__)


def send_after_commit(
    task: Any,
    object_id: int,
    *,
    what: str,
    args: tuple = (),
    then: str,
    sent: Callable[[], object] | None = None,
    countdown: float | None = None,
) -> None:
    """Queue `task(object_id, *args)` after the current transaction commits.

    `what` names the object in the log ("resume"); `then` says what becomes of it when the broker cannot
    be reached ("the sweep will retry"); `sent` runs only once the broker has taken the message (e.g. to
    stamp `enqueued_at`, which the sweeps read); `countdown` asks the broker to hold the message that many
    seconds (a convenience: the row says when the work is due, and the task checks it).
    """

    def send() -> None:
        try:
            if countdown:
                task.apply_async(args=[object_id, *args], retry=False, countdown=countdown)
            else:
                task.apply_async(args=[object_id, *args], retry=False)
        except Exception:  # broker down or misconfigured: logged with the id only
            logger.exception("Could not enqueue %s %s; %s", what, object_id, then)
            return
        if sent is not None:
            sent()

    transaction.on_commit(send)
