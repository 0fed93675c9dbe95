"""Who may call what: the key must carry the scope a view names for the method, and its user must hold
the role the web asks for the same thing (a key never reaches more than its user could on the site)."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from screening.models import ApiKey
from screening.permissions import is_hiring_admin, is_recruiter

# The web role each scope stands for: reading and moving candidates is a recruiter's, profiles an admin's.
SCOPE_ROLES = {
    ApiKey.Scope.APPLICATIONS_READ: is_recruiter,
    ApiKey.Scope.APPLICATIONS_WRITE: is_recruiter,
    ApiKey.Scope.PROFILES_WRITE: is_hiring_admin,
    ApiKey.Scope.PARSE: lambda user: user.is_active,
}


def required_scopes(view, method: str) -> tuple[str, ...]:
    """The view's `read_scope` for safe methods, `write_scope` for the rest (a scope or a tuple, any of which will do)."""
    scope = getattr(view, "read_scope" if method in SAFE_METHODS else "write_scope", None)
    if scope is None:
        return ()
    return tuple(scope) if isinstance(scope, (tuple, list)) else (scope,)


class HasScopes(BasePermission):
    message = "This API key lacks the scope this request needs."

    def has_permission(self, request, view) -> bool:
        api_key = request.auth
        if not isinstance(api_key, ApiKey):
            return False
        wanted = required_scopes(view, request.method)
        if not wanted:  # a view that names no scope for a method is closed to it
            return False
        held = [scope for scope in wanted if scope in api_key.scopes]
        if not held:
            self.message = f"This API key lacks the '{wanted[0]}' scope."
            return False
        if not any(SCOPE_ROLES[ApiKey.Scope(scope)](request.user) for scope in held):
            self.message = f"The key's user may not do this on the site either (scope '{held[0]}')."
            return False
        return True
