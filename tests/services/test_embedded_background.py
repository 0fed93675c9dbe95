"""Embedded mode: publishing answers at once and the re-score run works beside it, so progress can be watched."""
import threading

import pytest
from django.urls import reverse

from screening import services
from screening.models import Job, RescoreRun
from screening.services import queueing
from screening.services.setup import defaults_load
from tests.factories import hiring_admin
from tests.filegen import make_txt, sample_resume

pytestmark = pytest.mark.django_db(transaction=True)


def test_publishing_returns_before_the_rescore_and_the_page_polls_its_progress(client, settings, monkeypatch):
    defaults_load()
    job = Job.objects.get(slug="machine-learning-engineer")
    services.application_submit(
        job=job, name="Ada", email="ada@example.com", resume_name="cv.txt",
        resume_data=make_txt(sample_resume("Ada Lovelace")), consent=True,
    )
    profile = job.profile
    competencies = [
        {k: getattr(c, k) for k in ("key", "name", "category", "weight", "must_have", "min_months", "skills", "synonyms", "signals")}
        for c in profile.competencies.all()
    ]
    competencies[0]["weight"] += 1
    services.profile_draft_update(profile=profile, settings={}, competencies=competencies)

    settings.SCREENING = {**settings.SCREENING, "EMBEDDED_BACKGROUND": True}
    gate = threading.Event()
    real = services.rescore_run_execute

    def held_run(**kwargs):
        assert threading.current_thread() is not threading.main_thread()  # not inside the request
        gate.wait(timeout=60)
        return real(**kwargs)

    monkeypatch.setattr("screening.services.rescore_run_execute", held_run)
    client.force_login(hiring_admin(username="hana"))

    response = client.post(reverse("profiles:publish", args=[profile.slug]))
    assert response.status_code == 302  # answered while the run waits
    run = RescoreRun.objects.get(profile_version=profile.versions.latest("number"))
    assert run.status != RescoreRun.Status.DONE
    progress = client.get(reverse("profiles:progress", args=[profile.slug])).content.decode()
    assert "data-poll=" in progress  # the page keeps asking until the run is done

    gate.set()
    for thread in list(queueing.embedded_threads):
        thread.join(timeout=60)
    run.refresh_from_db()
    assert run.status == RescoreRun.Status.DONE and run.done == run.total == 1
    assert "data-poll=" not in client.get(reverse("profiles:progress", args=[profile.slug])).content.decode()
