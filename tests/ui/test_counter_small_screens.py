"""Every counter screen and dialog a clerk can reach, at 80x24 and 100x30, in both languages: each button whole
inside the screen's width and inside its row, no word of its label wider than the button, no line of its label
below its bottom edge, never under three rows high, measured by the regions of the widgets on screen (as
tests/ui/test_small_screens2.py does for the citizen screens).

Found driving the counter in tmux: the lock screen put its four buttons in a plain row, and at 100 columns in
Portuguese "Sair (outro funcionário)" ran off the right edge and the language button was not seen at all. The
sweep found more: the decision dialog's four buttons laid out past its edge at 80 columns, a citizen's bundles
in the cash dialog past the dialog's edge, and the applications filters losing the second line of "A aguardar
pagamento" / "Awaiting payment". Those rows are action bars now (screens/widgets/action_bar.py).

Under Pilot against the reference portal under uvicorn, started with the demo data as `kiosk demo` starts its
embedded portal; one app per size and language visits every screen in turn, signed in as the demo supervisor
(who sees Revoke too).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Input

import screens.counter
from kiosk.card.emulator.citizens import find_citizen
from kiosk.card.identity import PinKind
from kiosk.config import Settings
from screens.counter.applications import ApplicationsScreen
from screens.counter.appointments import AppointmentsScreen
from screens.counter.base import CounterScreen
from screens.counter.cash import CashDialog, ChoiceButton
from screens.counter.day import DayScreen
from screens.counter.decision import DecisionDialog
from screens.counter.desk import DeskScreen
from screens.counter.lock import LockScreen
from screens.counter.reprint import ReprintScreen
from screens.counter.revoke import RevokeDialog
from screens.counter.serve import ServeScreen
from screens.counter.transfer import TransferDialog
from screens.counter.verify import CounterVerifyScreen
from screens.dialogs.pin import PinDialog
from tests.counter.fixtures import counter_settings, issue_info_sheet, shared_portal, take_ticket
from tests.counter.pilot import SUPERVISOR, QuietCounter, portal_up, serve_citizen, sign_in, type_into
from tests.counter.test_group_cash import a_bundle
from tests.helpers import click, wait_until
from tests.portal.conftest import RunningPortal
from tests.ui.screen_regions import LANGUAGES, README_SIZE, SMALLEST, cut_words, label_of, shown_buttons

__all__ = ["counter_settings", "shared_portal"]  # fixtures, used by name

CITIZEN = "joao"
"""The demo citizen served: bundles of theirs wait to be paid in cash (choices with long labels)."""

Check = Callable[[str], Awaitable[None]]
"""Measures the buttons of the screen on top; the name says which screen (and state) in a failure."""


def counter_screens() -> set[type[Screen[Any]]]:
    """Every screen and dialog defined under screens/counter/ (the base of the tasks aside)."""
    found = set()
    for module in pkgutil.iter_modules(screens.counter.__path__):
        loaded = importlib.import_module(f"screens.counter.{module.name}")
        for value in vars(loaded).values():
            if isinstance(value, type) and issubclass(value, Screen) and value.__module__ == loaded.__name__:
                found.add(value)
    return found - {CounterScreen}


def meant_to_show(screen: Screen[Any]) -> list[Widget]:
    """The buttons the screen shows: displayed, and every container above them too."""
    return [
        button
        for button in screen.query("Button, KioskButton")
        if all(node.display for node in button.ancestors_with_self if isinstance(node, Widget))
    ]


def hidden_lines(button: Widget) -> int:
    """How many lines of the button's label, wrapped to the room inside it, fall below its bottom edge."""
    room = button.content_region
    if room.width <= 0:
        return 0
    return max(0, button.get_content_height(button.size, button.app.size, room.width) - room.height)


def misplaced(screen: Screen[Any], width: int) -> list[str]:
    """What is wrong with each button the screen shows, in words; empty when nothing is."""
    wrong = []
    shown = shown_buttons(screen)
    for button in meant_to_show(screen):
        if button not in shown:
            wrong.append(f"#{button.id} {label_of(button)!r} is not on screen at all")
    for button in shown:
        region, name = button.region, f"#{button.id} {label_of(button)!r} at {button.region}"
        if region.x < 0 or region.right > width:
            wrong.append(f"{name} runs off the screen's {width} columns")
        parent = button.parent
        assert isinstance(parent, Widget)
        if not (parent.region.x <= region.x and region.right <= parent.region.right):
            wrong.append(f"{name} runs out of its row {parent.region}")
        if cut_words(button):
            wrong.append(f"{name} cuts {cut_words(button)}")
        if hidden_lines(button):
            wrong.append(f"{name} hides {hidden_lines(button)} line(s) of its label")
        if region.height < 3:
            wrong.append(f"{name} is under three rows high")
    return wrong


async def open_task(pilot: Pilot[Any], key: str, screen: type[Screen[Any]]) -> Screen[Any]:
    """A task, by its key on the desk (Escape back to the desk first)."""
    app = pilot.app
    while not isinstance(app.screen, DeskScreen):
        await pilot.press("escape")
        await pilot.pause()
    app.set_focus(None)
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(app.screen, screen), screen.__name__)
    return app.screen


async def back_to(pilot: Pilot[Any], screen: type[Screen[Any]]) -> None:
    await pilot.press("escape")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, screen), screen.__name__)


async def visit_every_screen(pilot: Pilot[Any], portal: RunningPortal, seal: str, check: Check) -> None:
    """Sign-in, desk, lock, every task and dialog, and serving a citizen without a card and with one."""
    app = pilot.app
    assert isinstance(app, QuietCounter)
    await portal_up(pilot)
    await check("sign-in")

    await sign_in(pilot, SUPERVISOR)
    await check("desk")

    app.set_focus(None)
    await pilot.press("l")
    await wait_until(pilot, lambda: isinstance(app.screen, LockScreen), "the lock screen")
    await check("lock")
    await type_into(pilot, "#lock-password", SUPERVISOR[1])
    await wait_until(pilot, lambda: isinstance(app.screen, DeskScreen), "unlocked")

    applications = await open_task(pilot, "a", ApplicationsScreen)
    assert isinstance(applications, ApplicationsScreen)
    await wait_until(pilot, lambda: not applications.busy and bool(applications.items), "the applications")
    await check("applications")
    applications.query_one("#applications-table", DataTable).focus()
    await pilot.press("enter")  # the first row opens; nothing is decided
    await wait_until(pilot, lambda: isinstance(app.screen, DecisionDialog), "the decision")
    await check("decision")
    await back_to(pilot, ApplicationsScreen)

    verify = await open_task(pilot, "v", CounterVerifyScreen)
    assert isinstance(verify, CounterVerifyScreen)
    await check("verify")
    field = verify.query_one("#seal", Input)
    field.focus()
    field.value = seal  # as a scanner's burst leaves it (typed a key at a time it takes half a minute)
    await pilot.press("enter")
    await wait_until(pilot, lambda: verify.query_one("#verify-revoke").display, "Revoke, for a supervisor")
    await check("verify, a genuine seal")
    await click(pilot, "#verify-revoke")
    await wait_until(pilot, lambda: isinstance(app.screen, RevokeDialog), "the revoke dialog")
    await check("revoke")
    await back_to(pilot, CounterVerifyScreen)  # nothing is revoked

    await open_task(pilot, "p", ReprintScreen)
    await check("reprint")

    day = await open_task(pilot, "c", DayScreen)
    assert isinstance(day, DayScreen)
    await wait_until(pilot, lambda: day.stats is not None, "the day's figures")
    await check("close the day")

    appointments = await open_task(pilot, "m", AppointmentsScreen)
    assert isinstance(appointments, AppointmentsScreen)
    await wait_until(pilot, lambda: appointments.rules is not None, "the branch's time zone")
    await check("appointments")

    await open_task(pilot, "s", ServeScreen)
    await check("serve, no card yet")
    app.set_focus(None)
    await pilot.press("k")  # without a card: a bundle's joint reference is typed
    await wait_until(pilot, lambda: isinstance(app.screen, CashDialog), "the cash dialog")
    await check("cash, no card")
    await back_to(pilot, ServeScreen)

    await back_to(pilot, DeskScreen)
    take_ticket(portal.url, "A")
    await pilot.press("f5")
    await wait_until(pilot, lambda: app.desk is not None and app.desk.serving is not None, "a ticket called")
    await check("desk, serving a ticket")
    await pilot.press("f9")
    await wait_until(pilot, lambda: isinstance(app.screen, TransferDialog), "the transfer dialog")
    await check("transfer")
    await back_to(pilot, DeskScreen)

    serve = await serve_citizen(pilot, CITIZEN)
    await check("serve, a citizen's card read")
    await click(pilot, "#represent-company")
    await wait_until(pilot, lambda: serve.query_one("#serve-company-code").display, "the company's code")
    await check("serve, for a company")
    await click(pilot, "#represent-self")
    app.set_focus(None)
    await pilot.press("k")
    await wait_until(pilot, lambda: isinstance(app.screen, PinDialog), "the citizen's PIN")
    await check("the citizen's PIN")
    await pilot.press(*find_citizen(CITIZEN).pin(PinKind.AUTHENTICATION), "enter")
    await wait_until(pilot, lambda: isinstance(app.screen, CashDialog), "the cash dialog")
    dialog = app.screen
    await wait_until(pilot, lambda: len(dialog.query(ChoiceButton)) >= 2, "the bundles offered")
    await check("cash, the citizen's bundles")
    await back_to(pilot, ServeScreen)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("size", [SMALLEST, README_SIZE], ids=["80x24", "100x30"])
async def test_every_button_of_every_counter_screen_is_within_the_width(
    counter_settings: Settings, shared_portal: RunningPortal, size: tuple[int, int], language: str
) -> None:
    seal, _document_id = await issue_info_sheet(shared_portal.url)
    for _ in range(2):  # at least two bundles to pay: long choices that cannot all sit side by side
        a_bundle(shared_portal, CITIZEN)
    app = QuietCounter(counter_settings)
    app.language = language
    wrong: dict[str, list[str]] = {}
    visited: set[type[Screen[Any]]] = set()
    async with app.run_test(size=size) as pilot:

        async def check(name: str) -> None:
            await pilot.pause(0.3)  # laid out after the screen's last change (an action bar lays out twice)
            screen = app.screen
            assert shown_buttons(screen), f"no button on {name}"
            visited.add(type(screen))
            if found := misplaced(screen, size[0]):
                wrong[name] = found

        await visit_every_screen(pilot, shared_portal, seal, check)
    assert not wrong, "\n".join(f"{name}: {problem}" for name, found in wrong.items() for problem in found)
    assert counter_screens() <= visited, f"never visited: {counter_screens() - visited}"
