"""`import_resumes --wait`: stdout keeps its lines (a contract for scripts); the work's logs stay out of the
progress bars on stderr unless asked for with --verbosity 2."""
import logging

import pytest
from django.core.management import call_command

from screening.services.setup import defaults_load
from tests.filegen import make_txt, sample_resume

# Committed for real: the import's resumes are read after each commit, in-process, as in embedded mode.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def folder(tmp_path):
    defaults_load()
    for name in ("ada", "grace"):
        (tmp_path / f"{name}.txt").write_bytes(make_txt(sample_resume(name.title() + " Example")))
    (tmp_path / "notes.txt").write_bytes(b"")
    return tmp_path


def work_info(caplog) -> list[str]:
    return [
        r.getMessage()
        for r in caplog.records
        if r.levelno == logging.INFO and r.name.startswith(("screening", "celery"))
    ]


def test_stdout_is_the_contract_and_work_logs_are_quiet(folder, caplog, capsys):
    caplog.set_level(logging.INFO)
    call_command("import_resumes", str(folder), "--job", "machine-learning-engineer", "--wait", "--timeout", "120")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "Accepted 2 file(s); rejected 1."
    assert out[1].startswith("  rejected ") and out[1].endswith("notes.txt: The file is empty.")
    assert out[2] == "Processed: 2 processed."
    assert len(out) == 3
    assert work_info(caplog) == []
    assert logging.getLogger("screening").level == logging.NOTSET  # put back afterwards


def test_verbosity_2_shows_the_work_logs(folder, caplog):
    caplog.set_level(logging.INFO)
    call_command("import_resumes", str(folder), "--job", "machine-learning-engineer", "--wait", "--timeout", "120", verbosity=2)
    assert work_info(caplog)
