"""A search field that searches while the person types: every key posts the new query, no Enter needed."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from kiosk.i18n import text
from screens.widgets.buttons import KioskButton


class SearchBox(Horizontal):
    """A label, the field and a Clear button; posts :class:`SearchBox.Changed` at every change.

    Its texts follow ``translate(language)``; what was typed stays as it is when the language changes.
    Escape in the field clears it, as does the Clear button (for touch); in an empty field, Escape is the
    screen's.
    """

    BINDINGS = [Binding("escape", "clear", "Clear", show=False)]

    class Changed(Message):
        """The query changed (typed, deleted or cleared)."""

        def __init__(self, box: SearchBox, query: str) -> None:
            super().__init__()
            self.box = box
            self.query = query

        @property
        def control(self) -> SearchBox:
            return self.box

    def compose(self) -> ComposeResult:
        yield Label(id="search-label")
        yield Input(id="search-input")
        yield KioskButton(id="search-clear")

    @property
    def value(self) -> str:
        return self.query_one("#search-input", Input).value

    @value.setter
    def value(self, query: str) -> None:
        self.query_one("#search-input", Input).value = query

    def translate(self, language: str) -> None:
        """Put the label, the hint in the empty field and the button in the language; keep what was typed."""
        self.query_one("#search-label", Label).update(text(language, "browse.search.label"))
        self.query_one("#search-input", Input).placeholder = text(language, "browse.search.placeholder")
        self.query_one("#search-clear", KioskButton).label = text(language, "browse.search.clear")

    def focus_field(self) -> None:
        self.query_one("#search-input", Input).focus()

    @on(Input.Changed, "#search-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self.post_message(self.Changed(self, event.value))

    class Submitted(Message):
        """Enter in the field: the person wants the results (which already follow each key)."""

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.post_message(self.Submitted())

    @on(KioskButton.Pressed, "#search-clear")
    def _clear_pressed(self, event: KioskButton.Pressed) -> None:
        event.stop()
        self.action_clear()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # An empty box leaves Escape to the screen (home: Finish), so the key named there works from the box.
        return action != "clear" or bool(self.value)

    def action_clear(self) -> None:
        self.value = ""
        self.focus_field()
