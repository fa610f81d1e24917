"""The counter's Applications screen with the demo's own data, under Pilot against the reference portal under
uvicorn (started with --demo, as `kiosk demo` starts it).

QA H1: the screen once kept its own "loading" flag in Textual's ``Widget.loading`` reactive, which covers the
whole screen with a loading indicator and takes it off again: the rows stayed blank until a resize repainted
them, and a screenshot of it held nothing. And the demo had no application waiting for a clerk, so approve and
reject could not be tried: portal/demo_applications.py seeds three, which a clerk decides here by keys.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import DataTable, LoadingIndicator

from kiosk.config import Settings
from portal.db import create_engine, session_factory
from portal.demo_applications import DEMO_APPLICATIONS, ensure_demo_applications
from screens.counter.applications import ApplicationsScreen
from screens.counter.decision import DecisionDialog
from tests.counter.fixtures import counter_settings, shared_portal
from tests.counter.pilot import QuietCounter, said, sign_in
from tests.helpers import wait_until
from tests.portal.conftest import RunningPortal
from tests.ui.test_counter_tasks import open_applications

DEMO_REFERENCES = [item.reference for item in DEMO_APPLICATIONS]


async def decide_by_keys(pilot: Pilot[Any], screen: ApplicationsScreen, reference: str, *keys: str) -> None:
    """Open the row of ``reference`` (arrow keys and Enter), then in the dialog type these keys."""
    table = screen.query_one("#applications-table", DataTable)
    table.focus()
    await pilot.pause()
    for _ in range(table.get_row_index(reference) - table.cursor_row):
        await pilot.press("down")
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, DecisionDialog), "the decision")
    await pilot.press(*keys)
    await wait_until(pilot, lambda: pilot.app.screen is screen, "back to the list")
    await wait_until(pilot, lambda: not screen.busy and reference not in refs(screen), "decided")


def refs(screen: ApplicationsScreen) -> list[str]:
    return [item.reference for item in screen.items]


async def test_the_demo_list_paints_at_once_and_a_clerk_approves_and_rejects(
    counter_settings: Settings, shared_portal: RunningPortal, tmp_path: Path
) -> None:
    app = QuietCounter(counter_settings)
    app.language = "en"
    async with app.run_test(size=(120, 40)) as pilot:
        await sign_in(pilot)
        screen = await open_applications(pilot)
        await pilot.pause()
        assert refs(screen)[:3] == DEMO_REFERENCES  # waiting for a clerk, oldest first
        assert not screen.loading  # Textual's own flag: never set, so no indicator covers the screen
        assert not screen.query(LoadingIndicator)
        shot = app.save_screenshot(filename="applications.svg", path=str(tmp_path))
        picture = Path(shot).read_text(encoding="utf-8")
        assert "Applications" in picture
        assert "Report&#160;a&#160;problem" in picture  # the rows, painted without a resize

        await decide_by_keys(pilot, screen, "DEMO-0002", "tab", "enter")  # Approve, the first button
        assert "Application DEMO-0002: approved." in said(app, "#applications-count")
        await decide_by_keys(pilot, screen, "DEMO-0001", *"Already repaired", "tab", "tab", "enter")  # Reject
        assert "Application DEMO-0001: rejected." in said(app, "#applications-count")
        assert refs(screen)[0] == "DEMO-0003"

    # A demo started again on the same database adds none: the decisions stand.
    engine = create_engine(shared_portal.database_url)
    try:
        async with session_factory(engine)() as session, session.begin():
            assert await ensure_demo_applications(session) == 0
    finally:
        await engine.dispose()


__all__ = ["counter_settings", "shared_portal"]  # fixtures, used by name
