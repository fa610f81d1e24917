"""The real terminal of the end-to-end tests (tmux), and the real parts the kiosk meets there.

tmux runs the `kiosk` command, ``send-keys`` types, ``capture-pane`` reads the screen. The kiosk runs in its own
process exactly as on a kiosk: against the reference portal under uvicorn (``running_portal``), the emulated
citizen card in the real pcscd through the vpcd virtual reader (``pcscd``, ``virtual_cards``) and the hermetic
CUPS stack with a simulated IPP printer (``print_stack``).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.card.conftest import READER_1, VirtualCards, pcscd, virtual_cards
from tests.helpers import require_tool
from tests.printing.print_stack import PrintStack, running_stack

__all__ = ["KIOSK", "KioskConfig", "Terminal", "VirtualCards", "pcscd", "virtual_cards", "write_kiosk_config"]

KIOSK = Path(sys.executable).with_name("kiosk")
READER = READER_1
"""The vpcd reader the citizen journeys use; named in kiosk.toml so no other reader is ever chosen."""


class Terminal:
    """A tmux session running one command: keys in, screen text out.

    Every screen read is kept in ``captures``, so a test can ask afterwards whether anything it ever saw
    (a traceback, a name) should not have been there.
    """

    def __init__(self, tmux: str, socket: str, session: str) -> None:
        self.tmux, self.socket, self.session = tmux, socket, session
        self.captures: list[str] = []

    def tmux_cmd(self, *args: str) -> str:
        result = subprocess.run(
            [self.tmux, "-L", self.socket, *args], capture_output=True, text=True, check=True
        )
        return result.stdout

    def screen(self) -> str:
        screen = self.tmux_cmd("capture-pane", "-p", "-t", self.session)
        self.captures.append(screen)
        return screen

    def keys(self, *keys: str) -> None:
        self.tmux_cmd("send-keys", "-t", self.session, *keys)

    def wait_for(self, pattern: str, timeout: float = 60.0) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if match := re.search(pattern, screen):
                return match
            if time.monotonic() > deadline:
                raise AssertionError(f"{pattern!r} never appeared; the screen shows:\n{screen}")
            time.sleep(0.1)

    def wait_gone(self, pattern: str, timeout: float = 60.0) -> str:
        """Wait until the pattern is no longer on screen; the screen without it."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if not re.search(pattern, screen):
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{pattern!r} never went away; the screen shows:\n{screen}")
            time.sleep(0.1)


def start_terminal(command: str, env: dict[str, str], width: int = 100, height: int = 32) -> Terminal:
    tmux = require_tool("tmux")
    socket, session = f"kiosk-test-{uuid.uuid4().hex[:8]}", "kiosk"
    subprocess.run(
        [tmux, "-L", socket, "new-session", "-d", "-s", session, "-x", str(width), "-y", str(height), command],
        check=True,
        env=env,
    )
    # The pane stays after the kiosk exits, so a crash leaves its last words readable by the test.
    subprocess.run([tmux, "-L", socket, "set-option", "-t", session, "remain-on-exit", "on"], check=False)
    return Terminal(tmux, socket, session)


def stop_terminal(terminal: Terminal) -> None:
    subprocess.run([terminal.tmux, "-L", terminal.socket, "kill-server"], capture_output=True)
    time.sleep(0.3)  # the kiosk's children get SIGTERM when the kiosk goes


# --- the citizen kiosk against the real parts ----------------------------------------------------------------


class KioskConfig:
    """What a test wrote into kiosk.toml, for reading back what the kiosk did."""

    def __init__(self, path: Path, data_dir: Path, queue: str) -> None:
        self.path, self.data_dir, self.queue = path, data_dir, queue


def write_kiosk_config(
    tmp_path: Path, portal_url: str, device_token: str, queue: str, idle_warning_seconds: int = 60
) -> KioskConfig:
    """A kiosk.toml for a real kiosk: remote portal, a named PC/SC reader, CUPS queues, data in tmp_path."""
    data_dir = tmp_path / "kiosk-data"
    path = tmp_path / "kiosk-e2e.toml"
    path.write_text(
        f"""
[kiosk]
id = "e2e-kiosk"
language = "pt"
data_dir = "{data_dir}"
idle_warning_seconds = {idle_warning_seconds}
idle_grace_seconds = 20

[portal]
url = "{portal_url}"
device_token = "{device_token}"
timeout_seconds = 2.0

[card]
reader = "{READER}"
pinpad = false

[printers]
receipt = "cups:{queue}"
documents = "cups:{queue}"
journal = "{data_dir / "print-journal.sqlite"}"
""",
        encoding="utf-8",
    )
    return KioskConfig(path, data_dir, queue)


def kiosk_env(stack: PrintStack) -> dict[str, str]:
    """The kiosk's environment: a terminal, the private cupsd, and the same demo CA as this test process."""
    env = {
        "TERM": "xterm-256color",
        "PATH": "/usr/bin:/bin",
        "LANG": "C.UTF-8",
        "HOME": os.environ.get("HOME", "/root"),
        "CUPS_SERVER": str(stack.cups_socket),
    }
    for name in ("KIOSK_DEMO_CA_DIR", "XDG_CACHE_HOME"):
        if name in os.environ:
            env[name] = os.environ[name]
    return env


@pytest.fixture(scope="module")
def print_stack() -> Iterator[PrintStack]:
    """One hermetic cupsd + ippeveprinter per test module (tests/printing's own stack)."""
    yield from running_stack(queue="e2e")
