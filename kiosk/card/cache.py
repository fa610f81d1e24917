"""What was read from the card in the reader, kept across card sessions of one kiosk session.

A citizen's visit opens several :class:`~kiosk.card.session.CardSession` objects (identity on
insertion, the address later, the photo on the receipt...). Re-reading the card each time costs
a real card 25 ms per APDU, so the kiosk session holds one :class:`IdentityCache` and passes it
to ``CardSession.open(transport, cache=...)``. An entry is re-used only when the card proves it
is the same card with the same content: its chip serial AND the digest of its security object
(the SOD on Portuguese cards, the address signature file on Belgian ones, which chains the
identity signature) both match. The kiosk calls :meth:`IdentityCache.clear` when the card
leaves; a different card wipes the previous holder's data at once.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TypeVar

from kiosk.card.identity import Address, Identity, Photo

CardValue = TypeVar("CardValue", Identity, Address, Photo)


@dataclass(frozen=True)
class CardKey:
    """Which card, holding which content: what must match for a cached value to be re-used."""

    profile: str
    serial: bytes
    security_object_digest: bytes = field(repr=False)


class IdentityCache:
    """Identity, address and photo of at most one card; safe to share between threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: CardKey | None = None
        self._values: dict[type, Identity | Address | Photo] = {}

    def recall(self, key: CardKey, kind: type[CardValue]) -> CardValue | None:
        """The cached value of ``kind`` for this very card, or None.

        Asking with another card's key forgets the previous card's data right away, so a
        swapped card never finds the last holder's data still in memory.
        """
        with self._lock:
            if key != self._key:
                self._forget_locked()
                return None
            value = self._values.get(kind)
            return value if isinstance(value, kind) else None

    def remember(self, key: CardKey, value: Identity | Address | Photo) -> None:
        """Keep ``value`` (read completely from the card of ``key``) for later sessions."""
        with self._lock:
            if key != self._key:
                self._forget_locked()
                self._key = key
            self._values[type(value)] = value

    def clear(self) -> None:
        """Forget everything: the kiosk calls this when the card leaves the reader."""
        with self._lock:
            self._forget_locked()

    def _forget_locked(self) -> None:
        self._key = None
        self._values.clear()

    def __len__(self) -> int:
        """How many values are held (tests check that clearing really empties it)."""
        with self._lock:
            return len(self._values)
