"""The lease a try of a background job holds on its row (a resume being read, a re-score run).

One try at a time works on a row: it claims the row with a conditional UPDATE, which also counts the
attempt, and holds it until `lease_until`. A retry after a database or storage hiccup takes back the
lease its predecessor held at once, without counting another attempt: an outage must neither wait for
the lease to expire nor use up a good row's attempts. A try that died (its worker killed, the message
redelivered under the same task id and retry count) finds its own name on the lease, not its
predecessor's, so it waits for the lease like anyone else and counts: work that kills its worker runs
out of attempts.
"""

from __future__ import annotations

import datetime
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db.models import F, QuerySet


def lease_take(
    claimable: QuerySet,
    pk: int,
    *,
    working: str,
    owner: str,
    resumed_from: str,
    now: datetime.datetime,
    **also: Any,
) -> bool:
    """Take row `pk` for this try (`owner`), counting the attempt, if `claimable` (the row while free or its
    lease expired) holds it and it has attempts left; or take back `resumed_from`'s lease without counting.

    `working` is the status of a held row; `also` are further fields set when the row is taken either way.
    """
    lease_until = now + timedelta(seconds=settings.SCREENING["LEASE_SECONDS"])
    taken = bool(resumed_from) and claimable.model.objects.filter(
        pk=pk, status=working, lease_owner=resumed_from
    ).update(lease_until=lease_until, lease_owner=owner, **also)
    if not taken:
        taken = claimable.filter(attempts__lt=settings.SCREENING["MAX_ATTEMPTS"]).update(
            status=working, attempts=F("attempts") + 1, lease_until=lease_until, lease_owner=owner, **also
        )
    return bool(taken)
