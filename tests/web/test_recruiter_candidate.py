"""The candidate page (breakdown, evidence in the text, facts, pipeline, notes, ratings), blind review,
the permission-checked download and the side-by-side comparison."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from screening import services
from screening.models import AuditEvent, Note, Rating, StageChange
from tests.factories import ApplicationFactory, recruiter
from tests.web.test_recruiter import BARISTA, DATA_SCIENTIST, apply, job, pool, rita  # noqa: F401 (fixtures)
from tests.filegen import sample_resume

pytestmark = pytest.mark.django_db


def detail_url(job, app, name="recruiter:application"):
    return reverse(name, args=[job.slug, app.public_id])


def test_candidate_page_explains_the_score_with_evidence_in_the_text(client, rita, job, pool):
    response = client.get(detail_url(job, pool["ml"]))
    assert response.status_code == 200
    html = response.content.decode()
    breakdown = response.context["breakdown"]
    assert breakdown.chart and all(row.possible > 0 for row in breakdown.chart)
    assert any(item.evidence for item in breakdown.items)
    # Every competency with placed evidence links to an anchor that exists in the marked resume text.
    anchors = {item.first_anchor for item in breakdown.items if item.first_anchor}
    assert anchors
    for anchor in anchors:
        assert f'href="#{anchor}"' in html
        assert f'id="{anchor}"' in html
    assert '<mark class="ev"' in html
    # The marked text is the resume text, escaped, with nothing lost.
    text = re.sub(r"<[^>]+>", "", str(response.context["resume_html"]))
    assert text.replace("&amp;", "&") == response.context["parse"].text.replace("&", "&")
    assert "PyTorch" in html and "Northwind Analytics" in html
    # Facts: contact, skills with months and last used, education, roles with dates.
    assert "ada.lovelace@example.com" in html and "+44 20 7946 0958" in html
    assert "University of Edinburgh" in html and "Jan 2019" in html
    # the degree as written, its subject once: "M.Sc. in Computer Science", not "… in Computer Science" twice
    assert "M.Sc. in Computer Science" in html and "Computer Science in Computer Science" not in html
    skills = {s.name: s for s in response.context["skills"]}
    assert skills["PyTorch"].months > 0 and skills["PyTorch"].last_used
    assert 'href="%s"' % detail_url(job, pool["ml"], "recruiter:resume") in html
    assert AuditEvent.objects.filter(action="application.viewed", object_id=str(pool["ml"].public_id)).count() == 1


def test_missing_competencies_and_must_haves_are_listed(client, rita, job, pool):
    response = client.get(detail_url(job, pool["barista"]))
    breakdown = response.context["breakdown"]
    assert not breakdown.must_haves_met
    # The default profile's must-have: hands-on ML work (a barista's resume has none)
    assert any(name.startswith("Hands-on ML") for name in breakdown.missing_must_haves)
    html = response.content.decode()
    assert "Missing must-haves:" in html and "Not found in the resume" in html


def test_user_text_is_escaped_everywhere(client, rita, job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        app = apply(
            job,
            "Eve <b>Evil</b>",
            email="eve@example.com",
            text=sample_resume("Eve Evil") + "\nProjects\nCut latency (p<0.05) & cost <i>fast</i>\n",
        )
    services.note_add(application=app, author=recruiter(username="noter"), body="<img src=x onerror=alert(1)>")
    html = client.get(detail_url(job, app)).content.decode()
    assert "(p&lt;0.05) &amp; cost &lt;i&gt;fast&lt;/i&gt;" in html and "<i>fast</i>" not in html
    assert "<b>Evil</b>" not in html and "<img src=x" not in html


def test_stage_move_from_the_page(client, rita, job, pool, django_capture_on_commit_callbacks, mailoutbox):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail_url(job, pool["ml"], "recruiter:move"), {"to_stage": "interview"})
    assert response.status_code == 302 and response["Location"].endswith("#pipeline")
    pool["ml"].refresh_from_db()
    assert pool["ml"].stage == "interview" and pool["ml"].stage_changed_at
    assert [m.to for m in mailoutbox if "interview" in m.body.lower()] == [["ada.lovelace@example.com"]]
    html = client.get(detail_url(job, pool["ml"])).content.decode()
    assert "Interview" in html and "by rita" in html  # the history
    assert client.post(detail_url(job, pool["ml"], "recruiter:move"), {"to_stage": "promoted"}).status_code == 302
    pool["ml"].refresh_from_db()
    assert pool["ml"].stage == "interview"
    assert client.get(detail_url(job, pool["ml"], "recruiter:move")).status_code == 405


def test_notes_and_ratings(client, rita, job, pool):
    client.post(detail_url(job, pool["ds"], "recruiter:note"), {"body": "  Strong stats background.  "})
    client.post(detail_url(job, pool["ds"], "recruiter:note"), {"body": "   "})  # refused: empty
    note = Note.objects.get(application=pool["ds"])
    assert (note.body, note.author) == ("Strong stats background.", rita)
    client.post(detail_url(job, pool["ds"], "recruiter:rating"), {"stars": "4"})
    client.post(detail_url(job, pool["ds"], "recruiter:rating"), {"stars": "5"})  # changes, does not add
    client.post(detail_url(job, pool["ds"], "recruiter:rating"), {"stars": "9"})  # refused
    assert list(Rating.objects.filter(application=pool["ds"]).values_list("author__username", "stars")) == [("rita", 5)]
    other = Client()
    other.force_login(recruiter(username="omar"))
    other.post(detail_url(job, pool["ds"], "recruiter:rating"), {"stars": "2"})
    response = client.get(detail_url(job, pool["ds"]))
    assert response.context["rating_average"] == 3.5
    html = response.content.decode()
    assert "Strong stats background." in html and "rita" in html and "omar" in html
    client.post(detail_url(job, pool["ds"], "recruiter:rating"), {"stars": "0"})
    assert list(Rating.objects.filter(application=pool["ds"]).values_list("author__username", flat=True)) == ["omar"]
    actions = set(AuditEvent.objects.filter(object_id=str(pool["ds"].public_id)).values_list("action", flat=True))
    assert {"note.added", "rating.set", "rating.cleared"} <= actions


def test_pages_of_another_job_are_not_found(client, rita, job, pool):
    elsewhere = ApplicationFactory()
    assert client.get(detail_url(job, elsewhere)).status_code == 404
    assert client.post(detail_url(job, elsewhere, "recruiter:move"), {"to_stage": "rejected"}).status_code == 404
    assert client.post(detail_url(job, elsewhere, "recruiter:note"), {"body": "x"}).status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.stage == "new"


def test_download_is_permission_checked_and_audited(client, job, pool):
    url = detail_url(job, pool["ml"], "recruiter:resume")
    assert client.get(url).status_code == 302  # sign-in first
    client.force_login(recruiter(username="dana"))
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"Ada Lovelace")
    assert response["Content-Disposition"].startswith("attachment")
    assert AuditEvent.objects.filter(action="resume.downloaded").count() == 1


@pytest.fixture
def blind_job(job):
    job.blind_review = True
    job.save()
    return job


def test_blind_review_hides_identity_in_page_text_and_download(client, rita, blind_job, pool):
    job = blind_job
    response = client.get(detail_url(job, pool["ml"]))
    html = response.content.decode()
    label = response.context["label"]
    assert label.startswith("Candidate ")
    for secret in ("Ada", "Lovelace", "ada.lovelace@example.com", "7946 0958", "github.com/ada", "Edinburgh", "2018"):
        assert secret not in html, secret
    assert "█████" in html
    # What the profile is about stays readable.
    assert "PyTorch" in html and "Northwind Analytics" in html and "Machine Learning Engineer" in html
    assert "Download original" not in html
    assert client.get(detail_url(job, pool["ml"], "recruiter:resume")).status_code == 403
    assert "Photos are never shown" in html


def test_reveal_is_audited_and_shows_the_name(client, rita, blind_job, pool):
    job = blind_job
    response = client.post(detail_url(job, pool["ml"], "recruiter:reveal"))
    assert response.status_code == 302
    pool["ml"].refresh_from_db()
    assert pool["ml"].identity_revealed
    event = AuditEvent.objects.get(action="application.identity_revealed")
    assert (event.actor, event.object_id, event.data) == (rita, str(pool["ml"].public_id), {"via": "reveal"})
    html = client.get(detail_url(job, pool["ml"])).content.decode()
    assert "Ada Lovelace" in html and "Edinburgh" in html
    client.post(detail_url(job, pool["ml"], "recruiter:reveal"))  # nothing left to reveal: no second event
    assert AuditEvent.objects.filter(action="application.identity_revealed").count() == 1


def test_moving_past_screening_reveals_and_records_it(client, rita, blind_job, pool):
    client.post(detail_url(blind_job, pool["ds"], "recruiter:move"), {"to_stage": "screening"})
    assert not AuditEvent.objects.filter(action="application.identity_revealed").exists()
    client.post(detail_url(blind_job, pool["ds"], "recruiter:move"), {"to_stage": "interview"})
    event = AuditEvent.objects.get(action="application.identity_revealed")
    assert event.data == {"via": "stage", "stage": "interview"}
    assert "Carl Friedrich" in client.get(detail_url(blind_job, pool["ds"])).content.decode()
    assert StageChange.objects.filter(application=pool["ds"]).count() == 2


def compare(client, job, apps):
    return client.get(reverse("recruiter:compare", args=[job.slug]), {"ids": [str(a.public_id) for a in apps]})


def test_compare_two_to_four_side_by_side(client, rita, job, pool):
    response = compare(client, job, [pool["ds"], pool["ml"], pool["barista"]])
    assert response.status_code == 200
    columns = response.context["columns"]
    assert [c["label"] for c in columns] == ["Ada Lovelace", "Carl Friedrich", "Bea Barista"]  # ranked order
    rows = {r.key: r for r in response.context["rows"]}
    python = rows["python"]
    assert len(python.cells) == 3 and not python.must_have
    assert rows["applied-ml"].must_have
    assert python.cells[0].earned >= python.cells[2].earned
    assert any(c.best for c in python.cells)
    nobody = [r.name for r in response.context["nobody"]]
    assert "Java" in nobody and "Python" not in nobody  # what none of them has is listed once, not row by row
    assert '<th scope="row">Java' not in response.content.decode()
    assert AuditEvent.objects.filter(action="applications.compared").count() == 1
    assert compare(client, job, [pool["ml"]]).status_code == 400
    five = [pool["ml"], pool["ds"], pool["barista"], *[ApplicationFactory(job=job) for _ in range(2)]]
    assert compare(client, job, five).status_code == 400
    assert compare(client, job, [pool["ml"], ApplicationFactory()]).status_code == 404


def test_compare_in_blind_review_shows_labels(client, rita, blind_job, pool):
    html = compare(client, blind_job, [pool["ml"], pool["ds"]]).content.decode()
    assert "Lovelace" not in html and "Friedrich" not in html
    assert html.count("Candidate ") >= 2


def test_previous_and_next_follow_the_list_the_recruiter_came_from(client, rita, job, pool):
    url = detail_url(job, pool["barista"])
    nav = client.get(url, {"sort": "name", "pos": "2"}).context["nav"]
    assert nav["before"]["label"] == "Ada Lovelace" and nav["after"]["label"] == "Carl Friedrich"
    assert nav["after"]["url"] == detail_url(job, pool["ds"]) + "?sort=name&pos=3"
    nav = client.get(detail_url(job, pool["ml"]), {"skill": "scikit-learn", "pos": "1"}).context["nav"]
    assert nav["before"] is None and nav["after"]["label"] == "Carl Friedrich"
    stale = client.get(url, {"sort": "name", "pos": "1"}).context["nav"]  # the list moved on
    assert stale["before"] is None and stale["after"] is None
    assert client.get(url).context["nav"] is None
    # Acting on the page keeps the way back and forth.
    response = client.post(
        detail_url(job, pool["barista"], "recruiter:note"), {"body": "ok", "list": "sort=name&pos=2&evil=1"}
    )
    assert response["Location"] == url + "?sort=name&pos=2#notes"


def test_polling_the_page_while_a_resume_is_read_is_not_another_view(client, rita, job, pool):
    url = detail_url(job, pool["ml"])
    client.get(url)
    client.get(url, HTTP_X_REQUESTED_WITH="fetch")
    assert AuditEvent.objects.filter(action="application.viewed").count() == 1


def test_an_erased_candidate_stays_listed_without_data_and_cannot_be_moved(client, rita, job, pool):
    services.candidate_erase(candidate=pool["ds"].candidate, actor=rita)
    listing = client.get(reverse("recruiter:ranking", args=[job.slug])).content.decode()
    assert "Carl Friedrich" not in listing and "Erased" in listing
    response = client.get(detail_url(job, pool["ds"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Data erased" in html and "Carl" not in html and "Move to stage" not in html
    client.post(detail_url(job, pool["ds"], "recruiter:move"), {"to_stage": "interview"})
    pool["ds"].refresh_from_db()
    assert pool["ds"].stage == "withdrawn"  # erasure withdrew them; nobody can move them on


def test_the_page_offers_only_the_moves_the_stage_rules_allow(client, rita, job, pool):
    app = pool["ml"]
    services.application_move(application=app, to_stage="interview", actor=rita)
    response = client.get(detail_url(job, app))
    offered = [value for value, _ in response.context["stage_form"].fields["to_stage"].choices]
    assert offered == ["offer", "screening"]  # rejecting has its own form, with the reason
    html = response.content.decode()
    assert "Advance to Offer" in html and 'id="reject-form"' in html and "withdrawn" not in offered
    refused = client.post(detail_url(job, app, "recruiter:move"), {"to_stage": "withdrawn"}, follow=True)
    assert "Only the candidate can withdraw" in refused.content.decode()
    app.refresh_from_db()
    assert app.stage == "interview"


def test_a_withdrawn_application_offers_no_moves(client, rita, job, pool):
    services.application_withdraw_by_candidate(application=pool["ds"])
    html = client.get(detail_url(job, pool["ds"])).content.decode()
    assert 'id="process-over"' in html and "only they can reopen it" in html
    assert 'id="reject-form"' not in html and "Move to stage" not in html


def test_reject_needs_a_reason_then_goes_on_to_the_next_candidate(client, rita, job, pool, mailoutbox):
    url = detail_url(job, pool["barista"])
    move = detail_url(job, pool["barista"], "recruiter:move")
    no_reason = client.post(move, {"to_stage": "rejected", "list": "sort=name&pos=2"})
    assert no_reason["Location"] == url + "?sort=name&pos=2#pipeline"
    pool["barista"].refresh_from_db()
    assert pool["barista"].stage == "new"
    done = client.post(move, {"to_stage": "rejected", "reason": "missing_must_have", "list": "sort=name&pos=2"})
    # The next candidate of the list (by name: Ada, Bea, Carl), still at position 3: Bea stays in the list.
    assert done["Location"] == detail_url(job, pool["ds"]) + "?sort=name&pos=3"
    pool["barista"].refresh_from_db()
    assert pool["barista"].stage == "rejected"
    assert StageChange.objects.get(application=pool["barista"]).reason == "missing_must_have"
    page = client.get(done["Location"]).content.decode()
    assert "Rejected Bea Barista." in page and "Here is the next candidate." in page
    assert 'id="undo-rejections"' in page
    assert not [m for m in mailoutbox if "not to move forward" in m.body]  # the email waits out the window
    # A list of new candidates loses the one rejected, so the next one moves up into its place.
    filtered = client.post(
        detail_url(job, pool["ml"], "recruiter:move"),
        {"to_stage": "rejected", "reason": "experience", "list": "stage=new&sort=name&pos=1"},
    )
    assert filtered["Location"].startswith(detail_url(job, pool["ds"]) + "?")
    assert filtered["Location"].endswith("&pos=1") and "stage=new" in filtered["Location"]
    # The last one of the list: back to the list.
    last = client.post(
        detail_url(job, pool["ds"], "recruiter:move"),
        {"to_stage": "rejected", "reason": "experience", "list": "stage=new&sort=name&pos=1"},
    )
    assert last["Location"].startswith(reverse("recruiter:ranking", args=[job.slug]) + "?")


def test_the_reject_form_offers_the_rejection_emails_and_keeps_the_one_chosen(client, rita, job, pool):
    page = client.get(detail_url(job, pool["ml"])).content.decode()
    form = page[page.index('id="reject-form"') :]
    form = form[: form.index("</form>")]
    assert 'name="email_template"' in form
    assert '<option value="standard" selected>' in form
    assert all(f'value="{value}"' in form for value in ("after_interview", "role_closed", "keep_in_touch"))
    move = detail_url(job, pool["ml"], "recruiter:move")
    client.post(move, {"to_stage": "rejected", "reason": "experience", "email_template": "after_interview"})
    assert StageChange.objects.get(application=pool["ml"], to_stage="rejected").email_template == "after_interview"
    # Without a choice (an older page), the standard message; a made-up one is refused.
    client.post(detail_url(job, pool["ds"], "recruiter:move"), {"to_stage": "rejected", "reason": "experience"})
    assert StageChange.objects.get(application=pool["ds"], to_stage="rejected").email_template == "standard"
    refused = client.post(
        detail_url(job, pool["barista"], "recruiter:move"),
        {"to_stage": "rejected", "reason": "experience", "email_template": "harsh"},
    )
    assert "Choose the rejection email" in client.get(refused["Location"]).content.decode()
    assert not StageChange.objects.filter(application=pool["barista"], to_stage="rejected").exists()


def test_the_rejected_candidates_page_offers_the_undo_while_the_email_waits(client, rita, job, pool):
    services.application_move(application=pool["ml"], to_stage="screening", actor=rita)
    services.application_move(application=pool["ml"], to_stage="rejected", reason="role_closed", actor=rita)
    html = client.get(detail_url(job, pool["ml"])).content.decode()
    assert 'id="undo-this-rejection"' in html and "the role was filled or closed" in html
    batch = StageChange.objects.get(to_stage="rejected").batch
    client.post(reverse("recruiter:undo_rejections", args=[job.slug]), {"batch": str(batch), "next": detail_url(job, pool["ml"])})
    pool["ml"].refresh_from_db()
    assert pool["ml"].stage == "screening"
    html = client.get(detail_url(job, pool["ml"])).content.decode()
    assert "undone before the email went" in html and 'id="undo-this-rejection"' not in html
