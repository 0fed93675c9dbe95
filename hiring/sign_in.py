"""Sign-in throttling limits for django-axes: one for a user name from an address, one for the address.

django-axes counts failures per lockout parameter set and compares the largest count with a single
limit. A user name tried from one address must lock after a few wrong passwords, while an address
trying many user names (password spraying: one common password against every account) must lock
too, but later, so that colleagues behind one office address mistyping their own passwords do not
lock each other out. The limit returned here makes the one comparison django-axes does mean both.
"""

from __future__ import annotations

from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def sign_in_failure_limit(request, credentials=None) -> int:
    per_user = settings.SIGN_IN_FAILURES_PER_USER_AND_ADDRESS
    per_address = settings.SIGN_IN_FAILURES_PER_ADDRESS
    address = getattr(request, "axes_ip_address", None)
    username = get_client_username(request, credentials)
    # django-axes compares max(failures of the pair, failures of the address) with this limit; the
    # address's count is never below the pair's. Once the pair has reached its own limit, that limit
    # locks; otherwise only the address's count can, at the address's limit.
    pair_failures = (
        AccessAttempt.objects.filter(username=username, ip_address=address).aggregate(
            n=Sum("failures_since_start")
        )["n"]
        or 0
    )
    return per_user if pair_failures >= per_user else per_address
