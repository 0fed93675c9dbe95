"""Who may do what: recruiters read and move candidates; hiring admins also tune profiles; auditors (and
hiring admins) see the bias audit."""
from __future__ import annotations

from functools import wraps
from typing import TYPE_CHECKING

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

if TYPE_CHECKING:
    from django.contrib.auth.models import User

RECRUITERS = "Recruiters"
HIRING_ADMINS = "Hiring admins"
AUDITORS = "Auditors"


class AuthenticatedHttpRequest(HttpRequest):
    """The request a view behind one of the decorators below receives: its user is signed in (for mypy)."""

    user: User


def _groups(user) -> set[str]:
    cached = getattr(user, "_screening_groups", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True)) if user.is_authenticated else set()
        user._screening_groups = cached
    return cached


def is_hiring_admin(user) -> bool:
    return user.is_authenticated and user.is_active and (user.is_superuser or HIRING_ADMINS in _groups(user))


def is_recruiter(user) -> bool:
    return user.is_authenticated and user.is_active and (is_hiring_admin(user) or RECRUITERS in _groups(user))


def is_auditor(user) -> bool:
    """The bias audit: the Auditors group, and hiring admins (who answer for the tool) and superusers."""
    return user.is_authenticated and user.is_active and (is_hiring_admin(user) or AUDITORS in _groups(user))


def can_change_blind_review(user) -> bool:
    """Blind review is a setting of the job: whoever may change jobs (hiring admins, superusers, or anyone
    given the permission in Django admin) may switch it, from the job's list or from admin."""
    return user.is_authenticated and user.is_active and user.has_perm("screening.change_job")


def _require(check):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


recruiter_required = _require(is_recruiter)
hiring_admin_required = _require(is_hiring_admin)
auditor_required = _require(is_auditor)
