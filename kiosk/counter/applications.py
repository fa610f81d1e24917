"""The applications desk headless: which applications a clerk lists, and the checks on a decision.

The portal lists and records (with the clerk's id and the note, shown to the citizen in the history); this
module only keeps the filter the clerk chose and refuses a rejection without a reason before anything is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kiosk.counter.typed import TypedWrong

StatusFilter = Literal["pending", "submitted", "in_progress", "awaiting_payment", "approved", "rejected"]
STATUS_FILTERS: tuple[StatusFilter, ...] = (
    "pending",
    "submitted",
    "in_progress",
    "awaiting_payment",
    "approved",
    "rejected",
)
"""The filters offered, in the order their buttons show; 'pending' (received or in progress) comes first."""
Decision = Literal["approved", "rejected", "in_progress"]
DECISIONS: tuple[Decision, ...] = ("approved", "rejected", "in_progress")
MIN_REASON = 3
MAX_NOTE = 500


@dataclass(frozen=True)
class ApplicationFilter:
    status: StatusFilter = "pending"
    service: str = ""
    """A service code (as the catalog writes it) or empty for every service."""

    def query(self) -> tuple[str, str | None]:
        """The status and service to ask the portal for; no service means every service."""
        return self.status, self.service.strip().upper() or None


def checked_note(decision: Decision, note: str) -> str:
    """The note to record with the decision: a rejection needs its reason (the citizen reads it)."""
    cleaned = " ".join(note.split())
    if decision == "rejected" and len(cleaned) < MIN_REASON:
        raise TypedWrong("counter.applications.reason_needed", least=MIN_REASON)
    if len(cleaned) > MAX_NOTE:
        raise TypedWrong("counter.applications.note_too_long", most=MAX_NOTE)
    return cleaned
