"""Small helpers shared by the whole suite."""

from __future__ import annotations

import asyncio
import os
import shutil
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import pytest

IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def require(condition: bool, what: str) -> None:
    """Skip locally when a service or tool is missing, but fail under CI.

    CI installs and starts everything the suite needs (``make test``), so a
    missing part there is a broken install step, never a reason to skip.
    """
    if condition:
        return
    if IN_CI:
        pytest.fail(f"required for this test but missing under CI: {what}")
    pytest.skip(f"missing here: {what} (run `make test` to install and start it)")


def require_tool(name: str) -> str:
    """Return the path of a command-line tool, or skip/fail as :func:`require` does."""
    path = shutil.which(name)
    require(path is not None, f"the `{name}` command")
    assert path is not None
    return path


async def wait_until(pilot: Any, condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    """Let a Textual app under Pilot run until ``condition`` holds; fail naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)
        await asyncio.sleep(0.02)


class SilentPrinter:
    """A TCP server that accepts connections and never answers: an IPP printer hung mid-job."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.accepted = threading.Event()
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.server.accept()
            except OSError:
                return
            self.connections.append(connection)
            self.accepted.set()

    def release(self) -> None:
        """Hang up: the job fails at once and is kept in the journal."""
        self.server.close()
        for connection in self.connections:
            connection.close()


def run_into_a_closed_pipe(command: list[str]) -> tuple[int, str]:
    """Run ``command`` with its stdout a pipe that is closed before it writes a line (like `| head -0`).

    Returns the exit code and what it wrote on stderr.
    """
    import subprocess

    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.close()
    try:
        errors = process.stderr.read()
        return process.wait(timeout=60), errors
    finally:
        process.kill()
