"""Issue 15 item 5 for the command line: `kiosk card read` leaves a trace at the portal, as a read at the kiosk
app does (the same CardReadAudit and outbox), and never anything read from the card.

Real parts: pcscd with the vpcd reader and our card emulator in it, the portal under uvicorn on loopback, and
`kiosk card read` as a subprocess, as an operator runs it. While the portal cannot be reached the card is still
shown, one plain line says the record waits in the outbox, and the next read that reaches the portal sends it.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from kiosk.card.emulator.citizens import find_citizen
from kiosk.embedded import EmbeddedPortal
from kiosk.i18n import text
from portal.content.demo_people import DEMO_COUNTER_TOKEN, DEMO_STAFF
from tests.card.conftest import READER_1, VirtualCards
from tests.portal.conftest import free_port

WAITS = f"kiosk card: {text('en', 'card_cli.audit_waits')}\n"


def config_for(demo_config: Path, url: str, token: str) -> Path:
    """The test's kiosk.toml (its data folder, so its outbox, in tmp_path) pointed at a portal by URL."""
    path = demo_config.with_name(f"kiosk-{free_port()}.toml")
    settings = demo_config.read_text(encoding="utf-8")
    settings = settings.replace('url = "embedded"', f'url = "{url}"', 1)
    settings = settings.replace('device_token = ""', f'device_token = "{token}"', 1)
    path.write_text(settings.replace("timeout_seconds = 8.0", "timeout_seconds = 3.0"), encoding="utf-8")
    return path


def card_read(config: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "kiosk",
            "--config",
            str(config),
            "card",
            "read",
            "--reader",
            READER_1,
            "--json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def card_read_events(portal: EmbeddedPortal) -> list[dict[str, Any]]:
    """The portal's audit trail as a supervisor reads it at a counter: its card.read events."""
    username, _, _, password = next(entry for entry in DEMO_STAFF if entry[2] == "supervisor")
    headers = {"Authorization": f"Bearer {DEMO_COUNTER_TOKEN}"}
    with httpx.Client(base_url=portal.url, headers=headers, timeout=10) as client:
        login = client.post("/v1/auth/staff/session", json={"username": username, "password": password})
        assert login.status_code == 201, login.text
        client.headers["X-Session-Token"] = login.json()["session_token"]
        audit = client.get("/v1/audit", params={"limit": 500})
        assert audit.status_code == 200, audit.text
    return [event for event in audit.json() if event["action"] == "card.read"]


def personal_data(card: dict[str, Any]) -> list[str]:
    """What the card said about its holder: none of it may reach the audit."""
    keys = ("document_number", "surname", "given_names", "birth_date", "civil_id", "tax_id")
    values = [str(card[key]) for key in keys if card.get(key)]
    assert len(values) >= 4, card
    return values + [word for value in values for word in value.split() if len(word) > 3]


@pytest.mark.pcscd
def test_a_card_read_on_the_command_line_is_audited_and_waits_in_the_outbox_while_the_portal_is_away(
    virtual_cards: VirtualCards, running_portal: tuple[EmbeddedPortal, str], demo_config: Path
) -> None:
    portal, token = running_portal
    virtual_cards.insert(READER_1, "pt-cc1", find_citizen("maria").id)
    assert card_read_events(portal) == []

    # The portal away (nothing listens on that port): the card is shown all the same, and one line says so.
    away = card_read(config_for(demo_config, f"http://127.0.0.1:{free_port()}", token))
    assert away.returncode == 0, away.stderr
    card = json.loads(away.stdout)
    assert card["given_names"]
    assert away.stderr == WAITS
    assert card_read_events(portal) == []

    # Reachable: this read is recorded, and so is the one that waited in the outbox.
    reached = card_read(config_for(demo_config, portal.url, token))
    assert reached.returncode == 0, reached.stderr
    assert json.loads(reached.stdout) == card
    assert reached.stderr == "", "nothing waits any more"
    events = card_read_events(portal)
    assert len(events) == 2, events
    for event in events:
        assert event["actor"].startswith("device:")
        assert event["object_ref"] == "identity"  # what was read, never what it said
        assert event["subject_person_id"] is None  # no citizen signed in at a command line
    trail = json.dumps(events, ensure_ascii=False)
    for value in personal_data(card):
        assert value not in trail, f"{value!r} from the card is in the audit"

    # Once recorded, a later read sends only itself (the outbox forgot what the portal has).
    assert card_read(config_for(demo_config, portal.url, token)).stderr == ""
    assert len(card_read_events(portal)) == 3
