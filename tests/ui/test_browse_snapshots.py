"""Pictures of the screens that find a service, in both languages at 80x24 and 120x40, against the real portal.

Deterministic: a fixed person, fixed applications, no background workers but the catalog read, no blinking
cursor. Regenerate with --snapshot-update after a deliberate change, and look at the SVGs before committing.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from kiosk.config import Settings
from kiosk.session import CitizenSession
from screens.citizen.home import HomeScreen
from screens.citizen.my_applications import MyApplicationsScreen
from screens.citizen.service_start import ServiceStartScreen
from tests.helpers import click, wait_until
from tests.ui.test_browse_screens import ALL_SERVICES, browse_app, listed, portal, sample_applications

__all__ = ["portal"]  # the fixture, shared with the scenarios

SIZES = [(80, 24), (120, 40)]


async def still(pilot: Pilot[int]) -> None:
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()
    await pilot.wait_for_scheduled_animations()
    await pilot.pause(0.3)  # buttons mounted last get their places on the next layout


@pytest.mark.parametrize("language", ["pt", "en"])
@pytest.mark.parametrize("size", SIZES)
def test_home(
    snap_compare: Any, demo_settings: Settings, portal: tuple[str, str], language: str, size: Any
) -> None:
    app = browse_app(demo_settings, portal, language)
    app.session = CitizenSession(holder_name="Maria Exemplo")

    async def run_before(pilot: Pilot[int]) -> None:
        await wait_until(pilot, lambda: app.core.portal is not None, "the portal client")
        await app.push_screen(HomeScreen())
        await wait_until(pilot, lambda: len(listed(app)) == ALL_SERVICES, "the catalog")
        await click(pilot, "#topic-having-a-baby")
        await wait_until(pilot, lambda: len(listed(app)) < ALL_SERVICES, "the life event's services")
        await still(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("language", ["pt", "en"])
@pytest.mark.parametrize("size", SIZES)
def test_home_search(
    snap_compare: Any, demo_settings: Settings, portal: tuple[str, str], language: str, size: Any
) -> None:
    app = browse_app(demo_settings, portal, language)

    async def run_before(pilot: Pilot[int]) -> None:
        await wait_until(pilot, lambda: app.core.portal is not None, "the portal client")
        await app.push_screen(HomeScreen())
        await wait_until(pilot, lambda: len(listed(app)) == ALL_SERVICES, "the catalog")
        await pilot.press(*"certidao")
        await wait_until(pilot, lambda: "BIRTH-CERT" in listed(app), "the results")
        await still(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("language", ["pt", "en"])
@pytest.mark.parametrize("size", SIZES)
def test_service_start(
    snap_compare: Any, demo_settings: Settings, portal: tuple[str, str], language: str, size: Any
) -> None:
    app = browse_app(demo_settings, portal, language)

    async def run_before(pilot: Pilot[int]) -> None:
        await wait_until(pilot, lambda: app.core.portal is not None, "the portal client")
        service = await app.core.service("CRIMINAL-RECORD", language)
        await app.push_screen(ServiceStartScreen(service))
        await still(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("language", ["pt", "en"])
@pytest.mark.parametrize("size", SIZES)
def test_my_applications(
    snap_compare: Any, demo_settings: Settings, portal: tuple[str, str], language: str, size: Any
) -> None:
    app = browse_app(demo_settings, portal, language)

    async def run_before(pilot: Pilot[int]) -> None:
        await wait_until(pilot, lambda: app.core.portal is not None, "the portal client")
        screen = MyApplicationsScreen(sample_applications())
        await app.push_screen(screen)
        await wait_until(pilot, lambda: screen.names_language == language, "the services' names")
        await still(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
