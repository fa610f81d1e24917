"""The watchdog (tests/watchdog.py) ends a test that pytest-timeout cannot end, prints where it hung, and the
run goes on: run here on a small suite of its own, under pytest-xdist as `make test` runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

HUNG_SUITE = """
import signal
import time

import pytest


@pytest.mark.timeout(1)
def test_blocks_the_timeout_signal_and_sleeps():
    # SIGALRM blocked: like a C call that retries when it arrives, pytest-timeout's signal never gets through.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
    time.sleep(120)


def test_after_it():
    assert True
"""


def test_a_test_the_timeout_cannot_reach_is_ended_with_its_stack_and_the_run_goes_on(tmp_path: Path) -> None:
    (tmp_path / "test_hung.py").write_text(HUNG_SUITE, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\nwatchdog_grace = 2\n", encoding="utf-8")
    command = [sys.executable, "-m", "pytest", "-p", "tests.watchdog", "-n", "1", "-p", "no:cacheprovider"]
    result = subprocess.run(
        [*command, "--rootdir", str(tmp_path), "-c", str(tmp_path / "pytest.ini"), str(tmp_path)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=90,
    )
    output = result.stdout
    assert result.returncode == 1, output
    assert "crashed while running 'test_hung.py::test_blocks_the_timeout_signal_and_sleeps'" in output
    assert "1 passed" in output, "the worker was replaced and the rest of the suite ran"
    assert "tests ended by the watchdog" in output
    assert "test_hung.py::test_blocks_the_timeout_signal_and_sleeps ran past 3 s" in output
    sleeping = HUNG_SUITE.splitlines().index("    time.sleep(120)") + 1
    where = f'test_hung.py", line {sleeping} in test_blocks_the_timeout_signal_and_sleeps'
    assert where in output, "the stack shows the line it hung on"
