"""The queue strip on the service pages a clerk fills in while serving (under Pilot, against the reference
portal under uvicorn): the desk, the ticket being served and who waits, on its own top row at 80x24 and 120x40
in both languages; recall (F6) and done (F10) work there, by key even while typing in a field, and by click.
The counter's own screens keep the full panel; the sign-in and the lock show no queue at all."""

from __future__ import annotations

import pytest

from kiosk.config import Settings
from screens.base import TitleBar
from screens.citizen.home import HomeScreen
from screens.counter.lock import LockScreen
from screens.counter.messages import LockDesk
from screens.counter.queue_panel import QueuePanel
from screens.counter.queue_strip import QueueStrip
from tests.counter.fixtures import counter_settings, shared_portal, take_ticket
from tests.counter.pilot import QuietCounter, portal_up, serve_citizen, sign_in, with_pin
from tests.helpers import click, wait_until
from tests.portal.conftest import RunningPortal

__all__ = ["counter_settings", "shared_portal"]  # fixtures, used by name

WORDS = {
    "en": {"serving": "Serving {number}", "nobody": "Nobody at the desk", "recalled": "called again"},
    "pt": {"serving": "A atender {number}", "nobody": "Ninguém no balcão", "recalled": "chamada de novo"},
}


def serving(app: QuietCounter) -> str | None:
    """The number of the ticket at the desk, as the app's desk state has it."""
    desk = app.desk
    return desk.serving.number if desk is not None and desk.serving is not None else None


def strip_line(app: QuietCounter) -> str:
    return str(app.screen.query_one(QueueStrip).query_one("#strip-line").render())


@pytest.mark.parametrize(("size", "language"), [((80, 24), "pt"), ((120, 40), "en")])
async def test_the_queue_stays_in_sight_while_serving(
    counter_settings: Settings, shared_portal: RunningPortal, size: tuple[int, int], language: str
) -> None:
    words = WORDS[language]
    take_ticket(shared_portal.url, "A")
    take_ticket(shared_portal.url, "A")
    app = QuietCounter(counter_settings)
    app.language = language
    async with app.run_test(size=size) as pilot:
        await portal_up(pilot)
        assert not app.screen.query(QueueStrip), "no queue before sign-in"
        await sign_in(pilot)
        assert app.screen.query(QueuePanel), "the desk has its full panel"
        assert not app.screen.query(QueueStrip)
        app.set_focus(None)
        await pilot.press("f5")
        await wait_until(pilot, lambda: serving(app) is not None, "a ticket called")
        number = serving(app)

        await serve_citizen(pilot, "maria")
        await with_pin(pilot, "s", "maria")  # the citizen's services, with the ticket still at the desk
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen), "the service pages")
        home = app.screen
        await pilot.pause()

        strip = home.query_one(QueueStrip)
        assert (strip.region.y, strip.region.height, strip.region.width) == (0, 1, size[0])
        assert home.query_one(TitleBar).region.y == 1, "the page's own title sits below the strip"
        line = strip_line(app)
        assert words["serving"].format(number=number) in line
        assert "A 1" in line, "one more A ticket waits"
        for key in ("#strip-recall", "#strip-done"):
            shown = strip.query_one(key)
            assert shown.region.right <= size[0], f"{key} is on screen"
            assert shown.region.y == 0

        focused = app.focused
        assert focused is not None, "the search field has the focus: F6 must still reach the queue"
        await pilot.press("f6")
        await wait_until(pilot, lambda: words["recalled"] in strip_line(app), "the recall said in the strip")
        assert app.focused is focused, "the page keeps its focus"

        await click(pilot, "#strip-done")
        await wait_until(pilot, lambda: serving(app) is None, "done by click")
        await wait_until(pilot, lambda: words["nobody"] in strip_line(app), "nobody at the desk")
        assert isinstance(app.screen, HomeScreen), "the citizen's service goes on"

        await pilot.press("f5")  # the next one, from the service page
        await wait_until(pilot, lambda: serving(app) is not None, "the next")
        await pilot.press("f10")
        await wait_until(pilot, lambda: serving(app) is None, "done by key")

        app.post_message(LockDesk())  # as the idle timer does
        await wait_until(pilot, lambda: isinstance(app.screen, LockScreen), "the lock")
        assert not app.screen.query(QueueStrip), "nothing of the queue behind the lock"
        assert not app.screen.query(QueuePanel)
