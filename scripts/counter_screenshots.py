"""Screenshots of the counter terminal for docs/counter.md, taken from a real session at a real desk.

    .venv/bin/python scripts/counter_screenshots.py [OUT_DIR]   (default docs/screenshots)

scripts/screenshots.py runs it too, after the citizen's pictures.

The reference portal runs under uvicorn with demo data; the app runs headless in counter mode at desk 1 with the
demo counter credential, once in Portuguese and once in English: sign-in, the desk serving a kiosk's ticket with
a call for help in the panel, the applications desk and a decision, verify with a genuine seal, serving a
citizen (the demo card), cash, the day's close and the lock. Each picture is `counter-<screen>-<pt|en>.png` at
100x30 cells (the desk also at 80x24).
"""

from __future__ import annotations

import asyncio
import dataclasses
import sys
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from shots import SIZE, Shooter, config_for, in_each_language, out_dir
from textual.pilot import Pilot
from textual.screen import Screen

from kiosk.client import PortalClient
from kiosk.config import load_settings
from portal.content.demo_people import DEMO_COUNTER_TOKEN, DEMO_KIOSK_TOKEN
from screens.app import KioskApp
from screens.counter.applications import ApplicationsScreen
from screens.counter.cash import CashDialog
from screens.counter.day import DayScreen
from screens.counter.decision import DecisionDialog
from screens.counter.desk import DeskScreen
from screens.counter.lock import LockScreen
from screens.counter.serve import ServeScreen
from screens.counter.verify import CounterVerifyScreen
from screens.dialogs.pin import PinDialog
from tests.portal.conftest import start_portal, stop_portal


def kiosk_post(url: str, path: str, body: dict[str, object], key: bool = False) -> dict[str, object]:
    headers = {"Authorization": f"Bearer {DEMO_KIOSK_TOKEN}", "Accept-Language": "en"}
    if key:
        headers["Idempotency-Key"] = uuid.uuid4().hex
    response = httpx.post(f"{url}{path}", json=body, headers=headers, timeout=10)
    response.raise_for_status()
    answer: dict[str, object] = response.json()
    return answer


async def a_day_at_the_desk(url: str) -> str:
    """What the kiosks did this morning: tickets, a problem reported, a certificate issued; its seal."""
    for category in ("A", "A", "B", "C", "P"):
        kiosk_post(url, "/v1/queue/tickets", {"category": category}, key=True)
    kiosk = PortalClient(url, DEMO_KIOSK_TOKEN)
    try:
        for where in ("Rua Direita 10, Lisboa", "Avenida da Liberdade 5, Lisboa"):
            await kiosk.submit(
                "REPORT-PROBLEM",
                {"category": "pothole", "location": where},
                idempotency_key=uuid.uuid4().hex,
                language="en",
            )
        sheet = await kiosk.submit("INFO-SHEET", {}, idempotency_key=uuid.uuid4().hex, language="en")
    finally:
        await kiosk.aclose()
    seal = sheet.documents[0].seal
    assert seal is not None
    return seal


async def from_the_desk(
    app: KioskApp, pilot: Pilot[int], shot: Shooter, key: str, task: Callable[[Screen[object]], bool], what: str
) -> None:
    """Back at the desk, nothing focused (a letter would go into a field), then the task's key."""
    await shot.until(lambda: isinstance(app.screen, DeskScreen), "the desk again")
    app.set_focus(None)
    await pilot.press(key)
    await shot.until(lambda: task(app.screen), what)


async def counter_visit(out: Path, language: str, data: Path, url: str, seal: str) -> None:
    settings = load_settings(config_for(data, language), env={})
    settings = dataclasses.replace(
        settings,
        kiosk=dataclasses.replace(settings.kiosk, mode="counter"),
        portal=dataclasses.replace(settings.portal, url=url, device_token=DEMO_COUNTER_TOKEN),
    )
    app = KioskApp(settings)
    try:
        async with app.run_test(size=SIZE) as pilot:
            shot = Shooter(app, pilot, out, language)
            await shot.until(lambda: app.core.portal_service.client is not None, "the portal")
            await shot.save("counter-login")
            app.screen.query_one("#login-username").focus()
            await pilot.press(*"clerk", "enter")
            await pilot.pause(0.2)
            await pilot.press(*"demo-clerk-password", "enter")
            await shot.until(lambda: isinstance(app.screen, DeskScreen), "the desk")
            await shot.until(lambda: app.desk is not None and bool(app.desk.waiting), "the queue")
            await pilot.press("f5")
            await shot.until(lambda: app.desk is not None and app.desk.serving is not None, "a ticket called")
            kiosk_post(url, "/v1/queue/help", {"screen": "attract"})  # worded "on the first screen"
            await shot.until(lambda: app.desk is not None and bool(app.desk.help_requests), "the call for help")
            await shot.save("counter-desk")
            await pilot.resize_terminal(80, 24)
            await shot.save("counter-desk-80x24")
            await pilot.resize_terminal(*SIZE)
            await pilot.press("f4")

            app.set_focus(None)
            await pilot.press("a")
            await shot.until(lambda: isinstance(app.screen, ApplicationsScreen), "the applications")
            applications = app.screen
            assert isinstance(applications, ApplicationsScreen)
            await shot.until(lambda: not applications.busy and bool(applications.items), "the list")
            await shot.save("counter-applications")
            app.screen.query_one("#applications-table").focus()
            await pilot.press("enter")
            await shot.until(lambda: isinstance(app.screen, DecisionDialog), "the decision")
            await pilot.click("#decide-rejected")
            await shot.until(lambda: app.screen.query_one("#decide-problem").display, "the reason asked")
            await shot.save("counter-decision")
            await pilot.press("escape")
            await pilot.press("escape")

            await from_the_desk(app, pilot, shot, "v", lambda s: isinstance(s, CounterVerifyScreen), "verify")
            verify = app.screen
            assert isinstance(verify, CounterVerifyScreen)
            await pilot.press(*seal, "enter")
            await shot.until(lambda: verify.check is not None, "the verdict")
            await shot.save("counter-verify")
            await pilot.press("escape")

            await from_the_desk(app, pilot, shot, "s", lambda s: isinstance(s, ServeScreen), "serve")
            serve = app.screen
            assert isinstance(serve, ServeScreen)
            # Maria's card, whose PIN is typed below: "I" brings the next demo citizen in turn, who need not
            # be her.
            app.core.cards.insert_demo_card("maria")
            await shot.until(lambda: serve.holder is not None, "the card read")
            await shot.save("counter-serve")
            await pilot.press("s")
            await shot.until(lambda: isinstance(app.screen, PinDialog), "the PIN")
            await pilot.press(*"1234", "enter")
            await shot.until(lambda: app.session is not None and app.session.portal_token is not None, "login")
            client = app.core.portal
            assert client is not None
            assert app.session is not None
            assert app.session.portal_token is not None
            await client.submit(
                "BIRTH-CERT",
                {"whose": "self", "purpose": "school"},
                idempotency_key=uuid.uuid4().hex,
                language=language,
                citizen_token=app.session.portal_token,
            )
            await pilot.pause(0.5)
            app.set_focus(None)
            await pilot.press("r")
            await shot.until(lambda: app.screen is serve, "back to serve")
            app.set_focus(None)
            await pilot.press("k")
            await shot.until(lambda: isinstance(app.screen, CashDialog), "cash")
            app.screen.query_one("#cash-tendered").focus()
            await pilot.press(*"5", "enter")
            await shot.save("counter-cash")
            app.screen.query_one("#cash-tendered").value = ""
            await pilot.press(*"20", "enter")
            await shot.until(lambda: serve.said is not None, "the change")
            await shot.save("counter-cash-change")
            app.set_focus(None)
            await pilot.press("f")
            await shot.until(lambda: app.session is None, "the citizen gone")

            await pilot.press("f10")
            await pilot.press("escape")
            await from_the_desk(app, pilot, shot, "c", lambda s: isinstance(s, DayScreen), "the day")
            day = app.screen
            assert isinstance(day, DayScreen)
            await shot.until(lambda: day.stats is not None, "the day's figures")
            await shot.save("counter-day")
            await pilot.press("escape")

            app.set_focus(None)
            await pilot.press("l")
            await shot.until(lambda: isinstance(app.screen, LockScreen), "the lock")
            await shot.save("counter-lock")
    finally:
        app.stop_services()


def counter_shots(target: Path) -> None:
    def at_a_desk(language: str, data: Path) -> None:
        portal = start_portal(f"sqlite:///{data / 'portal.db'}", data)
        try:
            seal = asyncio.run(a_day_at_the_desk(portal.url))
            asyncio.run(counter_visit(target, language, data, portal.url, seal))
        finally:
            stop_portal(portal)

    in_each_language(at_a_desk)


if __name__ == "__main__":
    counter_shots(out_dir(sys.argv))
