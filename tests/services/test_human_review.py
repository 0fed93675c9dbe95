"""The human review choice: the application is read but never scored, never ranked, and waits in its queue."""
from __future__ import annotations

import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from screening import selectors, services
from screening.models import Application, AuditEvent, Competency, Job, Resume, Score
from screening.services.setup import defaults_load
from tests.filegen import make_txt, sample_resume

pytestmark = pytest.mark.django_db


def submit(job: Job, name: str, *, human_review: bool = False, ml: bool = True) -> Application:
    email = name.lower().replace(" ", ".") + "@example.com"
    app = services.application_submit(
        job=job,
        name=name,
        email=email,
        resume_name="cv.txt",
        resume_data=make_txt(sample_resume(name, ml=ml, email=email)),
        consent=True,
        human_review=human_review,
    )
    app.refresh_from_db()
    return app


@pytest.fixture
def job(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        defaults_load()
    return Job.objects.get(slug="machine-learning-engineer")


@pytest.fixture
def apps(job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return {
            "ranked": submit(job, "Ada Lovelace"),
            "weak": submit(job, "Bea Sales", ml=False),
            "person": submit(job, "Grace Hopper", human_review=True),
        }


def test_the_application_is_read_but_never_scored_or_ranked(job, apps):
    person = apps["person"]
    assert person.human_review is True
    assert person.current_resume.status == Resume.Status.PROCESSED  # read, so a person can read it
    assert not Score.objects.filter(application=person).exists()
    assert Score.objects.filter(application__in=[apps["ranked"], apps["weak"]]).count() == 2
    # Not at the bottom of the ranked list: not in it at all, nor in its counts.
    ranked = list(selectors.ranked_applications(job=job))
    assert person not in ranked and len(ranked) == 2
    assert selectors.stage_counts(job=job)["new"] == 2
    page = selectors.ranking_page(job=job)
    assert page.count == 2 and person not in page.rows
    # In its own queue instead.
    assert list(selectors.human_review_queue(job=job)) == [person]
    assert selectors.human_review_counts(job=job) == (1, 0)
    assert selectors.jobs_with_counts().get(pk=job.pk).human_review_waiting == 1
    event = AuditEvent.objects.get(action="application.submitted", object_id=str(person.public_id))
    assert event.data["human_review"] is True


def test_the_ranking_command_lists_only_ranked_applications(job, apps):
    out = io.StringIO()
    call_command("ranking", "--job", job.slug, "--format", "json", stdout=out)
    ids = [row["application_id"] for row in json.loads(out.getvalue())]
    assert ids == [str(apps["ranked"].public_id), str(apps["weak"].public_id)]


def test_publishing_a_profile_never_scores_it(job, apps, django_capture_on_commit_callbacks):
    Competency.objects.filter(profile=job.profile, key="python").update(weight=5)
    with django_capture_on_commit_callbacks(execute=True):
        version = services.profile_publish(profile=job.profile)
    assert Score.objects.filter(profile_version=version).count() == 2
    assert not Score.objects.filter(application=apps["person"]).exists()
    assert services.application_score(application=apps["person"], parse=apps["person"].current_resume.parse) is None


def test_choosing_after_applying_drops_the_score(job, apps):
    ranked = apps["ranked"]
    assert services.application_choose_human_review(application=ranked) is True
    assert services.application_choose_human_review(application=ranked) is False
    ranked.refresh_from_db()
    assert ranked.human_review and not Score.objects.filter(application=ranked).exists()
    # It joins the queue in the order it arrived (it applied before the other one).
    assert [a.pk for a in selectors.human_review_queue(job=job)] == [ranked.pk, apps["person"].pk]
    assert AuditEvent.objects.filter(action="application.human_review_chosen", object_id=str(ranked.public_id)).exists()


def test_the_queue_is_first_come_first_reviewed_and_a_decision_moves_it_on(job, apps, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        later = submit(job, "Alan Turing", human_review=True)
    assert list(selectors.human_review_queue(job=job)) == [apps["person"], later]
    with django_capture_on_commit_callbacks(execute=True):
        services.application_move(application=apps["person"], to_stage="interview", actor=None)
    assert list(selectors.human_review_queue(job=job)) == [later]
    assert list(selectors.human_review_queue(job=job, waiting=False)) == [apps["person"]]
    assert selectors.human_review_counts(job=job) == (1, 1)
    assert selectors.stage_counts(job=job)["interview"] == 0  # the ranked list's tabs leave it out


def test_applying_again_without_the_box_keeps_the_choice(job, apps, django_capture_on_commit_callbacks):
    from screening.services.identity import Purpose, address_confirmation_issue

    held = submit(job, "Grace Hopper")  # the address is known: held until its owner confirms
    token = address_confirmation_issue(candidate=held.candidate, purpose=Purpose.SUBMISSION, held=held)
    with django_capture_on_commit_callbacks(execute=True):
        again, _ = services.held_submission_confirm(token=token)
    again.refresh_from_db()
    assert again.pk == apps["person"].pk and again.human_review
    assert not Score.objects.filter(application=again).exists()


def test_closed_or_erased_applications_cannot_choose(job, apps, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.application_move(application=apps["weak"], to_stage="rejected", reason="other", actor=None)
    with pytest.raises(ValidationError):
        services.application_choose_human_review(application=apps["weak"])
    services.candidate_erase(candidate=apps["ranked"].candidate)
    with pytest.raises(ValidationError):
        services.application_choose_human_review(application=apps["ranked"])
