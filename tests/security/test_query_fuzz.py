"""Every view's query parameters, fed huge, negative and garbage values: never a server error.

The parameters are found, not listed by hand: every name a view reads with `request.GET.get(...)` or
`getlist(...)`, every field of a form bound to `request.GET`, the ranking list's own parameters, and
the list context a candidate page is opened with (`pos`). Each is sent alone, with every value below,
to every route whose view reads the query string, as every role that may open it; then all at once to
every route. A view added later that reads a new parameter is fuzzed without anyone editing this file.
"""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest
from django import forms as django_forms
from django.test import Client

import screening.forms
from screening.views.recruiter.common import QUERY_PARAMS
from tests.security.conftest import World, is_admin_route, role_client, url_patterns
from tests.security.test_access_matrix import MATRIX, fill, real_values

pytestmark = pytest.mark.django_db

VIEWS = Path(screening.forms.__file__).resolve().parent.parent / "views"
GARBAGE = [
    "9" * 40,  # beyond any database integer: the 500 on ?pos= came from this
    "-" + "9" * 40,
    "-1",
    "0",
    "2147483648",
    "9223372036854775808",
    "1e309",
    "nan",
    "-inf",
    "1.5",
    "٣",  # a digit int() accepts
    "\x00",
    "%",
    "' OR 1=1 --",
    "<script>",
    "a" * 5000,
    "2026-13-45",
    "00000000-0000-0000-0000-000000000000",
    "",
]


def _source_of(view) -> str:
    return inspect.getsource(inspect.getmodule(inspect.unwrap(view)))


def _form_class(name: str):
    for module in Path(screening.forms.__file__).parent.glob("*.py"):
        found = getattr(importlib.import_module(f"screening.forms.{module.stem}"), name, None)
        if found is not None:
            return found
    return None


def query_parameters() -> list[str]:
    names = set(QUERY_PARAMS) | {"pos", "next"}
    for path in VIEWS.rglob("*.py"):
        source = path.read_text()
        names |= set(re.findall(r"\.GET\.get(?:list)?\(\s*[\"'](\w+)[\"']", source))
        for form_name in re.findall(r"(\w+Form)\(\s*(?:\{[^}]*request\.GET|request\.GET)", source):
            form = _form_class(form_name)
            assert form is not None and issubclass(form, django_forms.BaseForm), form_name
            names |= set(form.base_fields)
    return sorted(names)


def routes_reading_the_query() -> list[str]:
    return sorted(
        route
        for route, _, pattern in url_patterns()
        if not is_admin_route(route)
        and ".GET" in _source_of(pattern.callback)
        and MATRIX.get(route, {}).get("GET", {}).get("hiring_admin") != 405  # refused before anything is read
    )


def every_route() -> list[str]:
    return sorted(route for route, _, _ in url_patterns() if not is_admin_route(route))


def test_the_parameters_found_include_the_ones_known_to_have_broken():
    found = query_parameters()
    assert {"pos", "page", "q", "min_score", "min_months", "ids", "version", "since", "until"} <= set(found)
    assert "recruiter/jobs/<slug:slug>/applications/<uuid:public_id>/" in routes_reading_the_query()


def _assert_no_server_error(client: Client, url: str, params: dict) -> None:
    response = client.get(url, params)
    assert response.status_code < 500, (url, {k: v[:40] for k, v in params.items()})


@pytest.mark.parametrize("route", routes_reading_the_query())
def test_each_query_parameter_alone_never_makes_a_server_error(world: World, route):
    url = fill(route, **real_values(world, route))
    client = role_client(world, "hiring_admin")  # may open every page that reads a query string
    for name in query_parameters():
        for value in GARBAGE[:8] + ["a" * 5000, "\x00"]:
            _assert_no_server_error(client, url, {name: value})
    # ... and in a list, where a view reads getlist()
    for value in GARBAGE[:6]:
        _assert_no_server_error(client, url, {"ids": [value, value, str(world.application.public_id)]})


@pytest.mark.parametrize("role", ["anonymous", "hiring_admin"])  # the public pages; every other page
def test_all_query_parameters_at_once_never_make_a_server_error_on_any_page(world: World, role):
    client = role_client(world, role)
    names = query_parameters()
    for route in every_route():
        url = fill(route, **real_values(world, route))
        for value in GARBAGE:
            _assert_no_server_error(client, url, dict.fromkeys(names, value))


def test_a_form_posted_from_a_list_with_a_huge_position_comes_back_without_error(world: World):
    """Notes, ratings and stage moves send the browser back to the candidate page in its list context,
    which the POST carries in `list`: a forged position must not turn into a 500 on the way back."""
    client = role_client(world, "recruiter")
    base = fill("recruiter/jobs/<slug:slug>/applications/<uuid:public_id>/", **real_values(world, ""))
    response = client.post(base + "notes/", {"body": "ok", "list": "q=x&pos=" + "9" * 40})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
