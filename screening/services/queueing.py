"""Handing work to the Celery workers once the current transaction commits, without ever failing it.

Every write that starts background work (reading a resume, a re-score run, an email, a webhook delivery)
queues it after commit, tries the broker once, and on failure logs the id and leaves the work to its
sweep: an unreachable broker must not turn a request whose rows are already saved into a 500.
"""

from __future__ import annotations

import logging
import threading
from typing import Any, Callable

from django.conf import settings
from django.db import connections, transaction

logger = logging.getLogger(__name__)

# Threads started for background work in embedded mode (see `send_after_commit`); tests join them.
embedded_threads: list[threading.Thread] = []


def send_after_commit(
    task: Any,
    object_id: int,
    *,
    what: str,
    args: tuple = (),
    then: str,
    sent: Callable[[], object] | None = None,
    countdown: float | None = None,
    long_running: bool = False,
) -> None:
    """Queue `task(object_id, *args)` after the current transaction commits.

    `what` names the object in the log ("resume"); `then` says what becomes of it when the broker cannot
    be reached ("the sweep will retry"); `sent` runs only once the broker has taken the message (e.g. to
    stamp `enqueued_at`, which the sweeps read); `countdown` asks the broker to hold the message that many
    seconds (a convenience: the row says when the work is due, and the task checks it).
    `long_running`: in embedded mode (no broker: tasks run in-process) the work runs in a thread of its
    own instead of inside the request, so the request answers at once and the page can show progress
    (SCREENING["EMBEDDED_BACKGROUND"]). If the process stops mid-way, the row's lease expires and the
    sweep takes the work up again, as for a worker that died.
    """

    def send() -> None:
        if long_running and settings.CELERY_TASK_ALWAYS_EAGER and settings.SCREENING.get("EMBEDDED_BACKGROUND"):
            _start_thread(task, [object_id, *args], what=f"{what} {object_id}")
            if sent is not None:
                sent()
            return
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


def _start_thread(task: Any, args: list, *, what: str) -> None:
    def work() -> None:
        try:
            task.apply_async(args=args, retry=False)
        except Exception:  # logged with the id only, as a worker would
            logger.exception("Background work on %s failed", what)
        finally:
            connections.close_all()  # this thread's own connections; the request's are untouched

    thread = threading.Thread(target=work, name=f"embedded {what}", daemon=True)
    embedded_threads[:] = [t for t in embedded_threads if t.is_alive()]
    embedded_threads.append(thread)
    thread.start()
