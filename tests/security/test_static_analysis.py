"""bandit over screening/ and hiring/: every finding is either fixed or listed here with why it is safe.

Findings are keyed by file, bandit test id and the flagged line as written, so moving code is fine while
a new finding, or an edit to a reviewed line, fails until someone reviews it. (bandit's own baseline
matches by file and message only: a second mark_safe in the same file would pass it unnoticed.)
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

JOB_POSTING_LINE = (
    'return format_html(\'<script type="application/ld+json">{}</script>\', mark_safe(payload.translate(_SCRIPT_ESCAPES)))'
)
MARK_SAFE = "mark_safe of HTML built from escaped values; listed in test_headers.REVIEWED_BYPASSES and tested there"
REVIEWED_FINDINGS = {
    ("hiring/settings/test.py", "B105", 'SECRET_KEY = "test-only-secret-key-not-for-production-use-0123456789"'): (
        "the test settings' key; production.py refuses to start without a real SECRET_KEY of 50+ characters"
    ),
    ("screening/documents/pdf_text.py", "B404", "import subprocess"): "used for the one call below",
    ("screening/documents/pdf_text.py", "B603", "result = subprocess.run("): (
        "OCR: argv list without a shell, the tesseract path from shutil.which, page pixels on stdin, a timeout"
    ),
    ("screening/services/webhooks.py", "B113", "response = requests.post("): (
        "webhook delivery: the call passes timeout=WEBHOOKS['TIMEOUT_SECONDS'] (a number, 10 s by default), which "
        "bandit cannot read from a setting; redirects are off and the URL is checked against private addresses"
    ),
    ("screening/presenters/charts.py", "B308", 'return mark_safe("")'): "an empty string",
    ("screening/presenters/charts.py", "B308", 'return mark_safe("".join(parts))'): MARK_SAFE + " (bars_svg)",
    ("screening/presenters/charts.py", "B703", 'return mark_safe("".join(parts))'): MARK_SAFE + " (bars_svg)",
    ("screening/presenters/ranking_row.py", "B308", "return mark_safe("): MARK_SAFE + " (ranking_row_html)",
    ("screening/presenters/ranking_row.py", "B703", "return mark_safe("): MARK_SAFE + " (ranking_row_html)",
    ("screening/presenters/evidence.py", "B308", 'return mark_safe("".join(out))'): MARK_SAFE + " (marked_text)",
    ("screening/presenters/evidence.py", "B703", 'return mark_safe("".join(out))'): MARK_SAFE + " (marked_text)",
    (
        "screening/presenters/evidence.py",
        "B308",
        "quote = mark_safe('<span class=\"muted\">(quote hidden during blind review)</span>')",
    ): "a constant",
    **{
        ("screening/presenters/jobs.py", test_id, JOB_POSTING_LINE): MARK_SAFE + " (job_posting_script)"
        for test_id in ("B308", "B703")
    },
    (
        "screening/views/recruiter/ranking.py",
        "B308",
        'bars=bars_svg(category_bars(app.score_points, spec)) if spec and scored else mark_safe(""),',
    ): "an empty string",
}


def bandit_findings() -> tuple[Counter, set[str]]:
    out = subprocess.run(
        [sys.executable, "-m", "bandit", "-r", "screening", "hiring", "-f", "json", "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode in (0, 1), out.stderr  # 1: findings; anything else: bandit itself failed
    report = json.loads(out.stdout)
    assert not report["errors"], report["errors"]
    found, severities = Counter(), set()
    for result in report["results"]:
        severities.add(result["issue_severity"])
        path = Path(result["filename"])
        line = (ROOT / path).read_text(encoding="utf-8").splitlines()[result["line_number"] - 1].strip()
        found[(path.as_posix(), result["test_id"], line)] += 1
    return found, severities


def test_every_bandit_finding_is_fixed_or_reviewed():
    found, severities = bandit_findings()
    unreviewed = sorted(set(found) - set(REVIEWED_FINDINGS))
    assert not unreviewed, f"fix these or add them to REVIEWED_FINDINGS with the reason they are safe: {unreviewed}"
    gone = sorted(set(REVIEWED_FINDINGS) - set(found))
    assert not gone, f"bandit no longer reports these; remove them from REVIEWED_FINDINGS: {gone}"
    assert "HIGH" not in severities  # never waved through: fix it
