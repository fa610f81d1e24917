"""The queue end to end, three app instances in tmux against one portal under uvicorn on PostgreSQL: a kiosk
issues a ticket (no card), a counter calls it, the public display shows it in big characters and announces it
through its speech command (here one that appends what it is given to a file), in Portuguese and English."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from portal.content.demo_people import DEMO_COUNTER_TOKEN, DEMO_DISPLAY_TOKEN, DEMO_KIOSK_TOKEN
from screens.display.big_text import big_lines
from tests.conftest import pdf_text
from tests.e2e.conftest import KIOSK, Terminal, start_terminal, stop_terminal
from tests.helpers import require_tool
from tests.portal.conftest import RunningPortal, fresh_postgres_database, start_portal, stop_portal

pytestmark = [pytest.mark.e2e, pytest.mark.postgres]
DESK = "4"


@pytest.fixture
def portal_on_postgres(tmp_path: Path) -> Iterator[RunningPortal]:
    with fresh_postgres_database() as database_url:
        portal = start_portal(database_url, tmp_path, "--login-rate-per-minute", "1000")
        try:
            yield portal
        finally:
            stop_portal(portal)


def write_config(folder: Path, mode: str, portal_url: str, token: str, extra: str = "") -> Path:
    """One terminal's kiosk.toml: its mode, the shared portal, the simulated reader, papers into a folder."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kiosk.toml"
    path.write_text(
        f"""
[kiosk]
id = "e2e-{mode}"
mode = "{mode}"
language = "pt"
data_dir = "{folder / "var"}"

[portal]
url = "{portal_url}"
device_token = "{token}"
timeout_seconds = 8.0

[card]
reader = "simulated"

[printers]
receipt = "spool:{folder / "spool"}"
documents = "spool:{folder / "spool"}"
journal = "{folder / "var" / "print-journal.sqlite"}"
{extra}
""",
        encoding="utf-8",
    )
    return path


def environment() -> dict[str, str]:
    return {"TERM": "xterm-256color", "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}


def shows_big(screen: str, value: str) -> bool:
    """The display's big characters for ``value`` are on the screen, each of their three rows in one line."""
    lines = screen.splitlines()
    rows = big_lines(value).split("\n")
    return any(
        rows[0] in line and rows[1] in below and rows[2] in last
        for line, below, last in zip(lines, lines[1:], lines[2:], strict=False)
    )


def printed_ticket_number(spool: Path) -> str:
    """The number on the ticket the kiosk printed (its PDF in the spool folder, read by pdftotext)."""
    [ticket] = list(spool.glob("*.pdf"))
    found = re.search(r"\b([A-Z]\d{3})\b", pdf_text(ticket))
    assert found is not None, pdf_text(ticket)
    return found.group(1)


def test_kiosk_ticket_called_at_a_counter_shown_and_announced_on_the_display(
    portal_on_postgres: RunningPortal, tmp_path: Path
) -> None:
    tee = require_tool("tee")
    said = tmp_path / "said.txt"
    url = portal_on_postgres.url
    kiosk_config = write_config(tmp_path / "kiosk", "kiosk", url, DEMO_KIOSK_TOKEN)
    counter_config = write_config(
        tmp_path / "counter", "counter", url, DEMO_COUNTER_TOKEN, f'\n[counter]\ndesk = "{DESK}"\n'
    )
    display_config = write_config(
        tmp_path / "display",
        "display",
        url,
        DEMO_DISPLAY_TOKEN,
        f'\n[accessibility]\nspeech_command = "{tee} -a {said}"\n',
    )
    terminals: list[Terminal] = []
    try:
        display = start_terminal(f"{KIOSK} --config {display_config} run", environment(), 100, 30)
        terminals.append(display)
        kiosk = start_terminal(f"{KIOSK} --config {kiosk_config} run", environment(), 100, 32)
        terminals.append(kiosk)
        counter = start_terminal(f"{KIOSK} --config {counter_config} run", environment(), 120, 36)
        terminals.append(counter)

        # The kiosk: a ticket for general services, without a card (Q, then the line's letter).
        kiosk.wait_for(r"(?i)senha", timeout=90)
        time.sleep(1.0)  # the portal connection is made after the first paint
        kiosk.keys("q")
        kiosk.wait_for(r"Atendimento geral", timeout=60)
        kiosk.keys("a")
        kiosk.wait_for(r"Retire a senha da impressora", timeout=60)
        number = printed_ticket_number(tmp_path / "kiosk" / "spool")

        # The counter: the clerk signs in at desk 4 and calls the next ticket (F5).
        counter.wait_for(r"Balcão: entrar", timeout=90)
        time.sleep(1.0)
        counter.keys("clerk", "Enter")
        time.sleep(0.5)  # a person's pause before the next field (tmux would type ahead of the focus moving)
        counter.keys("demo-clerk-password", "Enter")
        counter.wait_for(rf"Balcão {DESK}", timeout=60)
        counter.wait_for(r"A 1", timeout=30)  # the panel counts the waiting ticket
        counter.keys("F5")
        counter.wait_for(rf"A atender {number}", timeout=30)

        # The display: the number and the desk in big characters, and both announcements said.
        deadline = time.monotonic() + 60
        while not (shows_big(screen := display.screen(), number) and shows_big(screen, DESK)):
            assert time.monotonic() < deadline, f"the display never showed {number} at desk {DESK}:\n{screen}"
            time.sleep(0.2)
        spoken = f"A {int(number[1:])}"
        deadline = time.monotonic() + 30
        while not (said.exists() and f"Ticket {spoken}, desk {DESK}" in said.read_text(encoding="utf-8")):
            assert time.monotonic() < deadline, (
                f"not announced; said: {said.read_text() if said.exists() else ''}"
            )
            time.sleep(0.2)
        assert f"Senha {spoken}, balcão {DESK}" in said.read_text(encoding="utf-8")

        # Nobody saw a traceback on any of the three.
        for terminal in terminals:
            assert not any(re.search(r"Traceback|Error:", capture) for capture in terminal.captures)
    finally:
        for terminal in terminals:
            stop_terminal(terminal)
