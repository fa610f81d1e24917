"""The tests' pcscd control recovers from what a dead daemon leaves behind.

A CI machine once held /run/pcscd/pcscd.comm and pcscd.pid from a pcscd that no longer ran: the fixture took the
socket file for a running daemon and all 56 card and terminal tests failed with "Service not available". A pcscd
that runs without the vpcd readers (started before their configuration was installed) is the other way a fresh
machine can hold a pcscd the tests cannot use."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from tests.card import pcscd_daemon
from tests.card.conftest import _vpcd_readers
from tests.helpers import wait_for

pytestmark = pytest.mark.pcscd


def test_a_killed_pcscd_is_started_again_over_its_leftover_files(pcscd: None) -> None:
    killed = pcscd_daemon.recorded_pid()
    assert killed
    assert pcscd_daemon.answers()
    os.kill(killed, signal.SIGKILL)
    wait_for(lambda: not pcscd_daemon.process_alive(killed), "pcscd to die", 10)
    # What SIGKILL leaves: the socket and the pid file, and nobody answering behind them.
    assert pcscd_daemon.SOCKET.exists()
    assert pcscd_daemon.recorded_pid() == killed
    assert not pcscd_daemon.answers()

    started = pcscd_daemon.start_unless_running()

    assert started not in (0, killed)
    assert pcscd_daemon.process_alive(started)
    assert pcscd_daemon.answers()
    wait_for(lambda: len(_vpcd_readers()) == 2, "the two vpcd readers", 10)


def test_a_pid_file_naming_another_program_is_a_leftover(pcscd: None) -> None:
    """After a machine restarts, the dead pcscd's pid can belong to any program (here: this test's own)."""
    pcscd_daemon.stop(pcscd_daemon.recorded_pid())
    pcscd_daemon.PID_FILE.write_text(f"{os.getpid()}\n")
    assert not pcscd_daemon.answers()

    started = pcscd_daemon.start_unless_running()

    assert started not in (0, os.getpid())
    assert pcscd_daemon.is_pcscd(started)
    assert pcscd_daemon.answers()
    wait_for(lambda: len(_vpcd_readers()) == 2, "the two vpcd readers", 10)


def test_a_running_pcscd_is_left_alone(pcscd: None) -> None:
    running = pcscd_daemon.recorded_pid()
    assert pcscd_daemon.start_unless_running() == 0
    assert pcscd_daemon.recorded_pid() == running
    assert pcscd_daemon.process_alive(running)


def test_a_pcscd_without_the_vpcd_readers_is_restarted_with_them(pcscd: None, tmp_path: Path) -> None:
    """A pcscd started before vsmartcard-vpcd's reader configuration was installed never lists its readers."""
    pcscd_daemon.stop(pcscd_daemon.recorded_pid())
    subprocess.run(["pcscd", "--config", str(tmp_path)], check=True, timeout=10)  # an empty reader.conf.d
    wait_for(pcscd_daemon.answers, "pcscd without readers", 10)
    without = pcscd_daemon.recorded_pid()
    assert _vpcd_readers() == []

    def two_readers() -> bool:
        return len(_vpcd_readers()) == 2

    assert pcscd_daemon.start_with_readers(two_readers, "the two vpcd readers", timeout=3) == 0  # left running

    assert pcscd_daemon.recorded_pid() != without
    assert two_readers()
