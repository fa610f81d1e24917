"""The reader watch listens to the reader kiosk.toml names, not every PC/SC reader (kiosk and counter alike).

Through the real parts: the card emulator behind vpcd's two readers in the real pcscd. A card put in the other
reader once signed the counter's clerk in (or opened a kiosk session), and its removal ended the session of
the card in the named reader. Run under flock /tmp/realparts.lock (pcscd)."""

from __future__ import annotations

import dataclasses
import threading
import time

import pytest

from kiosk.card.events import ReaderEvent
from kiosk.config import Settings
from kiosk.config_schema import Mode
from kiosk.services.cards import CardService
from tests.card.conftest import READER_0, READER_1, VirtualCards, pcscd, virtual_cards

__all__ = ["pcscd", "virtual_cards"]  # fixtures, used by name


def with_reader(settings: Settings, reader: str, mode: Mode) -> Settings:
    return dataclasses.replace(
        settings,
        kiosk=dataclasses.replace(settings.kiosk, mode=mode),
        card=dataclasses.replace(settings.card, reader=reader),
    )


class Heard:
    def __init__(self) -> None:
        self.events: list[ReaderEvent] = []
        self.changed = threading.Condition()

    def __call__(self, event: ReaderEvent) -> None:
        with self.changed:
            self.events.append(event)
            self.changed.notify_all()

    def cards(self, kind: str) -> list[str]:
        return [event.reader for event in self.events if event.kind == kind]

    def wait_for(self, kind: str, reader: str, timeout: float = 10.0) -> None:
        with self.changed:
            if not self.changed.wait_for(lambda: reader in self.cards(kind), timeout):
                raise AssertionError(f"no {kind} from {reader} in {timeout} s: {self.events}")


@pytest.mark.parametrize("mode", ["counter", "kiosk"])
def test_only_the_named_reader_is_watched(
    demo_settings: Settings, virtual_cards: VirtualCards, mode: Mode
) -> None:
    cards = CardService(with_reader(demo_settings, READER_1, mode))
    heard = Heard()
    cards.start_reader(heard)
    try:
        virtual_cards.insert(READER_0, "pt-cc1", "maria")  # the other reader first
        virtual_cards.insert(READER_1, "pt-cc1", "ines")
        heard.wait_for("inserted", READER_1)
        virtual_cards.remove(READER_0)
        virtual_cards.remove(READER_1)
        heard.wait_for("removed", READER_1)
        time.sleep(0.5)  # anything still on its way from the other reader would have come by now
    finally:
        cards.stop()
    assert READER_0 not in {event.reader for event in heard.events}, heard.events
    assert heard.cards("inserted") == [READER_1]
    assert heard.cards("removed") == [READER_1]


def test_auto_watches_every_reader(demo_settings: Settings, virtual_cards: VirtualCards) -> None:
    cards = CardService(with_reader(demo_settings, "auto", "kiosk"))
    heard = Heard()
    cards.start_reader(heard)
    try:
        virtual_cards.insert(READER_0, "pt-cc1", "maria")
        heard.wait_for("inserted", READER_0)
    finally:
        cards.stop()
        virtual_cards.remove_all()
