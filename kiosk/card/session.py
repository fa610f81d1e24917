"""One conversation with one inserted card: detect its profile, read it, sign, forget.

Everything read is cached only in this object and wiped by :meth:`CardSession.close`; a card
pulled at any point raises CardRemoved and leaves no half-read value behind.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol, TypeVar

from kiosk.card.apdu import SW_OK, SW_SECURITY_STATUS, CardChannel
from kiosk.card.errors import CardError, CardNotSupported, ContactlessOnly, CorruptField
from kiosk.card.identity import Address, AuthResult, Identity, Photo, PinKind, format_atr
from kiosk.card.transport import Transport

log = logging.getLogger(__name__)
T = TypeVar("T")

PT_CC1_AID = bytes.fromhex("604632FF000002")
PT_CC2_NATIONAL_DATA_AID = bytes.fromhex("604632FF000005")
BE_BELPIC_AID = bytes.fromhex("A0 00 00 00 30 29 05 70 00 AD 13 10 01 01 FF")
PT_CC2_CONTACTLESS_ATR = bytes.fromhex("3B 8F 80 01 80 31 80 65 B0 85 05 00 11 12 0F FF 82 90 00 8B")
# A SELECT answered 6982 means "the application is there but wants PACE first" (cards.md §1.2).
PRESENT = (SW_OK, SW_SECURITY_STATUS)


class ProfileCard(Protocol):
    """What each profile implementation offers the session."""

    @property
    def profile(self) -> str: ...
    @property
    def address_needs_pin(self) -> bool: ...

    def read_identity(self) -> Identity: ...
    def read_photo(self) -> Photo: ...
    def pin_status(self, kind: PinKind) -> int: ...
    def read_address(self, pin: bytearray | None) -> Address: ...
    def authenticate(self, challenge: bytes, pin: bytearray | None) -> AuthResult: ...
    def card_serial(self) -> bytes: ...


def detect_profile(channel: CardChannel, atr: bytes) -> ProfileCard:
    """Find the card's profile by SELECT AID; the ATR is only logged."""
    if atr == PT_CC2_CONTACTLESS_ATR:
        raise ContactlessOnly(f"contactless CC2, ATR {format_atr(atr)}")
    if channel.select_aid(PT_CC1_AID).sw in PRESENT:
        from kiosk.card.profiles.pt_cc1 import PtCc1Card

        return PtCc1Card(channel, atr)
    if channel.select_aid(PT_CC2_NATIONAL_DATA_AID).sw in PRESENT:
        from kiosk.card.profiles.pt_cc2 import PtCc2Card

        return PtCc2Card(channel, atr)
    if channel.select_aid(BE_BELPIC_AID).sw in PRESENT:
        from kiosk.card.profiles.be_eid import BeEidCard

        return BeEidCard(channel, atr)
    log.warning("card not supported; ATR %s", format_atr(atr))
    raise CardNotSupported(atr)


class CardSession:
    """Reads one card; use :meth:`open`, and :meth:`close` (or ``with``) when done."""

    def __init__(self, transport: Transport, card: ProfileCard, channel: CardChannel) -> None:
        self._transport = transport
        self._card = card
        self._channel = channel
        self._identity: Identity | None = None
        self._photo: Photo | None = None
        self._cache_key: bytes | None = None
        self._pinpad: bool | None = None

    @classmethod
    def open(cls, transport: Transport) -> CardSession:
        channel = CardChannel(transport)
        return cls(transport, detect_profile(channel, transport.atr), channel)

    def __enter__(self) -> CardSession:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def profile(self) -> str:
        return self._card.profile

    @property
    def address_needs_pin(self) -> bool:
        """False for Belgian cards, whose address is free to read."""
        return self._card.address_needs_pin

    @property
    def atr(self) -> bytes:
        return self._transport.atr

    @property
    def apdu_count(self) -> int:
        """APDUs sent so far in this session (benchmarks and tests count them)."""
        return self._channel.apdu_count

    def _guard(self, operation: str, read: Callable[[], T]) -> T:
        try:
            return read()
        except CardError:
            raise
        except (IndexError, ValueError) as error:
            # A parser met data it did not expect: report it as a corrupt card, not a crash.
            raise CorruptField(operation, type(error).__name__) from error

    def read_identity(self) -> Identity:
        """The text part of the identity; read once, then served from this session's cache."""
        if self._identity is None:
            self._identity = self._guard("identity", self._card.read_identity)
        return self._identity

    def read_photo(self) -> Photo:
        if self._photo is None:
            self._photo = self._guard("photo", self._card.read_photo)
        return self._photo

    def pin_status(self, pin: PinKind) -> int:
        """Tries left for that PIN; never tries a PIN."""
        return self._card.pin_status(pin)

    @property
    def has_pinpad(self) -> bool:
        """True when the reader offers VERIFY_PIN_DIRECT: pass ``pin=None`` to use it."""
        if self._pinpad is None:
            from kiosk.card.pinpad import transport_pinpad

            self._pinpad = transport_pinpad(self._transport) is not None
        return self._pinpad

    def read_address(self, pin: bytearray | None) -> Address:
        """Verify the address PIN and read the address; the PIN bytes are zeroed after use.

        ``pin=None`` lets the citizen type the PIN on the reader's pinpad.
        """
        try:
            return self._guard("address", lambda: self._card.read_address(pin))
        finally:
            if pin is not None:
                pin[:] = bytes(len(pin))

    def authenticate(self, challenge: bytes, pin: bytearray | None) -> AuthResult:
        """Sign ``challenge`` with the authentication key; zeroes the PIN bytes after use.

        The signature covers SHA-256(challenge): PKCS#1 v1.5 for RSA cards, DER-encoded
        ECDSA for EC cards. ``pin=None`` uses the reader's pinpad.
        """
        try:
            return self._guard("authentication", lambda: self._card.authenticate(challenge, pin))
        finally:
            if pin is not None:
                pin[:] = bytes(len(pin))

    def card_serial(self) -> bytes:
        if self._cache_key is None:
            self._cache_key = self._card.card_serial()
        return self._cache_key

    def close(self) -> None:
        """Forget everything read and release the card."""
        self._identity = None
        self._photo = None
        self._cache_key = None
        self._transport.close()
