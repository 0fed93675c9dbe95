"""Runs untrusted-input work (reading a resume file) in a forked child with CPU, memory and time limits.

A hostile or broken file can make a native parser hang, loop or allocate without bound. The child
takes the blow: it is killed on timeout, its address space is capped, and whatever happens the
calling worker survives and records a failure with a reason. Forking (not spawning) keeps the
already-built spaCy pipeline and imported libraries, so isolation costs milliseconds, not seconds.
"""
from __future__ import annotations

import json
import os
import resource
import select
import signal
import time
import traceback
from dataclasses import dataclass
from typing import Any, Callable

MAX_OUTPUT_BYTES = 32 * 1024 * 1024


class SandboxError(Exception):
    """The child did not return a result; `code` says why (timeout, memory, crashed)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class SandboxLimits:
    seconds: float = 60.0
    memory_mb: int = 1024  # on top of what the parent already uses


def _current_address_space() -> int:
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[0])
    return pages * os.sysconf("SC_PAGE_SIZE")


def run_isolated(func: Callable[..., Any], *args: Any, limits: SandboxLimits = SandboxLimits()) -> Any:
    """Call `func(*args)` in a forked child and return its JSON-able result.

    Exceptions raised by `func` come back as SandboxError("error", ...) unless they are JSON-safe
    results; callers should make `func` return error descriptions rather than raise.
    """
    read_fd, write_fd = os.pipe()
    address_limit = _current_address_space() + limits.memory_mb * 1024 * 1024
    pid = os.fork()
    if pid == 0:  # child
        status = 0
        try:
            os.close(read_fd)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            cpu = max(1, int(limits.seconds) + 1)
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
            resource.setrlimit(resource.RLIMIT_AS, (address_limit, address_limit))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            try:
                payload = {"ok": True, "result": func(*args)}
            except MemoryError:
                payload = {"ok": False, "code": "memory", "error": "Reading the file needed too much memory."}
            except BaseException as exc:  # report, never propagate into the forked copy of the caller
                payload = {
                    "ok": False,
                    "code": "error",
                    "error": f"{type(exc).__name__}: {exc}",
                    "trace": traceback.format_exc(limit=5),
                }
            data = json.dumps(payload).encode()
            view = memoryview(data)
            while view:
                written = os.write(write_fd, view)
                view = view[written:]
        except BaseException:
            status = 1
        finally:
            os._exit(status)  # skip atexit handlers and inherited cleanup (DB connections, loggers)

    os.close(write_fd)
    chunks: list[bytes] = []
    size = 0
    deadline = time.monotonic() + limits.seconds
    timed_out = too_big = False
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            ready, _, _ = select.select([read_fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                break
            size += len(chunk)
            if size > MAX_OUTPUT_BYTES:
                too_big = True
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        if timed_out or too_big:
            _kill(pid)
        _, wait_status = os.waitpid(pid, 0)

    if timed_out:
        raise SandboxError("timeout", f"Reading the file took longer than {limits.seconds:g} seconds.")
    if too_big:
        raise SandboxError("too_large", "Reading the file produced too much output.")
    if os.WIFSIGNALED(wait_status):
        sig = os.WTERMSIG(wait_status)
        if sig == signal.SIGXCPU:
            raise SandboxError("timeout", f"Reading the file used more than {limits.seconds:g} seconds of CPU.")
        raise SandboxError("crashed", f"The file reader crashed (signal {sig}).")
    try:
        payload = json.loads(b"".join(chunks))
    except ValueError:
        raise SandboxError("crashed", "The file reader stopped without a result.") from None
    if not payload.get("ok"):
        raise SandboxError(payload.get("code", "error"), payload.get("error", "The file reader failed."))
    return payload["result"]


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
