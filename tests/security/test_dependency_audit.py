"""bin/audit_dependencies.py tells "vulnerable" from "could not audit", from canned pip-audit outputs.

The stderr texts are copied from real pip-audit 2.10.1 runs on this project's network (PyPI's per-version
API answering 404, api.osv.dev not resolving, a refused proxy); reports with vulnerabilities are made by
pip-audit's own JSON formatter, so their shape is the installed version's. No network, no database.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from packaging.version import Version
from pip_audit._format import JsonFormat
from pip_audit._service import ResolvedDependency, SkippedDependency, VulnerabilityResult

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "bin" / "audit_dependencies.py"

_spec = importlib.util.spec_from_file_location("audit_dependencies", SCRIPT)
audit = importlib.util.module_from_spec(_spec)
sys.modules["audit_dependencies"] = audit
_spec.loader.exec_module(audit)
Run = audit.Run

WARNINGS = (
    "WARNING:pip_audit._cli:--no-deps is supported, but users are encouraged to fully hash their pinned dependencies\n"
    "WARNING:pip_audit._cli:Consider using a tool like `pip-compile`: "
    "https://pip-tools.readthedocs.io/en/latest/#using-hashes\n"
)
STRICT_STOPPED_AT_A_PACKAGE = WARNINGS + (
    "ERROR:pip_audit._cli:amqp: Dependency not found on PyPI and could not be audited: amqp (5.4.2)\n"
)
ALL_NOT_FOUND = json.dumps(
    {
        "dependencies": [
            {"name": n, "skip_reason": f"Dependency not found on PyPI and could not be audited: {n} ({v})"}
            for n, v in (("amqp", "5.4.2"), ("annotated-doc", "0.0.7"), ("django", "5.2.19"))
        ],
        "fixes": [],
    }
)
OSV_DNS_FAILURE = WARNINGS + (
    "Traceback (most recent call last):\n"
    '  File ".../urllib3/connection.py", line 239, in _new_conn\n'
    "    sock = connection.create_connection(\n"
    '  File ".../requests/adapters.py", line 729, in send\n'
    "    raise ConnectionError(e, request=request)\n"
    "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.osv.dev', port=443): Max retries exceeded "
    "with url: /v1/query (Caused by NameResolutionError(\"HTTPSConnection(host='api.osv.dev', port=443): Failed "
    "to resolve 'api.osv.dev' ([Errno -2] Name or service not known)\"))\n"
)
PROXY_REFUSED = WARNINGS + (
    "Traceback (most recent call last):\n"
    '  File ".../requests/adapters.py", line 723, in send\n'
    "    raise ProxyError(e, request=request)\n"
    "requests.exceptions.ProxyError: HTTPSConnectionPool(host='pypi.org', port=443): Max retries exceeded with url: "
    "/pypi/django/5.2.19/json (Caused by ProxyError('Unable to connect to proxy', NewConnectionError(\"HTTPSConnection"
    "(host='127.0.0.1', port=9): Failed to establish a new connection: [Errno 111] Connection refused\")))\n"
)
PYPI_TIMEOUT = WARNINGS + (
    "ERROR:pip_audit._cli:Could not connect to PyPI's vulnerability feed\n"
    "ERROR:pip_audit._cli:Tip: your network may be blocking this service. Try another service with `-s SERVICE`\n"
)
PYPI_SERVER_ERROR = WARNINGS + (
    "Traceback (most recent call last):\n"
    '  File ".../pip_audit/_service/pypi.py", line 89, in query\n'
    "    raise ServiceError from http_error\n"
    "pip_audit._service.interface.ServiceError\n"
)
BAD_REQUIREMENTS = "ERROR:pip_audit._cli:invalid requirements input: nope.txt\n"


def formatted(result: dict) -> str:
    """A report as pip-audit writes it (its JSON formatter, descriptions and aliases on as with -f json)."""
    return JsonFormat(True, True).format(result, [])


def vulnerable_report(*, with_skipped: bool = False) -> str:
    result = {
        ResolvedDependency(name="Django", version=Version("5.2.19")): [
            VulnerabilityResult.create(
                ids=["PYSEC-2099-1", "CVE-2099-0001"],
                description="SQL injection in a made-up lookup",
                fix_versions=[Version("5.2.20")],
                published=None,
            )
        ],
        ResolvedDependency(name="celery", version=Version("5.7.0")): [],
    }
    if with_skipped:
        result[SkippedDependency(name="amqp", skip_reason="Dependency not found on PyPI and could not be audited: amqp (5.4.2)")] = []
    return formatted(result)


def clean_report() -> str:
    return formatted({ResolvedDependency(name=n, version=Version(v)): [] for n, v in (("django", "5.2.19"), ("celery", "5.7.0"))})


# --- The --strict run ---------------------------------------------------------------------------------


def test_a_completed_strict_run_without_vulnerabilities_is_clean():
    verdict = audit.classify(Run(0, WARNINGS + "No known vulnerabilities found\n", clean_report()))
    assert verdict.kind == audit.CLEAN and verdict.exit_code() == 0
    assert verdict.lines == ["2 packages checked, no known vulnerabilities"]


def test_vulnerabilities_fail_whatever_else_happened():
    verdict = audit.classify(Run(1, WARNINGS + "Found 1 known vulnerability in 1 package\n", vulnerable_report()))
    assert verdict.kind == audit.VULNERABLE and verdict.exit_code() == 1 and verdict.exit_code(require_service=True) == 1
    assert "django 5.2.19: PYSEC-2099-1 (CVE-2099-0001); fixed in 5.2.20" in verdict.lines


@pytest.mark.parametrize(
    "stderr",
    [OSV_DNS_FAILURE, PROXY_REFUSED, PYPI_TIMEOUT, PYPI_SERVER_ERROR],
    ids=["osv-dns", "proxy-refused", "pypi-timeout", "pypi-5xx"],
)
def test_a_run_that_died_on_the_network_is_not_audited_not_failed(stderr):
    verdict = audit.classify(Run(1, stderr, None))
    assert verdict.kind == audit.NOT_AUDITED
    assert verdict.exit_code() == 0 and verdict.exit_code(require_service=True) == 3


def test_a_strict_stop_at_an_unchecked_package_asks_for_the_second_run_and_fails_without_it():
    verdict = audit.classify(Run(1, STRICT_STOPPED_AT_A_PACKAGE, None))
    assert verdict.needs_second_run and verdict.exit_code() != 0


@pytest.mark.parametrize("run", [Run(1, BAD_REQUIREMENTS), Run(1, "Traceback ...\nKeyError: 'vulns'\n"), Run(2, "")])
def test_anything_else_is_an_error_that_fails(run):
    verdict = audit.classify(run)
    assert verdict.kind == audit.ERROR and verdict.exit_code() == 2 and not verdict.needs_second_run


# --- The second run, without --strict -----------------------------------------------------------------


def test_every_package_not_found_means_the_service_is_unreachable():
    verdict = audit.classify_without_strict(Run(0, WARNINGS + "No known vulnerabilities found\n", ALL_NOT_FOUND))
    assert verdict.kind == audit.NOT_AUDITED and "all 3 packages" in verdict.lines[0]


def test_some_packages_checked_and_some_not_is_an_incomplete_audit_that_fails():
    partial = json.loads(clean_report())
    partial["dependencies"].append(json.loads(ALL_NOT_FOUND)["dependencies"][0])
    verdict = audit.classify_without_strict(Run(0, "No known vulnerabilities found\n", json.dumps(partial)))
    assert verdict.kind == audit.VULNERABLE and verdict.exit_code() == 1
    assert verdict.lines[0].startswith("incomplete audit: 1 of 3 packages")


def test_vulnerabilities_found_beside_unchecked_packages_fail():
    verdict = audit.classify_without_strict(Run(1, "Found 1 known vulnerability in 1 package\n", vulnerable_report(with_skipped=True)))
    assert verdict.kind == audit.VULNERABLE and any("PYSEC-2099-1" in line for line in verdict.lines)


def test_a_second_run_that_died_is_judged_like_the_first():
    assert audit.classify_without_strict(Run(1, OSV_DNS_FAILURE)).kind == audit.NOT_AUDITED
    assert audit.classify_without_strict(Run(1, BAD_REQUIREMENTS)).kind == audit.ERROR


# --- The whole script, with a stand-in for pip-audit ---------------------------------------------------

FAKE = """
import json, sys
args = sys.argv[1:]
service = args[args.index("-s") + 1]
out = args[args.index("-o") + 1]
behaviour = json.load(open({behaviour!r}))[service]
key = "strict" if "--strict" in args else "lenient"
code, stderr, report = behaviour[key]
if report is not None:
    open(out, "w").write(report)
sys.stderr.write(stderr)
sys.exit(code)
"""


def run_script(tmp_path, monkeypatch, capsys, behaviour: dict, *args: str) -> tuple[int, str]:
    (tmp_path / "behaviour.json").write_text(json.dumps(behaviour))
    fake = tmp_path / "fake_pip_audit.py"
    fake.write_text(FAKE.format(behaviour=str(tmp_path / "behaviour.json")))
    monkeypatch.setenv("PIP_AUDIT", f"{sys.executable} {fake}")
    monkeypatch.delenv("AUDIT_REQUIRE_SERVICE", raising=False)
    code = audit.main(list(args))
    return code, capsys.readouterr().out


UNREACHABLE_EVERYWHERE = {
    "pypi": {"strict": [1, STRICT_STOPPED_AT_A_PACKAGE, None], "lenient": [0, "No known vulnerabilities found\n", ALL_NOT_FOUND]},
    "osv": {"strict": [1, OSV_DNS_FAILURE, None], "lenient": [1, OSV_DNS_FAILURE, None]},
    "esms": {"strict": [1, PROXY_REFUSED, None], "lenient": None},
}


def test_script_prints_a_loud_not_audited_line_and_passes_when_no_service_answers(tmp_path, monkeypatch, capsys):
    code, out = run_script(tmp_path, monkeypatch, capsys, UNREACHABLE_EVERYWHERE)
    assert code == 0
    assert "could not reach a vulnerability service: NOT audited" in out
    assert "PyPI:" in out and "OSV:" in out and "ecosyste.ms:" in out


def test_script_can_be_told_to_fail_when_no_service_answers(tmp_path, monkeypatch, capsys):
    code, _ = run_script(tmp_path, monkeypatch, capsys, UNREACHABLE_EVERYWHERE, "--require-service")
    assert code == 3


def test_script_fails_on_vulnerabilities(tmp_path, monkeypatch, capsys):
    behaviour = {
        "pypi": {"strict": [1, "Found 1 known vulnerability in 1 package\n", vulnerable_report()], "lenient": None},
        "osv": None,
    }
    code, out = run_script(tmp_path, monkeypatch, capsys, behaviour)
    assert code == 1 and "VULNERABLE" in out and "PYSEC-2099-1" in out and "NOT audited" not in out


def test_script_falls_back_to_osv_when_pypi_is_unreachable(tmp_path, monkeypatch, capsys):
    behaviour = {
        "pypi": {"strict": [1, PYPI_TIMEOUT, None], "lenient": None},
        "osv": {"strict": [1, "Found 1 known vulnerability in 1 package\n", vulnerable_report()], "lenient": None},
    }
    code, out = run_script(tmp_path, monkeypatch, capsys, behaviour)
    assert code == 1 and "checked against OSV: PyPI not reachable" in out


def test_script_passes_a_clean_audit(tmp_path, monkeypatch, capsys):
    behaviour = {"pypi": {"strict": [0, "No known vulnerabilities found\n", clean_report()], "lenient": None}, "osv": None}
    code, out = run_script(tmp_path, monkeypatch, capsys, behaviour)
    assert code == 0 and "clean" in out and "NOT audited" not in out


def test_the_makefile_runs_the_script_and_ci_calls_make_audit():
    makefile = (ROOT / "Makefile").read_text()
    assert "\naudit:" in makefile and "bin/audit_dependencies.py" in makefile
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make audit" in ci
