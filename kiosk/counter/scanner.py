"""Telling a USB scanner from a person at the keyboard: a scanner "types" a whole seal in a fast burst.

A scanner sends the QR code's text as key presses a few milliseconds apart, usually ending with Enter; a person
types a key every hundred milliseconds or more. :class:`ScanBurst` collects printable keys wherever the focus
is, and says when a burst is complete: at its Enter, or after a short pause for scanners set up without one.
Times come in as arguments (seconds, monotonic) so tests need no clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field

BURST_GAP_SECONDS = 0.05
"""Keys closer than this belong to one burst: no person types 20 keys a second for long."""
END_PAUSE_SECONDS = 0.3
"""A burst that stops this long without Enter is complete (a scanner set up with no suffix)."""
MIN_BURST_LENGTH = 8
"""Shorter fast runs are a person's fumble, not a scan (the shortest thing scanned, an access code, has 12)."""


@dataclass
class ScanBurst:
    keys: list[str] = field(default_factory=list)
    last_key_at: float | None = None
    slow: bool = False
    """A gap longer than BURST_GAP_SECONDS happened: this is a person typing."""

    def key(self, character: str, now: float) -> None:
        if self.last_key_at is not None and now - self.last_key_at > BURST_GAP_SECONDS:
            if len(self.keys) < MIN_BURST_LENGTH:
                self.keys.clear()  # a person's keys before a scan starts are not part of it
            self.slow = True
        if not self.keys:
            self.slow = False
        self.keys.append(character)
        self.last_key_at = now

    @property
    def scanned(self) -> bool:
        """What was collected came in one fast burst, long enough to be a scan, and reads as what a scanner
        reads: a seal or an access code. Other fast text (a password manager, key repeat) is a person's."""
        return not self.slow and len(self.keys) >= MIN_BURST_LENGTH and _scannable("".join(self.keys))

    def enter(self) -> str | None:
        """Enter arrived: the scanned text when it was a burst, else None (a person's Enter)."""
        text = "".join(self.keys) if self.scanned else None
        self.reset()
        return text

    def paused(self, now: float) -> str | None:
        """Called on a timer: the scanned text once a burst has stopped without Enter, else None."""
        if self.last_key_at is None or now - self.last_key_at < END_PAUSE_SECONDS:
            return None
        text = "".join(self.keys) if self.scanned else None
        self.reset()
        return text

    def reset(self) -> None:
        self.keys.clear()
        self.last_key_at = None
        self.slow = False


def _scannable(text: str) -> bool:
    from kiosk.counter.access_code import access_code_problem
    from kiosk.verify_input import InputKind, read_input  # with the seal code: only once a burst comes

    read = read_input(text)
    if read.kind is InputKind.ACCESS_CODE:
        # A held key repeats fast enough to look like a scanner; no scanner reads what cannot be a code.
        return access_code_problem(read.text) is None
    return read.kind is not InputKind.UNKNOWN
