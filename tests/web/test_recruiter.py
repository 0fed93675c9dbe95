"""The recruiter's ranked list: filters in the URL, search, sorting, pagination, live rows, bulk actions, CSV."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from screening import selectors, services
from screening.blind import anonymous_label
from screening.models import Application, AuditEvent, Job, Resume, StageChange
from screening.services.setup import defaults_load
from tests.factories import ApplicationFactory, recruiter
from tests.filegen import make_txt, sample_resume

pytestmark = pytest.mark.django_db

DATA_SCIENTIST = """{name}
{email}

Summary
Data scientist who ships models. Kubernetes operator in production.

Skills
Python, scikit-learn, statistics, SQL

Experience
Data Scientist
Fabrikam Health
Feb 2021 - Present
Trained gradient boosting and regression models in Python with scikit-learn for readmission risk.
Ran A/B tests and reported statistics to clinicians.

Education
B.Sc. in Mathematics, University of Bristol, 2020
"""

BARISTA = """{name}
{email}

Experience
Barista
Corner Coffee
Jan 2022 - Present
Served customers and trained new staff.
"""


def apply(job: Job, name: str, text: str, *, email: str | None = None) -> Application:
    """An application submitted and processed the real way (read, extracted, scored)."""
    email = email or name.lower().replace(" ", ".") + "@example.com"
    application = services.application_submit(
        job=job,
        name=name,
        email=email,
        resume_name="resume.txt",
        resume_data=make_txt(text.format(name=name, email=email) if "{name}" in text else text),
        consent=True,
    )
    return application


@pytest.fixture
def job(django_capture_on_commit_callbacks) -> Job:
    defaults_load()
    return Job.objects.get(slug="machine-learning-engineer")


@pytest.fixture
def pool(job, django_capture_on_commit_callbacks) -> dict[str, Application]:
    """Three processed candidates of clearly different strength."""
    with django_capture_on_commit_callbacks(execute=True):
        apps = {
            "ml": apply(job, "Ada Lovelace", sample_resume("Ada Lovelace")),
            "ds": apply(job, "Carl Friedrich", DATA_SCIENTIST),
            "barista": apply(job, "Bea Barista", BARISTA),
        }
    for app in apps.values():
        app.refresh_from_db()
        assert app.current_resume.status == Resume.Status.PROCESSED
    return apps


@pytest.fixture
def rita(client):
    user = recruiter(username="rita")
    client.force_login(user)
    return user


def ranking(client, job, **params):
    return client.get(reverse("recruiter:ranking", args=[job.slug]), params)


def labels(response) -> list[str]:
    return [row.label for row in response.context["rows"]]


def test_ranking_needs_a_recruiter(client, job):
    url = reverse("recruiter:ranking", args=[job.slug])
    assert client.get(url).status_code == 302  # to sign-in
    client.force_login(get_user_model().objects.create_user("visitor", password="x" * 12))
    assert client.get(url).status_code == 403


def test_ranking_orders_by_score_and_shows_why(client, rita, job, pool):
    response = ranking(client, job)
    assert response.status_code == 200
    assert labels(response) == ["Ada Lovelace", "Carl Friedrich", "Bea Barista"]
    rows = response.context["rows"]
    assert [r.rank for r in rows] == [1, 2, 3]
    assert rows[0].score > rows[1].score > rows[2].score
    assert rows[0].bars and rows[0].evidence  # per-category bars and strongest evidence
    html = response.content.decode()
    assert 'class="cat-bars"' in html and "Strongest evidence" in html
    assert response.context["page"].count == 3


def test_filters_live_in_the_url_and_combine(client, rita, job, pool):
    scores = {r.label: r.score for r in ranking(client, job).context["rows"]}
    cut = (scores["Ada Lovelace"] + scores["Carl Friedrich"]) / 2
    assert labels(ranking(client, job, min_score=f"{cut:.2f}")) == ["Ada Lovelace"]
    assert labels(ranking(client, job, skill="PyTorch")) == ["Ada Lovelace"]  # a name, resolved to the id
    assert labels(ranking(client, job, skill="scikit-learn")) == ["Ada Lovelace", "Carl Friedrich"]
    assert labels(ranking(client, job, degree="master")) == ["Ada Lovelace"]
    assert labels(ranking(client, job, degree="bachelor")) == ["Ada Lovelace", "Carl Friedrich"]
    months = {k: a.current_resume.parse.experience_months for k, a in pool.items()}
    assert months["ml"] > months["ds"] > months["barista"] > 0
    assert labels(ranking(client, job, min_months=str(months["ds"] + 1))) == ["Ada Lovelace"]
    assert labels(ranking(client, job, min_months=str(months["ds"]))) == ["Ada Lovelace", "Carl Friedrich"]
    pool["ds"].stage = "interview"
    pool["ds"].save()
    assert labels(ranking(client, job, stage="interview")) == ["Carl Friedrich"]
    assert labels(ranking(client, job, skill="scikit-learn", stage="new")) == ["Ada Lovelace"]
    must = ranking(client, job, must_haves="on")
    assert all(r.must_haves_met for r in must.context["rows"])
    assert "Bea Barista" not in labels(must)
    # The active filters are listed with links that remove one and keep the others.
    response = ranking(client, job, skill="scikit-learn", stage="new")
    chips = {c["label"]: c["query"] for c in response.context["active_filters"]}
    assert chips["Has skill: scikit-learn"] == "stage=new"
    assert chips["Stage: New"] == "skill=scikit-learn"


def test_invalid_filter_values_are_ignored_not_fatal(client, rita, job, pool):
    response = ranking(client, job, min_score="lots", min_months="-3", stage="nonsense", sort="random", page="x")
    assert response.status_code == 200
    assert len(labels(response)) == 3


def test_search_finds_words_in_resume_text_on_this_database(client, rita, job, pool):
    # Runs PostgreSQL full-text search (websearch syntax) or the SQLite fallback, whichever is configured.
    assert labels(ranking(client, job, q="Kubernetes")) == ["Carl Friedrich"]
    assert labels(ranking(client, job, q="coffee customers")) == ["Bea Barista"]
    assert labels(ranking(client, job, q="readmission Bristol")) == ["Carl Friedrich"]
    assert labels(ranking(client, job, q="zeppelin")) == []
    assert labels(ranking(client, job, q="Lovelace")) == ["Ada Lovelace"]  # names too


def test_sort_by_date_and_name(client, rita, job, pool):
    assert labels(ranking(client, job, sort="name")) == ["Ada Lovelace", "Bea Barista", "Carl Friedrich"]
    assert labels(ranking(client, job, sort="date")) == ["Bea Barista", "Carl Friedrich", "Ada Lovelace"]


def test_unprocessed_applications_are_listed_with_their_state(client, rita, job, pool):
    waiting = ApplicationFactory(job=job, candidate__name="Wes Waiting")
    Resume.objects.create(
        application=waiting, file="resumes/x", original_name="x.pdf", sha256="0" * 64, size=1, kind="pdf"
    )
    review = ApplicationFactory(job=job, candidate__name="Nia Needs")
    resume = Resume.objects.create(
        application=review,
        file="resumes/y",
        original_name="y.pdf",
        sha256="1" * 64,
        size=1,
        kind="pdf",
        status=Resume.Status.NEEDS_REVIEW,
    )
    for app, res in ((waiting, waiting.resumes.get()), (review, resume)):
        app.current_resume = res
        app.save()
    response = ranking(client, job)
    assert labels(response)[:3] == ["Ada Lovelace", "Carl Friedrich", "Bea Barista"]
    assert set(labels(response)[3:]) == {"Wes Waiting", "Nia Needs"}
    html = response.content.decode()
    assert "Needs review" in html and "Received" in html
    assert "data-live-url" in html  # something is still being read: the page refreshes those rows
    assert labels(ranking(client, job, status="needs_review")) == ["Nia Needs"]
    assert labels(ranking(client, job, min_score="0")) == ["Ada Lovelace", "Carl Friedrich", "Bea Barista"]


def test_pagination_keeps_the_filters(client, rita, job, pool, monkeypatch):
    monkeypatch.setattr("screening.views.recruiter.common.PAGE_SIZE", 2)
    first = ranking(client, job, sort="name")
    assert labels(first) == ["Ada Lovelace", "Bea Barista"]
    assert first.context["page"].has_next
    assert "sort=name&amp;page=2" in first.content.decode()
    second = ranking(client, job, sort="name", page="2")
    assert labels(second) == ["Carl Friedrich"]
    assert [r.rank for r in second.context["rows"]] == [3]
    assert labels(ranking(client, job, sort="name", page="99")) == ["Carl Friedrich"]  # past the end: last page


def test_score_order_pages_through_scored_then_unscored(job, pool):
    extra = [ApplicationFactory(job=job, candidate__name=f"Unscored {i}") for i in range(3)]
    everything = [a.pk for a in selectors.ranked_applications(job=job)]
    assert everything[:3] == [pool["ml"].pk, pool["ds"].pk, pool["barista"].pk]
    assert everything[3:] == [a.pk for a in extra]
    for per_page in (1, 2, 3, 4, 5):
        seen = []
        number = 1
        while True:
            page = selectors.ranking_page(job=job, number=number, per_page=per_page)
            seen += [a.pk for a in page.rows]
            if not page.has_next:
                break
            number += 1
        assert seen == everything, per_page


def test_live_rows_endpoint_returns_fresh_rows(client, rita, job, pool):
    other_job_app = ApplicationFactory()
    url = reverse("recruiter:ranking_rows", args=[job.slug])
    response = client.get(url, {"ids": [str(pool["ml"].public_id), str(other_job_app.public_id), "junk"]})
    data = response.json()
    assert list(data["rows"]) == [str(pool["ml"].public_id)]  # other jobs' ids are not answered
    assert data["pending"] == []
    assert "Ada Lovelace" in data["rows"][str(pool["ml"].public_id)]


def test_count_endpoint(client, rita, job, pool):
    url = reverse("recruiter:ranking_count", args=[job.slug])
    assert client.get(url, {"skill": "scikit-learn"}).json() == {"count": 2}


def post_bulk(client, job, action, apps, **extra):
    data = {"action": action, "ids": [str(a.public_id) for a in apps], "query": "sort=name&bogus=1", **extra}
    return client.post(reverse("recruiter:bulk", args=[job.slug]), data)


def test_bulk_move_records_history_audit_and_emails(
    client, rita, job, pool, django_capture_on_commit_callbacks, mailoutbox
):
    asked = post_bulk(client, job, "move", [pool["ml"], pool["ds"]], to_stage="screening")
    assert asked.status_code == 200 and "Move 2 candidates to Screening?" in asked.content.decode()
    assert not StageChange.objects.exists()  # each is emailed: nothing moves before confirming
    with django_capture_on_commit_callbacks(execute=True):
        response = post_bulk(client, job, "move", [pool["ml"], pool["ds"]], to_stage="screening", confirmed="on")
    assert response.status_code == 302
    assert response["Location"] == reverse("recruiter:ranking", args=[job.slug]) + "?sort=name"
    for key in ("ml", "ds"):
        pool[key].refresh_from_db()
        assert pool[key].stage == "screening"
        change = StageChange.objects.get(application=pool[key])
        assert (change.from_stage, change.to_stage, change.actor) == ("new", "screening", rita)
    assert AuditEvent.objects.filter(action="application.stage_changed", actor=rita).count() == 2
    told = [m.to[0] for m in mailoutbox if "reviewing your application" in m.body]
    assert sorted(told) == ["ada.lovelace@example.com", "carl.friedrich@example.com"]


def test_bulk_reject_asks_first_with_the_count_and_a_reason_then_can_be_undone(
    client, rita, job, pool, django_capture_on_commit_callbacks, mailoutbox
):
    chosen = [pool["barista"], pool["ml"]]
    asked = post_bulk(client, job, "reject", chosen)
    page = asked.content.decode()
    assert asked.status_code == 200 and "Reject 2 candidates?" in page and 'name="reason"' in page
    assert {a.stage for a in Application.objects.filter(pk__in=[a.pk for a in chosen])} == {"new"}
    again = post_bulk(client, job, "reject", chosen, confirmed="on")  # no reason
    assert again.status_code == 400 and "Choose the reason" in again.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = post_bulk(client, job, "reject", chosen, confirmed="on", reason="experience")
    assert {a.stage for a in Application.objects.filter(pk__in=[a.pk for a in chosen])} == {"rejected"}
    received = len(mailoutbox)  # the applications' receipts
    assert not [m for m in mailoutbox if "not to move forward" in m.body]  # the emails wait out the undo window
    listing = client.get(done["Location"]).content.decode()
    assert "Rejected 2 candidates." in listing and 'id="undo-rejections"' in listing
    batch = StageChange.objects.filter(to_stage="rejected").values_list("batch", flat=True).first()
    undone = client.post(reverse("recruiter:undo_rejections", args=[job.slug]), {"batch": str(batch), "next": "https://evil.example/"})
    assert undone["Location"] == reverse("recruiter:ranking", args=[job.slug])
    assert {a.stage for a in Application.objects.filter(pk__in=[a.pk for a in chosen])} == {"new"}
    assert 'id="undo-rejections"' not in client.get(undone["Location"]).content.decode()
    assert len(mailoutbox) == received


def test_bulk_reject_confirmation_offers_the_rejection_emails_and_uses_the_one_chosen(
    client, rita, job, pool, django_capture_on_commit_callbacks
):
    chosen = [pool["barista"], pool["ml"]]
    page = post_bulk(client, job, "reject", chosen).content.decode()
    assert 'name="email_template"' in page and "Email to the candidates" in page
    assert '<option value="standard" selected>' in page and '<option value="role_closed">' in page
    with django_capture_on_commit_callbacks(execute=True):
        post_bulk(client, job, "reject", chosen, confirmed="on", reason="role_closed", email_template="role_closed")
    templates = StageChange.objects.filter(to_stage="rejected").values_list("email_template", flat=True)
    assert list(templates) == ["role_closed", "role_closed"]
    # Asked again for a missing reason, the confirmation keeps the message chosen.
    again = post_bulk(client, job, "reject", [pool["ds"]], confirmed="on", email_template="keep_in_touch")
    assert again.status_code == 400 and '<option value="keep_in_touch" selected>' in again.content.decode()


def test_bulk_actions_ignore_other_jobs_and_validate(client, rita, job, pool):
    stranger = ApplicationFactory()
    post_bulk(client, job, "reject", [stranger])
    stranger.refresh_from_db()
    assert stranger.stage == "new"
    response = post_bulk(client, job, "move", [pool["ml"]])  # no stage chosen
    pool["ml"].refresh_from_db()
    assert pool["ml"].stage == "new"
    assert "Choose the stage" in client.get(response["Location"]).content.decode()
    assert client.get(reverse("recruiter:bulk", args=[job.slug])).status_code == 405


def test_bulk_post_needs_csrf(job, pool):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(recruiter(username="carol"))
    response = post_bulk(strict, job, "reject", [pool["ml"]])
    assert response.status_code == 403
    pool["ml"].refresh_from_db()
    assert pool["ml"].stage == "new"


def read_csv(response) -> list[dict[str, str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_export_selected_as_csv_is_audited_and_formula_safe(client, rita, job, pool):
    pool["barista"].candidate.name = '=HYPERLINK("http://evil")'
    pool["barista"].candidate.save()
    response = post_bulk(client, job, "export", [pool["barista"], pool["ml"]])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = read_csv(response)
    assert [r["candidate"] for r in rows] == ["Ada Lovelace", '\'=HYPERLINK("http://evil")']  # ranking order
    assert rows[0]["email"] == "ada.lovelace@example.com"
    assert float(rows[0]["score"]) > float(rows[1]["score"])
    assert rows[0]["must_haves_met"] in {"yes", "no"}
    assert any(h.startswith("Programming languages (of ") for h in rows[0])
    event = AuditEvent.objects.get(action="applications.exported")
    assert event.actor == rita and event.object_id == str(job.public_id)
    assert event.data["count"] == 2
    assert "Lovelace" not in json.dumps(event.data)  # ids only


def test_compare_action_redirects_to_the_comparison(client, rita, job, pool):
    response = post_bulk(client, job, "compare", [pool["ml"], pool["ds"]])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("recruiter:compare", args=[job.slug]) + "?ids=")
    one = post_bulk(client, job, "compare", [pool["ml"]])
    assert one["Location"].startswith(reverse("recruiter:ranking", args=[job.slug]))


def test_blind_job_hides_names_in_list_sort_and_export(client, rita, job, pool):
    job.blind_review = True
    job.save()
    response = ranking(client, job)
    html = response.content.decode()
    for name in ("Ada Lovelace", "Carl Friedrich", "Bea Barista", "Lovelace"):
        assert name not in html
    assert all(label.startswith("Candidate ") for label in labels(response))
    by_name = labels(ranking(client, job, sort="name"))
    assert by_name == sorted(by_name)  # sorted by the anonymous label, not by the hidden names
    rows = read_csv(post_bulk(client, job, "export", list(pool.values())))
    assert all(r["candidate"].startswith("Candidate ") and r["email"] == "" and r["phone"] == "" for r in rows)
    # Past screening a candidate is shown by name.
    services.application_move(application=pool["ml"], to_stage="interview", actor=rita)
    assert "Ada Lovelace" in labels(ranking(client, job))


def test_blind_search_cannot_single_out_a_hidden_candidate(client, rita, job, pool):
    # Runs on PostgreSQL (the masked text's own vector) or SQLite (the masked text), whichever is configured.
    job.blind_review = True
    job.save()
    assert labels(ranking(client, job, q="Kubernetes")) == [anonymous_label(pool["ds"])]  # skills still found
    assert labels(ranking(client, job, q="readmission")) == [anonymous_label(pool["ds"])]
    for identity in ("Friedrich", "Carl Friedrich", "carl.friedrich@example.com", "Bristol", "Lovelace"):
        assert labels(ranking(client, job, q=identity)) == [], identity
    # Once a candidate is shown by name, they can be searched by it again.
    services.application_move(application=pool["ds"], to_stage="interview", actor=rita)
    assert labels(ranking(client, job, q="Friedrich")) == ["Carl Friedrich"]
    assert labels(ranking(client, job, q="Bristol")) == ["Carl Friedrich"]
    assert labels(ranking(client, job, q="Lovelace")) == []  # still hidden


def test_stage_tabs_count_the_pipeline(client, rita, job, pool):
    services.application_move(application=pool["ds"], to_stage="interview", actor=rita)
    counts = client.get(reverse("recruiter:ranking_stage_counts", args=[job.slug])).json()["counts"]
    assert counts[""] == 3 and counts["new"] == 2 and counts["interview"] == 1 and counts["offer"] == 0
    assert set(counts) == {""} | set(Application.Stage.values)  # every tab, zeros included


def test_the_list_does_not_wait_for_the_stage_tabs_counts(client, rita, job, pool, monkeypatch):
    # Counting the tabs reads every application of the job: the page leaves it to the browser's follow-up request.
    def not_here(**kwargs):
        raise AssertionError("the ranked list page counted the stage tabs itself")

    monkeypatch.setattr("screening.selectors.stage_counts", not_here)
    response = ranking(client, job, stage="new")
    assert response.status_code == 200 and len(labels(response)) == 3
    html = response.content.decode()
    url = reverse("recruiter:ranking_stage_counts", args=[job.slug])
    assert f'data-stage-counts-url="{url}"' in html
    for value in [""] + list(Application.Stage.values):
        assert f'<span class="count" data-stage-count="{value}" hidden></span>' in html


def test_a_total_that_is_a_stage_tab_count_comes_with_the_tabs(client, rita, job, pool, monkeypatch):
    # As when PostgreSQL expects too many matches to count within the page's budget: with only the stage
    # chosen, the total is that tab's count, so the tabs' follow-up request fills it (no second count).
    real = selectors.ranking_count

    def over_budget(*, job, filters=None, budget_ms=None, estimate_limit=None):
        return None if estimate_limit is not None else real(job=job, filters=filters, budget_ms=budget_ms)

    monkeypatch.setattr("screening.selectors.counting.ranking_count", over_budget)
    monkeypatch.setattr("screening.views.recruiter.common.PAGE_SIZE", 2)
    html = ranking(client, job, stage="new").content.decode()
    assert '<strong data-stage-count="new">more than 2</strong>' in html and "data-count-url" not in html
    counts = client.get(reverse("recruiter:ranking_stage_counts", args=[job.slug])).json()["counts"]
    assert counts["new"] == 3


def test_home_lists_jobs_with_counts(client, rita, job, pool):
    response = client.get(reverse("recruiter:home"))
    assert response.status_code == 200
    listed = {j.slug: j for j in response.context["jobs"]}
    assert listed[job.slug].applications_count == 3
    assert listed[job.slug].processed_count == 3


def test_counts_add_up_and_names_sort_with_an_erased_applicant(client, rita, job, pool):
    services.candidate_erase(candidate=pool["ml"].candidate)
    listed = {j.slug: j for j in client.get(reverse("recruiter:home")).context["jobs"]}[job.slug]
    parts = (listed.processed_count, listed.pending_count, listed.attention_count, listed.erased_count)
    assert parts == (2, 0, 0, 1) and sum(parts) == listed.applications_count
    by_name = ranking(client, job, sort="name")
    assert labels(by_name)[:2] == ["Bea Barista", "Carl Friedrich"]  # the erased one last, not first
    assert len(labels(by_name)) == 3


def test_moving_a_candidate_without_an_email_does_not_claim_they_are_told(client, rita, job, pool):
    for key, expected in (("ds", "The candidate is told by email."), ("barista", "so the candidate is not told")):
        if key == "barista":
            pool[key].candidate.email = ""
            pool[key].candidate.save()
        url = reverse("recruiter:move", args=[job.slug, pool[key].public_id])
        response = client.post(url, {"to_stage": "screening"}, follow=True)
        assert expected in response.content.decode()


def test_a_page_shown_before_its_count_fetches_the_total_afterwards(client, rita, job, pool, monkeypatch):
    # As when PostgreSQL expects too many matches to count within the page's budget.
    real = selectors.ranking_count

    def over_budget(*, job, filters=None, budget_ms=None, estimate_limit=None):
        return None if estimate_limit is not None else real(job=job, filters=filters, budget_ms=budget_ms)

    monkeypatch.setattr("screening.selectors.ranking_count", over_budget)  # as the view calls it
    monkeypatch.setattr("screening.selectors.counting.ranking_count", over_budget)  # as ranking_page does
    monkeypatch.setattr("screening.views.recruiter.common.PAGE_SIZE", 2)
    first = ranking(client, job, min_score="0")
    assert first.context["page"].count is None
    html = first.content.decode()
    count_url = reverse("recruiter:ranking_count", args=[job.slug]) + "?min_score=0"
    assert f'data-count-url="{count_url}">more than 2<' in html
    assert client.get(count_url).json() == {"count": 3}
    last = ranking(client, job, min_score="0", page="2")
    assert last.context["page"].count == 3  # the last page knows the total anyway


def test_has_skill_reads_the_taxonomy(client, rita, job, pool):
    """A broad skill finds the narrower ones scoring counts for it; an unknown term says so and suggests."""
    from screening.models import ResumeSkill

    carl = pool["ds"].current_resume.parse
    assert not ResumeSkill.objects.filter(parse=carl, skill_id="machine_learning").exists()
    assert ResumeSkill.objects.filter(parse=carl, skill_id="scikit_learn").exists()
    found = labels(ranking(client, job, skill="machine learning"))
    assert "Carl Friedrich" in found and "Bea Barista" not in found  # through scikit-learn, gradient boosting
    assert labels(ranking(client, job, skill="Machine Learning")) == found  # a name in any case, or the id
    assert labels(ranking(client, job, skill="machine_learning")) == found
    unknown = ranking(client, job, skill="pytorh")
    assert labels(unknown) == []
    assert "“pytorh” is not a skill in the taxonomy" in unknown.context["skill_problem"]
    assert "Did you mean PyTorch?" in unknown.content.decode()
    assert ranking(client, job, skill="PyTorch").context["skill_problem"] == ""


def test_skill_suggestions_as_you_type(client, rita):
    url = reverse("recruiter:skill_suggestions")
    names = [s["name"] for s in client.get(url, {"q": "pysp"}).json()["skills"]]
    assert names[0] == "PySpark"
    by_alias = [s["id"] for s in client.get(url, {"q": "sklearn"}).json()["skills"]]
    assert by_alias[0] == "scikit_learn"  # "sklearn" is an alias
    assert client.get(url, {"q": ""}).json() == {"skills": []}
    assert len(client.get(url, {"q": "a"}).json()["skills"]) == 12


def test_bulk_reject_of_nobody_rejectable_says_so(client, rita, job, pool):
    services.application_withdraw_by_candidate(application=pool["ml"])
    response = post_bulk(client, job, "reject", [pool["ml"]])
    assert response.status_code == 302
    assert "None of them can be rejected" in client.get(response["Location"]).content.decode()
