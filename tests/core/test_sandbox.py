"""The parsing sandbox: a hang, a memory bomb or a crash kills the child, never the caller."""
import os
import resource
import signal
import time

import pytest

from screening.sandbox import Reader, SandboxError, SandboxLimits, _readers, run_isolated, run_reused


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


# --- The kept reader: one child for many calls, under the same limits per call -------------------------


def _reader_pid(_data: bytes = b"") -> int:
    return os.getpid()


def test_a_reader_answers_call_after_call_from_one_child():
    reader = Reader(lambda data, name, n: {"name": name, "size": len(data), "n": n})
    try:
        assert reader.call(b"\x00\xffresume", "cv.pdf", 3) == {"name": "cv.pdf", "size": 8, "n": 3}
        assert reader.call(b"", "empty.txt", None) == {"name": "empty.txt", "size": 0, "n": None}
    finally:
        reader.close()
    same = Reader(_reader_pid)
    try:
        children = {same.call(b"x") for _ in range(10)}
    finally:
        same.close()
    assert len(children) == 1 and os.getpid() not in children


def test_a_reader_child_holds_none_of_the_callers_pipes():
    """A pipe the caller opened (to a browser driver, a pool process) must see its end of file when the caller
    closes its end, even while a kept reader lives on: the child closed what it inherited."""
    read_end, write_end = os.pipe()
    reader = Reader(_reader_pid)
    try:
        reader.call(b"x")  # the child is forked now, with both ends of the pipe open in the caller
        os.close(write_end)
        os.set_blocking(read_end, False)
        assert os.read(read_end, 1) == b""  # end of file: no other writer holds the pipe open
    finally:
        reader.close()
        os.close(read_end)


def test_a_reader_is_replaced_after_a_timeout_and_the_next_call_works():
    def slow_or_fast(seconds: float) -> int:
        time.sleep(seconds)
        return os.getpid()

    reader = Reader(slow_or_fast, limits=SandboxLimits(seconds=5))
    try:
        first = reader.call(0)
        with pytest.raises(SandboxError) as err:
            reader.call(30)
        assert err.value.code == "timeout"
        with pytest.raises(ProcessLookupError):
            os.kill(first, 0)  # the hung child was killed and reaped
        assert reader.call(0) != first
    finally:
        reader.close()


def test_a_readers_cpu_limit_counts_each_call_afresh_and_stops_a_loop():
    def burn(seconds: float) -> list[float]:
        """(CPU seconds this call may still use, CPU seconds the child used before) after burning `seconds`."""
        used = time.process_time()
        soft, _ = resource.getrlimit(resource.RLIMIT_CPU)
        end = used + seconds
        while seconds < 0 or time.process_time() < end:
            pass
        return [soft - used, used]

    reader = Reader(burn, limits=SandboxLimits(seconds=30))  # (a generous wall clock: the machine may be busy)
    try:
        answers = [reader.call(0.3) for _ in range(4)]
    finally:
        reader.close()
    # each call may use the limit's seconds, however much the calls before it used
    assert all(left >= 30 for left, _ in answers), answers
    assert answers[-1][1] >= 0.9
    looping = Reader(burn, limits=SandboxLimits(seconds=1))
    try:
        with pytest.raises(SandboxError) as err:
            looping.call(-1)  # forever
        assert err.value.code == "timeout"
        assert looping.call(0)
    finally:
        looping.close()


def test_a_memory_bomb_or_a_crash_in_a_reader_fails_that_call_only():
    def work(kind: str) -> str:
        if kind == "bomb":
            blocks = []
            while True:
                blocks.append(bytearray(50 * 1024 * 1024))
        if kind == "crash":
            os.kill(os.getpid(), signal.SIGSEGV)
        if kind == "error":
            raise ValueError("bad input")
        return "ok"

    reader = Reader(work, limits=SandboxLimits(seconds=20, memory_mb=200))
    try:
        for kind, codes in (("bomb", {"memory", "crashed"}), ("crash", {"crashed"}), ("error", {"error"})):
            with pytest.raises(SandboxError) as err:
                reader.call(kind)
            assert err.value.code in codes, kind
            assert reader.call("fine") == "ok"
    finally:
        reader.close()


def test_a_reader_is_renewed_after_max_calls_and_leaves_no_child_behind():
    reader = Reader(_reader_pid, max_calls=3)
    try:
        pids = [reader.call(b"") for _ in range(7)]
    finally:
        reader.close()
    assert len(set(pids)) == 3  # calls 1-3, 4-6, 7
    for pid in set(pids):
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # each was reaped: no zombies for the worker to collect


def test_run_reused_keeps_one_reader_per_function_until_the_key_changes():
    first = run_reused(_reader_pid, b"", key="taxonomy-1")
    assert run_reused(_reader_pid, b"", key="taxonomy-1") == first
    renewed = run_reused(_reader_pid, b"", key="taxonomy-2")  # a new build: a child forked after it
    assert renewed != first
    with pytest.raises(ProcessLookupError):
        os.kill(first, 0)
    _readers.pop(_reader_pid).close()
