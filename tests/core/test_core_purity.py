"""The pure core (documents, nlp, scoring, fairness, reading, sandbox) never imports Django."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import sys
import screening.documents, screening.nlp, screening.scoring, screening.reading, screening.sandbox
import screening.fairness
import screening.nlp.matching
import screening.nlp.job_description
assert screening.nlp.job_description.propose_profile("Requirements\\n- Python", screening.nlp.load_taxonomy()).competencies
from screening.reading import read_resume
result = read_resume(b"Jane Doe\\njane@example.com\\nSkills\\nPython, SQL\\n", "cv.txt")
assert result.status == "processed", result
leaked = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
print("LEAKED" if leaked else "CLEAN", leaked[:5])
"""


def test_core_runs_without_django():
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}  # no DJANGO_SETTINGS_MODULE either
    out = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("CLEAN"), out.stdout
