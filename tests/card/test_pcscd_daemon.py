"""The tests' pcscd control recovers from what a dead daemon leaves behind.

A CI machine once held /run/pcscd/pcscd.comm and pcscd.pid from a pcscd that no longer ran: the fixture took the
socket file for a running daemon and all 56 card and terminal tests failed with "Service not available"."""

from __future__ import annotations

import os
import signal

import pytest

from tests.card import pcscd_daemon
from tests.card.conftest import _vpcd_readers

pytestmark = pytest.mark.pcscd


def test_a_killed_pcscd_is_started_again_over_its_leftover_files(pcscd: None) -> None:
    killed = pcscd_daemon.recorded_pid()
    assert killed
    assert pcscd_daemon.answers()
    os.kill(killed, signal.SIGKILL)
    pcscd_daemon.wait_for(lambda: not pcscd_daemon.process_alive(killed), 10, "pcscd to die")
    # What SIGKILL leaves: the socket and the pid file, and nobody answering behind them.
    assert pcscd_daemon.SOCKET.exists()
    assert pcscd_daemon.recorded_pid() == killed
    assert not pcscd_daemon.answers()

    started = pcscd_daemon.start_unless_running()

    assert started not in (0, killed)
    assert pcscd_daemon.process_alive(started)
    assert pcscd_daemon.answers()
    pcscd_daemon.wait_for(lambda: len(_vpcd_readers()) == 2, 10, "the two vpcd readers")


def test_a_running_pcscd_is_left_alone(pcscd: None) -> None:
    running = pcscd_daemon.recorded_pid()
    assert pcscd_daemon.start_unless_running() == 0
    assert pcscd_daemon.recorded_pid() == running
    assert pcscd_daemon.process_alive(running)
