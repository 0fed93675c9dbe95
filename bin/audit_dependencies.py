#!/usr/bin/env python3
"""Audit the pinned requirements with pip-audit and say plainly which of four things happened.

    clean        every package was checked, none has a known vulnerability        exit 0
    VULNERABLE   a known vulnerability, or a package that could not be checked    exit 1
    NOT AUDITED  no vulnerability service answered (network): nothing was checked exit 0, or 3 with --require-service
    ERROR        pip-audit failed for another reason (bad input, a bug)           exit 2

Why this wrapper: pip-audit exits 1 both for "vulnerabilities found" and for "could not audit", and
without --strict it reports "No known vulnerabilities found" and exits 0 even when every package was
skipped (PyPI's per-version JSON API answering 404 from a filtered network does exactly that). So:

1. `pip-audit --strict --no-deps --disable-pip -f json` (every package is pinned). Completing with exit 0
   is the only "clean". A JSON report with vulnerabilities is VULNERABLE.
2. --strict stops at the first package it could not check, without a report, and does not say whether
   that package or the service is to blame. Only then a second run without --strict lists what happened to
   every package: vulnerabilities found → VULNERABLE; every package "not found on PyPI" and none checked →
   the service is unreachable (NOT AUDITED); some checked and some not → VULNERABLE (incomplete audit).
3. A run that dies with a network error (pip-audit's "Could not connect…", or a requests exception for
   OSV) is NOT AUDITED; any other failure is ERROR.

The messages matched are pip-audit 2.10's (pip_audit/_cli.py, _service/pypi.py, _service/osv.py);
tests/security/test_dependency_audit.py feeds this script canned outputs of each case.

PyPI is asked first (pip-audit's default service); when it cannot be reached, OSV (-s osv) and then
ecosyste.ms (-s esms) are tried the same way: NOT AUDITED means none of them answered.

Usage: bin/audit_dependencies.py [--require-service] [-r FILE ...]   (default: requirements.txt)
Environment: PIP_AUDIT (the command, default: pip-audit next to this Python), AUDIT_REQUIRE_SERVICE=1.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

CLEAN, VULNERABLE, NOT_AUDITED, ERROR = "clean", "VULNERABLE", "NOT AUDITED", "ERROR"
EXIT_CODES = {CLEAN: 0, VULNERABLE: 1, NOT_AUDITED: 0, ERROR: 2}
EXIT_NOT_AUDITED_REQUIRED = 3

# pip_audit/_service/pypi.py: the per-version JSON API answered 404.
NOT_ON_PYPI = "Dependency not found on PyPI and could not be audited"
# pip-audit's own words for a service it could not reach, and the requests/urllib3 exceptions that escape
# it (the OSV service catches only connect timeouts; a failed DNS lookup surfaces as a traceback).
UNREACHABLE = re.compile(
    r"Could not connect to|network may be blocking this service|is not redirecting properly"
    r"|requests\.exceptions\.(ConnectionError|ConnectTimeout|ReadTimeout|Timeout|SSLError|ProxyError|RetryError)"
    r"|NameResolutionError|Failed to resolve|Max retries exceeded|Temporary failure in name resolution"
    r"|Connection refused|Network is unreachable|pip_audit\._service\.interface\.(ServiceError|ConnectionError)"
)


@dataclass(frozen=True)
class Run:
    """One pip-audit run: exit status, standard error, and the JSON report if it wrote one."""

    returncode: int
    stderr: str
    report: str | None = None

    def parsed(self) -> dict | None:
        if not self.report or not self.report.strip():
            return None
        try:
            data = json.loads(self.report)
        except json.JSONDecodeError:
            return None
        return data if isinstance(data, dict) and isinstance(data.get("dependencies"), list) else None


@dataclass(frozen=True)
class Verdict:
    kind: str
    lines: list[str] = field(default_factory=list)
    needs_second_run: bool = False

    def exit_code(self, *, require_service: bool = False) -> int:
        if self.kind == NOT_AUDITED and require_service:
            return EXIT_NOT_AUDITED_REQUIRED
        return EXIT_CODES[self.kind]


def _vulnerabilities(report: dict) -> list[str]:
    found = []
    for dep in report["dependencies"]:
        for vuln in dep.get("vulns") or []:
            fixes = ", ".join(vuln.get("fix_versions") or []) or "no fixed version yet"
            aliases = ", ".join(a for a in vuln.get("aliases") or [] if a != vuln.get("id"))
            also = f" ({aliases})" if aliases else ""
            found.append(f"{dep.get('name')} {dep.get('version', '?')}: {vuln.get('id')}{also}; fixed in {fixes}")
    return found


def _last_error(stderr: str) -> str:
    lines = [line.strip() for line in stderr.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


def classify(strict: Run) -> Verdict:
    """The verdict from the --strict run alone, or a request for the second (non-strict) run."""
    report = strict.parsed()
    if report is not None:
        vulns = _vulnerabilities(report)
        if vulns:
            return Verdict(VULNERABLE, [f"{len(vulns)} known vulnerabilit{'y' if len(vulns) == 1 else 'ies'}:", *vulns])
    if strict.returncode == 0:
        count = len(report["dependencies"]) if report else None
        checked = f"{count} packages checked" if count is not None else "every package checked"
        return Verdict(CLEAN, [f"{checked}, no known vulnerabilities"])
    if NOT_ON_PYPI in strict.stderr:
        return Verdict(ERROR, [_last_error(strict.stderr)], needs_second_run=True)
    if UNREACHABLE.search(strict.stderr):
        return Verdict(NOT_AUDITED, [f"pip-audit: {_last_error(strict.stderr)}"])
    return Verdict(ERROR, [f"pip-audit exited {strict.returncode}: {_last_error(strict.stderr)}"])


def classify_without_strict(run: Run) -> Verdict:
    """After --strict stopped at a package it could not check: what happened to every package."""
    report = run.parsed()
    if report is None:
        return classify(Run(run.returncode or 1, run.stderr))  # it died too: network or another error
    vulns = _vulnerabilities(report)
    if vulns:
        return Verdict(VULNERABLE, [f"{len(vulns)} known vulnerabilit{'y' if len(vulns) == 1 else 'ies'}:", *vulns])
    deps = report["dependencies"]
    skipped = [d for d in deps if "skip_reason" in d]
    checked = len(deps) - len(skipped)
    if skipped and checked == 0 and all(NOT_ON_PYPI in d["skip_reason"] for d in skipped):
        return Verdict(
            NOT_AUDITED,
            [f"PyPI's vulnerability API answered 'not found' for all {len(skipped)} packages: it is not reachable from here"],
        )
    if skipped:
        return Verdict(
            VULNERABLE,
            [f"incomplete audit: {len(skipped)} of {len(deps)} packages could not be checked:"]
            + [f"{d.get('name')}: {d['skip_reason']}" for d in skipped],
        )
    return Verdict(CLEAN, [f"{len(deps)} packages checked, no known vulnerabilities"])


def pip_audit_command() -> list[str]:
    if os.environ.get("PIP_AUDIT"):
        return shlex.split(os.environ["PIP_AUDIT"])
    beside = Path(sys.executable).with_name("pip-audit")
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "pip_audit"]


def run_pip_audit(requirements: list[str], *, strict: bool, service: str = "pypi") -> Run:
    with tempfile.TemporaryDirectory(prefix="pip-audit-") as folder:
        report = Path(folder) / "report.json"
        command = pip_audit_command() + ["-s", service, "--no-deps", "--disable-pip", "--progress-spinner", "off"]
        command += ["-f", "json"]
        command += ["-o", str(report)] + (["--strict"] if strict else [])
        for path in requirements:
            command += ["-r", path]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=900)  # noqa: S603 -- pip-audit on our own pins
        except FileNotFoundError as exc:
            return Run(127, f"cannot run pip-audit: {exc}")
        except subprocess.TimeoutExpired:
            return Run(124, "pip-audit timed out after 900 s: Could not connect to the vulnerability service in time")
        return Run(done.returncode, done.stderr, report.read_text(encoding="utf-8") if report.exists() else None)


def audit_with(requirements: list[str], service: str) -> Verdict:
    verdict = classify(run_pip_audit(requirements, strict=True, service=service))
    if verdict.needs_second_run:
        verdict = classify_without_strict(run_pip_audit(requirements, strict=False, service=service))
    return verdict


# pip-audit's services, in order: PyPI's advisories (its default), then OSV and ecosyste.ms.
SERVICES = {"pypi": "PyPI", "osv": "OSV", "esms": "ecosyste.ms"}


def audit(requirements: list[str]) -> Verdict:
    """The first service that answers decides; NOT AUDITED only when none does."""
    unreachable: list[str] = []
    reasons: list[str] = []
    for service, label in SERVICES.items():
        verdict = audit_with(requirements, service)
        if verdict.kind != NOT_AUDITED:
            note = [f"(checked against {label}: {', '.join(unreachable)} not reachable)"] if unreachable else []
            return Verdict(verdict.kind, note + verdict.lines)
        unreachable.append(label)
        reasons += [f"{label}: {line}" for line in verdict.lines]
    return Verdict(NOT_AUDITED, reasons)


def report(verdict: Verdict, requirements: list[str]) -> None:
    files = " ".join(requirements)
    if verdict.kind == NOT_AUDITED:
        bar = "!" * 78
        print(bar)
        print(f"!!! DEPENDENCY AUDIT: could not reach a vulnerability service: NOT audited ({files})")
        for line in verdict.lines:
            print(f"!!!   {line}")
        print("!!! Run `make audit` where pypi.org/pypi/<name>/<version>/json, api.osv.dev or advisories.ecosyste.ms")
        print("!!! answers, before releasing.")
        print(bar)
        return
    print(f"dependency audit ({files}): {verdict.kind}")
    for line in verdict.lines:
        print(f"  {line}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-r", "--requirement", action="append", dest="requirements", metavar="FILE")
    parser.add_argument(
        "--require-service",
        action="store_true",
        default=os.environ.get("AUDIT_REQUIRE_SERVICE") == "1",
        help=f"fail (exit {EXIT_NOT_AUDITED_REQUIRED}) when no vulnerability service can be reached",
    )
    args = parser.parse_args(argv)
    requirements = args.requirements or ["requirements.txt"]
    verdict = audit(requirements)
    report(verdict, requirements)
    return verdict.exit_code(require_service=args.require_service)


if __name__ == "__main__":
    sys.exit(main())
