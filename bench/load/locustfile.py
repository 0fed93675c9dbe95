"""Locust users for the load test (issue #16): candidates applying with real resumes, recruiters reading.

Run by bench/load_test.py, which starts the stack and sets these variables:
    LOAD_CANDIDATES, LOAD_RECRUITERS   how many of each (fixed counts; locust -u is their sum)
    LOAD_RESUMES                       a directory of resume files (txt, pdf); every candidate sends one
    LOAD_APPLY_JOB                     the slug of the open job candidates apply to
    LOAD_RANKED_JOBS                   comma-separated job slugs recruiters read
    LOAD_RECRUITER_PREFIX, LOAD_RECRUITER_PASSWORD   accounts <prefix>1 .. <prefix>N
    LOAD_RUN                           a tag unique to the run, in every email address it makes
    LOAD_THINK                         "min,max" seconds between a user's steps (default 1,4)

Each candidate iteration is a new person: a fresh cookie jar, email address and client address (sent as
X-Forwarded-For, which the server reads because the driver runs it with TRUSTED_PROXY_COUNT=1, as behind a
reverse proxy). The apply form's per-address rate limit and the identity rules (an address already on file
is held) stay as in production: no candidate here repeats an address or an email.

Request names are the page kinds, so the report gives one line per page rather than per URL.
"""

from __future__ import annotations

import html
import itertools
import os
import random
import re
import threading
from pathlib import Path

from locust import HttpUser, between, task

RUN = os.environ.get("LOAD_RUN", "local")
RESUMES = sorted(p for p in Path(os.environ.get("LOAD_RESUMES", ".")).glob("*") if p.suffix in {".txt", ".pdf"})
APPLY_JOB = os.environ.get("LOAD_APPLY_JOB", "machine-learning-engineer")
RANKED_JOBS = [s for s in os.environ.get("LOAD_RANKED_JOBS", APPLY_JOB).split(",") if s]
RECRUITER_PREFIX = os.environ.get("LOAD_RECRUITER_PREFIX", "load-recruiter-")
RECRUITER_PASSWORD = os.environ.get("LOAD_RECRUITER_PASSWORD", "")
THINK = tuple(float(x) for x in os.environ.get("LOAD_THINK", "1,4").split(","))

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# A row's link carries the list's context (filters, position) for the page's previous/next.
CANDIDATE_LINK = re.compile(r'href="(/recruiter/jobs/[\w-]+/applications/[0-9a-f-]{36}/[^"]*)"')
SEARCHES = ["python", "kubernetes forecasting", "pytorch", "sql", "machine learning", "java"]
FILTERS = [
    {},
    {"must_haves": "on", "min_score": "40"},
    {"min_months": "24", "stage": "new"},
    {"skill": "PyTorch"},
    {"degree": "master", "sort": "date"},
    {"sort": "name"},
    {"status": "needs_review"},
]

_counter = itertools.count(1)
_lock = threading.Lock()


def next_person() -> int:
    with _lock:
        return next(_counter)


def client_address(n: int) -> str:
    """A distinct address per simulated person (10.0.0.0/8 holds 16 million)."""
    return f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"


def csrf_token(html: str) -> str:
    found = CSRF.search(html)
    return found.group(1) if found else ""


class Candidate(HttpUser):
    """Finds the job, opens the form, applies with a resume, then checks the status page a few times."""

    fixed_count = int(os.environ.get("LOAD_CANDIDATES", "50"))
    wait_time = between(*THINK)

    @task
    def apply_and_follow(self) -> None:
        n = next_person()
        headers = {"X-Forwarded-For": client_address(n)}
        self.client.cookies.clear()  # a new person
        self.client.get("/careers/", name="careers: job list", headers=headers)
        self.client.get(f"/careers/{APPLY_JOB}/", name="careers: job page", headers=headers)
        form = self.client.get(f"/careers/{APPLY_JOB}/apply/", name="careers: apply form", headers=headers)
        self.wait()  # filling the form in
        resume = RESUMES[n % len(RESUMES)]
        with self.client.post(
            f"/careers/{APPLY_JOB}/apply/",
            name="careers: apply (POST)",
            headers={**headers, "Referer": form.url},
            data={
                "csrfmiddlewaretoken": csrf_token(form.text),
                "name": f"Load Candidate {n}",
                "email": f"load-{RUN}-{n}@example.com",
                "phone": "",
                "consent": "on",
            },
            files={"resume": (resume.name, resume.read_bytes())},
            allow_redirects=False,
            catch_response=True,
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code != 302 or "/applications/" not in location:
                response.failure(f"not accepted: {response.status_code} {location or response.text[:200]!r}")
                return
            response.success()
        for _ in range(3):
            self.wait()
            self.client.get(location, name="candidate: status page", headers=headers)


class Recruiter(HttpUser):
    """Signs in once, then pages through ranked lists, filters, searches and opens candidates."""

    fixed_count = int(os.environ.get("LOAD_RECRUITERS", "10"))
    wait_time = between(*THINK)
    _numbers = itertools.count(1)

    def on_start(self) -> None:
        self.number = next(Recruiter._numbers)
        self.headers = {"X-Forwarded-For": f"192.168.{self.number // 256}.{self.number % 256}"}
        self.links: list[str] = []
        form = self.client.get("/accounts/login/", name="login form", headers=self.headers)
        with self.client.post(
            "/accounts/login/",
            name="login (POST)",
            headers={**self.headers, "Referer": form.url},
            data={
                "csrfmiddlewaretoken": csrf_token(form.text),
                "username": f"{RECRUITER_PREFIX}{self.number}",
                "password": RECRUITER_PASSWORD,
            },
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in refused: {response.status_code}")

    def _list(self, params: dict[str, str], name: str) -> None:
        slug = random.choice(RANKED_JOBS)
        response = self.client.get(f"/recruiter/jobs/{slug}/", params=params, name=name, headers=self.headers)
        links = [html.unescape(link) for link in CANDIDATE_LINK.findall(response.text or "")]
        if links:
            self.links = links

    @task(4)
    def ranked_list(self) -> None:
        self._list({"page": str(random.randint(1, 5))}, "recruiter: ranked list")

    @task(3)
    def filtered_list(self) -> None:
        self._list(dict(random.choice(FILTERS)), "recruiter: ranked list, filtered")

    @task(2)
    def search(self) -> None:
        self._list({"q": random.choice(SEARCHES)}, "recruiter: ranked list, search")

    @task(4)
    def candidate_page(self) -> None:
        if self.links:
            self.client.get(random.choice(self.links), name="recruiter: candidate page", headers=self.headers)

    @task(1)
    def home(self) -> None:
        self.client.get("/recruiter/", name="recruiter: home", headers=self.headers)
