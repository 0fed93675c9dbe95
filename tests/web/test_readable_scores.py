"""Scores read against the job (rank, top percent, match band), labelled category bars, the evidence column,
the skills with their lines, the blind-review switch on the job's list, and the admin's application list."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from screening.blind import anonymous_label
from screening.models import Application, AuditEvent, Job, Score
from screening.presenters import match_band, standing
from screening.services.scores import version_spec
from tests.factories import ApplicationFactory, JobFactory, hiring_admin, recruiter
from tests.web.test_recruiter import apply, job, pool, ranking, rita  # noqa: F401 (fixtures)
from tests.web.test_recruiter_candidate import detail_url

pytestmark = pytest.mark.django_db


# --- The rule, by hand (README "Reading a score") ---------------------------------------------------


def test_standing_ranks_ties_together_and_rounds_the_percent_up():
    # Totals 40, 30, 30, 10 of four scored: ranks 1, 2, 2, 4; top 25%, 50%, 50%, 100%.
    first = standing(total=40, must_haves_met=True, higher=0, scored=4, top=40)
    tied = standing(total=30, must_haves_met=True, higher=1, scored=4, top=40)
    last = standing(total=10, must_haves_met=True, higher=3, scored=4, top=40)
    assert (first.rank, first.top_percent, first.band) == (1, 25, "strong")
    assert (tied.rank, tied.top_percent, tied.band) == (2, 50, "strong")  # 30/40 = 0.75
    assert (last.rank, last.top_percent, last.band) == (4, 100, "partial")  # 10/40 = 0.25
    assert first.summary == "No. 1 of 4 · top 25%"
    # 1 of 85: 100 × 1 / 85 = 1.18, rounded up to 2
    assert standing(total=36.7, must_haves_met=True, higher=0, scored=85, top=36.7).top_percent == 2


def test_bands_are_relative_to_the_top_score_and_capped_by_missing_must_haves():
    assert match_band(36.7, True, 36.7) == "strong"
    assert match_band(27.6, True, 36.7) == "strong"  # 0.752
    assert match_band(27.4, True, 36.7) == "good"  # 0.747
    assert match_band(18.4, True, 36.7) == "good"  # 0.501
    assert match_band(18.3, True, 36.7) == "partial"  # 0.499
    assert match_band(36.7, False, 36.7) == "partial"  # the top score, but a must-have is missing
    assert match_band(9.2, False, 36.7) == "partial"  # 0.2507
    assert match_band(9.1, True, 36.7) == "weak"  # 0.248
    assert match_band(0, True, 0) == "weak"  # nobody earned a point


def test_strongest_evidence_takes_the_top_points_and_does_not_quote_one_line_twice():
    from types import SimpleNamespace

    from screening.presenters import strongest_evidence

    spec = SimpleNamespace(
        competencies=[SimpleNamespace(key=k, name=k.upper()) for k in ("sql", "python", "ml")]
    )
    line = "Built churn models in Python with scikit-learn."
    evidence = {
        "competencies": {
            "python": [[line, 0, 10, "experience"]],
            "ml": [[line, 0, 10, "experience"], ["Trained  classifiers\nfor fraud.", 20, 40, "projects"]],
            "sql": [["SQL", 50, 53, "skills"]],
        }
    }
    # points: sql 1, python 5, ml 4, then education and experience (never competencies)
    top = strongest_evidence([1.0, 5.0, 4.0, 9.0, 9.0], spec, evidence)
    assert [(s.competency, s.quote, s.section) for s in top] == [
        ("PYTHON", line, "experience"),
        ("ML", "Trained classifiers for fraud.", "projects"),  # its other line, whitespace folded
    ]
    assert strongest_evidence([0.0, 0.0, 0.0, 1.0, 1.0], spec, evidence) == []
    hidden = strongest_evidence([1.0, 5.0, 4.0, 0.0, 0.0], spec, evidence, quotes=False)
    assert [(s.competency, s.quote) for s in hidden] == [("PYTHON", ""), ("ML", "")]


# --- Counted over the whole job -----------------------------------------------------------------------


@pytest.fixture
def scored(job):  # noqa: F811
    """Four applications of the job with set totals, plus a far higher score in another job on the same
    profile version (which must not count)."""
    version = job.ranking_version
    width = len(version_spec(version).competencies) + 2

    def add(target: Job, total: float, met: bool = True, stage: str = Application.Stage.NEW) -> Application:
        app = ApplicationFactory(job=target, stage=stage)
        Score.objects.create(
            application=app, profile_version=version, total=total, must_haves_met=met, points=[0.0] * width
        )
        return app

    apps = {
        "a40": add(job, 40),
        "b30": add(job, 30, stage=Application.Stage.SCREENING),
        "c30": add(job, 30, met=False),
        "d10": add(job, 10),
    }
    add(JobFactory(profile=job.profile), 90)
    return apps


def test_list_rows_stand_within_the_whole_job_whatever_the_filters(client, rita, job, scored):  # noqa: F811
    rows = {r.public_id: r.standing for r in ranking(client, job).context["rows"]}
    by_key = {k: rows[str(a.public_id)] for k, a in scored.items()}
    assert [(s.rank, s.scored, s.top_percent) for s in by_key.values()] == [(1, 4, 25), (2, 4, 50), (2, 4, 50), (4, 4, 100)]
    assert [s.band for s in by_key.values()] == ["strong", "strong", "partial", "partial"]
    assert by_key["a40"].top_total == 40  # not the other job's 90

    # Filters narrow the list; they do not move anyone's standing.
    narrowed = ranking(client, job, min_score=25, stage=Application.Stage.NEW).context["rows"]
    assert [(r.rank, r.standing.rank, r.standing.scored) for r in narrowed] == [(1, 1, 4), (2, 2, 4)]
    html = ranking(client, job).content.decode()
    assert '<span class="band band-strong"' in html
    assert "<span>No. 4 of 4</span> · <span>top 100%</span>" in html


def test_candidate_page_and_comparison_show_the_standing(client, rita, job, scored):  # noqa: F811
    response = client.get(detail_url(job, scored["c30"]))
    place = response.context["standing"]
    assert (place.rank, place.scored, place.band_label) == (2, 4, "Partial match")
    assert "No. 2 of 4 · top 50%" in response.content.decode()

    ids = "&".join(f"ids={scored[k].public_id}" for k in ("a40", "d10"))
    compare = client.get(reverse("recruiter:compare", args=[job.slug]) + "?" + ids).content.decode()
    assert "Strong match" in compare and "No. 1 of 4 · top 25%" in compare and "No. 4 of 4 · top 100%" in compare


def test_export_appends_the_standing_after_the_existing_columns(client, rita, job, scored):  # noqa: F811
    response = client.post(
        reverse("recruiter:bulk", args=[job.slug]),
        {"action": "export", "ids": [str(scored["b30"].public_id), str(scored["d10"].public_id)]},
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["rank", "application_id", "candidate"]
    assert rows[0][-4:] == ["applied_at", "rank_in_job", "top_percent", "match_band"]
    assert [r[-3:] for r in rows[1:]] == [["2", "50", "Strong match"], ["4", "100", "Partial match"]]


# --- What the list and the candidate page show -------------------------------------------------------------


def test_category_bars_are_named_in_visible_text(client, rita, job, pool):  # noqa: F811
    html = ranking(client, job).content.decode()
    row = html[html.index(f'id="row-{pool["ml"].public_id}"') :]
    row = row[: row.index("</tr>")]
    assert row.count('class="cat-label"') == row.count('class="bar-fg"') >= 3
    assert 'title="Experience">Experience</span>' in row and 'title="Education">Education</span>' in row
    assert 'title="Programming languages">Programming</span>' in row


def test_strongest_evidence_quotes_the_resume_line(client, rita, job, pool):  # noqa: F811
    listed = ranking(client, job).context["rows"]
    # real scores (not round numbers) read back from the database still rank 1, 2, 3
    assert [(r.standing.rank, r.standing.scored) for r in listed] == [(1, 3), (2, 3), (3, 3)]
    rows = {r.public_id: r for r in listed}
    ada = rows[str(pool["ml"].public_id)]
    text = pool["ml"].current_resume.parse.text
    assert ada.evidence and all(s.quote for s in ada.evidence)
    assert ada.evidence[0].quote != ada.evidence[1].quote
    names = [s.competency for s in ada.evidence]
    assert len(names) == 2 and all(n.strip() for n in names)
    # each quote is a sentence of the resume (whitespace folded), not a competency name
    folded = " ".join(text.split())
    assert all(s.quote.rstrip("…") in folded for s in ada.evidence)
    assert all(s.quote != s.competency for s in ada.evidence)
    html = ranking(client, job).content.decode()
    assert '<q class="ev-quote">' in html


def test_blind_rows_name_the_evidence_without_quoting_it(client, rita, job, pool):  # noqa: F811
    job.blind_review = True
    job.save()
    rows = {r.public_id: r for r in ranking(client, job).context["rows"]}
    ada = rows[str(pool["ml"].public_id)]
    assert ada.evidence and all(s.competency and not s.quote for s in ada.evidence)
    html = ranking(client, job).content.decode()
    assert '<q class="ev-quote">' not in html and "Quotes on the candidate page, masked during blind review." in html


def test_candidate_skills_list_what_was_used_with_its_line_and_sum_up_the_rest(client, rita, job, pool):  # noqa: F811
    response = client.get(detail_url(job, pool["ml"]))
    summary = response.context["skill_summary"]
    assert summary.dated and all(s.months > 0 and s.evidence for s in summary.dated)
    assert all(s.months == 0 for s in summary.mentioned)
    assert len(summary.dated) + len(summary.mentioned) == len(response.context["skills"])
    pytorch = next(s for s in summary.dated if s.name == "PyTorch")
    assert "pytorch" in str(pytorch.evidence).lower()
    html = response.content.decode()
    assert 'id="skills-used"' in html and "skills-table" not in html
    if summary.mentioned:
        assert f"without dated use ({len(summary.mentioned)})" in html


def test_workspace_header_names_the_recruiting_workspace(client, rita, job):  # noqa: F811
    assert '<a class="brand" href="/recruiter/">Recruiting workspace</a>' in ranking(client, job).content.decode()
    careers = client.get(reverse("careers:jobs")).content.decode()
    assert ">Careers</a>" in careers and "Recruiting workspace" not in careers


# --- Blind review switched from the job's list ------------------------------------------------------


def test_only_those_who_may_change_jobs_see_or_use_the_blind_review_switch(client, rita, job):  # noqa: F811
    assert 'id="blind-review-form"' not in ranking(client, job).content.decode()
    url = reverse("recruiter:blind_review", args=[job.slug])
    assert client.post(url, {"blind_review": "on"}).status_code == 403
    job.refresh_from_db()
    assert not job.blind_review
    assert not AuditEvent.objects.filter(action="job.blind_review_changed").exists()


def test_blind_review_switch_goes_through_the_service_and_is_audited(client, job):  # noqa: F811
    admin_user = hiring_admin(username="hana")
    client.force_login(admin_user)
    assert 'id="blind-review-form"' in ranking(client, job).content.decode()
    url = reverse("recruiter:blind_review", args=[job.slug])
    response = client.post(url, {"blind_review": "on", "query": "stage=new"})
    assert response.status_code == 302 and response["Location"].endswith("?stage=new")
    job.refresh_from_db()
    assert job.blind_review
    event = AuditEvent.objects.get(action="job.blind_review_changed")
    assert (event.actor, event.object_id, event.data) == (admin_user, str(job.public_id), {"blind_review": True})

    client.post(url, {"blind_review": "on"})  # already on: nothing changes, nothing recorded
    assert AuditEvent.objects.filter(action="job.blind_review_changed").count() == 1
    client.post(url, {"blind_review": "off"})
    job.refresh_from_db()
    assert not job.blind_review
    assert AuditEvent.objects.filter(action="job.blind_review_changed").count() == 2


def test_blind_review_changed_in_django_admin_is_audited_too(client, job):  # noqa: F811
    admin_user = hiring_admin(username="hana", is_staff=True)
    client.force_login(admin_user)
    url = reverse("admin:screening_job_change", args=[job.pk])
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "blind_review"}
    data["blind_review"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else None
    job.refresh_from_db()
    assert job.blind_review
    assert AuditEvent.objects.get(action="job.blind_review_changed").actor == admin_user


# --- Django admin's application list ----------------------------------------------------------------


def test_admin_application_list_shows_who_where_and_when(client, job):  # noqa: F811
    open_app = ApplicationFactory(job=job, candidate__name="Grace Hopper", stage=Application.Stage.SCREENING)
    blind_job = JobFactory(title="Night Barista", profile=job.profile, blind_review=True)
    hidden = ApplicationFactory(job=blind_job, candidate__name="Secret Person")
    client.force_login(hiring_admin(username="hana", is_staff=True))
    html = client.get(reverse("admin:screening_application_changelist")).content.decode()
    assert "Grace Hopper" in html and job.title in html and "Screening" in html and "Received" in html
    assert anonymous_label(hidden) in html and "Secret Person" not in html and "Night Barista" in html
    # the row's link is the candidate, not the application's UUID
    assert f'<a href="/admin/screening/application/{open_app.pk}/change/">Grace Hopper</a>' in html


def test_recruiters_without_job_rights_are_refused_by_the_service(job):  # noqa: F811
    from django.core.exceptions import PermissionDenied

    from screening import services

    with pytest.raises(PermissionDenied):
        services.job_blind_review_set(job=job, blind_review=True, actor=recruiter(username="rita2"))
