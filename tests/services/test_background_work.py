"""Background work that cannot get stuck: re-score runs with a lease, a sweep and a failed state; lists that
stay on the previous version's scores until a run has finished; scores written under the version current
when they are written; a job moved to another profile re-scored; "process again" really reading again.

Tasks run in-process here (eager); tests/integration/test_reliability_background.py runs the same under
real workers with the broker down.
"""
import logging
from datetime import timedelta
from unittest import mock

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerUnreachable

from screening import selectors, services
from screening.models import Competency, Job, ParseResult, RescoreRun, Resume, Score
from screening.services.setup import defaults_load
from screening.tasks import rescore_run_execute as rescore_task
from tests.factories import hiring_admin
from tests.filegen import make_scanned_pdf, make_txt, sample_resume

pytestmark = pytest.mark.django_db

SLUG = "machine-learning-engineer"


@pytest.fixture
def job(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        defaults_load()
        job = Job.objects.get(slug=SLUG)
        for i in range(4):
            services.application_submit(
                job=job, name=f"P{i}", email=f"p{i}@example.com", resume_name=f"cv{i}.txt",
                resume_data=make_txt(sample_resume(f"Person Number{i}", ml=i % 2 == 0)), consent=True,
            )
    return Job.objects.get(pk=job.pk)


def fresh(job: Job) -> Job:
    return Job.objects.select_related("profile__published_version", "ranked_version").get(pk=job.pk)


def ranked_totals(job: Job) -> list:
    return [a.score_total for a in selectors.ranked_applications(job=fresh(job))]


def publish_new_weights(job: Job, weight: float):
    Competency.objects.filter(profile=job.profile, key="python").update(weight=weight)
    return services.profile_publish(profile=job.profile)


def broker_down():
    return mock.patch.object(rescore_task, "apply_async", side_effect=BrokerUnreachable("connection refused"))


# --- Publishing with the broker down; lease, sweep and failed state of runs ---------------------------


def test_publishing_while_the_broker_is_down_succeeds_and_the_sweep_sends_the_run(
    job, django_capture_on_commit_callbacks, caplog
):
    before = ranked_totals(job)
    with broker_down(), caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        version = publish_new_weights(job, 9)
    assert "Could not enqueue re-score run" in caplog.text
    run = RescoreRun.objects.get(profile_version=version)
    assert run.status == RescoreRun.Status.QUEUED and run.enqueued_at is None
    # The list stays on the previous version's scores, not unscored.
    assert fresh(job).ranking_version_id != version.pk and ranked_totals(job) == before
    # Not yet stale: the sweep leaves it; once stale, it is sent again (and only counted as sent).
    assert run.pk not in services.rescore_runs_sweep()
    later = timezone.now() + timedelta(hours=1)
    assert services.rescore_runs_sweep(now=later) == [run.pk]
    assert services.rescore_run_execute(run_id=run.pk) == "done"
    run.refresh_from_db()
    assert run.status == RescoreRun.Status.DONE and run.done == 4 and run.attempts == 1
    assert fresh(job).ranking_version_id == version.pk
    assert Score.objects.filter(profile_version=version).count() == 4


def test_the_publish_page_answers_a_redirect_not_500_when_the_broker_is_down(
    job, client, django_capture_on_commit_callbacks
):
    client.force_login(hiring_admin(username="hana"))
    Competency.objects.filter(profile=job.profile, key="python").update(weight=9)
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("profiles:publish", args=[SLUG]))
    assert response.status_code == 302
    job.profile.refresh_from_db()
    assert job.profile.published_version.number == 2
    assert RescoreRun.objects.get(profile_version=job.profile.published_version).status == RescoreRun.Status.QUEUED


def test_a_run_whose_worker_died_is_taken_over_after_its_lease_and_a_live_one_is_not(job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        version = publish_new_weights(job, 9)
    run = RescoreRun.objects.get(profile_version=version)
    live = timezone.now() + timedelta(seconds=60)
    RescoreRun.objects.filter(pk=run.pk).update(status=RescoreRun.Status.RUNNING, attempts=1, lease_until=live)
    assert services.rescore_run_execute(run_id=run.pk, owner="other:0") == "skipped"
    assert run.pk not in services.rescore_runs_sweep()
    RescoreRun.objects.filter(pk=run.pk).update(lease_until=timezone.now() - timedelta(seconds=1))
    assert services.rescore_runs_sweep() == [run.pk]
    assert services.rescore_run_execute(run_id=run.pk, owner="other:0") == "done"
    run.refresh_from_db()
    assert run.attempts == 2 and run.lease_until is None and run.lease_owner == ""


def test_a_run_that_killed_its_worker_every_time_fails_and_the_list_keeps_its_scores(
    job, settings, django_capture_on_commit_callbacks
):
    previous = fresh(job).ranking_version_id
    before = ranked_totals(job)
    with django_capture_on_commit_callbacks(execute=False):
        version = publish_new_weights(job, 9)
    run = RescoreRun.objects.get(profile_version=version)
    RescoreRun.objects.filter(pk=run.pk).update(
        status=RescoreRun.Status.RUNNING,
        attempts=settings.SCREENING["MAX_ATTEMPTS"],
        lease_until=timezone.now() - timedelta(seconds=1),
    )
    assert services.rescore_run_execute(run_id=run.pk) == "failed"
    run.refresh_from_db()
    assert run.status == RescoreRun.Status.FAILED and run.error and run.attempts == settings.SCREENING["MAX_ATTEMPTS"]
    assert run.pk not in services.rescore_runs_sweep(now=timezone.now() + timedelta(hours=1))
    assert fresh(job).ranking_version_id == previous and ranked_totals(job) == before


def test_a_retry_after_a_database_error_resumes_its_own_lease_without_counting(job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        version = publish_new_weights(job, 9)
    run = RescoreRun.objects.get(profile_version=version)
    live = timezone.now() + timedelta(seconds=60)
    RescoreRun.objects.filter(pk=run.pk).update(
        status=RescoreRun.Status.RUNNING, attempts=1, lease_until=live, lease_owner="task:0"
    )
    assert services.rescore_run_execute(run_id=run.pk, owner="task:1", resumed_from="task:0") == "done"
    assert RescoreRun.objects.get(pk=run.pk).attempts == 1


# --- The list stays on the previous version until the run has finished ---------------------------------


def test_the_list_keeps_the_previous_scores_until_the_run_has_finished(job, django_capture_on_commit_callbacks):
    first = fresh(job).ranking_version_id
    before = ranked_totals(job)
    assert all(total is not None for total in before)
    with django_capture_on_commit_callbacks(execute=False):
        version = publish_new_weights(job, 0)
    assert fresh(job).profile.published_version_id == version.pk
    assert fresh(job).ranking_version_id == first and ranked_totals(job) == before
    assert selectors.rescore_in_progress(job=fresh(job)).profile_version_id == version.pk
    services.rescore_run_execute(run_id=RescoreRun.objects.get(profile_version=version).pk)
    assert fresh(job).ranking_version_id == version.pk
    after = ranked_totals(job)
    assert all(total is not None for total in after) and after != before
    assert selectors.rescore_in_progress(job=fresh(job)) is None


def test_an_older_run_finishing_after_a_newer_one_does_not_move_the_list_back(job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        v2 = publish_new_weights(job, 5)
    with django_capture_on_commit_callbacks(execute=False):
        v3 = publish_new_weights(job, 9)
    assert services.rescore_run_execute(run_id=RescoreRun.objects.get(profile_version=v3).pk) == "done"
    assert services.rescore_run_execute(run_id=RescoreRun.objects.get(profile_version=v2).pk) == "superseded"
    assert fresh(job).ranking_version_id == v3.pk
    assert all(total is not None for total in ranked_totals(job))


# --- A resume read while a profile is published ----------------------------------------------------------


def _submit_unprocessed(job, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        app = services.application_submit(
            job=job, name="Late Reader", email="late@example.com", resume_name="late.txt",
            resume_data=make_txt(sample_resume("Late Reader", ml=True)), consent=True,
        )
    return app


def test_a_resume_read_while_a_publish_lands_is_scored_under_the_new_version(job, django_capture_on_commit_callbacks):
    app = _submit_unprocessed(job, django_capture_on_commit_callbacks)
    from screening.services import resumes as resume_service

    real_read = resume_service._read

    def read_while_publishing(*args, **kwargs):
        # The row is claimed (its job and profile loaded); a publish and its whole run land meanwhile.
        with django_capture_on_commit_callbacks(execute=True):
            publish_new_weights(job, 9)
        return real_read(*args, **kwargs)

    with mock.patch.object(resume_service, "_read", side_effect=read_while_publishing):
        assert services.resume_process(resume_id=app.current_resume_id) == "processed"
    current = fresh(job).ranking_version_id
    assert current == fresh(job).profile.published_version_id
    score = Score.objects.get(application=app, profile_version_id=current)
    assert score.total > 0
    totals = {a.pk: a.score_total for a in selectors.ranked_applications(job=fresh(job))}
    assert totals[app.pk] == score.total  # ranked by its score, not dropped to the bottom unscored


def test_a_resume_finishing_mid_run_is_scored_under_both_the_shown_and_the_coming_version(
    job, django_capture_on_commit_callbacks
):
    app = _submit_unprocessed(job, django_capture_on_commit_callbacks)
    shown = fresh(job).ranking_version_id
    with django_capture_on_commit_callbacks(execute=False):
        coming = publish_new_weights(job, 9)
    assert services.resume_process(resume_id=app.current_resume_id) == "processed"
    assert set(Score.objects.filter(application=app).values_list("profile_version", flat=True)) == {shown, coming.pk}
    assert ranked_totals(job)[0] is not None and None not in ranked_totals(job)
    services.rescore_run_execute(run_id=RescoreRun.objects.get(profile_version=coming).pk)
    assert fresh(job).ranking_version_id == coming.pk and None not in ranked_totals(job)


# --- Moving a job to another profile ---------------------------------------------------------------------


def test_moving_a_job_to_another_profile_rescores_its_list(job, django_capture_on_commit_callbacks):
    other = services.profile_clone(profile=job.profile, name="Data Engineer", slug="data-engineer")
    Competency.objects.filter(profile=other, key="python").update(weight=30)
    with django_capture_on_commit_callbacks(execute=True):
        other_version = services.profile_publish(profile=other)
    old = fresh(job).ranking_version_id
    before = ranked_totals(job)
    with django_capture_on_commit_callbacks(execute=False):
        run = services.job_profile_change(job=job, profile=other)
    assert run is not None and run.job_id == job.pk and run.profile_version_id == other_version.pk
    # Until its run has finished the list shows the old profile's scores, not an unscored list.
    assert fresh(job).profile_id == other.pk and fresh(job).ranking_version_id == old
    assert ranked_totals(job) == before
    assert selectors.rescore_in_progress(job=fresh(job)).pk == run.pk
    assert services.rescore_run_execute(run_id=run.pk) == "done"
    assert fresh(job).ranking_version_id == other_version.pk
    assert Score.objects.filter(profile_version=other_version, application__job=job).count() == 4
    assert None not in ranked_totals(job)


def test_moving_a_job_in_the_admin_goes_through_the_service(job, client, django_capture_on_commit_callbacks):
    other = services.profile_clone(profile=job.profile, name="Data Engineer", slug="data-engineer")
    with django_capture_on_commit_callbacks(execute=True):
        other_version = services.profile_publish(profile=other)
    admin = hiring_admin(username="hana", is_superuser=True, is_staff=True)
    client.force_login(admin)
    form = {"title": job.title, "slug": job.slug, "description": job.description, "location": job.location,
            "is_open": "on", "profile": other.pk, "salary_currency": "GBP", "salary_period": "YEAR"}
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("admin:screening_job_change", args=[job.pk]), form)
    assert response.status_code == 302, response.content[:3000]
    assert fresh(job).profile_id == other.pk and fresh(job).ranking_version_id == other_version.pk
    assert Score.objects.filter(profile_version=other_version, application__job=job).count() == 4


# --- Process again ---------------------------------------------------------------------------------------


def test_process_again_reads_the_file_again_with_the_same_parser_version(job, django_capture_on_commit_callbacks):
    app = Job.objects.get(pk=job.pk).applications.order_by("pk").first()
    resume = app.current_resume
    old_parse = resume.parse
    resume.file.save("fixed", ContentFile(make_txt(sample_resume("Grace Hopper", ml=True))), save=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.resumes_reprocess(resume_ids=[resume.pk]) == 1
    resume.refresh_from_db()
    assert resume.status == Resume.Status.PROCESSED
    assert resume.parse.parser_version == old_parse.parser_version
    assert "Grace Hopper" in resume.parse.text
    assert ParseResult.objects.filter(resume=resume).count() == 1
    score = Score.objects.get(application=app, profile_version_id=fresh(job).ranking_version_id)
    assert score.parse_id == resume.parse_id


def test_a_needs_review_read_followed_by_a_good_one_ends_processed_with_text_and_score(
    job, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        app = services.application_submit(
            job=job, name="Scan Person", email="scan@example.com", resume_name="scan.pdf",
            resume_data=make_scanned_pdf(), consent=True,
        )
    resume = Resume.objects.get(pk=app.current_resume_id)
    assert resume.status == Resume.Status.NEEDS_REVIEW
    resume.file.save("readable", ContentFile(make_txt(sample_resume("Scan Person", ml=True))), save=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.resumes_reprocess(resume_ids=[resume.pk])
    resume.refresh_from_db()
    assert resume.status == Resume.Status.PROCESSED and resume.error_code == ""
    assert "Machine Learning" in resume.parse.text
    score = Score.objects.get(application=app, profile_version_id=fresh(job).ranking_version_id)
    assert score.total > 0


def test_a_run_for_one_moved_job_leaves_other_jobs_scores_in_its_id_range(job, django_capture_on_commit_callbacks):
    other = services.profile_clone(profile=job.profile, name="Data Engineer", slug="data-engineer")
    with django_capture_on_commit_callbacks(execute=True):
        other_version = services.profile_publish(profile=other)
        staying = Job.objects.create(title="Data Engineer", slug="data-engineer", profile=other)
        # Applications of the two jobs alternate, so the moved job's id range holds the other job's too.
        for i in range(3):
            for target in (staying, job):
                services.application_submit(
                    job=target, name=f"Q{i}", email=f"q{i}-{target.pk}@example.com", resume_name="cv.txt",
                    resume_data=make_txt(sample_resume(f"Alternate Person{i}", ml=True)), consent=True,
                )
    staying_scores = set(
        Score.objects.filter(application__job=staying, profile_version=other_version).values_list("pk", "total")
    )
    assert len(staying_scores) == 3
    with django_capture_on_commit_callbacks(execute=True):
        services.job_profile_change(job=job, profile=other)
    assert (
        set(Score.objects.filter(application__job=staying, profile_version=other_version).values_list("pk", "total"))
        == staying_scores
    )
    assert Score.objects.filter(application__job=job, profile_version=other_version).count() == 7
