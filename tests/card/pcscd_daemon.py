"""Starting and stopping the machine's pcscd for the tests and benchmarks that need the real one.

Whether pcscd runs is decided by asking it (a PC/SC context), never by its socket file: a machine can hold
/run/pcscd/pcscd.comm and pcscd.pid from a daemon that is gone (killed, or started while the machine image was
made). Such leftovers made every card test fail with "Service not available" while nothing restarted it, and
pcscd itself refuses to start while its pid file names a process that still exists, even a zombie or another
program that was given the same pid.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

from tests.helpers import wait_for

RUN = Path("/run/pcscd")
SOCKET = RUN / "pcscd.comm"
PID_FILE = RUN / "pcscd.pid"


def answers() -> bool:
    """pcscd accepts a PC/SC context."""
    from kiosk.card.errors import ReaderServiceDown
    from kiosk.card.readers import reader_names

    try:
        reader_names()
    except ReaderServiceDown:
        return False
    return True


def process_alive(pid: int) -> bool:
    """Running, not merely a zombie waiting for a parent (in a container, perhaps one that never reaps)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def is_pcscd(pid: int) -> bool:
    """A running pcscd has this pid: after a restart of the machine the pid file can name any other program."""
    try:
        return process_alive(pid) and Path(f"/proc/{pid}/comm").read_text().strip() == "pcscd"
    except OSError:
        return False


def recorded_pid() -> int:
    """The pid pcscd wrote, 0 when there is none."""
    try:
        return int(PID_FILE.read_bytes().strip(b"\x00\n ") or 0)
    except (OSError, ValueError):
        return 0


def start_unless_running(timeout: float = 10) -> int:
    """Make sure pcscd answers; the pid of the daemon started here, 0 when one was already running."""
    if answers():
        return 0
    pid = recorded_pid()
    if pid and is_pcscd(pid):  # starting right now, started by someone else: give it its time
        wait_for(answers, "the running pcscd to answer", timeout)
        return 0
    for leftover in (PID_FILE, SOCKET):
        leftover.unlink(missing_ok=True)
    subprocess.run(["pcscd"], check=True, timeout=timeout)
    wait_for(answers, "pcscd to answer", timeout)
    return recorded_pid()


def start_with_readers(has_readers: Callable[[], bool], what: str, timeout: float = 10) -> int:
    """Make sure pcscd answers and ``has_readers()``; the pid of a daemon started where none answered, else 0.

    A pcscd that answers without the readers was started before their driver's configuration was installed
    (pcscd reads /etc/reader.conf.d only when it starts): it is restarted once, and the new one is left running
    afterwards, as the one it replaced was."""
    started = start_unless_running(timeout)
    try:
        wait_for(has_readers, what, timeout)
    except TimeoutError:
        if not (running := recorded_pid()):
            raise
        stop(running, timeout)
        restarted = start_unless_running(timeout)
        wait_for(has_readers, what, timeout)
        return restarted if started else 0
    return started


def stop(pid: int, timeout: float = 10) -> None:
    """Stop the pcscd with this pid and wait until it and its socket are gone."""
    os.kill(pid, signal.SIGTERM)
    wait_for(lambda: not process_alive(pid) and not SOCKET.exists(), "pcscd to stop", timeout)
