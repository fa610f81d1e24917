"""Shared by the entry screens' tests: a kiosk without background services, and what a person can see."""

from __future__ import annotations

import dataclasses
import json
import socket
from typing import Any

from cryptography.hazmat.primitives.asymmetric import ec
from textual.app import App
from textual.widget import Widget
from textual.widgets import Static

from kiosk.config import Settings
from kiosk.seal import SealedDocument, public_jwk
from kiosk.verify import trust_list_cache
from screens.app import KioskApp
from screens.widgets.buttons import KioskButton


class StillKiosk(KioskApp):
    """The real kiosk app without its reader, portal and printer watch: tests push screens by hand."""

    def start_services(self) -> None:
        return None

    def on_mount(self) -> None:
        # Tests push their screen at once, before the first paint's follow-up reads every other screen's styles:
        # read them now (KioskApp.on_mount runs too), so a test sees a screen styled as a person would.
        self.load_later_stylesheets()

    def watch_idle(self) -> None:
        return None  # no idle warning popping up over the screen under test


def shown(app: App[Any], selector: str) -> str:
    """The text of a Static on the current screen, as rendered."""
    return str(app.screen.query_one(selector, Static).render())


def screen_text(app: App[Any], *, buttons: bool = True) -> str:
    """Every visible Static's text on the current screen (buttons' labels too, unless told not)."""
    return "\n".join(
        str(widget.render())
        for widget in app.screen.query(Static)
        if widget.display and (buttons or not isinstance(widget, KioskButton))
    )


def in_view(app: App[Any], selector: str) -> bool:
    """True when the widget can be seen and touched: what lies under its centre is it or its child."""
    widget = app.screen.query_one(selector, Widget)
    region = widget.region
    if not widget.display or region.area == 0:
        return False
    width, height = app.size
    x, y = (int(value) for value in region.center)
    if not (0 <= x < width and 0 <= y < height):
        return False
    under, _ = app.screen.get_widget_at(x, y)
    return under is widget or widget in under.ancestors


def offline(settings: Settings) -> Settings:
    """The settings with the portal on a port where nothing listens (other portals may run on this machine)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return dataclasses.replace(settings, portal=dataclasses.replace(settings.portal, embedded_port=port))


DOCUMENT = SealedDocument(
    issuer="PT-AMA",
    issued_at=1_790_000_000,
    expires_at=2_100_000_000,
    doc_type="residence-certificate",
    doc_id="CRT-2026-000042",
    holder="Ana [Teste] Sousa",  # brackets: shown as text, never read as markup
    fields={"Morada": "Rua Direita 1, 1000-001 Lisboa"},
)


def save_trust_list(settings: Settings, *keys: ec.EllipticCurvePrivateKey) -> None:
    """The trust list as a terminal keeps it after its last contact with the portal."""
    cache = trust_list_cache(settings)
    cache.parent.mkdir(parents=True, exist_ok=True)
    trust = {"keys": [public_jwk(key.public_key(), 0, 2**40) for key in keys]}
    cache.write_text(json.dumps(trust), encoding="utf-8")
