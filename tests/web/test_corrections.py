"""The corrections queue and duplicates in the recruiter's pages, and the reply on the candidate's status page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from screening import services
from screening.models import Application, CorrectionRequest, Resume
from screening.services.imports import resumes_import
from tests.factories import recruiter, status_token
from tests.filegen import make_txt, sample_resume
from tests.web.test_blind_review import priya, shown  # noqa: F401 (fixture)
from tests.web.test_recruiter import apply, job, rita  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

ADA = sample_resume("Ada Lovelace")


@pytest.fixture
def ada(job, django_capture_on_commit_callbacks) -> Application:
    with django_capture_on_commit_callbacks(execute=True):
        application = apply(job, "Ada Lovelace", ADA, email="ada@home.example")
    application.refresh_from_db()
    return application


@pytest.fixture
def pair(job, ada, tmp_path: Path, django_capture_on_commit_callbacks) -> tuple[Application, Application]:
    """Ada's resume imported by an operator after she sent it through the careers page: another file
    (saved with Windows line ends) that reads the same."""
    path = tmp_path / "ada.txt"
    path.write_bytes(make_txt(ADA.replace("\n", "\r\n")))
    with django_capture_on_commit_callbacks(execute=True):
        report = resumes_import(job=job, files=[path])
    other = report.accepted[0][1]
    other.refresh_from_db()
    return ada, other


def queue_url(job, **params) -> str:
    return reverse("recruiter:corrections", args=[job.slug])


def test_the_queue_lists_waiting_corrections_and_the_team_answers_one(client, rita, job, ada):
    correction = services.correction_request_create(application=ada, comment="I also know JAX.", field="skills")
    response = client.get(queue_url(job))
    assert response.status_code == 200
    html = response.content.decode()
    assert "I also know JAX." in html and "Skills" in html and "resume version 1" in html
    assert 'id="corrections-tab"' in html and "1 waiting" in html

    answer = reverse("recruiter:correction_answer", args=[job.slug])
    response = client.post(answer, {"correction": correction.pk, "state": "resolved", "reply": "Added JAX, thank you.", "next": queue_url(job)})
    assert response.status_code == 302 and response["Location"] == queue_url(job)
    correction.refresh_from_db()
    assert (correction.state, correction.reply, correction.replied_by) == ("resolved", "Added JAX, thank you.", rita)
    assert "No corrections are waiting" in client.get(queue_url(job)).content.decode()
    assert "Added JAX, thank you." in client.get(queue_url(job), {"state": "resolved"}).content.decode()


def test_the_answer_never_redirects_off_the_site(client, rita, job, ada):
    correction = services.correction_request_create(application=ada, comment="x")
    answer = reverse("recruiter:correction_answer", args=[job.slug])
    response = client.post(answer, {"correction": correction.pk, "state": "in_progress", "reply": "ok", "next": "https://evil.example/"})
    assert response["Location"] == queue_url(job)


def test_a_decline_without_a_reason_is_refused_with_a_message(client, rita, job, ada):
    correction = services.correction_request_create(application=ada, comment="x")
    answer = reverse("recruiter:correction_answer", args=[job.slug])
    response = client.post(answer, {"correction": correction.pk, "state": "declined", "reply": ""}, follow=True)
    assert "Tell the candidate why" in response.content.decode()
    correction.refresh_from_db()
    assert correction.state == "open"


def test_the_queue_needs_a_recruiter(client, job, ada):
    assert client.get(queue_url(job)).status_code == 302


def test_the_candidate_sees_the_state_and_the_reply_on_their_status_page(client, rita, job, ada):
    token = status_token(ada)
    status = reverse("candidate:status", args=[token])
    response = client.post(
        reverse("candidate:correction", args=[token]), {"field": "education", "comment": "It was 2019, not 2018."}
    )
    assert response.status_code == 302
    correction = CorrectionRequest.objects.get()
    assert (correction.field, correction.resume_id) == ("education", ada.current_resume_id)
    html = client.get(status).content.decode()
    assert "Waiting for the team" in html and "about resume version 1" in html

    services.correction_answer(correction=correction, actor=rita, state="in_progress", reply="Checking <b>now</b>.")
    html = client.get(status).content.decode()
    assert "The team is on it" in html and "Checking &lt;b&gt;now&lt;/b&gt;." in html


def test_an_identical_upload_on_the_status_page_is_told_it_is_the_same_file(client, job, ada):
    token = status_token(ada)
    upload = make_txt(ADA)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("candidate:resume", args=[token]), {"resume": SimpleUploadedFile("cv.txt", upload, "text/plain")}
    )
    assert response.status_code == 400
    assert "same file as version 1" in response.content.decode()
    assert Resume.objects.filter(application=ada).count() == 1


def test_blind_review_hides_the_candidates_words_in_the_queue(client, rita, job, priya):
    services.correction_request_create(application=priya, comment="I am Priya; my school MIT was missed.")
    html = client.get(queue_url(job)).content.decode()
    assert "MIT was missed" not in html and not shown(html, "Priya")
    assert "hidden during blind review" in html


def test_home_counts_waiting_corrections_and_the_list_marks_and_filters_them(client, rita, job, ada, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        apply(job, "Bea Barista", sample_resume("Bea Barista", ml=False), email="bea@example.com")
    services.correction_request_create(application=ada, comment="x")
    home = client.get(reverse("recruiter:home"))
    assert home.context["jobs"].get(pk=job.pk).corrections_waiting == 1
    assert "1 waiting" in home.content.decode()
    ranking = reverse("recruiter:ranking", args=[job.slug])
    rows = {r.label: r for r in client.get(ranking).context["rows"]}
    assert rows["Ada Lovelace"].correction_waiting and not rows["Bea Barista"].correction_waiting
    assert "badge-correction" in str(rows["Ada Lovelace"].html)
    assert [r.label for r in client.get(ranking, {"corrections": "on"}).context["rows"]] == ["Ada Lovelace"]


def test_possible_duplicates_are_shown_and_merged_by_a_recruiter(client, rita, job, pair):
    ada, imported = pair
    page = reverse("recruiter:application", args=[job.slug, imported.public_id])
    html = client.get(page).content.decode()
    assert 'id="duplicates"' in html and "Possible duplicate of" in html and "Ada Lovelace" in html
    ranking = reverse("recruiter:ranking", args=[job.slug])
    rows = client.get(ranking).context["rows"]
    assert all(r.possible_duplicate for r in rows) and len(rows) == 2
    assert "Possible duplicate" in str(rows[0].html)

    services.note_add(application=imported, author=rita, body="Imported from the spring fair.")
    response = client.post(reverse("recruiter:merge", args=[job.slug, imported.public_id]), {"other": str(ada.public_id)})
    # Same text, both reachable by email: the newest resume (the import) survives; its page is shown.
    assert response.status_code == 302
    assert response["Location"] == page
    ada.refresh_from_db()
    assert ada.merged_into_id == imported.pk
    assert [r.public_id for r in client.get(ranking).context["rows"]] == [str(imported.public_id)]
    merged_page = client.get(reverse("recruiter:application", args=[job.slug, ada.public_id])).content.decode()
    assert 'id="merged-note"' in merged_page
    assert 'id="duplicates"' not in client.get(page).content.decode()


def test_merging_with_an_application_of_another_job_is_refused(client, rita, job, ada, django_capture_on_commit_callbacks):
    from tests.factories import JobFactory

    other_job = JobFactory(profile=job.profile)
    with django_capture_on_commit_callbacks(execute=True):
        elsewhere = apply(other_job, "Ada Lovelace", ADA, email="ada@elsewhere.example")
    response = client.post(
        reverse("recruiter:merge", args=[job.slug, ada.public_id]), {"other": str(elsewhere.public_id)}, follow=True
    )
    assert "Choose another application to this job." in response.content.decode()
    ada.refresh_from_db()
    assert ada.merged_at is None


def test_the_queue_makes_the_same_number_of_queries_for_few_corrections_as_for_many(
    client, rita, job, ada, django_capture_on_commit_callbacks
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(queue_url(job)).status_code == 200
        return len(ctx.captured_queries)

    services.correction_request_create(application=ada, comment="one")
    few = queries()
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("Carl Friedrich", "Bea Barista"):
            other = apply(job, name, sample_resume(name), email=f"{name.split()[0].lower()}@example.com")
            services.correction_request_create(application=other, comment="two")
    services.correction_answer(correction=CorrectionRequest.objects.last(), actor=rita, state="in_progress", reply="r")
    assert queries() == few


def test_a_correction_is_answered_only_through_its_own_job(client, rita, job, ada):
    from tests.factories import JobFactory

    correction = services.correction_request_create(application=ada, comment="x")
    other_job = JobFactory(profile=job.profile)
    answer = reverse("recruiter:correction_answer", args=[other_job.slug])
    response = client.post(answer, {"correction": correction.pk, "state": "resolved", "reply": "no"})
    assert response.status_code == 404
    correction.refresh_from_db()
    assert correction.state == "open"


def test_a_merged_application_is_read_only_for_the_team(client, rita, job, pair):
    ada, imported = pair
    correction = services.correction_request_create(application=ada, comment="I also know JAX.", field="skills")
    survivor = services.applications_merge(first=imported, second=ada, actor=rita)
    assert survivor == imported
    page = reverse("recruiter:application", args=[job.slug, ada.public_id])
    response = client.get(page)
    html = response.content.decode()
    assert response.status_code == 200 and response.context["merged"]
    survivor_page = reverse("recruiter:application", args=[job.slug, imported.public_id])
    assert 'id="merged-note"' in html and "Read only." in html and f'href="{survivor_page}"' in html
    assert 'id="merged-read-only"' in html
    # No form acts on this application: no move, reject, rating, note, reveal or correction answer.
    for action in ("move", "rating", "note", "reveal"):
        assert reverse(f"recruiter:{action}", args=[job.slug, ada.public_id]) not in html
    assert 'id="reject-form"' not in html and "Advance to" not in html
    assert reverse("recruiter:correction_answer", args=[job.slug]) not in html
    assert "I also know JAX." in html  # the candidate's correction is still shown, answered from the queue
    assert f'href="{reverse("recruiter:corrections", args=[job.slug])}"' in html
    # The survivor's page still has its forms.
    assert reverse("recruiter:note", args=[job.slug, imported.public_id]) in client.get(survivor_page).content.decode()
    # A note or rating posted anyway is refused: it would go unseen.
    client.post(reverse("recruiter:note", args=[job.slug, ada.public_id]), {"body": "Lost note"})
    client.post(reverse("recruiter:rating", args=[job.slug, ada.public_id]), {"stars": "4"})
    ada.refresh_from_db()
    assert not ada.notes.exists() and not ada.ratings.exists()
    assert correction.application_id == ada.pk


def test_the_candidate_of_a_merged_application_is_told_and_sees_nothing_of_the_other(client, job, pair):
    ada, imported = pair
    before = client.get(reverse("candidate:status", args=[status_token(ada)])).content.decode()
    assert 'id="merged-notice"' not in before
    services.applications_merge(first=imported, second=ada, actor=recruiter(username="merger"))
    ada.refresh_from_db()
    html = client.get(reverse("candidate:status", args=[status_token(ada)])).content.decode()
    assert 'id="merged-notice"' in html
    assert "combined this application with another one of yours" in html and "Nothing is lost" in html
    # Nothing of the other application: not its link, its address, its source or its resume's name.
    assert str(imported.public_id) not in html and "Import" not in html
    assert imported.candidate.email and imported.candidate.email not in html
