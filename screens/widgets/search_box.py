"""A search field that searches while the person types: every key posts the new query, no Enter needed."""

from __future__ import annotations

from rich.cells import cell_len
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Input, Label

from kiosk.i18n import text
from screens.widgets.buttons import KioskButton

PLACEHOLDERS = ("placeholder", "placeholder_short", "label")
"""Hints for the empty field, longest first; the last is the label's one word."""


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

    language: str | None = None  # set by translate(), which every screen calls before the box is shown

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
        self.language = language
        self.query_one("#search-label", Label).update(text(language, "browse.search.label"))
        self.query_one("#search-clear", KioskButton).label = text(language, "browse.search.clear")
        self.fit_placeholder()

    def on_resize(self) -> None:
        self.call_after_refresh(self.fit_placeholder)  # the field's own width is known after this layout

    def fit_placeholder(self) -> None:
        """The longest hint that fits the field: a hint cut mid-sentence ("Escreva o que") says nothing."""
        if self.language is None:
            return
        field = self.query_one("#search-input", Input)
        hints = [text(self.language, f"browse.search.{key}") for key in PLACEHOLDERS]
        width = field.content_region.width
        field.placeholder = next((hint for hint in hints if cell_len(hint) <= width), hints[-1])

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
