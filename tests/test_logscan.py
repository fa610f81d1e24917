"""The log scan plugin (tests/logscan.py), run on small test suites of its own in a pytest subprocess.

Each run is a real pytest process with the plugin loaded (``-p tests.logscan``), alone and under pytest-xdist
with two workers: a test that logs a demo PIN, name or token makes the run fail with a report; a clean run
passes.
"""

from __future__ import annotations

import pytest

from tests.logscan import environment_for_subprocess, fold, scan_line

pytest_plugins = ["pytester"]
# The pytest runs inside these tests log demo secrets on purpose (they are what the scan must find): the scan of
# the whole suite leaves their folders out, and says so.
pytestmark = pytest.mark.logscan_exempt("inner pytest runs log demo secrets on purpose, for the scan to find")

LEAKS = """
import logging

log = logging.getLogger("kiosk.leaky")


def test_pin():
    log.info("PIN entered: 7531")


def test_name():
    log.warning("card read for Maria João Gonçalves Conceição")


def test_token():
    log.info("session ses_%s opened", "A" * 43)


def test_portal_nif():
    # The kiosk's log would redact this NIF; the portal's log (uvicorn's handlers) writes it as it is.
    logging.getLogger("portal.leaky").warning("nif %s refused", "123456789")


def test_kiosk_log_file(tmp_path):
    (tmp_path / "kiosk.log").write_text("ok\\naddress Avenida Almirante Reis 45\\n", encoding="utf-8")
"""

CLEAN = """
import logging

log = logging.getLogger("kiosk.clean")


def test_events(tmp_path):
    log.info("card read: profile pt-cc1")
    log.info("reference 2026-27VX-KMAC, 1234 items")  # a 1234 away from the word PIN is no PIN
    log.warning("nif %s in a message", "123456789")  # the operator's log redacts it, and so does the scan
    (tmp_path / "kiosk.log").write_text("INFO kiosk: print job 12: printed\\n", encoding="utf-8")


def test_more():
    log.error("printer fault: media-empty")
"""

EXEMPT = """
import pytest


@pytest.mark.logscan_exempt("writes a document number on purpose to prove the reader of the file finds it")
def test_on_purpose(tmp_path):
    (tmp_path / "portal.log").write_text("document 12345678 9 ZZ1\\n", encoding="utf-8")
"""


@pytest.fixture
def suite(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    for name, value in environment_for_subprocess().items():
        monkeypatch.setenv(name, value)
    return pytester


def run(suite: pytest.Pytester, *args: str) -> pytest.RunResult:
    return suite.runpytest_subprocess("-p", "tests.logscan", "-p", "no:cacheprovider", *args, timeout=300)


@pytest.mark.parametrize("workers", [(), ("-p", "xdist", "-n", "2")], ids=["alone", "xdist"])
def test_a_run_whose_tests_log_secrets_fails_with_the_report(
    suite: pytest.Pytester, workers: tuple[str]
) -> None:
    suite.makepyfile(test_leaks=LEAKS)
    result = run(suite, *workers)
    assert result.ret == pytest.ExitCode.TESTS_FAILED  # every test passed: the scan failed the run
    result.stdout.fnmatch_lines(["*5 passed*"])
    out = result.stdout.str()
    assert "log privacy scan" in out
    for kind, test in (
        ("PIN", "test_pin"),
        ("name", "test_name"),
        ("bearer token", "test_token"),
        ("NIF", "test_portal_nif"),
    ):
        assert any(
            f": {kind} (during test_leaks.py::{test})" in line and "records.txt:" in line
            for line in out.splitlines()
        ), f"{kind} not reported"
    assert any("kiosk.log:2: address" in line for line in out.splitlines())
    # The report shows the line with the secret masked, never the secret.
    for secret in ("7531", "Maria João", "A" * 43, "Almirante Reis"):
        assert secret not in out
    assert "PIN [redacted] ****" in out  # the redaction kept the word PIN, not the PIN after it


@pytest.mark.parametrize("workers", [(), ("-p", "xdist", "-n", "2")], ids=["alone", "xdist"])
def test_a_clean_run_passes(suite: pytest.Pytester, workers: tuple[str]) -> None:
    suite.makepyfile(test_clean=CLEAN)
    result = run(suite, *workers)
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    result.stdout.fnmatch_lines(["*log privacy scan: 0 finding(s)*1 log file(s)*"])
    if workers:
        result.stdout.fnmatch_lines(["*in 3 process(es)' log records*"])  # the controller and two workers


def test_a_marked_test_is_left_out_and_said_so(suite: pytest.Pytester) -> None:
    suite.makepyfile(test_exempt=EXEMPT)
    result = run(suite)
    assert result.ret == pytest.ExitCode.OK, result.stdout.str()
    result.stdout.fnmatch_lines(["*left out by @pytest.mark.logscan_exempt: *portal.log (*on purpose*)"])


def test_the_marker_needs_a_reason(suite: pytest.Pytester) -> None:
    suite.makepyfile("import pytest\n\n@pytest.mark.logscan_exempt\ndef test_x():\n    pass\n")
    result = run(suite)
    assert result.ret != pytest.ExitCode.OK
    assert "needs a reason" in result.stdout.str() + result.stderr.str()


def test_a_failing_run_keeps_its_own_status(suite: pytest.Pytester) -> None:
    suite.makepyfile("def test_x():\n    assert False\n")
    assert run(suite).ret == pytest.ExitCode.TESTS_FAILED


@pytest.mark.parametrize(
    ("line", "kinds"),
    [
        ("wrong PIN 1234 entered", ["PIN"]),
        ("APDU 00 20 00 01 08 31323334FFFFFFFF", ["PIN"]),
        ("1234 copies printed", []),
        ("holder GONCALVES CONCEICAO", ["name"]),
        ('{"name": "Gon\\u00e7alves Concei\\u00e7\\u00e3o"}', ["name"]),
        ("nif=123456789", ["NIF", "identity number"]),  # maria's NIF is her health number too
        ("count 1234567890", []),
        ("id 12345678 9 ZZ1", ["identity number", "document number"]),
        ("code ABCD-EFGH-JKMN at the counter", ["access code"]),
        ("letter code AB23-CD45", ["confirmation code"]),
        ("reference 2026-27VX-KMAC", []),
        ("GET /open311/v2/requests.json?api_key=open311-demo-key", ["bearer token"]),
        ("Authorization: Bearer dev_demo-kiosk-0001-NOT-SECRET", ["bearer token"]),
        ("service HEALTH-NUMBER submitted", []),
    ],
)
def test_what_a_line_is_judged_to_hold(line: str, kinds: list[str]) -> None:
    assert sorted({kind for kind, _ in scan_line(line)}) == sorted(kinds)


def test_fold_undoes_case_accents_and_json_escapes() -> None:
    assert fold("Gon\\u00e7alves CONCEIÇÃO") == "goncalves conceicao"
