"""The counter's desk under Pilot against the reference portal under uvicorn: sign in (a wrong password said
plainly), the queue panel, the queue keys, a parked ticket called back by its typed number (a wrong one said
plainly), a kiosk's call for help, and the lock on the clerk's password. Snapshots of sign-in and desk."""

from __future__ import annotations

import time
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Digits

from kiosk.client.queue import QueueCategory, Ticket
from kiosk.config import Settings
from kiosk.counter.desk import DeskState
from screens.app import KioskApp
from screens.counter.desk import DeskScreen
from screens.counter.lock import LockScreen
from screens.counter.login import LoginScreen
from tests.counter.fixtures import ask_for_help, counter_settings, shared_portal, take_ticket
from tests.counter.pilot import QuietCounter, panel_text, portal_up, said, sign_in, type_into
from tests.helpers import wait_until


def served(app: QuietCounter) -> str | None:
    return app.desk.serving.number if app.desk is not None and app.desk.serving is not None else None


async def test_sign_in_queue_keys_parked_ticket_help_and_lock(counter_settings: Settings) -> None:
    portal_url = counter_settings.portal.url
    app = QuietCounter(counter_settings)
    async with app.run_test(size=(120, 36)) as pilot:
        await portal_up(pilot)
        assert isinstance(app.screen, LoginScreen)
        await type_into(pilot, "#login-username", "clerk")
        await type_into(pilot, "#login-password", "wrong-password")
        await wait_until(pilot, lambda: app.screen.problem_key == "counter.login.refused", "the refusal")
        assert "not right" in said(app, "#login-problem") or "não estão certos" in said(app, "#login-problem")
        assert isinstance(app.screen, LoginScreen)

        await sign_in(pilot)
        first = take_ticket(portal_url, "A")
        second = take_ticket(portal_url, "P")  # priority: called first

        await pilot.press("f5")
        await wait_until(pilot, lambda: served(app) == second["number"], "the priority ticket called")
        assert app.screen.query_one("#desk-now-number", Digits).value == second["number"]
        await pilot.press("f10")
        await wait_until(pilot, lambda: served(app) is None, "done")

        await pilot.press("f5")
        await wait_until(pilot, lambda: served(app) == first["number"], "the next ticket")
        await pilot.press("f8")  # park
        await wait_until(pilot, lambda: served(app) is None, "parked")

        await type_into(pilot, "#desk-parked-number", "Z9")
        await wait_until(pilot, lambda: app.desk.outcome == "counter.typed.ticket_category", "the wrong letter")
        assert "does not serve tickets starting with Z" in panel_text(app) or "começadas por Z" in panel_text(
            app
        )
        await type_into(pilot, "#desk-parked-number", "A999")
        await wait_until(pilot, lambda: app.desk.outcome == "counter.queue.not_parked_here", "no such ticket")
        await type_into(pilot, "#desk-parked-number", first["number"].lower())
        await wait_until(pilot, lambda: served(app) == first["number"], "the parked ticket back")
        assert app.focused is None  # back on the desk: its letters open tasks again, not typed (QA M7)

        request = ask_for_help(portal_url, "attract")
        await wait_until(pilot, lambda: bool(app.desk.help_requests), "the call for help", timeout=15)
        assert "no primeiro ecrã" in panel_text(app)  # where the person is, in words (QA M10)
        assert "attract" not in panel_text(app)
        ask_for_help(portal_url, "some_new_screen")
        await wait_until(pilot, lambda: len(app.desk.help_requests) == 2, "the second call", timeout=15)
        assert "some_new_screen" not in panel_text(app)  # only the oldest call shows; an unknown id never
        await pilot.press("f4")
        await wait_until(pilot, lambda: app.desk.help_requests[0].status == "acknowledged", "acknowledged")
        await pilot.press("f4")
        await wait_until(pilot, lambda: len(app.desk.help_requests) == 1, "closed")
        assert "noutro ecrã" in panel_text(app)
        await pilot.press("f4")
        await wait_until(pilot, lambda: app.desk.help_requests[0].status == "acknowledged", "the second, seen")
        await pilot.press("f4")
        await wait_until(pilot, lambda: not app.desk.help_requests, "both closed")
        assert request["id"]

        await pilot.press("l")  # no click needed after the ticket field: the focus went back to the desk
        await wait_until(pilot, lambda: isinstance(app.screen, LockScreen), "the lock screen")
        assert first["number"] not in "\n".join(str(w.render()) for w in app.screen.query("Static"))
        await type_into(pilot, "#lock-password", "demo-supervisor-password")
        await wait_until(pilot, lambda: app.screen.problem_key == "counter.lock.refused", "a wrong password")
        await type_into(pilot, "#lock-password", "demo-clerk-password")
        await wait_until(pilot, lambda: not isinstance(app.screen, LockScreen), "unlocked")
        assert served(app) == first["number"]  # the person at the desk is still there


def a_ticket(number: str, status: str = "called") -> Ticket:
    return Ticket(
        id=f"t-{number}",
        number=number,
        category=number[0],
        category_names={},
        status=status,
        position=0,
        estimated_wait_minutes=0,
        issued_at="2026-12-01T09:00:00+00:00",
        desk="1",
        called_at=None,
    )


def a_busy_desk() -> DeskState:
    """Desk 1 serving A023 with one ticket parked and people waiting: the same picture on every run."""
    names = (
        {"pt": "Atendimento geral", "en": "General services"},
        {"pt": "Empresas", "en": "Business"},
        {"pt": "Certidões", "en": "Certificates"},
        {"pt": "Atendimento prioritário", "en": "Priority service"},
    )
    waiting = tuple(
        QueueCategory(code, code, name, count, 10 * count, code == "P")
        for code, name, count in zip("ABCP", names, (4, 0, 2, 1), strict=True)
    )
    return DeskState(
        desk="1",
        categories=("A", "C", "P"),
        waiting=waiting,
        serving=a_ticket("A023"),
        parked=(a_ticket("C019", "parked"),),
        outcome="counter.queue.called",
        outcome_values={"number": "A023"},
    )


class StillCounter(QuietCounter):
    """The counter app without its portal, reader and printers: snapshots show the screens alone."""

    def start_services(self) -> None:
        return None


async def test_the_desk_locks_by_itself_after_the_idle_time(counter_settings: Settings) -> None:
    from dataclasses import replace

    settings = replace(counter_settings, counter=replace(counter_settings.counter, lock_seconds=30))
    app = QuietCounter(settings)
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        KioskApp.watch_idle(app)  # the app's once-a-second watch (QuietCounter only stops its timer)
        await pilot.pause()
        assert not isinstance(app.screen, LockScreen)
        app.last_touch = time.monotonic() - 31  # half a minute without a key or a touch
        KioskApp.watch_idle(app)
        await wait_until(pilot, lambda: isinstance(app.screen, LockScreen), "the lock screen")
        await pilot.press("a")  # a key behind the lock opens nothing
        assert isinstance(app.screen, LockScreen)


@pytest.mark.parametrize("language", ["pt", "en"])
def test_login_snapshot(snap_compare: Any, counter_settings: Settings, language: str) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        await pilot.pause()

    app = StillCounter(counter_settings)
    app.language = language
    assert snap_compare(app, terminal_size=(100, 30), run_before=before)


@pytest.mark.parametrize("language", ["pt", "en"])
@pytest.mark.parametrize("size", [(80, 24), (120, 36)])
def test_desk_snapshot(
    snap_compare: Any, counter_settings: Settings, language: str, size: tuple[int, int]
) -> None:
    async def before(pilot: Pilot[Any]) -> None:
        app = pilot.app
        assert isinstance(app, StillCounter)
        app.desk = a_busy_desk()
        await app.push_screen(DeskScreen())
        await pilot.pause(0.3)

    app = StillCounter(counter_settings)
    app.language = language
    assert snap_compare(app, terminal_size=size, run_before=before)


__all__ = ["counter_settings", "shared_portal"]  # fixtures, used by name
