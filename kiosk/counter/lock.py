"""When the desk locks itself: after ``lock_seconds`` without a key or a touch while a clerk is signed in.

A locked desk shows nothing of the citizen being served or the queue's tickets; the clerk's password unlocks it
(checked by the portal, never on the terminal). Time comes in as an argument so tests need no sleeping.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class IdleLock:
    lock_seconds: float
    last_touch: float = 0.0
    locked: bool = False

    def touch(self, now: float) -> None:
        """A key or a touch: the clerk is there."""
        if not self.locked:
            self.last_touch = now

    def due(self, now: float) -> bool:
        """True once, at the moment the desk should lock."""
        if self.locked or now - self.last_touch < self.lock_seconds:
            return False
        self.locked = True
        return True

    def lock(self) -> None:
        """Locked by the clerk's own key (stepping away)."""
        self.locked = True

    def unlock(self, now: float) -> None:
        self.locked = False
        self.last_touch = now
