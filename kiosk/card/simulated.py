"""A reader that exists only in this process, holding emulated cards: `kiosk demo` and tests.

It behaves like a PC/SC reader seen through :class:`~kiosk.card.monitor.PcscMonitor`: watchers
hear insertions and removals, transports to a removed card raise CardRemoved.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from kiosk.card.emulator.card import EmulatedCard, Faults
from kiosk.card.emulator.citizens import find_citizen
from kiosk.card.errors import NoCard
from kiosk.card.events import ReaderEvent, ReaderEventKind
from kiosk.card.transport import InProcessTransport, Transport

log = logging.getLogger(__name__)


class SimulatedReader:
    def __init__(self, name: str = "Simulated reader") -> None:
        self.name = name
        self._card: EmulatedCard | None = None
        self._watchers: list[Callable[[ReaderEvent], None]] = []
        self._lock = threading.RLock()

    def watch(self, on_event: Callable[[ReaderEvent], None]) -> None:
        """Call ``on_event`` for every later event, on the thread that causes it.

        The watcher first hears the current state (reader present, and the card if one is
        in), so one that starts late misses nothing. Textual apps should hand events to
        their loop with ``call_from_thread`` or ``post_message``.
        """
        with self._lock:
            self._watchers.append(on_event)
            on_event(ReaderEvent(ReaderEventKind.READER_ADDED, self.name))
            if self._card is not None:
                on_event(ReaderEvent(ReaderEventKind.INSERTED, self.name, self._card.atr))

    def unwatch(self, on_event: Callable[[ReaderEvent], None]) -> None:
        with self._lock:
            if on_event in self._watchers:
                self._watchers.remove(on_event)

    def _emit(self, event: ReaderEvent) -> None:
        for watcher in list(self._watchers):
            try:
                watcher(event)
            except Exception:
                # One faulty watcher must not stop the others from hearing about the card.
                log.exception("reader event watcher failed")

    def insert(self, citizen: str, profile: str | None = None, faults: Faults | None = None) -> EmulatedCard:
        """Put a new card of ``citizen`` in (removing any card already there)."""
        person = find_citizen(citizen)
        card = EmulatedCard(profile or person.profile, person, faults)
        with self._lock:
            if self._card is not None:
                self._remove_locked()
            self._card = card
            self._emit(ReaderEvent(ReaderEventKind.INSERTED, self.name, card.atr))
        return card

    def remove(self) -> None:
        with self._lock:
            if self._card is not None:
                self._remove_locked()

    def _remove_locked(self) -> None:
        assert self._card is not None
        self._card.pull()
        self._card = None
        self._emit(ReaderEvent(ReaderEventKind.REMOVED, self.name))

    @property
    def card(self) -> EmulatedCard | None:
        return self._card

    def transport(self) -> Transport:
        """A connection to the card in the reader; raises NoCard when the reader is empty."""
        with self._lock:
            if self._card is None or not self._card.present:
                raise NoCard(f"no card in {self.name}")
            return InProcessTransport(self._card)
