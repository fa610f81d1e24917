"""The suite's click (tests/helpers.py) reaches a widget shown a moment ago, where Pilot.click aims at the
region the widget had before the next layout: none, so the click lands elsewhere. A card test in CI clicked the
Back button that appears with a card error this way and waited in vain for the screen Back opens."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.widgets import Button, Static

from tests.helpers import click


class BackAppears(App[None]):
    """A page whose Back button is hidden until something goes wrong, like the card-reading screen's."""

    def __init__(self) -> None:
        super().__init__()
        self.pressed = 0

    def compose(self) -> ComposeResult:
        yield Static("Reading your card", id="message")
        yield Button("Back", id="back")

    def on_mount(self) -> None:
        self.query_one("#back").display = False

    def on_button_pressed(self) -> None:
        self.pressed += 1

    def go_wrong(self) -> None:
        self.query_one("#message", Static).update("The card was removed")
        self.query_one("#back").display = True


async def test_pilot_click_misses_a_button_shown_a_moment_ago() -> None:
    """What the helper is for: without it, the click lands on another widget and nothing is pressed."""
    app = BackAppears()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        app.go_wrong()
        landed = await pilot.click("#back")
        await pilot.pause()
    assert not landed
    assert app.pressed == 0


async def test_the_suite_s_click_presses_it() -> None:
    app = BackAppears()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        app.go_wrong()
        await click(pilot, "#back")
        await pilot.pause()
    assert app.pressed == 1
