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
from textual.app import ScreenStackError

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


def wait_for(condition: Callable[[], object], what: str, timeout: float = 20.0) -> None:
    """Poll ``condition`` (a service starting, a file appearing) until it holds; else TimeoutError."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        time.sleep(0.02)


async def wait_until(pilot: Any, condition: Callable[[], bool], what: str, timeout: float = 60.0) -> None:
    """Let a Textual app under Pilot run until ``condition`` holds; fail naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    while not (condition() and _screen_mounted(pilot)):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.05)
        await asyncio.sleep(0.02)


async def click(pilot: Any, selector: str) -> None:
    """Click a widget of the current screen as a person would: once it is laid out and scrolled into view.

    Pilot.click aims at the widget's region as it is when called: a widget just shown (a Back button that
    appears with an error) has no region until the next layout, so the click lands at the screen's corner and
    nothing happens (a CI run's card test waited 60 s for the screen that Back opens). Here the widget has an
    area first, and a click that lands on anything else fails at once, naming it.
    """
    app = pilot.app

    def laid_out() -> bool:
        found = app.screen.query(selector)
        return bool(found) and found.first().region.area > 0

    await wait_until(pilot, laid_out, f"{selector} laid out on the screen")
    app.screen.query_one(selector).scroll_visible(animate=False)
    await pilot.pause()
    assert await pilot.click(selector), f"the click on {selector} landed on another widget"


def _screen_mounted(pilot: Any) -> bool:
    """The app's current screen has run its on_mount.

    A pushed screen is ``app.screen`` before it is mounted, and many screens fill their text in on_mount: a test
    that waited only for the screen's class once read a heading still empty.
    """
    app = getattr(pilot, "app", None)
    if app is None:
        return True
    try:
        return bool(app.screen.is_mounted)
    except ScreenStackError:  # no screen yet, or the app is closing: the condition alone decides
        return True


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
