"""`kiosk demo` in a real terminal: tmux runs it, send-keys drives it, capture-pane reads the screen."""

from __future__ import annotations

import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import pdf_text
from tests.e2e.conftest import Terminal
from tests.helpers import require_tool

pytestmark = pytest.mark.e2e
KIOSK = Path(sys.executable).with_name("kiosk")


@pytest.fixture
def terminal(demo_config: Path) -> Iterator[Terminal]:
    tmux = require_tool("tmux")
    socket, session = f"kiosk-test-{uuid.uuid4().hex[:8]}", "kiosk"
    term = Terminal(tmux, socket, session)
    command = f"{KIOSK} --config {demo_config} demo"
    subprocess.run(
        [tmux, "-L", socket, "new-session", "-d", "-s", session, "-x", "100", "-y", "32", command],
        check=True,
        env={"TERM": "xterm-256color", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    try:
        yield term
    finally:
        subprocess.run([tmux, "-L", socket, "kill-server"], capture_output=True)
        time.sleep(0.3)  # the kiosk's portal child gets SIGTERM when the kiosk goes


def test_demo_journey_prints_a_receipt(terminal: Terminal, spool_dir: Path) -> None:
    """`kiosk demo` by keys alone: the demo card, search, a service with no questions, the receipt."""
    terminal.wait_for(r"Serviços públicos, aqui e agora")
    terminal.wait_for(r"Portal ligado")
    terminal.keys("i")
    terminal.wait_for(r"Continuar")  # the holder's name and photo, read from the card
    terminal.keys("Enter")
    greeting = terminal.wait_for(r"Olá, ([^\n│┃]+?)\s*[│┃\n]")
    assert greeting.group(1).strip()
    terminal.keys(*"ficha informativa")  # the search field has the focus; results follow each key
    terminal.wait_for(r"Ficha informativa do Espaço Cidadão")
    terminal.keys("Enter")  # to the first result
    terminal.keys("Enter")  # open it: its start page
    terminal.wait_for(r"Começar")
    terminal.keys("Enter")  # Start: no questions, straight to check your answers
    terminal.wait_for(r"Enviar")
    terminal.keys("Enter")  # Send
    match = terminal.wait_for(r"A sua referência: ([A-Z0-9-]+)")
    reference = match.group(1)
    receipt = spool_dir / f"{reference}-receipt.pdf"
    assert receipt.is_file()
    assert "Ficha informativa" in " ".join(pdf_text(receipt).split())
    terminal.keys("r")
    terminal.wait_for(r"Insira o seu Cartão de Cidadão")
    assert "Traceback" not in terminal.screen()
