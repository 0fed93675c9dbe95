"""The parsing sandbox: a hang, a memory bomb or a crash kills the child, never the caller."""
import os
import signal
import time

import pytest

from screening.sandbox import SandboxError, SandboxLimits, run_isolated


def test_returns_the_result():
    assert run_isolated(lambda a, b: {"sum": a + b}, 2, 3) == {"sum": 5}


def test_large_results_come_back_whole():
    text = "x" * 3_000_000
    assert run_isolated(lambda: text) == text


def test_a_hang_is_killed_after_the_time_limit():
    started = time.monotonic()
    with pytest.raises(SandboxError) as err:
        run_isolated(lambda: time.sleep(30), limits=SandboxLimits(seconds=1))
    assert err.value.code == "timeout"
    assert time.monotonic() - started < 10


def test_a_cpu_loop_is_stopped():
    def spin():
        while True:
            pass

    with pytest.raises(SandboxError) as err:
        run_isolated(spin, limits=SandboxLimits(seconds=1))
    assert err.value.code == "timeout"


def test_a_memory_bomb_fails_cleanly():
    def bomb():
        blocks = []
        while True:
            blocks.append(bytearray(50 * 1024 * 1024))

    with pytest.raises(SandboxError) as err:
        run_isolated(bomb, limits=SandboxLimits(seconds=20, memory_mb=200))
    assert err.value.code in {"memory", "crashed"}


def test_a_crash_is_reported_not_propagated():
    with pytest.raises(SandboxError) as err:
        run_isolated(lambda: os.kill(os.getpid(), signal.SIGSEGV))
    assert err.value.code == "crashed"


def test_exceptions_come_back_as_errors():
    def boom():
        raise ValueError("bad input")

    with pytest.raises(SandboxError) as err:
        run_isolated(boom)
    assert err.value.code == "error"
    assert "bad input" in str(err.value)


def test_no_child_is_left_behind(monkeypatch):
    forked = []
    real_fork = os.fork

    def recording_fork():
        pid = real_fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", recording_fork)
    run_isolated(lambda: 1)
    with pytest.raises(SandboxError):
        run_isolated(lambda: time.sleep(30), limits=SandboxLimits(seconds=0.5))
    assert len(forked) == 2
    for pid in forked:  # already reaped: no zombies left for the worker to collect
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
