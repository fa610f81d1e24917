"""Printer status as the journey sees it: can it print now, and what to tell the citizen."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum


class PrinterState(StrEnum):
    READY = "ready"
    NO_PAPER = "no-paper"
    JAM = "jam"
    DOOR_OPEN = "door-open"
    OFFLINE = "offline"


_MESSAGE_IDS = {
    PrinterState.READY: "printer.ready",
    PrinterState.NO_PAPER: "printer.no_paper",
    PrinterState.JAM: "printer.jam",
    PrinterState.DOOR_OPEN: "printer.door_open",
    PrinterState.OFFLINE: "printer.offline",
}

# IPP printer-state-reasons keywords (RFC 8011 §5.4.12), without the
# -report/-warning/-error suffix, mapped to what stops a print. Order matters:
# the first match wins, so the most specific fault is named.
_BLOCKING_REASONS = (
    ("media-jam", PrinterState.JAM),
    ("media-empty", PrinterState.NO_PAPER),
    ("media-needed", PrinterState.NO_PAPER),
    ("door-open", PrinterState.DOOR_OPEN),
    ("cover-open", PrinterState.DOOR_OPEN),
    ("offline", PrinterState.OFFLINE),
    ("shutdown", PrinterState.OFFLINE),
    ("paused", PrinterState.OFFLINE),
    ("stopped", PrinterState.OFFLINE),
)


def _keyword(reason: str) -> str:
    for suffix in ("-report", "-warning", "-error"):
        if reason.endswith(suffix):
            return reason.removesuffix(suffix)
    return reason


@dataclass(frozen=True)
class PrinterStatus:
    """``message_id`` is a key of printing.texts, so the UI shows it in the citizen's language."""

    target_name: str
    state: PrinterState
    reasons: tuple[str, ...] = field(default=())
    detail: str = ""
    """Operator-facing detail (an errno, a CUPS message); never shown to citizens."""

    @property
    def can_print(self) -> bool:
        return self.state is PrinterState.READY

    @property
    def message_id(self) -> str:
        return _MESSAGE_IDS[self.state]


def state_from_reasons(reasons: Iterable[str], *, stopped: bool = False) -> PrinterState:
    """The state a set of printer-state-reasons means for the citizen.

    Warnings such as ``toner-low`` or ``marker-waste-full`` leave the printer
    READY: the page still comes out. ``stopped`` is printer-state 5.
    """
    keywords = {_keyword(reason) for reason in reasons}
    for keyword, state in _BLOCKING_REASONS:
        if keyword in keywords:
            return state
    return PrinterState.OFFLINE if stopped else PrinterState.READY
