"""Template context: the signed-in user's roles, for navigation."""
from screening.permissions import is_auditor, is_hiring_admin, is_recruiter


def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_recruiter": False, "is_hiring_admin": False, "is_auditor": False}
    return {"is_recruiter": is_recruiter(user), "is_hiring_admin": is_hiring_admin(user), "is_auditor": is_auditor(user)}
