"""Watches pcscd for readers and cards, and reports changes as ReaderEvents from a thread.

Built on SCardGetStatusChange with the PnP pseudo-reader, so hot-plugged readers wake the
wait. pcsc-lite keeps an event counter in the upper 16 bits of each reader's state: a fast
remove-and-insert between two waits is still seen as a removal followed by an insertion.
When pcscd goes away (restart, crash) the context is dropped and re-established, and the
readers that vanished in between are reported as removed.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kiosk.card.events import ReaderEvent, ReaderEventKind

log = logging.getLogger(__name__)

PNP_READER = "\\\\?PnP?\\Notification"
WAIT_MS = 1000
RETRY_SECONDS = 0.5


@dataclass
class _ReaderState:
    state: int  # last dwEventState fed back to SCardGetStatusChange
    present: bool
    events: int  # pcsc-lite's event counter (upper 16 bits of the state)


class PcscMonitor:
    """``PcscMonitor(on_event).start()``; ``stop()`` ends the thread within a second."""

    def __init__(self, on_event: Callable[[ReaderEvent], None]) -> None:
        self._on_event = on_event
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._context: Any = None
        self._readers: dict[str, _ReaderState] = {}
        self.restarts = 0  # how many times the PC/SC context was re-established

    def start(self) -> PcscMonitor:
        self._thread = threading.Thread(target=self._run, name="pcsc-monitor", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        context = self._context
        if context is not None:
            from smartcard import scard

            scard.SCardCancel(context)
        if self._thread is not None:
            self._thread.join(timeout=5)

    @property
    def readers(self) -> list[str]:
        return sorted(self._readers)

    def _emit(self, kind: ReaderEventKind, reader: str, atr: bytes = b"") -> None:
        try:
            self._on_event(ReaderEvent(kind, reader, atr))
        except Exception:
            log.exception("reader event handler failed")

    def _run(self) -> None:
        from smartcard import scard

        while not self._stop.is_set():
            result, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
            if result != scard.SCARD_S_SUCCESS:
                self._forget_all()
                self._stop.wait(RETRY_SECONDS)
                continue
            self._context = context
            try:
                self._watch(context)
            finally:
                self._context = None
                scard.SCardReleaseContext(context)
            if not self._stop.is_set():
                self.restarts += 1
                log.warning("lost pcscd; reconnecting")
                self._stop.wait(RETRY_SECONDS)

    def _forget_all(self) -> None:
        for reader in list(self._readers):
            self._drop_reader(reader)

    def _drop_reader(self, reader: str) -> None:
        state = self._readers.pop(reader)
        if state.present:
            self._emit(ReaderEventKind.REMOVED, reader)
        self._emit(ReaderEventKind.READER_REMOVED, reader)

    def _sync_readers(self, context: Any) -> bool:
        """Refresh the reader list; False when pcscd is gone."""
        from smartcard import scard

        result, names = scard.SCardListReaders(context, [])
        if result == scard.SCARD_E_NO_READERS_AVAILABLE:
            names = []
        elif result != scard.SCARD_S_SUCCESS:
            return False
        for reader in [name for name in self._readers if name not in names]:
            self._drop_reader(reader)
        for reader in names:
            if reader not in self._readers:
                self._readers[reader] = _ReaderState(scard.SCARD_STATE_UNAWARE, False, -1)
                self._emit(ReaderEventKind.READER_ADDED, reader)
        return True

    def _watch(self, context: Any) -> None:
        from smartcard import scard

        pnp_state = scard.SCARD_STATE_UNAWARE
        if not self._sync_readers(context):
            return
        while not self._stop.is_set():
            query = [(name, state.state) for name, state in self._readers.items()]
            query.append((PNP_READER, pnp_state))
            result, answers = scard.SCardGetStatusChange(context, WAIT_MS, query)
            if result in (scard.SCARD_E_TIMEOUT, scard.SCARD_E_CANCELLED):
                continue
            if result != scard.SCARD_S_SUCCESS:
                log.info("SCardGetStatusChange failed: %08X", result & 0xFFFFFFFF)
                self._forget_all()
                return
            reader_list_changed = False
            for name, event_state, atr in answers:
                if name == PNP_READER:
                    if event_state & scard.SCARD_STATE_CHANGED:
                        reader_list_changed = True
                    pnp_state = event_state & ~scard.SCARD_STATE_CHANGED
                    continue
                self._reader_changed(name, event_state, bytes(atr))
            if reader_list_changed and not self._sync_readers(context):
                self._forget_all()
                return

    def _reader_changed(self, name: str, event_state: int, atr: bytes) -> None:
        from smartcard import scard

        known = self._readers.get(name)
        if known is None:
            return
        if event_state & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_IGNORE):
            self._drop_reader(name)
            return
        present = bool(event_state & scard.SCARD_STATE_PRESENT) and not (event_state & scard.SCARD_STATE_MUTE)
        counter = (event_state >> 16) & 0xFFFF
        if present and known.present and known.events >= 0 and counter - known.events >= 2:
            # Pulled and reinserted between two waits: tell both halves.
            self._emit(ReaderEventKind.REMOVED, name)
            self._emit(ReaderEventKind.INSERTED, name, atr)
        elif present and not known.present:
            self._emit(ReaderEventKind.INSERTED, name, atr)
        elif not present and known.present:
            self._emit(ReaderEventKind.REMOVED, name)
        known.state = event_state & ~scard.SCARD_STATE_CHANGED
        known.present = present
        known.events = counter
