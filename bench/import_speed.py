"""The import pipeline against its parser: `import_resumes --wait` on the real stack and in embedded mode,
beside `parse_resume` with the same number of processes on the same files, in one run.

usage: .venv/bin/python bench/import_speed.py [PATHS...] [--processes N] [--database NAME] [--redis-db N]
                                              [--skip-stack] [--skip-embedded] [--keep]

PATHS are resume files or folders (default: every dev resume of ../shared/data/dev: categorised, annotated,
pdf and ranking_pdf). Three commands are timed from outside, start-up included, each as a user runs it:

parse_resume    `manage.py parse_resume --json` over the files split into N even shares, N processes at once
                (no database; the same sandboxed read and spaCy batches as the worker).
real stack      PostgreSQL (database NAME, dropped and created afresh) + Redis (db N, emptied) + one
                `celery -A hiring worker -c N` started by this script; timed: `manage.py import_resumes --wait`.
embedded        the default settings (SQLite under a fresh VAR_DIR, tasks in-process after commit); timed:
                `manage.py import_resumes --wait` (one process: the embedded mode has no workers).

Both databases are migrated and hold the default job (load_defaults) before the clock starts. Printed: seconds,
resumes/s and each import's ratio to parse_resume with as many processes (N for the real stack, 1 for embedded;
the goals of issue #16: within 2x on the real stack, within 3x embedded). The machine may be shared: compare ratios from one run.
"""
from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
if not SHARED.is_dir():  # a git worktree under /work/wt/<name>: the shared folder is the checkout's sibling
    SHARED = Path("/work/shared")
DEV = SHARED / "data" / "dev"
DEFAULT_PATHS = [str(DEV / name) for name in ("categorised", "annotated", "pdf", "ranking_pdf")]
PYTHON = sys.executable
CELERY = str(Path(sys.executable).with_name("celery"))
JOB = "machine-learning-engineer"
SUFFIXES = (".txt", ".pdf", ".docx")


def resume_paths(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES))
        elif path.is_file():
            files.append(path)
    return files


def manage(*args: str, env: dict[str, str], capture: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run(
        [PYTHON, str(ROOT / "manage.py"), *args], cwd=ROOT, env=env, check=True, text=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL, stderr=subprocess.PIPE,
    )


def base_env(var_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "MEDIA_ROOT")}
    env.update({"VAR_DIR": str(var_dir), "DJANGO_SETTINGS_MODULE": "hiring.settings.local", "PYTHONUNBUFFERED": "1"})
    return env


def children_cpu() -> float:
    """CPU seconds (user + system) of this script's finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def tree_cpu(pid: int) -> float:
    """CPU seconds of a running process, its finished children and its live descendants (a worker's pool
    processes and their sandboxed readers)."""
    import psutil

    total = 0.0
    root = psutil.Process(pid)
    for proc in [root, *root.children(recursive=True)]:
        try:
            t = proc.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += t.user + t.system + t.children_user + t.children_system
    return total


def time_parse(files: list[Path], processes: int, env: dict[str, str]) -> tuple[float, float, int]:
    """Wall and CPU seconds of N parse_resume processes over even shares of the files; lines printed."""
    shares = [files[i::processes] for i in range(processes)]
    outputs = [tempfile.TemporaryFile() for _ in shares]
    cpu0 = children_cpu()
    t0 = time.perf_counter()
    procs = [
        subprocess.Popen(
            [PYTHON, str(ROOT / "manage.py"), "parse_resume", "--json", *map(str, share)],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.DEVNULL,
        )
        for share, out in zip(shares, outputs, strict=True)
        if share
    ]
    codes = [p.wait() for p in procs]
    seconds = time.perf_counter() - t0
    cpu = children_cpu() - cpu0
    if any(codes):
        raise RuntimeError(f"parse_resume exited with {codes}")
    lines = 0
    for out in outputs:
        out.seek(0)
        lines += sum(1 for _ in out)
        out.close()
    return seconds, cpu, lines


def time_import(files: list[Path], env: dict[str, str], worker_pid: int | None = None) -> tuple[float, float, str]:
    """Wall and CPU seconds of `import_resumes --wait` (with the worker's CPU over the same time, if any)."""
    cpu0 = children_cpu() + (tree_cpu(worker_pid) if worker_pid else 0.0)
    t0 = time.perf_counter()
    done = manage("import_resumes", "--job", JOB, "--wait", *map(str, files), env=env)
    seconds = time.perf_counter() - t0
    cpu = children_cpu() + (tree_cpu(worker_pid) if worker_pid else 0.0) - cpu0
    summary = " ".join(line.strip() for line in done.stdout.splitlines() if line.startswith(("Accepted", "Processed")))
    return seconds, cpu, summary


def prepare(env: dict[str, str]) -> None:
    manage("migrate", "--no-input", env=env, capture=False)
    manage("load_defaults", env=env, capture=False)


def real_stack(files: list[Path], processes: int, args, var_dir: Path) -> tuple[float, float, str]:
    pg = f"postgres://postgres@{args.pg_host}:5432"
    env = base_env(var_dir)
    env.update({"DATABASE_URL": f"{pg}/{args.database}", "REDIS_URL": f"redis://{args.redis_host}:6379/{args.redis_db}"})
    env["MEDIA_ROOT"] = str(var_dir / "media")
    subprocess.run(["dropdb", "-h", args.pg_host, "-U", "postgres", "--if-exists", args.database], check=True)
    subprocess.run(["createdb", "-h", args.pg_host, "-U", "postgres", args.database], check=True)
    subprocess.run(["redis-cli", "-h", args.redis_host, "-n", str(args.redis_db), "flushdb"], check=True, capture_output=True)
    prepare(env)
    log = open(var_dir / "worker.log", "wb")
    worker = subprocess.Popen(
        [CELERY, "-A", "hiring", "worker", "-Q", "screening", "-c", str(processes), "-l", "info",
         "--without-mingle", "--without-gossip", "-n", f"bench-{os.getpid()}@%h"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while b" ready." not in (var_dir / "worker.log").read_bytes():
            if worker.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the worker did not start:\n" + (var_dir / "worker.log").read_text()[-3000:])
            time.sleep(0.2)
        return time_import(files, env, worker.pid)
    finally:
        os.killpg(worker.pid, 15)
        try:
            worker.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, 9)
            worker.wait()
        log.close()
        if not args.keep:
            subprocess.run(["dropdb", "-h", args.pg_host, "-U", "postgres", "--if-exists", args.database], check=False)


def embedded(files: list[Path], var_dir: Path) -> tuple[float, float, str]:
    env = base_env(var_dir)
    prepare(env)
    return time_import(files, env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=DEFAULT_PATHS)
    parser.add_argument("--processes", type=int, default=2, help="parse_resume processes and worker concurrency")
    parser.add_argument("--database", default="screening_bench_import", help="PostgreSQL database (dropped, created)")
    parser.add_argument("--pg-host", default="127.0.0.1")
    parser.add_argument("--redis-host", default="127.0.0.1")
    parser.add_argument("--redis-db", type=int, default=9, help="Redis database number (emptied)")
    parser.add_argument("--skip-stack", action="store_true", help="no PostgreSQL + Redis run")
    parser.add_argument("--skip-embedded", action="store_true", help="no embedded (SQLite) run")
    parser.add_argument("--keep", action="store_true", help="keep the database and the VAR_DIR folders")
    args = parser.parse_args(argv)

    files = resume_paths(args.paths)
    if not files:
        print("no resume files found", file=sys.stderr)
        return 2
    n = len(files)
    work = Path(tempfile.mkdtemp(prefix="screening-import-speed-"))
    # (command, wall seconds, CPU seconds, parse_resume's wall and CPU seconds to compare with, note)
    rows: list[tuple[str, float, float, tuple[float, float], str]] = []
    try:
        parse_n = time_parse(files, args.processes, base_env(work / "parse"))
        rows.append((f"parse_resume --json, {args.processes} processes", *parse_n[:2], parse_n[:2], f"{parse_n[2]} lines"))
        parse_1 = parse_n
        if args.processes != 1:
            parse_1 = time_parse(files, 1, base_env(work / "parse"))
            rows.append(("parse_resume --json, 1 process", *parse_1[:2], parse_1[:2], ""))
        if not args.skip_stack:
            seconds, cpu, summary = real_stack(files, args.processes, args, work / "stack")
            name = f"import_resumes --wait, PostgreSQL + Redis + worker -c {args.processes}"
            rows.append((name, seconds, cpu, parse_n[:2], summary))
        if not args.skip_embedded:
            seconds, cpu, summary = embedded(files, work / "embedded")
            rows.append(("import_resumes --wait, embedded (SQLite, in-process)", seconds, cpu, parse_1[:2], summary))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    print(f"{n} resume files, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.1f}")
    header = f"{'command':<62}{'seconds':>8}{'/s':>7}{'vs parse':>9}{'CPU s':>8}{'vs parse':>9}"
    print(header)
    print("-" * len(header))
    for name, seconds, cpu, (parse_s, parse_cpu), note in rows:
        print(
            f"{name:<62}{seconds:>8.1f}{n / seconds:>7.1f}{seconds / parse_s:>8.2f}x"
            f"{cpu:>8.1f}{cpu / parse_cpu:>8.2f}x  {note}"
        )
    print(
        "vs parse = the import's seconds / parse_resume's with as many processes, same run: the real stack against "
        f"{args.processes}, embedded (one process) against 1 (goals: real stack within 2x, embedded within 3x). CPU s: "
        "user + system seconds of the commands and the worker's processes (not PostgreSQL's or Redis's), which "
        "other work on a shared machine does not inflate."
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
