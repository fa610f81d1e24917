"""Screenshots of the queue for docs/display.md: the public display and the kiosk's ticket, from real runs.

    .venv/bin/python scripts/display_screenshots.py [OUT_DIR]   (default docs/screenshots)

A kiosk (the real app, headless under Pilot, with the embedded demo portal) takes a ticket: its ticket screen
is saved at 100x30 as queue-ticket-<pt|en>.png. Then a display (the same app in mode "display") watches the
same portal while tickets are taken and called at desks over the Portal API, as counters do: the board is
saved at 80x24 and at 200x60 as display-<pt|en>-<size>.png. Needs rsvg-convert (as scripts/screenshots.py).
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from shots import out_dir, to_png

from kiosk.client.portal import PortalClient
from kiosk.client.queue import QueueClient
from kiosk.config import Settings, load_settings
from portal.content.demo_people import DEMO_COUNTER_TOKEN, DEMO_KIOSK_TOKEN, DEMO_STAFF
from screens.app import KioskApp
from screens.citizen.queue_ticket import QueueTicketScreen
from screens.display.board import BoardScreen
from tests.helpers import wait_until

CALLS = (("A", "4"), ("P", "1"), ("B", "6"), ("C", "2"), ("A", "3"), ("A", "5"))
"""(line, desk) of the tickets called before the board is saved, oldest first."""


def settings_in(data: Path, language: str, mode: str, port: int) -> Settings:
    config = data / "kiosk.toml"
    config.write_text(
        "\n".join(
            [
                "[kiosk]",
                f'data_dir = "{data}"',
                f'language = "{language}"',
                f'mode = "{mode}"',
                "[portal]",
                f"embedded_port = {port}",
                "[printers]",
                f'receipt = "spool:{data / "spool"}"',
                f'documents = "spool:{data / "spool"}"',
                f'journal = "{data / "journal.sqlite"}"',
            ]
        ),
        encoding="utf-8",
    )
    settings = load_settings(config, env={})
    return replace(settings, kiosk=replace(settings.kiosk, mode=mode))


async def call_tickets(url: str, kiosk_token: str) -> None:
    kiosk = QueueClient(PortalClient(url, kiosk_token))
    counter = QueueClient(PortalClient(url, DEMO_COUNTER_TOKEN))
    try:
        username, _, _, password = DEMO_STAFF[0]
        body = json.dumps({"username": username, "password": password}).encode()
        headers = {"Content-Type": "application/json"}
        data = await counter.portal.call("POST", "/v1/auth/staff/session", "en", content=body, headers=headers)
        token = str(data["session_token"])
        for line in "AAAAABBBBCCPP":
            await kiosk.take_ticket(line)
        for line, desk in CALLS:
            called = await counter.call_next(token, desk, [line])
            if called is not None and desk != "5":
                await counter.done(token, called.id)
    finally:
        await kiosk.portal.aclose()
        await counter.portal.aclose()


async def ticket_screen(data: Path, language: str, out: Path) -> None:
    app = KioskApp(settings_in(data, language, "kiosk", 8790))
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: app.portal_status_key == "attract.portal_ready", "the portal")
            await pilot.press("q")
            await wait_until(pilot, lambda: isinstance(app.screen, QueueTicketScreen), "the ticket screen")
            screen = app.screen
            assert isinstance(screen, QueueTicketScreen)
            await wait_until(pilot, lambda: bool(screen.query("#line-C")), "the lines")
            await pilot.press("c")
            await wait_until(pilot, lambda: screen.printed is not None, "the ticket")
            await pilot.pause(0.3)
            svg = app.save_screenshot(f"queue-ticket-{language}.svg", str(out))
            to_png(Path(svg), out / f"queue-ticket-{language}.png")
    finally:
        app.stop_services()


async def board_at(data: Path, language: str, size: tuple[int, int], out: Path, *, call: bool) -> None:
    app = KioskApp(settings_in(data, language, "display", 8790))
    try:
        async with app.run_test(size=size) as pilot:
            screen = app.screen
            assert isinstance(screen, BoardScreen)
            await wait_until(pilot, lambda: screen.board is not None, "the board", timeout=90)
            embedded = app.core.portal_service.embedded
            if call and embedded is not None:
                # The embedded portal gives a display the display's credential: tickets come from the kiosk's.
                await call_tickets(app.core.portal_service.url, DEMO_KIOSK_TOKEN)
            await wait_until(
                pilot, lambda: screen.board is not None and len(screen.board.called) == len(CALLS), "calls"
            )
            await pilot.pause(0.5)
            name = f"display-{language}-{size[0]}x{size[1]}"
            svg = app.save_screenshot(f"{name}.svg", str(out))
            to_png(Path(svg), out / f"{name}.png")
    finally:
        app.stop_services()


async def display(data: Path, language: str, out: Path) -> None:
    await board_at(data, language, (80, 24), out, call=True)
    await board_at(data, language, (200, 60), out, call=False)


async def main(out: Path) -> None:
    for language in ("pt", "en"):
        with tempfile.TemporaryDirectory(prefix=f"display-shots-{language}-") as folder:
            data = Path(folder)
            await ticket_screen(data, language, out)
            await display(data, language, out)


if __name__ == "__main__":
    asyncio.run(main(out_dir(sys.argv)))
