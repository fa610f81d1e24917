"""The card reader and the citizen card in it: watch, demo cards, identity, photo, PIN tries, pinpad, signing.

Every method that talks to the card blocks (APDUs over PC/SC): call it from a thread worker, never on the loop.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from kiosk.config import Settings
from kiosk.session import CitizenSession

if TYPE_CHECKING:
    from kiosk.card.cache import IdentityCache
    from kiosk.card.events import ReaderEvent
    from kiosk.card.identity import Address, AuthResult, Photo
    from kiosk.card.monitor import PcscMonitor
    from kiosk.card.pins import PinTries
    from kiosk.card.session import CardSession
    from kiosk.card.simulated import SimulatedReader

log = logging.getLogger(__name__)


class CardService:
    """One per kiosk. Its lock guards only what it makes on first use (the simulated reader, the cache)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.reader: SimulatedReader | None = None
        self._cache: IdentityCache | None = None
        self._monitor: PcscMonitor | None = None
        self._demo_turn = 0
        self._lock = threading.Lock()
        self.on_read: Callable[[Sequence[str], CitizenSession | None], None] | None = None
        """Told of each read of personal data (identity, photo, address) with the person's session: the
        kiosk reports it to the portal's audit trail (kiosk/services/card_reads.py)."""

    @property
    def simulated(self) -> bool:
        """The demo's in-process reader, rather than PC/SC readers."""
        return self.settings.card.reader == "simulated"

    def _simulated_reader(self) -> SimulatedReader:
        # Made on first use, from whichever thread comes first (the reader watch or a demo card press),
        # so its import stays off the start-up path and a press never finds it missing.
        with self._lock:
            if self.reader is None:
                from kiosk.card.simulated import SimulatedReader

                self.reader = SimulatedReader()
            return self.reader

    def _identity_cache(self) -> IdentityCache:
        with self._lock:
            if self._cache is None:
                from kiosk.card.cache import IdentityCache

                self._cache = IdentityCache()
            return self._cache

    # --- the reader ------------------------------------------------------------------------------------------

    def watches(self, reader: str) -> bool:
        """Whether this terminal listens to ``reader``: the one kiosk.toml names (by name or by the start of its
        name, the rule PcscTransport opens it by), or any with "auto" or the simulated reader.

        A kiosk and a counter alike: a card in another reader on the same machine (a clerk's second reader, a
        reader for something else) neither opens a session nor signs anyone in, and its removal ends nothing.
        """
        configured = self.settings.card.reader
        return configured in ("auto", "simulated") or reader == configured or reader.startswith(configured)

    def start_reader(self, on_event: Callable[[ReaderEvent], None]) -> None:
        """Watch the configured reader; events arrive on another thread."""

        def forward(event: ReaderEvent) -> None:
            if not self.watches(event.reader):
                log.debug("reader event from a reader not configured: ignored")
                return
            if event.kind in ("removed", "reader_removed"):
                self.forget_card()  # before anyone hears of it: nothing of this card outlives it
            log.info("reader event: %s", event.kind)
            on_event(event)

        if not self.simulated:
            from kiosk.card.monitor import PcscMonitor

            self._monitor = PcscMonitor(forward)
            self._monitor.start()
            return
        self._simulated_reader().watch(forward)

    def insert_demo_card(self, citizen_id: str | None = None) -> str:
        """Put the next demo citizen's card (or this one's) in the simulated reader; returns the citizen id."""
        from kiosk.card.emulator.citizens import demo_citizens

        if not self.simulated:
            raise RuntimeError('demo cards need the simulated reader ([card] reader = "simulated")')
        if citizen_id is None:
            citizens = demo_citizens()
            with self._lock:
                citizen_id = str(citizens[self._demo_turn % len(citizens)].id)
                self._demo_turn += 1
        self._simulated_reader().insert(citizen_id)
        return citizen_id

    def remove_demo_card(self) -> None:
        if self.reader is not None:
            self.reader.remove()

    def forget_card(self) -> None:
        """The card left or the person's session ended: drop everything read from it."""
        if self._cache is not None:
            self._cache.clear()

    def stop(self) -> None:
        if self._monitor is not None:
            self._monitor.stop()

    def _read(self, what: str, session: CitizenSession | None) -> None:
        """Personal data was just read from the card: tell the audit, which never costs the person the read."""
        if self.on_read is None:
            return
        try:
            self.on_read((what,), session)
        except Exception as error:  # a full disk or a damaged outbox file: the operator hears of it
            log.warning("card read not kept for the audit: %s", type(error).__name__)

    # --- the card (blocking) ---------------------------------------------------------------------------------

    def _open(self, reader_name: str | None) -> CardSession:
        from kiosk.card.session import CardSession

        cache = self._identity_cache()
        if self.simulated:
            return CardSession.open(self._simulated_reader().transport(), cache=cache)
        from kiosk.card.transport import PcscTransport

        return CardSession.open(PcscTransport(reader_name), cache=cache)

    def read_card(self, reader_name: str | None = None) -> CitizenSession:
        """Read the holder's identity (text part only) and open a session."""
        from kiosk.card.errors import CardError

        try:
            with self._open(reader_name) as card:
                identity = card.read_identity()
                profile = card.profile
        except CardError as error:
            log.warning("card read failed: %s (%s)", type(error).__name__, error.message_id)
            raise
        log.info("card read: profile %s", profile)
        session = CitizenSession(holder_name=identity.full_name(), identity=identity, reader=reader_name)
        self._read("identity", session)
        return session

    def read_photo(self, session: CitizenSession) -> Photo | None:
        """The holder's photo, or None when the card has none (a card that fails otherwise raises CardError)."""
        from kiosk.card.errors import FileNotFound

        if session.identity is not None and not session.identity.has_photo:
            return None
        try:
            with self._open(session.reader) as card:
                photo = card.read_photo()
        except FileNotFound:
            return None
        self._read("photo", session)
        return photo

    def pin_tries(self, session: CitizenSession) -> PinTries:
        """Tries left on the authentication PIN, asked without trying a PIN (never consumes a try)."""
        from kiosk.card.identity import PinKind

        with self._open(session.reader) as card:
            return card.pin_tries(PinKind.AUTHENTICATION)

    def address_pin_tries(self, session: CitizenSession) -> PinTries:
        """Tries left on the address PIN, asked without trying a PIN (never consumes a try)."""
        from kiosk.card.identity import PinKind

        with self._open(session.reader) as card:
            return card.pin_tries(PinKind.ADDRESS)

    def read_address(self, session: CitizenSession, pin: bytearray | None) -> Address:
        """The card's address, after the address PIN (None: the reader's pinpad); the PIN buffer is zeroed."""
        try:
            with self._open(session.reader) as card:
                address = card.read_address(pin)
        finally:
            if pin is not None:
                pin[:] = bytes(len(pin))
        self._read("address", session)
        return address

    def has_pinpad(self, session: CitizenSession) -> bool:
        """True when the PIN is typed on the reader's own pad (and kiosk.toml [card] pinpad allows it)."""
        if not self.settings.card.pinpad:
            return False
        with self._open(session.reader) as card:
            return card.has_pinpad

    def sign(self, reader_name: str | None, challenge: bytes, pin: bytearray | None) -> AuthResult:
        """The card signs the portal's challenge with its authentication key; the PIN buffer is zeroed."""
        try:
            with self._open(reader_name) as card:
                return card.authenticate(challenge, pin)
        finally:
            if pin is not None:
                pin[:] = bytes(len(pin))
