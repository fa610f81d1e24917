"""QA M1: a notice (toast) never covers a person's buttons. At 80x24 Textual's corner put "PIN errado…" over the
PIN dialog's Cancel, the address-code notice over home's Finish and language, "a clerk is coming" over the
attract screen's toggles, for ten seconds; the kiosk keeps them in its title row, left of "call a clerk"."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Button
from textual.widgets._toast import Toast

from kiosk.card.identity import PinKind
from kiosk.card.pins import PinTries
from kiosk.config import Settings
from kiosk.session import CitizenSession
from screens.app_services import later_stylesheets
from screens.citizen.home import HomeScreen
from screens.dialogs.pin import PinDialog
from screens.widgets.buttons import KioskButton
from tests.helpers import wait_until
from tests.ui.entry_helpers import StillKiosk

LONG = (
    "Não tem nenhuma alteração de morada à espera de confirmação. Se recebeu uma carta, peça ajuda no balcão."
)


async def attract(app: StillKiosk, pilot: Pilot[Any]) -> None:
    await pilot.pause()


async def pin_dialog(app: StillKiosk, pilot: Pilot[Any]) -> None:
    await app.push_screen(PinDialog(PinTries(PinKind.AUTHENTICATION, 2, "where.pt"), False))


async def home(app: StillKiosk, pilot: Pilot[Any]) -> None:
    app.session = CitizenSession(holder_name="Maria Exemplo")
    await app.push_screen(HomeScreen())


Opening = Callable[[StillKiosk, Pilot[Any]], Awaitable[None]]


def styled(app: StillKiosk) -> bool:
    read = {str(location[0]) for location in app.stylesheet.source}
    return all(str(path) in read for path in later_stylesheets())


def controls(app: StillKiosk) -> list[Widget]:
    """What a person presses or types into on the screen in front of them."""
    return [widget for widget in app.screen.query("KioskButton, Button, Input") if widget.display]


@pytest.mark.parametrize("opening", [attract, pin_dialog, home], ids=["attract", "pin", "home"])
@pytest.mark.parametrize(("size", "large_text"), [((80, 24), False), ((80, 24), True), ((120, 40), False)])
async def test_a_notice_covers_no_button(
    demo_settings: Settings, opening: Opening, size: tuple[int, int], large_text: bool
) -> None:
    app = StillKiosk(demo_settings)
    app.language = "pt"
    async with app.run_test(size=size, notifications=True) as pilot:
        await wait_until(pilot, lambda: styled(app), "every screen's styles (read after the first paint)")
        app.large_text = large_text
        await opening(app, pilot)
        await wait_until(
            pilot, lambda: all(widget.region.height > 0 for widget in controls(app)), "the screen laid out"
        )
        app.notify("PIN errado. Restam 2 tentativas.", severity="error", timeout=60)
        app.notify(LONG, timeout=60)  # the newest takes the older one's place: the title row holds one
        await wait_until(pilot, lambda: len(app.screen.query(Toast)) == 1, "the newest notice alone")
        await pilot.pause()
        toasts = [toast.region for toast in app.screen.query(Toast)]
        assert all(region.width >= 30 for region in toasts)  # a readable width, not squeezed
        pressable = controls(app)
        assert any(isinstance(widget, KioskButton | Button) for widget in pressable)
        for widget in pressable:
            for region in toasts:
                assert not region.overlaps(widget.region), f"a notice covers {widget!r}"
