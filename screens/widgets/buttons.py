"""The kiosk's large, plain button."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from kiosk.i18n import text


class KioskButton(Static, can_focus=True):
    """A large, plain button: pressed by touch, mouse, Enter or Space.

    Textual's Button carries styles for variants and states a kiosk does not use, and they cost a third of
    the first paint. Styled in common.tcss; focus shows as a heavy border and underlined text, not colour alone.
    """

    BINDINGS = [Binding("enter,space", "press", "Press", show=False)]

    class Pressed(Message):
        def __init__(self, button: KioskButton) -> None:
            super().__init__()
            self.button = button

        @property
        def control(self) -> KioskButton:
            return self.button

    def __init__(self, label: str = "", *, id: str | None = None, variant: str = "default") -> None:  # noqa: A002
        super().__init__(label, id=id, classes=f"-{variant}")
        self._label = label

    @property
    def label(self) -> str:
        return self._label

    @label.setter
    def label(self, text: str) -> None:
        self._label = text
        self.update(text)

    def on_click(self) -> None:
        self.action_press()

    def action_press(self) -> None:
        self.post_message(self.Pressed(self))


class LanguageButton(KioskButton):
    """Switches between Portuguese and English on any screen, keeping what the person typed.

    It owns its label (the other language's name, which follows the app's language) and its action, so a
    screen only places it. Key F2 does the same from anywhere, even inside a text field (see screens/app.py).
    """

    def __init__(self, *, id: str = "language") -> None:  # noqa: A002
        super().__init__(id=id)

    def on_mount(self) -> None:
        self.watch(self.app, "language", self._relabel, init=True)

    def _relabel(self, language: str) -> None:
        self.label = text(language, "app.switch_language")

    def action_press(self) -> None:
        self.app.action_switch_language()  # type: ignore[attr-defined]
