"""Driving the counter app under Pilot: sign in, type into fields, read what the screen says."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from kiosk.card.emulator.citizens import find_citizen
from kiosk.card.identity import PinKind
from screens.app import KioskApp
from screens.counter.desk import DeskScreen
from screens.counter.serve import ServeScreen
from screens.dialogs.pin import PinDialog
from tests.helpers import wait_until

CLERK = ("clerk", "demo-clerk-password")
SUPERVISOR = ("supervisor", "demo-supervisor-password")


class QuietCounter(KioskApp):
    """The real app in counter mode; the desk never locks by itself while a test runs."""

    def watch_idle(self) -> None:
        return None


async def portal_up(pilot: Pilot[Any]) -> None:
    app = pilot.app
    assert isinstance(app, KioskApp)
    await wait_until(pilot, lambda: app.core.portal_service.client is not None, "the portal connection")


async def type_into(pilot: Pilot[Any], selector: str, typed: str, *, enter: bool = True) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.focus()
    await pilot.pause()
    field.value = ""
    await pilot.press(*typed)
    if enter:
        await pilot.press("enter")


async def sign_in(pilot: Pilot[Any], who: tuple[str, str] = CLERK) -> None:
    await portal_up(pilot)
    await type_into(pilot, "#login-username", who[0])
    await type_into(pilot, "#login-password", who[1])
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, DeskScreen), "the desk after signing in")
    await wait_until(pilot, lambda: pilot.app.desk is not None and bool(pilot.app.desk.waiting), "the queue")


async def serve_citizen(pilot: Pilot[Any], citizen: str | None) -> ServeScreen:
    """From the desk, S: the serve screen, with this demo citizen's card read in the (simulated) reader."""
    app = pilot.app
    assert isinstance(app, KioskApp)
    app.set_focus(None)
    await pilot.press("s")
    await wait_until(pilot, lambda: isinstance(app.screen, ServeScreen), "the serve screen")
    serve = app.screen
    assert isinstance(serve, ServeScreen)
    if citizen is not None:
        app.core.cards.insert_demo_card(citizen)
        await wait_until(pilot, lambda: serve.holder is not None, "the card read")
        app.set_focus(None)
    return serve


async def with_pin(pilot: Pilot[Any], key: str, citizen: str) -> None:
    """Press a serve screen's key that needs the citizen's PIN, and type it on the keypad as they would."""
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, PinDialog), "the citizen's PIN")
    await pilot.press(*find_citizen(citizen).pin(PinKind.AUTHENTICATION), "enter")


def said(app: KioskApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def panel_text(app: KioskApp) -> str:
    """The queue panel's lines as the clerk reads them."""
    return "\n".join(
        said(app, selector)
        for selector in ("#queue-serving", "#queue-waiting", "#queue-help", "#queue-outcome")
    )
