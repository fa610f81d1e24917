"""What every kiosk screen shares: its texts follow the app's language, live."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen
from textual.widgets import Static

from kiosk.i18n import text

if TYPE_CHECKING:
    from kiosk.app import KioskApp


class TitleBar(Static):
    """The app's title across the top, in the current language (lighter than Header: no clock, no icon)."""

    def on_mount(self) -> None:
        self.watch(self.app, "title", lambda title: self.update(title), init=True)


class KioskScreen(Screen[None]):
    """A screen whose ``translate`` runs on mount and again whenever the person switches language."""

    @property
    def kiosk(self) -> KioskApp:
        return cast("KioskApp", self.app)

    def t(self, key: str, **values: object) -> str:
        return text(self.kiosk.language, key, **values)

    def on_mount(self) -> None:
        self.watch(self.kiosk, "language", lambda _language: self.translate(), init=True)

    def translate(self) -> None:
        """Put every visible text in the current language."""
