"""The counter's tasks under Pilot against the reference portal under uvicorn: the applications desk (filter,
open, reject without and with a reason, approve), verify (a scanner's burst while the focus is elsewhere; the
revoke button only for a supervisor, and the seal then reads revoked), reprint and the day's close."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import DataTable

from kiosk.config import Settings
from screens.counter.applications import ApplicationsScreen
from screens.counter.day import DayScreen
from screens.counter.decision import DecisionDialog
from screens.counter.desk import DeskScreen
from screens.counter.reprint import ReprintScreen
from screens.counter.revoke import RevokeDialog
from screens.counter.scanner_input import ScannerInput
from screens.counter.verify import CounterVerifyScreen
from tests.counter.fixtures import (
    counter_settings,
    issue_info_sheet,
    report_from_the_kiosk,
    shared_portal,
    take_ticket,
)
from tests.counter.pilot import SUPERVISOR, QuietCounter, said, sign_in, type_into
from tests.helpers import click, wait_until


async def open_task(pilot: Pilot[Any], key: str, screen: type) -> None:
    pilot.app.set_focus(None)
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, screen), screen.__name__)


async def open_applications(pilot: Pilot[Any]) -> ApplicationsScreen:
    """A, from the desk, and the list once the portal answered."""
    await open_task(pilot, "a", ApplicationsScreen)
    screen = pilot.app.screen
    assert isinstance(screen, ApplicationsScreen)
    await wait_until(pilot, lambda: not screen.busy, "the list")
    return screen


async def test_applications_desk(counter_settings: Settings) -> None:
    url = counter_settings.portal.url
    first = await report_from_the_kiosk(url, "Rua Direita 10, Lisboa")
    second = await report_from_the_kiosk(url, "Avenida da Liberdade 5")
    app = QuietCounter(counter_settings)
    app.language = "en"
    async with app.run_test(size=(120, 36)) as pilot:
        await sign_in(pilot)
        screen = await open_applications(pilot)
        assert {first, second} <= {item.reference for item in screen.items}

        await type_into(pilot, "#applications-service-code", "info-sheet")
        await wait_until(pilot, lambda: not screen.busy and not screen.items, "an empty filtered list")
        await type_into(pilot, "#applications-service-code", "")
        await wait_until(pilot, lambda: not screen.busy and len(screen.items) >= 2, "the list again")

        table = screen.query_one("#applications-table", DataTable)
        table.focus()
        table.move_cursor(row=table.get_row_index(first))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, DecisionDialog), "the decision")
        await click(pilot, "#decide-rejected")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, DecisionDialog) and app.screen.problem is not None,
            "the reason asked for",
        )
        assert "needs the reason" in said(app, "#decide-problem")
        await type_into(pilot, "#decide-note", "Not in this municipality", enter=False)
        await click(pilot, "#decide-rejected")
        await wait_until(pilot, lambda: isinstance(app.screen, ApplicationsScreen), "back to the list")
        await wait_until(
            pilot, lambda: not screen.busy and first not in {i.reference for i in screen.items}, "gone"
        )
        assert f"Application {first}: rejected." in said(app, "#applications-count")

        await click(pilot, "#filter-rejected")
        await wait_until(pilot, lambda: not screen.busy and screen.filter.status == "rejected", "rejected ones")
        assert first in {item.reference for item in screen.items}
        assert "● Rejected" in str(screen.query_one("#filter-rejected").render())


@pytest.mark.parametrize("supervisor", [False, True], ids=["clerk", "supervisor"])
async def test_verify_and_revoke(counter_settings: Settings, supervisor: bool) -> None:
    seal, _document_id = await issue_info_sheet(counter_settings.portal.url)
    app = QuietCounter(counter_settings)
    app.language = "en"
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot, SUPERVISOR) if supervisor else await sign_in(pilot)
        await open_task(pilot, "v", CounterVerifyScreen)
        screen = app.screen
        assert isinstance(screen, CounterVerifyScreen)
        screen.query_one("#verify-clear").focus()  # a scanner types wherever the focus is
        await pilot.press(*seal, "enter")
        await wait_until(pilot, lambda: screen.check is not None, "the verdict")
        assert "GENUINE" in said(app, "#verify-verdict").upper()
        revoke = screen.query_one("#verify-revoke")
        if not supervisor:
            assert not revoke.display
            assert "Only a supervisor can revoke" in said(app, "#verify-revoke-note")
            return
        assert revoke.display
        await click(pilot, "#verify-revoke")
        await wait_until(pilot, lambda: isinstance(app.screen, RevokeDialog), "the revoke dialog")
        await type_into(pilot, "#revoke-reason", "x")
        assert "at least 3" in said(app, "#revoke-problem")
        await type_into(pilot, "#revoke-reason", "Issued to the wrong person")
        await wait_until(pilot, lambda: isinstance(app.screen, CounterVerifyScreen), "back to verify")
        await wait_until(
            pilot, lambda: screen.check is not None and screen.check.online == "revoked", "revoked"
        )
        assert "Revoked" in said(app, "#verify-revoke-note")
        assert not screen.query_one("#verify-revoke").display


async def test_a_scanner_set_up_without_enter_is_checked_when_its_burst_stops(
    counter_settings: Settings,
) -> None:
    seal, _document_id = await issue_info_sheet(counter_settings.portal.url)
    app = QuietCounter(counter_settings)
    app.language = "en"
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot)
        await open_task(pilot, "v", CounterVerifyScreen)
        screen = app.screen
        assert isinstance(screen, CounterVerifyScreen)
        seal_field = screen.query_one("#seal", ScannerInput)
        for character in seal:  # the whole seal as a scanner sends it: one fast burst, and no Enter after it
            seal_field.post_message(events.Key(_character_to_key(character), character))
        await wait_until(pilot, lambda: screen.check is not None, "the check after the burst")
        assert "GENUINE" in said(app, "#verify-verdict").upper()
        assert seal_field.last_scanned
        verdict = screen.check
        seal_field.value = ""
        await pilot.press("A", "B")  # a person's two keys are not a scan: nothing is checked by itself
        await pilot.pause(0.6)
        assert seal_field.value == "AB"
        assert screen.check is verdict  # no new check was started


async def test_reprint_and_close_the_day(counter_settings: Settings, spool_dir: Path) -> None:
    app = QuietCounter(counter_settings)
    app.language = "en"
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot)
        await asyncio.to_thread(app.core.printer.submit, "receipt", "2026-TEST-0001", "receipt", b"%PDF-1.4\n")
        await open_task(pilot, "p", ReprintScreen)
        screen = app.screen
        assert isinstance(screen, ReprintScreen)
        await type_into(pilot, "#reprint-reference", "test-0001")
        await wait_until(pilot, lambda: screen.said is not None, "the reprint")
        assert "Printed again: 1 document(s) for 2026-TEST-0001" in said(app, "#reprint-said")

        take_ticket(counter_settings.portal.url, "C")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, DeskScreen), "the desk")
        await pilot.press("f5")
        await wait_until(pilot, lambda: app.desk is not None and app.desk.serving is not None, "called")
        await pilot.press("f10")
        await wait_until(pilot, lambda: app.desk is not None and app.desk.serving is None, "done")
        await open_task(pilot, "c", DayScreen)
        day = app.screen
        assert isinstance(day, DayScreen)
        await wait_until(pilot, lambda: day.stats is not None, "the day's figures")
        summary = said(app, "#day-summary")
        assert "· 1 ticket\n" in summary  # one, not "1 tickets" (QA L10)
        assert "Fees: €0.00" in summary  # an English screen shows English money, the € never on a line alone
        assert said(app, "#day-fees-heading") == "Fees by payment method: none today."
        assert not day.query_one("#day-fees").display  # no table of heads with nothing under them
        assert day.query_one("#day-categories").display
        assert "C Certificates" in said(app, "#day-chart")
        await pilot.press("r")
        await wait_until(pilot, lambda: day.said is not None, "the report printed")
        assert any("DAY-" in path.name for path in spool_dir.iterdir())


__all__ = ["counter_settings", "shared_portal"]  # fixtures, used by name
