"""How many tries a PIN has left, and what to tell the citizen before they type it.

The kiosk asks before every PIN entry (never by trying a PIN): with one try left the citizen
is warned that a mistake blocks the PIN; with none, told where it can be unblocked.
"""

from __future__ import annotations

from dataclasses import dataclass

from kiosk.card.identity import PinKind
from kiosk.card.messages import message

LAST_TRY_MESSAGE = "card.pin_last_try"
BLOCKED_MESSAGE = "card.pin_blocked"


@dataclass(frozen=True)
class PinTries:
    """Tries left for one PIN, read with a command that never consumes a try."""

    kind: PinKind
    tries_left: int
    where_to_unblock: str  # message id of the place, e.g. "where.pt"

    @property
    def blocked(self) -> bool:
        return self.tries_left == 0

    @property
    def last_try(self) -> bool:
        """True when one wrong PIN now would block it: show the warning before asking."""
        return self.tries_left == 1

    @property
    def message_id(self) -> str | None:
        """The warning to show before asking for the PIN, or None when there is nothing to say."""
        if self.blocked:
            return BLOCKED_MESSAGE
        if self.last_try:
            return LAST_TRY_MESSAGE
        return None

    def user_message(self, language: str = "en") -> str | None:
        if self.message_id is None:
            return None
        return message(self.message_id, language, where=self.where_to_unblock)
