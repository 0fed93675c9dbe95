"""Runs untrusted-input work (reading a resume file) in a forked child with CPU, memory and time limits.

A hostile or broken file can make a native parser hang, loop or allocate without bound. The child
takes the blow: it is killed on timeout, its address space is capped, and whatever happens the
calling worker survives and records a failure with a reason. Forking (not spawning) keeps the
already-built spaCy pipeline and imported libraries, so isolation costs milliseconds, not seconds.

`run_isolated` forks a child per call. A worker reading resume after resume uses a `Reader` instead: one
forked child that reads file after file under the same limits (its CPU limit counted afresh for each file),
and is replaced when it fails in any way, times out, or has read `max_calls` files. A fork of a worker with
its pipeline, and the copies of the pages the child then writes, cost about as much CPU as reading a
resume; the reader pays them once per `max_calls` files.
"""
from __future__ import annotations

import gc
import json
import os
import threading
import resource
import select
import signal
import time
import traceback
from dataclasses import dataclass
from typing import Any, Callable, Hashable

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
            # The parent's objects are never freed here: keep the collector off them, or its passes would
            # touch (and so copy) every page the child shares with the parent.
            gc.freeze()
            os.close(read_fd)
            _close_inherited(keep=(write_fd,))
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            cpu = max(1, int(limits.seconds) + 1)
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
            resource.setrlimit(resource.RLIMIT_AS, (address_limit, address_limit))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
            _write_all(write_fd, json.dumps(_payload_of(func, args)).encode())
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


def _close_inherited(*, keep: tuple[int, ...]) -> None:
    """Close every file descriptor the child inherited past stdin, stdout and stderr, except `keep`.

    A child that lives on (a kept Reader) would otherwise hold the caller's pipes and sockets open: a
    subprocess the caller started later (a browser driver, a worker's pool pipe) never sees its end of file
    and waits for ever, as `subprocess` avoids with close_fds. The child needs only its own pipes."""
    low = 3
    for fd in sorted(keep):
        if fd >= low:
            os.closerange(low, fd)
            low = fd + 1
    os.closerange(low, _max_fd())


def _max_fd() -> int:
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    return soft if soft != resource.RLIM_INFINITY and soft > 0 else 65536


def _payload_of(func: Callable[..., Any], args: tuple) -> dict:
    """func(*args) as the child reports it: the result, or why there is none (never an exception)."""
    try:
        return {"ok": True, "result": func(*args)}
    except MemoryError:
        return {"ok": False, "code": "memory", "error": "Reading the file needed too much memory."}
    except BaseException as exc:  # report, never propagate into the forked copy of the caller
        return {
            "ok": False,
            "code": "error",
            "error": f"{type(exc).__name__}: {exc}",
            "trace": traceback.format_exc(limit=5),
        }


_HEADER = 8  # bytes of the length that goes before each message between a Reader and its child


class Reader:
    """A forked child that runs `func` on call after call, each under `limits`: `run_isolated`'s contract
    (a JSON-able result, or SandboxError with the same codes) without a fork per call.

    The child is forked at the first call (so it inherits what the caller built before it: the pipeline),
    and forked again after it failed in any way (timeout, memory, crash, an error raised by `func`) or
    after `max_calls` calls, so one file's leftovers cannot pile up across many. Arguments are JSON-able
    values or bytes (a file); results come back as JSON. Calls from several threads take turns.
    """

    def __init__(
        self,
        func: Callable[..., Any],
        *,
        limits: SandboxLimits = SandboxLimits(),
        max_calls: int = 200,
        key: Hashable = None,
    ):
        self.func = func
        self.limits = limits
        self.max_calls = max_calls
        self.key = key
        self._lock = threading.Lock()
        self._pid: int | None = None
        self._owner = 0  # the process that forked the child: a fork of that process must not use the child
        self._to_child = self._from_child = -1
        self._calls = 0

    def call(self, *args: Any) -> Any:
        with self._lock:
            if self._pid is not None and (self._owner != os.getpid() or self._calls >= self.max_calls):
                self._stop()
            if self._pid is None:
                self._start()
            self._calls += 1
            request = _encode_args(args)
            try:
                _write_all(self._to_child, len(request).to_bytes(_HEADER, "big") + request)
            except OSError:  # the child died between calls (killed from outside): start afresh
                self._stop()
                self._start()
                self._calls = 1
                _write_all(self._to_child, len(request).to_bytes(_HEADER, "big") + request)
            try:
                payload = self._answer()
            except SandboxError:
                self._stop()
                raise
            if not payload.get("ok"):
                self._stop()  # a failed read may have left the child in any state: the next call gets a new one
                raise SandboxError(payload.get("code", "error"), payload.get("error", "The file reader failed."))
            return payload["result"]

    def close(self) -> None:
        with self._lock:
            self._stop()

    def _answer(self) -> dict:
        deadline = time.monotonic() + self.limits.seconds
        header = self._receive(_HEADER, deadline)
        size = int.from_bytes(header, "big")
        if size > MAX_OUTPUT_BYTES:
            raise SandboxError("too_large", "Reading the file produced too much output.")
        try:
            return json.loads(self._receive(size, deadline))
        except ValueError:
            raise SandboxError("crashed", "The file reader stopped without a result.") from None

    def _receive(self, size: int, deadline: float) -> bytes:
        chunks: list[bytes] = []
        missing = size
        while missing:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise SandboxError("timeout", f"Reading the file took longer than {self.limits.seconds:g} seconds.")
            ready, _, _ = select.select([self._from_child], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(self._from_child, min(missing, 1 << 20))
            if not chunk:
                raise self._died()
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)

    def _died(self) -> SandboxError:
        """Why the child closed its pipe without a whole answer (it is reaped here)."""
        pid, self._pid = self._pid, None
        os.close(self._to_child)
        os.close(self._from_child)
        _, wait_status = os.waitpid(pid, 0) if pid else (0, 0)
        if os.WIFSIGNALED(wait_status) and os.WTERMSIG(wait_status) == signal.SIGXCPU:
            return SandboxError("timeout", f"Reading the file used more than {self.limits.seconds:g} seconds of CPU.")
        if os.WIFSIGNALED(wait_status):
            return SandboxError("crashed", f"The file reader crashed (signal {os.WTERMSIG(wait_status)}).")
        return SandboxError("crashed", "The file reader stopped without a result.")

    def _start(self) -> None:
        request_read, request_write = os.pipe()
        answer_read, answer_write = os.pipe()
        address_limit = _current_address_space() + self.limits.memory_mb * 1024 * 1024
        pid = os.fork()
        if pid == 0:  # child
            status = 0
            try:
                os.close(request_write)
                os.close(answer_read)
                _close_inherited(keep=(request_read, answer_write))
                self._serve(request_read, answer_write, address_limit)
            except BaseException:
                status = 1
            finally:
                os._exit(status)  # skip atexit handlers and inherited cleanup (DB connections, loggers)
        os.close(request_read)
        os.close(answer_write)
        self._pid, self._owner, self._calls = pid, os.getpid(), 0
        self._to_child, self._from_child = request_write, answer_read

    def _serve(self, requests: int, answers: int, address_limit: int) -> None:
        """The child's loop: a call per request until the caller closes the pipe (or dies) or a call fails."""
        gc.freeze()  # see run_isolated
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        resource.setrlimit(resource.RLIMIT_AS, (address_limit, address_limit))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
        _, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
        while True:
            header = _read_exact(requests, _HEADER)
            if header is None:
                return
            body = _read_exact(requests, int.from_bytes(header, "big"))
            if body is None:
                return
            # The CPU limit counts from here: this call's own seconds, whatever the calls before it used.
            usage = resource.getrusage(resource.RUSAGE_SELF)
            soft = int(usage.ru_utime + usage.ru_stime) + max(1, int(self.limits.seconds) + 1)
            if cpu_hard != resource.RLIM_INFINITY:
                soft = min(soft, cpu_hard)
            resource.setrlimit(resource.RLIMIT_CPU, (soft, cpu_hard))
            payload = _payload_of(self.func, _decode_args(body))
            data = json.dumps(payload).encode()
            _write_all(answers, len(data).to_bytes(_HEADER, "big") + data)
            if not payload.get("ok"):
                return

    def _stop(self) -> None:
        if self._pid is None:
            return
        pid, self._pid = self._pid, None
        os.close(self._to_child)
        os.close(self._from_child)
        if self._owner != os.getpid():
            return  # a forked copy of the owner: the child is not ours to stop or reap
        _kill(pid)
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass


def _encode_args(args: tuple) -> bytes:
    """JSON of the arguments, bytes ones replaced by their length and sent raw after it."""
    blobs = [a for a in args if isinstance(a, bytes)]
    head = json.dumps([{"bytes": len(a)} if isinstance(a, bytes) else {"value": a} for a in args]).encode()
    return len(head).to_bytes(_HEADER, "big") + head + b"".join(blobs)


def _decode_args(body: bytes) -> tuple:
    size = int.from_bytes(body[:_HEADER], "big")
    args, offset = [], _HEADER + size
    for item in json.loads(body[_HEADER:offset]):
        if "bytes" in item:
            args.append(body[offset : offset + item["bytes"]])
            offset += item["bytes"]
        else:
            args.append(item["value"])
    return tuple(args)


def _read_exact(fd: int, size: int) -> bytes | None:
    """`size` bytes from `fd`, or None when it closes first."""
    chunks: list[bytes] = []
    while size:
        chunk = os.read(fd, min(size, 1 << 20))
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


_readers: dict[Hashable, Reader] = {}
_readers_lock = threading.Lock()


def run_reused(
    func: Callable[..., Any], *args: Any, limits: SandboxLimits = SandboxLimits(), key: Hashable = None
) -> Any:
    """`run_isolated(func, *args, limits=limits)` in this process's `Reader` for `func`, kept between calls.

    `key` names what the caller built for the child to inherit (a pipeline's model and taxonomy): a call
    with another key, or other limits, replaces the reader, so a child never reads with a stale build.
    """
    with _readers_lock:
        reader = _readers.get(func)
        if reader is None or reader.limits != limits or reader.key != key:
            if reader is not None:
                reader.close()
            reader = _readers[func] = Reader(func, limits=limits, key=key)
    return reader.call(*args)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
