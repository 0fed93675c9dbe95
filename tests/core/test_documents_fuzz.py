"""The atheris harness runs briefly in CI, from seed files, and must finish without a crash."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HARNESS = Path(__file__).with_name("fuzz_documents.py")


def test_fuzz_harness_finds_no_crash_in_a_short_run(tmp_path):
    seeds = tmp_path / "seeds"
    subprocess.run([sys.executable, str(HARNESS), "--write-seeds", str(seeds)], check=True, timeout=120)
    assert len(list(seeds.iterdir())) >= 5
    # -timeout is per input: generous, since CI machines are shared; a real hang still trips it.
    run = subprocess.run(
        [sys.executable, str(HARNESS), str(seeds), "-atheris_runs=3000", "-rss_limit_mb=2048", "-timeout=120"],
        cwd=tmp_path,  # crash-*, timeout-* and oom-* inputs, if any, land here
        capture_output=True,
        text=True,
        timeout=1200,
    )
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(("crash-", "timeout-", "oom-")))
    assert run.returncode == 0, f"inputs kept in {tmp_path}: {left}\n{run.stderr[-4000:]}"
    assert "Done 3000 in" in run.stderr
