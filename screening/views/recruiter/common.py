"""What every recruiter view needs: the job and application from the URL, and the list's query string."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, QueryDict
from django.shortcuts import get_object_or_404
from django.utils.http import urlencode

from screening import selectors, services
from screening.blind import candidate_label
from screening.forms.recruiter import FILTER_PARAMS, RankingFilterForm
from screening.models import Application, Job
from screening.selectors import RankingFilters
from screening.services.scores import version_spec

PAGE_SIZE = 50
QUERY_PARAMS = FILTER_PARAMS + ("sort", "page")


def _job(slug: str) -> Job:
    return get_object_or_404(selectors.job_for_recruiter(slug=slug))


def _application(job: Job, public_id) -> Application:
    application = get_object_or_404(selectors.application_for_recruiter(job=job, public_id=public_id))
    application.job = job
    return application


def _spec(job: Job):
    version = job.ranking_version
    return version_spec(version) if version else None


def _is_poll(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _skill_id(text: str) -> str:
    """Accepts a taxonomy id or a skill's name or alias as typed in the filter box."""
    text = text.strip()
    if not text or "\x00" in text or len(text) > 80:
        # Not a skill anyone typed (PostgreSQL refuses a NUL in a query: a 500); the form's own limit is 80.
        return ""
    taxonomy = services.current_taxonomy()
    found = taxonomy.lookup(text) or taxonomy.get(text.lower())
    return found.id if found else text.lower()


def skill_filter(typed_skill: str) -> tuple[str, tuple[str, ...]]:
    """The "has skill" term read through the taxonomy, for the web's list and the API's alike: the skill's id
    and the narrower skills that are evidence of it ("machine learning" finds scikit-learn, XGBoost), as
    scoring counts them."""
    skill_id = _skill_id(typed_skill)
    return skill_id, services.current_taxonomy().narrower(skill_id) if skill_id else ()


def _filters(form: RankingFilterForm, typed_skill: str) -> RankingFilters:
    """The form's filters, with the "has skill" box read by `skill_filter`."""
    skill_id, family = skill_filter(typed_skill)
    return form.filters(skill_id=skill_id, skill_family=family)


def _skill_problem(typed_skill: str) -> str:
    """What to tell a recruiter whose "has skill" term is no skill the taxonomy knows, with likely meant ones."""
    typed_skill = typed_skill.strip()[:80].replace("\x00", "")
    taxonomy = services.current_taxonomy()
    if not typed_skill or taxonomy.get(_skill_id(typed_skill)):
        return ""
    close = taxonomy.close_names(typed_skill)
    hint = f" Did you mean {' or '.join(close)}?" if close else " Pick one of the suggestions as you type."
    return f"“{typed_skill}” is not a skill in the taxonomy, so no resume can match it.{hint}"


# A page or list position beyond any real list. Larger numbers from the query string are read as this:
# passed on as an SQL offset they overflow the database's integer (a 500 on "?pos=99999…").
MAX_LIST_POSITION = 1_000_000


def _page_number(raw: str | None) -> int:
    try:
        return min(max(1, int(raw or 1)), MAX_LIST_POSITION)
    except ValueError:
        return 1


def _query(params: QueryDict, **changes) -> str:
    """The list's query string with only known parameters, changed as given (None removes one)."""
    kept: dict[str, Any] = {k: given for k in QUERY_PARAMS if (given := params.get(k))}  # (neither None nor "")
    for key, value in changes.items():
        if value is None:
            kept.pop(key, None)
        else:
            kept[key] = value
    return urlencode(kept)


def _list_context(params: QueryDict) -> tuple[str, int | None]:
    """The list a candidate was opened from: its query string (filters and sort) and their position."""
    position = _page_number(params.get("pos")) if params.get("pos") else None
    return _query(params, page=None), position


def waiting_batches(job: Job, user) -> list[dict]:
    """The recruiter's rejections in this job whose emails still wait, one entry per decision (a bulk
    rejection is one): for the banner that offers to undo them."""
    batches: dict = {}
    for change in selectors.rejections_waiting(job=job, actor=user)[:200]:
        entry = batches.setdefault(change.batch, {"batch": change.batch, "labels": [], "count": 0, "due": change.email_due_at})
        entry["count"] += 1
        if len(entry["labels"]) < 3:
            entry["labels"].append(candidate_label(change.application))
        entry["due"] = min(entry["due"], change.email_due_at)
    return list(batches.values())
