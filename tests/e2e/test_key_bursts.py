"""A fast burst of keys in a real terminal (tmux) arrives as typed (QA H6).

A password manager or a keyboard wedge sends a whole line in one write; the terminal hands it to the kiosk in
one read. Here `kiosk demo` runs in tmux and one `send-keys` sends "WXYZ", Ctrl+U (empty the box), an access
code and Enter on the verify screen: the box must hold the access code when Enter checks it. Before the keys
were kept in order, the Ctrl+U reached the box's binding after the code and Enter checked an empty box.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import KIOSK, Terminal, start_terminal, stop_terminal

pytestmark = pytest.mark.e2e


@pytest.fixture
def terminal(demo_config: Path) -> Iterator[Terminal]:
    env = {"TERM": "xterm-256color", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    term = start_terminal(f"{KIOSK} --config {demo_config} demo", env, width=80, height=24)
    try:
        yield term
    finally:
        stop_terminal(term)


def test_a_burst_with_ctrl_u_on_the_verify_screen_arrives_as_typed(terminal: Terminal) -> None:
    terminal.wait_for(r"Portal ligado")
    terminal.keys("v")
    terminal.wait_for(r"Verificar um certificado")
    terminal.keys("WXYZ", "C-u", "EFGHJKMNPQRS", "Enter")  # one send-keys: one write, one burst
    screen = terminal.wait_for(r"Código de acesso EFGH").string
    assert "ainda não há nada" not in screen  # not checked as an empty box
    assert "WXYZ" not in screen  # Ctrl+U emptied the box before the code came
    assert "Traceback" not in terminal.screen()
