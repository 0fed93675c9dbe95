"""Scaling out: two worker "machines" (separate working folders and VAR_DIRs) against one database, one
broker and shared file storage share an import between them and read each resume once."""
from collections import Counter

import psutil
import pytest
from django.core.management import call_command

from screening.models import Job, Resume
from screening.services.setup import defaults_load
from tests.integration.workers import WorkerProcess, outcomes_in_logs, resume_files, tally, wait_for_all_final

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_two_workers_in_separate_folders_share_an_import_and_read_each_resume_once(use_broker, tmp_path):
    defaults_load()
    folder = tmp_path / "import"
    folder.mkdir()
    for name, data in resume_files(24, tag="s"):
        (folder / name).write_bytes(data)
    machines = [tmp_path / "machine-a", tmp_path / "machine-b"]
    workers = []
    try:
        for name, cwd in zip(("a", "b"), machines, strict=True):
            cwd.mkdir()
            # one process each, so neither can take the whole queue while the other starts
            workers.append(WorkerProcess(use_broker, concurrency=1, name=name, cwd=cwd).start())
        assert [psutil.Process(w.pid).cwd() for w in workers] == [str(m) for m in machines]

        call_command("import_resumes", str(folder), "--job", "machine-learning-engineer")
        job = Job.objects.get(slug="machine-learning-engineer")
        ids = list(Resume.objects.filter(application__job=job).values_list("pk", flat=True))
        assert len(ids) == 24
        wait_for_all_final(ids, timeout=240)
    finally:
        for worker in workers:
            worker.stop()

    counts = tally(ids)
    assert counts.exactly_once(processed=24) == [], counts.summary()
    assert counts.attempts == Counter({1: 24}), counts.summary()  # nobody claimed a resume twice
    # Which worker read which resume, from each worker's own log: both did some, none was read by both.
    done = [{rid for (rid, outcome), n in outcomes_in_logs(w.log()).items() if outcome == "processed"} for w in workers]
    skipped = [rid for w in workers for (rid, outcome) in outcomes_in_logs(w.log()) if outcome != "processed"]
    assert all(done), [len(d) for d in done]
    assert done[0].isdisjoint(done[1])
    assert done[0] | done[1] == set(ids)
    assert skipped == []
    # The files were read from the shared MEDIA_ROOT, not from a folder of either machine.
    assert not (machines[0] / "media").exists() and not (machines[1] / "media").exists()
