"""A public kiosk cannot be left from its keyboard: `kiosk run` in a real terminal (tmux) ignores Ctrl+Q,
Ctrl+C, Ctrl+Z and the command palette, and exits only from the admin screen (F12 three times, then the
admin PIN); `kiosk demo` may still be left with Ctrl+Q."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kiosk.admin import DEMO_ADMIN_PIN
from tests.e2e.conftest import KIOSK, Terminal, start_terminal, stop_terminal

pytestmark = pytest.mark.e2e
ENV = {"TERM": "xterm-256color", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}


def wait_exit(terminal: Terminal, timeout: float = 60) -> str:
    """The exit status once the kiosk has ended, as the shell around it printed it (tmux's own pane status is
    not always collected by the time the pane is marked dead)."""
    return terminal.wait_for(r"kiosk exited with status (\d+)", timeout).group(1)


def started(config: Path, command: str) -> Iterator[Terminal]:
    shell = f"{KIOSK} --config {config} {command}; echo kiosk exited with status $?; sleep 600"
    terminal = start_terminal(f"sh -c '{shell}'", ENV)
    try:
        yield terminal
    finally:
        stop_terminal(terminal)


@pytest.fixture
def kiosk_run(demo_config: Path) -> Iterator[Terminal]:
    yield from started(demo_config, "run")


@pytest.fixture
def kiosk_demo(demo_config: Path) -> Iterator[Terminal]:
    yield from started(demo_config, "demo")


def test_kiosk_run_is_left_only_from_the_admin_screen(kiosk_run: Terminal) -> None:
    terminal = kiosk_run
    terminal.wait_for(r"Serviços públicos, aqui e agora")
    for key in ("C-q", "C-c", "C-z", "C-p", "C-\\"):
        terminal.keys(key)
        time.sleep(0.5)
        assert "kiosk exited" not in terminal.screen(), f"{key} left the kiosk"
    terminal.wait_for(r"Serviços públicos, aqui e agora")
    # The operator's way: F12 three times, then the admin PIN.
    terminal.keys("F12", "F12", "F12")
    terminal.wait_for(r"PIN de administração")
    terminal.keys(*DEMO_ADMIN_PIN, "Enter")
    terminal.wait_for(r"Administração do quiosque")
    terminal.wait_for(r"Simulated reader")
    terminal.keys("C-q")
    time.sleep(0.5)
    assert "kiosk exited" not in terminal.screen()
    terminal.keys("x")
    assert wait_exit(terminal) == "0"
    assert not any("Traceback" in screen for screen in terminal.captures)
    assert not any(DEMO_ADMIN_PIN in screen for screen in terminal.captures)


def test_kiosk_demo_may_be_left_with_ctrl_q(kiosk_demo: Terminal) -> None:
    kiosk_demo.wait_for(r"Serviços públicos, aqui e agora")
    kiosk_demo.keys("C-c", "C-z")
    time.sleep(0.5)
    assert "kiosk exited" not in kiosk_demo.screen()
    kiosk_demo.keys("C-q")
    assert wait_exit(kiosk_demo) == "0"
