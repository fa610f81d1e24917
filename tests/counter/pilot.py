"""Driving the counter app under Pilot: sign in, type into fields, read what the screen says."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from screens.app import KioskApp
from screens.counter.desk import DeskScreen
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


def said(app: KioskApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


def panel_text(app: KioskApp) -> str:
    """The queue panel's lines as the clerk reads them."""
    return "\n".join(
        said(app, selector)
        for selector in ("#queue-serving", "#queue-waiting", "#queue-help", "#queue-outcome")
    )
