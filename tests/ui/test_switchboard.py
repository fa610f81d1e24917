"""One error switchboard: a failed worker anywhere reaches the person in plain words and the operator's log as
a line without the error's text (which may carry what the person typed), and never as a traceback."""

from __future__ import annotations

import logging

import pytest
from textual import work

from kiosk.card.errors import PinBlocked
from kiosk.config import Settings
from kiosk.i18n import text
from screens.app import KioskApp
from screens.base import KioskScreen
from tests.helpers import wait_until

SECRET = "NIF 123456789 of Maria"


class FailingScreen(KioskScreen[None]):
    def __init__(self, error: Exception) -> None:
        super().__init__()
        self.error = error

    def on_mount(self) -> None:
        super().on_mount()
        self.fail()

    @work(exit_on_error=False)
    async def fail(self) -> None:
        raise self.error


class StillKiosk(KioskApp):
    def start_services(self) -> None:
        return None


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (RuntimeError(SECRET), lambda language: text(language, "app.error")),
        (PinBlocked(), lambda language: PinBlocked().user_message(language)),
    ],
)
async def test_a_failed_screen_worker_is_said_plainly_and_logged_without_its_text(
    demo_settings: Settings, caplog: pytest.LogCaptureFixture, error: Exception, expected: object
) -> None:
    app = StillKiosk(demo_settings)
    caplog.set_level(logging.INFO)
    async with app.run_test(size=(80, 24)) as pilot:
        app.language = "en"
        await app.push_screen(FailingScreen(error))
        await wait_until(pilot, lambda: bool(app._notifications), "the message to the person")
        [notification] = list(app._notifications)
        assert notification.message == expected("en")  # type: ignore[operator]
        assert "Traceback" not in notification.message
        assert app.is_running  # the kiosk carries on
    assert type(error).__name__ in caplog.text
    assert SECRET not in caplog.text
