"""One conversation with one inserted card: detect its profile, read it, sign, forget.

Everything read is cached in this object and wiped by :meth:`CardSession.close`; given an
:class:`~kiosk.card.cache.IdentityCache`, identity, address and photo are also kept there for
the next session on the same card (same serial and security object). A card pulled at any
point raises CardRemoved and leaves no half-read value behind.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol, TypeVar

from kiosk.card.apdu import SW_OK, SW_SECURITY_STATUS, CardChannel
from kiosk.card.cache import CardKey, CardValue, IdentityCache
from kiosk.card.errors import CardError, CardNotSupported, ContactlessOnly, CorruptField
from kiosk.card.identity import Address, AuthResult, Identity, Photo, PinKind, format_atr
from kiosk.card.pins import PinTries
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
    @property
    def where_to_unblock(self) -> str: ...

    def read_identity(self) -> Identity: ...
    def read_photo(self) -> Photo: ...
    def pin_status(self, kind: PinKind) -> int: ...
    def read_address(self, pin: bytearray | None) -> Address: ...
    def authenticate(self, challenge: bytes, pin: bytearray | None) -> AuthResult: ...
    def card_serial(self) -> bytes: ...
    def security_object_digest(self) -> bytes: ...


# ATRs of known cards (cards.md §1.1, §2.1): only a hint of which AID to try first, so a
# recognised card is found with one SELECT; the SELECT AID still decides.
ATR_HINTS = {
    bytes.fromhex("3B FF 96 00 00 81 31 FE 43 80 31 80 65 B0 85 04 01 20 12 0F FF 82 90 00 D0"): "pt-cc1",
    bytes.fromhex("3B FF 96 00 00 81 31 FE 43 80 31 80 65 B0 85 05 00 11 12 0F FF 82 90 00 E1"): "pt-cc2",
    bytes.fromhex("3B 98 13 40 0A A5 03 01 01 01 AD 13 11"): "be-eid",
    bytes.fromhex("3B 7F 96 00 00 80 31 80 65 B0 85 04 01 20 12 0F FF 82 90 00"): "be-eid",
}
CANDIDATES = (("pt-cc1", PT_CC1_AID), ("pt-cc2", PT_CC2_NATIONAL_DATA_AID), ("be-eid", BE_BELPIC_AID))


def detect_profile(channel: CardChannel, atr: bytes) -> ProfileCard:
    """Find the card's profile by SELECT AID; the ATR only orders the tries (and is logged)."""
    if atr == PT_CC2_CONTACTLESS_ATR:
        raise ContactlessOnly(f"contactless CC2, ATR {format_atr(atr)}")
    hinted = ATR_HINTS.get(atr)
    for profile, aid in sorted(CANDIDATES, key=lambda candidate: candidate[0] != hinted):
        if channel.select_aid(aid).sw in PRESENT:
            return profile_card(profile, channel, atr)
    log.warning("card not supported; ATR %s", format_atr(atr))
    raise CardNotSupported(atr)


def profile_card(profile: str, channel: CardChannel, atr: bytes) -> ProfileCard:
    if profile == "pt-cc1":
        from kiosk.card.profiles.pt_cc1 import PtCc1Card

        return PtCc1Card(channel, atr)
    if profile == "pt-cc2":
        from kiosk.card.profiles.pt_cc2 import PtCc2Card

        return PtCc2Card(channel, atr)
    from kiosk.card.profiles.be_eid import BeEidCard

    return BeEidCard(channel, atr)


class CardSession:
    """Reads one card; use :meth:`open`, and :meth:`close` (or ``with``) when done."""

    def __init__(
        self,
        transport: Transport,
        card: ProfileCard,
        channel: CardChannel,
        cache: IdentityCache | None = None,
    ) -> None:
        self._transport = transport
        self._card = card
        self._channel = channel
        self._cache = cache
        self._identity: Identity | None = None
        self._photo: Photo | None = None
        self._serial: bytes | None = None
        self._card_key: CardKey | None = None
        self._pinpad: bool | None = None

    @classmethod
    def open(cls, transport: Transport, cache: IdentityCache | None = None) -> CardSession:
        """Detect the card's profile; ``cache`` (held by the kiosk session) spares re-reads."""
        channel = CardChannel(transport)
        return cls(transport, detect_profile(channel, transport.atr), channel, cache)

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

    def card_key(self) -> CardKey:
        """Serial and security object digest: what proves the card is the one cached."""
        if self._card_key is None:
            digest = self._guard("security_object", self._card.security_object_digest)
            self._card_key = CardKey(self.profile, self.card_serial(), digest)
        return self._card_key

    def _through_cache(self, kind: type[CardValue], operation: str, read: Callable[[], CardValue]) -> CardValue:
        """Serve ``kind`` from the shared cache when the card matches, else read and keep it."""
        if self._cache is None:
            return self._guard(operation, read)
        key = self.card_key()
        cached = self._cache.recall(key, kind)
        if cached is not None:
            return cached
        value = self._guard(operation, read)
        # Stored only once completely read and parsed: a pulled card leaves nothing behind.
        self._cache.remember(key, value)
        return value

    def read_identity(self) -> Identity:
        """The text part of the identity; read once, then served from the cache(s)."""
        if self._identity is None:
            self._identity = self._through_cache(Identity, "identity", self._card.read_identity)
        return self._identity

    def read_photo(self) -> Photo:
        if self._photo is None:
            self._photo = self._through_cache(Photo, "photo", self._card.read_photo)
        return self._photo

    def pin_status(self, pin: PinKind) -> int:
        """Tries left for that PIN; never tries a PIN."""
        return self._card.pin_status(pin)

    def pin_tries(self, pin: PinKind) -> PinTries:
        """Tries left with the warning to show before asking: ``.last_try``, ``.message_id``."""
        return PinTries(pin, self._card.pin_status(pin), self._card.where_to_unblock)

    @property
    def has_pinpad(self) -> bool:
        """True when the reader offers VERIFY_PIN_DIRECT: pass ``pin=None`` to use it."""
        if self._pinpad is None:
            from kiosk.card.pinpad import transport_pinpad

            self._pinpad = transport_pinpad(self._transport) is not None
        return self._pinpad

    def read_address(self, pin: bytearray | None) -> Address:
        """Verify the address PIN and read the address; the PIN bytes are zeroed after use.

        ``pin=None`` lets the citizen type the PIN on the reader's pinpad. With a shared cache
        holding this very card's address (the PIN was verified for it earlier in the kiosk
        session), the address comes from the cache and no PIN is sent.
        """
        try:
            return self._through_cache(Address, "address", lambda: self._card.read_address(pin))
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
        if self._serial is None:
            self._serial = self._card.card_serial()
        return self._serial

    def close(self) -> None:
        """Forget everything this session read and release the card.

        A shared cache is left alone: the kiosk clears it when the card leaves the reader.
        """
        self._identity = None
        self._photo = None
        self._serial = None
        self._card_key = None
        self._transport.close()
